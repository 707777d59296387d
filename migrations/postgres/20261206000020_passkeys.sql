-- Passkeys (WebAuthn) of members and staff: same as SQLite.
CREATE TABLE passkeys (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_kind   TEXT NOT NULL CHECK (account_kind IN ('member', 'staff')),
    account_id     BIGINT NOT NULL,
    credential_id  TEXT NOT NULL UNIQUE,      -- base64url, as the browser sends it
    user_handle    TEXT NOT NULL,             -- UUID
    passkey        TEXT NOT NULL,             -- JSON
    created_at     TEXT NOT NULL,
    last_used_at   TEXT
);
CREATE INDEX passkeys_account ON passkeys (account_kind, account_id);
CREATE INDEX passkeys_user_handle ON passkeys (user_handle);

-- A ceremony in progress: same as SQLite (single use, short-lived, bound to a session or
-- to a ceremony cookie).
CREATE TABLE passkey_ceremonies (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    token_hash    TEXT NOT NULL UNIQUE,
    purpose       TEXT NOT NULL CHECK (purpose IN ('register', 'sign_in')),
    account_kind  TEXT NOT NULL CHECK (account_kind IN ('member', 'staff')),
    session_id    BIGINT,                     -- sessions.id (no reference: sessions are disposed of)
    state         TEXT NOT NULL,              -- JSON
    created_at    TEXT NOT NULL,
    expires_at    TEXT NOT NULL,
    CHECK ((purpose = 'register' AND session_id IS NOT NULL) OR (purpose = 'sign_in' AND session_id IS NULL))
);
CREATE INDEX passkey_ceremonies_expiry ON passkey_ceremonies (expires_at);
