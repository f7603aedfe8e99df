import { readFile } from 'node:fs/promises';
import { isDeepStrictEqual } from 'node:util';
import type { RunningHearth } from './hearth.js';

// What must be true before a comparison is worth measuring: every target answers the same data, and Hearth is
// really running as deployed (not quietly lighter than production).

/** Every target must answer the same JSON as the first, or the comparison means nothing. */
export async function assertSameAnswers(
  routes: readonly string[],
  targets: readonly { target: string; baseUrl: string }[],
): Promise<void> {
  const [reference, ...others] = targets;
  for (const route of routes) {
    const expected = await jsonOf(`${reference.baseUrl}${route}`);
    for (const other of others) {
      const actual = await jsonOf(`${other.baseUrl}${route}`);
      if (!isDeepStrictEqual(actual, expected)) {
        throw new Error(
          `${other.target} and ${reference.target} disagree on ${route}:\n` +
            `${JSON.stringify(actual)}\n${JSON.stringify(expected)}`,
        );
      }
    }
  }
}

async function jsonOf(url: string): Promise<unknown> {
  const response = await fetch(url);
  if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}`);
  return response.json();
}

// Headers a deployed Hearth sends on a public read: helmet's, the request id, the limiter's and the ETag.
const DEPLOYED_HEADERS = ['content-security-policy', 'strict-transport-security', 'x-request-id', 'etag'];
const LOG_WAIT_MS = 5_000;

/**
 * Hearth answers `route` with every header of a deployment (and the limiter's, when on), and writes an access-log
 * line for it: production mode, info logs, helmet, ETag and the limiter are all in the measured path.
 */
export async function assertDeployed(hearth: RunningHearth, route: string, limiter = true): Promise<void> {
  const response = await fetch(`${hearth.baseUrl}${route}`, { headers: { 'x-bench-probe': 'deployed' } });
  await response.arrayBuffer();
  const expected = [...DEPLOYED_HEADERS, ...(limiter ? ['x-ratelimit-limit'] : [])];
  const missing = expected.filter((header) => !response.headers.has(header));
  if (response.status !== 200 || missing.length > 0) {
    throw new Error(`GET ${route} answered ${response.status} without ${missing.join(', ') || 'nothing'}`);
  }
  const requestId = response.headers.get('x-request-id')!;
  const deadline = Date.now() + LOG_WAIT_MS;
  // The access log is written after the response has gone out, so it may land a moment later.
  while (Date.now() < deadline) {
    const log = await readFile(hearth.logFile, 'utf8');
    if (log.split('\n').some((line) => line.includes(requestId) && line.includes('"level":30'))) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no info-level access log line for request ${requestId} in ${hearth.logFile}`);
}
