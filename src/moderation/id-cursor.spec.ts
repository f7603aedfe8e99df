import { decodeIdCursor, encodeIdCursor, pageOf } from './id-cursor.js';

describe('moderation list cursors', () => {
  it('round-trips an id through an opaque cursor', () => {
    expect(decodeIdCursor(encodeIdCursor(42))).toBe(42);
    expect(encodeIdCursor(42)).not.toContain('42');
  });

  it.each([
    ['not base64 JSON', 'nope'],
    ['an empty list', Buffer.from('[]').toString('base64url')],
    ['two values', Buffer.from('[1,2]').toString('base64url')],
    ['zero', Buffer.from('[0]').toString('base64url')],
    ['a fraction', Buffer.from('[1.5]').toString('base64url')],
    ['a string id', Buffer.from('["7"]').toString('base64url')],
    ['an id beyond int4', Buffer.from('[2147483648]').toString('base64url')],
    ['an object', Buffer.from('{"id":1}').toString('base64url')],
  ])('refuses %s with 400 invalid_cursor', (_what, raw) => {
    expect(() => decodeIdCursor(raw)).toThrow(
      expect.objectContaining({ code: 'invalid_cursor', status: 400 }),
    );
  });

  it('pages rows fetched with limit + 1: a next cursor only when there is more', () => {
    const rows = [{ id: 9 }, { id: 7 }, { id: 4 }];

    expect(pageOf(rows, 2)).toEqual({ items: [{ id: 9 }, { id: 7 }], nextCursor: encodeIdCursor(7) });
    expect(pageOf(rows, 3)).toEqual({ items: rows, nextCursor: null });
    expect(pageOf([], 3)).toEqual({ items: [], nextCursor: null });
  });
});
