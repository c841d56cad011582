DROP INDEX articles_unindexed;
DROP INDEX questions_unindexed;
ALTER TABLE questions DROP COLUMN search_vector, DROP COLUMN search_headline, DROP COLUMN search_body;
ALTER TABLE questions ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', coalesce(headline, '')), 'A') || setweight(to_tsvector('english', body), 'B')
) STORED;
CREATE INDEX questions_search ON questions USING GIN (search_vector);

ALTER TABLE articles DROP COLUMN search_vector, DROP COLUMN search_title, DROP COLUMN search_body;
ALTER TABLE articles ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', body_text), 'B')
) STORED;
CREATE INDEX articles_search ON articles USING GIN (search_vector);
