DROP INDEX outbox_submission;
ALTER TABLE outbox DROP COLUMN submission_id;
