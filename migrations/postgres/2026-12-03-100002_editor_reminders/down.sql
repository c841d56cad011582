DROP TABLE reminder_runs;
DROP TABLE editor_preferences;
DROP TABLE editor_topics;
