-- Every request ends, and a minor's representative is proven. Two statuses join the
-- lifecycle: 'pending_dismissal' (a 却下 waits for the 責任者) and 'lapsed' (a 補正依頼
-- went unanswered past its reminder). A decision may be the system's own (the automatic
-- close), so `decided_by` may be empty — only for a final decision. The capacity
-- 'minor_guardian' (未成年後見人) joins, with the documents that prove a minor's
-- representative: 'kinship_record' (戸籍謄抄本 or 住民票の写し) and 'minor_guardian_record'.
--
-- SQLite cannot change a CHECK: each table is rebuilt (create, copy in key order, drop,
-- rename, indexes). `requests` is referenced by other tables: migrations run on a
-- connection with foreign keys off, and `foreign_key_check` must find nothing after
-- (app/src/platform/db.rs, `migrate`), as SQLite's procedure for schema changes asks.

CREATE TABLE requests_rebuilt (
    id                   INTEGER PRIMARY KEY,
    receipt_number       TEXT NOT NULL UNIQUE,          -- 受付番号
    request_type         TEXT NOT NULL CHECK (request_type IN ('purpose_notice', 'disclosure',
                             'third_party_record_disclosure', 'correction', 'suspension', 'complaint')),
    status               TEXT NOT NULL CHECK (status IN ('received', 'identity_check', 'needs_documents',
                             'in_review', 'needs_input', 'pending_approval', 'pending_dismissal', 'decided',
                             'notified', 'completed', 'withdrawn', 'rejected', 'lapsed')),
    channel              TEXT NOT NULL CHECK (channel IN ('portal', 'paper', 'counter')),
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

CREATE TABLE request_decisions_rebuilt (
    id              INTEGER PRIMARY KEY,
    request_id      INTEGER NOT NULL REFERENCES requests (id),
    outcome         TEXT NOT NULL,                 -- requests::decision::Outcome
    ground          TEXT NOT NULL,                 -- requests::decision::LegalGround
    reason          TEXT NOT NULL,
    previous_value  TEXT,                          -- 訂正: the value before
    corrected_value TEXT,                          -- 訂正: the value after
    fee             TEXT NOT NULL CHECK (fee IN ('not_charged', 'paid', 'waived')),
    decided_by      INTEGER REFERENCES staff (id), -- empty: the system's own (補正なしで終了)
    decided_at      TEXT NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('pending', 'approved', 'final', 'sent_back')),
    approved_by     INTEGER REFERENCES staff (id),
    approved_at     TEXT,
    -- Four eyes, in the database too.
    CHECK (approved_by IS NULL OR approved_by <> decided_by),
    -- Only a final decision can be the system's: nothing of a person's waits for approval.
    CHECK (decided_by IS NOT NULL OR state = 'final')
);
INSERT INTO request_decisions_rebuilt
    SELECT id, request_id, outcome, ground, reason, previous_value, corrected_value, fee, decided_by, decided_at,
           state, approved_by, approved_at
    FROM request_decisions ORDER BY id;
DROP TABLE request_decisions;
ALTER TABLE request_decisions_rebuilt RENAME TO request_decisions;
CREATE INDEX request_decisions_request ON request_decisions (request_id, id);
-- Its trigger went with the old table: decisions are kept, save by a disposal.
CREATE TRIGGER request_decisions_no_delete BEFORE DELETE ON request_decisions
WHEN NOT EXISTS (SELECT 1 FROM request_disposal_permits p WHERE p.request_id = OLD.request_id)
BEGIN SELECT RAISE(ABORT, 'decisions are kept'); END;

CREATE TABLE request_attachments_rebuilt (
    id          INTEGER PRIMARY KEY,
    request_id  INTEGER NOT NULL REFERENCES requests (id),
    event_id    INTEGER NOT NULL REFERENCES request_events (id),
    document    TEXT NOT NULL CHECK (document IN ('power_of_attorney', 'guardianship_certificate', 'kinship_record',
                    'minor_guardian_record', 'supporting')),
    file_name   TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('pdf', 'jpeg', 'png')),
    size_bytes  INTEGER NOT NULL,
    sha256      TEXT NOT NULL,
    content     BLOB NOT NULL,
    uploaded_at TEXT NOT NULL
);
INSERT INTO request_attachments_rebuilt
    SELECT id, request_id, event_id, document, file_name, kind, size_bytes, sha256, content, uploaded_at
    FROM request_attachments ORDER BY id;
DROP TABLE request_attachments;
ALTER TABLE request_attachments_rebuilt RENAME TO request_attachments;
CREATE INDEX request_attachments_request ON request_attachments (request_id, id);
CREATE TRIGGER request_attachments_no_update BEFORE UPDATE ON request_attachments
BEGIN SELECT RAISE(ABORT, 'attachments are append-only'); END;
