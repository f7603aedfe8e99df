/**
 * The payment provider port. OrdersService charges through it and never sees a provider's SDK or wire format.
 * A decline is an answer (the customer must act); an unreachable or failing provider is an exception
 * (PaymentUnavailableError) because the outcome of the charge is unknown and the same idempotency key must
 * be retried.
 */
export interface ChargeRequest {
  amountCents: number;
  /** ISO 4217, lowercase. */
  currency: string;
  /** The same key must never produce a second charge at the provider. */
  idempotencyKey: string;
  description: string;
  /** Our reference to the paying customer (the user id), stored with the charge. */
  customerRef: string;
}

export type ChargeResult =
  { status: 'succeeded'; paymentId: string } | { status: 'declined'; code: string; message: string };

export abstract class PaymentGateway {
  /** A short provider name stored with each payment (`stripe`, `test`). */
  abstract readonly provider: string;

  /** Succeeded or declined; throws PaymentUnavailableError when the provider cannot be reached or fails. */
  abstract charge(request: ChargeRequest): Promise<ChargeResult>;
}

export class PaymentUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PaymentUnavailableError';
  }
}
