import { type BeforeApplicationShutdown, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { Server } from 'socket.io';
import type { HearthSocket } from '../socket-user.guard.js';
import { type PresenceEntry, PresenceStore, toPresenceMap } from './presence-store.js';

/**
 * Phoenix-style presence for socket topics: a joining connection receives `presence_state`; everyone in the topic
 * receives `presence_diff` with one meta per connection joining or leaving. A user with two tabs has two metas,
 * and is gone from the list once the last one leaves (clients merge diffs as Phoenix's `syncDiff` does).
 */
@Injectable()
export class PresenceService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private server?: Server;

  constructor(private readonly store: PresenceStore) {}

  attach(server: Server): void {
    this.server = server;
    this.store.onExpired((topic, entries) => this.broadcastDiff(topic, [], entries));
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.store.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    // Leaves are announced while the server and Redis are still up; clients then reconnect elsewhere.
    const sockets = this.server
      ? ((await this.server.local.fetchSockets()) as unknown as HearthSocket[])
      : [];
    await Promise.allSettled(sockets.map((socket) => this.leaveAll(socket)));
    await this.store.stop();
  }

  async join(socket: HearthSocket, topic: string): Promise<void> {
    if (socket.rooms.has(topic)) return;
    const entry: PresenceEntry = {
      userId: socket.data.user.id,
      meta: { phx_ref: socket.id, online_at: Date.now() },
    };
    socket.data.topics.add(topic);
    await this.store.track(topic, socket.id, entry);
    socket.to(topic).emit('presence_diff', { topic, joins: toPresenceMap([entry]), leaves: {} });
    await socket.join(topic);
    socket.emit('presence_state', { topic, presences: toPresenceMap(await this.store.list(topic)) });
  }

  async leave(socket: HearthSocket, topic: string): Promise<void> {
    if (!socket.data.topics.delete(topic)) return;
    const entry = await this.store.untrack(topic, socket.id);
    if (entry) this.broadcastDiff(topic, [], [entry]);
  }

  async leaveAll(socket: HearthSocket): Promise<void> {
    const topics = [...(socket.data.topics ?? [])];
    await Promise.allSettled(topics.map((topic) => this.leave(socket, topic)));
  }

  /** The user lost access to the topic: their connections stop appearing there, on every instance. */
  async removeUser(topic: string, userId: number): Promise<void> {
    const entries = await this.store.untrackUser(topic, userId);
    if (entries.length > 0) this.broadcastDiff(topic, [], entries);
  }

  private broadcastDiff(topic: string, joins: PresenceEntry[], leaves: PresenceEntry[]): void {
    this.server
      ?.to(topic)
      .emit('presence_diff', { topic, joins: toPresenceMap(joins), leaves: toPresenceMap(leaves) });
  }
}
