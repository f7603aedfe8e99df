import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { SESSION_COOKIE } from './auth/session-cookie.js';
import { completeDocument } from './common/openapi/complete-document.js';

const SCHEMES = { bearer: 'bearer', cookie: 'cookie', apiKey: 'api-key' };

/**
 * The OpenAPI document of an app whose routes are registered (prefix and versioning applied): what the controllers
 * declare, completed with the conventions every route shares. Served at /api/docs-json and committed as
 * openapi.json (`npm run openapi`); a test keeps the two equal.
 */
export function createApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Hearth API')
    .setDescription(
      'REST/JSON API of Hearth. Every error is `{"error":{"code","message","details"}}`; versioning and the ' +
        'real-time contract are in README.md.',
    )
    .setVersion('1.0')
    .addBearerAuth(undefined, SCHEMES.bearer)
    .addCookieAuth(SESSION_COOKIE, undefined, SCHEMES.cookie)
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key' }, SCHEMES.apiKey)
    .build();
  const document = SwaggerModule.createDocument(app, config);
  return completeDocument(document, {
    schemes: SCHEMES,
    // As the rate limiter (rate-limit.guard.ts): health and the docs are not limited.
    unlimitedPaths: /^\/(health|api\/docs)(\/|-json|$)/,
  });
}
