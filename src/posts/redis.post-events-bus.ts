import { Logger, type OnModuleDestroy } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { type PostChangeEvent, PostEventsBus } from './post-events-bus.js';

/**
 * Redis pub/sub: the committing instance publishes once; every instance (itself included) receives the event once
 * on its subscriber connection and hands it to its local listeners.
 */
export class RedisPostEventsBus extends PostEventsBus implements OnModuleDestroy {
  private readonly logger = new Logger('PostEvents');
  private readonly listeners = new Set<(event: PostChangeEvent) => void>();
  private readonly channel: string;
  private subscribed?: Promise<unknown>;

  constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    keyPrefix: string,
  ) {
    super();
    this.channel = `${keyPrefix}post-events`;
    this.subscriber.on('message', (channel: string, message: string) => {
      if (channel !== this.channel) return;
      let event: PostChangeEvent;
      try {
        event = JSON.parse(message) as PostChangeEvent;
      } catch {
        this.logger.warn('dropped a post event that is not JSON');
        return;
      }
      for (const listener of this.listeners) listener(event);
    });
  }

  /** Resolves once this instance is subscribed (events published before that are replayed from post_events). */
  ready(): Promise<unknown> {
    this.subscribed ??= this.subscriber.subscribe(this.channel);
    return this.subscribed;
  }

  async publish(event: PostChangeEvent): Promise<void> {
    await this.publisher.publish(this.channel, JSON.stringify(event));
  }

  subscribe(listener: (event: PostChangeEvent) => void): () => void {
    void this.ready().catch((error: Error) => this.logger.warn(`subscribe failed: ${error.message}`));
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async onModuleDestroy(): Promise<void> {
    this.listeners.clear();
  }
}
