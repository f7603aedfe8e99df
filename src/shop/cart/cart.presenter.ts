import { ApiProperty } from '@nestjs/swagger';
import { ApiIdProperty, ApiIntegerProperty } from '../../common/openapi/api-properties.js';
import { MAX_LINE_QUANTITY, type Cart } from './cart.service.js';

/** A product and its quantity, in a cart or an order, at the price it has there. */
export class ShopLineResponse {
  @ApiIdProperty()
  product_id!: number;

  @ApiProperty({ example: 'Hearth mug' })
  name!: string;

  @ApiIntegerProperty(1, undefined, { description: 'Integer cents, per unit.' })
  price_cents!: number;

  @ApiIntegerProperty(1, MAX_LINE_QUANTITY)
  quantity!: number;
}

export class CartResponse {
  @ApiProperty({ type: [ShopLineResponse] })
  items!: ShopLineResponse[];

  @ApiIntegerProperty(0, undefined, { description: 'Computed by the server, in integer cents.' })
  total_cents!: number;
}

export const CartPresenter = {
  present: (cart: Cart): CartResponse => ({
    items: cart.items.map((line) => ({
      product_id: line.productId,
      name: line.name,
      price_cents: line.priceCents,
      quantity: line.quantity,
    })),
    total_cents: cart.totalCents,
  }),
};
