import { randomBytes } from 'node:crypto';

/**
 * The least a production configuration needs (NODE_ENV=production refuses to start without it): a database URL,
 * a Stripe key and a random JWT secret. Tests add or override what they are about.
 */
export function productionEnv(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'production',
    DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/hearth',
    STRIPE_SECRET_KEY: 'sk_test_hearth',
    JWT_SECRET: randomBytes(32).toString('base64url'),
    ...overrides,
  };
}
