-- Markdown is rendered once, when it is saved, and the result kept beside it: reading a draft,
-- reviewing it or publishing it never renders (see src/domain/markdown.rs). Rows saved before
-- this migration are rendered by `tribune migrate` / `tribune serve` at start.
ALTER TABLE revisions ADD COLUMN body_html TEXT NOT NULL DEFAULT '';
ALTER TABLE revisions ADD COLUMN body_text TEXT NOT NULL DEFAULT '';
ALTER TABLE topics ADD COLUMN framing_html TEXT NOT NULL DEFAULT '';
