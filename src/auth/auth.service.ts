import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import type { User } from '../generated/prisma/client.js';
import { isUniqueViolation } from '../infra/database/prisma-errors.js';
import { UsersRepository } from '../users/users.repository.js';
import { AuthError } from './auth.errors.js';
import { AccessTokenService, type IssuedAccessToken } from './access-token.service.js';
import type { AuthenticatedUser } from './authenticated-user.js';
import { type AttemptSource, BruteForceProtection } from './brute-force/brute-force.protection.js';
import { EmailConfirmationService } from './email-confirmation.service.js';
import { normalizeEmail } from './normalize-email.js';
import { PasswordHasher } from './password-hasher.js';
import { RefreshTokensService } from './refresh-tokens.service.js';

/** Where a sign-in attempt comes from: the client address, and its known-device id for the account, if any. */
export type SignInClient = Omit<AttemptSource, 'account'>;

export interface TokenPair {
  accessToken: string;
  expiresIn: number;
  refreshToken: string;
}

/** Accounts with passwords: registration, credential checks and bearer token pairs. */
@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly bruteForce: BruteForceProtection,
    private readonly accessTokens: AccessTokenService,
    private readonly refreshTokens: RefreshTokensService,
    private readonly emailConfirmation: EmailConfirmationService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** A password account, unconfirmed until the emailed link is used (signing in does not wait for it). */
  async register(email: string, password: string): Promise<User> {
    const passwordHash = await this.hasher.hash(password);
    let user: User;
    try {
      user = await this.users.create({ email: normalizeEmail(email), passwordHash });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new AuthError('email_taken', 'An account with this email already exists.');
      }
      throw error;
    }
    await this.emailConfirmation.sendAfterRegistration(user);
    return user;
  }

  /**
   * The user with this email and password, or 401 `invalid_credentials` (the same answer, after the same
   * amount of hashing work, whether or not the email has an account). The attempt is counted against brute
   * force before the password is checked.
   */
  async verifyCredentials(email: string, password: string, client: SignInClient): Promise<User> {
    const account = normalizeEmail(email);
    const attempt = await this.bruteForce.beginSignIn({ account, ...client });
    const user = await this.users.findByEmail(account);
    const check = await this.hasher.verify(user?.passwordHash, password);
    if (!user || !check.valid) {
      throw new AuthError('invalid_credentials', 'The email or password is wrong.');
    }
    await attempt.succeeded();
    if (check.needsRehash) {
      const rehashed = await this.hasher.hash(password);
      if (await this.users.replacePasswordHash(user.id, user.passwordHash, rehashed)) {
        return { ...user, passwordHash: rehashed };
      }
    }
    // The hash this password was proven against (or its upgrade): a change made over it can tell if another landed.
    return user;
  }

  /** A fresh pair for `user`, under the credentials epoch read together with the password that proved them. */
  async issueTokenPair(user: Pick<User, 'id' | 'credentialsChangedAt'>): Promise<TokenPair> {
    const credentialsEpoch = user.credentialsChangedAt;
    const access = await this.accessTokens.issue(
      { id: user.id, credentialsEpoch },
      this.config.auth.accessTokenTtlSeconds,
    );
    const refreshToken = await this.refreshTokens.issue(user.id, credentialsEpoch);
    return { accessToken: access.token, expiresIn: access.expiresIn, refreshToken };
  }

  async refresh(refreshToken: string): Promise<TokenPair> {
    const rotated = await this.refreshTokens.rotate(refreshToken);
    const access = await this.accessTokens.issue(
      { id: rotated.userId, credentialsEpoch: rotated.credentialsEpoch },
      this.config.auth.accessTokenTtlSeconds,
    );
    return { accessToken: access.token, expiresIn: access.expiresIn, refreshToken: rotated.refreshToken };
  }

  /** A short-lived token for the socket.io handshake, tied to the caller's session (if any) and epoch. */
  async issueSocketToken(user: AuthenticatedUser): Promise<IssuedAccessToken> {
    if (user.via === 'api_key' || !user.credentialsEpoch) {
      throw new AuthError('api_key_forbidden', 'API keys cannot open sockets: sign in as a person.');
    }
    return this.accessTokens.issue(
      { id: user.id, credentialsEpoch: user.credentialsEpoch, sessionId: user.sessionId },
      this.config.auth.socketTokenTtlSeconds,
    );
  }

  async findUser(id: number): Promise<User> {
    const user = await this.users.findById(id);
    if (!user) throw new AuthError('unauthenticated', 'Authentication is required.');
    return user;
  }
}
