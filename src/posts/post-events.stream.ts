import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { clientAddressKey } from '../common/http/client-address.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { PrismaService } from '../infra/database/prisma.service.js';
import { PostsError } from './posts.errors.js';
import { Metrics } from '../infra/metrics/metrics.js';
import {
  isCommentEvent,
  type PostChangeEvent,
  PostEventsBus,
  type PostEventType,
} from './post-events-bus.js';

/** A stored event as replays read it from post_events. */
export interface ReplayedEvent {
  id: bigint;
  type: string;
  postId: number;
  payload: unknown;
}

/** Keeps the events that may still be replayed, in order. */
export type ReplayFilter = <T extends ReplayedEvent>(events: T[]) => Promise<T[]>;

const PRUNE_INTERVAL_MS = 10 * 60_000;
const MAX_REPLAYED_EVENTS = 1_000;
const CLIENT_RETRY_MS = 2_000;
const REPLAY_OVERLAP_MS = 30_000;
const RESET_EVENT = 'event: reset\ndata: {}\n\n';

function format(event: PostChangeEvent): string {
  return `id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(event.payload)}\n\n`;
}

/**
 * `GET /api/v2/posts/events`: live post changes as Server-Sent Events. A client that reconnects with
 * Last-Event-ID first receives what it missed (from post_events, within the replay window), then live events,
 * each exactly once. When the gap cannot be replayed it receives a `reset` event and should reload the list.
 */
@Injectable()
export class PostEventsStream implements OnModuleInit, OnModuleDestroy, BeforeApplicationShutdown {
  private readonly logger = new Logger('PostEventsStream');
  private readonly open = new Set<ServerResponse>();
  /** Open streams per client address (see clientAddressKey). */
  private readonly slots = new Map<string, number>();
  private pruneTimer?: NodeJS.Timeout;
  private readonly replayFilters: ReplayFilter[] = [];

  constructor(
    private readonly prisma: PrismaService,
    private readonly bus: PostEventsBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: Metrics,
  ) {}

  onModuleInit(): void {
    this.metrics.observeSseStreams(() => this.open.size);
    this.pruneTimer = setInterval(() => void this.pruneExpired(), PRUNE_INTERVAL_MS);
    this.pruneTimer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.pruneTimer);
  }

  /**
   * Adds a rule that removes events from replays by the current state of what they describe (e.g. comments hidden
   * by a moderator since): features that own that state register one at start.
   */
  addReplayFilter(filter: ReplayFilter): void {
    this.replayFilters.push(filter);
  }

  /** Open streams would hold the HTTP server open; they end first so shutdown can drain. */
  beforeApplicationShutdown(): void {
    for (const response of this.open) response.end();
    this.open.clear();
  }

  /**
   * Takes one of the client address's stream slots on this instance, or refuses with 429 `too_many_streams`.
   * Each open stream holds a connection and a bus subscription, so one client cannot hold unlimited numbers.
   */
  reserveSlot(ip: string): () => void {
    const key = clientAddressKey(ip);
    const held = this.slots.get(key) ?? 0;
    if (held >= this.config.realtime.sseMaxStreamsPerIp) {
      throw new PostsError(
        'too_many_streams',
        'This address has too many open event streams; close one first.',
        { limit: this.config.realtime.sseMaxStreamsPerIp },
      );
    }
    this.slots.set(key, held + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.slots.get(key) ?? 1) - 1;
      if (left > 0) this.slots.set(key, left);
      else this.slots.delete(key);
    };
  }

  /**
   * Writes the stream to `response` (headers already decided by the caller) until the client goes away, then
   * gives back the slot from `reserveSlot`.
   */
  async serve(
    response: ServerResponse,
    lastEventId: string | undefined,
    releaseSlot: () => void,
  ): Promise<void> {
    this.open.add(response);
    // Live events can arrive out of id order (commits on several instances), so duplicates are recognised by id,
    // not by comparing with the last id sent: only the backlog can overlap with live events.
    const replayed = new Set<string>();
    let pending: PostChangeEvent[] | null = [];
    const send = (event: PostChangeEvent) => {
      if (replayed.has(event.id)) return;
      response.write(format(event));
    };
    // Subscribe before reading the backlog and hold live events until the backlog is out.
    const unsubscribe = this.bus.subscribe((event) => (pending ? pending.push(event) : send(event)));
    const heartbeat = setInterval(
      () => response.write(': heartbeat\n\n'),
      this.config.realtime.sseHeartbeatMs,
    );
    response.once('close', () => {
      releaseSlot();
      clearInterval(heartbeat);
      unsubscribe();
      this.open.delete(response);
    });
    response.write(`retry: ${CLIENT_RETRY_MS}\n: connected\n\n`);

    await this.replayMissed(response, lastEventId, (event) => {
      send(event);
      replayed.add(event.id);
    });
    const held = pending;
    pending = null;
    held.forEach(send);
    // A backlog event may still be on its way through the bus; after a while none can be.
    setTimeout(() => replayed.clear(), REPLAY_OVERLAP_MS).unref();
  }

  /** What the client missed after `lastEventId`, or a `reset` event when that cannot be replayed. */
  private async replayMissed(
    response: ServerResponse,
    lastEventId: string | undefined,
    send: (event: PostChangeEvent) => void,
  ): Promise<void> {
    try {
      const resumeAfter = parseEventId(lastEventId);
      if (resumeAfter === null) return;
      const backlog = await this.eventsAfter(resumeAfter);
      if (backlog === 'reset') response.write(RESET_EVENT);
      else backlog.forEach(send);
    } catch (error) {
      this.logger.warn({ err: error }, 'replay after Last-Event-ID failed');
      response.write(RESET_EVENT);
    }
  }

  /** Events after `id` within the window, or 'reset' when some of them are gone (pruned or too many). */
  private async eventsAfter(id: bigint): Promise<PostChangeEvent[] | 'reset'> {
    const windowStart = new Date(Date.now() - this.config.realtime.sseReplayWindowSeconds * 1_000);
    const oldest = await this.prisma.postEvent.findFirst({ orderBy: { id: 'asc' }, select: { id: true } });
    if (oldest && oldest.id > id + 1n) return 'reset';
    const rows = await this.prisma.postEvent.findMany({
      where: { id: { gt: id } },
      orderBy: { id: 'asc' },
      take: MAX_REPLAYED_EVENTS + 1,
    });
    if (rows.length > MAX_REPLAYED_EVENTS || rows.some((row) => row.createdAt < windowStart)) return 'reset';
    let kept = withoutRetractedContent(rows);
    for (const filter of this.replayFilters) kept = await filter(kept);
    return kept.map((row) => ({
      id: row.id.toString(),
      type: row.type as PostEventType,
      payload: row.payload as unknown as PostChangeEvent['payload'],
    }));
  }

  /** Deletes events older than the replay window (every instance runs it; deleting twice is harmless). */
  async pruneExpired(): Promise<void> {
    const windowStart = new Date(Date.now() - this.config.realtime.sseReplayWindowSeconds * 1_000);
    await this.prisma.postEvent
      .deleteMany({ where: { createdAt: { lt: windowStart } } })
      .catch((error: unknown) => this.logger.warn({ err: error }, 'pruning post_events failed'));
  }
}

/**
 * The backlog minus every event that carries content that was removed after it: a post deleted or unpublished
 * (its own events and its comments'), a comment deleted or hidden. A resuming client learns that the content is
 * gone, never what it said. The backlog runs up to now, so any later removal is in it.
 */
export function withoutRetractedContent<T extends ReplayedEvent>(rows: T[]): T[] {
  const lastRemoval = new Map<string, bigint>();
  for (const row of rows) {
    if (row.type === 'post_deleted') lastRemoval.set(`post:${row.postId}`, row.id);
    if (row.type === 'comment_deleted') lastRemoval.set(domIdOf(row), row.id);
  }
  const removedAfter = (key: string, id: bigint) => (lastRemoval.get(key) ?? 0n) > id;
  return rows.filter(
    (row) =>
      !carriesContent(row) ||
      !(
        removedAfter(`post:${row.postId}`, row.id) ||
        (isCommentEvent(row) && removedAfter(domIdOf(row), row.id))
      ),
  );
}

function carriesContent(row: ReplayedEvent): boolean {
  return row.type !== 'post_deleted' && row.type !== 'comment_deleted';
}

function domIdOf(row: ReplayedEvent): string {
  return (row.payload as { dom_id?: string } | null)?.dom_id ?? '';
}

function parseEventId(value: string | undefined): bigint | null {
  return value && /^\d{1,18}$/.test(value.trim()) ? BigInt(value.trim()) : null;
}
