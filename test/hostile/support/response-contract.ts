import type { HttpResponse } from '../../support/http.js';

/** The error statuses the contract promises (docs/API conventions); 5xx is never the client's doing. */
export const DOCUMENTED_ERROR_STATUSES = new Set([400, 401, 402, 403, 404, 409, 413, 415, 422, 429]);

/** Signs that an internal detail escaped into a response: stack frames, file paths, ORM or SQL wording. */
const LEAKS: [string, RegExp][] = [
  ['a stack frame', /\bat [\w$.<>]+ \(|\bat (file:|node:|\/)|:\d+:\d+\)/],
  ['a file path', /node_modules|\/work\/|\/home\/|\/usr\/|[\w-]+\.(ts|js|mjs):\d+/],
  ['a Prisma message', /prisma|Invalid `|P[0-9]{4}\b/i],
  [
    'an SQL message',
    /SQLSTATE|syntax error at|violates .* constraint|relation "|column "|invalid byte sequence/i,
  ],
  [
    'a JavaScript error',
    /TypeError|RangeError|ReferenceError|SyntaxError|Cannot read propert|Maximum call stack/,
  ],
];

/** Throws with a message naming the request when the response breaks the error contract; else returns nothing. */
export function assertErrorContract(what: string, response: HttpResponse): void {
  const fail = (reason: string) => {
    throw new Error(`${what}\n  → ${response.status}: ${reason}\n  body: ${response.text.slice(0, 500)}`);
  };
  if (!DOCUMENTED_ERROR_STATUSES.has(response.status)) fail('not a documented error status');
  if (!/^application\/json\b/.test(String(response.headers['content-type'] ?? ''))) {
    fail(`content-type ${String(response.headers['content-type'])} is not JSON`);
  }
  const body = response.body as { error?: Record<string, unknown> } | string;
  if (typeof body !== 'object' || body === null || Object.keys(body).join() !== 'error') {
    fail('the body is not {"error": {...}}');
  }
  const error = (body as { error?: Record<string, unknown> }).error;
  if (typeof error !== 'object' || error === null) return fail('error is not an object');
  if (typeof error.code !== 'string' || !/^[a-z][a-z0-9_]*$/.test(error.code))
    fail('error.code is not a code');
  if (typeof error.message !== 'string' || error.message === '') fail('error.message is missing');
  const extra = Object.keys(error).filter((key) => !['code', 'message', 'details'].includes(key));
  if (extra.length > 0) fail(`error has undocumented keys ${extra.join(', ')}`);
  for (const [label, pattern] of LEAKS) {
    if (pattern.test(response.text)) fail(`the body leaks ${label}`);
  }
}
