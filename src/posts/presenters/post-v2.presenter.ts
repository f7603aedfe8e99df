import type { Post } from '../../generated/prisma/client.js';

// A type alias (not an interface) so it is assignable to Prisma's JSON input type.
export type PostV2Attributes = {
  title: string;
  body: string;
  likes: number;
  published: boolean;
  created_at: string;
  updated_at: string;
};

export function postV2Attributes(post: Post): PostV2Attributes {
  return {
    title: post.title,
    body: post.body,
    likes: post.likesCount,
    published: post.published,
    created_at: post.createdAt.toISOString(),
    updated_at: post.updatedAt.toISOString(),
  };
}

export const PostV2Presenter = {
  resource: (post: Post) => ({
    type: 'post' as const,
    id: String(post.id),
    attributes: postV2Attributes(post),
  }),
};
