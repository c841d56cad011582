-- The canned texts editors pick when they reject a piece or send it back for changes, kept per
-- convention and edited by the editors. `kind` is 'reject' or 'changes'; a name is unique within
-- its convention and kind.
CREATE TABLE review_reasons (
    id INTEGER PRIMARY KEY,
    convention_id BIGINT NOT NULL REFERENCES conventions (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('reject', 'changes')),
    name TEXT NOT NULL,
    body TEXT NOT NULL,
    position INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (convention_id, kind, name)
);

-- A convention is seeded with the configured reasons once: its row here says it has been (so
-- reasons the editors deleted do not come back). Inserting it is the claim two processes race for.
CREATE TABLE review_reason_seeds (
    convention_id BIGINT PRIMARY KEY REFERENCES conventions (id) ON DELETE CASCADE
);
