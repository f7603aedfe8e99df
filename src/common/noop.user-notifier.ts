import { UserNotifier } from './user-notifier.js';

/** Notifications that go nowhere (module tests that run a feature without the realtime module). */
export class NoopUserNotifier extends UserNotifier {
  async notify(): Promise<void> {}
}
