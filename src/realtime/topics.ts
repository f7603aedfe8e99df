import { MAX_INT4 } from '../common/validation/ids.js';
import { RealtimeError } from './realtime.errors.js';

/** The live post list: `post_created`, `post_updated`, `post_deleted` for every subscriber. */
export const POSTS_TOPIC = 'posts';

/** One post's comments: `comment_created`, `comment_updated`, `comment_deleted` of that post only. */
export function postTopic(postId: number): string {
  return `post:${postId}`;
}

export type Topic =
  | { kind: 'posts'; name: typeof POSTS_TOPIC }
  | { kind: 'post'; name: string; postId: number }
  | { kind: 'room'; name: string }
  | { kind: 'private'; name: string };

const NAMED_TOPIC = /^(room|private):([A-Za-z0-9_-]{1,64})$/;
// Canonical int4 ids only, so that each post has exactly one topic name.
const POST_TOPIC = /^post:([1-9]\d{0,9})$/;

/** Parses a client-supplied topic name; anything else is refused before it reaches socket.io rooms. */
export function parseTopic(name: string): Topic {
  if (name === POSTS_TOPIC) return { kind: 'posts', name };
  const post = POST_TOPIC.exec(name);
  if (post && Number(post[1]) <= MAX_INT4) return { kind: 'post', name, postId: Number(post[1]) };
  const match = NAMED_TOPIC.exec(name);
  if (!match) {
    throw new RealtimeError(
      'invalid_topic',
      'A topic is "posts", "post:<post id>", "room:<id>" or "private:<id>" (id: 1-64 letters, digits, "_" or "-").',
    );
  }
  return { kind: match[1] as 'room' | 'private', name };
}

/** Every connection of a user is in this socket.io room, for notifications meant for that user. */
export function userRoom(userId: number): string {
  return `user:${userId}`;
}

/** Connections opened with a socket token that a cookie session minted: they end with the session. */
export function sessionRoom(sessionId: string): string {
  return `session:${sessionId}`;
}

/** Whether a socket.io room is a topic (not a user's, a session's or the socket's own room). */
export function isTopicRoom(room: string): boolean {
  return (
    room === POSTS_TOPIC ||
    room.startsWith('post:') ||
    room.startsWith('room:') ||
    room.startsWith('private:')
  );
}
