import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { isStorableId } from '../common/validation/ids.js';
import { BatchedUserReads } from '../users/batched-user-reads.js';
import { AuthError } from './auth.errors.js';
import { AccessTokenVerifier } from './access-token-verifier.js';
import type { AuthenticatedUser } from './authenticated-user.js';
import { SessionsService } from './sessions.service.js';
import { VerifiedTokens } from './verified-tokens.js';

export const ACCESS_TOKEN_ISSUER = 'hearth';
export const ACCESS_TOKEN_AUDIENCE = 'hearth-api';

/** Tokens kept verified per instance: 0.65 KiB each with a session id (measured), so at most ~6.5 MiB. */
const VERIFIED_TOKENS_KEPT = 10_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface AccessTokenClaims {
  sub: string;
  typ: 'access';
  /** The user's credentials epoch (ms) when the token was issued. */
  cep: number;
  /** The cookie session that minted the token (socket tokens), which it does not outlive. */
  sid?: string;
  exp?: number;
}

/** Whom a token is for, and under which credentials epoch: read together with what authorized the token. */
export interface TokenSubject {
  id: number;
  credentialsEpoch: Date;
  sessionId?: string;
}

export interface IssuedAccessToken {
  token: string;
  expiresIn: number;
}

/**
 * Short-lived HS256 JWTs (the algorithm is pinned on both sides, see AuthModule). The token names the user, the
 * credentials epoch it was issued under and, for socket tokens, the session that minted it; the role is read at
 * verification, so a role change or deleted account takes effect at once. A token whose epoch is no longer the
 * user's (logout-all, password reset, take-over) or whose session has ended is refused. Comparing the epoch
 * itself, rather than `iat` (whole seconds) with the time of the change, judges a token minted in the very
 * second of a change by whether it came before or after it, and needs no agreement between instances' clocks.
 */
@Injectable()
export class AccessTokenService extends AccessTokenVerifier {
  private readonly verified = new VerifiedTokens<AccessTokenClaims>(VERIFIED_TOKENS_KEPT);

  constructor(
    private readonly jwt: JwtService,
    private readonly users: BatchedUserReads,
    private readonly sessions: SessionsService,
  ) {
    super();
  }

  async issue(subject: TokenSubject, ttlSeconds: number): Promise<IssuedAccessToken> {
    const claims: AccessTokenClaims = {
      sub: String(subject.id),
      typ: 'access',
      cep: subject.credentialsEpoch.getTime(),
      ...(subject.sessionId && { sid: subject.sessionId }),
    };
    const token = await this.jwt.signAsync(claims, { expiresIn: ttlSeconds });
    return { token, expiresIn: ttlSeconds };
  }

  async verify(token: string): Promise<AuthenticatedUser> {
    const claims = await this.validClaims(token);
    const id = Number(claims.sub);
    const user = isStorableId(id) ? await this.users.find(id) : null;
    const issuedUnder = { userId: id, epochMs: claims.cep, sessionId: claims.sid };
    if (!user || !(await this.stillCurrent(issuedUnder, user.credentialsChangedAt))) throw invalidToken();
    return {
      id: user.id,
      email: user.email,
      role: user.role,
      via: 'bearer',
      credentialsEpoch: user.credentialsChangedAt,
      sessionId: claims.sid,
    };
  }

  async isStillValid(user: AuthenticatedUser, currentEpoch: Date | undefined): Promise<boolean> {
    if (!currentEpoch || !user.credentialsEpoch) return false;
    const issuedUnder = {
      userId: user.id,
      epochMs: user.credentialsEpoch.getTime(),
      sessionId: user.sessionId,
    };
    return this.stillCurrent(issuedUnder, currentEpoch);
  }

  /** A token issued under this epoch (and session, if any) still holds: the epoch has not moved, the session lives. */
  private async stillCurrent(
    issuedUnder: { userId: number; epochMs: number; sessionId?: string },
    currentEpoch: Date,
  ): Promise<boolean> {
    if (currentEpoch.getTime() !== issuedUnder.epochMs) return false;
    return (
      !issuedUnder.sessionId || this.sessions.isLive(issuedUnder.sessionId, issuedUnder.userId, currentEpoch)
    );
  }

  private async validClaims(token: string): Promise<AccessTokenClaims> {
    const known = this.verified.find(token);
    if (known) return known;
    let claims: Partial<AccessTokenClaims>;
    try {
      claims = await this.jwt.verifyAsync<AccessTokenClaims>(token);
    } catch {
      throw invalidToken();
    }
    const wellFormed =
      claims.typ === 'access' &&
      typeof claims.sub === 'string' &&
      /^\d{1,10}$/.test(claims.sub) &&
      Number.isSafeInteger(claims.cep) &&
      (claims.sid === undefined || (typeof claims.sid === 'string' && UUID.test(claims.sid)));
    if (!wellFormed) throw invalidToken();
    this.verified.remember(token, claims as AccessTokenClaims);
    return claims as AccessTokenClaims;
  }
}

function invalidToken(): AuthError {
  return new AuthError('invalid_token', 'The access token is invalid or expired.');
}
