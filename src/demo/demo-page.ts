import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The demo page at `/`: plain files from `public/` (no build step) and the socket.io browser client, which the
 * socket.io server does not serve itself (`serveClient: false`). Both are Fastify routes outside Nest, so they
 * are public and skip the API's guards and interceptors, but not helmet's CSP: the page loads only same-origin
 * scripts. Owns nothing but these static routes; the page talks to the API like any other client.
 */

/** `public/` at the repository root, from `src/demo/` (tests, tsx) and from `dist/demo/` (the build) alike. */
const PUBLIC_DIR = fileURLToPath(new URL('../../public/', import.meta.url));
export const SOCKET_IO_CLIENT_PATH = '/vendor/socket.io.min.js';

export async function registerDemoPage(app: NestFastifyApplication): Promise<void> {
  if (!existsSync(PUBLIC_DIR)) return;
  // wildcard: false registers one route per file found at start (and `/` for index.html), so unknown paths
  // keep reaching the API's JSON 404.
  await app.register(fastifyStatic, { root: PUBLIC_DIR, prefix: '/', wildcard: false });

  const clientDir = socketIoClientDir();
  if (clientDir) {
    app
      .getHttpAdapter()
      .getInstance()
      .get(SOCKET_IO_CLIENT_PATH, (_request, reply) => reply.sendFile('socket.io.min.js', clientDir));
  }
}

/** socket.io-client's dist folder, or null when it is not installed (it is a dev dependency). */
function socketIoClientDir(): string | null {
  try {
    const manifest = createRequire(import.meta.url).resolve('socket.io-client/package.json');
    const dir = path.join(path.dirname(manifest), 'dist');
    return existsSync(path.join(dir, 'socket.io.min.js')) ? dir : null;
  } catch {
    return null;
  }
}
