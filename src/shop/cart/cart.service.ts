import { Injectable } from '@nestjs/common';
import type { Prisma } from '../../generated/prisma/client.js';
import { PrismaService } from '../../infra/database/prisma.service.js';
import { ShopError } from '../shop.errors.js';

export const MAX_LINE_QUANTITY = 99;

export interface CartLine {
  productId: number;
  name: string;
  priceCents: number;
  quantity: number;
}

export interface Cart {
  items: CartLine[];
  totalCents: number;
}

type Db = Prisma.TransactionClient | PrismaService;

export function cartTotalCents(lines: readonly Pick<CartLine, 'priceCents' | 'quantity'>[]): number {
  return lines.reduce((total, line) => total + line.priceCents * line.quantity, 0);
}

/**
 * One cart per user, one line per product, prices always read from the catalogue (never from the client).
 * Lines of products withdrawn from sale stay stored but are neither shown nor sold.
 */
@Injectable()
export class CartService {
  constructor(private readonly prisma: PrismaService) {}

  async get(userId: number): Promise<Cart> {
    const items = await this.lines(userId);
    return { items, totalCents: cartTotalCents(items) };
  }

  /** The purchasable lines, oldest first; `db` lets checkout read them inside its transaction. */
  async lines(userId: number, db: Db = this.prisma): Promise<CartLine[]> {
    const rows = await db.cartItem.findMany({
      where: { userId, product: { active: true } },
      include: { product: true },
      orderBy: [{ createdAt: 'asc' }, { productId: 'asc' }],
    });
    return rows.map((row) => ({
      productId: row.productId,
      name: row.product.name,
      priceCents: row.product.priceCents,
      quantity: row.quantity,
    }));
  }

  /**
   * Adds to the line in one statement (insert or increment), so concurrent adds never lose an update, and
   * only while the product is on sale and the line stays within MAX_LINE_QUANTITY.
   */
  async add(userId: number, productId: number, quantity: number): Promise<Cart> {
    const rows = await this.prisma.$queryRaw<{ quantity: number }[]>`
      INSERT INTO cart_items (user_id, product_id, quantity, updated_at)
      SELECT ${userId}::int, p.id, ${quantity}::int, now()
        FROM products p
       WHERE p.id = ${productId}::int AND p.active
      ON CONFLICT (user_id, product_id) DO UPDATE
         SET quantity = cart_items.quantity + EXCLUDED.quantity, updated_at = now()
       WHERE cart_items.quantity + EXCLUDED.quantity <= ${MAX_LINE_QUANTITY}::int
      RETURNING quantity`;
    if (rows.length === 0) {
      await this.requireOnSale(productId);
      throw new ShopError(
        'cart_quantity_limit',
        `A cart line holds at most ${MAX_LINE_QUANTITY} of a product.`,
        { max_quantity: MAX_LINE_QUANTITY },
      );
    }
    return this.get(userId);
  }

  async setQuantity(userId: number, productId: number, quantity: number): Promise<Cart> {
    const { count } = await this.prisma.cartItem.updateMany({
      where: { userId, productId, product: { active: true } },
      data: { quantity },
    });
    if (count === 0) throw new ShopError('not_found', 'Cart item not found.');
    return this.get(userId);
  }

  /** Idempotent: removing a line that is not there leaves the cart as it is. */
  async remove(userId: number, productId: number): Promise<Cart> {
    await this.prisma.cartItem.deleteMany({ where: { userId, productId } });
    return this.get(userId);
  }

  /** After a paid checkout: only what was paid for leaves the cart; lines added meanwhile stay. */
  async takeOut(
    tx: Prisma.TransactionClient,
    userId: number,
    paid: readonly Pick<CartLine, 'productId' | 'quantity'>[],
  ): Promise<void> {
    for (const line of paid) {
      await tx.cartItem.updateMany({
        where: { userId, productId: line.productId },
        data: { quantity: { decrement: line.quantity } },
      });
    }
    await tx.cartItem.deleteMany({ where: { userId, quantity: { lte: 0 } } });
  }

  private async requireOnSale(productId: number): Promise<void> {
    const product = await this.prisma.product.findFirst({
      where: { id: productId, active: true },
      select: { id: true },
    });
    if (!product) throw new ShopError('not_found', 'Product not found.');
  }
}
