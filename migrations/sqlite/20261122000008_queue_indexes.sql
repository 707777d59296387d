-- The staff queue's common views walk an index already in due-date order instead of
-- looking up and sorting every matching request: one type in one status, and one day's
-- requests (a 受付番号's date part), both by due date.
DROP INDEX requests_type_status;
CREATE INDEX requests_type_status_due ON requests (request_type, status, COALESCE(due_on, '9999-12-31'), id);
CREATE INDEX requests_received_due ON requests (received_on, COALESCE(due_on, '9999-12-31'), id);
