import { createHash } from 'node:crypto';
import { bearerMatches } from './metrics-endpoint.js';

const TOKEN = 'a-metrics-token-of-at-least-32-characters';
const expected = createHash('sha256').update(TOKEN).digest();

describe('bearerMatches', () => {
  it('accepts exactly `Bearer <token>`', () => {
    expect(bearerMatches(`Bearer ${TOKEN}`, expected)).toBe(true);
  });

  it.each([
    ['no header', undefined],
    ['an empty header', ''],
    ['another scheme', `Basic ${TOKEN}`],
    ['a lower-case scheme', `bearer ${TOKEN}`],
    ['a prefix of the token', `Bearer ${TOKEN.slice(0, -1)}`],
    ['the token and more', `Bearer ${TOKEN}0`],
    ['an empty token', 'Bearer '],
  ])('refuses %s', (_case, header) => {
    expect(bearerMatches(header, expected)).toBe(false);
  });
});
