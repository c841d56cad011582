DROP INDEX articles_unindexed;
DROP INDEX questions_unindexed;
DROP TRIGGER articles_fts_insert;
DROP TRIGGER articles_fts_delete;
DROP TRIGGER articles_fts_update;
DROP TABLE articles_fts;
CREATE VIRTUAL TABLE articles_fts USING fts5(title, body_text, content='articles', content_rowid='id');
INSERT INTO articles_fts (articles_fts) VALUES ('rebuild');
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts (rowid, title, body_text) VALUES (new.id, new.title, new.body_text);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, body_text) VALUES ('delete', old.id, old.title, old.body_text);
END;
CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, body_text ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, body_text) VALUES ('delete', old.id, old.title, old.body_text);
    INSERT INTO articles_fts (rowid, title, body_text) VALUES (new.id, new.title, new.body_text);
END;

DROP TRIGGER questions_fts_insert;
DROP TRIGGER questions_fts_delete;
DROP TRIGGER questions_fts_update;
DROP TABLE questions_fts;
CREATE VIRTUAL TABLE questions_fts USING fts5(headline, body, content='questions', content_rowid='id');
CREATE TRIGGER questions_fts_insert AFTER INSERT ON questions BEGIN
    INSERT INTO questions_fts (rowid, headline, body) VALUES (new.id, coalesce(new.headline, ''), new.body);
END;
CREATE TRIGGER questions_fts_delete AFTER DELETE ON questions BEGIN
    INSERT INTO questions_fts (questions_fts, rowid, headline, body) VALUES ('delete', old.id, coalesce(old.headline, ''), old.body);
END;
CREATE TRIGGER questions_fts_update AFTER UPDATE OF headline, body ON questions BEGIN
    INSERT INTO questions_fts (questions_fts, rowid, headline, body) VALUES ('delete', old.id, coalesce(old.headline, ''), old.body);
    INSERT INTO questions_fts (rowid, headline, body) VALUES (new.id, coalesce(new.headline, ''), new.body);
END;
INSERT INTO questions_fts (rowid, headline, body) SELECT id, coalesce(headline, ''), body FROM questions;

ALTER TABLE questions DROP COLUMN search_body;
ALTER TABLE questions DROP COLUMN search_headline;
ALTER TABLE articles DROP COLUMN search_body;
ALTER TABLE articles DROP COLUMN search_title;
