/**
 * Pushes an event to every live connection of one user (on any instance). Features that finish work in the
 * background (jobs, uploads) notify through this port; the realtime module provides the socket.io adapter.
 * The default does nothing, so features work without real-time.
 */
export abstract class UserNotifier {
  abstract notify(userId: number, event: string, payload: unknown): Promise<void>;
}

export class NoopUserNotifier extends UserNotifier {
  async notify(): Promise<void> {}
}
