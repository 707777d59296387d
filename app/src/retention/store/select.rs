//! Which records are due: one predicate per kind, the same text for the dry run and the
//! run, for the scan outside the write lock and for the check inside it.
//!
//! A kind that depends on another (the audit events about a request, the former member a
//! request names) asks whether what refers to it **stays**, that is, exists and is not due
//! itself. Run in order, the dependents are already gone when it is asked; in a dry run they
//! are still there but due: the answer is the same, so the dry run reports what the run
//! then disposes of.

use chrono::{DateTime, Utc};

use super::super::{AUTHENTICATION_ACTIONS, Cutoff, KEPT_ACTIONS, Kind, RetentionPolicy, cutoff};
use crate::platform::db::{Backend, instant_text};

/// One run's cutoffs, as the stored text they are compared with: fixed at the start, so
/// every batch and the report share them.
#[derive(Clone, Debug)]
pub struct Cutoffs {
    pub now: DateTime<Utc>,
    policy: RetentionPolicy,
}

impl Cutoffs {
    pub fn at(policy: &RetentionPolicy, now: DateTime<Utc>) -> Self {
        Cutoffs { now, policy: *policy }
    }

    pub fn of(&self, kind: Kind) -> Cutoff {
        cutoff(kind, &self.policy, self.now)
    }

    /// The cutoff as stored text (an instant, a date or a month), as the 廃棄記録 keeps it.
    pub fn text(&self, kind: Kind) -> String {
        match self.of(kind) {
            Cutoff::Instant(at) => instant_text(at),
            Cutoff::Date(d) => d.format("%Y-%m-%d").to_string(),
            Cutoff::Month { year, month } => format!("{year:04}-{month:02}"),
        }
    }

    /// The cutoff as an SQL literal. The text is the portal's own formatting of a date;
    /// anything but digits and date punctuation is dropped all the same.
    fn lit(&self, kind: Kind) -> String {
        let text: String = self.text(kind).chars().filter(|c| c.is_ascii_digit() || "-:.TZ".contains(*c)).collect();
        format!("'{text}'")
    }

    /// The start of the ledger's cutoff day in Tokyo, as a stored instant: an entry made
    /// (recorded) on or after it stays.
    fn provision_recorded_lit(&self) -> String {
        match self.of(Kind::ProvisionRecords) {
            Cutoff::Date(d) => {
                let start = d
                    .and_hms_opt(0, 0, 0)
                    .and_then(|t| t.and_local_timezone(kit::time::tokyo()).single())
                    .map(|t| t.with_timezone(&Utc))
                    .unwrap_or(DateTime::<Utc>::MIN_UTC);
                format!("'{}'", instant_text(start))
            }
            _ => self.lit(Kind::ProvisionRecords),
        }
    }
}

/// What one kind's scan reads: the table, an alias, the predicate, and (for the audit
/// record, scanned by id) the highest id that can be due, so the scan stops there.
pub struct Selection {
    pub table: &'static str,
    pub alias: &'static str,
    pub predicate: String,
    pub bound: Option<String>,
}

fn quoted(actions: &[crate::platform::audit::Action]) -> String {
    actions.iter().map(|a| format!("'{}'", a.code())).collect::<Vec<_>>().join(", ")
}

/// The id a record reference `prefix/<digits>…` names (`requests/12/package` → 12), or
/// NULL. Both dialects take the leading digits.
fn ref_id(backend: Backend, e: &str, prefix: &str) -> String {
    match backend {
        Backend::Sqlite => format!(
            "(CASE WHEN {e}.record_ref GLOB '{prefix}/[0-9]*' THEN CAST(substr({e}.record_ref, {}) AS INTEGER) END)",
            prefix.len() + 2
        ),
        Backend::Postgres => format!("CAST(substring({e}.record_ref from '^{prefix}/([0-9]+)') AS BIGINT)"),
    }
}

impl Cutoffs {
    /// A closed request past its period whose 訂正 or 35条 instruction is carried out (a
    /// 利用停止等 it decided outlives it, keeping its receipt number).
    pub fn request_due(&self, r: &str) -> String {
        format!(
            "({r}.status IN ('notified', 'completed', 'withdrawn', 'rejected', 'lapsed') AND {r}.updated_at < {cut} \
             AND NOT EXISTS (SELECT 1 FROM correction_instructions {r}_ci WHERE {r}_ci.request_id = {r}.id AND ({r}_ci.status = 'pending' \
                 OR EXISTS (SELECT 1 FROM registry_conflicts {r}_k WHERE {r}_k.instruction_id = {r}_ci.id AND {r}_k.resolved_at IS NULL))))",
            cut = self.lit(Kind::ClosedRequests)
        )
    }

    /// A ledger entry whose provision and whose recording are both past the period.
    pub fn provision_due(&self, p: &str) -> String {
        format!("({p}.occurred_on < {} AND {p}.recorded_at < {})", self.lit(Kind::ProvisionRecords), self.provision_recorded_lit())
    }

    pub fn notice_due(&self, n: &str) -> String {
        format!("{n}.month < {}", self.lit(Kind::NoticeLines))
    }

    /// A sealed authentication event past its period.
    pub fn authentication_event_due(&self, e: &str) -> String {
        format!(
            "({e}.action IN ({}) AND {e}.occurred_at < {} AND EXISTS (SELECT 1 FROM audit_chain {e}_c WHERE {e}_c.event_id = {e}.id))",
            quoted(AUTHENTICATION_ACTIONS),
            self.lit(Kind::AuthenticationEvents)
        )
    }

    /// A sealed audit event of another kind past its period, naming no record that stays:
    /// a request (by its record or its 受付番号) and the attachments and correction
    /// instructions it holds, a ledger entry, and the records kept for ever (published
    /// versions and drafts, staff and their grants). A member is not such a record: the
    /// member waits for the events (`member_due`).
    pub fn audit_event_due(&self, e: &str, backend: Backend) -> String {
        let stays = |table: &str, alias: &str, key: String, due: Option<String>| {
            let due = due.map(|d| format!(" AND NOT {d}")).unwrap_or_default();
            format!(" AND NOT EXISTS (SELECT 1 FROM {table} {alias} WHERE {alias}.{key}{due})")
        };
        let r = |n: &str| format!("{e}_r{n}");
        let mut p = format!(
            "({e}.action NOT IN ({}, {}) AND {e}.occurred_at < {} AND EXISTS (SELECT 1 FROM audit_chain {e}_c WHERE {e}_c.event_id = {e}.id)",
            quoted(AUTHENTICATION_ACTIONS),
            quoted(KEPT_ACTIONS),
            self.lit(Kind::AuditEvents)
        );
        p += &stays("requests", &r("1"), format!("id = {}", ref_id(backend, e, "requests")), Some(self.request_due(&r("1"))));
        p += &stays("requests", &r("2"), format!("receipt_number = {e}.purpose"), Some(self.request_due(&r("2"))));
        p += &format!(
            " AND NOT EXISTS (SELECT 1 FROM request_attachments {e}_a JOIN requests {r3} ON {r3}.id = {e}_a.request_id \
             WHERE {e}_a.id = {} AND NOT {})",
            ref_id(backend, e, "request_attachments"),
            self.request_due(&r("3")),
            r3 = r("3")
        );
        p += &format!(
            " AND NOT EXISTS (SELECT 1 FROM correction_instructions {e}_i JOIN requests {r4} ON {r4}.id = {e}_i.request_id \
             WHERE {e}_i.id = {} AND NOT {})",
            ref_id(backend, e, "correction_instructions"),
            self.request_due(&r("4")),
            r4 = r("4")
        );
        let p1 = format!("{e}_p");
        p += &stays("provision_records", &p1, format!("id = {}", ref_id(backend, e, "provision_records")), Some(self.provision_due(&p1)));
        for (table, alias) in [("publication_versions", "v"), ("publication_drafts", "dr"), ("staff_grants", "g"), ("staff", "s")] {
            p += &stays(table, &format!("{e}_{alias}"), format!("id = {}", ref_id(backend, e, table)), None);
        }
        p + ")"
    }

    /// Any audit event the job disposes of (of either kind).
    fn event_due(&self, e: &str, backend: Backend) -> String {
        format!("({} OR {})", self.authentication_event_due(e), self.audit_event_due(e, backend))
    }

    /// A former member past the sign-in period to whom nothing that stays refers: no
    /// request (as requester, subject, notified person, package recipient or downloader,
    /// corrected person), no ledger entry, notice line or audit event (about them, or by
    /// them) that is not itself due. A 利用停止等 measure on their data goes with them.
    pub fn member_due(&self, m: &str, backend: Backend) -> String {
        let held = |n: &str| format!("NOT {}", self.request_due(&format!("{m}_r{n}")));
        let mut p = format!("({m}.lost_on IS NOT NULL AND {m}.lost_on <> '' AND {m}.lost_on < {}", self.lit(Kind::FormerMembers));
        p += &format!(" AND NOT EXISTS (SELECT 1 FROM requests {m}_r1 WHERE {m}_r1.requester_member_id = {m}.id AND {})", held("1"));
        p += &format!(" AND NOT EXISTS (SELECT 1 FROM requests {m}_r2 WHERE {m}_r2.subject_member_id = {m}.id AND {})", held("2"));
        // Rows that belong to a request and name a member.
        for (n, table, alias, column, via) in [
            ("3", "member_notifications", "n", "member_id", "request_id"),
            ("4", "disclosure_packages", "k1", "recipient_member_id", "request_id"),
            ("5", "disclosure_packages", "k2", "subject_member_id", "request_id"),
            ("6", "correction_instructions", "ci", "member_id", "request_id"),
        ] {
            p += &format!(
                " AND NOT EXISTS (SELECT 1 FROM {table} {m}_{alias} JOIN requests {m}_r{n} ON {m}_r{n}.id = {m}_{alias}.{via} \
                 WHERE {m}_{alias}.{column} = {m}.id AND {})",
                held(n)
            );
        }
        for (n, table, alias) in [("7", "download_tickets", "t"), ("8", "package_downloads", "pd")] {
            p += &format!(
                " AND NOT EXISTS (SELECT 1 FROM {table} {m}_{alias} JOIN disclosure_packages {m}_{alias}k ON {m}_{alias}k.id = {m}_{alias}.package_id \
                 JOIN requests {m}_r{n} ON {m}_r{n}.id = {m}_{alias}k.request_id WHERE {m}_{alias}.member_id = {m}.id AND {})",
                held(n)
            );
        }
        p += &format!(
            " AND NOT EXISTS (SELECT 1 FROM registry_conflicts {m}_rc JOIN correction_instructions {m}_rci ON {m}_rci.id = {m}_rc.instruction_id \
             JOIN requests {m}_r9 ON {m}_r9.id = {m}_rci.request_id WHERE {m}_rc.member_id = {m}.id AND {})",
            held("9")
        );
        p += &format!(
            " AND NOT EXISTS (SELECT 1 FROM provision_records {m}_p WHERE {m}_p.subject_member_id = {m}.id AND NOT {})",
            self.provision_due(&format!("{m}_p"))
        );
        // A person's newest month with lines: their lines all go once it is due.
        p += &format!(
            " AND NOT EXISTS (SELECT 1 FROM notice_latest {m}_l WHERE {m}_l.member_id = {m}.id AND {m}_l.month >= {})",
            self.lit(Kind::NoticeLines)
        );
        p += &format!(
            " AND NOT EXISTS (SELECT 1 FROM audit_events {m}_e1 WHERE {m}_e1.subject_member_id = {m}.id AND NOT {})",
            self.event_due(&format!("{m}_e1"), backend)
        );
        p += &format!(
            " AND NOT EXISTS (SELECT 1 FROM audit_events {m}_e2 WHERE {m}_e2.actor_kind = 'member' AND {m}_e2.actor_id = CAST({m}.id AS TEXT) AND NOT {})",
            self.event_due(&format!("{m}_e2"), backend)
        );
        p + ")"
    }
}

/// Each kind's selection: the one predicate of what is due.
pub fn selection(kind: Kind, c: &Cutoffs, backend: Backend) -> Selection {
    let plain = |table, alias, predicate: String| Selection { table, alias, predicate, bound: None };
    match kind {
        Kind::Sessions => {
            let cut = c.lit(kind);
            plain("sessions", "s", format!("(s.expires_at < {cut} OR (s.ended_at IS NOT NULL AND s.ended_at < {cut}))"))
        }
        Kind::LoginFailures => plain("login_failures", "f", format!("f.failed_at < {}", c.lit(kind))),
        Kind::PackageArchives => plain(
            "disclosure_packages",
            "k",
            format!("(k.archive IS NOT NULL AND k.expires_at IS NOT NULL AND k.expires_at < {})", c.lit(kind)),
        ),
        Kind::ClosedRequests => plain("requests", "r", c.request_due("r")),
        Kind::NoticeLines => plain("notice_lines", "n", c.notice_due("n")),
        Kind::ProvisionRecords => plain("provision_records", "p", c.provision_due("p")),
        Kind::AuthenticationEvents | Kind::AuditEvents => Selection {
            table: "audit_events",
            alias: "e",
            predicate: if kind == Kind::AuthenticationEvents { c.authentication_event_due("e") } else { c.audit_event_due("e", backend) },
            bound: Some(format!("SELECT MAX(id) FROM audit_events WHERE occurred_at < {}", c.lit(kind))),
        },
        Kind::FormerMembers => plain("members", "m", c.member_due("m", backend)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_name_their_record_by_its_leading_digits_only() {
        assert_eq!(
            ref_id(Backend::Sqlite, "e", "requests"),
            "(CASE WHEN e.record_ref GLOB 'requests/[0-9]*' THEN CAST(substr(e.record_ref, 10) AS INTEGER) END)"
        );
        assert_eq!(ref_id(Backend::Postgres, "e", "staff"), "CAST(substring(e.record_ref from '^staff/([0-9]+)') AS BIGINT)");
    }

    #[test]
    fn cutoffs_become_literals_of_date_characters_only() {
        let c = Cutoffs::at(&RetentionPolicy::default(), "2026-11-22T01:00:00Z".parse().unwrap());
        assert_eq!(c.lit(Kind::NoticeLines), "'2021-01'");
        assert_eq!(c.lit(Kind::ProvisionRecords), "'2023-11-22'");
        assert_eq!(c.provision_recorded_lit(), "'2023-11-21T15:00:00.000000Z'", "midnight in Tokyo");
        assert_eq!(c.lit(Kind::AuditEvents), "'2021-11-22T01:00:00.000000Z'");
        // Aliases nest without clashing: each subquery's alias carries its parent's.
        let sql = c.member_due("m", Backend::Sqlite);
        assert!(sql.contains("m_e1_r1") && sql.contains("m_r1_ci"), "{sql}");
    }
}
