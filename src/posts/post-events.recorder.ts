import { Injectable, Logger } from '@nestjs/common';
import { inSpan, SpanKind } from '../common/tracing/spans.js';
import type { Prisma } from '../generated/prisma/client.js';
import {
  type PostChangeEvent,
  type PostEventPayload,
  PostEventsBus,
  type PostEventType,
} from './post-events-bus.js';

const POST_EVENTS_SPAN = {
  kind: SpanKind.PRODUCER,
  attributes: { 'messaging.operation.type': 'send', 'messaging.destination.name': 'post-events' },
};

/**
 * Owns post_events: a change is recorded inside the transaction that makes it (so an event exists exactly when the
 * change committed, with an id in commit order for SSE replay) and announced on the bus after the commit.
 */
@Injectable()
export class PostEventsRecorder {
  private readonly logger = new Logger('PostEvents');

  constructor(private readonly events: PostEventsBus) {}

  async record(
    tx: Prisma.TransactionClient,
    type: PostEventType,
    postId: number,
    payload: PostEventPayload,
  ): Promise<PostChangeEvent> {
    const row = await tx.postEvent.create({ data: { type, postId, payload } });
    return { id: row.id.toString(), type, payload };
  }

  /** After commit: a failed broadcast must not fail a write that already happened (SSE clients can replay). */
  async announce(event: PostChangeEvent | null): Promise<void> {
    if (!event) return;
    await inSpan('post-events publish', () => this.events.publish(event), POST_EVENTS_SPAN).catch(
      (error: unknown) => this.logger.warn({ err: error }, 'post event broadcast failed'),
    );
  }
}
