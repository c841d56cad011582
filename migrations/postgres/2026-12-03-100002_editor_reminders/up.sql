-- The editors' desk: the topics an editor follows (their daily reminder covers those; none
-- followed: everything), whether they want the daily reminder, and one row per editor and day the
-- reminder pass ran for them, which makes it happen once across processes.
CREATE TABLE editor_topics (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    topic_id BIGINT NOT NULL REFERENCES topics (id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, topic_id)
);
CREATE INDEX editor_topics_topic ON editor_topics (topic_id);

CREATE TABLE editor_preferences (
    user_id BIGINT NOT NULL PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    daily_reminder BOOLEAN NOT NULL DEFAULT TRUE,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE reminder_runs (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    day DATE NOT NULL,
    sent BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, day)
);
CREATE INDEX reminder_runs_day ON reminder_runs (day);
