-- Exact count of the posts that public lists show, kept by triggers in the writing transaction, so v1's
-- total_entries reads one row instead of counting (count(*) grows with the table: 120-160 ms at a million posts).
-- Triggers rather than service code: they also see cascaded deletes (a deleted user's posts), bulk loads and
-- any future writer, and a concurrent writer waits on the counter row's lock, so the sum stays exact.
--
-- What "listed" means lives in one function, post_is_listed(posts). A new reason to leave public lists (for
-- example a moderation hidden_at column) needs only: CREATE OR REPLACE the function, then recount:
--   UPDATE post_counters SET listed = (SELECT count(*) FROM posts p WHERE post_is_listed(p)) WHERE name = 'posts';

-- CreateTable
CREATE TABLE "post_counters" (
    "name" TEXT NOT NULL,
    "listed" INTEGER NOT NULL,

    CONSTRAINT "post_counters_pkey" PRIMARY KEY ("name")
);

CREATE FUNCTION post_is_listed(p posts) RETURNS boolean
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT p.published $$;

CREATE FUNCTION post_counters_add(delta bigint) RETURNS void LANGUAGE sql AS $$
  UPDATE post_counters SET listed = listed + delta WHERE name = 'posts' AND delta <> 0
$$;

-- Statement-level for inserts and deletes: a bulk load or a cascaded delete moves the counter once.
CREATE FUNCTION post_counters_after_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM post_counters_add((SELECT count(*) FROM new_rows r WHERE post_is_listed(r::posts)));
  RETURN NULL;
END $$;

CREATE FUNCTION post_counters_after_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM post_counters_add(-(SELECT count(*) FROM old_rows r WHERE post_is_listed(r::posts)));
  RETURN NULL;
END $$;

-- Row-level for updates, only when listed-ness changes: a like (likes_count) or an edit costs nothing.
CREATE FUNCTION post_counters_after_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM post_counters_add(CASE WHEN post_is_listed(NEW) THEN 1 ELSE -1 END);
  RETURN NULL;
END $$;

CREATE FUNCTION post_counters_after_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE post_counters SET listed = 0 WHERE name = 'posts';
  RETURN NULL;
END $$;

CREATE TRIGGER posts_count_insert AFTER INSERT ON posts
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION post_counters_after_insert();
CREATE TRIGGER posts_count_delete AFTER DELETE ON posts
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION post_counters_after_delete();
CREATE TRIGGER posts_count_update AFTER UPDATE ON posts
  FOR EACH ROW WHEN (post_is_listed(OLD) IS DISTINCT FROM post_is_listed(NEW))
  EXECUTE FUNCTION post_counters_after_update();
CREATE TRIGGER posts_count_truncate AFTER TRUNCATE ON posts
  FOR EACH STATEMENT EXECUTE FUNCTION post_counters_after_truncate();

INSERT INTO "post_counters" ("name", "listed")
SELECT 'posts', count(*) FROM posts p WHERE post_is_listed(p);
