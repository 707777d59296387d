//! Retention (保存期間と廃棄): records past their period are removed by a job, in batches,
//! each batch in one transaction with its 廃棄記録 — what kind, how many, which ids, the
//! cutoff, when — and the audit event that records the disposal. An interrupted run
//! leaves whole batches only and simply resumes.
//!
//! Audit events leave the record this way too. Their links stay in the chain (the seal
//! stands in for the event), and verification accepts a missing event only when a 廃棄記録
//! names it and that record's digest matches the sealed event that recorded the disposal;
//! any other missing event is still a break.
//!
//! Kinds run in dependency order (`Kind::ALL`): what refers to something goes before what it
//! refers to — requests, then the audit events about them, then the former members they
//! name. Each kind is selected by one predicate, which the dry run and the run share.

use chrono::{DateTime, Datelike, Duration, Months, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::platform::audit::Action;

pub mod texts;
pub mod views;

#[cfg(feature = "ssr")]
pub mod erasure;
#[cfg(feature = "ssr")]
pub mod store;

/// What the job removes, in the order it removes them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Sessions that ended or expired.
    Sessions,
    /// Failed sign-ins kept for throttling.
    LoginFailures,
    /// A released 開示 package's archive, once its download period is over.
    PackageArchives,
    /// A request closed (notified, completed, withdrawn or rejected) longer ago than its
    /// period, with its events, files, decisions, intake record, notifications and 開示
    /// package. Kept while a 訂正 or a 35条 instruction is still being carried out; a
    /// 利用停止等 it decided stays in force without it.
    ClosedRequests,
    /// 医療費のお知らせ lines, after the calendar years they concern.
    NoticeLines,
    /// The third-party provision ledger (第三者提供記録, 29条・30条).
    ProvisionRecords,
    /// Sign-in, sign-out, step-up and session events of the audit record.
    AuthenticationEvents,
    /// Every other audit event, once what it proves is gone.
    AuditEvents,
    /// Former members (資格喪失) with their accounts and what hangs off them, once nothing
    /// kept refers to them.
    FormerMembers,
}

kit::codes!(Kind {
    Sessions => "sessions",
    LoginFailures => "login_failures",
    PackageArchives => "package_archives",
    ClosedRequests => "closed_requests",
    NoticeLines => "notice_lines",
    ProvisionRecords => "provision_records",
    AuthenticationEvents => "authentication_events",
    AuditEvents => "audit_events",
    FormerMembers => "former_members",
});

impl Kind {
    /// In words, for the CLI and the auditor.
    pub fn words(self) -> &'static str {
        match self {
            Kind::Sessions => "終了・期限切れのセッション",
            Kind::LoginFailures => "ログイン失敗の記録",
            Kind::PackageArchives => "ダウンロード期限を過ぎた開示資料",
            Kind::ClosedRequests => "保存期間を過ぎた終了済みの請求（経過・添付書類・決定を含む）",
            Kind::NoticeLines => "医療費のお知らせの明細",
            Kind::ProvisionRecords => "第三者提供記録（提供・受領）",
            Kind::AuthenticationEvents => "認証の記録（ログイン・ログアウト・再確認）",
            Kind::AuditEvents => "監査記録（認証以外の操作の記録）",
            Kind::FormerMembers => "資格喪失者の資格情報とアカウント（付随する記録を含む）",
        }
    }
}

/// The audit actions that are authentication events.
pub const AUTHENTICATION_ACTIONS: &[Action] = &[
    Action::LoginSucceeded,
    Action::LoginFailed,
    Action::LoginThrottled,
    Action::Logout,
    Action::StepUpSucceeded,
    Action::StepUpFailed,
    Action::SessionList,
    Action::SessionRevoke,
    Action::StaffLoginSucceeded,
    Action::StaffLoginFailed,
    Action::StaffLogout,
];

/// Audit events never disposed of: each proves a disposal, and verification accepts the
/// events that disposal removed only while it is there.
pub const KEPT_ACTIONS: &[Action] = &[Action::RetentionDispose];

/// How long each kind is kept (configuration).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetentionPolicy {
    /// Authentication events, sessions and failed sign-ins (default 365 days).
    pub authentication_days: i64,
    /// Closed requests, counted from their last change (default 5 years).
    pub closed_request_years: u32,
    /// 医療費のお知らせ lines, counted from the end of the calendar year of care (default 5).
    pub notice_years: u32,
    /// The provision ledger, counted from the provision and from the entry (default 3).
    pub provision_years: u32,
    /// Audit events other than authentication events (default 5 years).
    pub audit_years: u32,
    /// Former members, counted from 資格喪失: the years they may still sign in (default 5).
    pub former_member_years: u32,
}

impl Default for RetentionPolicy {
    fn default() -> Self {
        RetentionPolicy {
            authentication_days: 365,
            closed_request_years: 5,
            notice_years: 5,
            provision_years: 3,
            audit_years: 5,
            former_member_years: 5,
        }
    }
}

impl RetentionPolicy {
    /// Within the ranges the configuration allows. The ledger is never kept less than the
    /// three years 施行規則14条・18条 ask.
    pub fn clamped(self) -> Self {
        RetentionPolicy {
            authentication_days: self.authentication_days.clamp(30, 3650),
            closed_request_years: self.closed_request_years.clamp(1, 30),
            notice_years: self.notice_years.clamp(1, 30),
            provision_years: self.provision_years.clamp(3, 30),
            audit_years: self.audit_years.clamp(1, 30),
            former_member_years: self.former_member_years.clamp(1, 30),
        }
    }
}

/// Where a kind's period ends: records before it are due.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Serialize, Deserialize)]
pub enum Cutoff {
    /// Compared with a stored instant.
    Instant(DateTime<Utc>),
    /// Compared with a stored civil date (Asia/Tokyo).
    Date(NaiveDate),
    /// Compared with a stored month of care (`YYYY-MM`): the first month kept.
    Month { year: i32, month: u32 },
}

impl Cutoff {
    /// As a person reads it: a Tokyo date (and time, for an instant), or a month.
    pub fn shown(&self) -> String {
        match self {
            Cutoff::Instant(at) => at.with_timezone(&kit::time::tokyo()).format("%Y-%m-%d %H:%M（日本時間）").to_string(),
            Cutoff::Date(d) => d.format("%Y-%m-%d").to_string(),
            Cutoff::Month { year, month } => format!("{year:04}-{month:02}（診療年月）"),
        }
    }
}

/// `years` calendar years before `date` (29 February goes to the 28th).
fn years_before_date(date: NaiveDate, years: u32) -> NaiveDate {
    date.checked_sub_months(Months::new(12 * years.max(1))).unwrap_or(NaiveDate::MIN)
}

fn years_before(at: DateTime<Utc>, years: u32) -> DateTime<Utc> {
    at.checked_sub_months(Months::new(12 * years.max(1))).unwrap_or(DateTime::<Utc>::MIN_UTC)
}

/// Records of `kind` before this are removed at `now` (for package archives: whose
/// download period ended before it).
pub fn cutoff(kind: Kind, policy: &RetentionPolicy, now: DateTime<Utc>) -> Cutoff {
    let today = kit::time::tokyo_date(now);
    match kind {
        Kind::AuthenticationEvents | Kind::Sessions | Kind::LoginFailures => {
            Cutoff::Instant(now - Duration::days(policy.authentication_days.max(1)))
        }
        Kind::PackageArchives => Cutoff::Instant(now),
        // Calendar years: a request closed on 2026-11-22 goes after 2031-11-22.
        Kind::ClosedRequests => Cutoff::Instant(years_before(now, policy.closed_request_years)),
        Kind::AuditEvents => Cutoff::Instant(years_before(now, policy.audit_years)),
        // Lines of a year are kept to the end of the `notice_years`-th year after it: in
        // 2026 (five years) the lines of 2020 and before go, those of 2021 stay.
        Kind::NoticeLines => Cutoff::Month { year: today.year() - policy.notice_years.max(1) as i32, month: 1 },
        Kind::ProvisionRecords => Cutoff::Date(years_before_date(today, policy.provision_years)),
        // A former member may sign in up to `former_member_years` after 資格喪失, that day
        // included (identity::lifecycle::within_retention): due from the day after.
        Kind::FormerMembers => Cutoff::Date(years_before_date(today, policy.former_member_years)),
    }
}

/// What one kind's run disposed of (or, in a dry run, would dispose of).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Disposal {
    pub kind: Kind,
    pub count: i64,
    pub cutoff: Cutoff,
    /// The first and last record by reference (a 受付番号, a month of care, an id).
    pub first: Option<String>,
    pub last: Option<String>,
    /// Batches (transactions, each with its 廃棄記録).
    pub batches: i64,
}

/// The report staff read, one block per kind: for a dry run what would be disposed of, for
/// a run what was.
pub fn report_text(disposals: &[Disposal], dry_run: bool) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        if dry_run { "廃棄の予定（試行：何も変更していません）" } else { "廃棄の結果" }
    );
    for d in disposals {
        let _ = writeln!(out, "種類: {}（{}）", d.kind.words(), d.kind.code());
        let _ = writeln!(out, "  件数: {} 件{}", d.count, if dry_run { "" } else { "を廃棄しました" });
        let _ = writeln!(out, "  基準日（これより前）: {}", d.cutoff.shown());
        match (&d.first, &d.last) {
            (Some(first), Some(last)) => {
                let _ = writeln!(out, "  最初: {first}  最後: {last}");
            }
            _ => {
                let _ = writeln!(out, "  最初: -  最後: -");
            }
        }
        if !dry_run {
            let _ = writeln!(out, "  廃棄記録: {} 件", d.batches);
        }
    }
    let total: i64 = disposals.iter().map(|d| d.count).sum();
    let _ = writeln!(out, "合計: {total} 件");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn instant(c: Cutoff) -> String {
        match c {
            Cutoff::Instant(t) => t.to_rfc3339(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn each_kind_has_its_cutoff() {
        let now = at("2027-11-22T00:00:00Z");
        let p = RetentionPolicy::default();
        assert_eq!(instant(cutoff(Kind::AuthenticationEvents, &p, now)), "2026-11-22T00:00:00+00:00");
        assert_eq!(cutoff(Kind::LoginFailures, &p, now), cutoff(Kind::Sessions, &p, now));
        assert_eq!(cutoff(Kind::PackageArchives, &p, now), Cutoff::Instant(now), "an archive goes when its download period ends");
        assert_eq!(instant(cutoff(Kind::ClosedRequests, &p, now)), "2022-11-22T00:00:00+00:00", "five calendar years");
        assert_eq!(instant(cutoff(Kind::AuditEvents, &p, now)), "2022-11-22T00:00:00+00:00", "five calendar years");
        assert_eq!(cutoff(Kind::NoticeLines, &p, now), Cutoff::Month { year: 2022, month: 1 });
        assert_eq!(cutoff(Kind::ProvisionRecords, &p, now), Cutoff::Date(NaiveDate::from_ymd_opt(2024, 11, 22).unwrap()), "three years");
        assert_eq!(cutoff(Kind::FormerMembers, &p, now), Cutoff::Date(NaiveDate::from_ymd_opt(2022, 11, 22).unwrap()));
        let leap = at("2028-02-29T03:00:00Z");
        assert_eq!(instant(cutoff(Kind::ClosedRequests, &p, leap)), "2023-02-28T03:00:00+00:00");
        let one = RetentionPolicy { closed_request_years: 0, ..p };
        assert_eq!(instant(cutoff(Kind::ClosedRequests, &one, now)), "2026-11-22T00:00:00+00:00", "at least a year");
        let zero = RetentionPolicy { authentication_days: 0, ..RetentionPolicy::default() };
        assert!(cutoff(Kind::Sessions, &zero, now) < Cutoff::Instant(now), "never today's records");
    }

    #[test]
    fn notice_lines_are_kept_to_the_end_of_the_fifth_year_after_theirs() {
        let p = RetentionPolicy::default();
        let due = |now: &str, month: &str| {
            let Cutoff::Month { year, month: m } = cutoff(Kind::NoticeLines, &p, at(now)) else { panic!() };
            month < format!("{year:04}-{m:02}").as_str()
        };
        // The lines of 2020 are kept through 2025 (Tokyo), and go on New Year's Day 2026.
        assert!(!due("2025-12-31T14:59:59Z", "2020-12"), "23:59 on 31 December in Tokyo");
        assert!(due("2025-12-31T15:00:00Z", "2020-12"), "midnight in Tokyo is 15:00 UTC");
        assert!(due("2025-12-31T15:00:00Z", "2020-01"));
        assert!(!due("2025-12-31T15:00:00Z", "2021-01"), "the next year's lines stay a year more");
        assert!(!due("2026-12-31T14:59:59Z", "2021-12"));
        // A leap day changes nothing: the year is what counts.
        assert!(!due("2028-02-29T00:00:00Z", "2023-01"));
        assert!(due("2028-02-29T00:00:00Z", "2022-12"));
        let ten = RetentionPolicy { notice_years: 10, ..p };
        assert_eq!(cutoff(Kind::NoticeLines, &ten, at("2026-06-01T00:00:00Z")), Cutoff::Month { year: 2016, month: 1 });
    }

    #[test]
    fn dated_kinds_count_in_tokyo_and_across_leap_days() {
        let p = RetentionPolicy::default();
        // 2026-11-22 in Tokyo already at 15:00 UTC the day before.
        assert_eq!(
            cutoff(Kind::ProvisionRecords, &p, at("2026-11-21T15:00:00Z")),
            Cutoff::Date(NaiveDate::from_ymd_opt(2023, 11, 22).unwrap())
        );
        // From a leap day, three years back is 28 February.
        assert_eq!(
            cutoff(Kind::ProvisionRecords, &p, at("2028-02-29T00:00:00Z")),
            Cutoff::Date(NaiveDate::from_ymd_opt(2025, 2, 28).unwrap())
        );
    }

    #[test]
    fn a_former_member_is_due_exactly_when_their_sign_in_period_is_over() {
        // identity::lifecycle::within_retention: today <= lost + years (29 Feb → 28 Feb).
        let may_sign_in = |lost: NaiveDate, today: NaiveDate, years: u32| {
            today <= lost.checked_add_months(Months::new(12 * years)).unwrap()
        };
        let p = RetentionPolicy { former_member_years: 1, ..RetentionPolicy::default() };
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        for (lost, today) in [
            ("2024-02-29", "2025-02-28"),
            ("2024-02-29", "2025-03-01"),
            ("2023-03-01", "2024-02-29"),
            ("2023-03-01", "2024-03-01"),
            ("2023-03-01", "2024-03-02"),
            ("2025-03-31", "2026-03-31"),
            ("2025-03-31", "2026-04-01"),
        ] {
            let now = at(&format!("{today}T03:00:00Z"));
            let Cutoff::Date(c) = cutoff(Kind::FormerMembers, &p, now) else { panic!() };
            assert_eq!(d(lost) < c, !may_sign_in(d(lost), d(today), 1), "lost {lost}, today {today}");
        }
    }

    #[test]
    fn the_policy_is_clamped_and_the_ledger_kept_three_years_at_least() {
        let low = RetentionPolicy {
            authentication_days: 1,
            closed_request_years: 0,
            notice_years: 0,
            provision_years: 1,
            audit_years: 0,
            former_member_years: 0,
        }
        .clamped();
        assert_eq!(
            low,
            RetentionPolicy { authentication_days: 30, closed_request_years: 1, notice_years: 1, provision_years: 3, audit_years: 1, former_member_years: 1 }
        );
        let high = RetentionPolicy {
            authentication_days: 99_999,
            closed_request_years: 99,
            notice_years: 99,
            provision_years: 99,
            audit_years: 99,
            former_member_years: 99,
        }
        .clamped();
        assert_eq!((high.authentication_days, high.notice_years, high.provision_years), (3650, 30, 30));
        assert_eq!(RetentionPolicy::default().clamped(), RetentionPolicy::default(), "the defaults are within range");
        let d = RetentionPolicy::default();
        assert_eq!(
            (d.authentication_days, d.closed_request_years, d.notice_years, d.provision_years, d.audit_years, d.former_member_years),
            (365, 5, 5, 3, 5, 5)
        );
    }

    #[test]
    fn kinds_have_distinct_codes_and_words_and_run_dependents_first() {
        let codes: std::collections::HashSet<_> = Kind::ALL.iter().map(|k| k.code()).collect();
        assert_eq!(codes.len(), Kind::ALL.len());
        assert!(Kind::ALL.iter().all(|k| !k.words().is_empty()));
        let pos = |k: Kind| Kind::ALL.iter().position(|x| *x == k).unwrap();
        assert!(pos(Kind::ClosedRequests) < pos(Kind::AuditEvents), "requests before the events about them");
        assert!(pos(Kind::ProvisionRecords) < pos(Kind::AuditEvents));
        for k in [Kind::ClosedRequests, Kind::NoticeLines, Kind::ProvisionRecords, Kind::AuthenticationEvents, Kind::AuditEvents, Kind::Sessions] {
            assert!(pos(k) < pos(Kind::FormerMembers), "{k:?} before the members it names");
        }
    }

    #[test]
    fn authentication_actions_are_not_reads_of_member_data() {
        for a in AUTHENTICATION_ACTIONS.iter().map(|a| a.code()) {
            assert!(!a.starts_with("request.") && !a.starts_with("registry.") && !a.starts_with("notice."), "{a}");
        }
        assert!(KEPT_ACTIONS.iter().all(|a| !AUTHENTICATION_ACTIONS.contains(a)));
    }

    #[test]
    fn the_report_names_each_kind_its_count_cutoff_and_references() {
        let d = Disposal {
            kind: Kind::ClosedRequests,
            count: 2,
            cutoff: Cutoff::Instant(at("2021-11-22T01:00:00Z")),
            first: Some("20161122-0001".into()),
            last: Some("20161130-0002".into()),
            batches: 1,
        };
        let none = Disposal { kind: Kind::NoticeLines, count: 0, cutoff: Cutoff::Month { year: 2021, month: 1 }, first: None, last: None, batches: 0 };
        let dry = report_text(&[d.clone(), none.clone()], true);
        assert!(dry.contains("種類: 保存期間を過ぎた終了済みの請求"), "{dry}");
        assert!(dry.contains("件数: 2 件\n"), "{dry}");
        assert!(dry.contains("基準日（これより前）: 2021-11-22 10:00（日本時間）"), "{dry}");
        assert!(dry.contains("最初: 20161122-0001  最後: 20161130-0002"), "{dry}");
        assert!(dry.contains("基準日（これより前）: 2021-01（診療年月）"), "{dry}");
        assert!(dry.contains("合計: 2 件"), "{dry}");
        assert!(!dry.contains("廃棄しました"), "{dry}");
        let done = report_text(&[d, none], false);
        assert!(done.contains("件数: 2 件を廃棄しました") && done.contains("廃棄記録: 1 件"), "{done}");
    }
}
