import { ApiPropertyOptional } from '@nestjs/swagger';
import { ApiIdProperty } from '../../../common/openapi/api-properties.js';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { IsId } from '../../../common/validation/ids.js';
import { MAX_LINE_QUANTITY } from '../cart.service.js';

export class AddCartItemDto {
  @ApiIdProperty()
  @IsId()
  product_id!: number;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: MAX_LINE_QUANTITY,
    default: 1,
    description: `Added to the quantity already in the cart; a line holds at most ${MAX_LINE_QUANTITY}.`,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_LINE_QUANTITY)
  quantity?: number;
}
