import { Injectable } from '@nestjs/common';
import type { Prisma } from '../../generated/prisma/client.js';
import { type Page, type PageWindow, paginate } from '../../infra/database/paginate.js';
import { PrismaService } from '../../infra/database/prisma.service.js';
import type { CartLine } from '../cart/cart.service.js';

/** Every order the shop reads carries its lines, in the order they were written. */
const WITH_ITEMS = { items: { orderBy: { id: 'asc' } } } satisfies Prisma.OrderInclude;

export type OrderWithItems = Prisma.OrderGetPayload<{ include: typeof WITH_ITEMS }>;

type Db = PrismaService | Prisma.TransactionClient;

export interface PendingOrder {
  userId: number;
  amountCents: number;
  currency: string;
  idempotencyKey?: string;
  requestHash: string;
  lines: readonly CartLine[];
}

export type PaymentRecord =
  { status: 'succeeded'; providerPaymentId: string } | { status: 'failed'; failureCode: string };

/** The orders and payments tables, for the shop's checkout and order history. */
@Injectable()
export class OrdersRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Account deletion: paid orders (and pending ones, whose payment may still settle) stay for accounting, and the
   * foreign key's ON DELETE SET NULL removes the user reference with the user row; failed orders go now, with their
   * lines and payment attempts. The idempotency key was the customer's and goes too.
   */
  async detachCustomerWithin(tx: Prisma.TransactionClient, userId: number): Promise<void> {
    await tx.order.deleteMany({ where: { userId, status: 'failed' } });
    await tx.order.updateMany({ where: { userId }, data: { idempotencyKey: null } });
  }

  /** The user's orders, newest first. */
  listForUser(userId: number, window: PageWindow): Promise<Page<OrderWithItems>> {
    const where = { userId };
    return paginate(window, {
      rows: (range) =>
        this.prisma.order.findMany({
          where,
          include: WITH_ITEMS,
          orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
          ...range,
        }),
      count: () => this.prisma.order.count({ where }),
    });
  }

  findForUser(userId: number, id: number): Promise<OrderWithItems | null> {
    return this.prisma.order.findFirst({ where: { id, userId }, include: WITH_ITEMS });
  }

  findById(id: number, db: Db = this.prisma): Promise<OrderWithItems | null> {
    return db.order.findUnique({ where: { id }, include: WITH_ITEMS });
  }

  findByIdempotencyKey(db: Db, userId: number, idempotencyKey: string): Promise<OrderWithItems | null> {
    return db.order.findUnique({
      where: { userId_idempotencyKey: { userId, idempotencyKey } },
      include: WITH_ITEMS,
    });
  }

  /** Whether the user has a pending order created after `since` (a checkout still being charged). */
  async hasPendingSince(db: Db, userId: number, since: Date): Promise<boolean> {
    const pending = await db.order.findFirst({
      where: { userId, status: 'pending', createdAt: { gt: since } },
      select: { id: true },
    });
    return pending !== null;
  }

  createPending(db: Db, order: PendingOrder): Promise<OrderWithItems> {
    return db.order.create({
      data: {
        userId: order.userId,
        amountCents: order.amountCents,
        currency: order.currency,
        idempotencyKey: order.idempotencyKey,
        requestHash: order.requestHash,
        items: {
          create: order.lines.map((line) => ({
            productId: line.productId,
            name: line.name,
            priceCents: line.priceCents,
            quantity: line.quantity,
          })),
        },
      },
      include: WITH_ITEMS,
    });
  }

  /** Releases a claim whose charge had an unknown outcome (only while it is still pending). */
  async deletePending(id: number): Promise<void> {
    await this.prisma.order.deleteMany({ where: { id, status: 'pending' } });
  }

  /**
   * Settles a pending order as paid or failed and records the payment, in `tx`. False when the order was no longer
   * pending (another request settled it): then nothing is written.
   */
  async settle(
    tx: Prisma.TransactionClient,
    order: { id: number; amountCents: number },
    provider: string,
    payment: PaymentRecord,
  ): Promise<boolean> {
    const { count } = await tx.order.updateMany({
      where: { id: order.id, status: 'pending' },
      data: { status: payment.status === 'succeeded' ? 'paid' : 'failed' },
    });
    if (count !== 1) return false;
    await tx.payment.create({
      data: { orderId: order.id, provider, amountCents: order.amountCents, ...payment },
    });
    return true;
  }

  /** Why the order's last charge was declined, as the provider said it. */
  async lastFailureCode(orderId: number): Promise<string | null> {
    const payment = await this.prisma.payment.findFirst({
      where: { orderId, status: 'failed' },
      orderBy: { createdAt: 'desc' },
    });
    return payment?.failureCode ?? null;
  }
}
