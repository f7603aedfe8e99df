// Imported first by main.ts and instrumentation.ts: `.env` (or ENV_FILE) fills in the environment before anything
// reads it. Variables already set in the real environment win; Node's parser never overwrites them.
const DEFAULT_ENV_FILE = '.env';

function isMissingFile(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

/** `.env` is optional; an ENV_FILE named on purpose must exist. `ENV_FILE=` (empty) reads no file at all. */
export function loadEnvFile(file = process.env.ENV_FILE ?? DEFAULT_ENV_FILE): void {
  if (file === '') return;
  try {
    process.loadEnvFile(file);
  } catch (error) {
    if (isMissingFile(error) && file === DEFAULT_ENV_FILE) return;
    console.error(`ENV_FILE: cannot read ${file}: ${(error as Error).message}`);
    process.exit(1);
  }
}

loadEnvFile();
