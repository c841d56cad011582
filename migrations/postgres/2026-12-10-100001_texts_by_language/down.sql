-- Fails if a convention has versions of the same number in two languages.
DROP TABLE topic_translations;
DROP TABLE convention_translations;
DROP INDEX disclaimers_version;
ALTER TABLE disclaimers DROP COLUMN language;
ALTER TABLE disclaimers ADD CONSTRAINT disclaimers_convention_id_version_key UNIQUE (convention_id, version);
