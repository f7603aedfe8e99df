import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { MAX_LINE_QUANTITY } from '../cart.service.js';

const MAX_INT4 = 2_147_483_647;

export class AddCartItemDto {
  @ApiProperty({ minimum: 1 })
  @IsInt()
  @Min(1)
  @Max(MAX_INT4)
  product_id!: number;

  @ApiPropertyOptional({
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
