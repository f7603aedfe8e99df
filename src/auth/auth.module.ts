import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard } from './auth.guard.js';
import { CREDENTIAL_RESOLVERS } from './credential-resolver.js';
import { CurrentUserResolver } from './current-user.resolver.js';
import { TestHeaderCredentialResolver } from './test-header.credential-resolver.js';

const testAuthEnabled = process.env.NODE_ENV === 'test' && process.env.HEARTH_TEST_AUTH === '1';

@Global()
@Module({
  providers: [
    TestHeaderCredentialResolver,
    {
      provide: CREDENTIAL_RESOLVERS,
      useFactory: (testResolver: TestHeaderCredentialResolver) => (testAuthEnabled ? [testResolver] : []),
      inject: [TestHeaderCredentialResolver],
    },
    CurrentUserResolver,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [CurrentUserResolver],
})
export class AuthModule {}
