// Owns the signed-in person's view of their sessions (the auth feature owns the sessions table itself).
import { Module } from '@nestjs/common';
import { AccountSessionsController } from './account-sessions.controller.js';

@Module({ controllers: [AccountSessionsController] })
export class AccountSessionsModule {}
