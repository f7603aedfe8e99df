import { isStorableId } from '../common/validation/ids.js';
import { ModerationError } from './moderation.errors.js';

// Moderation lists run newest first by id (ids only grow), so a position is the last id seen. Opaque to clients
// (base64url JSON), like the posts cursor, so the order can change without breaking the contract.

export function encodeIdCursor(id: number): string {
  return Buffer.from(JSON.stringify([id])).toString('base64url');
}

/** The id a cursor names; a cursor this API did not issue → 400 `invalid_cursor`. */
export function decodeIdCursor(raw: string): number {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  const id: unknown = Array.isArray(parsed) && parsed.length === 1 ? parsed[0] : null;
  if (!isStorableId(id)) {
    throw new ModerationError('invalid_cursor', 'The cursor is not one this API issued.');
  }
  return id;
}

/** One page of a newest-first list fetched with `take: limit + 1`: the rows to show and the next cursor. */
export function pageOf<T extends { id: number }>(
  rows: T[],
  limit: number,
): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeIdCursor(last.id) : null };
}
