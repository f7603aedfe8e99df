import zlib from 'node:zlib';
import type { User } from '../../src/generated/prisma/client.js';
import { authHeadersFor } from '../support/auth.js';
import type { TestApp } from '../support/test-app.js';

// Images and multipart requests for the uploads tests (storage backends: test/support/storage.ts).

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
