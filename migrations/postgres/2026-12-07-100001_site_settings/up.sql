-- First run. The `setup` setting is 'pending' until the first admin exists (made on the setup
-- page or by `tribune user create --role admin`), then 'done': the setup page claims the site
-- by changing it where it is still 'pending', which only one request can do, in any process. A
-- site that already has an admin (an upgrade) is set up.
INSERT INTO site_settings (key, value, updated_at)
VALUES ('setup', CASE WHEN EXISTS (SELECT 1 FROM user_roles WHERE role = 'admin') THEN 'done' ELSE 'pending' END, (now() AT TIME ZONE 'UTC'));

-- The setup links printed at start while no admin exists (one per start of a process), hashed.
CREATE TABLE setup_tokens (
    token_hash TEXT NOT NULL PRIMARY KEY,
    created_at TIMESTAMP NOT NULL
);
