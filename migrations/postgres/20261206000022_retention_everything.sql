-- Retention of everything the portal holds: same as SQLite.

CREATE INDEX audit_events_occurred ON audit_events (occurred_at);

CREATE INDEX disclosure_packages_recipient ON disclosure_packages (recipient_member_id);
CREATE INDEX disclosure_packages_subject ON disclosure_packages (subject_member_id);
CREATE INDEX download_tickets_member ON download_tickets (member_id);
CREATE INDEX package_downloads_member ON package_downloads (member_id);
CREATE INDEX registry_conflicts_member ON registry_conflicts (member_id);

CREATE INDEX letters_member ON letters (member_id);
CREATE INDEX email_verifications_account ON email_verifications (account_id);

CREATE TABLE member_disposal_permits (
    member_id BIGINT PRIMARY KEY
);

CREATE FUNCTION refuse_member_record_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND EXISTS (SELECT 1 FROM member_disposal_permits p WHERE p.member_id = OLD.member_id) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$;

DROP TRIGGER member_history_append_only ON member_history;
CREATE TRIGGER member_history_append_only BEFORE UPDATE OR DELETE ON member_history
FOR EACH ROW EXECUTE FUNCTION refuse_member_record_change();
DROP TRIGGER household_display_kept ON household_display;
CREATE TRIGGER household_display_kept BEFORE UPDATE OR DELETE ON household_display
FOR EACH ROW EXECUTE FUNCTION refuse_member_record_change();
