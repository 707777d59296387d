-- Retention (廃棄): records past their period are removed in batches by a job, each batch
-- in one transaction with its 廃棄記録 (what was removed, how many, when) and the audit
-- event that records it. A removed audit event keeps its link in the chain (the seal stands
-- in for it), and verification accepts the gap only for events a 廃棄記録 names.

CREATE TABLE disposal_records (
    id             INTEGER PRIMARY KEY,
    kind           TEXT NOT NULL,            -- records::retention::Kind
    older_than     TEXT NOT NULL,            -- the cutoff (UTC instant)
    count          BIGINT NOT NULL,
    first_ref      TEXT,
    last_ref       TEXT,
    items          TEXT,                     -- audit events: JSON array of the removed ids
    items_sha256   TEXT,                     -- also in the recording event's detail
    audit_event_id BIGINT NOT NULL,          -- the event that records this disposal
    disposed_at    TEXT NOT NULL
);
CREATE INDEX disposal_records_kind ON disposal_records (kind, id);
CREATE TRIGGER disposal_records_no_update BEFORE UPDATE ON disposal_records
BEGIN SELECT RAISE(ABORT, 'disposal records are kept'); END;
CREATE TRIGGER disposal_records_no_delete BEFORE DELETE ON disposal_records
BEGIN SELECT RAISE(ABORT, 'disposal records are kept'); END;

-- An audit event leaves the record only through a disposal, inside its transaction.
CREATE TABLE audit_disposal_permits (
    event_id BIGINT PRIMARY KEY
);
DROP TRIGGER audit_events_no_delete;
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
WHEN NOT EXISTS (SELECT 1 FROM audit_disposal_permits p WHERE p.event_id = OLD.id)
BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;

-- The chain keeps the links of disposed events, so it no longer references the event row.
CREATE TABLE audit_chain_kept (
    position   INTEGER PRIMARY KEY,
    event_id   INTEGER NOT NULL UNIQUE,
    hash       TEXT NOT NULL,
    sealed_at  TEXT NOT NULL
);
INSERT INTO audit_chain_kept (position, event_id, hash, sealed_at) SELECT position, event_id, hash, sealed_at FROM audit_chain;
DROP TABLE audit_chain;
ALTER TABLE audit_chain_kept RENAME TO audit_chain;
CREATE TRIGGER audit_chain_no_update BEFORE UPDATE ON audit_chain
BEGIN SELECT RAISE(ABORT, 'the audit chain is append-only'); END;
CREATE TRIGGER audit_chain_no_delete BEFORE DELETE ON audit_chain
BEGIN SELECT RAISE(ABORT, 'the audit chain is append-only'); END;

CREATE INDEX sessions_expires ON sessions (expires_at);
CREATE INDEX login_failures_failed ON login_failures (failed_at);
CREATE INDEX audit_events_action ON audit_events (action, id);
