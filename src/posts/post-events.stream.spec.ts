import { withoutRetractedContent } from './post-events.stream.js';

const event = (id: number, type: string, postId: number, domId: string) => ({
  id: BigInt(id),
  type,
  postId,
  payload: { dom_id: domId },
});

describe('withoutRetractedContent: what a replay may carry', () => {
  it('drops the content of a comment deleted (or hidden) later, keeping its comment_deleted', () => {
    const rows = [
      event(1, 'comment_created', 7, 'comments-1'),
      event(2, 'comment_created', 7, 'comments-2'),
      event(3, 'comment_updated', 7, 'comments-1'),
      event(4, 'comment_deleted', 7, 'comments-1'),
    ];
    expect(withoutRetractedContent(rows).map((row) => Number(row.id))).toEqual([2, 4]);
  });

  it("drops a post's own content and its comments' when the post is deleted or unpublished later", () => {
    const rows = [
      event(1, 'post_created', 7, 'posts-7'),
      event(2, 'comment_created', 7, 'comments-1'),
      event(3, 'comment_created', 8, 'comments-2'),
      event(4, 'post_deleted', 7, 'posts-7'),
      event(5, 'post_created', 7, 'posts-7'),
    ];
    expect(withoutRetractedContent(rows).map((row) => Number(row.id))).toEqual([3, 4, 5]);
  });

  it('keeps content written after the removal (a post published again, a comment shown again)', () => {
    const rows = [event(1, 'comment_deleted', 7, 'comments-1'), event(2, 'comment_created', 7, 'comments-1')];
    expect(withoutRetractedContent(rows)).toEqual(rows);
  });
});
