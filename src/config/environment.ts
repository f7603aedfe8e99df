import { z } from 'zod';
import { parseTrustProxy } from './trust-proxy.js';

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

export const environmentSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: blankAsUnset(z.enum(['json', 'pretty']).optional()),
  PUBLIC_URL: optionalUrl,
  TRUST_PROXY: z
    .string()
    .optional()
    .transform((value, context) => {
      const setting = parseTrustProxy(value);
      if (typeof setting === 'object' && 'error' in setting) {
        context.addIssue({ code: 'custom', message: setting.error });
        return z.NEVER;
      }
      return setting;
    }),
  API_DOCS_ENABLED: blankAsUnset(booleanString.optional()),
  BODY_LIMIT_BYTES: z.coerce.number().int().positive().default(1_048_576),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),

  DATABASE_URL: optionalUrl,
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().positive().default(15_000),
  DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().positive().default(3_000),
  EMBEDDED_DATABASE_DIR: z.string().default('.data/postgres'),
  EMBEDDED_DATABASE_PORT: z.coerce.number().int().min(1).max(65535).default(54320),
  MIGRATE_ON_START: blankAsUnset(booleanString.optional()),
  SEED_DEMO_DATA: blankAsUnset(booleanString.optional()),

  REDIS_URL: optionalUrl,
  REDIS_KEY_PREFIX: z.string().default('hearth:'),

  // --- rate limits (fixed windows; counters in Redis when REDIS_URL is set) ---
  RATE_LIMIT_ENABLED: booleanString.default(true),
  RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(3_600),
  RATE_LIMIT_API_KEY_DEFAULT: z.coerce.number().int().min(1).default(1_000),
  RATE_LIMIT_USER: z.coerce.number().int().min(1).default(5_000),
  RATE_LIMIT_ANONYMOUS: z.coerce.number().int().min(1).default(3_600),

  // --- Comments ---
  COMMENT_EDIT_WINDOW_SECONDS: z.coerce.number().int().min(0).max(31_536_000).default(900),
  COMMENT_CREATE_LIMIT: z.coerce.number().int().min(1).default(30),
  COMMENT_CREATE_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(600),
  REPORT_CREATE_LIMIT: z.coerce.number().int().min(1).default(20),
  REPORT_CREATE_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(3_600),

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
  STORAGE_QUOTA_BYTES_PER_USER: z.coerce
    .number()
    .int()
    .min(0)
    .max(Number.MAX_SAFE_INTEGER)
    .default(1_073_741_824),

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
  SSE_MAX_STREAMS_PER_IP: z.coerce.number().int().min(1).max(100_000).default(20),
  SOCKET_MAX_TOPICS_PER_CONNECTION: z.coerce.number().int().min(1).max(200).default(100),
  SOCKET_MAX_CONNECTIONS_PER_USER: z.coerce.number().int().min(1).max(1_000_000).default(20),
  SOCKET_MESSAGES_PER_SECOND: z.coerce.number().positive().max(10_000).default(10),
  SOCKET_MESSAGE_BURST: z.coerce.number().int().min(1).max(10_000).default(30),

  // --- Async jobs ---
  JOBS_WORKER_ENABLED: booleanString.default(true),
  JOBS_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(4),
  SEARCH_JOB_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),

  // --- Observability (Prometheus metrics, OpenTelemetry traces; docs/operations.md) ---
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
  COOKIE_SECRET: z.preprocess(
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
  SESSION_COOKIE_SECURE: blankAsUnset(booleanString.optional()),
  CSRF_ALLOWED_ORIGINS: z.string().optional(),
  // OWASP's minimum for argon2id is 19 MiB, t=2, p=1 (or more memory with t=1).
  ARGON2_MEMORY_KIB: z.coerce.number().int().min(19_456).max(4_194_304).default(19_456),
  ARGON2_TIME_COST: z.coerce.number().int().min(1).max(20).default(2),
  ARGON2_PARALLELISM: z.coerce.number().int().min(1).max(16).default(1),
  AUTH_LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().positive().default(5),
  AUTH_LOGIN_MAX_FAILURES_PER_IP: z.coerce.number().int().positive().default(30),
  AUTH_LOGIN_MAX_FAILURES_PER_ACCOUNT_ALL_IPS: z.coerce.number().int().positive().default(50),
  AUTH_LOGIN_WINDOW_SECONDS: z.coerce.number().int().positive().default(900),
  AUTH_FORGOT_MAX_PER_ACCOUNT: z.coerce.number().int().positive().default(3),
  AUTH_FORGOT_MAX_PER_IP: z.coerce.number().int().positive().default(20),
  AUTH_FORGOT_WINDOW_SECONDS: z.coerce.number().int().positive().default(3_600),
  PASSWORD_RESET_URL: optionalUrl,
  OAUTH_SUCCESS_REDIRECT_URL: optionalUrl,
  OAUTH_FAILURE_REDIRECT_URL: optionalUrl,
  EMAIL_CONFIRM_URL: optionalUrl,
  EMAIL_CONFIRM_TOKEN_TTL_SECONDS: z.coerce.number().int().min(300).max(2_592_000).default(86_400),
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
  MAIL_OUTBOX_DIR: z.string().trim().min(1).default('.data/outbox'),
  SMTP_HOST: z.string().optional(),
  SMTP_PORT: z.coerce.number().int().min(1).max(65_535).default(587),
  SMTP_SECURE: booleanString.default(false),
  SMTP_USER: z.string().optional(),
  SMTP_PASSWORD: z.string().optional(),
});

export type Environment = z.infer<typeof environmentSchema>;
