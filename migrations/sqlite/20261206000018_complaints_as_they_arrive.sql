-- Complaints as they arrive (苦情, 40条): by phone as well as by post, at the counter or in
-- the portal; with or without identity — anonymous ('anonymous'), or identity not checked
-- ('none', then nobody is named as having checked it); and a suspected 漏えい等 escalated to
-- the 責任者 at once (`request_escalations`: when, and when the 責任者 acknowledged it).
--
-- SQLite cannot change a CHECK: `requests` and `request_intakes` are rebuilt as in
-- migration 17 (foreign keys off while migrating, `foreign_key_check` after).

CREATE TABLE requests_rebuilt (
    id                   INTEGER PRIMARY KEY,
    receipt_number       TEXT NOT NULL UNIQUE,          -- 受付番号
    request_type         TEXT NOT NULL CHECK (request_type IN ('purpose_notice', 'disclosure',
                             'third_party_record_disclosure', 'correction', 'suspension', 'complaint')),
    status               TEXT NOT NULL CHECK (status IN ('received', 'identity_check', 'needs_documents',
                             'in_review', 'needs_input', 'pending_approval', 'pending_dismissal', 'decided',
                             'notified', 'completed', 'withdrawn', 'rejected', 'lapsed')),
    channel              TEXT NOT NULL CHECK (channel IN ('portal', 'paper', 'counter', 'phone')),
    requester_member_id  INTEGER REFERENCES members (id),
    subject_member_id    INTEGER REFERENCES members (id),
    capacity             TEXT NOT NULL CHECK (capacity IN ('self', 'legal_representative', 'proxy', 'guardian',
                             'minor_guardian')),
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
    assignee_staff_id    INTEGER REFERENCES staff (id),
    importance           TEXT NOT NULL DEFAULT 'normal' CHECK (importance IN ('high', 'normal', 'low')),
    urgency              TEXT NOT NULL DEFAULT 'normal' CHECK (urgency IN ('high', 'normal', 'low')),
    due_on               TEXT,
    decided_on           TEXT,
    outcome              TEXT,
    priority_rank        INTEGER NOT NULL DEFAULT 4,
    UNIQUE (requester_member_id, idempotency_key)
);
INSERT INTO requests_rebuilt
    SELECT id, receipt_number, request_type, status, channel, requester_member_id, subject_member_id, capacity,
           deliver_to_subject, details, fee_yen, publication_version_id, idempotency_key, received_at, received_on,
           due_business_days, version, updated_at, assignee_staff_id, importance, urgency, due_on, decided_on,
           outcome, priority_rank
    FROM requests ORDER BY id;
DROP TABLE requests;
ALTER TABLE requests_rebuilt RENAME TO requests;
CREATE INDEX requests_requester ON requests (requester_member_id, id);
CREATE INDEX requests_subject ON requests (subject_member_id, id);
CREATE INDEX requests_status ON requests (status, id);
CREATE INDEX requests_due_order ON requests (COALESCE(due_on, '9999-12-31'), id);
CREATE INDEX requests_priority_order ON requests (priority_rank, COALESCE(due_on, '9999-12-31'), id);
CREATE INDEX requests_received ON requests (received_on, id);
CREATE INDEX requests_assignee ON requests (assignee_staff_id, id);
CREATE INDEX requests_type_status_due ON requests (request_type, status, COALESCE(due_on, '9999-12-31'), id);
CREATE INDEX requests_received_due ON requests (received_on, COALESCE(due_on, '9999-12-31'), id);
CREATE INDEX requests_closed ON requests (updated_at, id) WHERE status IN ('notified', 'completed', 'withdrawn', 'rejected', 'lapsed');

CREATE TABLE request_intakes_rebuilt (
    request_id        INTEGER PRIMARY KEY REFERENCES requests (id),
    idempotency_key   TEXT NOT NULL UNIQUE,
    arrived_on        TEXT NOT NULL,                 -- Asia/Tokyo civil date
    subject_kind      TEXT NOT NULL CHECK (subject_kind IN ('registry', 'councillor', 'employee', 'other', 'anonymous')),
    subject_name      TEXT NOT NULL,                 -- as written on the form (「匿名」 when anonymous)
    requester_name    TEXT NOT NULL,
    requester_address TEXT NOT NULL,                 -- where the letters are posted (may be empty for a complaint)
    requester_phone   TEXT NOT NULL,
    id_document       TEXT NOT NULL,                 -- empty when identity was not checked
    id_check          TEXT NOT NULL CHECK (id_check IN ('presented', 'copy_by_post', 'none')),
    checked_by        INTEGER REFERENCES staff (id),
    entered_by        INTEGER NOT NULL REFERENCES staff (id),
    entered_at        TEXT NOT NULL,
    -- Whoever checked identity is named, and only then.
    CHECK ((id_check = 'none') = (checked_by IS NULL))
);
INSERT INTO request_intakes_rebuilt
    SELECT request_id, idempotency_key, arrived_on, subject_kind, subject_name, requester_name, requester_address,
           requester_phone, id_document, id_check, checked_by, entered_by, entered_at
    FROM request_intakes ORDER BY request_id;
DROP TABLE request_intakes;
ALTER TABLE request_intakes_rebuilt RENAME TO request_intakes;
CREATE TRIGGER request_intakes_no_update BEFORE UPDATE ON request_intakes
BEGIN SELECT RAISE(ABORT, 'intake records are kept as entered'); END;
CREATE TRIGGER request_intakes_no_delete BEFORE DELETE ON request_intakes
WHEN NOT EXISTS (SELECT 1 FROM request_disposal_permits p WHERE p.request_id = OLD.request_id)
BEGIN SELECT RAISE(ABORT, 'intake records are kept as entered'); END;

-- A complaint that suggests a 漏えい等 goes to the 責任者 at once (an email where an address
-- is configured, and the staff pages until acknowledged).
CREATE TABLE request_escalations (
    request_id       INTEGER PRIMARY KEY REFERENCES requests (id),
    reason           TEXT NOT NULL CHECK (reason IN ('suspected_leak')),
    escalated_at     TEXT NOT NULL,
    acknowledged_by  INTEGER REFERENCES staff (id),
    acknowledged_at  TEXT,
    CHECK ((acknowledged_by IS NULL) = (acknowledged_at IS NULL))
);
CREATE INDEX request_escalations_open ON request_escalations (escalated_at) WHERE acknowledged_at IS NULL;
