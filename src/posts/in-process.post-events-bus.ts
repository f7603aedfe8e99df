import { type PostChangeEvent, PostEventsBus } from './post-events-bus.js';

/** One instance: listeners in this process receive what this process publishes. */
export class InProcessPostEventsBus extends PostEventsBus {
  private readonly listeners = new Set<(event: PostChangeEvent) => void>();

  async publish(event: PostChangeEvent): Promise<void> {
    for (const listener of this.listeners) listener(event);
  }

  subscribe(listener: (event: PostChangeEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
