-- Accounts, credentials and sessions of members and staff.
-- Codes, tokens and recovery codes are stored only as SHA-256 hashes; TOTP secrets and
-- a letter's code (until the letter is posted) are sealed with the configured key.

CREATE TABLE member_accounts (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    member_id         BIGINT NOT NULL UNIQUE REFERENCES members (id),
    login_id          TEXT UNIQUE,
    password_hash     TEXT NOT NULL,
    totp_sealed       TEXT,
    totp_last_step    BIGINT,
    email             TEXT,
    email_verified_at TEXT,
    status            TEXT NOT NULL CHECK (status IN ('enrolling', 'active', 'closed')),
    created_at        TEXT NOT NULL,
    closed_at         TEXT,
    closed_reason     TEXT
);

CREATE TABLE staff (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    staff_number   TEXT NOT NULL UNIQUE,
    name           TEXT NOT NULL,
    password_hash  TEXT,
    totp_sealed    TEXT,
    totp_last_step BIGINT,
    status         TEXT NOT NULL CHECK (status IN ('invited', 'enrolling', 'active', 'left')),
    left_on        TEXT,
    created_at     TEXT NOT NULL
);

-- アクセス権限管理簿: who holds which role, from when to when, approved by whom.
CREATE TABLE staff_grants (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    staff_id    BIGINT NOT NULL REFERENCES staff (id),
    role        TEXT NOT NULL CHECK (role IN ('intake', 'reviewer', 'approver', 'auditor', 'admin')),
    valid_from  TEXT NOT NULL,
    valid_until TEXT,
    approved_by TEXT NOT NULL,
    approved_at TEXT NOT NULL,
    reviewed_at TEXT,
    reviewed_by TEXT
);
CREATE INDEX staff_grants_staff ON staff_grants (staff_id);

CREATE TABLE one_time_codes (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    purpose       TEXT NOT NULL CHECK (purpose IN ('registration', 'password_reset', 'second_factor_reset', 'staff_setup')),
    member_id     BIGINT REFERENCES members (id),
    staff_id      BIGINT REFERENCES staff (id),
    code_hash     TEXT NOT NULL UNIQUE,
    issued_at     TEXT NOT NULL,
    expires_at    TEXT NOT NULL,
    used_at       TEXT,
    superseded_at TEXT
);
CREATE INDEX one_time_codes_member ON one_time_codes (member_id);

-- The letter outbox: staff print and post these.
CREATE TABLE letters (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code_id     BIGINT NOT NULL REFERENCES one_time_codes (id),
    member_id   BIGINT NOT NULL REFERENCES members (id),
    code_sealed TEXT,
    created_at  TEXT NOT NULL,
    printed_at  TEXT,
    printed_by  BIGINT REFERENCES staff (id),
    posted_at   TEXT,
    posted_by   BIGINT REFERENCES staff (id)
);

CREATE TABLE recovery_codes (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES member_accounts (id),
    code_hash  TEXT NOT NULL,
    created_at TEXT NOT NULL,
    used_at    TEXT
);
CREATE INDEX recovery_codes_account ON recovery_codes (account_id);

CREATE TABLE sessions (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    token_hash       TEXT NOT NULL UNIQUE,
    kind             TEXT NOT NULL CHECK (kind IN ('member', 'staff')),
    account_id       BIGINT NOT NULL,
    stage            TEXT NOT NULL CHECK (stage IN ('enrolment', 'full')),
    created_at       TEXT NOT NULL,
    last_seen_at     TEXT NOT NULL,
    authenticated_at TEXT NOT NULL,
    expires_at       TEXT NOT NULL,
    ended_at         TEXT,
    ended_reason     TEXT,
    ip               TEXT,
    user_agent       TEXT,
    flash_sealed     TEXT
);
CREATE INDEX sessions_account ON sessions (kind, account_id);

CREATE TABLE login_failures (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_key TEXT NOT NULL,
    ip          TEXT NOT NULL,
    failed_at   TEXT NOT NULL
);
CREATE INDEX login_failures_account ON login_failures (account_key, failed_at);
CREATE INDEX login_failures_ip ON login_failures (ip, failed_at);

CREATE TABLE email_verifications (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES member_accounts (id),
    email      TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at    TEXT
);
