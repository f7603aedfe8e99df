import type { Product } from '../../generated/prisma/client.js';

export const ProductPresenter = {
  present: (product: Product) => ({
    id: product.id,
    name: product.name,
    description: product.description,
    price_cents: product.priceCents,
    created_at: product.createdAt.toISOString(),
  }),
};
