import { isStorableId } from '../common/validation/ids.js';
import { PostsError } from './posts.errors.js';

const ISO_UTC_MILLIS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Position in the newest-first order (created_at desc, id desc). Opaque to clients: base64url JSON. */
export interface PostCursor {
  createdAt: Date;
  id: number;
}

export function encodePostCursor(cursor: PostCursor): string {
  return Buffer.from(JSON.stringify([cursor.createdAt.toISOString(), cursor.id])).toString('base64url');
}

export function decodePostCursor(raw: string): PostCursor {
  const invalid = () => new PostsError('invalid_cursor', 'The cursor is not one this API issued.');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) throw invalid();
  const [iso, id] = parsed as [unknown, unknown];
  // Only what encodePostCursor writes: a forged date outside PostgreSQL's range or an id beyond int4 would
  // otherwise reach the database and fail there (a 500 for something the client sent).
  const createdAt = typeof iso === 'string' && ISO_UTC_MILLIS.test(iso) ? new Date(iso) : new Date(NaN);
  if (Number.isNaN(createdAt.getTime()) || createdAt.toISOString() !== iso) throw invalid();
  if (!isStorableId(id)) throw invalid();
  return { createdAt, id };
}
