import { Global, Module, type OnModuleInit } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccessTokenVerifier } from './access-token-verifier.js';
import { AuthGuard } from './auth.guard.js';
import { CurrentUserResolver } from './current-user.resolver.js';
import { TestHeaderCredentialResolver } from './test-header.credential-resolver.js';

const testAuthEnabled = process.env.NODE_ENV === 'test' && process.env.HEARTH_TEST_AUTH === '1';

@Global()
@Module({
  providers: [
    TestHeaderCredentialResolver,
    { provide: AccessTokenVerifier, useExisting: TestHeaderCredentialResolver },
    CurrentUserResolver,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [CurrentUserResolver, AccessTokenVerifier],
})
export class AuthModule implements OnModuleInit {
  constructor(
    private readonly currentUser: CurrentUserResolver,
    private readonly testResolver: TestHeaderCredentialResolver,
  ) {}

  onModuleInit(): void {
    if (testAuthEnabled) this.currentUser.register(this.testResolver, 0);
  }
}
