-- Runs outside diesel's transaction (metadata.toml): rebuilding `disclaimers` (SQLite cannot drop
-- its UNIQUE constraint in place) needs foreign keys off, or dropping the old table would break
-- the articles that point to it. So it opens its own transaction.
PRAGMA foreign_keys = OFF;
BEGIN;

-- Disclaimers, and the organisers' own texts, in each of the discussion's languages.
--
-- A disclaimer version belongs to a language. NULL is the discussion's default language (the
-- first of `discussion.languages`, which a migration cannot know), as the convention's own title
-- and texts are: every version written before this migration, and every version written since in
-- the default language. Another language is its code. Versions are numbered per convention and
-- language; the index counts NULL as one language of its own (a UNIQUE constraint would not).
CREATE TABLE disclaimers_new (
    id INTEGER PRIMARY KEY,
    convention_id BIGINT NOT NULL REFERENCES conventions (id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    body TEXT NOT NULL,
    created_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL,
    language TEXT
);
INSERT INTO disclaimers_new (id, convention_id, version, body, created_by, created_at)
    SELECT id, convention_id, version, body, created_by, created_at FROM disclaimers;
DROP TABLE disclaimers;
ALTER TABLE disclaimers_new RENAME TO disclaimers;
CREATE UNIQUE INDEX disclaimers_version ON disclaimers (convention_id, COALESCE(language, ''), version);

-- A convention's title and homepage text in another of the discussion's languages (the
-- convention's own are in the default language). NULL: not given; readers get the default's.
CREATE TABLE convention_translations (
    convention_id BIGINT NOT NULL REFERENCES conventions (id) ON DELETE CASCADE,
    language TEXT NOT NULL,
    title TEXT,
    homepage_text TEXT,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (convention_id, language)
);

-- A topic's title and framing text (Markdown, and the HTML it was rendered to when saved) in
-- another of the discussion's languages. NULL: not given.
CREATE TABLE topic_translations (
    topic_id BIGINT NOT NULL REFERENCES topics (id) ON DELETE CASCADE,
    language TEXT NOT NULL,
    title TEXT,
    framing TEXT,
    framing_html TEXT,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (topic_id, language)
);

PRAGMA foreign_key_check;
COMMIT;
PRAGMA foreign_keys = ON;
