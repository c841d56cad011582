-- The language a subscriber subscribed from, and a mailbag asker asked from (NULL: before this
-- was kept, or through the API without one): the mail that follows is written in it, unless the
-- address is a member's who chose a language.
ALTER TABLE subscribers ADD COLUMN language TEXT;
ALTER TABLE questions ADD COLUMN asker_language TEXT;
