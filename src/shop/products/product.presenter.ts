import { ApiProperty } from '@nestjs/swagger';
import {
  ApiIdProperty,
  ApiIntegerProperty,
  ApiTimestampProperty,
  PageOf,
} from '../../common/openapi/api-properties.js';
import type { Product } from '../../generated/prisma/client.js';
import { PRICE_CENTS_MAX, PRODUCT_DESCRIPTION_MAX, PRODUCT_NAME_MAX } from './dto/create-product.dto.js';

export class ProductResponse {
  @ApiIdProperty()
  id!: number;

  @ApiProperty({ minLength: 1, maxLength: PRODUCT_NAME_MAX, example: 'Hearth mug' })
  name!: string;

  @ApiProperty({ maxLength: PRODUCT_DESCRIPTION_MAX, example: 'Stoneware, 350 ml.' })
  description!: string;

  @ApiIntegerProperty(1, PRICE_CENTS_MAX, { description: 'Integer cents (1250 = 12.50).' })
  price_cents!: number;

  @ApiTimestampProperty()
  created_at!: string;
}

export class ProductResponsePage extends PageOf(ProductResponse) {}

export const ProductPresenter = {
  present: (product: Product): ProductResponse => ({
    id: product.id,
    name: product.name,
    description: product.description,
    price_cents: product.priceCents,
    created_at: product.createdAt.toISOString(),
  }),
};
