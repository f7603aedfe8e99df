import { Test, type TestingModule } from '@nestjs/testing';
import { buildUser } from '../../support/factories.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';
import { UserNotifierModule } from '../../../src/common/user-notifier.module.js';
import { loadConfig } from '../../../src/config/app-config.js';
import { ConfigModule } from '../../../src/config/config.module.js';
import type { Prisma } from '../../../src/generated/prisma/client.js';
import { DatabaseModule } from '../../../src/infra/database/database.module.js';
import { MetricsModule } from '../../../src/infra/metrics/metrics.module.js';
import { PrismaService } from '../../../src/infra/database/prisma.service.js';
import { RedisModule } from '../../../src/infra/redis/redis.module.js';
import { HealthModule } from '../../../src/health/health.module.js';
import { JobExecutor, UNEXPECTED_JOB_ERROR } from '../../../src/jobs/job-executor.js';
import { JOB_HANDLERS, JobFailure, type JobHandler } from '../../../src/jobs/job-handler.js';
import { JobsModule } from '../../../src/jobs/jobs.module.js';

// Handler kinds that exist only here, registered by overriding the handler list.
const handlers: JobHandler[] = [
  { kind: 'echo', run: async (input: Prisma.JsonValue) => ({ echoed: input }) },
  {
    kind: 'leaky',
    run: async () => {
      throw new Error('relation "secret_table" does not exist at /srv/hearth/dist/x.js:12');
    },
  },
  {
    kind: 'polite',
    run: async () => {
      throw new JobFailure('Nothing to do for this input.');
    },
  },
];

describe('JobExecutor', () => {
  let database: TestDatabase;
  let moduleRef: TestingModule;
  let executor: JobExecutor;
  let prisma: PrismaService;

  beforeAll(async () => {
    database = await createTestDatabase();
    const config = loadConfig({ ...process.env, DATABASE_URL: database.url, REDIS_URL: '' });
    moduleRef = await Test.createTestingModule({
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule,
        MetricsModule,
        HealthModule,
        RedisModule,
        UserNotifierModule,
        JobsModule,
      ],
    })
      .overrideProvider(JOB_HANDLERS)
      .useValue(handlers)
      .compile();
    executor = moduleRef.get(JobExecutor);
    prisma = moduleRef.get(PrismaService);
  });
  afterAll(async () => {
    await moduleRef.close();
    await database.drop();
  });

  async function run(kind: string) {
    const owner = await buildUser(prisma);
    const job = await prisma.job.create({ data: { ownerId: owner.id, kind, input: { n: 1 } } });
    await executor.run(job.id);
    return prisma.job.findUniqueOrThrow({ where: { id: job.id } });
  }

  it('stores the result of a job that succeeds', async () => {
    expect(await run('echo')).toMatchObject({ status: 'ok', result: { echoed: { n: 1 } }, error: null });
  });

  it('reports an unexpected failure with a generic message, never the error itself', async () => {
    expect(await run('leaky')).toMatchObject({ status: 'error', error: UNEXPECTED_JOB_ERROR, result: null });
  });

  it("reports a handler's own JobFailure message", async () => {
    expect(await run('polite')).toMatchObject({ status: 'error', error: 'Nothing to do for this input.' });
  });

  it('fails a job of an unknown kind and keeps the first outcome when a job is delivered twice', async () => {
    const job = await run('vanished');
    expect(job).toMatchObject({ status: 'error', error: UNEXPECTED_JOB_ERROR });
    await prisma.job.update({ where: { id: job.id }, data: { kind: 'echo' } });
    await executor.run(job.id);
    expect(await prisma.job.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({ status: 'error' });
  });
});
