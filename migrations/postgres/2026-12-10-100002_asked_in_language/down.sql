ALTER TABLE questions DROP COLUMN asker_language;
ALTER TABLE subscribers DROP COLUMN language;
