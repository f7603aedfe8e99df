import { Module, type OnModuleInit } from '@nestjs/common';
import { CredentialsRevocation } from '../auth/credentials-revocation.service.js';
import { CurrentUserResolver } from '../auth/current-user.resolver.js';
import { AdminApiKeysController } from './admin-api-keys.controller.js';
import { ApiKeyCredentialResolver } from './api-key.credential-resolver.js';
import { ApiKeysService } from './api-keys.service.js';

// Owns API keys: admin issuing/revoking, `X-API-Key` authentication through the shared resolver chain, and
// revoking a user's keys when their account is taken over (a CredentialHolder).
@Module({
  controllers: [AdminApiKeysController],
  providers: [ApiKeysService, ApiKeyCredentialResolver],
})
export class ApiKeysModule implements OnModuleInit {
  constructor(
    private readonly currentUser: CurrentUserResolver,
    private readonly resolver: ApiKeyCredentialResolver,
    private readonly revocation: CredentialsRevocation,
    private readonly apiKeys: ApiKeysService,
  ) {}

  onModuleInit(): void {
    this.currentUser.register(this.resolver, 100);
    this.revocation.registerHolder(this.apiKeys);
  }
}
