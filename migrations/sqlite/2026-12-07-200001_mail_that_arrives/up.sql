-- Why a message is sent, which decides what may stop or delay it: 'security' (password reset,
-- address verification, an admin's test: never suppressed, never paced), 'personal' (a message
-- to one person about their own doing: suppressed, never paced) or 'bulk' (digests and notices
-- to many: suppressed and paced by mail.max_per_minute). Older rows were all one-off messages.
ALTER TABLE outbox ADD COLUMN purpose TEXT NOT NULL DEFAULT 'personal';
-- Messages still waiting as this runs take the purpose their kind has from now on, known by
-- their idempotency keys: a pending reset must not be held back, nor a digest go out unpaced.
UPDATE outbox SET purpose = 'security' WHERE status <> 'sent' AND (idempotency_key LIKE 'password-reset-%'
    OR idempotency_key LIKE 'verify-%' OR idempotency_key LIKE 'already-registered-%' OR idempotency_key LIKE 'mail-test-%');
UPDATE outbox SET purpose = 'bulk' WHERE status <> 'sent' AND (idempotency_key LIKE 'digest-%'
    OR idempotency_key LIKE 'reminder-%' OR idempotency_key LIKE 'queue-%');
-- When a worker last took the row to send it: the pace of bulk mail is counted from these, in
-- the database, so it holds across processes.
ALTER TABLE outbox ADD COLUMN claimed_at TIMESTAMP;
CREATE INDEX outbox_claims ON outbox (purpose, claimed_at);

-- Addresses that bounced hard or complained: nothing but account-security mail goes to them
-- until an admin clears them. `address` is lower-case; `outbox_id` names the message that
-- bounced, when the bounce said which (no foreign key: the outbox is not kept forever).
CREATE TABLE mail_suppressions (
    address TEXT NOT NULL PRIMARY KEY,
    reason TEXT NOT NULL,
    diagnostic TEXT NOT NULL,
    outbox_id BIGINT,
    created_at TIMESTAMP NOT NULL
);
