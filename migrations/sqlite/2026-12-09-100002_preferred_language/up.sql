-- The language a member reads Tribune in, chosen with the language links (NULL: not chosen;
-- pages follow the browser, mail the site's default).
ALTER TABLE users ADD COLUMN language TEXT;
