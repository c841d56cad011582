DROP INDEX articles_replies;
CREATE INDEX articles_replies ON articles (reply_to_article_id);
