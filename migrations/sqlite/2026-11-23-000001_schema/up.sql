-- The whole Tribune schema (SQLite). Keep in step with ../../postgres and src/storage/schema.rs.
-- Instants are UTC in TIMESTAMP (diesel's MultiConnection has no Timestamptz); ids are BIGINT.

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    location TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    email_verified_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE user_roles (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    granted_at TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, role)
);

CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    csrf_token TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Single-use emailed tokens: email verification and password reset.
CREATE TABLE user_tokens (
    id INTEGER PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP
);
CREATE INDEX user_tokens_user ON user_tokens (user_id, purpose);

CREATE TABLE conventions (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    number INTEGER,
    title TEXT NOT NULL,
    location TEXT NOT NULL,
    starts_on DATE NOT NULL,
    ends_on DATE NOT NULL,
    discussion_opens_at TIMESTAMP NOT NULL,
    discussion_closes_at TIMESTAMP NOT NULL,
    word_limit INTEGER NOT NULL DEFAULT 1500,
    homepage_text TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX conventions_current ON conventions (discussion_opens_at, id);

CREATE TABLE disclaimers (
    id INTEGER PRIMARY KEY,
    convention_id BIGINT NOT NULL REFERENCES conventions (id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    body TEXT NOT NULL,
    created_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (convention_id, version)
);

CREATE TABLE submissions (
    id INTEGER PRIMARY KEY,
    convention_id BIGINT NOT NULL REFERENCES conventions (id),
    author_id BIGINT NOT NULL REFERENCES users (id),
    status TEXT NOT NULL,
    title TEXT NOT NULL,
    current_revision INTEGER NOT NULL,
    assigned_editor_id BIGINT REFERENCES users (id),
    claimed_at TIMESTAMP,
    submitted_at TIMESTAMP,
    publish_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
-- The review queue: oldest submitted first, keyset paged.
CREATE INDEX submissions_queue ON submissions (status, submitted_at, id);
CREATE INDEX submissions_queue_by_convention ON submissions (convention_id, status, submitted_at, id);
CREATE INDEX submissions_author ON submissions (author_id, updated_at);
-- The publication scheduler looks for approved pieces whose time has come.
CREATE INDEX submissions_due ON submissions (status, publish_at);

CREATE TABLE revisions (
    id INTEGER PRIMARY KEY,
    submission_id BIGINT NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    title TEXT NOT NULL,
    body_markdown TEXT NOT NULL,
    byline_name TEXT NOT NULL,
    byline_location TEXT NOT NULL,
    tags TEXT NOT NULL,
    word_count INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (submission_id, number)
);

-- Append-only audit trail of the editorial workflow.
CREATE TABLE review_events (
    id INTEGER PRIMARY KEY,
    submission_id BIGINT NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
    actor_id BIGINT REFERENCES users (id),
    action TEXT NOT NULL,
    from_status TEXT,
    to_status TEXT,
    visibility TEXT,
    note TEXT,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX review_events_submission ON review_events (submission_id, id);

CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    submission_id BIGINT NOT NULL UNIQUE REFERENCES submissions (id),
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
CREATE INDEX articles_listing ON articles (status, published_at DESC, id DESC);
CREATE INDEX articles_by_convention ON articles (convention_id, status, published_at DESC, id DESC);

CREATE TABLE article_tags (
    article_id BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    tag TEXT NOT NULL,
    PRIMARY KEY (article_id, tag)
);
CREATE INDEX article_tags_tag ON article_tags (tag, article_id);

CREATE TABLE questions (
    id INTEGER PRIMARY KEY,
    asker_name TEXT NOT NULL,
    asker_email TEXT NOT NULL,
    body TEXT NOT NULL,
    topic TEXT NOT NULL,
    status TEXT NOT NULL,
    headline TEXT,
    slug TEXT UNIQUE,
    moderation_note TEXT,
    created_at TIMESTAMP NOT NULL,
    answered_at TIMESTAMP,
    published_at TIMESTAMP
);
CREATE INDEX questions_inbox ON questions (status, created_at, id);
CREATE INDEX questions_published ON questions (status, published_at DESC, id DESC);

CREATE TABLE answers (
    id INTEGER PRIMARY KEY,
    question_id BIGINT NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
    body_markdown TEXT NOT NULL,
    body_html TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX answers_question ON answers (question_id, id);

-- Experts who sign an answer ("By A, B and C").
CREATE TABLE answer_authors (
    answer_id BIGINT NOT NULL REFERENCES answers (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id),
    PRIMARY KEY (answer_id, user_id)
);

CREATE TABLE followups (
    id INTEGER PRIMARY KEY,
    question_id BIGINT NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
    asker_name TEXT NOT NULL,
    asker_email TEXT NOT NULL,
    body TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    moderated_at TIMESTAMP
);
CREATE INDEX followups_thread ON followups (question_id, status, id);
CREATE INDEX followups_inbox ON followups (status, created_at, id);

-- Every email is a row first; a worker delivers it. idempotency_key makes "at most once" hold.
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    idempotency_key TEXT NOT NULL UNIQUE,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    body_text TEXT NOT NULL,
    body_html TEXT NOT NULL,
    headers TEXT,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP NOT NULL,
    locked_until TIMESTAMP,
    last_error TEXT,
    created_at TIMESTAMP NOT NULL,
    sent_at TIMESTAMP
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);

-- Fixed-window counters shared by every process (login failures, registrations, questions...).
CREATE TABLE throttles (
    bucket TEXT PRIMARY KEY,
    window_started_at TIMESTAMP NOT NULL,
    hits INTEGER NOT NULL
);

-- Full-text search: FTS5 external-content tables kept in step by triggers.
CREATE VIRTUAL TABLE articles_fts USING fts5(title, body_text, content='articles', content_rowid='id');
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
