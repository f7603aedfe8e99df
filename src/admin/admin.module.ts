// Owns the admin's view of accounts (listing users, changing roles); the rows belong to UsersModule.
import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module.js';
import { AdminUsersController } from './admin-users.controller.js';
import { AdminUsersService } from './admin-users.service.js';

@Module({ imports: [UsersModule], controllers: [AdminUsersController], providers: [AdminUsersService] })
export class AdminModule {}
