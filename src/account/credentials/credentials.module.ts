// Owns the signed-in person's password and email changes (the auth feature owns the tables and links they use).
import { Module } from '@nestjs/common';
import { UsersModule } from '../../users/users.module.js';
import { CredentialsController } from './credentials.controller.js';
import { EmailChangeService } from './email-change.service.js';
import { PasswordChangeService } from './password-change.service.js';
import { ReauthenticationPolicy } from './reauthentication.policy.js';

@Module({
  imports: [UsersModule],
  controllers: [CredentialsController],
  providers: [ReauthenticationPolicy, PasswordChangeService, EmailChangeService],
  // "Prove it again" (password, or a recent sign-in for OAuth-only accounts) for other sensitive account changes.
  exports: [ReauthenticationPolicy],
})
export class CredentialsModule {}
