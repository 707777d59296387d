-- Retention (廃棄): records past their period are removed in batches by a job, each batch
-- in one transaction with its 廃棄記録 (what was removed, how many, when) and the audit
-- event that records it. A removed audit event keeps its link in the chain (the seal stands
-- in for it), and verification accepts the gap only for events a 廃棄記録 names.

CREATE TABLE disposal_records (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
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
CREATE TRIGGER disposal_records_append_only BEFORE UPDATE OR DELETE ON disposal_records
FOR EACH ROW EXECUTE FUNCTION refuse_change();

-- An audit event leaves the record only through a disposal, inside its transaction.
CREATE TABLE audit_disposal_permits (
    event_id BIGINT PRIMARY KEY
);
CREATE FUNCTION refuse_audit_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND EXISTS (SELECT 1 FROM audit_disposal_permits p WHERE p.event_id = OLD.id) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$;
DROP TRIGGER audit_events_append_only ON audit_events;
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
FOR EACH ROW EXECUTE FUNCTION refuse_audit_change();

-- The chain keeps the links of disposed events, so it no longer references the event row.
ALTER TABLE audit_chain DROP CONSTRAINT audit_chain_event_id_fkey;

CREATE INDEX sessions_expires ON sessions (expires_at);
CREATE INDEX login_failures_failed ON login_failures (failed_at);
CREATE INDEX audit_events_action ON audit_events (action, id);
