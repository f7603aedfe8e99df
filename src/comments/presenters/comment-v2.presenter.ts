import { ApiProperty } from '@nestjs/swagger';
import { MAX_INT4 } from '../../common/validation/ids.js';
import type { Comment } from '../../generated/prisma/client.js';

/**
 * v2 attributes; also the `comment` of live comment events (socket topics and SSE). A type alias (not an interface)
 * so it is assignable to Prisma's JSON input type; the class below documents it.
 */
export type CommentAttributes = {
  post_id: number;
  parent_id: number | null;
  body: string | null;
  author_id: number | null;
  deleted: boolean;
  created_at: string;
  updated_at: string;
};

export class CommentV2Attributes implements CommentAttributes {
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

  @ApiProperty({ description: 'A deleted comment kept as a placeholder because it has replies' })
  deleted!: boolean;

  @ApiProperty({ format: 'date-time' })
  created_at!: string;

  @ApiProperty({ format: 'date-time' })
  updated_at!: string;
}

export class CommentV2Resource {
  @ApiProperty({ enum: ['comment'] })
  type!: 'comment';

  @ApiProperty({ description: 'The comment id, as a string', example: '42' })
  id!: string;

  @ApiProperty({ type: CommentV2Attributes })
  attributes!: CommentV2Attributes;
}

export class CommentV2Document {
  @ApiProperty({ type: CommentV2Resource })
  data!: CommentV2Resource;
}

export class CommentV2PageMeta {
  @ApiProperty({ type: 'string', nullable: true, description: 'Opaque; null on the last page' })
  next_cursor!: string | null;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: 100 })
  limit!: number;
}

export class CommentV2PageView {
  @ApiProperty({ type: [CommentV2Resource] })
  data!: CommentV2Resource[];

  @ApiProperty({ type: CommentV2PageMeta })
  meta!: CommentV2PageMeta;
}

export const CommentV2Presenter = {
  attributes: (comment: Comment): CommentAttributes => {
    const deleted = comment.deletedAt !== null;
    return {
      post_id: comment.postId,
      parent_id: comment.parentId,
      body: deleted ? null : comment.body,
      author_id: deleted ? null : comment.authorId,
      deleted,
      created_at: comment.createdAt.toISOString(),
      updated_at: comment.updatedAt.toISOString(),
    };
  },
  resource: (comment: Comment): CommentV2Resource => ({
    type: 'comment',
    id: String(comment.id),
    attributes: CommentV2Presenter.attributes(comment),
  }),
};
