import { io, type Socket } from 'socket.io-client';
import { request } from '../../support/sockets.js';

/**
 * A socket.io client that knows every instance, as a client behind a load balancer does: when its connection
 * drops, it connects to the next instance with a fresh token and re-joins its topics.
 */
export class FailoverSocket {
  socket!: Socket;
  /** Which of `urls` the current connection goes to. */
  current = 0;
  readonly disconnects: { url: string; reason: string; at: number }[] = [];
  private readonly topics = new Set<string>();
  private readonly messages: { body: string; url: string }[] = [];
  private failedOver?: (at: number) => void;
  readonly failover: Promise<number>;

  private constructor(
    private readonly urls: string[],
    private readonly token: () => Promise<string>,
  ) {
    this.failover = new Promise((resolve) => (this.failedOver = resolve));
  }

  static async connect(urls: string[], token: () => Promise<string>): Promise<FailoverSocket> {
    const client = new FailoverSocket(urls, token);
    await client.open(0);
    return client;
  }

  get url(): string {
    return this.urls[this.current];
  }

  async join(topic: string): Promise<void> {
    this.topics.add(topic);
    const ack = await request(this.socket, 'join', { topic });
    if (!ack.ok) throw new Error(`join ${topic} refused: ${JSON.stringify(ack.error)}`);
  }

  /** Resolves with the first `message` event whose body is `body`, whichever instance delivers it. */
  message(body: string, timeoutMs = 10_000): Promise<{ body: string; url: string }> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no message "${body}" within ${timeoutMs} ms`)),
        timeoutMs,
      );
      const poll = setInterval(() => {
        const found = this.messages.find((message) => message.body === body);
        if (!found) return;
        clearTimeout(timer);
        clearInterval(poll);
        resolve(found);
      }, 10);
    });
  }

  close(): void {
    this.socket?.close();
  }

  private async open(index: number): Promise<void> {
    this.current = index;
    const url = this.urls[index];
    const socket = io(url, {
      path: '/socket.io',
      transports: ['websocket'],
      auth: { token: await this.token() },
      reconnection: false,
      forceNew: true,
    });
    this.socket = socket;
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    socket.on('message', (message: { body: string }) => this.messages.push({ body: message.body, url }));
    socket.on('disconnect', (reason) => {
      this.disconnects.push({ url, reason, at: Date.now() });
      if (reason === 'io client disconnect') return;
      void this.reconnectElsewhere();
    });
  }

  private async reconnectElsewhere(): Promise<void> {
    await this.open((this.current + 1) % this.urls.length);
    for (const topic of this.topics) await this.join(topic);
    this.failedOver?.(Date.now());
  }
}
