-- Secrets this server generates for itself on first start (the key that signs the mailbag's
-- time trap), shared by every process on the database and never compiled into the binary.
CREATE TABLE server_secrets (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
