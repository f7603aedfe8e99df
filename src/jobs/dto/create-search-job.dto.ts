import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';

export const SEARCH_QUERY_MAX = 200;

export class CreateSearchJobDto {
  @ApiProperty({
    minLength: 1,
    maxLength: SEARCH_QUERY_MAX,
    pattern: '\\S',
    example: 'nestjs "real time" -php',
    description: 'Web-search syntax: words, "phrases", OR, -excluded.',
  })
  @IsString()
  @Length(1, SEARCH_QUERY_MAX)
  @Matches(/\S/, { message: 'query must not be blank' })
  // PostgreSQL text cannot hold NUL characters.
  // eslint-disable-next-line no-control-regex -- NUL is the character refused here
  @Matches(/^[^\u0000]*$/, { message: 'query must not contain NUL characters' })
  query!: string;
}
