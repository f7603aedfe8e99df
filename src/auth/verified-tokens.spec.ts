import { VerifiedTokens } from './verified-tokens.js';

describe('VerifiedTokens', () => {
  let nowMs = 1_800_000_000_000;
  const clock = () => nowMs;
  const expiringIn = (seconds: number) => ({ sub: '7', exp: Math.floor(nowMs / 1000) + seconds });

  it('answers for a token until the second its exp names, as jsonwebtoken judges it, then forgets it', () => {
    const tokens = new VerifiedTokens<{ sub: string; exp?: number }>(10, clock);
    const claims = expiringIn(2);
    tokens.remember('a.b.c', claims);
    expect(tokens.find('a.b.c')).toBe(claims);
    nowMs += 1_999;
    expect(tokens.find('a.b.c')).toBe(claims);
    nowMs += 1;
    expect(tokens.find('a.b.c')).toBeUndefined();
    nowMs -= 2_000;
    expect(tokens.find('a.b.c')).toBeUndefined();
  });

  it('keeps no token without an expiry, or with a start time', () => {
    const tokens = new VerifiedTokens<{ sub: string; exp?: number; nbf?: number }>(10, clock);
    tokens.remember('no.exp.here', { sub: '7' });
    tokens.remember('not.before.yet', { ...expiringIn(60), nbf: Math.floor(nowMs / 1000) + 30 });
    expect(tokens.find('no.exp.here')).toBeUndefined();
    expect(tokens.find('not.before.yet')).toBeUndefined();
  });

  it('holds at most its capacity, letting the oldest go first', () => {
    const tokens = new VerifiedTokens<{ sub: string; exp?: number }>(2, clock);
    for (const token of ['first', 'second', 'third']) tokens.remember(token, expiringIn(60));
    expect(['first', 'second', 'third'].map((token) => tokens.find(token) !== undefined)).toEqual([
      false,
      true,
      true,
    ]);
  });
});
