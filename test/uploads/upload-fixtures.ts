import { DeleteObjectsCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import S3rver from 's3rver';
import type { User } from '../../src/generated/prisma/client.js';
import { authHeadersFor } from '../support/auth.js';
import type { TestApp } from '../support/test-app.js';

// Images, multipart requests and storage backends for the uploads tests.

export const MB = 1024 * 1024;

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A real 1×1 PNG, padded after IEND (decoders ignore trailing bytes) to `size` bytes when asked. */
export function pngBytes(size = 0): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(1, 0);
  header.writeUInt32BE(1, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // truecolour
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', zlib.deflateSync(Buffer.from([0, 255, 0, 0]))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
  return size > png.length ? Buffer.concat([png, Buffer.alloc(size - png.length, 0x2a)]) : png;
}

/** A JPEG (JFIF) stream: SOI, APP0, filler, EOI. */
export function jpegBytes(): Buffer {
  return Buffer.concat([
    Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00]),
    Buffer.from([0x00, 0x01, 0x00, 0x01, 0x00, 0x00]),
    Buffer.alloc(300, 0x11),
    Buffer.from([0xff, 0xd9]),
  ]);
}

export const NOT_AN_IMAGE = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
);

export interface FilePart {
  name: string;
  bytes: Buffer;
  field?: string;
  type?: string;
}

export interface FetchResult {
  status: number;
  body: any;
  headers: Headers;
}

async function readResult(response: Response): Promise<FetchResult> {
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : text;
  } catch {
    body = text;
  }
  return { status: response.status, body, headers: response.headers };
}

/** POST /api/uploads as `user`, a real multipart/form-data request built by fetch's FormData. */
export async function postFiles(t: TestApp, user: Pick<User, 'id'>, files: FilePart[]): Promise<FetchResult> {
  const form = new FormData();
  for (const file of files) {
    form.append(
      file.field ?? 'files',
      new Blob([new Uint8Array(file.bytes)], { type: file.type ?? 'application/octet-stream' }),
      file.name,
    );
  }
  const response = await fetch(`${t.baseUrl}/api/uploads`, {
    method: 'POST',
    body: form,
    headers: await authHeadersFor(t, user),
  });
  return readResult(response);
}

export async function fetchResult(url: string, init?: RequestInit): Promise<FetchResult> {
  return readResult(await fetch(url, init));
}

/** Where objects end up, seen from outside the API: a directory, or a bucket read through the SDK. */
export interface StorageBackend {
  name: string;
  env: Record<string, string>;
  /** Every object key in the storage (including half-written files, for local disk). */
  keys(): Promise<string[]>;
  /** The URL a client uses for a URL the API handed out (local-disk URLs name PUBLIC_URL, a proxy here). */
  reachable(t: TestApp, url: string): string;
  clear(): Promise<void>;
  close(): Promise<void>;
}

const LOCAL_PUBLIC_URL = 'http://files.hearth.test';

export async function localDiskBackend(): Promise<StorageBackend> {
  const directory = await mkdtemp(path.join(os.tmpdir(), 'hearth-uploads-'));
  return {
    name: 'local disk',
    env: {
      STORAGE_DRIVER: 'local',
      STORAGE_LOCAL_DIR: directory,
      PUBLIC_URL: LOCAL_PUBLIC_URL,
      UPLOAD_SWEEP_INTERVAL_SECONDS: '0',
    },
    async keys() {
      const entries = await readdir(directory, { recursive: true, withFileTypes: true });
      return entries
        .filter((entry) => entry.isFile())
        .map((entry) =>
          path.relative(directory, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'),
        )
        .sort();
    },
    reachable(t, url) {
      expect(url.startsWith(`${LOCAL_PUBLIC_URL}/api/uploads/files/`)).toBe(true);
      const { pathname, search } = new URL(url);
      return `${t.baseUrl}${pathname}${search}`;
    },
    async clear() {
      await rm(directory, { recursive: true, force: true });
      await mkdir(directory);
    },
    close: () => rm(directory, { recursive: true, force: true }),
  };
}

const BUCKET = 'hearth-uploads';

/** s3rver (a local server speaking the S3 protocol) on a random port, reached through the real AWS SDK. */
export async function s3rverBackend(): Promise<StorageBackend> {
  const directory = await mkdtemp(path.join(os.tmpdir(), 'hearth-s3rver-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: BUCKET, configs: [] }],
  });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  const keys = async () => {
    const listed = await client.send(new ListObjectsV2Command({ Bucket: BUCKET }));
    return (listed.Contents ?? []).map((object) => object.Key!).sort();
  };
  return {
    name: 'S3 (s3rver)',
    env: {
      S3_BUCKET: BUCKET,
      S3_ENDPOINT: endpoint,
      S3_REGION: 'us-east-1',
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
      S3_FORCE_PATH_STYLE: 'true',
      UPLOAD_SWEEP_INTERVAL_SECONDS: '0',
    },
    keys,
    reachable: (_t, url) => {
      expect(url.startsWith(`${endpoint}/${BUCKET}/`)).toBe(true);
      return url;
    },
    async clear() {
      const existing = await keys();
      if (existing.length === 0) return;
      await client.send(
        new DeleteObjectsCommand({ Bucket: BUCKET, Delete: { Objects: existing.map((Key) => ({ Key })) } }),
      );
    },
    async close() {
      client.destroy();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
