import { DeleteObjectsCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import type { TestApp } from './test-app.js';

// The storage backends a test app can upload to: a temporary directory, or s3rver behind the real AWS SDK.

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
