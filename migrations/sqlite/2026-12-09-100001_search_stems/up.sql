-- Search indexes the stems Tribune works out in Rust (`search`), the same on both backends:
-- `search_title` / `search_body` hold them, NULL until `tribune migrate` / `tribune serve` fill
-- them at start. FTS5 splits them at spaces only ('ascii' keeps every other byte in a word).
ALTER TABLE articles ADD COLUMN search_title TEXT;
ALTER TABLE articles ADD COLUMN search_body TEXT;
ALTER TABLE questions ADD COLUMN search_headline TEXT;
ALTER TABLE questions ADD COLUMN search_body TEXT;

DROP TRIGGER articles_fts_insert;
DROP TRIGGER articles_fts_delete;
DROP TRIGGER articles_fts_update;
DROP TABLE articles_fts;
CREATE VIRTUAL TABLE articles_fts USING fts5(search_title, search_body, content='articles', content_rowid='id', tokenize='ascii');
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles WHEN new.search_body IS NOT NULL BEGIN
    INSERT INTO articles_fts (rowid, search_title, search_body) VALUES (new.id, new.search_title, new.search_body);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles WHEN old.search_body IS NOT NULL BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, search_title, search_body) VALUES ('delete', old.id, old.search_title, old.search_body);
END;
-- One trigger, since the old entry must go before the new one comes (SQLite does not say in
-- which order two triggers fire).
CREATE TRIGGER articles_fts_update AFTER UPDATE OF search_title, search_body ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, search_title, search_body)
        SELECT 'delete', old.id, old.search_title, old.search_body WHERE old.search_body IS NOT NULL;
    INSERT INTO articles_fts (rowid, search_title, search_body) SELECT new.id, new.search_title, new.search_body WHERE new.search_body IS NOT NULL;
END;

DROP TRIGGER questions_fts_insert;
DROP TRIGGER questions_fts_delete;
DROP TRIGGER questions_fts_update;
DROP TABLE questions_fts;
CREATE VIRTUAL TABLE questions_fts USING fts5(search_headline, search_body, content='questions', content_rowid='id', tokenize='ascii');
CREATE TRIGGER questions_fts_insert AFTER INSERT ON questions WHEN new.search_body IS NOT NULL BEGIN
    INSERT INTO questions_fts (rowid, search_headline, search_body) VALUES (new.id, new.search_headline, new.search_body);
END;
CREATE TRIGGER questions_fts_delete AFTER DELETE ON questions WHEN old.search_body IS NOT NULL BEGIN
    INSERT INTO questions_fts (questions_fts, rowid, search_headline, search_body) VALUES ('delete', old.id, old.search_headline, old.search_body);
END;
-- One trigger, since the old entry must go before the new one comes (SQLite does not say in
-- which order two triggers fire).
CREATE TRIGGER questions_fts_update AFTER UPDATE OF search_headline, search_body ON questions BEGIN
    INSERT INTO questions_fts (questions_fts, rowid, search_headline, search_body)
        SELECT 'delete', old.id, old.search_headline, old.search_body WHERE old.search_body IS NOT NULL;
    INSERT INTO questions_fts (rowid, search_headline, search_body) SELECT new.id, new.search_headline, new.search_body WHERE new.search_body IS NOT NULL;
END;

-- What `tribune migrate` / `serve` still has to index, found without reading every row.
CREATE INDEX articles_unindexed ON articles (id) WHERE search_body IS NULL;
CREATE INDEX questions_unindexed ON questions (id) WHERE search_body IS NULL;
