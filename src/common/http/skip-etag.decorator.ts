import { applyDecorators, SetMetadata } from '@nestjs/common';
import { mergeOperationExtension, SKIP_ETAG_EXTENSION } from '../openapi/operation-extensions.js';
import { SKIP_ETAG } from './etag.interceptor.js';

/** For GET routes whose answers must not be cached or conditionally answered (health, streams). */
export const SkipEtag = () =>
  applyDecorators(
    SetMetadata(SKIP_ETAG, true),
    // Tells the OpenAPI document that this route never answers 304.
    mergeOperationExtension(SKIP_ETAG_EXTENSION, () => true),
  );
