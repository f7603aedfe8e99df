import { ConnectionQuota } from './connection-quota.js';

/** One instance without Redis: the places are counted in this process. */
export class InMemoryConnectionQuota extends ConnectionQuota {
  private readonly held = new Map<number, Set<string>>();

  async acquire(userId: number, connectionId: string, limit: number): Promise<boolean> {
    const places = this.held.get(userId) ?? new Set<string>();
    if (places.size >= limit) return false;
    places.add(connectionId);
    this.held.set(userId, places);
    return true;
  }

  async release(userId: number, connectionId: string): Promise<void> {
    const places = this.held.get(userId);
    if (!places?.delete(connectionId)) return;
    if (places.size === 0) this.held.delete(userId);
  }
}
