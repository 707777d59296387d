//! The server-only half of identity: who the caller is, the guard every server function
//! passes first, the member's session, and the rows the account pages read.

use kit::error::AppError;

use super::session::{self, SessionKind, Stage};
use super::{Access, Caller, decide};

/// The caller of the current request, as established by the server's session layer.
pub fn caller() -> Caller {
    leptos::prelude::use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<Caller>().cloned())
        .unwrap_or(Caller::Anonymous)
}

/// Checks the current caller against `access`; every server function starts here.
/// A refusal is recorded in the audit log by the caller-facing helper.
pub async fn guard(access: Access) -> Result<Caller, AppError> {
    let caller = caller();
    match decide(access, &caller) {
        Ok(()) => match access {
            Access::Member(action) if action.needs_step_up() && !recently_signed_in()? => {
                crate::platform::audit::store::record_refusal(&caller, crate::platform::audit::Action::GuardStepUp, &format!("{action:?}")).await;
                Err(AppError::StepUpRequired)
            }
            _ => Ok(caller),
        },
        Err(e) => {
            crate::platform::audit::store::record_refusal(&caller, crate::platform::audit::Action::Guard, &format!("{access:?}")).await;
            Err(e)
        }
    }
}

/// Whether the current session signed in (or confirmed its password and code) recently
/// enough for a step-up protected action (the table: [`kit::access::MemberAction`]).
pub fn recently_signed_in() -> Result<bool, AppError> {
    let state = crate::platform::state::app_state()?;
    Ok(session::current().is_some_and(|s| s.is_recent(state.clock.now(), &state.feature::<crate::identity::SessionPolicy>())))
}

/// A local path to go on to after sign-in (anything else goes to the member's home).
pub fn next_or_account(next: &str) -> String {
    let safe = kit::page::safe_return_path(next);
    if safe == "/" || next.is_empty() { crate::identity::MEMBER_HOME.to_string() } else { safe.to_string() }
}

pub fn enrolment_session(kind: SessionKind) -> Result<session::SessionInfo, AppError> {
    session::current().filter(|s| s.kind == kind && s.stage == Stage::Enrolment).ok_or(AppError::Unauthorized)
}

/// The signed-in member's session and member id.
pub async fn member_session(access: Access) -> Result<(session::SessionInfo, i64), AppError> {
    let caller = guard(access).await?;
    let Caller::Member { member_id } = caller else { return Err(AppError::Unauthorized) };
    let s = session::current().ok_or(AppError::Unauthorized)?;
    Ok((s, member_id))
}

/// A member of the registry as the account page reads them and their household.
#[derive(sqlx::FromRow)]
pub struct MemberRow {
    pub id: i64,
    pub insurer_number: String,
    pub symbol: String,
    pub number: String,
    pub branch: String,
    pub name: String,
    pub relationship: String,
    pub birth_date: String,
    pub lost_on: Option<String>,
}

/// The account's own settings the page shows.
#[derive(sqlx::FromRow)]
pub struct AccountRow {
    pub email: Option<String>,
    pub email_verified_at: Option<String>,
    pub login_id: Option<String>,
}

/// A live session of the member's, as the sessions page lists it.
#[derive(sqlx::FromRow)]
pub struct SessionRow {
    pub id: i64,
    pub created_at: String,
    pub last_seen_at: String,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

/// Ends one of the member's own sessions (never anyone else's).
pub async fn revoke(
    state: &crate::platform::state::AppState,
    s: &super::session::SessionInfo,
    member_id: i64,
    id: i64,
) -> Result<(), AppError> {
    use crate::platform::audit::{Action, AuditEvent, DataCategory};
    use crate::platform::audit::store::{record_standalone, request_meta};
    let owned: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM sessions WHERE id = $1 AND kind = 'member' AND account_id = $2 AND ended_at IS NULL",
    )
    .bind(id)
    .bind(s.account_id)
    .fetch_optional(&state.db.pool)
    .await?;
    let e = AuditEvent::by(super::Caller::Member { member_id }, Action::SessionRevoke)
        .about(member_id)
        .data(DataCategory::Account)
        .record(format!("sessions/{id}"))
        .purpose("account");
    if owned.is_none() {
        record_standalone(state, &request_meta(), &e.refused()).await;
        return Err(AppError::NotFound);
    }
    super::session::end(state, id, "revoked_by_member").await?;
    record_standalone(state, &request_meta(), &e).await;
    Ok(())
}
