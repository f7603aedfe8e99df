import { ApiProperty } from '@nestjs/swagger';
import {
  ApiIdProperty,
  ApiIntegerProperty,
  ApiTimestampProperty,
  PageOf,
} from '../../common/openapi/api-properties.js';
import type { OrderStatus } from '../../generated/prisma/enums.js';
import { ShopLineResponse } from '../cart/cart.presenter.js';
import type { OrderWithItems } from './orders.repository.js';

export class OrderResponse {
  @ApiIdProperty()
  id!: number;

  @ApiProperty({ enum: ['pending', 'paid', 'failed'], enumName: 'OrderStatus' })
  status!: OrderStatus;

  @ApiIntegerProperty(0, undefined, { description: 'Integer cents.' })
  amount_cents!: number;

  @ApiProperty({ example: 'usd' })
  currency!: string;

  @ApiProperty({ type: [ShopLineResponse] })
  items!: ShopLineResponse[];

  @ApiTimestampProperty()
  created_at!: string;
}

export class OrderResponsePage extends PageOf(OrderResponse) {}

export const OrderPresenter = {
  present: (order: OrderWithItems): OrderResponse => ({
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
