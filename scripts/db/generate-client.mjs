// `prisma generate` without network: the CLI wants a schema-engine binary path even though generation does
// not use it. Where a real engine is available (PRISMA_SCHEMA_ENGINE_BINARY already set), that one is used.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const env = { ...process.env };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.join(here, 'schema-engine-stub.sh');
env.PRISMA_HIDE_UPDATE_MESSAGE = 'true';
const result = spawnSync('npx', ['--no-install', 'prisma', 'generate'], {
  stdio: 'inherit',
  env,
  cwd: path.join(here, '..', '..'),
});
process.exit(result.status ?? 1);
