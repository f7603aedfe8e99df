import { createParser, type EventSourceMessage } from 'eventsource-parser';

export interface EventStream {
  status: number;
  headers: Headers;
  events: EventSourceMessage[];
  comments: string[];
  /** Resolves once `count` events (of `type`, if given) have arrived in total. */
  waitForEvents(count: number, type?: string, timeoutMs?: number): Promise<EventSourceMessage[]>;
  close(): void;
}

/** A Server-Sent Events client over real HTTP (fetch), parsed by the spec-following eventsource-parser. */
export async function openEventStream(
  url: string,
  headers: Record<string, string> = {},
): Promise<EventStream> {
  const abort = new AbortController();
  const response = await fetch(url, {
    headers: { accept: 'text/event-stream', ...headers },
    signal: abort.signal,
  });
  const events: EventSourceMessage[] = [];
  const comments: string[] = [];
  const waiters = new Set<() => void>();
  const parser = createParser({
    onEvent: (event) => {
      events.push(event);
      waiters.forEach((wake) => wake());
    },
    onComment: (comment) => comments.push(comment),
  });
  const connected = new Promise<void>((resolve) => waiters.add(resolve));
  void (async () => {
    const decoder = new TextDecoder();
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        parser.feed(decoder.decode(chunk, { stream: true }));
        if (comments.some((comment) => comment.trim() === 'connected')) waiters.forEach((wake) => wake());
      }
    } catch {
      // aborted by close()
    }
  })();
  const stream: EventStream = {
    status: response.status,
    headers: response.headers,
    events,
    comments,
    waitForEvents(count, type, timeoutMs = 5_000) {
      const matching = () => events.filter((event) => type === undefined || event.event === type);
      return new Promise((resolve, reject) => {
        const check = () => {
          if (matching().length < count) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(matching());
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(`only ${matching().length} of ${count} ${type ?? ''} events within ${timeoutMs} ms`),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () => abort.abort(),
  };
  if (response.ok) await connected;
  return stream;
}
