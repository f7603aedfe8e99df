import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import type { User } from '../generated/prisma/client.js';
import { isUniqueViolation } from '../infra/database/prisma-errors.js';
import { UsersRepository } from '../users/users.repository.js';
import { AuthError } from './auth.errors.js';
import { AccessTokenService } from './access-token.service.js';
import { BruteForceProtection } from './brute-force/brute-force.protection.js';
import { normalizeEmail } from './normalize-email.js';
import { PasswordHasher } from './password-hasher.js';
import { RefreshTokensService } from './refresh-tokens.service.js';

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
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async register(email: string, password: string): Promise<User> {
    const passwordHash = await this.hasher.hash(password);
    try {
      return await this.users.create({ email: normalizeEmail(email), passwordHash });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new AuthError('email_taken', 'An account with this email already exists.');
      }
      throw error;
    }
  }

  /**
   * The user with this email and password, or 401 `invalid_credentials` (the same answer, after the same
   * amount of hashing work, whether or not the email has an account). Guarded against brute force.
   */
  async verifyCredentials(email: string, password: string, ip: string): Promise<User> {
    const source = { account: normalizeEmail(email), ip };
    await this.bruteForce.assertAllowed('login', source);
    const user = await this.users.findByEmail(source.account);
    const check = await this.hasher.verify(user?.passwordHash, password);
    if (!user || !check.valid) {
      await this.bruteForce.recordFailure('login', source);
      throw new AuthError('invalid_credentials', 'The email or password is wrong.');
    }
    await this.bruteForce.recordSuccess('login', source);
    if (check.needsRehash) {
      await this.users.replacePasswordHash(user.id, user.passwordHash, await this.hasher.hash(password));
    }
    return user;
  }

  async issueTokenPair(userId: number): Promise<TokenPair> {
    const access = await this.accessTokens.issue({ id: userId }, this.config.auth.accessTokenTtlSeconds);
    const refreshToken = await this.refreshTokens.issue(userId);
    return { accessToken: access.token, expiresIn: access.expiresIn, refreshToken };
  }

  async refresh(refreshToken: string): Promise<TokenPair> {
    const rotated = await this.refreshTokens.rotate(refreshToken);
    const access = await this.accessTokens.issue(
      { id: rotated.userId },
      this.config.auth.accessTokenTtlSeconds,
    );
    return { accessToken: access.token, expiresIn: access.expiresIn, refreshToken: rotated.refreshToken };
  }

  async findUser(id: number): Promise<User> {
    const user = await this.users.findById(id);
    if (!user) throw new AuthError('unauthenticated', 'Authentication is required.');
    return user;
  }
}
