-- Runs outside diesel's transaction (metadata.toml): rebuilding `articles` needs foreign keys off,
-- or dropping the old table would cascade into article_tags. So it opens its own transaction.
PRAGMA foreign_keys = OFF;
BEGIN;

-- The discussion as organisers run it: deadlines, fuller bylines, priority, topics, replies,
-- languages, video contributions, digests of short pieces, subscribers, comments.

ALTER TABLE conventions ADD COLUMN submission_deadline_at TIMESTAMP;

CREATE TABLE topics (
    id INTEGER PRIMARY KEY,
    convention_id BIGINT NOT NULL REFERENCES conventions (id) ON DELETE CASCADE,
    slug TEXT NOT NULL,
    title TEXT NOT NULL,
    framing TEXT NOT NULL,
    position INTEGER NOT NULL,
    UNIQUE (convention_id, slug)
);

ALTER TABLE revisions ADD COLUMN byline_state TEXT;
ALTER TABLE revisions ADD COLUMN byline_club TEXT;
ALTER TABLE revisions ADD COLUMN byline_district TEXT;
ALTER TABLE revisions ADD COLUMN author_kind TEXT NOT NULL DEFAULT 'member';
ALTER TABLE revisions ADD COLUMN video_url TEXT;

ALTER TABLE submissions ADD COLUMN topic_id BIGINT REFERENCES topics (id);
ALTER TABLE submissions ADD COLUMN reply_to_article_id BIGINT REFERENCES articles (id);
ALTER TABLE submissions ADD COLUMN language TEXT NOT NULL DEFAULT 'en';
ALTER TABLE submissions ADD COLUMN priority INTEGER NOT NULL DEFAULT 0;
CREATE INDEX submissions_priority_queue ON submissions (status, priority DESC, submitted_at, id);

-- A digest article has no single submission: its parts are listed in digest_parts. SQLite
-- cannot drop NOT NULL in place, so the table is rebuilt (with its FTS triggers).
DROP TRIGGER articles_fts_insert;
DROP TRIGGER articles_fts_delete;
DROP TRIGGER articles_fts_update;
CREATE TABLE articles_new (
    id INTEGER PRIMARY KEY,
    submission_id BIGINT UNIQUE REFERENCES submissions (id),
    convention_id BIGINT NOT NULL REFERENCES conventions (id),
    revision_id BIGINT NOT NULL REFERENCES revisions (id),
    disclaimer_id BIGINT NOT NULL REFERENCES disclaimers (id),
    slug TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    byline_name TEXT NOT NULL,
    byline_location TEXT NOT NULL,
    body_html TEXT NOT NULL,
    body_text TEXT NOT NULL,
    status TEXT NOT NULL,
    published_at TIMESTAMP NOT NULL,
    unpublished_at TIMESTAMP,
    unpublish_reason TEXT
);
INSERT INTO articles_new SELECT id, submission_id, convention_id, revision_id, disclaimer_id, slug, title,
    byline_name, byline_location, body_html, body_text, status, published_at, unpublished_at, unpublish_reason FROM articles;
DROP TABLE articles;
ALTER TABLE articles_new RENAME TO articles;
CREATE INDEX articles_listing ON articles (status, published_at DESC, id DESC);
CREATE INDEX articles_by_convention ON articles (convention_id, status, published_at DESC, id DESC);
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
ALTER TABLE articles ADD COLUMN topic_id BIGINT REFERENCES topics (id);
ALTER TABLE articles ADD COLUMN reply_to_article_id BIGINT REFERENCES articles (id);
ALTER TABLE articles ADD COLUMN language TEXT NOT NULL DEFAULT 'en';
ALTER TABLE articles ADD COLUMN byline_state TEXT;
ALTER TABLE articles ADD COLUMN byline_club TEXT;
ALTER TABLE articles ADD COLUMN byline_district TEXT;
ALTER TABLE articles ADD COLUMN author_kind TEXT NOT NULL DEFAULT 'member';
ALTER TABLE articles ADD COLUMN video_url TEXT;
ALTER TABLE articles ADD COLUMN is_digest BOOLEAN NOT NULL DEFAULT 0;
CREATE INDEX articles_by_topic ON articles (topic_id, status, published_at DESC, id DESC);
CREATE INDEX articles_replies ON articles (reply_to_article_id);
CREATE INDEX articles_by_language ON articles (language, status, published_at DESC, id DESC);

CREATE TABLE digest_parts (
    article_id BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    submission_id BIGINT NOT NULL UNIQUE REFERENCES submissions (id),
    revision_id BIGINT NOT NULL REFERENCES revisions (id),
    position INTEGER NOT NULL,
    PRIMARY KEY (article_id, position)
);

-- Settings editors change at run time (the queue's priority rule).
CREATE TABLE site_settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE subscribers (
    id INTEGER PRIMARY KEY,
    convention_id BIGINT NOT NULL REFERENCES conventions (id) ON DELETE CASCADE,
    email TEXT NOT NULL,
    status TEXT NOT NULL,
    confirm_token_hash TEXT NOT NULL UNIQUE,
    unsubscribe_token TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL,
    confirmed_at TIMESTAMP,
    unsubscribed_at TIMESTAMP,
    UNIQUE (convention_id, email)
);
CREATE INDEX subscribers_confirmed ON subscribers (convention_id, status, id);

-- One row per convention and day the digest was sent: makes the daily send happen once, in one process.
CREATE TABLE digest_runs (
    convention_id BIGINT NOT NULL REFERENCES conventions (id) ON DELETE CASCADE,
    day DATE NOT NULL,
    since TIMESTAMP NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (convention_id, day)
);

ALTER TABLE users ADD COLUMN trusted_commenter BOOLEAN NOT NULL DEFAULT 0;

CREATE TABLE comments (
    id INTEGER PRIMARY KEY,
    article_id BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id),
    body TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    moderated_at TIMESTAMP,
    moderated_by BIGINT REFERENCES users (id)
);
CREATE INDEX comments_article ON comments (article_id, status, id);
CREATE INDEX comments_moderation ON comments (status, created_at, id);

PRAGMA foreign_key_check;
COMMIT;
PRAGMA foreign_keys = ON;
