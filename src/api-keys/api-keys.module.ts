// Owns API keys: admins issue and revoke them; `X-API-Key` authenticates through the resolver chain; a user's
// keys are revoked with their other credentials (a CredentialHolder of CredentialsRevocation).
import { Module, type OnModuleInit } from '@nestjs/common';
import { CredentialsRevocation } from '../auth/credentials-revocation.service.js';
import { CurrentUserResolver } from '../auth/current-user.resolver.js';
import { UsersModule } from '../users/users.module.js';
import { AdminApiKeysController } from './admin-api-keys.controller.js';
import { ApiKeyCredentialResolver } from './api-key.credential-resolver.js';
import { ApiKeysService } from './api-keys.service.js';

@Module({
  imports: [UsersModule],
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
