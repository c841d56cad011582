-- The editors' desk filters the queue by the author kind of a piece's current revision; the
-- submission keeps a copy (set with every revision) so the filter needs no join.
ALTER TABLE submissions ADD COLUMN author_kind TEXT NOT NULL DEFAULT 'member';
UPDATE submissions SET author_kind = COALESCE(
  (SELECT r.author_kind FROM revisions r WHERE r.submission_id = submissions.id AND r.number = submissions.current_revision),
  'member');
-- "Claimed by whom", and "claimed and untouched for N days".
CREATE INDEX submissions_by_editor ON submissions (assigned_editor_id, status, updated_at);
-- The desk's counts read every column a filter looks at from this index alone, so a count costs
-- a bounded walk over index entries, whatever else the filters ask.
CREATE INDEX submissions_desk ON submissions (status, submitted_at, id, convention_id, topic_id, language, author_kind, assigned_editor_id, updated_at);
