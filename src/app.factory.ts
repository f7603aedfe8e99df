import { type INestApplication, VERSION_NEUTRAL, VersioningType } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import { type FastifyError, type FastifyReply, type FastifyRequest, LogController } from 'fastify';
import type { IncomingMessage } from 'node:http';
import { constants as zlibConstants } from 'node:zlib';
import type { Logger as PinoInstance } from 'pino';
import { AppModule } from './app.module.js';
import { createApiDocument } from './api-document.js';
import { registerDemoPage } from './demo/demo-page.js';
import { HearthIoAdapter } from './realtime/socket-io.adapter.js';
import { toErrorResponse } from './common/errors/error-response.js';
import { unacceptedBodyError } from './common/http/accepted-body-types.js';
import { registerEtags } from './common/http/etags.js';
import { REQUEST_ID_HEADER, requestIdFor } from './common/http/request-id.js';
import { registerSecurityHeaders } from './common/http/security-headers.js';
import { accessLineWriter } from './common/logging/access-line.js';
import { deferredChildLoggerFactory } from './common/logging/deferred-child-logger.js';
import { createRootLogger, NestPinoLogger } from './common/logging/logger.js';
import type { AppConfig } from './config/app-config.js';
import { fastifyTrustProxy } from './config/trust-proxy.js';
import { registerHttpMetrics } from './infra/metrics/http-metrics.hooks.js';
import { exposeMetricsOnApiPort } from './infra/metrics/metrics-endpoint.js';
import { Metrics } from './infra/metrics/metrics.js';
import { DIRECT_UPLOAD_TYPES, MULTIPART_LIMITS } from './uploads/multipart-files.js';

const COMPRESSION_THRESHOLD_BYTES = 1024;
const V2_MEDIA_TYPE = /application\/vnd\.hearth\.v2\+json/i;
const HEADER_VERSIONED_PREFIX = /^\/api\/(posts|comments)(?=$|[/?])/;

type VersionedRequest = IncomingMessage & { headerVersioned?: boolean };

/**
 * Header versioning: `/api/posts...` and `/api/comments...` are served by v2 when Accept names the v2 media type, else by v1. Rewriting
 * before routing keeps one set of versioned controllers.
 */
function rewriteHeaderVersionedUrl(request: VersionedRequest): string {
  const url = request.url ?? '/';
  if (!HEADER_VERSIONED_PREFIX.test(url)) return url;
  request.headerVersioned = true;
  const version = V2_MEDIA_TYPE.test(request.headers.accept ?? '') ? 'v2' : 'v1';
  return `/api/${version}${url.slice('/api'.length)}`;
}

export function createHttpAdapter(config: AppConfig, logger: PinoInstance): FastifyAdapter {
  return new FastifyAdapter({
    loggerInstance: logger,
    // Fastify's own request logs are off: the onResponse hook writes one line per request, without secrets.
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'req_id' }),
    childLoggerFactory: deferredChildLoggerFactory,
    genReqId: requestIdFor,
    requestIdHeader: false,
    trustProxy: fastifyTrustProxy(config.http.trustProxy),
    bodyLimit: config.http.bodyLimitBytes,
    rewriteUrl: rewriteHeaderVersionedUrl,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    routerOptions: { maxParamLength: 200 },
    // The router refuses a malformed URL (bad percent-encoding) or an over-long path parameter before any hook or
    // Nest filter runs; without this, that answer has Fastify's own error shape and no X-Request-Id.
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      void sendErrorBeforeRouting(reply, request, error);
    },
  });
}

/** An error answered by Fastify itself (router, hooks), in the contract's shape and with X-Request-Id. */
function sendErrorBeforeRouting(reply: FastifyReply, request: FastifyRequest, error: unknown): FastifyReply {
  const { status, body } = toErrorResponse(error);
  return reply
    .status(status)
    .header(REQUEST_ID_HEADER, request.id)
    .header('cache-control', 'no-store')
    .type('application/json; charset=utf-8')
    .send(body);
}

/** Everything about the HTTP surface that is not a module: plugins, hooks, prefixes, versioning, docs. */
export async function configureApp(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  const metrics = app.get(Metrics);
  // First, so that every request counted in by its onRequest hook is counted out.
  registerHttpMetrics(fastify, metrics);
  await registerPlugins(app, config);
  addHooks(app);
  // After the plugins, so that compression (Prometheus asks for gzip) applies to it.
  exposeMetricsOnApiPort(fastify, metrics, config.metrics.token);
  app.useWebSocketAdapter(new HearthIoAdapter(app, config));
  await registerDemoPage(app);
  configureRouting(app);
  if (config.apiDocsEnabled) serveApiDocs(app);
}

/** The `/api` prefix and URI versioning: part of every route's path, in the app and in its OpenAPI document. */
export function configureRouting(app: INestApplication): void {
  app.setGlobalPrefix('api', { exclude: ['health', 'health/ready', '/'] });
  app.enableVersioning({ type: VersioningType.URI, defaultVersion: VERSION_NEUTRAL });
}

/** Security headers, cookies, compression and the body parsers. */
async function registerPlugins(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  registerSecurityHeaders(fastify, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", "'unsafe-inline'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'", 'ws:', 'wss:'],
      },
    },
    hsts: config.isProduction,
  });
  // Parses cookies (the hearth_session cookie) and signs short-lived ones (OAuth state).
  await app.register(cookie, { secret: config.auth.cookieSecret });
  await app.register(compress, {
    global: true,
    threshold: COMPRESSION_THRESHOLD_BYTES,
    encodings: ['br', 'gzip', 'deflate'],
    // Brotli's default quality (11) costs more CPU than it saves on JSON of this size.
    brotliOptions: { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 4 } },
  });

  // A JSON API: a text/plain body is an unsupported media type (415), not a string to validate (400).
  fastify.removeContentTypeParser('text/plain');

  // Uploads: multipart files are streamed by the uploads service (never buffered); the limits stop busboy.
  // Image bodies (direct uploads to local-disk storage) are left unread for their route to stream.
  await app.register(multipart, { limits: MULTIPART_LIMITS });
  fastify.addContentTypeParser(DIRECT_UPLOAD_TYPES, (_request, _payload, done) => done(null));
}

/** X-Request-Id on every answer, ETags, Vary: Accept on header-versioned ones, one log line per request. */
function addHooks(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header(REQUEST_ID_HEADER, request.id);
    const refusal = unacceptedBodyError(request);
    // Answering from a callback hook means not calling done().
    if (refusal) sendErrorBeforeRouting(reply, request, refusal);
    else done();
  });
  registerEtags(fastify);
  fastify.addHook('onSend', (request, reply, payload, done) => {
    if ((request.raw as VersionedRequest).headerVersioned) {
      const vary = reply.getHeader('vary');
      reply.header('vary', vary ? `${String(vary)}, Accept` : 'Accept');
    }
    done(null, payload);
  });
  const writeAccessLine = accessLineWriter(fastify.log as PinoInstance);
  fastify.addHook('onResponse', (request, reply, done) => {
    writeAccessLine(request, reply);
    done();
  });
}

/**
 * The OpenAPI document generated from the controllers: Swagger UI at /api/docs, JSON at /api/docs-json. Off by
 * default in production (API_DOCS_ENABLED): both go together, since the document maps every route for an attacker
 * as well as the UI does. A deployment that wants them public (or behind its own gateway) sets API_DOCS_ENABLED=true.
 */
function serveApiDocs(app: NestFastifyApplication): void {
  SwaggerModule.setup('api/docs', app, createApiDocument(app), {
    jsonDocumentUrl: 'api/docs-json',
    useGlobalPrefix: false,
  });
}

export async function createApp(
  config: AppConfig,
  logger = createRootLogger(config.logLevel),
): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config),
    createHttpAdapter(config, logger),
    {
      logger: new NestPinoLogger(logger),
    },
  );
  await configureApp(app, config);
  return app;
}
