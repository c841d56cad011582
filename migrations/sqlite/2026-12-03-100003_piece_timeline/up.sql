-- Which submission a message is about (a notice to its author, or to the editors about it), so
-- the editors' timeline of a piece shows every email sent about it with its delivery state.
-- NULL for messages about no piece (accounts, the mailbag, subscribers).
ALTER TABLE outbox ADD COLUMN submission_id BIGINT REFERENCES submissions (id) ON DELETE SET NULL;
CREATE INDEX outbox_submission ON outbox (submission_id);

-- Messages queued before this column existed: their idempotency keys name the piece
-- (`submitted-<id>-<revision>`, `queue-<id>-…`, `changes-…`, `rejected-…`, `unpublished-…`,
-- `published-…`, `comment-<id>-…`).
UPDATE outbox
SET submission_id = CAST(substr(idempotency_key, instr(idempotency_key, '-') + 1) AS INTEGER)
WHERE substr(idempotency_key, 1, instr(idempotency_key, '-') - 1)
        IN ('submitted', 'queue', 'changes', 'rejected', 'unpublished', 'published', 'comment')
  AND substr(idempotency_key, instr(idempotency_key, '-') + 1) GLOB '[0-9]*'
  AND CAST(substr(idempotency_key, instr(idempotency_key, '-') + 1) AS INTEGER) IN (SELECT id FROM submissions);
