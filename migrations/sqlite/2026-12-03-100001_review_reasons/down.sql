DROP TABLE review_reason_seeds;
DROP TABLE review_reasons;
