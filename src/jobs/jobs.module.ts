// Owns background jobs: the `jobs` table, the runner (BullMQ or in-process) and the job kinds.
import { Module, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { PrismaService } from '../infra/database/prisma.service.js';
import { Metrics } from '../infra/metrics/metrics.js';
import { RedisConnections } from '../infra/redis/redis-connections.js';
import { PostsModule } from '../posts/posts.module.js';
import { BullMqJobRunner } from './bullmq.job-runner.js';
import { InProcessJobRunner } from './in-process.job-runner.js';
import { JobExecutor } from './job-executor.js';
import { JOB_HANDLERS } from './job-handler.js';
import { JobRunner } from './job-runner.js';
import { JobsController } from './jobs.controller.js';
import { JobsService } from './jobs.service.js';
import { SearchPostsJob } from './search-posts.job.js';

// Searches posts through PostsModule; writes nothing but jobs. Owners hear of finished jobs through UserNotifier.
@Module({
  imports: [PostsModule],
  controllers: [JobsController],
  providers: [
    JobsService,
    JobExecutor,
    SearchPostsJob,
    { provide: JOB_HANDLERS, useFactory: (search: SearchPostsJob) => [search], inject: [SearchPostsJob] },
    {
      provide: JobRunner,
      useFactory: (
        redis: RedisConnections,
        executor: JobExecutor,
        prisma: PrismaService,
        config: AppConfig,
      ) =>
        redis.enabled
          ? new BullMqJobRunner(redis, executor, config)
          : new InProcessJobRunner(executor, prisma, config),
      inject: [RedisConnections, JobExecutor, PrismaService, APP_CONFIG],
    },
  ],
})
export class JobsModule implements OnModuleInit {
  constructor(
    private readonly runner: JobRunner,
    private readonly metrics: Metrics,
  ) {}

  onModuleInit(): void {
    this.metrics.observeJobQueue(() => this.runner.depth());
  }
}
