-- Almost no piece is a reply, so an index over every article's (mostly empty) reply_to_article_id
-- told SQLite's planner that looking a value up in it matched about every row, and it scanned the
-- table instead for each article page. Indexing only replies gives the planner the true picture.
DROP INDEX articles_replies;
CREATE INDEX articles_replies ON articles (reply_to_article_id) WHERE reply_to_article_id IS NOT NULL;
