import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { IsId } from '../../../common/validation/ids.js';
import { MAX_LINE_QUANTITY } from '../cart.service.js';

export class AddCartItemDto {
  @ApiProperty({ minimum: 1 })
  @IsId()
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
