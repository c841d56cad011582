-- Disclaimers, and the organisers' own texts, in each of the discussion's languages.
--
-- A disclaimer version belongs to a language. NULL is the discussion's default language (the
-- first of `discussion.languages`, which a migration cannot know), as the convention's own title
-- and texts are: every version written before this migration, and every version written since in
-- the default language. Another language is its code. Versions are numbered per convention and
-- language; the index counts NULL as one language of its own (a UNIQUE constraint would not).
ALTER TABLE disclaimers ADD COLUMN language TEXT;
ALTER TABLE disclaimers DROP CONSTRAINT disclaimers_convention_id_version_key;
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
