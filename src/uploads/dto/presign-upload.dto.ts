import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsString, Length, Min } from 'class-validator';

// Only the shape is checked here; the upload rules (types, 10 MB) answer 415/413 from the service.
export class PresignUploadDto {
  @ApiProperty({
    example: 'holiday.jpg',
    description: 'Shown back as `name`; must end in .jpg, .jpeg or .png.',
  })
  @IsString()
  @Length(1, 1_024)
  filename!: string;

  @ApiProperty({ enum: ['image/jpeg', 'image/png'] })
  @IsString()
  @Length(1, 100)
  content_type!: string;

  @ApiProperty({ description: 'Exact size in bytes (at most 10 MB).', example: 524_288 })
  @IsInt()
  @Min(1)
  size!: number;
}
