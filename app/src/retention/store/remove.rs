//! How each kind's due records are removed, given their ids as `$1` (a JSON array, unpacked
//! by `{ids}`): what they hold first, then the records themselves (whose count is checked),
//! then the permits dropped. The permits, taken first, let exactly these records past
//! their append-only triggers, inside the disposal's transaction.

use super::super::Kind;

/// The statements removing one batch: before, the one removing the kind's own rows, after.
pub struct Removal {
    pub before: &'static [&'static str],
    pub main: &'static str,
    pub after: &'static [&'static str],
}

/// Everything that belongs to the requests `$1` names, children before parents.
const REQUEST_PARTS: &[&str] = &[
    "INSERT INTO request_disposal_permits (request_id) {ids}",
    "DELETE FROM download_tickets WHERE package_id IN (SELECT id FROM disclosure_packages WHERE request_id IN ({ids}))",
    "DELETE FROM package_downloads WHERE package_id IN (SELECT id FROM disclosure_packages WHERE request_id IN ({ids}))",
    "DELETE FROM package_exclusions WHERE package_id IN (SELECT id FROM disclosure_packages WHERE request_id IN ({ids}))",
    "DELETE FROM package_files WHERE package_id IN (SELECT id FROM disclosure_packages WHERE request_id IN ({ids}))",
    "DELETE FROM package_reissues WHERE package_id IN (SELECT id FROM disclosure_packages WHERE request_id IN ({ids}))",
    "DELETE FROM disclosure_packages WHERE request_id IN ({ids})",
    "DELETE FROM receipt_inquiries WHERE request_id IN ({ids})",
    "DELETE FROM registry_conflicts WHERE instruction_id IN (SELECT id FROM correction_instructions WHERE request_id IN ({ids}))",
    "DELETE FROM correction_instructions WHERE request_id IN ({ids})",
    "DELETE FROM member_notifications WHERE request_id IN ({ids})",
    "DELETE FROM request_attachments WHERE request_id IN ({ids})",
    "DELETE FROM request_decisions WHERE request_id IN ({ids})",
    "DELETE FROM request_intakes WHERE request_id IN ({ids})",
    "DELETE FROM request_escalations WHERE request_id IN ({ids})",
    "DELETE FROM fee_settlements WHERE request_id IN ({ids})",
    "DELETE FROM request_events WHERE request_id IN ({ids})",
    // A 35条 measure outlives its request: what it stopped stays stopped.
    "UPDATE data_restrictions SET request_id = NULL WHERE request_id IN ({ids})",
];

/// Everything that hangs off a former member and their account: the sign-in (sessions,
/// failed sign-ins, passkeys, recovery codes, e-mail checks), what they were told of
/// publication changes, the account, their letters and one-time codes, their remaining
/// notifications, household display choices, registry history and newest notice month.
const MEMBER_PARTS: &[&str] = &[
    "INSERT INTO member_disposal_permits (member_id) {ids}",
    "DELETE FROM sessions WHERE kind = 'member' AND account_id IN (SELECT id FROM member_accounts WHERE member_id IN ({ids}))",
    "DELETE FROM login_failures WHERE account_key IN (SELECT 'member:' || CAST(a.id AS TEXT) FROM member_accounts a WHERE a.member_id IN ({ids}))",
    "DELETE FROM passkeys WHERE account_kind = 'member' AND account_id IN (SELECT id FROM member_accounts WHERE member_id IN ({ids}))",
    "DELETE FROM recovery_codes WHERE account_id IN (SELECT id FROM member_accounts WHERE member_id IN ({ids}))",
    "DELETE FROM email_verifications WHERE account_id IN (SELECT id FROM member_accounts WHERE member_id IN ({ids}))",
    "DELETE FROM publication_notices WHERE account_id IN (SELECT id FROM member_accounts WHERE member_id IN ({ids}))",
    "DELETE FROM member_accounts WHERE member_id IN ({ids})",
    "DELETE FROM letters WHERE member_id IN ({ids})",
    "DELETE FROM one_time_codes WHERE member_id IN ({ids})",
    "DELETE FROM member_notifications WHERE member_id IN ({ids})",
    "DELETE FROM request_drafts WHERE member_id IN ({ids})",
    "DELETE FROM household_display WHERE member_id IN ({ids})",
    "DELETE FROM member_history WHERE member_id IN ({ids})",
    "DELETE FROM notice_latest WHERE member_id IN ({ids})",
    // The person's data is gone: a 35条 measure on it has nothing left to protect.
    "DELETE FROM data_restrictions WHERE member_id IN ({ids})",
];

/// The removal of one batch of `kind` (notice lines, keyed by month, go by key range
/// instead: see `super::dispose_lines`).
pub fn removal(kind: Kind) -> Option<Removal> {
    let only = |main| Removal { before: &[], main, after: &[] };
    Some(match kind {
        Kind::Sessions => only("DELETE FROM sessions WHERE id IN ({ids})"),
        Kind::LoginFailures => only("DELETE FROM login_failures WHERE id IN ({ids})"),
        Kind::PackageArchives => only("UPDATE disclosure_packages SET archive = NULL WHERE id IN ({ids})"),
        Kind::ClosedRequests => Removal {
            before: REQUEST_PARTS,
            main: "DELETE FROM requests WHERE id IN ({ids})",
            after: &["DELETE FROM request_disposal_permits"],
        },
        Kind::NoticeLines => return None,
        Kind::ProvisionRecords => only("DELETE FROM provision_records WHERE id IN ({ids})"),
        Kind::AuthenticationEvents | Kind::AuditEvents => Removal {
            before: &["INSERT INTO audit_disposal_permits (event_id) {ids}"],
            main: "DELETE FROM audit_events WHERE id IN ({ids})",
            after: &["DELETE FROM audit_disposal_permits"],
        },
        Kind::FormerMembers => Removal {
            before: MEMBER_PARTS,
            main: "DELETE FROM members WHERE id IN ({ids})",
            after: &["DELETE FROM member_disposal_permits"],
        },
    })
}
