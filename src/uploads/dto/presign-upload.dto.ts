import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsString, Length, Min } from 'class-validator';

// Only the shape is checked here; the upload rules (types, 10 MB) answer 415/413 from the service.
export class PresignUploadDto {
  @ApiProperty({
    minLength: 1,
    maxLength: 1_024,
    example: 'holiday.jpg',
    description: 'Shown back as `name`; must end in .jpg, .jpeg or .png.',
  })
  @IsString()
  @Length(1, 1_024)
  filename!: string;

  @ApiProperty({
    minLength: 1,
    maxLength: 100,
    example: 'image/jpeg',
    description: 'image/jpeg or image/png (others: 415).',
  })
  @IsString()
  @Length(1, 100)
  content_type!: string;

  @ApiProperty({
    type: 'integer',
    minimum: 1,
    description: 'Exact size in bytes (at most 10 MB; more: 413).',
    example: 524_288,
  })
  @IsInt()
  @Min(1)
  size!: number;
}
