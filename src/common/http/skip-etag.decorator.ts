import { SetMetadata } from '@nestjs/common';
import { SKIP_ETAG } from './etag.interceptor.js';

/** For GET routes whose answers must not be cached or conditionally answered (health, streams). */
export const SkipEtag = () => SetMetadata(SKIP_ETAG, true);
