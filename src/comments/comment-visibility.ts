import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { isOwnerOrModerator } from '../auth/authenticated-user.js';
import type { Comment, Prisma } from '../generated/prisma/client.js';

export type CommentViewer = Pick<AuthenticatedUser, 'id' | 'role'> | null;

/** Whether everyone may see the comment (given they may see its post): not hidden by a moderator. */
export function isCommentPublic(comment: Pick<Comment, 'hiddenAt'>): boolean {
  return comment.hiddenAt === null;
}

/** Hidden comments are like drafts: visible to their author, moderators and admins only. */
export function canViewComment(
  comment: Pick<Comment, 'hiddenAt' | 'authorId'>,
  viewer: CommentViewer,
): boolean {
  return isCommentPublic(comment) || (viewer !== null && isOwnerOrModerator(viewer, comment.authorId));
}

/** The same rule as a query filter, for listings. */
export function visibleCommentsWhere(viewer: CommentViewer): Prisma.CommentWhereInput {
  if (viewer && (viewer.role === 'moderator' || viewer.role === 'admin')) return {};
  if (viewer) return { OR: [{ hiddenAt: null }, { authorId: viewer.id }] };
  return { hiddenAt: null };
}
