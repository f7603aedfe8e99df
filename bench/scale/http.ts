import { performance } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import { median } from '../support/load.js';

// Single requests, timed from send to full body, as the scale probes make them (one at a time, keep-alive).

export interface Answer<T = unknown> {
  status: number;
  body: T;
  ms: number;
}

export class ApiClient {
  constructor(
    readonly baseUrl: string,
    private readonly token?: string,
  ) {}

  async send<T = unknown>(method: string, path: string, body?: unknown): Promise<Answer<T>> {
    const headers: Record<string, string> = {};
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const started = performance.now();
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const ms = performance.now() - started;
    return { status: response.status, body: (text ? JSON.parse(text) : null) as T, ms };
  }

  /** Like send, but anything other than `expected` is a failed benchmark, not a slow request. */
  async expect<T = unknown>(
    expected: number,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<Answer<T>> {
    const answer = await this.send<T>(method, path, body);
    if (answer.status !== expected) {
      throw new Error(`${method} ${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    }
    return answer;
  }

  /** A socket.io connection authenticated as this client's user. */
  async socket(): Promise<Socket> {
    const socket = io(this.baseUrl, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      auth: { token: this.token },
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    return socket;
  }
}

/**
 * Calls `once(0)` (an unmeasured warm-up), then `once(1)`..`once(times)` in a row; the median of their timings
 * in ms. `once` returns the time of the part it measures.
 */
export async function medianMs(times: number, once: (index: number) => Promise<number>): Promise<number> {
  const timings: number[] = [];
  for (let index = 0; index <= times; index++) {
    const ms = await once(index);
    if (index > 0) timings.push(ms);
  }
  return median(timings);
}

export async function timedMs(action: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await action();
  return performance.now() - started;
}
