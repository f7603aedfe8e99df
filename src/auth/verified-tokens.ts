/** What a verified access token says about its own lifetime: `exp` in whole seconds, as jsonwebtoken reads it. */
interface ExpiringClaims {
  exp?: unknown;
  nbf?: unknown;
}

/**
 * Tokens whose signature and claims have already been verified, with their claims, until they expire: decoding and
 * HMAC-checking the same bearer token again on every request was a sixth of a signed-in read's CPU. Only what the
 * token itself says is kept. Whether its user, credentials epoch and session still hold is read on every use, so
 * revocation is as immediate as without it. Only tokens this server signed get in, and the oldest goes first once
 * `capacity` is reached.
 */
export class VerifiedTokens<Claims extends ExpiringClaims> {
  private readonly claimsByToken = new Map<string, Claims & { exp: number }>();

  constructor(
    private readonly capacity: number,
    private readonly nowMs: () => number = () => Date.now(),
  ) {}

  /** The claims of a token verified before and not yet expired. */
  find(token: string): Claims | undefined {
    const claims = this.claimsByToken.get(token);
    if (!claims) return undefined;
    if (this.hasExpired(claims)) {
      this.claimsByToken.delete(token);
      return undefined;
    }
    return claims;
  }

  /** Only tokens with an expiry and no start time: every check left on a later use is then `exp`. */
  remember(token: string, claims: Claims): void {
    if (typeof claims.exp !== 'number' || claims.nbf !== undefined) return;
    if (this.claimsByToken.size >= this.capacity) {
      const oldest = this.claimsByToken.keys().next();
      if (!oldest.done) this.claimsByToken.delete(oldest.value);
    }
    this.claimsByToken.set(token, claims as Claims & { exp: number });
  }

  // jsonwebtoken's own test: expired from the second `exp` names (with no clock tolerance configured).
  private hasExpired(claims: { exp: number }): boolean {
    return Math.floor(this.nowMs() / 1000) >= claims.exp;
  }
}
