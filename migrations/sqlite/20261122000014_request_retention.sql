-- Closed requests leave after their retention period (records::retention, closed_requests):
-- the request with its events, files, decisions, intake record and 開示 package, in one
-- transaction with its 廃棄記録. The append-only triggers let a delete through only for
-- the requests that disposal names, inside its transaction.

CREATE TABLE request_disposal_permits (
    request_id INTEGER PRIMARY KEY
);

DROP TRIGGER request_events_no_delete;
CREATE TRIGGER request_events_no_delete BEFORE DELETE ON request_events
WHEN NOT EXISTS (SELECT 1 FROM request_disposal_permits p WHERE p.request_id = OLD.request_id)
BEGIN SELECT RAISE(ABORT, 'request events are append-only'); END;

DROP TRIGGER request_decisions_no_delete;
CREATE TRIGGER request_decisions_no_delete BEFORE DELETE ON request_decisions
WHEN NOT EXISTS (SELECT 1 FROM request_disposal_permits p WHERE p.request_id = OLD.request_id)
BEGIN SELECT RAISE(ABORT, 'decisions are kept'); END;

DROP TRIGGER request_intakes_no_delete;
CREATE TRIGGER request_intakes_no_delete BEFORE DELETE ON request_intakes
WHEN NOT EXISTS (SELECT 1 FROM request_disposal_permits p WHERE p.request_id = OLD.request_id)
BEGIN SELECT RAISE(ABORT, 'intake records are kept as entered'); END;

-- The job looks for closed requests by their last change.
CREATE INDEX requests_closed ON requests (updated_at, id) WHERE status IN ('notified', 'completed', 'withdrawn', 'rejected');
