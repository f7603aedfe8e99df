import { ApiProperty } from '@nestjs/swagger';
import { ApiIdProperty, ApiTimestampProperty, PageOf } from '../../common/openapi/api-properties.js';
import type { Comment } from '../../generated/prisma/client.js';
import { COMMENT_BODY_MAX } from '../dto/create-comment.dto.js';

/** v1: a flat comment. A deleted comment kept for its replies shows `deleted: true`, no body and no author. */
export class CommentV1 {
  @ApiIdProperty()
  id!: number;

  @ApiIdProperty()
  post_id!: number;

  @ApiIdProperty({
    nullable: true,
    description: 'The top-level comment this one replies to; null: top level.',
  })
  parent_id!: number | null;

  @ApiProperty({
    type: String,
    nullable: true,
    minLength: 1,
    maxLength: COMMENT_BODY_MAX,
    description: 'null when deleted',
  })
  body!: string | null;

  @ApiIdProperty({ nullable: true, description: 'null when deleted' })
  author_id!: number | null;

  @ApiProperty({ description: 'A deleted comment kept as a placeholder because it has replies.' })
  deleted!: boolean;

  @ApiTimestampProperty()
  inserted_at!: string;

  @ApiTimestampProperty()
  updated_at!: string;
}

export class CommentV1Page extends PageOf(CommentV1) {}

export const CommentV1Presenter = {
  present: (comment: Comment): CommentV1 => {
    const deleted = comment.deletedAt !== null;
    return {
      id: comment.id,
      post_id: comment.postId,
      parent_id: comment.parentId,
      body: deleted ? null : comment.body,
      author_id: deleted ? null : comment.authorId,
      deleted,
      inserted_at: comment.createdAt.toISOString(),
      updated_at: comment.updatedAt.toISOString(),
    };
  },
};
