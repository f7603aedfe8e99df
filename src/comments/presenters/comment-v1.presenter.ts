import { ApiProperty } from '@nestjs/swagger';
import { MAX_INT4 } from '../../common/validation/ids.js';
import type { Comment } from '../../generated/prisma/client.js';
import { PageMetadataView } from '../../common/http/page.query.js';

/** v1: a flat comment. A deleted comment kept for its replies shows `deleted: true`, no body and no author. */
export class CommentV1View {
  @ApiProperty({ type: 'integer', minimum: 1, maximum: MAX_INT4 })
  id!: number;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: MAX_INT4 })
  post_id!: number;

  @ApiProperty({
    type: 'integer',
    minimum: 1,
    maximum: MAX_INT4,
    nullable: true,
    description: 'null: top level',
  })
  parent_id!: number | null;

  @ApiProperty({ type: 'string', nullable: true, maxLength: 4_000, description: 'null when deleted' })
  body!: string | null;

  @ApiProperty({
    type: 'integer',
    minimum: 1,
    maximum: MAX_INT4,
    nullable: true,
    description: 'null when deleted',
  })
  author_id!: number | null;

  @ApiProperty()
  deleted!: boolean;

  @ApiProperty({ format: 'date-time' })
  inserted_at!: string;

  @ApiProperty({ format: 'date-time' })
  updated_at!: string;
}

export class CommentV1PageView {
  @ApiProperty({ type: [CommentV1View] })
  data!: CommentV1View[];

  @ApiProperty({ type: PageMetadataView })
  metadata!: PageMetadataView;
}

export const CommentV1Presenter = {
  present: (comment: Comment): CommentV1View => {
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
