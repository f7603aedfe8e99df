import { Logger } from '@nestjs/common';
import Stripe from 'stripe';
import {
  type ChargeRequest,
  type ChargeResult,
  PaymentGateway,
  PaymentUnavailableError,
} from './payment-gateway.js';

export interface StripeGatewayOptions {
  secretKey: string;
  /** Another base URL than api.stripe.com (stripe-mock, a local fake in tests). */
  apiBaseUrl?: string;
  /** The payment method confirmed with each PaymentIntent (a Stripe test card such as pm_card_visa). */
  paymentMethod: string;
  timeoutMs: number;
  maxNetworkRetries: number;
}

/**
 * Charges with one confirmed PaymentIntent per order through the official SDK. Our idempotency key goes to
 * Stripe too, so the SDK's own retries and our retries after a timeout can never charge twice.
 */
export class StripePaymentGateway extends PaymentGateway {
  readonly provider = 'stripe';
  private readonly logger = new Logger(StripePaymentGateway.name);
  private readonly stripe: Stripe;

  constructor(private readonly options: StripeGatewayOptions) {
    super();
    const base = options.apiBaseUrl ? new URL(options.apiBaseUrl) : undefined;
    this.stripe = new Stripe(options.secretKey, {
      timeout: options.timeoutMs,
      maxNetworkRetries: options.maxNetworkRetries,
      ...(base && {
        host: base.hostname,
        port: base.port || (base.protocol === 'http:' ? 80 : 443),
        protocol: base.protocol === 'http:' ? 'http' : 'https',
      }),
    });
  }

  async charge(request: ChargeRequest): Promise<ChargeResult> {
    let intent: Stripe.PaymentIntent;
    try {
      intent = await this.stripe.paymentIntents.create(
        {
          amount: request.amountCents,
          currency: request.currency,
          confirm: true,
          payment_method: this.options.paymentMethod,
          // Server-side confirmation without a browser: methods that need a redirect are not offered.
          automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
          description: request.description,
          metadata: { customer_ref: request.customerRef },
        },
        { idempotencyKey: request.idempotencyKey },
      );
    } catch (error) {
      if (error instanceof Stripe.errors.StripeCardError) {
        return {
          status: 'declined',
          code: error.decline_code ?? error.code ?? 'card_declined',
          message: error.message,
        };
      }
      // Connection errors, timeouts, 5xx, rate limits, a bad key: the charge's outcome is unknown or it never
      // started; either way the same idempotency key may be retried safely.
      const kind = error instanceof Error ? error.name : typeof error;
      this.logger.error({ err: error }, `Stripe charge failed (${kind})`);
      throw new PaymentUnavailableError('The payment provider could not be reached.', { cause: error });
    }
    if (intent.status === 'succeeded') return { status: 'succeeded', paymentId: intent.id };
    // requires_action (3-D Secure) and the like cannot be completed without the customer's browser.
    return {
      status: 'declined',
      code: intent.status,
      message: 'The payment needs an action this checkout cannot complete.',
    };
  }
}
