import { canViewComment, visibleCommentsWhere } from './comment-visibility.js';

describe('Comment visibility: hidden comments are like drafts', () => {
  const hidden = { hiddenAt: new Date(), authorId: 1 };
  const shown = { hiddenAt: null, authorId: 1 };

  it('shows a comment that is not hidden to everyone, anonymous callers included', () => {
    expect(canViewComment(shown, null)).toBe(true);
    expect(canViewComment(shown, { id: 2, role: 'user' })).toBe(true);
  });

  it('shows a hidden comment to its author, moderators and admins only', () => {
    expect(canViewComment(hidden, null)).toBe(false);
    expect(canViewComment(hidden, { id: 2, role: 'user' })).toBe(false);
    expect(canViewComment(hidden, { id: 1, role: 'user' })).toBe(true);
    expect(canViewComment(hidden, { id: 2, role: 'moderator' })).toBe(true);
    expect(canViewComment(hidden, { id: 2, role: 'admin' })).toBe(true);
  });

  it('filters listings by the same rule', () => {
    expect(visibleCommentsWhere(null)).toEqual({ hiddenAt: null });
    expect(visibleCommentsWhere({ id: 2, role: 'user' })).toEqual({
      OR: [{ hiddenAt: null }, { authorId: 2 }],
    });
    expect(visibleCommentsWhere({ id: 2, role: 'moderator' })).toEqual({});
  });
});
