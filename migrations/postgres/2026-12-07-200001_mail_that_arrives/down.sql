DROP TABLE mail_suppressions;
DROP INDEX outbox_claims;
ALTER TABLE outbox DROP COLUMN claimed_at;
ALTER TABLE outbox DROP COLUMN purpose;
