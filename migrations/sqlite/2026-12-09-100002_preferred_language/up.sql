-- The language a member reads Tribune in, chosen with the language links (NULL: not chosen;
-- pages follow the browser).
ALTER TABLE users ADD COLUMN language TEXT;
