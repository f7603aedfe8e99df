// Until the committed openapi.json exists: the document the server serves at /api/docs-json, built from the compiled
// controllers without a database (Nest's preview mode instantiates nothing). Run after `npm run build`.
import 'reflect-metadata';
import { VERSION_NEUTRAL, VersioningType } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const dist = (file) => pathToFileURL(path.resolve('dist', file)).href;
const { AppModule } = await import(dist('app.module.js'));
const { loadConfig } = await import(dist('config/app-config.js'));
const { SESSION_COOKIE } = await import(dist('auth/session-cookie.js'));

export async function servedDocument() {
  const app = await NestFactory.create(AppModule.forRoot(loadConfig({})), new FastifyAdapter(), {
    preview: true,
    logger: false,
  });
  app.setGlobalPrefix('api', { exclude: ['health', 'health/ready', '/'] });
  app.enableVersioning({ type: VersioningType.URI, defaultVersion: VERSION_NEUTRAL });
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Hearth API')
      .setVersion('1.0')
      .addBearerAuth()
      .addCookieAuth(SESSION_COOKIE)
      .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key' }, 'api-key')
      .build(),
  );
  await app.close();
  return document;
}
