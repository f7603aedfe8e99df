import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import type { Prisma } from '../../generated/prisma/client.js';
import type { Page, PageWindow } from '../../infra/database/paginate.js';
import { isUniqueViolation } from '../../infra/database/prisma-errors.js';
import { PrismaService } from '../../infra/database/prisma.service.js';
import { Metrics } from '../../infra/metrics/metrics.js';
import { type CartLine, CartService, cartTotalCents } from '../cart/cart.service.js';
import { type ChargeResult, PaymentGateway, PaymentUnavailableError } from '../payments/payment-gateway.js';
import { ShopError } from '../shop.errors.js';
import { orderFingerprint } from './order-fingerprint.js';
import { type OrderWithItems, OrdersRepository, type PaymentRecord } from './orders.repository.js';

export interface CheckoutInput {
  userId: number;
  /** The client's Idempotency-Key header, if any. */
  idempotencyKey?: string;
  expectedTotalCents?: number;
}

/** The largest single charge (Stripe's limit for most currencies): 999,999.99. */
export const MAX_ORDER_CENTS = 99_999_999;
/** A pending order older than this was abandoned by a crashed instance; a retry of its key resumes it. */
const ABANDONED_AFTER_MS = 5 * 60_000;
const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
// pg_advisory_xact_lock(namespace, user id) serialises the checkouts of one user's cart.
const CHECKOUT_LOCK_NAMESPACE = 0x5345; // "SE"

type Tx = Prisma.TransactionClient;

async function lockCheckoutsOf(tx: Tx, userId: number): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${CHECKOUT_LOCK_NAMESPACE}::int, ${userId}::int)`;
}
type Claim = { fresh: boolean; order: OrderWithItems };

/**
 * Checkout: the cart becomes a pending order, the gateway charges its total, and only a successful charge marks
 * the order paid and takes its lines out of the cart, in one transaction. A declined charge leaves the cart as
 * it was. An Idempotency-Key is claimed through the (user_id, idempotency_key) unique constraint before any
 * charge, so one key can never charge twice, however many requests race with it.
 */
@Injectable()
export class OrdersService {
  private readonly logger = new Logger(OrdersService.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly orders: OrdersRepository,
    private readonly cart: CartService,
    private readonly gateway: PaymentGateway,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: Metrics,
  ) {}

  async checkout(input: CheckoutInput): Promise<OrderWithItems> {
    if (input.idempotencyKey !== undefined && !IDEMPOTENCY_KEY_PATTERN.test(input.idempotencyKey)) {
      throw new ShopError(
        'invalid_idempotency_key',
        'Idempotency-Key must be 1 to 255 printable ASCII characters without spaces.',
      );
    }
    const claim = await this.claim(input);
    if (claim.fresh) return this.pay(claim.order);
    return this.replay(claim.order);
  }

  list(userId: number, window: PageWindow): Promise<Page<OrderWithItems>> {
    return this.orders.listForUser(userId, window);
  }

  /** Another user's order does not exist as far as the caller can tell. */
  async get(userId: number, id: number): Promise<OrderWithItems> {
    const order = await this.orders.findForUser(userId, id);
    if (!order) throw new ShopError('not_found', 'Order not found.');
    return order;
  }

  /**
   * Turns the cart into a pending order, or finds the order an earlier request with the same key made. Under the
   * user's checkout lock: replay lookup → in-flight check → pricing → creation.
   */
  private async claim(input: CheckoutInput): Promise<Claim> {
    const { userId, idempotencyKey } = input;
    try {
      return await this.prisma.$transaction(async (tx) => {
        await lockCheckoutsOf(tx, userId);
        const lines = await this.cart.lines(userId, tx);
        const requestHash = this.fingerprint(input, lines);
        const earlier = await this.findEarlierRequest(tx, input, requestHash);
        if (earlier) return { fresh: false, order: earlier };
        await this.assertNoCheckoutInFlight(tx, userId);
        const amountCents = this.price(lines, input.expectedTotalCents);
        const order = await this.orders.createPending(tx, {
          userId,
          amountCents,
          currency: this.config.shop.currency,
          idempotencyKey,
          requestHash,
          lines,
        });
        return { fresh: true, order };
      });
    } catch (error) {
      // The unique constraint is the last word on a key, whatever got past the lock.
      if (isUniqueViolation(error) && idempotencyKey !== undefined) {
        throw new ShopError(
          'idempotency_in_progress',
          'A request with this Idempotency-Key is being processed.',
        );
      }
      throw error;
    }
  }

  private fingerprint(input: CheckoutInput, lines: readonly Omit<CartLine, 'name'>[]): string {
    return orderFingerprint({
      expectedTotalCents: input.expectedTotalCents,
      currency: this.config.shop.currency,
      lines,
    });
  }

  /** The order an earlier request with the same Idempotency-Key made; 422 when that request was another one. */
  private async findEarlierRequest(
    tx: Tx,
    input: CheckoutInput,
    requestHash: string,
  ): Promise<OrderWithItems | null> {
    if (input.idempotencyKey === undefined) return null;
    const earlier = await this.orders.findByIdempotencyKey(tx, input.userId, input.idempotencyKey);
    if (!earlier) return null;
    // A paid order has consumed the cart it was made from: its own lines stand in for the cart.
    const sameRequest =
      earlier.status === 'paid'
        ? earlier.requestHash === this.fingerprint(input, earlier.items)
        : earlier.requestHash === requestHash;
    if (!sameRequest) {
      throw new ShopError(
        'idempotency_key_reused',
        'This Idempotency-Key was used for a different checkout (other body or cart); use a new key.',
      );
    }
    return earlier;
  }

  private async assertNoCheckoutInFlight(tx: Tx, userId: number): Promise<void> {
    if (await this.orders.hasPendingSince(tx, userId, new Date(Date.now() - ABANDONED_AFTER_MS))) {
      throw new ShopError(
        'checkout_in_progress',
        'Another checkout of this cart is being paid; try again shortly.',
      );
    }
  }

  /** The total to charge for these lines, if the cart may be charged at all. */
  private price(lines: readonly CartLine[], expectedTotalCents: number | undefined): number {
    if (lines.length === 0) throw new ShopError('cart_empty', 'The cart is empty.');
    const amountCents = cartTotalCents(lines);
    if (expectedTotalCents !== undefined && expectedTotalCents !== amountCents) {
      throw new ShopError('cart_changed', 'The cart total is not the expected one; nothing was charged.', {
        total_cents: amountCents,
      });
    }
    if (amountCents > MAX_ORDER_CENTS) {
      throw new ShopError('order_total_too_large', 'The cart total exceeds the largest single charge.', {
        max_total_cents: MAX_ORDER_CENTS,
      });
    }
    return amountCents;
  }

  /** A repeated request answers what the first one did; it never charges again. */
  private async replay(order: OrderWithItems): Promise<OrderWithItems> {
    if (order.status === 'paid') return order;
    if (order.status === 'failed') throw await this.declinedError(order.id);
    if (order.createdAt.getTime() < Date.now() - ABANDONED_AFTER_MS) {
      // Its instance died mid-charge. The provider key is the same, so resuming cannot charge twice.
      return this.pay(order);
    }
    throw new ShopError(
      'idempotency_in_progress',
      'A request with this Idempotency-Key is still being processed; retry shortly for its result.',
    );
  }

  private async pay(order: OrderWithItems): Promise<OrderWithItems> {
    const result = await this.charge(order);
    if (result.status === 'declined') {
      await this.prisma.$transaction((tx) =>
        this.recordPayment(tx, order, { status: 'failed', failureCode: result.code }),
      );
      this.metrics.orderFinished('declined');
      throw await this.declinedError(order.id);
    }
    const paid = await this.prisma.$transaction(async (tx) => {
      await this.recordPayment(tx, order, { status: 'succeeded', providerPaymentId: result.paymentId });
      return this.orders.findById(order.id, tx);
    });
    if (!paid) {
      throw new ShopError('idempotency_in_progress', 'This checkout was settled by another request.');
    }
    if (paid.status !== 'paid')
      this.logger.error({ orderId: order.id }, 'charge succeeded for a settled order');
    else this.metrics.orderFinished('paid');
    return paid;
  }

  private async charge(order: OrderWithItems): Promise<ChargeResult> {
    try {
      return await this.gateway.charge({
        amountCents: order.amountCents,
        currency: order.currency,
        idempotencyKey: this.providerKey(order),
        description: `Hearth order ${order.id}`,
        customerRef: `user:${order.userId}`,
      });
    } catch (error) {
      // Outcome unknown: release the claim so that a retry with the same key charges again under the same
      // provider key, which the provider deduplicates.
      await this.orders.deletePending(order.id);
      if (error instanceof PaymentUnavailableError) {
        this.metrics.orderFinished('unavailable');
        throw new ShopError(
          'payment_unavailable',
          'The payment provider is unavailable; retry with the same Idempotency-Key.',
        );
      }
      throw error;
    }
  }

  /**
   * Settles the order with the charge's outcome, in `tx`; a paid order's lines leave the cart in the same step.
   * Nothing happens when another request settled the order first.
   */
  private async recordPayment(tx: Tx, order: OrderWithItems, payment: PaymentRecord): Promise<void> {
    // Under the checkout lock, so that a claim never reads the cart before this settlement and its pending check
    // after it (which would charge the same lines twice).
    if (order.userId !== null) await lockCheckoutsOf(tx, order.userId);
    const settled = await this.orders.settle(tx, order, this.gateway.provider, payment);
    // A customer who deleted their account meanwhile (user_id now null) has no cart left to take lines out of.
    if (settled && payment.status === 'succeeded' && order.userId !== null) {
      await this.cart.takeOut(tx, order.userId, order.items);
    }
  }

  /**
   * Stable across retries: derived from the client's key when there is one (a retry after a 503 makes a new
   * order row), else from the order.
   */
  private providerKey(order: OrderWithItems): string {
    if (order.idempotencyKey === null) return `hearth-order-${order.id}`;
    const digest = createHash('sha256').update(order.idempotencyKey).digest('hex').slice(0, 40);
    return `hearth-order-u${order.userId}-${digest}`;
  }

  private async declinedError(orderId: number): Promise<ShopError> {
    return new ShopError('payment_failed', 'The payment was declined; nothing was charged.', {
      order_id: orderId,
      reason: (await this.orders.lastFailureCode(orderId)) ?? 'declined',
    });
  }
}
