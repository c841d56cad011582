DROP INDEX articles_revision;
DROP INDEX answers_followup;
ALTER TABLE answers DROP COLUMN followup_id;
