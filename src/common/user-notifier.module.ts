// Owns a UserNotifier that goes nowhere and LiveConnections that need no ending, for module tests that run
// features without the realtime module.
import { Global, Module } from '@nestjs/common';
import { LiveConnections } from './live-connections.js';
import { NoopLiveConnections } from './noop.live-connections.js';
import { NoopUserNotifier } from './noop.user-notifier.js';
import { UserNotifier } from './user-notifier.js';

@Global()
@Module({
  providers: [
    { provide: UserNotifier, useClass: NoopUserNotifier },
    { provide: LiveConnections, useClass: NoopLiveConnections },
  ],
  exports: [UserNotifier, LiveConnections],
})
export class UserNotifierModule {}
