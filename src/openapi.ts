// `npm run openapi`: writes the OpenAPI document to openapi.json without a server, database or Redis.
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { createApiDocument } from './api-document.js';
import { configureRouting } from './app.factory.js';
import { AppModule } from './app.module.js';
import { loadConfig } from './config/app-config.js';

/** The document as JSON text, exactly as the committed file holds it (the drift test compares the two). */
export function serializeDocument(document: object): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

async function main(): Promise<void> {
  // Preview mode registers the routes without creating a provider: nothing connects anywhere.
  // The defaults, not this shell's environment: the document does not depend on who generates it.
  const config = loadConfig({ NODE_ENV: 'development', API_DOCS_ENABLED: 'true' });
  const app = await NestFactory.create(AppModule.forRoot(config), new FastifyAdapter(), {
    preview: true,
    logger: false,
  });
  configureRouting(app);
  const target = process.argv[2] ?? 'openapi.json';
  writeFileSync(target, serializeDocument(createApiDocument(app)));
  await app.close();
  process.stdout.write(`wrote ${target}\n`);
}

await main();
