import { createHmac } from 'node:crypto';
import type {
  AppConfig,
  AuthConfig,
  MetricsConfig,
  OAuthProviderConfig,
  StorageConfig,
  TracingConfig,
} from './app-config.types.js';
import { ConfigError } from './config-error.js';
import type { Environment } from './environment.js';

// One builder per section of AppConfig, each from the validated environment. Settings that depend on others
// (the public URL, the JWT secret) are resolved once by loadConfig and passed in.

function originOf(url: string): string {
  return new URL(url).origin;
}

function withoutTrailingSlash(url: string): string {
  return url.replace(/\/$/, '');
}

export function httpConfig(e: Environment, publicUrl: string): AppConfig['http'] {
  return {
    host: e.HOST,
    port: e.PORT,
    publicUrl,
    trustProxy: e.TRUST_PROXY,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
  };
}

export function databaseConfig(e: Environment): AppConfig['database'] {
  return {
    url: e.DATABASE_URL,
    poolSize: e.DATABASE_POOL_SIZE,
    statementTimeoutMs: e.DATABASE_STATEMENT_TIMEOUT_MS,
    connectTimeoutMs: e.DATABASE_CONNECT_TIMEOUT_MS,
    embeddedDir: e.EMBEDDED_DATABASE_DIR,
    embeddedPort: e.EMBEDDED_DATABASE_PORT,
    migrateOnStart: e.MIGRATE_ON_START ?? true,
    // A fresh embedded database gets demo data; an external one only when asked.
    seedDemoData: e.SEED_DEMO_DATA ?? e.DATABASE_URL === undefined,
  };
}

export function realtimeConfig(e: Environment): AppConfig['realtime'] {
  return {
    pingIntervalMs: e.SOCKET_PING_INTERVAL_MS,
    pingTimeoutMs: e.SOCKET_PING_TIMEOUT_MS,
    maxPayloadBytes: e.SOCKET_MAX_PAYLOAD_BYTES,
    presenceHeartbeatMs: e.PRESENCE_HEARTBEAT_MS,
    presenceTtlMs: Math.max(e.PRESENCE_TTL_MS, e.PRESENCE_HEARTBEAT_MS * 2),
    sseHeartbeatMs: e.SSE_HEARTBEAT_MS,
    sseReplayWindowSeconds: e.SSE_REPLAY_WINDOW_SECONDS,
    sseMaxStreamsPerIp: e.SSE_MAX_STREAMS_PER_IP,
    limits: {
      maxTopicsPerConnection: e.SOCKET_MAX_TOPICS_PER_CONNECTION,
      maxConnectionsPerUser: e.SOCKET_MAX_CONNECTIONS_PER_USER,
      messagesPerSecond: e.SOCKET_MESSAGES_PER_SECOND,
      messageBurst: e.SOCKET_MESSAGE_BURST,
    },
  };
}

export function rateLimitsConfig(e: Environment): AppConfig['rateLimits'] {
  return {
    enabled: e.RATE_LIMIT_ENABLED,
    windowSeconds: e.RATE_LIMIT_WINDOW_SECONDS,
    apiKeyDefault: e.RATE_LIMIT_API_KEY_DEFAULT,
    user: e.RATE_LIMIT_USER,
    anonymous: e.RATE_LIMIT_ANONYMOUS,
  };
}

export function commentsConfig(e: Environment): AppConfig['comments'] {
  return {
    editWindowSeconds: e.COMMENT_EDIT_WINDOW_SECONDS,
    createLimit: e.COMMENT_CREATE_LIMIT,
    createWindowSeconds: e.COMMENT_CREATE_WINDOW_SECONDS,
  };
}

export function moderationConfig(e: Environment): AppConfig['moderation'] {
  return { reportLimit: e.REPORT_CREATE_LIMIT, reportWindowSeconds: e.REPORT_CREATE_WINDOW_SECONDS };
}

// S3 is used when asked for or when a bucket is named; otherwise files live on local disk.
export function storageConfig(e: Environment, jwtSecret: string): StorageConfig {
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
    quotaBytesPerUser: e.STORAGE_QUOTA_BYTES_PER_USER,
  };
}

export function shopConfig(e: Environment): AppConfig['shop'] {
  return {
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
  };
}

export function jobsConfig(e: Environment): AppConfig['jobs'] {
  return {
    workerEnabled: e.JOBS_WORKER_ENABLED,
    concurrency: e.JOBS_CONCURRENCY,
    searchTimeoutMs: e.SEARCH_JOB_TIMEOUT_MS,
  };
}

export function metricsConfig(e: Environment): MetricsConfig {
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

export function tracingConfig(e: Environment): TracingConfig {
  return { endpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT, serviceName: e.OTEL_SERVICE_NAME };
}

/** CSRF_ALLOWED_ORIGINS as origins, or the public URL's origin when unset. */
function allowedOrigins(e: Environment, publicUrl: string): string[] {
  const listed = e.CSRF_ALLOWED_ORIGINS?.split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  const badOrigin = listed?.find((origin) => !URL.canParse(origin));
  if (badOrigin) throw new ConfigError([`CSRF_ALLOWED_ORIGINS: "${badOrigin}" is not a URL`]);
  return (listed?.length ? listed : [publicUrl]).map(originOf);
}

function oauthProvider(
  clientId: string | undefined,
  clientSecret: string | undefined,
  urls: Omit<OAuthProviderConfig, 'clientId' | 'clientSecret'>,
): OAuthProviderConfig | undefined {
  if (!clientId || !clientSecret) return undefined;
  return { clientId, clientSecret, ...urls };
}

function oauthProviders(e: Environment): Pick<AuthConfig, 'google' | 'github'> {
  return {
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
  };
}

function mailConfig(e: Environment): AuthConfig['mail'] {
  return {
    from: e.MAIL_FROM,
    outboxDir: e.MAIL_OUTBOX_DIR,
    smtp: e.SMTP_HOST
      ? {
          host: e.SMTP_HOST,
          port: e.SMTP_PORT,
          secure: e.SMTP_SECURE,
          user: e.SMTP_USER,
          password: e.SMTP_PASSWORD,
        }
      : undefined,
  };
}

function bruteForceConfig(e: Environment): AuthConfig['bruteForce'] {
  return {
    login: {
      perAccount: e.AUTH_LOGIN_MAX_FAILURES_PER_ACCOUNT,
      perIp: e.AUTH_LOGIN_MAX_FAILURES_PER_IP,
      perAccountAllIps: e.AUTH_LOGIN_MAX_FAILURES_PER_ACCOUNT_ALL_IPS,
      windowSeconds: e.AUTH_LOGIN_WINDOW_SECONDS,
    },
    forgot: {
      perAccount: e.AUTH_FORGOT_MAX_PER_ACCOUNT,
      perIp: e.AUTH_FORGOT_MAX_PER_IP,
      windowSeconds: e.AUTH_FORGOT_WINDOW_SECONDS,
    },
    resend: {
      perAccount: e.AUTH_FORGOT_MAX_PER_ACCOUNT,
      perIp: e.AUTH_FORGOT_MAX_PER_IP,
      windowSeconds: e.AUTH_FORGOT_WINDOW_SECONDS,
    },
  };
}

export function authConfig(
  e: Environment,
  { publicUrl, jwtSecret, isProduction }: { publicUrl: string; jwtSecret: string; isProduction: boolean },
): AuthConfig {
  return {
    jwtSecret,
    cookieSecret:
      e.COOKIE_SECRET ?? createHmac('sha256', jwtSecret).update('hearth cookie signing').digest('base64url'),
    accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
    socketTokenTtlSeconds: e.SOCKET_TOKEN_TTL_SECONDS,
    refreshTokenTtlSeconds: e.REFRESH_TOKEN_TTL_SECONDS,
    sessionIdleSeconds: e.SESSION_IDLE_TIMEOUT_SECONDS,
    sessionAbsoluteSeconds: e.SESSION_ABSOLUTE_TIMEOUT_SECONDS,
    secureCookies: e.SESSION_COOKIE_SECURE ?? isProduction,
    allowedOrigins: allowedOrigins(e, publicUrl),
    argon2: {
      memoryKib: e.ARGON2_MEMORY_KIB,
      timeCost: e.ARGON2_TIME_COST,
      parallelism: e.ARGON2_PARALLELISM,
    },
    bruteForce: bruteForceConfig(e),
    passwordResetUrl: e.PASSWORD_RESET_URL ?? `${withoutTrailingSlash(publicUrl)}/reset-password`,
    oauthSuccessRedirectUrl: e.OAUTH_SUCCESS_REDIRECT_URL ?? `${withoutTrailingSlash(publicUrl)}/`,
    oauthFailureRedirectUrl: e.OAUTH_FAILURE_REDIRECT_URL ?? `${withoutTrailingSlash(publicUrl)}/`,
    emailConfirmUrl: e.EMAIL_CONFIRM_URL ?? `${withoutTrailingSlash(publicUrl)}/confirm-email`,
    emailConfirmTtlSeconds: e.EMAIL_CONFIRM_TOKEN_TTL_SECONDS,
    ...oauthProviders(e),
    mail: mailConfig(e),
  };
}
