-- The transparency page counts the pieces ever sent back for changes, and finds each piece's first
-- decision, among a convention's review events by action: without this index both read every event
-- of every piece.
CREATE INDEX review_events_action ON review_events (action, submission_id, id);
