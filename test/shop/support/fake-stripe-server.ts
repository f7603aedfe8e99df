import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A PaymentIntent the fake created (one per charge attempt that reached it with a new idempotency key). */
export interface FakeCharge {
  id: string;
  amount: number;
  currency: string;
  status: 'succeeded' | 'requires_payment_method';
  paymentMethod: string;
  idempotencyKey: string | undefined;
  description: string | undefined;
  metadata: Record<string, string>;
}

type Failure = 'server_error' | 'drop_connection';

// Stripe's own test payment methods that decline, with the decline code Stripe reports.
const DECLINING_METHODS: Record<string, string> = {
  pm_card_chargeDeclined: 'generic_decline',
  pm_card_visa_chargeDeclined: 'generic_decline',
  pm_card_chargeDeclinedInsufficientFunds: 'insufficient_funds',
};

interface StoredResponse {
  fingerprint: string;
  status: number;
  body: unknown;
}

/**
 * Speaks the part of Stripe's API that Hearth's StripePaymentGateway calls (POST /v1/payment_intents with
 * confirm=true), through the real `stripe` SDK: form-encoded bodies, Bearer secret keys, Idempotency-Key
 * replays (same parameters → the stored answer; other parameters → 400 idempotency_error), card declines as
 * 402 card_error. Records every PaymentIntent it creates.
 */
export class FakeStripeServer {
  readonly charges: FakeCharge[] = [];
  /** Every POST /v1/payment_intents received, replays included. */
  requests = 0;
  private readonly stored = new Map<string, StoredResponse>();
  private readonly server: Server;
  private failures: Failure[] = [];
  private failingUntilRecovered?: Failure;
  private held?: { released: Promise<void>; release: () => void };
  private requestWaiters: { count: number; resolve: () => void }[] = [];

  private constructor(readonly secretKey: string) {
    this.server = createServer((request, response) => void this.handle(request, response));
  }

  static async start(secretKey = `sk_test_${randomBytes(12).toString('hex')}`): Promise<FakeStripeServer> {
    const fake = new FakeStripeServer(secretKey);
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get url(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  /** The environment that points Hearth's Stripe adapter here. */
  env(overrides: Record<string, string> = {}): Record<string, string> {
    return {
      STRIPE_SECRET_KEY: this.secretKey,
      STRIPE_API_BASE_URL: this.url,
      STRIPE_MAX_NETWORK_RETRIES: '0',
      STRIPE_TIMEOUT_MS: '5000',
      ...overrides,
    };
  }

  /** The next requests fail like an unhealthy Stripe (500) or a broken network (socket destroyed). */
  failNext(failure: Failure, times = 1): void {
    this.failures.push(...Array<Failure>(times).fill(failure));
  }

  failUntilRecovered(failure: Failure): void {
    this.failingUntilRecovered = failure;
  }

  recover(): void {
    this.failingUntilRecovered = undefined;
    this.failures = [];
  }

  /** Charges received from now on wait until `release()`; lets a test act while a charge is in flight. */
  hold(): { release: () => void } {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    this.held = { released, release };
    return {
      release: () => {
        this.held = undefined;
        release();
      },
    };
  }

  /** Resolves once `count` payment-intent requests have arrived in total. */
  waitForRequests(count: number): Promise<void> {
    if (this.requests >= count) return Promise.resolve();
    return new Promise((resolve) => this.requestWaiters.push({ count, resolve }));
  }

  chargesWithKey(idempotencyKey: string): FakeCharge[] {
    return this.charges.filter((charge) => charge.idempotencyKey === idempotencyKey);
  }

  async close(): Promise<void> {
    this.held?.release();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');

    if (request.method !== 'POST' || request.url !== '/v1/payment_intents') {
      return this.send(
        response,
        404,
        stripeError('invalid_request_error', `Unrecognized request URL (${request.url}).`),
      );
    }
    this.requests += 1;
    this.requestWaiters = this.requestWaiters.filter((waiter) => {
      if (this.requests < waiter.count) return true;
      waiter.resolve();
      return false;
    });

    const failure = this.failures.shift() ?? this.failingUntilRecovered;
    if (failure === 'drop_connection') return void request.socket.destroy();
    if (failure === 'server_error') {
      return this.send(response, 500, stripeError('api_error', 'An unknown error occurred.'));
    }
    if (request.headers.authorization !== `Bearer ${this.secretKey}`) {
      return this.send(response, 401, stripeError('invalid_request_error', 'Invalid API Key provided.'));
    }
    if (this.held) await this.held.released;

    const params = new URLSearchParams(raw);
    const fingerprint = [...params.entries()].sort().join('&');
    const idempotencyKey = header(request, 'idempotency-key');
    const earlier = idempotencyKey ? this.stored.get(idempotencyKey) : undefined;
    if (earlier) {
      if (earlier.fingerprint !== fingerprint) {
        return this.send(
          response,
          400,
          stripeError(
            'idempotency_error',
            'Keys for idempotent requests can only be used with the same parameters they were first used with.',
          ),
        );
      }
      response.setHeader('Idempotent-Replayed', 'true');
      return this.send(response, earlier.status, earlier.body);
    }

    const amount = Number(params.get('amount'));
    const currency = params.get('currency') ?? '';
    const paymentMethod = params.get('payment_method') ?? '';
    if (
      !Number.isInteger(amount) ||
      amount < 1 ||
      !currency ||
      params.get('confirm') !== 'true' ||
      !paymentMethod
    ) {
      return this.send(response, 400, stripeError('invalid_request_error', 'Missing or invalid parameters.'));
    }
    const declineCode = DECLINING_METHODS[paymentMethod];
    const metadata: Record<string, string> = {};
    for (const [key, value] of params) {
      const match = /^metadata\[(.+)\]$/.exec(key);
      if (match) metadata[match[1]!] = value;
    }
    const charge: FakeCharge = {
      id: `pi_${randomBytes(12).toString('hex')}`,
      amount,
      currency,
      status: declineCode ? 'requires_payment_method' : 'succeeded',
      paymentMethod,
      idempotencyKey,
      description: params.get('description') ?? undefined,
      metadata,
    };
    this.charges.push(charge);
    const intent = {
      id: charge.id,
      object: 'payment_intent',
      amount,
      amount_received: declineCode ? 0 : amount,
      currency,
      status: charge.status,
      description: charge.description ?? null,
      metadata,
      payment_method: paymentMethod,
      livemode: false,
    };
    const [status, body] = declineCode
      ? [
          402,
          {
            error: {
              type: 'card_error',
              code: 'card_declined',
              decline_code: declineCode,
              message: 'Your card was declined.',
              payment_intent: intent,
            },
          },
        ]
      : [200, intent];
    if (idempotencyKey) this.stored.set(idempotencyKey, { fingerprint, status, body });
    this.send(response, status, body);
  }

  private send(response: ServerResponse, status: number, body: unknown): void {
    response.writeHead(status, {
      'content-type': 'application/json',
      'request-id': `req_${randomBytes(6).toString('hex')}`,
    });
    response.end(JSON.stringify(body));
  }
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function stripeError(type: string, message: string) {
  return { error: { type, message } };
}
