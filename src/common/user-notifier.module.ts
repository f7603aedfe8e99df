// Owns a UserNotifier that goes nowhere, for module tests that run features without the realtime module.
import { Global, Module } from '@nestjs/common';
import { NoopUserNotifier } from './noop.user-notifier.js';
import { UserNotifier } from './user-notifier.js';

@Global()
@Module({ providers: [{ provide: UserNotifier, useClass: NoopUserNotifier }], exports: [UserNotifier] })
export class UserNotifierModule {}
