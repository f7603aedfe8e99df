// Owns the end of an account's life: deleting it (and what it leaves behind) and exporting everything it holds.
import { Module } from '@nestjs/common';
import { PostsModule } from '../../posts/posts.module.js';
import { ShopModule } from '../../shop/shop.module.js';
import { UploadsModule } from '../../uploads/uploads.module.js';
import { UsersModule } from '../../users/users.module.js';
import { AccountDeletionService } from './account-deletion.service.js';
import { AccountExportRepository } from './account-export.repository.js';
import { AccountExportService } from './account-export.service.js';
import { AccountController } from './account.controller.js';
import { CredentialsModule } from '../credentials/credentials.module.js';

// Each feature removes its own rows through what its module exports; CredentialsModule supplies the
// re-authentication rule, AuthModule (global) the last-admin check.
@Module({
  imports: [UsersModule, CredentialsModule, PostsModule, UploadsModule, ShopModule],
  controllers: [AccountController],
  providers: [AccountDeletionService, AccountExportRepository, AccountExportService],
})
export class LifecycleModule {}
