-- The editors' desk filters the queue by the author kind of a piece's current revision; the
-- submission keeps a copy (set with every revision) so the filter needs no join.
ALTER TABLE submissions ADD COLUMN author_kind TEXT NOT NULL DEFAULT 'member';
UPDATE submissions SET author_kind = COALESCE(
  (SELECT r.author_kind FROM revisions r WHERE r.submission_id = submissions.id AND r.number = submissions.current_revision),
  'member');
-- The desk's counts read every column a filter looks at from this index alone, so a count costs
-- a bounded walk over index entries, whatever else the filters ask.
CREATE INDEX submissions_desk ON submissions (status, submitted_at, id, convention_id, topic_id, language, author_kind, assigned_editor_id, updated_at);
-- A filter that few pieces of a status match is counted (and listed) from an index that starts
-- with the status and that filter, so the work stays bounded by the count's cap: by topic, by
-- language, by author kind (each also holding the other two, so any mix of them is read from one
-- index alone), and by who holds the claim and since when ("untouched for N days").
CREATE INDEX submissions_desk_topic ON submissions (status, topic_id, submitted_at, language, author_kind);
CREATE INDEX submissions_desk_language ON submissions (status, language, submitted_at, topic_id, author_kind);
CREATE INDEX submissions_desk_author_kind ON submissions (status, author_kind, submitted_at, topic_id, language);
CREATE INDEX submissions_desk_editor ON submissions (status, assigned_editor_id, updated_at);
