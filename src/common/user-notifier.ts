/**
 * Pushes an event to every live connection of one user (on any instance). Background work (jobs) notifies its
 * owner through this port; the realtime module provides the socket.io adapter for the whole application.
 */
export abstract class UserNotifier {
  abstract notify(userId: number, event: string, payload: unknown): Promise<void>;
}
