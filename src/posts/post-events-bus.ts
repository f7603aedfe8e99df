import type { PostV2Attributes } from './presenters/post-v2.presenter.js';

export type PostEventType = 'post_created' | 'post_updated' | 'post_deleted';

/** A change to the public post list, as sent on the `posts` socket topic and the SSE stream. */
export interface PostChangeEvent {
  /** Sequence number from post_events; the SSE event id, usable with Last-Event-ID. */
  id: string;
  type: PostEventType;
  payload: { dom_id: string; post: PostV2Attributes | null };
}

/**
 * Carries post events from the instance that committed them to every subscriber on every instance.
 * The default is in-process; the realtime module swaps in a Redis-backed bus when REDIS_URL is set.
 */
export abstract class PostEventsBus {
  abstract publish(event: PostChangeEvent): Promise<void>;
  abstract subscribe(listener: (event: PostChangeEvent) => void): () => void;
}
