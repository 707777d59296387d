-- Decisions (決定) with their legal ground and the reason owed to the member (36条),
-- the 責任者's approval (four eyes), and what the staff queue sorts and filters on:
-- assignee, 重要度・緊急度 (seed 003's 受付票) and the current due date.

CREATE TABLE request_decisions (
    id              INTEGER PRIMARY KEY,
    request_id      INTEGER NOT NULL REFERENCES requests (id),
    outcome         TEXT NOT NULL,                 -- requests::decision::Outcome
    ground          TEXT NOT NULL,                 -- requests::decision::LegalGround
    reason          TEXT NOT NULL,
    previous_value  TEXT,                          -- 訂正: the value before
    corrected_value TEXT,                          -- 訂正: the value after
    fee             TEXT NOT NULL CHECK (fee IN ('not_charged', 'paid', 'waived')),
    decided_by      INTEGER NOT NULL REFERENCES staff (id),
    decided_at      TEXT NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('pending', 'approved', 'final', 'sent_back')),
    approved_by     INTEGER REFERENCES staff (id),
    approved_at     TEXT,
    -- Four eyes, in the database too.
    CHECK (approved_by IS NULL OR approved_by <> decided_by)
);
CREATE INDEX request_decisions_request ON request_decisions (request_id, id);

ALTER TABLE requests ADD COLUMN assignee_staff_id INTEGER REFERENCES staff (id);
ALTER TABLE requests ADD COLUMN importance TEXT NOT NULL DEFAULT 'normal' CHECK (importance IN ('high', 'normal', 'low'));
ALTER TABLE requests ADD COLUMN urgency TEXT NOT NULL DEFAULT 'normal' CHECK (urgency IN ('high', 'normal', 'low'));
-- The due date as of the last change (pauses included), so the queue sorts in SQL.
ALTER TABLE requests ADD COLUMN due_on TEXT;
-- The Asia/Tokyo date of the final decision, for the reports.
ALTER TABLE requests ADD COLUMN decided_on TEXT;
ALTER TABLE requests ADD COLUMN outcome TEXT;

-- 重要度 × 3 + 緊急度 (0 = both high … 8 = both low), so the queue sorts on an index.
ALTER TABLE requests ADD COLUMN priority_rank INTEGER NOT NULL DEFAULT 4;
-- The queue's orders, as indexes: due date (none last), and priority then due date.
CREATE INDEX requests_due_order ON requests (COALESCE(due_on, '9999-12-31'), id);
CREATE INDEX requests_priority_order ON requests (priority_rank, COALESCE(due_on, '9999-12-31'), id);
CREATE INDEX requests_type_status ON requests (request_type, status, id);
CREATE INDEX requests_received ON requests (received_on, id);
CREATE INDEX requests_assignee ON requests (assignee_staff_id, id);

CREATE TRIGGER request_decisions_no_delete BEFORE DELETE ON request_decisions
BEGIN SELECT RAISE(ABORT, 'decisions are kept'); END;
