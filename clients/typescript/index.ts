// The typed Hearth client: openapi-fetch over the types generated from the OpenAPI document (hearth-api.ts).
// Every path, parameter, body and response is checked by tsc; regenerate with `npm run client:generate`.
import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { paths } from './hearth-api.js';

export type { components, operations, paths } from './hearth-api.js';

export type HearthClient = Client<paths>;

export interface HearthClientOptions extends ClientOptions {
  /** Bearer access token from `POST /api/auth/token` (or `/api/auth/token/refresh`). */
  accessToken?: string;
  /** Partner API key (`X-API-Key`), issued by an admin at `POST /api/admin/api-keys`. */
  apiKey?: string;
}

/**
 * A client for one Hearth at `baseUrl`, acting as nobody, as the holder of `accessToken`, or as `apiKey`. Bearer and
 * API-key requests need no CSRF header (browsers never attach them by themselves); cookie sessions are for browsers.
 */
export function createHearthClient({ accessToken, apiKey, ...options }: HearthClientOptions): HearthClient {
  const credentials: Record<string, string> = {};
  if (accessToken) credentials.authorization = `Bearer ${accessToken}`;
  if (apiKey) credentials['x-api-key'] = apiKey;
  return createClient<paths>({ ...options, headers: { ...credentials, ...toRecord(options.headers) } });
}

function toRecord(headers: ClientOptions['headers']): Record<string, string> {
  if (!headers) return {};
  if (headers instanceof Headers || Array.isArray(headers)) return Object.fromEntries(new Headers(headers));
  return Object.fromEntries(
    Object.entries(headers)
      .filter(([, value]) => value !== null && value !== undefined)
      .map(([name, value]) => [name, String(value)]),
  );
}
