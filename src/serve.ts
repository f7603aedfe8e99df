import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.factory.js';
import { chooseLogFormat, createRootLogger, NestPinoLogger } from './common/logging/logger.js';
import type { AppConfig } from './config/app-config.js';
import { seedDemoData } from './demo/demo-seed.js';
import { prepareDatabase } from './infra/database/prepare-database.js';
import { renderBanner, startupFacts } from './startup-banner.js';

/** Prepares the database, serves, and drains and stops on a signal. */
export async function serve(config: AppConfig): Promise<void> {
  const logFormat = chooseLogFormat(config);
  const root = createRootLogger(config.logLevel, undefined, logFormat);
  Logger.overrideLogger(new NestPinoLogger(root));
  const logger = new Logger('Hearth');

  const database = await prepareDatabase(config, seedDemoData);
  const app = await createApp({ ...config, database: { ...config.database, url: database.url } }, root);
  await app.listen({ port: config.http.port, host: config.http.host });
  const facts = startupFacts(config, app.getHttpServer().address() as AddressInfo);
  // JSON logs get the facts as one record; a person at a terminal gets them as a block under the last log line.
  if (logFormat === 'pretty' && root.isLevelEnabled('info')) process.stdout.write(`${renderBanner(facts)}\n`);
  else root.info({ context: 'Hearth', ...facts }, 'Hearth is ready');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal}: draining in-flight requests`);
    const force = setTimeout(() => {
      logger.error(`shutdown took over ${config.http.shutdownTimeoutMs} ms; exiting`);
      process.exit(1);
    }, config.http.shutdownTimeoutMs);
    force.unref();
    try {
      await app.close();
      await database.stop();
    } finally {
      clearTimeout(force);
    }
    process.exit(0);
  };
  // SIGHUP: the terminal running `npm start` was closed. Node's default would exit at once, leaving the embedded
  // PostgreSQL running.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
    process.once(signal, () => void stop(signal));
}
