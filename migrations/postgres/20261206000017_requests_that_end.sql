-- Every request ends: the statuses 'pending_dismissal' (a 却下 waits for the 責任者) and
-- 'lapsed' (補正なしで終了); a final decision may be the system's own (decided_by empty).
-- Same as SQLite, which has to rebuild the two tables to say it.
ALTER TABLE requests DROP CONSTRAINT requests_status_check;
ALTER TABLE requests ADD CONSTRAINT requests_status_check CHECK (status IN ('received', 'identity_check',
    'needs_documents', 'in_review', 'needs_input', 'pending_approval', 'pending_dismissal', 'decided',
    'notified', 'completed', 'withdrawn', 'rejected', 'lapsed'));
DROP INDEX requests_closed;
CREATE INDEX requests_closed ON requests (updated_at, id) WHERE status IN ('notified', 'completed', 'withdrawn', 'rejected', 'lapsed');

ALTER TABLE request_decisions ALTER COLUMN decided_by DROP NOT NULL;
ALTER TABLE request_decisions ADD CONSTRAINT request_decisions_system_final CHECK (decided_by IS NOT NULL OR state = 'final');
