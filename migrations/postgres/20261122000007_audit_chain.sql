-- The audit record made tamper-evident: a sealer (one at a time) links committed audit
-- events into a hash chain, each link the SHA-256 of the previous link and the event's
-- canonical form. Rows are never changed; the head of each seal is also written outside
-- the database (log, checkpoint file), so rewriting both tables is still detected.
CREATE TABLE audit_chain (
    position   BIGINT PRIMARY KEY,           -- 1, 2, 3 … without gaps
    event_id   BIGINT NOT NULL UNIQUE REFERENCES audit_events (id),
    hash       TEXT NOT NULL,                -- hex SHA-256
    sealed_at  TEXT NOT NULL
);

CREATE TRIGGER audit_chain_append_only BEFORE UPDATE OR DELETE ON audit_chain
FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER audit_chain_no_truncate BEFORE TRUNCATE ON audit_chain
FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
