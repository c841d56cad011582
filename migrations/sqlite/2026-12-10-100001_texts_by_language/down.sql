-- Fails if a convention has versions of the same number in two languages.
PRAGMA foreign_keys = OFF;
BEGIN;
DROP TABLE topic_translations;
DROP TABLE convention_translations;
CREATE TABLE disclaimers_old (
    id INTEGER PRIMARY KEY,
    convention_id BIGINT NOT NULL REFERENCES conventions (id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    body TEXT NOT NULL,
    created_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (convention_id, version)
);
INSERT INTO disclaimers_old SELECT id, convention_id, version, body, created_by, created_at FROM disclaimers;
DROP TABLE disclaimers;
ALTER TABLE disclaimers_old RENAME TO disclaimers;
COMMIT;
PRAGMA foreign_keys = ON;
