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
CREATE TRIGGER articles_fts_unindex AFTER UPDATE OF search_title, search_body ON articles WHEN old.search_body IS NOT NULL BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, search_title, search_body) VALUES ('delete', old.id, old.search_title, old.search_body);
END;
CREATE TRIGGER articles_fts_index AFTER UPDATE OF search_title, search_body ON articles WHEN new.search_body IS NOT NULL BEGIN
    INSERT INTO articles_fts (rowid, search_title, search_body) VALUES (new.id, new.search_title, new.search_body);
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
CREATE TRIGGER questions_fts_unindex AFTER UPDATE OF search_headline, search_body ON questions WHEN old.search_body IS NOT NULL BEGIN
    INSERT INTO questions_fts (questions_fts, rowid, search_headline, search_body) VALUES ('delete', old.id, old.search_headline, old.search_body);
END;
CREATE TRIGGER questions_fts_index AFTER UPDATE OF search_headline, search_body ON questions WHEN new.search_body IS NOT NULL BEGIN
    INSERT INTO questions_fts (rowid, search_headline, search_body) VALUES (new.id, new.search_headline, new.search_body);
END;
