-- Answers added to an already published thread wait for an editor (pending, approved, rejected);
-- co-signers are shown only once they confirm (pending, confirmed, declined). Everything that was
-- already there was shown, so it stays approved and confirmed.
ALTER TABLE answers ADD COLUMN status TEXT NOT NULL DEFAULT 'approved';
ALTER TABLE answer_authors ADD COLUMN status TEXT NOT NULL DEFAULT 'confirmed';
CREATE INDEX answers_pending ON answers (status, created_at, id);
CREATE INDEX answer_authors_waiting ON answer_authors (user_id, status);
