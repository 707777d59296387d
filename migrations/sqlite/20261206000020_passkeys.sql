-- Passkeys (WebAuthn) of members and staff. A passkey belongs to one account of one kind
-- ('member': member_accounts.id, 'staff': staff.id); its credential id is unique across
-- the portal, so a key registered to one account can never sign in to another.
-- `user_handle` is the random id the authenticator keeps for the account (the same for
-- every passkey of one account); `passkey` is the credential as webauthn-rs serialises it
-- (public key, signature counter, backup state), updated after each use. Retention: a
-- passkey lives as long as its account; removing it deletes the row (the audit record keeps
-- that it was added and removed).
CREATE TABLE passkeys (
    id             INTEGER PRIMARY KEY,
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

-- A registration or sign-in ceremony in progress: the server-side state webauthn-rs needs
-- to finish it (the challenge). Single use (deleted when taken) and short-lived. A
-- registration is bound to the session that started it; a sign-in to a random ceremony
-- id held in an HttpOnly cookie (only its SHA-256 is stored).
CREATE TABLE passkey_ceremonies (
    id            INTEGER PRIMARY KEY,
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
