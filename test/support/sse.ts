import { createParser, type EventSourceMessage } from 'eventsource-parser';

export interface EventStream {
  status: number;
  headers: Headers;
  events: EventSourceMessage[];
  comments: string[];
  /** The last `retry:` (reconnection delay, ms) the server sent. */
  retryMs?: number;
  /** Resolves once `count` events (of `type`, if given) have arrived in total. */
  waitForEvents(count: number, type?: string, timeoutMs?: number): Promise<EventSourceMessage[]>;
  /** Resolves once `count` comments reading `text` have arrived in total. */
  waitForComments(count: number, text: string, timeoutMs?: number): Promise<string[]>;
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
    onRetry: (retryMs) => {
      stream.retryMs = retryMs;
    },
    onComment: (comment) => {
      comments.push(comment);
      waiters.forEach((wake) => wake());
    },
  });
  const connected = new Promise<void>((resolve) => waiters.add(resolve));
  const waitFor = <T>(matching: () => T[], count: number, what: string, timeoutMs: number) =>
    new Promise<T[]>((resolve, reject) => {
      const check = () => {
        if (matching().length < count) return;
        waiters.delete(check);
        clearTimeout(timer);
        resolve(matching());
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`only ${matching().length} of ${count} ${what} within ${timeoutMs} ms`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });
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
      return waitFor(matching, count, `${type ?? ''} events`, timeoutMs);
    },
    waitForComments(count, text, timeoutMs = 5_000) {
      const matching = () => comments.filter((comment) => comment.trim() === text);
      return waitFor(matching, count, `"${text}" comments`, timeoutMs);
    },
    close: () => abort.abort(),
  };
  if (response.ok) await connected;
  return stream;
}
