import { z } from 'zod';

// The one typed view of the environment. Every variable is listed in .env.example; a bad value stops the
// process at start with a message that names the variable.
const booleanString = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

// Unset and empty both mean "not configured".
const optionalUrl = z.preprocess(
  (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
  z.string().trim().url().optional(),
);

const environmentSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PUBLIC_URL: optionalUrl,
  TRUST_PROXY: booleanString.default(false),
  BODY_LIMIT_BYTES: z.coerce.number().int().positive().default(1_048_576),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),

  DATABASE_URL: optionalUrl,
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().positive().default(15_000),
  DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().positive().default(3_000),
  EMBEDDED_DATABASE_DIR: z.string().default('.data/postgres'),
  EMBEDDED_DATABASE_PORT: z.coerce.number().int().min(1).max(65535).default(54320),
  MIGRATE_ON_START: booleanString.optional(),
  SEED_DEMO_DATA: booleanString.optional(),

  REDIS_URL: optionalUrl,
  REDIS_KEY_PREFIX: z.string().default('hearth:'),
});

export type Environment = z.infer<typeof environmentSchema>;

export interface AppConfig {
  readonly env: Environment['NODE_ENV'];
  readonly isProduction: boolean;
  readonly http: {
    readonly host: string;
    readonly port: number;
    readonly publicUrl: string;
    readonly trustProxy: boolean;
    readonly bodyLimitBytes: number;
    readonly shutdownTimeoutMs: number;
  };
  readonly logLevel: Environment['LOG_LEVEL'];
  readonly database: {
    /** Absent: an embedded PostgreSQL is started under `embeddedDir`. */
    readonly url?: string;
    readonly poolSize: number;
    readonly statementTimeoutMs: number;
    readonly connectTimeoutMs: number;
    readonly embeddedDir: string;
    readonly embeddedPort: number;
    readonly migrateOnStart: boolean;
    readonly seedDemoData: boolean;
  };
  readonly redis: { readonly url?: string; readonly keyPrefix: string };
}

export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid configuration:\n${issues.map((issue) => `  - ${issue}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(source: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = environmentSchema.safeParse(source);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const e = parsed.data;
  const embedded = e.DATABASE_URL === undefined;
  return {
    env: e.NODE_ENV,
    isProduction: e.NODE_ENV === 'production',
    http: {
      host: e.HOST,
      port: e.PORT,
      publicUrl: e.PUBLIC_URL ?? `http://localhost:${e.PORT}`,
      trustProxy: e.TRUST_PROXY,
      bodyLimitBytes: e.BODY_LIMIT_BYTES,
      shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    },
    logLevel: e.LOG_LEVEL,
    database: {
      url: e.DATABASE_URL,
      poolSize: e.DATABASE_POOL_SIZE,
      statementTimeoutMs: e.DATABASE_STATEMENT_TIMEOUT_MS,
      connectTimeoutMs: e.DATABASE_CONNECT_TIMEOUT_MS,
      embeddedDir: e.EMBEDDED_DATABASE_DIR,
      embeddedPort: e.EMBEDDED_DATABASE_PORT,
      migrateOnStart: e.MIGRATE_ON_START ?? true,
      seedDemoData: e.SEED_DEMO_DATA ?? embedded,
    },
    redis: { url: e.REDIS_URL, keyPrefix: e.REDIS_KEY_PREFIX },
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
