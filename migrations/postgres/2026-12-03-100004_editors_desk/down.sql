DROP INDEX submissions_desk_editor;
DROP INDEX submissions_desk_author_kind;
DROP INDEX submissions_desk_language;
DROP INDEX submissions_desk_topic;
DROP INDEX submissions_desk;
ALTER TABLE submissions DROP COLUMN author_kind;
