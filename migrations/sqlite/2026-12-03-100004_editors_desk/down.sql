DROP INDEX submissions_desk;
DROP INDEX submissions_by_editor;
ALTER TABLE submissions DROP COLUMN author_kind;
