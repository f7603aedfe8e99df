import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { isOwnerOrModerator } from '../auth/authenticated-user.js';
import type { Post, Prisma } from '../generated/prisma/client.js';

/** Who is looking: a signed-in user (their current role) or nobody. */
export type PostViewer = Pick<AuthenticatedUser, 'id' | 'role'> | null;

/**
 * Whether everyone may see the post, and so whether its changes (and its comments' changes) go to the public live
 * streams. The one place that decides it: every other visibility rule of posts and comments builds on it.
 */
export function isPostPublic(post: Pick<Post, 'published' | 'hiddenAt'>): boolean {
  return post.published && post.hiddenAt === null;
}

/** The same rule as a query filter, for lists and search: published and not hidden by a moderator. */
export const PUBLIC_POSTS = { published: true, hiddenAt: null } satisfies Prisma.PostWhereInput;

/** Non-public posts (drafts, posts hidden by a moderator) exist only for their author, moderators and admins. */
export function canViewPost(
  post: Pick<Post, 'published' | 'hiddenAt' | 'authorId'>,
  viewer: PostViewer,
): boolean {
  return isPostPublic(post) || (viewer !== null && isOwnerOrModerator(viewer, post.authorId));
}
