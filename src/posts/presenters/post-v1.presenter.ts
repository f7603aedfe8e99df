import type { Post } from '../../generated/prisma/client.js';

const EXCERPT_LENGTH = 100;

/** The body's first 100 characters (code points, so an emoji is never cut in half). */
export function excerptOf(body: string): string {
  return Array.from(body).slice(0, EXCERPT_LENGTH).join('');
}

export const PostV1Presenter = {
  listItem: (post: Post) => ({ id: post.id, title: post.title, excerpt: excerptOf(post.body) }),
  detail: (post: Post) => ({
    id: post.id,
    title: post.title,
    body: post.body,
    likes: post.likesCount,
    comments_count: post.commentsCount,
    published: post.published,
    inserted_at: post.createdAt.toISOString(),
  }),
};
