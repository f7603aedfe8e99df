import { ApiProperty } from '@nestjs/swagger';
import { MAX_PAGE_SIZE } from '../../common/http/page.query.js';
import {
  ApiIntegerProperty,
  ApiTimestampProperty,
  CursorListMetaOf,
  CursorListOf,
  DataOf,
  ResourceOf,
} from '../../common/openapi/api-properties.js';
import type { Post } from '../../generated/prisma/client.js';
import { BODY_MAX, TITLE_MAX } from '../dto/create-post.dto.js';

// A type alias (not an interface) so it is assignable to Prisma's JSON input type.
export type PostV2Attributes = {
  title: string;
  body: string;
  likes: number;
  comments_count: number;
  published: boolean;
  created_at: string;
  updated_at: string;
};

/** The attributes of a v2 post; also the `post` of live change events (socket `posts` topic and SSE). */
export class PostV2AttributesResponse implements PostV2Attributes {
  @ApiProperty({ minLength: 1, maxLength: TITLE_MAX, example: 'Hello, Hearth' })
  title!: string;

  @ApiProperty({ minLength: 1, maxLength: BODY_MAX, example: 'The first post.' })
  body!: string;

  @ApiIntegerProperty(0)
  likes!: number;

  @ApiIntegerProperty(0, undefined, {
    description: 'Comments readers see (neither deleted nor hidden); exact.',
  })
  comments_count!: number;

  @ApiProperty({ description: 'false: a draft, visible to its author, moderators and admins only.' })
  published!: boolean;

  @ApiTimestampProperty()
  created_at!: string;

  @ApiTimestampProperty()
  updated_at!: string;
}

export class PostV2Resource extends ResourceOf(
  'post',
  PostV2AttributesResponse,
  'The post id, as a string.',
) {}

export class PostV2ResourceData extends DataOf(PostV2Resource) {}

export class PostV2ListMeta extends CursorListMetaOf(MAX_PAGE_SIZE) {}

export class PostV2ResourceList extends CursorListOf(PostV2Resource, PostV2ListMeta) {}

export const PostV2Presenter = {
  attributes: (post: Post): PostV2Attributes => ({
    title: post.title,
    body: post.body,
    likes: post.likesCount,
    comments_count: post.commentsCount,
    published: post.published,
    created_at: post.createdAt.toISOString(),
    updated_at: post.updatedAt.toISOString(),
  }),
  resource: (post: Post): PostV2Resource => ({
    type: 'post' as const,
    id: String(post.id),
    attributes: PostV2Presenter.attributes(post),
  }),
};
