-- An expert may answer a reader's follow-up on a published thread: the answer names it, and the
-- thread shows it under that follow-up (an answer to the thread itself names none).
ALTER TABLE answers ADD COLUMN followup_id BIGINT REFERENCES followups (id) ON DELETE CASCADE;
CREATE INDEX answers_followup ON answers (followup_id);

-- Plain text made before inline markup stopped parting words ("camarada , first") is made again
-- by `tribune migrate` / `tribune serve` at start, and published articles' copies with it: only
-- texts holding inline markup can differ.
CREATE INDEX articles_revision ON articles (revision_id);
UPDATE revisions SET body_html = ''
WHERE body_markdown LIKE '%*%' OR body_markdown LIKE '%\_%' ESCAPE '\' OR body_markdown LIKE '%~%'
   OR body_markdown LIKE '%[%' OR body_markdown LIKE '%<%' OR body_markdown LIKE '%`%';
