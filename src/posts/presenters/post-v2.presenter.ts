import type { Post } from '../../generated/prisma/client.js';

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

export const PostV2Presenter = {
  /** Also the `post` of live change events (socket `posts` topic and SSE). */
  attributes: (post: Post): PostV2Attributes => ({
    title: post.title,
    body: post.body,
    likes: post.likesCount,
    comments_count: post.commentsCount,
    published: post.published,
    created_at: post.createdAt.toISOString(),
    updated_at: post.updatedAt.toISOString(),
  }),
  /** A JSON:API-like resource: string id, attributes. */
  resource: (post: Post) => ({
    type: 'post' as const,
    id: String(post.id),
    attributes: PostV2Presenter.attributes(post),
  }),
};
