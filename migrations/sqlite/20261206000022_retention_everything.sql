-- Retention of everything the portal holds (app/src/retention): besides authentication
-- records and closed requests, the job now disposes of 医療費のお知らせ lines, the
-- provision ledger, the other audit events and former members with their accounts, each
-- batch with its 廃棄記録. Kinds run dependents first; a batch is found by a scan outside
-- the write lock and removed by id (or, for notice lines, by key range) inside it. These
-- indexes keep both short on large tables.

-- Audit events are scanned by id up to the newest one past the period.
CREATE INDEX audit_events_occurred ON audit_events (occurred_at);

-- Whether anything kept still names a former member.
CREATE INDEX disclosure_packages_recipient ON disclosure_packages (recipient_member_id);
CREATE INDEX disclosure_packages_subject ON disclosure_packages (subject_member_id);
CREATE INDEX download_tickets_member ON download_tickets (member_id);
CREATE INDEX package_downloads_member ON package_downloads (member_id);
CREATE INDEX registry_conflicts_member ON registry_conflicts (member_id);

-- What hangs off a former member, removed with them.
CREATE INDEX letters_member ON letters (member_id);
CREATE INDEX email_verifications_account ON email_verifications (account_id);

-- A former member's append-only records (registry history, household display choices)
-- leave only with the member, through a disposal naming them, inside its transaction.
CREATE TABLE member_disposal_permits (
    member_id INTEGER PRIMARY KEY
);

DROP TRIGGER member_history_no_delete;
CREATE TRIGGER member_history_no_delete BEFORE DELETE ON member_history
WHEN NOT EXISTS (SELECT 1 FROM member_disposal_permits p WHERE p.member_id = OLD.member_id)
BEGIN SELECT RAISE(ABORT, 'member history is append-only'); END;

DROP TRIGGER household_display_no_delete;
CREATE TRIGGER household_display_no_delete BEFORE DELETE ON household_display
WHEN NOT EXISTS (SELECT 1 FROM member_disposal_permits p WHERE p.member_id = OLD.member_id)
BEGIN SELECT RAISE(ABORT, 'household display choices are kept as recorded'); END;
