// Owns API keys: admins issue and revoke them; `X-API-Key` authenticates through the resolver chain.
import { Module, type OnModuleInit } from '@nestjs/common';
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
  ) {}

  onModuleInit(): void {
    this.currentUser.register(this.resolver, 100);
  }
}
