-- Posts hidden by a moderator leave the public lists, as drafts do: "listed" becomes published AND not hidden.
-- post_is_listed(posts) is the one definition the post_counters triggers use (see the published_posts_counter
-- migration); replacing it and recounting once keeps v1's total_entries exact. The listing index gains hidden_at
-- as its last column, so `WHERE published AND hidden_at IS NULL ORDER BY created_at DESC, id DESC` (lists, keyset
-- pages and the deferred join's index-only walk) still reads the index in order, and skips the rare hidden post as
-- an index-only filter. (Second after published it would not do: IS NULL pins no sort order for the planner.)

CREATE OR REPLACE FUNCTION post_is_listed(p posts) RETURNS boolean
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT p.published AND p.hidden_at IS NULL $$;

UPDATE post_counters SET listed = (SELECT count(*) FROM posts p WHERE post_is_listed(p)) WHERE name = 'posts';

-- DropIndex
DROP INDEX "posts_published_created_at_id_idx";

-- CreateIndex
CREATE INDEX "posts_published_created_at_id_hidden_at_idx" ON "posts"("published", "created_at" DESC, "id" DESC, "hidden_at");
