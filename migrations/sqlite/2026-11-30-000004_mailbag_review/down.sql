-- Without the columns everything would be shown: what was never reviewed or confirmed goes.
DELETE FROM answer_authors WHERE status <> 'confirmed';
DELETE FROM answers WHERE status <> 'approved';
DROP INDEX answer_authors_waiting;
DROP INDEX answers_pending;
ALTER TABLE answer_authors DROP COLUMN status;
ALTER TABLE answers DROP COLUMN status;
