-- Every request ends: the statuses 'pending_dismissal' (a 却下 waits for the 責任者) and
-- 'lapsed' (補正なしで終了); a final decision may be the system's own (decided_by empty).
-- A minor's representative is proven: the capacity 'minor_guardian' and the documents
-- 'kinship_record' and 'minor_guardian_record'. Same as SQLite, which rebuilds the tables.
ALTER TABLE requests DROP CONSTRAINT requests_status_check;
ALTER TABLE requests ADD CONSTRAINT requests_status_check CHECK (status IN ('received', 'identity_check',
    'needs_documents', 'in_review', 'needs_input', 'pending_approval', 'pending_dismissal', 'decided',
    'notified', 'completed', 'withdrawn', 'rejected', 'lapsed'));
DROP INDEX requests_closed;
CREATE INDEX requests_closed ON requests (updated_at, id) WHERE status IN ('notified', 'completed', 'withdrawn', 'rejected', 'lapsed');

ALTER TABLE request_decisions ALTER COLUMN decided_by DROP NOT NULL;
ALTER TABLE request_decisions ADD CONSTRAINT request_decisions_system_final CHECK (decided_by IS NOT NULL OR state = 'final');

ALTER TABLE requests DROP CONSTRAINT requests_capacity_check;
ALTER TABLE requests ADD CONSTRAINT requests_capacity_check CHECK (capacity IN ('self', 'legal_representative', 'proxy',
    'guardian', 'minor_guardian'));
ALTER TABLE request_attachments DROP CONSTRAINT request_attachments_document_check;
ALTER TABLE request_attachments ADD CONSTRAINT request_attachments_document_check CHECK (document IN ('power_of_attorney',
    'guardianship_certificate', 'kinship_record', 'minor_guardian_record', 'supporting'));
