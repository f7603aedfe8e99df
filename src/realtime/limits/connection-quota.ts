/**
 * How many sockets each user holds, across every instance: a connection takes a place at the handshake and gives
 * it back when it closes. Places held by an instance that died without giving them back stop counting.
 */
export abstract class ConnectionQuota {
  /** Takes a place for `connectionId`; false (and nothing taken) when the user already holds `limit`. */
  abstract acquire(userId: number, connectionId: string, limit: number): Promise<boolean>;
  /** Gives the place back (idempotent). */
  abstract release(userId: number, connectionId: string): Promise<void>;
}
