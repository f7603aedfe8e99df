import { BadRequestError } from '../common/errors/domain-error.js';

/** Position in the newest-first order (created_at desc, id desc). Opaque to clients: base64url JSON. */
export interface PostCursor {
  createdAt: Date;
  id: number;
}

export function encodePostCursor(cursor: PostCursor): string {
  return Buffer.from(JSON.stringify([cursor.createdAt.toISOString(), cursor.id])).toString('base64url');
}

export function decodePostCursor(raw: string): PostCursor {
  const invalid = () => new BadRequestError('invalid_cursor', 'The cursor is not one this API issued.');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) throw invalid();
  const [iso, id] = parsed as [unknown, unknown];
  const createdAt = typeof iso === 'string' ? new Date(iso) : new Date(NaN);
  if (Number.isNaN(createdAt.getTime()) || !Number.isSafeInteger(id) || (id as number) < 1) throw invalid();
  return { createdAt, id: id as number };
}
