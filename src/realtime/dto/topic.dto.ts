import { IsString, Matches, MaxLength, MinLength } from 'class-validator';

export class TopicDto {
  @IsString()
  @MaxLength(80)
  topic!: string;
}

export const MESSAGE_MAX_LENGTH = 4_000;

export class NewMessageDto extends TopicDto {
  @IsString()
  @MinLength(1)
  @MaxLength(MESSAGE_MAX_LENGTH)
  @Matches(/\S/, { message: 'body must not be blank' })
  body!: string;
}
