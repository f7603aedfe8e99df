import { RealtimeError } from './realtime.errors.js';

/** The live post list: `post_created`, `post_updated`, `post_deleted` for every subscriber. */
export const POSTS_TOPIC = 'posts';

export type Topic =
  | { kind: 'posts'; name: typeof POSTS_TOPIC }
  | { kind: 'room'; name: string }
  | { kind: 'private'; name: string };

const NAMED_TOPIC = /^(room|private):([A-Za-z0-9_-]{1,64})$/;

/** Parses a client-supplied topic name; anything else is refused before it reaches socket.io rooms. */
export function parseTopic(name: string): Topic {
  if (name === POSTS_TOPIC) return { kind: 'posts', name };
  const match = NAMED_TOPIC.exec(name);
  if (!match) {
    throw new RealtimeError(
      'invalid_topic',
      'A topic is "posts", "room:<id>" or "private:<id>" (id: 1-64 letters, digits, "_" or "-").',
    );
  }
  return { kind: match[1] as 'room' | 'private', name };
}

/** Every connection of a user is in this socket.io room, for notifications meant for that user. */
export function userRoom(userId: number): string {
  return `user:${userId}`;
}
