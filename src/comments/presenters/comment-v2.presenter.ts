import { ApiProperty } from '@nestjs/swagger';
import { MAX_PAGE_SIZE } from '../../common/http/page.query.js';
import {
  ApiIdProperty,
  ApiTimestampProperty,
  CursorListMetaOf,
  CursorListOf,
  DataOf,
  ResourceOf,
} from '../../common/openapi/api-properties.js';
import type { Comment } from '../../generated/prisma/client.js';
import { COMMENT_BODY_MAX } from '../dto/create-comment.dto.js';

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

export class CommentV2AttributesResponse implements CommentAttributes {
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
  created_at!: string;

  @ApiTimestampProperty()
  updated_at!: string;
}

export class CommentV2Resource extends ResourceOf(
  'comment',
  CommentV2AttributesResponse,
  'The comment id, as a string.',
) {}

export class CommentV2ResourceData extends DataOf(CommentV2Resource) {}

export class CommentV2ListMeta extends CursorListMetaOf(MAX_PAGE_SIZE) {}

export class CommentV2ResourceList extends CursorListOf(CommentV2Resource, CommentV2ListMeta) {}

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
