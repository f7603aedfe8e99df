import { randomBytes } from 'node:crypto';
import type { AppConfig } from './app-config.types.js';
import { ConfigError } from './config-error.js';
import {
  authConfig,
  commentsConfig,
  databaseConfig,
  httpConfig,
  jobsConfig,
  metricsConfig,
  moderationConfig,
  rateLimitsConfig,
  realtimeConfig,
  shopConfig,
  storageConfig,
  tracingConfig,
} from './config-sections.js';
import { type Environment, environmentSchema } from './environment.js';
import { weakSecretIssue } from './secret-strength.js';

export type {
  AppConfig,
  AuthConfig,
  MetricsConfig,
  OAuthProviderConfig,
  SocketLimits,
  StorageConfig,
  TracingConfig,
} from './app-config.types.js';
export { ConfigError } from './config-error.js';
export type { Environment } from './environment.js';

// Outside production a missing JWT_SECRET gets one random secret per process (shared by every app in it, so
// multi-instance tests agree); separate processes then do not accept each other's tokens.
const DEVELOPMENT_JWT_SECRET = randomBytes(32).toString('base64url');

/**
 * What production refuses: development stand-ins (embedded database, demo accounts with a published password, a
 * payment gateway that marks orders paid without charging) and guessable secrets.
 */
function productionIssues(e: Environment): string[] {
  const issues: string[] = [];
  if (!e.DATABASE_URL) {
    issues.push('DATABASE_URL: required in production (the embedded PostgreSQL is for development only)');
  }
  if (e.SEED_DEMO_DATA) {
    issues.push('SEED_DEMO_DATA: must not be true in production (demo accounts have a published password)');
  }
  if (!e.STRIPE_SECRET_KEY) {
    issues.push(
      'STRIPE_SECRET_KEY: required in production (the test gateway would mark orders paid without charging)',
    );
  }
  if (!e.JWT_SECRET) {
    issues.push('JWT_SECRET: required in production (at least 32 characters, shared by all instances)');
  }
  const weak = [
    e.JWT_SECRET && weakSecretIssue('JWT_SECRET', e.JWT_SECRET),
    e.COOKIE_SECRET && weakSecretIssue('COOKIE_SECRET', e.COOKIE_SECRET),
  ];
  return [...issues, ...weak.filter((issue): issue is string => Boolean(issue))];
}

/** The one typed, validated config, built section by section from the environment (see .env.example). */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = environmentSchema.safeParse(source);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const e = parsed.data;
  const isProduction = e.NODE_ENV === 'production';
  if (isProduction) {
    const issues = productionIssues(e);
    if (issues.length > 0) throw new ConfigError(issues);
  }
  const publicUrl = e.PUBLIC_URL ?? `http://localhost:${e.PORT}`;
  const jwtSecret = e.JWT_SECRET ?? DEVELOPMENT_JWT_SECRET;
  // Before storage: a bad CSRF_ALLOWED_ORIGINS is reported first, as it always was.
  const auth = authConfig(e, { publicUrl, jwtSecret, isProduction });
  return {
    env: e.NODE_ENV,
    isProduction,
    http: httpConfig(e, publicUrl),
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    apiDocsEnabled: e.API_DOCS_ENABLED ?? !isProduction,
    database: databaseConfig(e),
    redis: { url: e.REDIS_URL, keyPrefix: e.REDIS_KEY_PREFIX },
    realtime: realtimeConfig(e),
    rateLimits: rateLimitsConfig(e),
    comments: commentsConfig(e),
    moderation: moderationConfig(e),
    storage: storageConfig(e, jwtSecret),
    shop: shopConfig(e),
    jobs: jobsConfig(e),
    auth,
    metrics: metricsConfig(e),
    tracing: tracingConfig(e),
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
