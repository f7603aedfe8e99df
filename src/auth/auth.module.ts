// Owns who is calling and how they proved it: sessions, tokens, OAuth, password reset, the global guard.
import { Global, Module, type OnModuleInit } from '@nestjs/common';
import { createSecretKey } from 'node:crypto';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { RedisConnections } from '../infra/redis/redis-connections.js';
import { UsersModule } from '../users/users.module.js';
import { AccessTokenVerifier } from './access-token-verifier.js';
import { AdminSuccessionPolicy } from './admin-succession.policy.js';
import { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER, AccessTokenService } from './access-token.service.js';
import { AuthController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { BearerCredentialResolver } from './bearer.credential-resolver.js';
import { AttemptCounterStore } from './brute-force/attempt-counter-store.js';
import { InMemoryAttemptCounterStore } from './brute-force/in-memory.attempt-counter-store.js';
import { RedisAttemptCounterStore } from './brute-force/redis.attempt-counter-store.js';
import { BruteForceProtection } from './brute-force/brute-force.protection.js';
import { CredentialsRevocation } from './credentials-revocation.service.js';
import { CsrfOriginPolicy } from './csrf-origin.policy.js';
import { CurrentUserResolver } from './current-user.resolver.js';
import { EmailConfirmationService } from './email-confirmation.service.js';
import { LogMailer } from './mail/log.mailer.js';
import { MailOutbox } from './mail/mail-outbox.js';
import { Mailer } from './mail/mailer.js';
import { SmtpMailer } from './mail/smtp.mailer.js';
import { OAuthAccountsService } from './oauth/oauth-accounts.service.js';
import { OAuthIdentitiesRepository } from './oauth/oauth-identities.repository.js';
import { OAuthStrategyRegistry } from './oauth/oauth-strategy.registry.js';
import { OAuthController } from './oauth/oauth.controller.js';
import { PasswordHasher } from './password-hasher.js';
import { PasswordResetService } from './password-reset.service.js';
import { RefreshTokensService } from './refresh-tokens.service.js';
import { SessionCredentialResolver } from './session.credential-resolver.js';
import { SessionsService } from './sessions.service.js';

// Bearer tokens are explicit, so they win over the ambient session cookie; other modules' resolvers (API keys)
// register with their own order in between.
const BEARER_ORDER = 10;
const SESSION_ORDER = 200;

/**
 * Who is calling, and how they proved it: password accounts, cookie sessions, bearer tokens, Google/GitHub
 * sign-in, password reset, email confirmation, ending credentials together (CredentialsRevocation), and the
 * global guard that enforces @Public()/@PersonOnly()/@Roles(). Owns the users' credential tables (sessions,
 * refresh_tokens, password_reset_tokens, email_tokens, oauth_identities); never touches API keys (the API keys
 * module registers them as a CredentialHolder).
 */
@Global()
@Module({
  imports: [
    UsersModule,
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        // A key object, not the string: given a string, jsonwebtoken first tries to parse it as a PEM public or
        // private key on every sign and verify, and builds the HMAC key only when that throws; that failed parse
        // was most of the CPU of a socket handshake. The key is the same bytes (the string's UTF-8).
        secret: createSecretKey(Buffer.from(config.auth.jwtSecret, 'utf8')),
        signOptions: { algorithm: 'HS256', issuer: ACCESS_TOKEN_ISSUER, audience: ACCESS_TOKEN_AUDIENCE },
        // Pinned: a token signed with any other algorithm (or `none`) is refused.
        verifyOptions: {
          algorithms: ['HS256'],
          issuer: ACCESS_TOKEN_ISSUER,
          audience: ACCESS_TOKEN_AUDIENCE,
        },
      }),
    }),
  ],
  controllers: [AuthController, OAuthController],
  providers: [
    CurrentUserResolver,
    { provide: APP_GUARD, useClass: AuthGuard },
    AccessTokenService,
    { provide: AccessTokenVerifier, useExisting: AccessTokenService },
    BearerCredentialResolver,
    SessionCredentialResolver,
    SessionsService,
    CsrfOriginPolicy,
    PasswordHasher,
    RefreshTokensService,
    AuthService,
    PasswordResetService,
    EmailConfirmationService,
    MailOutbox,
    CredentialsRevocation,
    AdminSuccessionPolicy,
    BruteForceProtection,
    {
      provide: AttemptCounterStore,
      inject: [RedisConnections],
      useFactory: (redis: RedisConnections) =>
        redis.enabled ? new RedisAttemptCounterStore(redis) : new InMemoryAttemptCounterStore(),
    },
    {
      provide: Mailer,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) =>
        config.auth.mail.smtp ? new SmtpMailer(config) : new LogMailer(config),
    },
    OAuthStrategyRegistry,
    OAuthAccountsService,
    OAuthIdentitiesRepository,
  ],
  exports: [
    CurrentUserResolver,
    AuthService,
    BruteForceProtection,
    MailOutbox,
    AccessTokenVerifier,
    AccessTokenService,
    PasswordHasher,
    Mailer,
    CredentialsRevocation,
    AdminSuccessionPolicy,
    SessionsService,
    EmailConfirmationService,
    // Account self-service (src/account/identities): the identities table.
    OAuthIdentitiesRepository,
  ],
})
export class AuthModule implements OnModuleInit {
  constructor(
    private readonly currentUser: CurrentUserResolver,
    private readonly bearer: BearerCredentialResolver,
    private readonly session: SessionCredentialResolver,
  ) {}

  onModuleInit(): void {
    this.currentUser.register(this.bearer, BEARER_ORDER);
    this.currentUser.register(this.session, SESSION_ORDER);
  }
}
