import type { Environment } from './environment.js';
import type { TrustProxy } from './trust-proxy.js';

export interface AppConfig {
  readonly env: Environment['NODE_ENV'];
  readonly isProduction: boolean;
  readonly http: {
    readonly host: string;
    readonly port: number;
    readonly publicUrl: string;
    readonly trustProxy: TrustProxy;
    readonly bodyLimitBytes: number;
    readonly shutdownTimeoutMs: number;
  };
  readonly logLevel: Environment['LOG_LEVEL'];
  /** Absent: pretty on a terminal in development, JSON otherwise (`chooseLogFormat`); always JSON in production. */
  readonly logFormat?: Environment['LOG_FORMAT'];
  /** Swagger UI at /api/docs and the document at /api/docs-json (default: on, except in production). */
  readonly apiDocsEnabled: boolean;
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
    /** Open SSE streams one client address may hold on one instance. */
    readonly sseMaxStreamsPerIp: number;
    readonly limits: SocketLimits;
  };
  readonly rateLimits: {
    /** False: no request is limited and no rate-limit header is sent (benchmarks, or limits enforced upstream). */
    readonly enabled: boolean;
    readonly windowSeconds: number;
    readonly apiKeyDefault: number;
    readonly user: number;
    readonly anonymous: number;
  };
  readonly comments: {
    /** How long after writing it the author may edit a comment. */
    readonly editWindowSeconds: number;
    /** Comments one user may create per window, on top of the request budgets. */
    readonly createLimit: number;
    readonly createWindowSeconds: number;
  };
  readonly moderation: {
    /** Reports one user may file per window, on top of the request budgets. */
    readonly reportLimit: number;
    readonly reportWindowSeconds: number;
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
/** What one client may hold on the real-time server. */
export interface SocketLimits {
  /** Topics one connection may be in at once (`too_many_topics` beyond). */
  readonly maxTopicsPerConnection: number;
  /** Connections one user may hold at once, across every instance (`too_many_connections` beyond). */
  readonly maxConnectionsPerUser: number;
  /** Token bucket per connection: refill rate and capacity (`rate_limited` acks when empty). */
  readonly messagesPerSecond: number;
  readonly messageBurst: number;
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
  /** Signs cookies (OAuth state, known devices): COOKIE_SECRET, else derived from the JWT secret. */
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
    readonly login: {
      /** Failures per account from one client: one address, or one known device. */
      readonly perAccount: number;
      readonly perIp: number;
      /** Failures per account from all clients it does not know (a ceiling on distributed guessing). */
      readonly perAccountAllIps: number;
      readonly windowSeconds: number;
    };
    readonly forgot: { readonly perAccount: number; readonly perIp: number; readonly windowSeconds: number };
    /** Resending the email confirmation link: the same limits as forgot. */
    readonly resend: { readonly perAccount: number; readonly perIp: number; readonly windowSeconds: number };
  };
  readonly passwordResetUrl: string;
  readonly oauthSuccessRedirectUrl: string;
  /** Where a sign-in that cannot be completed safely lands, with `?error=<code>`. */
  readonly oauthFailureRedirectUrl: string;
  /** The page that receives `?token=…` from the confirmation email and posts it to /api/auth/email/confirm. */
  readonly emailConfirmUrl: string;
  readonly emailConfirmTtlSeconds: number;
  readonly google?: OAuthProviderConfig;
  readonly github?: OAuthProviderConfig;
  readonly mail: {
    readonly from: string;
    /** Without SMTP, in development only: where unsent emails are written for the developer to read. */
    readonly outboxDir: string;
    readonly smtp?: {
      readonly host: string;
      readonly port: number;
      readonly secure: boolean;
      readonly user?: string;
      readonly password?: string;
    };
  };
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
  /** Bytes one user may store (completed uploads plus presigned ones not yet expired). */
  readonly quotaBytesPerUser: number;
}
