import type { AddressInfo } from 'node:net';
import type { AppConfig } from './config/app-config.js';
import { DEMO_PASSWORD, DEMO_USERS } from './demo/demo-seed.js';

/** What a person starting Hearth wants to know first: where it answers, how to sign in, and what it runs on. */
export type StartupFacts = Record<string, string>;

function reachableHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

/** Host, port and name of a connection URL: never its user or password. */
function describeUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`;
}

function describeDatabase(config: AppConfig): string {
  const { url, embeddedPort, embeddedDir } = config.database;
  if (url) return `PostgreSQL at ${describeUrl(url)}`;
  return `embedded PostgreSQL on 127.0.0.1:${embeddedPort} (data in ${embeddedDir})`;
}

function describeStorage(config: AppConfig): string {
  const { driver, local, s3 } = config.storage;
  if (driver === 'local' || !s3) return `local disk (${local.directory})`;
  const where = s3.endpoint ? describeUrl(s3.endpoint) : `AWS ${s3.region}`;
  return `S3 bucket ${s3.bucket} (${where})`;
}

export function startupFacts(config: AppConfig, address: AddressInfo): StartupFacts {
  const base = `http://${reachableHost(address.address)}:${address.port}`;
  return {
    api: `${base}/api`,
    ...(config.apiDocsEnabled && { docs: `${base}/api/docs` }),
    demo_page: `${base}/`,
    ...(config.database.seedDemoData && {
      demo_accounts: `${DEMO_USERS.map((user) => user.email).join(', ')} (password ${DEMO_PASSWORD})`,
    }),
    database: describeDatabase(config),
    redis: config.redis.url ? `Redis at ${describeUrl(config.redis.url)}` : 'in-process (single instance)',
    storage: describeStorage(config),
  };
}

/** The facts as a short block of text, for a terminal. */
export function renderBanner(facts: StartupFacts): string {
  const labels = Object.keys(facts).map((key) => key.replace('_', ' '));
  const width = Math.max(...labels.map((label) => label.length));
  const lines = Object.values(facts).map((value, index) => `  ${labels[index].padEnd(width)}  ${value}`);
  return ['', 'Hearth is ready', ...lines, ''].join('\n');
}
