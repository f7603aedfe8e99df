import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { MAX_INT4 } from '../../../common/validation/ids.js';

export class CreateOrderDto {
  @ApiPropertyOptional({
    description:
      'The total the customer was shown. When given and the cart now totals something else, nothing is ' +
      'charged and the answer is 409 cart_changed.',
    type: 'integer',
    minimum: 0,
    maximum: MAX_INT4,
    example: 2500,
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_INT4)
  expected_total_cents?: number;
}
