import type { PostV2Attributes } from './presenters/post-v2.presenter.js';

export type PostChangeType = 'post_created' | 'post_updated' | 'post_deleted';
export type CommentChangeType = 'comment_created' | 'comment_updated' | 'comment_deleted';
export type PostEventType = PostChangeType | CommentChangeType;

/** A comment as live events carry it: its v2 attributes (the comments feature presents them). */
export type CommentEventAttributes = { [field: string]: string | number | boolean | null };

export type PostEventPayload =
  | { dom_id: string; post: PostV2Attributes | null }
  | { dom_id: string; post_id: number; comment: CommentEventAttributes | null };

/** A change to the public post list or to a public post's comments, as sent on sockets and the SSE stream. */
export interface PostChangeEvent {
  /** Sequence number from post_events; the SSE event id, usable with Last-Event-ID. */
  id: string;
  type: PostEventType;
  payload: PostEventPayload;
}

export function isCommentEvent(event: { type: string }): boolean {
  return event.type.startsWith('comment_');
}

/**
 * Carries post events from the instance that committed them to every subscriber on every instance.
 * The default is in-process; the realtime module swaps in a Redis-backed bus when REDIS_URL is set.
 */
export abstract class PostEventsBus {
  abstract publish(event: PostChangeEvent): Promise<void>;
  abstract subscribe(listener: (event: PostChangeEvent) => void): () => void;
}
