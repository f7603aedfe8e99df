import { errorCatalogue } from '../common/errors/domain-error.js';

/** Every code the shop (products, cart, orders, payments) answers with. */
export class ShopError extends errorCatalogue({
  invalid_idempotency_key: 'bad_request',
  payment_failed: 'payment_required',
  not_found: 'not_found',
  cart_changed: 'conflict',
  checkout_in_progress: 'conflict',
  idempotency_in_progress: 'conflict',
  cart_empty: 'unprocessable',
  cart_quantity_limit: 'unprocessable',
  idempotency_key_reused: 'unprocessable',
  order_total_too_large: 'unprocessable',
  payment_unavailable: 'service_unavailable',
}) {}

export type ShopErrorCode = ShopError['code'];
