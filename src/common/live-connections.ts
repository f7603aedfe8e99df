/**
 * Ends live connections (sockets) whose authority is gone, on every instance; clients reconnect with a fresh
 * token. Features that revoke authority (sign-out, credential changes, role changes, account deletion) call this
 * port; the realtime module provides the socket.io adapter. The default does nothing, so features work without
 * real-time.
 */
export abstract class LiveConnections {
  /** Every connection of the user, except those opened from `exceptSessionId` (the caller's own session). */
  abstract endForUser(userId: number, options?: { exceptSessionId?: string }): Promise<void>;
  /** The connections opened with a socket token that this session minted. */
  abstract endForSession(sessionId: string): Promise<void>;
}
