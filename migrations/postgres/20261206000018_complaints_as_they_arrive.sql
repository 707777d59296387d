-- Complaints as they arrive (苦情, 40条): by phone as well as by post, at the counter or in
-- the portal; with or without identity — anonymous ('anonymous'), or identity not checked
-- ('none', then nobody is named as having checked it); and a suspected 漏えい等 escalated to
-- the 責任者 at once (`request_escalations`: when, and when the 責任者 acknowledged it).
-- Same as SQLite, which rebuilds the tables.

ALTER TABLE requests DROP CONSTRAINT requests_channel_check;
ALTER TABLE requests ADD CONSTRAINT requests_channel_check CHECK (channel IN ('portal', 'paper', 'counter', 'phone'));

ALTER TABLE request_intakes DROP CONSTRAINT request_intakes_subject_kind_check;
ALTER TABLE request_intakes ADD CONSTRAINT request_intakes_subject_kind_check
    CHECK (subject_kind IN ('registry', 'councillor', 'employee', 'other', 'anonymous'));
ALTER TABLE request_intakes DROP CONSTRAINT request_intakes_id_check_check;
ALTER TABLE request_intakes ADD CONSTRAINT request_intakes_id_check_check CHECK (id_check IN ('presented', 'copy_by_post', 'none'));
ALTER TABLE request_intakes ALTER COLUMN checked_by DROP NOT NULL;
ALTER TABLE request_intakes ADD CONSTRAINT request_intakes_checked_by_named CHECK ((id_check = 'none') = (checked_by IS NULL));

-- A complaint that suggests a 漏えい等 goes to the 責任者 at once (an email where an address
-- is configured, and the staff pages until acknowledged).
CREATE TABLE request_escalations (
    request_id       BIGINT PRIMARY KEY REFERENCES requests (id),
    reason           TEXT NOT NULL CHECK (reason IN ('suspected_leak')),
    escalated_at     TEXT NOT NULL,
    acknowledged_by  BIGINT REFERENCES staff (id),
    acknowledged_at  TEXT,
    CHECK ((acknowledged_by IS NULL) = (acknowledged_at IS NULL))
);
CREATE INDEX request_escalations_open ON request_escalations (escalated_at) WHERE acknowledged_at IS NULL;
