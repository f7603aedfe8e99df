import type { Cart } from './cart.service.js';

export const CartPresenter = {
  present: (cart: Cart) => ({
    items: cart.items.map((line) => ({
      product_id: line.productId,
      name: line.name,
      price_cents: line.priceCents,
      quantity: line.quantity,
    })),
    total_cents: cart.totalCents,
  }),
};
