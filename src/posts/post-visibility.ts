import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { isOwnerOrModerator } from '../auth/authenticated-user.js';
import type { Post } from '../generated/prisma/client.js';

/** Who is looking: a signed-in user (their current role) or nobody. */
export type PostViewer = Pick<AuthenticatedUser, 'id' | 'role'> | null;

/**
 * Whether everyone may see the post, and so whether its changes (and its comments' changes) go to the public live
 * streams. The one place that decides it: every other visibility rule of posts and comments builds on it.
 */
export function isPostPublic(post: Pick<Post, 'published'>): boolean {
  return post.published;
}

/** Non-public posts (drafts) exist only for their author, moderators and admins. */
export function canViewPost(post: Pick<Post, 'published' | 'authorId'>, viewer: PostViewer): boolean {
  return isPostPublic(post) || (viewer !== null && isOwnerOrModerator(viewer, post.authorId));
}
