//! Retention (保存期間と廃棄): records past their period are removed by a job, in batches,
//! each batch in one transaction with its 廃棄記録 — what kind, how many, which ids, the
//! cutoff, when — and the audit event that records the disposal. An interrupted run
//! leaves whole batches only and simply resumes.
//!
//! Authentication events leave the audit record this way too. Their links stay in the
//! chain (the seal stands in for the event), and verification accepts a missing event
//! only when a 廃棄記録 names it and that record's digest matches the sealed event that
//! recorded the disposal; any other missing event is still a break.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::platform::audit::Action;

#[cfg(feature = "ssr")]
pub mod erasure;
#[cfg(feature = "ssr")]
pub mod store;

/// What the job removes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Sign-in, sign-out, step-up and session events of the audit record.
    AuthenticationEvents,
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
}

kit::codes!(Kind {
    AuthenticationEvents => "authentication_events",
    Sessions => "sessions",
    LoginFailures => "login_failures",
    PackageArchives => "package_archives",
    ClosedRequests => "closed_requests",
});

impl Kind {
    /// In words, for the CLI and the auditor.
    pub fn words(self) -> &'static str {
        match self {
            Kind::AuthenticationEvents => "認証の記録（ログイン・ログアウト・再確認）",
            Kind::Sessions => "終了・期限切れのセッション",
            Kind::LoginFailures => "ログイン失敗の記録",
            Kind::PackageArchives => "ダウンロード期限を過ぎた開示資料",
            Kind::ClosedRequests => "保存期間を過ぎた終了済みの請求（経過・添付書類・決定を含む）",
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

/// How long each kind is kept (configuration).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetentionPolicy {
    /// Authentication events, sessions and failed sign-ins (default 365 days).
    pub authentication_days: i64,
    /// Closed requests, counted from their last change (default 5 years).
    pub closed_request_years: u32,
}

impl Default for RetentionPolicy {
    fn default() -> Self {
        RetentionPolicy { authentication_days: 365, closed_request_years: 5 }
    }
}

/// Records of `kind` older than this (or, for package archives, whose download period
/// ended before this) are removed at `now`.
pub fn cutoff(kind: Kind, policy: &RetentionPolicy, now: DateTime<Utc>) -> DateTime<Utc> {
    match kind {
        Kind::AuthenticationEvents | Kind::Sessions | Kind::LoginFailures => now - Duration::days(policy.authentication_days.max(1)),
        Kind::PackageArchives => now,
        // Calendar years: a request closed on 2026-11-22 goes after 2031-11-22.
        Kind::ClosedRequests => now
            .checked_sub_months(chrono::Months::new(12 * policy.closed_request_years.max(1)))
            .unwrap_or(DateTime::<Utc>::MIN_UTC),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_has_its_cutoff() {
        let now: DateTime<Utc> = "2027-11-22T00:00:00Z".parse().unwrap();
        let p = RetentionPolicy::default();
        assert_eq!(cutoff(Kind::AuthenticationEvents, &p, now).to_rfc3339(), "2026-11-22T00:00:00+00:00");
        assert_eq!(cutoff(Kind::LoginFailures, &p, now), cutoff(Kind::Sessions, &p, now));
        assert_eq!(cutoff(Kind::PackageArchives, &p, now), now, "an archive goes when its download period ends");
        assert_eq!(cutoff(Kind::ClosedRequests, &p, now).to_rfc3339(), "2022-11-22T00:00:00+00:00", "five calendar years");
        let leap: DateTime<Utc> = "2028-02-29T03:00:00Z".parse().unwrap();
        assert_eq!(cutoff(Kind::ClosedRequests, &p, leap).to_rfc3339(), "2023-02-28T03:00:00+00:00");
        let one = RetentionPolicy { closed_request_years: 0, ..p };
        assert_eq!(cutoff(Kind::ClosedRequests, &one, now).to_rfc3339(), "2026-11-22T00:00:00+00:00", "at least a year");
        let zero = RetentionPolicy { authentication_days: 0, ..RetentionPolicy::default() };
        assert!(cutoff(Kind::Sessions, &zero, now) < now, "never today's records");
    }

    #[test]
    fn kinds_have_distinct_codes_and_words() {
        let codes: std::collections::HashSet<_> = Kind::ALL.iter().map(|k| k.code()).collect();
        assert_eq!(codes.len(), Kind::ALL.len());
        assert!(Kind::ALL.iter().all(|k| !k.words().is_empty()));
    }

    #[test]
    fn authentication_actions_are_not_reads_of_member_data() {
        for a in AUTHENTICATION_ACTIONS.iter().map(|a| a.code()) {
            assert!(!a.starts_with("request.") && !a.starts_with("registry.") && !a.starts_with("notice."), "{a}");
        }
    }
}
