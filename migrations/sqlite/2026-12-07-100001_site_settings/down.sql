DROP TABLE setup_tokens;
DELETE FROM site_settings WHERE key = 'setup';
