import { ApiProperty } from '@nestjs/swagger';
import { ListOf } from '../common/openapi/api-properties.js';
import { MAX_INT4 } from '../common/validation/ids.js';

/** A private topic and its members, as the topics routes answer it. */
export class PrivateTopicResponse {
  @ApiProperty({ pattern: '^private:[A-Za-z0-9_-]{1,64}$', example: 'private:q3H8dLx0aZ1bV7kP' })
  topic!: string;

  @ApiProperty({
    type: 'array',
    items: { type: 'integer', minimum: 1, maximum: MAX_INT4 },
    description: 'User ids, ascending.',
  })
  members!: number[];
}

export class PrivateTopicResponseList extends ListOf(PrivateTopicResponse) {}
