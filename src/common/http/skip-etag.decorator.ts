import { applyDecorators } from '@nestjs/common';
import { mergeOperationExtension, SKIP_ETAG_EXTENSION } from '../openapi/operation-extensions.js';
import { SKIP_ETAG_CONFIG } from './etags.js';
import { MergeRouteConfig } from './route-config.js';

/**
 * For GET routes whose answers must not be cached or conditionally answered (health, streams). On the route
 * method: Nest hands Fastify the method's route config only.
 */
export const SkipEtag = (): MethodDecorator =>
  applyDecorators(
    MergeRouteConfig({ [SKIP_ETAG_CONFIG]: true }),
    // Tells the OpenAPI document that this route never answers 304.
    mergeOperationExtension(SKIP_ETAG_EXTENSION, () => true),
  );
