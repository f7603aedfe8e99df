/** One connection's entry in a topic, as Phoenix Presence calls it a meta. */
export interface PresenceMeta {
  /** Identifies the connection (its socket id). */
  phx_ref: string;
  /** When the connection joined the topic (ms since epoch). */
  online_at: number;
}

export interface PresenceEntry {
  userId: number;
  meta: PresenceMeta;
}

/** `{"<user_id>": {"metas": [...]}}`: the shape of `presence_state.presences` and of diff joins/leaves. */
export type PresenceMap = Record<string, { metas: PresenceMeta[] }>;

export function toPresenceMap(entries: readonly PresenceEntry[]): PresenceMap {
  const map: PresenceMap = {};
  for (const { userId, meta } of entries) (map[String(userId)] ??= { metas: [] }).metas.push(meta);
  return map;
}

/** Entries removed because the instance that held them stopped renewing its heartbeat. */
export type ExpiredPresenceListener = (topic: string, entries: PresenceEntry[]) => void;

/**
 * Who is in which topic, across every instance. Entries belong to the instance that tracked them: when it dies
 * without untracking (SIGKILL, lost network), the store removes them and reports them to the listener.
 */
export abstract class PresenceStore {
  abstract track(topic: string, connectionId: string, entry: PresenceEntry): Promise<void>;
  /** Returns the removed entry, or null when the connection was not tracked there. */
  abstract untrack(topic: string, connectionId: string): Promise<PresenceEntry | null>;
  /** Removes every entry of one user in a topic (their access was revoked). */
  abstract untrackUser(topic: string, userId: number): Promise<PresenceEntry[]>;
  abstract list(topic: string): Promise<PresenceEntry[]>;
  abstract onExpired(listener: ExpiredPresenceListener): void;
  /** Begins heartbeats (stores shared between instances). */
  async start(): Promise<void> {}
  /** Removes this instance's entries and stops its heartbeats. */
  async stop(): Promise<void> {}
}
