//! What the account pages show: the member, their household as the law lets them see it,
//! their sessions. Each read of personal data is audited before it is served.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use kit::error::AppError;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HouseholdPerson {
    pub name: String,
    pub relationship: String,
    /// "own", "legal_representative", "adult_needs_consent".
    pub access: String,
    /// The day an adult-rules switch happens for a minor (their 18th birthday).
    pub adult_from: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountOverview {
    pub name: String,
    pub key: String,
    pub former_member_since: Option<String>,
    pub email: Option<String>,
    pub email_verified: bool,
    pub login_id: Option<String>,
    pub household: Vec<HouseholdPerson>,
    /// Failed sign-ins since the previous sign-in (told once).
    pub failures_since_last: i64,
    pub recovery_codes_left: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionLine {
    pub id: i64,
    pub started: String,
    pub last_seen: String,
    pub ip: String,
    pub device: String,
    pub current: bool,
}

#[server(prefix = "/api", endpoint = "account/overview", input = server_fn::codec::GetUrl)]
pub async fn load_account_overview() -> Result<AccountOverview, AppError> {
    use crate::identity::store::{AccountRow, MemberRow};
    use super::lifecycle::{HouseholdAccess, Person, household_access};
    use crate::platform::audit::{Action, AuditEvent, DataCategory};
    use crate::platform::audit::store::{audited_read, request_meta};
    let (s, member_id) = crate::identity::store::member_session(super::Access::Member(kit::access::MemberAction::Read)).await?;
    let state = crate::platform::state::app_state()?;
    let event = AuditEvent::by(crate::identity::store::caller(), Action::AccountView)
        .about(member_id)
        .data(DataCategory::Registry)
        .record(format!("members/{member_id}"))
        .purpose("account page");
    audited_read(&state, &request_meta(), event, || async {
        let me: MemberRow = sqlx::query_as(
            "SELECT id, insurer_number, symbol, number, branch, name, relationship, birth_date, lost_on \
             FROM members WHERE id = $1",
        )
        .bind(member_id)
        .fetch_one(&state.db.pool)
        .await?;
        let account: AccountRow =
            sqlx::query_as("SELECT email, email_verified_at, login_id FROM member_accounts WHERE id = $1")
                .bind(s.account_id)
                .fetch_one(&state.db.pool)
                .await?;
        let codes_left: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM recovery_codes WHERE account_id = $1 AND used_at IS NULL")
                .bind(s.account_id)
                .fetch_one(&state.db.pool)
                .await?;
        let failures = super::session::take_failures(&state, &s).await?;
        let others: Vec<MemberRow> = sqlx::query_as(
            "SELECT id, insurer_number, symbol, number, branch, name, relationship, birth_date, lost_on \
             FROM members WHERE insurer_number = $1 AND symbol = $2 AND number = $3 AND id <> $4 AND lost_on IS NULL \
             ORDER BY branch",
        )
        .bind(&me.insurer_number)
        .bind(&me.symbol)
        .bind(&me.number)
        .bind(member_id)
        .fetch_all(&state.db.pool)
        .await?;
        let today = kit::time::tokyo_date(state.clock.now());
        let date = |t: &str| t.parse::<chrono::NaiveDate>().ok();
        let person = |r: &MemberRow| {
            date(&r.birth_date).map(|birth| Person {
                member_id: r.id,
                household: ("", "", ""),
                is_insured: r.relationship == "insured",
                birth,
            })
        };
        let viewer = person(&me);
        let household = others
            .iter()
            .filter_map(|r| {
                let (viewer, mut subject) = (viewer?, person(r)?);
                let mut viewer = viewer;
                viewer.household = (&me.insurer_number, &me.symbol, &me.number);
                subject.household = (&r.insurer_number, &r.symbol, &r.number);
                let access = match household_access(viewer, subject, today) {
                    HouseholdAccess::LegalRepresentative => "legal_representative",
                    HouseholdAccess::AdultNeedsConsent => "adult_needs_consent",
                    HouseholdAccess::Own | HouseholdAccess::None => return None,
                };
                Some(HouseholdPerson {
                    name: r.name.clone(),
                    relationship: r.relationship.clone(),
                    access: access.into(),
                    adult_from: (access == "legal_representative")
                        .then(|| kit::input::adult_from(subject.birth).to_string()),
                })
            })
            .collect();
        Ok(AccountOverview {
            name: me.name.clone(),
            key: format!("{}-{}-{}", me.symbol, me.number, me.branch),
            former_member_since: me.lost_on.clone(),
            email: account.email,
            email_verified: account.email_verified_at.is_some(),
            login_id: account.login_id,
            household,
            failures_since_last: failures,
            recovery_codes_left: codes_left,
        })
    })
    .await
}

#[server(prefix = "/api", endpoint = "account/sessions", input = server_fn::codec::GetUrl)]
pub async fn my_sessions() -> Result<Vec<SessionLine>, AppError> {
    use crate::identity::store::SessionRow;
    use crate::platform::audit::{Action, AuditEvent, DataCategory};
    use crate::platform::audit::store::{audited_read, request_meta};
    let (s, member_id) = crate::identity::store::member_session(super::Access::Member(kit::access::MemberAction::Read)).await?;
    let state = crate::platform::state::app_state()?;
    let now = crate::platform::db::instant_text(state.clock.now());
    // The devices' addresses and browsers are the member's data too.
    let event = AuditEvent::by(crate::identity::store::caller(), Action::SessionList)
        .about(member_id)
        .data(DataCategory::Account)
        .record(format!("members/{member_id}"))
        .purpose("account");
    let rows: Vec<SessionRow> = audited_read(&state, &request_meta(), event, || async {
        Ok(sqlx::query_as(
            "SELECT id, created_at, last_seen_at, ip, user_agent FROM sessions WHERE kind = 'member' AND account_id = $1 \
             AND ended_at IS NULL AND stage = 'full' AND expires_at > $2 ORDER BY created_at DESC",
        )
        .bind(s.account_id)
        .bind(now)
        .fetch_all(&state.db.pool)
        .await?)
    })
    .await?;
    let local = |t: &str| {
        chrono::DateTime::parse_from_rfc3339(t)
            .map(|d| d.with_timezone(&kit::time::tokyo()).format("%Y-%m-%d %H:%M").to_string())
            .unwrap_or_default()
    };
    Ok(rows
        .into_iter()
        .map(|r| SessionLine {
            id: r.id,
            started: local(&r.created_at),
            last_seen: local(&r.last_seen_at),
            ip: r.ip.unwrap_or_default(),
            device: describe_agent(r.user_agent.as_deref().unwrap_or("")),
            current: r.id == s.id,
        })
        .collect())
}

/// A short description of a browser ("Chrome / Android"), not the whole user agent.
pub fn describe_agent(ua: &str) -> String {
    let browser = ["Edg", "Firefox", "Chrome", "Safari"].into_iter().find(|b| ua.contains(b)).unwrap_or("");
    let os =
        ["Android", "iPhone", "iPad", "Windows", "Mac OS", "Linux"].into_iter().find(|o| ua.contains(o)).unwrap_or("");
    let browser = if browser == "Edg" { "Edge" } else { browser };
    match (browser, os) {
        ("", "") => "—".to_string(),
        (b, "") => b.to_string(),
        ("", o) => o.to_string(),
        (b, o) => format!("{b} / {o}"),
    }
}

#[cfg(test)]
mod tests {
    use super::describe_agent;

    #[test]
    fn devices_are_described_briefly() {
        assert_eq!(
            describe_agent("Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/120 Mobile Safari/537.36"),
            "Chrome / Android"
        );
        assert_eq!(describe_agent(""), "—");
    }
}
