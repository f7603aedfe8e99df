import type { Server } from 'socket.io';
import type { RealtimeCounts } from '../infra/metrics/metrics.js';
import type { HearthSocket } from './socket-user.guard.js';
import { POSTS_TOPIC } from './topics.js';

// Socket.io rooms also hold each socket's own id and `user:<id>`; only these are topics.
const TOPIC_ROOM = /^(room|private):/;

/** What this instance holds right now, counted when metrics are scraped (never on each join or leave). */
export function countRealtime(server: Server): RealtimeCounts {
  const namespace = server.of('/');
  let presenceEntries = 0;
  for (const socket of namespace.sockets.values()) {
    presenceEntries += (socket as HearthSocket).data.topics?.size ?? 0;
  }
  let topics = 0;
  for (const room of namespace.adapter.rooms.keys()) {
    if (room === POSTS_TOPIC || TOPIC_ROOM.test(room)) topics++;
  }
  return { connections: namespace.sockets.size, topics, presenceEntries };
}
