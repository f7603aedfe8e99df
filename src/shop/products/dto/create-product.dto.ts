import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Length, Matches, Max, MaxLength, Min } from 'class-validator';

export const PRODUCT_NAME_MAX = 200;
export const PRODUCT_DESCRIPTION_MAX = 5_000;
/** 100,000.00 in the shop's currency; with at most 99 per cart line this keeps totals far from overflow. */
export const PRICE_CENTS_MAX = 10_000_000;

export class CreateProductDto {
  @ApiProperty({ minLength: 1, maxLength: PRODUCT_NAME_MAX, pattern: '\\S', example: 'Hearth mug' })
  @IsString()
  @Length(1, PRODUCT_NAME_MAX)
  @Matches(/\S/, { message: 'name must not be blank' })
  name!: string;

  @ApiPropertyOptional({ maxLength: PRODUCT_DESCRIPTION_MAX, default: '', example: 'Stoneware, 350 ml.' })
  @IsOptional()
  @IsString()
  @MaxLength(PRODUCT_DESCRIPTION_MAX)
  description?: string;

  @ApiProperty({
    description: 'Price in integer cents (1250 = 12.50).',
    example: 1250,
    type: 'integer',
    minimum: 1,
    maximum: PRICE_CENTS_MAX,
  })
  @IsInt()
  @Min(1)
  @Max(PRICE_CENTS_MAX)
  price_cents!: number;
}
