-- Markdown is rendered once, when it is saved, and the result kept beside it: reading a draft,
-- reviewing it or publishing it never renders (see src/domain/markdown.rs). Rows saved before
-- this migration are rendered by `tribune migrate` / `tribune serve` at start.
ALTER TABLE revisions ADD COLUMN body_html TEXT NOT NULL DEFAULT '';
ALTER TABLE revisions ADD COLUMN body_text TEXT NOT NULL DEFAULT '';
ALTER TABLE topics ADD COLUMN framing_html TEXT NOT NULL DEFAULT '';

-- The key a submit form (or an API client's Idempotency-Key) sends with a new draft: the same
-- key twice from one author is the same draft, so a double-posted form makes one.
ALTER TABLE submissions ADD COLUMN form_key TEXT;
CREATE UNIQUE INDEX submissions_author_form_key ON submissions (author_id, form_key);
