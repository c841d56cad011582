DROP INDEX submissions_author_form_key;
ALTER TABLE submissions DROP COLUMN form_key;
ALTER TABLE topics DROP COLUMN framing_html;
ALTER TABLE revisions DROP COLUMN body_text;
ALTER TABLE revisions DROP COLUMN body_html;
