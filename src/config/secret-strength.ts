// How guessable a configured secret is: the entropy estimate behind the production check on JWT_SECRET and
// COOKIE_SECRET.

/** An HMAC-SHA256 key should be as strong as the hash (RFC 7518 asks 256 bits); 128 is the floor accepted. */
export const MIN_SECRET_ENTROPY_BITS = 128;

/** Empirical Shannon entropy per symbol, with the Miller–Madow correction for short samples. */
function entropyPerSymbol(symbols: readonly number[]): number {
  if (symbols.length === 0) return 0;
  const counts = new Map<number, number>();
  for (const symbol of symbols) counts.set(symbol, (counts.get(symbol) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / symbols.length;
    bits -= p * Math.log2(p);
  }
  return bits + (counts.size - 1) / (2 * symbols.length * Math.LN2);
}

/**
 * Estimated bits of entropy of `secret`: its length times the smaller of two per-character entropies, that of
 * its characters and that of the steps between neighbouring characters. The first catches repetition
 * (`aaaa…`, `abab…`, a word repeated), the second runs and sequences (`abcdef…`, `0123…`), which have
 * many distinct characters but one step. Random secrets score close to their real entropy (a 43-character
 * base64url key from 32 random bytes scores about 220). It knows no dictionary: a phrase of real words is judged
 * by its letters alone.
 */
export function estimatedEntropyBits(secret: string): number {
  const codes = Array.from(secret, (character) => character.codePointAt(0)!);
  const steps = codes.slice(1).map((code, index) => code - codes[index]);
  return Math.min(entropyPerSymbol(codes), entropyPerSymbol(steps)) * codes.length;
}

/** A ConfigError line for a secret that is too guessable, or undefined when it is strong enough. */
export function weakSecretIssue(variable: string, secret: string): string | undefined {
  const bits = Math.floor(estimatedEntropyBits(secret));
  if (bits >= MIN_SECRET_ENTROPY_BITS) return undefined;
  return (
    `${variable}: too predictable for production (about ${bits} bits of entropy, at least ` +
    `${MIN_SECRET_ENTROPY_BITS} needed); generate one with \`openssl rand -base64 32\``
  );
}
