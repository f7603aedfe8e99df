import { randomUUID } from 'node:crypto';
import { HttpClient } from '../../support/http.js';

/** One request of a traffic run, as the client saw it. */
export interface Sample {
  kind: 'write' | 'read';
  target: string;
  startedAt: number;
  endedAt: number;
  /** 0 when no HTTP answer came back (connection refused or reset). */
  status: number;
  code?: string;
  /** The created post's id, for a write answered 201. */
  postId?: number;
  networkError?: string;
}

export const latency = (sample: Sample) => sample.endedAt - sample.startedAt;

/**
 * A steady stream of reads and writes from `workers` concurrent clients, each sending its next request as soon as
 * the previous one is answered, until `stop`. Every write creates a post whose title starts with `titlePrefix`, so
 * the test can count the rows it produced.
 */
export class Traffic {
  readonly samples: Sample[] = [];
  readonly titlePrefix = `fault-${randomUUID().slice(0, 8)}`;
  private running = true;
  private readonly loops: Promise<void>[];
  private sequence = 0;
  private readonly listeners = new Set<(sample: Sample) => void>();

  constructor(
    targets: { baseUrl: string; token: string }[],
    workers: number,
    private readonly pauseMs = 5,
  ) {
    this.loops = Array.from({ length: workers }, (_, worker) => {
      const target = targets[worker % targets.length];
      return this.loop(
        new HttpClient(target.baseUrl).as({ authorization: `Bearer ${target.token}` }),
        worker,
      );
    });
  }

  /** Resolves with the first sample from now on that `accept` takes. */
  next(accept: (sample: Sample) => boolean, timeoutMs = 20_000): Promise<Sample> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        reject(new Error(`no matching request within ${timeoutMs} ms`));
      }, timeoutMs);
      const listener = (sample: Sample) => {
        if (!accept(sample)) return;
        clearTimeout(timer);
        this.listeners.delete(listener);
        resolve(sample);
      };
      this.listeners.add(listener);
    });
  }

  /** Resolves once `count` samples from now on were accepted by `accept`. */
  async count(accept: (sample: Sample) => boolean, count: number, timeoutMs = 20_000): Promise<void> {
    for (let i = 0; i < count; i++) await this.next(accept, timeoutMs);
  }

  async stop(): Promise<Sample[]> {
    this.running = false;
    await Promise.all(this.loops);
    return this.samples;
  }

  private async loop(http: HttpClient, worker: number): Promise<void> {
    // Each worker alternates on its own count: a parity of the shared count could keep every worker on reads when
    // their answers come back in lockstep (as reads batched into one query do).
    for (let turn = worker; this.running; turn++) {
      this.sequence++;
      const write = turn % 2 === 0;
      const startedAt = Date.now();
      const sample: Sample = {
        kind: write ? 'write' : 'read',
        target: http.baseUrl,
        startedAt,
        endedAt: 0,
        status: 0,
      };
      try {
        const response = write
          ? await http.post('/api/v1/posts', {
              title: `${this.titlePrefix} ${worker}-${this.sequence}`,
              body: 'Written while something was failing.',
            })
          : await http.get('/api/v1/posts?page_size=5');
        sample.status = response.status;
        sample.code = response.body?.error?.code;
        if (write && response.status === 201) sample.postId = Number(response.body.id);
      } catch (error) {
        sample.networkError = (error as NodeJS.ErrnoException).code ?? String(error);
      }
      sample.endedAt = Date.now();
      this.samples.push(sample);
      for (const listener of [...this.listeners]) listener(sample);
      if (this.pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, this.pauseMs));
    }
  }
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Measurements are printed for docs/reliability.md. */
export function report(name: string, measurements: Record<string, unknown>): void {
  console.log(`[faults] ${name} ${JSON.stringify(measurements)}`);
}
