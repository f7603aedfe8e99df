// Which request bodies a route accepts: JSON everywhere, other media types only where a route says so.
import type { FastifyRequest } from 'fastify';
import { CommonError } from '../errors/common.errors.js';
import { MergeRouteConfig } from './route-config.js';

const JSON = 'application/json';

interface BodyTypesRouteConfig {
  acceptedBodyTypes?: readonly string[];
}

/**
 * Lets this route take bodies of these media types as well as JSON (the upload routes). JSON stays readable
 * everywhere, so that its size limit and errors are the same on every route.
 */
export const AcceptsBodyTypes = (...types: string[]) =>
  MergeRouteConfig({ acceptedBodyTypes: types } satisfies BodyTypesRouteConfig);

function hasBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * 415 for a body the matched route does not accept. Browsers post form-encoded and multipart bodies to any origin
 * without a CORS preflight, so a JSON API that parsed them would hand cross-site forms a way in. Runs before the
 * body is read; unmatched URLs are left to their 404.
 */
export function unacceptedBodyError(request: FastifyRequest): CommonError | undefined {
  if (request.is404 || !hasBody(request)) return undefined;
  const config = request.routeOptions.config as BodyTypesRouteConfig;
  const accepted = [JSON, ...(config.acceptedBodyTypes ?? [])];
  const mediaType = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (accepted.includes(mediaType)) return undefined;
  return new CommonError(
    'unsupported_media_type',
    `This route accepts ${accepted.join(' or ')} bodies${mediaType ? `, not ${mediaType}` : ''}.`,
  );
}
