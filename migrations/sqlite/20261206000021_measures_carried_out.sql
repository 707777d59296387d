-- 35条 measures carried out, not only marked. A decided 利用停止等 names what it applies to
-- (`request_decisions.measure_scope`: the kinds of data, or the recipient whose provision
-- stops). `data_restrictions` records what was done — 'use_stopped', 'erased' (with how
-- many records the portal erased), 'provision_stopped', 'alternative' — and outlives its
-- request: a stop of use or of provision stands after the request's own record has gone,
-- so the receipt number is kept with it and `request_id` may become empty. Markings of
-- earlier versions ('excluded_from_use', 'erase_at_retention_end') stay readable.
--
-- SQLite cannot change a CHECK or a NOT NULL: the table is rebuilt (see migration 17).

ALTER TABLE request_decisions ADD COLUMN measure_scope TEXT;

CREATE TABLE data_restrictions_rebuilt (
    id             INTEGER PRIMARY KEY,
    member_id      BIGINT NOT NULL REFERENCES members (id),
    request_id     BIGINT REFERENCES requests (id),
    receipt_number TEXT NOT NULL,
    measure        TEXT NOT NULL,                     -- requests::draft::Measure
    target         TEXT NOT NULL,                     -- what the member named
    scope          TEXT,                              -- requests::decision::DataScope
    recipient      TEXT,                              -- 第三者提供の停止: the recipient
    marking        TEXT NOT NULL CHECK (marking IN ('use_stopped', 'erased', 'provision_stopped', 'alternative',
                       'excluded_from_use', 'erase_at_retention_end')),
    erased_count   BIGINT,
    staff_id       BIGINT NOT NULL REFERENCES staff (id),
    created_at     TEXT NOT NULL
);
INSERT INTO data_restrictions_rebuilt (id, member_id, request_id, receipt_number, measure, target, marking, staff_id, created_at)
    SELECT d.id, d.member_id, d.request_id, r.receipt_number, d.measure, d.target, d.marking, d.staff_id, d.created_at
    FROM data_restrictions d JOIN requests r ON r.id = d.request_id ORDER BY d.id;
DROP TABLE data_restrictions;
ALTER TABLE data_restrictions_rebuilt RENAME TO data_restrictions;
CREATE INDEX data_restrictions_member ON data_restrictions (member_id, id);
CREATE INDEX data_restrictions_request ON data_restrictions (request_id);

-- A 消去 carried out is a disposal too, recorded with its reason (the decision).
ALTER TABLE disposal_records ADD COLUMN reason TEXT;
