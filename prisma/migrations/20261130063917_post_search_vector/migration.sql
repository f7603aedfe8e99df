-- Full-text search through an index: the English tsvector of a post is computed once, when the row is written,
-- into a stored generated column, and a GIN index finds the matching posts. Searching used to compute
-- to_tsvector row by row over the whole table (no index could serve it): over a million posts a search never
-- finished within its 10 s timeout. The expression is exactly the one searches used, so ranking is unchanged.
-- Adding the column rewrites `posts` once (about a minute per million rows).

-- AlterTable
ALTER TABLE "posts" ADD COLUMN     "search_vector" tsvector
  GENERATED ALWAYS AS (to_tsvector('english'::regconfig, title || ' ' || body)) STORED;

-- CreateIndex
CREATE INDEX "posts_search_vector_idx" ON "posts" USING GIN ("search_vector");
