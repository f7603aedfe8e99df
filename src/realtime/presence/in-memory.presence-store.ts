import { type ExpiredPresenceListener, type PresenceEntry, PresenceStore } from './presence-store.js';

/** One instance holds every connection, so nothing can expire behind its back. */
export class InMemoryPresenceStore extends PresenceStore {
  private readonly topics = new Map<string, Map<string, PresenceEntry>>();

  async track(topic: string, connectionId: string, entry: PresenceEntry): Promise<void> {
    let entries = this.topics.get(topic);
    if (!entries) this.topics.set(topic, (entries = new Map()));
    entries.set(connectionId, entry);
  }

  async untrack(topic: string, connectionId: string): Promise<PresenceEntry | null> {
    const entries = this.topics.get(topic);
    const entry = entries?.get(connectionId) ?? null;
    entries?.delete(connectionId);
    if (entries?.size === 0) this.topics.delete(topic);
    return entry;
  }

  async untrackUser(topic: string, userId: number): Promise<PresenceEntry[]> {
    const removed: PresenceEntry[] = [];
    for (const [connectionId, entry] of this.topics.get(topic) ?? []) {
      if (entry.userId !== userId) continue;
      removed.push(entry);
      await this.untrack(topic, connectionId);
    }
    return removed;
  }

  async list(topic: string): Promise<PresenceEntry[]> {
    return [...(this.topics.get(topic)?.values() ?? [])];
  }

  onExpired(_listener: ExpiredPresenceListener): void {}
}
