-- Requests under APPI 32–35・40条: the request, its timeline, its attachments, the
-- member's in-portal notifications and the mail outbox. Bodies of mail carry no
-- personal data. Events and attachments are append-only.

CREATE TABLE receipt_counters (
    day  TEXT PRIMARY KEY,                -- Asia/Tokyo civil date, YYYYMMDD
    last INTEGER NOT NULL
);

CREATE TABLE requests (
    id                   INTEGER PRIMARY KEY,
    receipt_number       TEXT NOT NULL UNIQUE,          -- 受付番号
    request_type         TEXT NOT NULL CHECK (request_type IN ('purpose_notice', 'disclosure',
                             'third_party_record_disclosure', 'correction', 'suspension', 'complaint')),
    status               TEXT NOT NULL CHECK (status IN ('received', 'identity_check', 'needs_documents',
                             'in_review', 'needs_input', 'pending_approval', 'decided', 'notified',
                             'completed', 'withdrawn', 'rejected')),
    channel              TEXT NOT NULL CHECK (channel IN ('portal', 'paper', 'counter')),
    requester_member_id  INTEGER REFERENCES members (id),
    subject_member_id    INTEGER REFERENCES members (id),
    capacity             TEXT NOT NULL CHECK (capacity IN ('self', 'legal_representative', 'proxy', 'guardian')),
    deliver_to_subject   INTEGER NOT NULL CHECK (deliver_to_subject IN (0, 1)),
    details              TEXT NOT NULL,                 -- JSON, validated (requests::draft::Details)
    fee_yen              INTEGER NOT NULL,
    publication_version_id INTEGER NOT NULL REFERENCES publication_versions (id),
    idempotency_key      TEXT NOT NULL,
    received_at          TEXT NOT NULL,                 -- exact instant (UTC, RFC 3339)
    received_on          TEXT NOT NULL,                 -- Asia/Tokyo civil date: the clock starts here
    due_business_days    INTEGER NOT NULL,
    version              INTEGER NOT NULL,              -- optimistic concurrency
    updated_at           TEXT NOT NULL,
    UNIQUE (requester_member_id, idempotency_key)
);
CREATE INDEX requests_requester ON requests (requester_member_id, id);
CREATE INDEX requests_subject ON requests (subject_member_id, id);
CREATE INDEX requests_status ON requests (status, id);

CREATE TABLE request_events (
    id             INTEGER PRIMARY KEY,
    request_id     INTEGER NOT NULL REFERENCES requests (id),
    occurred_at    TEXT NOT NULL,
    occurred_on    TEXT NOT NULL,                       -- Asia/Tokyo civil date (pauses)
    actor_kind     TEXT NOT NULL CHECK (actor_kind IN ('member', 'staff', 'system')),
    actor_id       INTEGER,
    action         TEXT NOT NULL,
    from_status    TEXT,
    to_status      TEXT NOT NULL,
    member_visible INTEGER NOT NULL CHECK (member_visible IN (0, 1)),
    message        TEXT
);
CREATE INDEX request_events_request ON request_events (request_id, id);

CREATE TABLE request_attachments (
    id          INTEGER PRIMARY KEY,
    request_id  INTEGER NOT NULL REFERENCES requests (id),
    event_id    INTEGER NOT NULL REFERENCES request_events (id),
    document    TEXT NOT NULL CHECK (document IN ('power_of_attorney', 'guardianship_certificate', 'supporting')),
    file_name   TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('pdf', 'jpeg', 'png')),
    size_bytes  INTEGER NOT NULL,
    sha256      TEXT NOT NULL,
    content     BLOB NOT NULL,
    uploaded_at TEXT NOT NULL
);
CREATE INDEX request_attachments_request ON request_attachments (request_id, id);

CREATE TABLE member_notifications (
    id          INTEGER PRIMARY KEY,
    member_id   INTEGER NOT NULL REFERENCES members (id),
    request_id  INTEGER REFERENCES requests (id),
    kind        TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    read_at     TEXT
);
CREATE INDEX member_notifications_member ON member_notifications (member_id, id);

CREATE TABLE mail_outbox (
    id          INTEGER PRIMARY KEY,
    to_address  TEXT NOT NULL,
    subject     TEXT NOT NULL,
    body        TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    sent_at     TEXT,
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT
);
CREATE INDEX mail_outbox_pending ON mail_outbox (sent_at, id);

CREATE TRIGGER request_events_no_update BEFORE UPDATE ON request_events
BEGIN SELECT RAISE(ABORT, 'request events are append-only'); END;
CREATE TRIGGER request_events_no_delete BEFORE DELETE ON request_events
BEGIN SELECT RAISE(ABORT, 'request events are append-only'); END;
CREATE TRIGGER request_attachments_no_update BEFORE UPDATE ON request_attachments
BEGIN SELECT RAISE(ABORT, 'attachments are append-only'); END;
