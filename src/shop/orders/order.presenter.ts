import type { OrderWithItems } from './orders.repository.js';

export const OrderPresenter = {
  present: (order: OrderWithItems) => ({
    id: order.id,
    status: order.status,
    amount_cents: order.amountCents,
    currency: order.currency,
    items: order.items.map((item) => ({
      product_id: item.productId,
      name: item.name,
      price_cents: item.priceCents,
      quantity: item.quantity,
    })),
    created_at: order.createdAt.toISOString(),
  }),
};
