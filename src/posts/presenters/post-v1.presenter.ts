import type { Post } from '../../generated/prisma/client.js';

const EXCERPT_LENGTH = 100;

/** The body's first 100 characters (code points, so an emoji is never cut in half). */
export function excerptOf(body: string): string {
  // Walks only the first EXCERPT_LENGTH code points (Array.from copied the whole body: 4.5 % of a v1 list's CPU).
  let end = 0;
  for (let taken = 0; taken < EXCERPT_LENGTH && end < body.length; taken++) {
    end += body.codePointAt(end)! > 0xffff ? 2 : 1;
  }
  return body.slice(0, end);
}

export const PostV1Presenter = {
  listItem: (post: Post) => ({ id: post.id, title: post.title, excerpt: excerptOf(post.body) }),
  detail: (post: Post) => ({
    id: post.id,
    title: post.title,
    body: post.body,
    likes: post.likesCount,
    published: post.published,
    inserted_at: post.createdAt.toISOString(),
  }),
};
