import { Global, Module } from '@nestjs/common';
import { LiveConnections, NoopLiveConnections } from './live-connections.js';
import { NoopUserNotifier, UserNotifier } from './user-notifier.js';

// Notifications that go nowhere and connections that need no ending: for module tests that run features without
// the realtime module.
@Global()
@Module({
  providers: [
    { provide: UserNotifier, useClass: NoopUserNotifier },
    { provide: LiveConnections, useClass: NoopLiveConnections },
  ],
  exports: [UserNotifier, LiveConnections],
})
export class UserNotifierModule {}
