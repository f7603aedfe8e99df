import { createHmac, randomBytes } from 'node:crypto';
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

/** Unset and empty both mean "not configured": the schema sees undefined for a blank value. */
function blankAsUnset<T extends z.ZodType>(schema: T) {
  return z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
    schema,
  );
}

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

  // --- rate limits (fixed windows; counters in Redis when REDIS_URL is set) ---
  RATE_LIMIT_ENABLED: booleanString.default(true),
  RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(3_600),
  RATE_LIMIT_API_KEY_DEFAULT: z.coerce.number().int().min(1).default(1_000),
  RATE_LIMIT_USER: z.coerce.number().int().min(1).default(5_000),
  RATE_LIMIT_ANONYMOUS: z.coerce.number().int().min(1).default(3_600),

  // --- Storage (uploads) ---
  STORAGE_DRIVER: z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
    z.enum(['local', 's3']).optional(),
  ),
  STORAGE_LOCAL_DIR: z.string().trim().min(1).default('.data/uploads'),
  S3_ENDPOINT: optionalUrl,
  S3_REGION: z.string().trim().min(1).default('us-east-1'),
  S3_BUCKET: z.string().trim().optional(),
  S3_ACCESS_KEY_ID: z.string().trim().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  S3_FORCE_PATH_STYLE: booleanString.default(false),
  UPLOAD_URL_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(900),
  DOWNLOAD_URL_TTL_SECONDS: z.coerce.number().int().min(120).max(604_800).default(3_600),
  UPLOAD_SWEEP_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(86_400).default(60),

  // --- Shop and payments ---
  STRIPE_SECRET_KEY: z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
    z.string().trim().min(1).optional(),
  ),
  STRIPE_API_BASE_URL: optionalUrl,
  STRIPE_PAYMENT_METHOD: z.string().trim().min(1).default('pm_card_visa'),
  STRIPE_TIMEOUT_MS: z.coerce.number().int().positive().default(20_000),
  STRIPE_MAX_NETWORK_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
  SHOP_CURRENCY: z
    .string()
    .trim()
    .regex(/^[a-z]{3}$/, 'must be a lowercase ISO 4217 code such as usd')
    .default('usd'),

  // --- Real-time (socket.io, presence, SSE) ---
  SOCKET_PING_INTERVAL_MS: z.coerce.number().int().min(100).max(300_000).default(25_000),
  SOCKET_PING_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(20_000),
  SOCKET_MAX_PAYLOAD_BYTES: z.coerce.number().int().min(1_024).max(10_485_760).default(65_536),
  PRESENCE_HEARTBEAT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
  PRESENCE_TTL_MS: z.coerce.number().int().min(300).max(300_000).default(15_000),
  SSE_HEARTBEAT_MS: z.coerce.number().int().min(100).max(300_000).default(15_000),
  SSE_REPLAY_WINDOW_SECONDS: z.coerce.number().int().min(0).max(604_800).default(3_600),

  // --- Async jobs ---
  JOBS_WORKER_ENABLED: booleanString.default(true),
  JOBS_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(4),
  SEARCH_JOB_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),

  // --- Observability (Prometheus metrics, OpenTelemetry traces) ---
  METRICS_PORT: blankAsUnset(z.coerce.number().int().min(0).max(65535).optional()),
  METRICS_HOST: blankAsUnset(z.string().trim().optional()),
  METRICS_TOKEN: blankAsUnset(z.string().min(32, 'must be at least 32 characters').optional()),
  OTEL_EXPORTER_OTLP_ENDPOINT: blankAsUnset(
    z
      .string()
      .trim()
      .regex(/^https?:\/\/[^/]/i, 'must be an http(s) URL (OTLP/HTTP), e.g. http://collector:4318')
      .optional(),
  ),
  OTEL_SERVICE_NAME: blankAsUnset(z.string().trim().default('hearth')),
  OTEL_TRACES_SAMPLER: blankAsUnset(
    z
      .enum([
        'always_on',
        'always_off',
        'traceidratio',
        'parentbased_always_on',
        'parentbased_always_off',
        'parentbased_traceidratio',
      ])
      .optional(),
  ),
  OTEL_TRACES_SAMPLER_ARG: blankAsUnset(z.coerce.number().min(0).max(1).optional()),

  // --- auth ---
  JWT_SECRET: z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
    z.string().min(32, 'must be at least 32 characters').optional(),
  ),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(86_400).default(900),
  SOCKET_TOKEN_TTL_SECONDS: z.coerce.number().int().min(10).max(3_600).default(60),
  REFRESH_TOKEN_TTL_SECONDS: z.coerce
    .number()
    .int()
    .positive()
    .default(30 * 86_400),
  SESSION_IDLE_TIMEOUT_SECONDS: z.coerce
    .number()
    .int()
    .positive()
    .default(7 * 86_400),
  SESSION_ABSOLUTE_TIMEOUT_SECONDS: z.coerce
    .number()
    .int()
    .positive()
    .default(30 * 86_400),
  SESSION_COOKIE_SECURE: booleanString.optional(),
  CSRF_ALLOWED_ORIGINS: z.string().optional(),
  // OWASP's minimum for argon2id is 19 MiB, t=2, p=1 (or more memory with t=1).
  ARGON2_MEMORY_KIB: z.coerce.number().int().min(19_456).max(4_194_304).default(19_456),
  ARGON2_TIME_COST: z.coerce.number().int().min(1).max(20).default(2),
  ARGON2_PARALLELISM: z.coerce.number().int().min(1).max(16).default(1),
  AUTH_LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().positive().default(5),
  AUTH_LOGIN_MAX_FAILURES_PER_IP: z.coerce.number().int().positive().default(30),
  AUTH_LOGIN_WINDOW_SECONDS: z.coerce.number().int().positive().default(900),
  AUTH_FORGOT_MAX_PER_ACCOUNT: z.coerce.number().int().positive().default(3),
  AUTH_FORGOT_MAX_PER_IP: z.coerce.number().int().positive().default(20),
  AUTH_FORGOT_WINDOW_SECONDS: z.coerce.number().int().positive().default(3_600),
  PASSWORD_RESET_URL: optionalUrl,
  OAUTH_SUCCESS_REDIRECT_URL: optionalUrl,
  GOOGLE_CLIENT_ID: z.string().optional(),
  GOOGLE_CLIENT_SECRET: z.string().optional(),
  GOOGLE_AUTHORIZATION_URL: optionalUrl,
  GOOGLE_TOKEN_URL: optionalUrl,
  GOOGLE_USERINFO_URL: optionalUrl,
  GITHUB_CLIENT_ID: z.string().optional(),
  GITHUB_CLIENT_SECRET: z.string().optional(),
  GITHUB_AUTHORIZATION_URL: optionalUrl,
  GITHUB_TOKEN_URL: optionalUrl,
  GITHUB_USER_URL: optionalUrl,
  GITHUB_EMAILS_URL: optionalUrl,
  MAIL_FROM: z.string().default('Hearth <no-reply@hearth.local>'),
  SMTP_HOST: z.string().optional(),
  SMTP_PORT: z.coerce.number().int().min(1).max(65_535).default(587),
  SMTP_SECURE: booleanString.default(false),
  SMTP_USER: z.string().optional(),
  SMTP_PASSWORD: z.string().optional(),
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
  readonly realtime: {
    readonly pingIntervalMs: number;
    readonly pingTimeoutMs: number;
    readonly maxPayloadBytes: number;
    /** How often an instance renews its presence heartbeat and sweeps instances that stopped renewing. */
    readonly presenceHeartbeatMs: number;
    /** An instance silent for this long is dead: its presences are removed by the next sweep. */
    readonly presenceTtlMs: number;
    readonly sseHeartbeatMs: number;
    /** How far back Last-Event-ID can resume; older ids get a `reset` event instead. */
    readonly sseReplayWindowSeconds: number;
  };
  readonly rateLimits: {
    /** False: no request is limited and no rate-limit header is sent (benchmarks, or limits enforced upstream). */
    readonly enabled: boolean;
    readonly windowSeconds: number;
    readonly apiKeyDefault: number;
    readonly user: number;
    readonly anonymous: number;
  };
  readonly storage: StorageConfig;
  readonly shop: {
    readonly currency: string;
    /** Absent: the deterministic TestPaymentGateway charges instead of Stripe. */
    readonly stripe?: {
      readonly secretKey: string;
      /** Absent: api.stripe.com. */
      readonly apiBaseUrl?: string;
      readonly paymentMethod: string;
      readonly timeoutMs: number;
      readonly maxNetworkRetries: number;
    };
  };
  readonly jobs: {
    readonly workerEnabled: boolean;
    readonly concurrency: number;
    /** A search job's query is cancelled after this long and the job ends in `error`. */
    readonly searchTimeoutMs: number;
  };
  readonly auth: AuthConfig;
  readonly metrics: MetricsConfig;
  readonly tracing: TracingConfig;
}

export interface MetricsConfig {
  /** False when metrics are exposed nowhere: nothing is measured on the request path then. */
  readonly enabled: boolean;
  /** A separate listener serving GET /metrics without authentication (keep it on an internal network). */
  readonly port?: number;
  readonly host: string;
  /** `GET /metrics` on the API port answers only `Authorization: Bearer <token>`; absent, that route is 404. */
  readonly token?: string;
}

export interface TracingConfig {
  /** OTLP/HTTP base URL; absent, tracing is off. The SDK itself is started by src/instrumentation.ts. */
  readonly endpoint?: string;
  readonly serviceName: string;
}

export interface OAuthProviderConfig {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly authorizationUrl?: string;
  readonly tokenUrl?: string;
  readonly profileUrl?: string;
  /** GitHub only: where verified emails are listed. */
  readonly emailsUrl?: string;
}

export interface AuthConfig {
  /** HS256 key for access tokens; every instance of a deployment must share it. */
  readonly jwtSecret: string;
  /** Signs short-lived cookies (OAuth state); derived from the JWT secret. */
  readonly cookieSecret: string;
  readonly accessTokenTtlSeconds: number;
  readonly socketTokenTtlSeconds: number;
  readonly refreshTokenTtlSeconds: number;
  readonly sessionIdleSeconds: number;
  readonly sessionAbsoluteSeconds: number;
  readonly secureCookies: boolean;
  /** Origins allowed to send state-changing requests authenticated by the session cookie. */
  readonly allowedOrigins: readonly string[];
  readonly argon2: { readonly memoryKib: number; readonly timeCost: number; readonly parallelism: number };
  readonly bruteForce: {
    readonly login: { readonly perAccount: number; readonly perIp: number; readonly windowSeconds: number };
    readonly forgot: { readonly perAccount: number; readonly perIp: number; readonly windowSeconds: number };
  };
  readonly passwordResetUrl: string;
  readonly oauthSuccessRedirectUrl: string;
  readonly google?: OAuthProviderConfig;
  readonly github?: OAuthProviderConfig;
  readonly mail: {
    readonly from: string;
    readonly smtp?: {
      readonly host: string;
      readonly port: number;
      readonly secure: boolean;
      readonly user?: string;
      readonly password?: string;
    };
  };
}

// Outside production a missing JWT_SECRET gets one random secret per process (shared by every app in it, so
// multi-instance tests agree); separate processes then do not accept each other's tokens.
const DEVELOPMENT_JWT_SECRET = randomBytes(32).toString('base64url');

function originOf(url: string): string {
  return new URL(url).origin;
}

function oauthProvider(
  clientId: string | undefined,
  clientSecret: string | undefined,
  urls: Omit<OAuthProviderConfig, 'clientId' | 'clientSecret'>,
): OAuthProviderConfig | undefined {
  if (!clientId || !clientSecret) return undefined;
  return { clientId, clientSecret, ...urls };
}

export interface StorageConfig {
  readonly driver: 'local' | 's3';
  /** Local disk: where objects live, and the key that signs file and upload URLs served by the API. */
  readonly local: { readonly directory: string; readonly signingSecret: string };
  readonly s3?: {
    /** Absent: AWS itself. MinIO, R2, s3rver: their URL. */
    readonly endpoint?: string;
    readonly region: string;
    readonly bucket: string;
    /** Absent: the AWS SDK's default credential chain (environment, instance role, ...). */
    readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
    readonly forcePathStyle: boolean;
  };
  /** How long a presigned direct-upload URL accepts the PUT. */
  readonly uploadUrlTtlSeconds: number;
  /** How long a file URL handed out in upload responses stays valid. */
  readonly downloadUrlTtlSeconds: number;
  /** How often expired pending uploads are swept; 0 turns the sweeper off. */
  readonly sweepIntervalSeconds: number;
}

// S3 is used when asked for or when a bucket is named; otherwise files live on local disk.
function storageConfig(e: Environment, jwtSecret: string): StorageConfig {
  const driver = e.STORAGE_DRIVER ?? (e.S3_BUCKET ? 's3' : 'local');
  const issues: string[] = [];
  if (driver === 's3' && !e.S3_BUCKET) issues.push('S3_BUCKET: required when STORAGE_DRIVER is s3');
  if (Boolean(e.S3_ACCESS_KEY_ID) !== Boolean(e.S3_SECRET_ACCESS_KEY)) {
    issues.push('S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY: set both or neither');
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return {
    driver,
    local: {
      directory: e.STORAGE_LOCAL_DIR,
      signingSecret: createHmac('sha256', jwtSecret).update('hearth storage url signing').digest('base64url'),
    },
    s3:
      driver === 's3' && e.S3_BUCKET
        ? {
            endpoint: e.S3_ENDPOINT,
            region: e.S3_REGION,
            bucket: e.S3_BUCKET,
            credentials:
              e.S3_ACCESS_KEY_ID && e.S3_SECRET_ACCESS_KEY
                ? { accessKeyId: e.S3_ACCESS_KEY_ID, secretAccessKey: e.S3_SECRET_ACCESS_KEY }
                : undefined,
            forcePathStyle: e.S3_FORCE_PATH_STYLE,
          }
        : undefined,
    uploadUrlTtlSeconds: e.UPLOAD_URL_TTL_SECONDS,
    downloadUrlTtlSeconds: e.DOWNLOAD_URL_TTL_SECONDS,
    sweepIntervalSeconds: e.UPLOAD_SWEEP_INTERVAL_SECONDS,
  };
}

function metricsConfig(e: Environment): MetricsConfig {
  if (e.METRICS_PORT !== undefined && e.METRICS_PORT !== 0 && e.METRICS_PORT === e.PORT) {
    throw new ConfigError([
      'METRICS_PORT: must differ from PORT (the API port serves /metrics with METRICS_TOKEN)',
    ]);
  }
  return {
    enabled: e.METRICS_PORT !== undefined || e.METRICS_TOKEN !== undefined,
    port: e.METRICS_PORT,
    host: e.METRICS_HOST ?? e.HOST,
    token: e.METRICS_TOKEN,
  };
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
  const isProduction = e.NODE_ENV === 'production';
  if (isProduction && !e.JWT_SECRET) {
    throw new ConfigError([
      'JWT_SECRET: required in production (at least 32 characters, shared by all instances)',
    ]);
  }
  const publicUrl = e.PUBLIC_URL ?? `http://localhost:${e.PORT}`;
  const jwtSecret = e.JWT_SECRET ?? DEVELOPMENT_JWT_SECRET;
  const allowedOrigins = e.CSRF_ALLOWED_ORIGINS?.split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  const badOrigin = allowedOrigins?.find((origin) => !URL.canParse(origin));
  if (badOrigin) throw new ConfigError([`CSRF_ALLOWED_ORIGINS: "${badOrigin}" is not a URL`]);
  return {
    env: e.NODE_ENV,
    isProduction,
    http: {
      host: e.HOST,
      port: e.PORT,
      publicUrl,
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
    realtime: {
      pingIntervalMs: e.SOCKET_PING_INTERVAL_MS,
      pingTimeoutMs: e.SOCKET_PING_TIMEOUT_MS,
      maxPayloadBytes: e.SOCKET_MAX_PAYLOAD_BYTES,
      presenceHeartbeatMs: e.PRESENCE_HEARTBEAT_MS,
      presenceTtlMs: Math.max(e.PRESENCE_TTL_MS, e.PRESENCE_HEARTBEAT_MS * 2),
      sseHeartbeatMs: e.SSE_HEARTBEAT_MS,
      sseReplayWindowSeconds: e.SSE_REPLAY_WINDOW_SECONDS,
    },
    rateLimits: {
      enabled: e.RATE_LIMIT_ENABLED,
      windowSeconds: e.RATE_LIMIT_WINDOW_SECONDS,
      apiKeyDefault: e.RATE_LIMIT_API_KEY_DEFAULT,
      user: e.RATE_LIMIT_USER,
      anonymous: e.RATE_LIMIT_ANONYMOUS,
    },
    storage: storageConfig(e, jwtSecret),
    shop: {
      currency: e.SHOP_CURRENCY,
      stripe: e.STRIPE_SECRET_KEY
        ? {
            secretKey: e.STRIPE_SECRET_KEY,
            apiBaseUrl: e.STRIPE_API_BASE_URL,
            paymentMethod: e.STRIPE_PAYMENT_METHOD,
            timeoutMs: e.STRIPE_TIMEOUT_MS,
            maxNetworkRetries: e.STRIPE_MAX_NETWORK_RETRIES,
          }
        : undefined,
    },
    jobs: {
      workerEnabled: e.JOBS_WORKER_ENABLED,
      concurrency: e.JOBS_CONCURRENCY,
      searchTimeoutMs: e.SEARCH_JOB_TIMEOUT_MS,
    },
    metrics: metricsConfig(e),
    tracing: { endpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT, serviceName: e.OTEL_SERVICE_NAME },
    auth: {
      jwtSecret,
      cookieSecret: createHmac('sha256', jwtSecret).update('hearth cookie signing').digest('base64url'),
      accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
      socketTokenTtlSeconds: e.SOCKET_TOKEN_TTL_SECONDS,
      refreshTokenTtlSeconds: e.REFRESH_TOKEN_TTL_SECONDS,
      sessionIdleSeconds: e.SESSION_IDLE_TIMEOUT_SECONDS,
      sessionAbsoluteSeconds: e.SESSION_ABSOLUTE_TIMEOUT_SECONDS,
      secureCookies: e.SESSION_COOKIE_SECURE ?? isProduction,
      allowedOrigins: (allowedOrigins?.length ? allowedOrigins : [publicUrl]).map(originOf),
      argon2: {
        memoryKib: e.ARGON2_MEMORY_KIB,
        timeCost: e.ARGON2_TIME_COST,
        parallelism: e.ARGON2_PARALLELISM,
      },
      bruteForce: {
        login: {
          perAccount: e.AUTH_LOGIN_MAX_FAILURES_PER_ACCOUNT,
          perIp: e.AUTH_LOGIN_MAX_FAILURES_PER_IP,
          windowSeconds: e.AUTH_LOGIN_WINDOW_SECONDS,
        },
        forgot: {
          perAccount: e.AUTH_FORGOT_MAX_PER_ACCOUNT,
          perIp: e.AUTH_FORGOT_MAX_PER_IP,
          windowSeconds: e.AUTH_FORGOT_WINDOW_SECONDS,
        },
      },
      passwordResetUrl: e.PASSWORD_RESET_URL ?? `${publicUrl.replace(/\/$/, '')}/reset-password`,
      oauthSuccessRedirectUrl: e.OAUTH_SUCCESS_REDIRECT_URL ?? `${publicUrl.replace(/\/$/, '')}/`,
      google: oauthProvider(e.GOOGLE_CLIENT_ID, e.GOOGLE_CLIENT_SECRET, {
        authorizationUrl: e.GOOGLE_AUTHORIZATION_URL,
        tokenUrl: e.GOOGLE_TOKEN_URL,
        profileUrl: e.GOOGLE_USERINFO_URL,
      }),
      github: oauthProvider(e.GITHUB_CLIENT_ID, e.GITHUB_CLIENT_SECRET, {
        authorizationUrl: e.GITHUB_AUTHORIZATION_URL,
        tokenUrl: e.GITHUB_TOKEN_URL,
        profileUrl: e.GITHUB_USER_URL,
        emailsUrl: e.GITHUB_EMAILS_URL,
      }),
      mail: {
        from: e.MAIL_FROM,
        smtp: e.SMTP_HOST
          ? {
              host: e.SMTP_HOST,
              port: e.SMTP_PORT,
              secure: e.SMTP_SECURE,
              user: e.SMTP_USER,
              password: e.SMTP_PASSWORD,
            }
          : undefined,
      },
    },
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
