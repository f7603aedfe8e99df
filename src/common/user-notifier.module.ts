import { Global, Module } from '@nestjs/common';
import { NoopUserNotifier, UserNotifier } from './user-notifier.js';

// Until real-time delivery is wired in, notifications go nowhere. The realtime issue replaces useClass.
@Global()
@Module({ providers: [{ provide: UserNotifier, useClass: NoopUserNotifier }], exports: [UserNotifier] })
export class UserNotifierModule {}
