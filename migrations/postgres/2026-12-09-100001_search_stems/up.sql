-- Search indexes the stems Tribune works out in Rust (`search`), the same on both backends:
-- `search_title` / `search_body` hold them, NULL until `tribune migrate` / `tribune serve` fill
-- them at start. The 'simple' configuration only splits them at spaces and keeps them as they are.
ALTER TABLE articles DROP COLUMN search_vector;
ALTER TABLE articles ADD COLUMN search_title TEXT, ADD COLUMN search_body TEXT;
ALTER TABLE articles ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple', coalesce(search_title, '')), 'A') || setweight(to_tsvector('simple', coalesce(search_body, '')), 'B')
) STORED;
CREATE INDEX articles_search ON articles USING GIN (search_vector);

ALTER TABLE questions DROP COLUMN search_vector;
ALTER TABLE questions ADD COLUMN search_headline TEXT, ADD COLUMN search_body TEXT;
ALTER TABLE questions ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple', coalesce(search_headline, '')), 'A') || setweight(to_tsvector('simple', coalesce(search_body, '')), 'B')
) STORED;
CREATE INDEX questions_search ON questions USING GIN (search_vector);

-- What `tribune migrate` / `serve` still has to index, found without reading every row.
CREATE INDEX articles_unindexed ON articles (id) WHERE search_body IS NULL;
CREATE INDEX questions_unindexed ON questions (id) WHERE search_body IS NULL;
