-- Every start looks for revisions to render again (an empty body_html, see `domain::backfill`):
-- without an index that read every revision, 1.5 s (SQLite) to 3.4 s (Postgres) at a million
-- essays before the server answered. Almost none are ever waiting, so the index stays small.
CREATE INDEX revisions_unrendered ON revisions (id) WHERE body_html = '';
