-- Closed requests leave after their retention period (records::retention, closed_requests):
-- the request with its events, files, decisions, intake record and 開示 package, in one
-- transaction with its 廃棄記録. The append-only triggers let a delete through only for
-- the requests that disposal names, inside its transaction.

CREATE TABLE request_disposal_permits (
    request_id BIGINT PRIMARY KEY
);

CREATE FUNCTION refuse_request_record_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND EXISTS (SELECT 1 FROM request_disposal_permits p WHERE p.request_id = OLD.request_id) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$;

DROP TRIGGER request_events_append_only ON request_events;
CREATE TRIGGER request_events_append_only BEFORE UPDATE OR DELETE ON request_events
FOR EACH ROW EXECUTE FUNCTION refuse_request_record_change();
DROP TRIGGER request_decisions_no_delete ON request_decisions;
CREATE TRIGGER request_decisions_no_delete BEFORE DELETE ON request_decisions
FOR EACH ROW EXECUTE FUNCTION refuse_request_record_change();
DROP TRIGGER request_intakes_kept ON request_intakes;
CREATE TRIGGER request_intakes_kept BEFORE UPDATE OR DELETE ON request_intakes
FOR EACH ROW EXECUTE FUNCTION refuse_request_record_change();

-- The job looks for closed requests by their last change.
CREATE INDEX requests_closed ON requests (updated_at, id) WHERE status IN ('notified', 'completed', 'withdrawn', 'rejected');
