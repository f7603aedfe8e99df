import { Injectable, Logger } from '@nestjs/common';
import { Inject } from '@nestjs/common';
import { createHash } from 'node:crypto';
import {
  BadRequestError,
  ConflictError,
  DomainError,
  NotFoundError,
  ServiceUnavailableError,
  UnprocessableError,
} from '../../common/errors/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { Prisma } from '../../generated/prisma/client.js';
import { PrismaService } from '../../infra/database/prisma.service.js';
import { Metrics } from '../../infra/metrics/metrics.js';
import { CartService, cartTotalCents } from '../cart/cart.service.js';
import { PaymentGateway, PaymentUnavailableError } from '../payments/payment-gateway.js';
import { orderFingerprint } from './order-fingerprint.js';

export type OrderWithItems = Prisma.OrderGetPayload<{ include: { items: true } }>;

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

type Claim = { fresh: true; order: OrderWithItems } | { fresh: false; order: OrderWithItems };

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
    private readonly cart: CartService,
    private readonly gateway: PaymentGateway,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: Metrics,
  ) {}

  async checkout(input: CheckoutInput): Promise<OrderWithItems> {
    if (input.idempotencyKey !== undefined && !IDEMPOTENCY_KEY_PATTERN.test(input.idempotencyKey)) {
      throw new BadRequestError(
        'invalid_idempotency_key',
        'Idempotency-Key must be 1 to 255 printable ASCII characters without spaces.',
      );
    }
    const claim = await this.claim(input);
    if (claim.fresh) return this.pay(claim.order);
    return this.replay(claim.order);
  }

  async list(
    userId: number,
    page: number,
    pageSize: number,
  ): Promise<{ orders: OrderWithItems[]; total: number }> {
    const where = { userId };
    const [orders, total] = await this.prisma.$transaction([
      this.prisma.order.findMany({
        where,
        include: { items: { orderBy: { id: 'asc' } } },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        skip: (page - 1) * pageSize,
        take: pageSize,
      }),
      this.prisma.order.count({ where }),
    ]);
    return { orders, total };
  }

  /** Another user's order does not exist as far as the caller can tell. */
  async get(userId: number, id: number): Promise<OrderWithItems> {
    const order =
      id <= 2_147_483_647
        ? await this.prisma.order.findFirst({
            where: { id, userId },
            include: { items: { orderBy: { id: 'asc' } } },
          })
        : null;
    if (!order) throw new NotFoundError('Order');
    return order;
  }

  /** Turns the cart into a pending order, or finds the order an earlier request with the same key made. */
  private async claim(input: CheckoutInput): Promise<Claim> {
    const { userId, idempotencyKey } = input;
    const currency = this.config.shop.currency;
    try {
      return await this.prisma.$transaction(async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(${CHECKOUT_LOCK_NAMESPACE}::int, ${userId}::int)`;
        const lines = await this.cart.lines(userId, tx);
        const fingerprint = orderFingerprint({
          expectedTotalCents: input.expectedTotalCents,
          currency,
          lines,
        });

        if (idempotencyKey !== undefined) {
          const earlier = await tx.order.findUnique({
            where: { userId_idempotencyKey: { userId, idempotencyKey } },
            include: { items: { orderBy: { id: 'asc' } } },
          });
          if (earlier) {
            // A paid order has consumed the cart it was made from: its own lines stand in for the cart.
            const sameRequest =
              earlier.status === 'paid'
                ? earlier.requestHash ===
                  orderFingerprint({
                    expectedTotalCents: input.expectedTotalCents,
                    currency,
                    lines: earlier.items,
                  })
                : earlier.requestHash === fingerprint;
            if (!sameRequest) {
              throw new UnprocessableError(
                'idempotency_key_reused',
                'This Idempotency-Key was used for a different checkout (other body or cart); use a new key.',
              );
            }
            return { fresh: false, order: earlier };
          }
        }

        const inFlight = await tx.order.findFirst({
          where: { userId, status: 'pending', createdAt: { gt: new Date(Date.now() - ABANDONED_AFTER_MS) } },
          select: { id: true },
        });
        if (inFlight) {
          throw new ConflictError(
            'checkout_in_progress',
            'Another checkout of this cart is being paid; try again shortly.',
          );
        }
        if (lines.length === 0) throw new UnprocessableError('cart_empty', 'The cart is empty.');
        const amountCents = cartTotalCents(lines);
        if (input.expectedTotalCents !== undefined && input.expectedTotalCents !== amountCents) {
          throw new ConflictError(
            'cart_changed',
            'The cart total is not the expected one; nothing was charged.',
            {
              total_cents: amountCents,
            },
          );
        }
        if (amountCents > MAX_ORDER_CENTS) {
          throw new UnprocessableError(
            'order_total_too_large',
            'The cart total exceeds the largest single charge.',
            {
              max_total_cents: MAX_ORDER_CENTS,
            },
          );
        }
        const order = await tx.order.create({
          data: {
            userId,
            amountCents,
            currency,
            idempotencyKey,
            requestHash: fingerprint,
            items: {
              create: lines.map((line) => ({
                productId: line.productId,
                name: line.name,
                priceCents: line.priceCents,
                quantity: line.quantity,
              })),
            },
          },
          include: { items: { orderBy: { id: 'asc' } } },
        });
        return { fresh: true, order };
      });
    } catch (error) {
      // The unique constraint is the last word on a key, whatever got past the lock.
      if (
        error instanceof Prisma.PrismaClientKnownRequestError &&
        error.code === 'P2002' &&
        idempotencyKey !== undefined
      ) {
        throw new ConflictError(
          'idempotency_in_progress',
          'A request with this Idempotency-Key is being processed.',
        );
      }
      throw error;
    }
  }

  /** A repeated request answers what the first one did; it never charges again. */
  private async replay(order: OrderWithItems): Promise<OrderWithItems> {
    if (order.status === 'paid') return order;
    if (order.status === 'failed') throw await this.declinedError(order.id);
    if (order.createdAt.getTime() < Date.now() - ABANDONED_AFTER_MS) {
      // Its instance died mid-charge. The provider key is the same, so resuming cannot charge twice.
      return this.pay(order);
    }
    throw new ConflictError(
      'idempotency_in_progress',
      'A request with this Idempotency-Key is still being processed; retry shortly for its result.',
    );
  }

  private async pay(order: OrderWithItems): Promise<OrderWithItems> {
    let result;
    try {
      result = await this.gateway.charge({
        amountCents: order.amountCents,
        currency: order.currency,
        idempotencyKey: this.providerKey(order),
        description: `Hearth order ${order.id}`,
        customerRef: `user:${order.userId}`,
      });
    } catch (error) {
      // Outcome unknown: release the claim so that a retry with the same key charges again under the same
      // provider key, which the provider deduplicates.
      await this.prisma.order.deleteMany({ where: { id: order.id, status: 'pending' } });
      if (error instanceof PaymentUnavailableError) {
        this.metrics.orderFinished('unavailable');
        throw new ServiceUnavailableError(
          'payment_unavailable',
          'The payment provider is unavailable; retry with the same Idempotency-Key.',
        );
      }
      throw error;
    }

    if (result.status === 'declined') {
      await this.prisma.$transaction(async (tx) => {
        const { count } = await tx.order.updateMany({
          where: { id: order.id, status: 'pending' },
          data: { status: 'failed' },
        });
        if (count === 1) {
          await tx.payment.create({
            data: {
              orderId: order.id,
              provider: this.gateway.provider,
              amountCents: order.amountCents,
              status: 'failed',
              failureCode: result.code,
            },
          });
        }
      });
      this.metrics.orderFinished('declined');
      throw await this.declinedError(order.id);
    }

    const paid = await this.prisma.$transaction(async (tx) => {
      const { count } = await tx.order.updateMany({
        where: { id: order.id, status: 'pending' },
        data: { status: 'paid' },
      });
      if (count === 1) {
        await tx.payment.create({
          data: {
            orderId: order.id,
            provider: this.gateway.provider,
            providerPaymentId: result.paymentId,
            amountCents: order.amountCents,
            status: 'succeeded',
          },
        });
        // Only what was paid for leaves the cart; lines added meanwhile stay.
        for (const item of order.items) {
          await tx.cartItem.updateMany({
            where: { userId: order.userId, productId: item.productId },
            data: { quantity: { decrement: item.quantity } },
          });
        }
        await tx.cartItem.deleteMany({ where: { userId: order.userId, quantity: { lte: 0 } } });
      }
      return tx.order.findUnique({ where: { id: order.id }, include: { items: { orderBy: { id: 'asc' } } } });
    });
    if (!paid) {
      throw new ConflictError('idempotency_in_progress', 'This checkout was settled by another request.');
    }
    if (paid.status !== 'paid')
      this.logger.error({ orderId: order.id }, 'charge succeeded for a settled order');
    else this.metrics.orderFinished('paid');
    return paid;
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

  private async declinedError(orderId: number): Promise<DomainError> {
    const payment = await this.prisma.payment.findFirst({
      where: { orderId, status: 'failed' },
      orderBy: { createdAt: 'desc' },
    });
    return new DomainError(402, 'payment_failed', 'The payment was declined; nothing was charged.', {
      order_id: orderId,
      reason: payment?.failureCode ?? 'declined',
    });
  }
}
