import { Global, Module } from '@nestjs/common';
import { NoopUserNotifier } from './noop.user-notifier.js';
import { UserNotifier } from './user-notifier.js';

// Notifications that go nowhere: for module tests that run features without the realtime module.
@Global()
@Module({ providers: [{ provide: UserNotifier, useClass: NoopUserNotifier }], exports: [UserNotifier] })
export class UserNotifierModule {}
