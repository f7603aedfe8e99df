import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { MAX_INT4 } from '../common/validation/ids.js';
import { UsersRepository } from '../users/users.repository.js';
import { AuthError } from './auth.errors.js';
import { AccessTokenVerifier } from './access-token-verifier.js';
import type { AuthenticatedUser } from './authenticated-user.js';

export const ACCESS_TOKEN_ISSUER = 'hearth';
export const ACCESS_TOKEN_AUDIENCE = 'hearth-api';

interface AccessTokenClaims {
  sub: string;
  typ: 'access';
}

export interface IssuedAccessToken {
  token: string;
  expiresIn: number;
}

/**
 * Short-lived HS256 JWTs (the algorithm is pinned on both sides, see AuthModule). The token names only the user:
 * the user's role is read at verification, so a role change or deleted account takes effect at once.
 */
@Injectable()
export class AccessTokenService extends AccessTokenVerifier {
  constructor(
    private readonly jwt: JwtService,
    private readonly users: UsersRepository,
  ) {
    super();
  }

  async issue(user: { id: number }, ttlSeconds: number): Promise<IssuedAccessToken> {
    const claims: AccessTokenClaims = { sub: String(user.id), typ: 'access' };
    const token = await this.jwt.signAsync(claims, { expiresIn: ttlSeconds });
    return { token, expiresIn: ttlSeconds };
  }

  async verify(token: string): Promise<AuthenticatedUser> {
    const invalid = () => new AuthError('invalid_token', 'The access token is invalid or expired.');
    let claims: Partial<AccessTokenClaims>;
    try {
      claims = await this.jwt.verifyAsync<AccessTokenClaims>(token);
    } catch {
      throw invalid();
    }
    if (claims.typ !== 'access' || typeof claims.sub !== 'string' || !/^\d{1,10}$/.test(claims.sub)) {
      throw invalid();
    }
    const id = Number(claims.sub);
    const user = id <= MAX_INT4 ? await this.users.findById(id) : null;
    if (!user) throw invalid();
    return { id: user.id, email: user.email, role: user.role, via: 'bearer' };
  }
}
