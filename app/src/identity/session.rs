//! Server-side sessions (server only).
//!
//! A session is a random 256-bit token in a `__Host-` cookie (Secure, HttpOnly,
//! SameSite=Lax, Path=/); the database keeps only its SHA-256. Members and staff have
//! different cookies, and the server reads only the staff cookie under `/staff` and
//! `/api/staff/` and only the member cookie elsewhere, so the two never mix.

use chrono::{DateTime, Duration, Utc};
use sqlx::AnyConnection;

use crate::platform::secrets::{new_token, sha256_hex};
use super::{Caller, SessionPolicy, StaffRole};
use crate::platform::db::instant_text;
use kit::error::AppError;
use crate::platform::audit::RequestMeta;
use crate::platform::state::AppState;

pub const MEMBER_COOKIE: &str = "__Host-madoguchi";
pub const STAFF_COOKIE: &str = "__Host-madoguchi-staff";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionKind {
    Member,
    Staff,
}

kit::codes!(SessionKind { Member => "member", Staff => "staff" });

impl SessionKind {
    pub fn cookie(self) -> &'static str {
        match self {
            SessionKind::Member => MEMBER_COOKIE,
            SessionKind::Staff => STAFF_COOKIE,
        }
    }

    /// Which session a path belongs to.
    pub fn of_path(path: &str) -> SessionKind {
        if path == "/staff" || path.starts_with("/staff/") || path.starts_with("/api/staff/") {
            SessionKind::Staff
        } else {
            SessionKind::Member
        }
    }
}

/// `Enrolment`: a password was set with a letter's code, the second factor is not yet
/// enrolled; only the enrolment pages accept it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    Enrolment,
    Full,
}

/// The session of the current request, put in the request's extensions by the server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionInfo {
    pub id: i64,
    pub kind: SessionKind,
    pub account_id: i64,
    pub stage: Stage,
    pub authenticated_at: DateTime<Utc>,
}

impl SessionInfo {
    /// Whether the session signed in recently enough for a step-up protected action.
    pub fn is_recent(&self, now: DateTime<Utc>, policy: &SessionPolicy) -> bool {
        now - self.authenticated_at <= policy.step_up
    }
}

/// The session of the current request, if any.
pub fn current() -> Option<SessionInfo> {
    leptos::prelude::use_context::<http::request::Parts>().and_then(|p| p.extensions.get::<SessionInfo>().cloned())
}

/// What the cookie of a request resolved to.
#[derive(Debug)]
pub enum Resolved {
    None,
    /// A token that matches no live session: forged, revoked or expired.
    Invalid {
        expired: bool,
    },
    Session(SessionInfo, Caller),
}

fn parse_instant(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text).ok().map(|d| d.with_timezone(&Utc))
}

/// The cookie value of `name` in a `Cookie` header.
pub fn cookie_value<'a>(header: Option<&'a str>, name: &str) -> Option<&'a str> {
    header?.split(';').filter_map(|kv| kv.trim().split_once('=')).find(|(k, _)| *k == name).map(|(_, v)| v)
}

/// A session with, for a member session, the account's status and the member's id and
/// loss date (one query: every member request resolves its session).
#[derive(sqlx::FromRow)]
struct SessionRow {
    id: i64,
    account_id: i64,
    stage: String,
    last_seen_at: String,
    authenticated_at: String,
    expires_at: String,
    member_id: Option<i64>,
    account_status: Option<String>,
    lost_on: Option<String>,
}

/// Resolves a session token; ends a session that has timed out.
pub async fn resolve(state: &AppState, kind: SessionKind, token: &str) -> Result<Resolved, AppError> {
    if token.len() != 43 {
        return Ok(Resolved::Invalid { expired: false });
    }
    let now = state.clock.now();
    let row: Option<SessionRow> = sqlx::query_as(
        "SELECT s.id, s.account_id, s.stage, s.last_seen_at, s.authenticated_at, s.expires_at, m.id AS member_id, \
         a.status AS account_status, m.lost_on \
         FROM sessions s LEFT JOIN member_accounts a ON s.kind = 'member' AND a.id = s.account_id \
         LEFT JOIN members m ON m.id = a.member_id \
         WHERE s.token_hash = $1 AND s.kind = $2 AND s.ended_at IS NULL",
    )
    .bind(sha256_hex(token))
    .bind(kind.code())
    .fetch_optional(&state.db.pool)
    .await?;
    let Some(SessionRow {
        id,
        account_id,
        stage,
        last_seen_at,
        authenticated_at,
        expires_at,
        member_id,
        account_status,
        lost_on,
    }) = row
    else {
        return Ok(Resolved::Invalid { expired: false });
    };
    let (Some(last_seen), Some(authenticated_at), Some(expires)) =
        (parse_instant(&last_seen_at), parse_instant(&authenticated_at), parse_instant(&expires_at))
    else {
        return Ok(Resolved::Invalid { expired: false });
    };
    if now >= expires || now - last_seen > state.feature::<crate::identity::SessionPolicy>().idle {
        end(state, id, "expired").await?;
        return Ok(Resolved::Invalid { expired: true });
    }
    let stage = if stage == "full" { Stage::Full } else { Stage::Enrolment };
    let caller = match (kind, stage) {
        (_, Stage::Enrolment) => Some(Caller::Anonymous),
        (SessionKind::Member, Stage::Full) => member_caller(state, member_id, account_status.as_deref(), lost_on.as_deref()),
        (SessionKind::Staff, Stage::Full) => staff_caller(state, account_id).await?,
    };
    let Some(caller) = caller else {
        end(state, id, "account_not_eligible").await?;
        return Ok(Resolved::Invalid { expired: false });
    };
    // Writing on every request would serialise SQLite; a minute's precision is enough.
    if now - last_seen > Duration::seconds(60) {
        sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE id = $2")
            .bind(instant_text(now))
            .bind(id)
            .execute(&state.db.pool)
            .await?;
    }
    Ok(Resolved::Session(SessionInfo { id, kind, account_id, stage, authenticated_at }, caller))
}

/// The member behind an account, if the account may still sign in.
fn member_caller(state: &AppState, member_id: Option<i64>, status: Option<&str>, lost_on: Option<&str>) -> Option<Caller> {
    let today = kit::time::tokyo_date(state.clock.now());
    let eligible = status == Some("active") && super::lifecycle::may_sign_in(lost_on, today, &state.feature::<crate::identity::SessionPolicy>());
    member_id.filter(|_| eligible).map(|member_id| Caller::Member { member_id })
}

/// Whether a staff member is still with the society.
#[derive(sqlx::FromRow)]
struct StaffStanding {
    status: String,
    left_on: Option<String>,
}

/// A staff member with the roles granted for today; `None` for a leaver or no roles.
pub async fn staff_caller(state: &AppState, staff_id: i64) -> Result<Option<Caller>, AppError> {
    let today = kit::time::tokyo_date(state.clock.now()).to_string();
    let standing: Option<StaffStanding> = sqlx::query_as("SELECT status, left_on FROM staff WHERE id = $1")
        .bind(staff_id)
        .fetch_optional(&state.db.pool)
        .await?;
    match standing {
        Some(s) if s.status == "active" && s.left_on.as_ref().is_none_or(|d| *d >= today) => {}
        _ => return Ok(None),
    }
    let roles = active_roles(state, staff_id, &today).await?;
    Ok((!roles.is_empty()).then_some(Caller::Staff { staff_id, roles }))
}

/// Roles whose grant covers `today` (Tokyo date, inclusive).
pub async fn active_roles(state: &AppState, staff_id: i64, today: &str) -> Result<Vec<StaffRole>, AppError> {
    let roles: Vec<String> = sqlx::query_scalar(
        "SELECT DISTINCT role FROM staff_grants WHERE staff_id = $1 AND valid_from <= $2 \
         AND (valid_until IS NULL OR valid_until >= $2) ORDER BY role",
    )
    .bind(staff_id)
    .bind(today)
    .fetch_all(&state.db.pool)
    .await?;
    Ok(roles.iter().filter_map(|r| StaffRole::from_code(r)).collect())
}

/// A session just started: the token goes into the cookie, the id is for the server.
pub struct Started {
    pub token: String,
    pub id: i64,
}

/// Starts a session.
pub async fn create(
    conn: &mut AnyConnection,
    state: &AppState,
    meta: &RequestMeta,
    kind: SessionKind,
    account_id: i64,
    stage: Stage,
) -> Result<Started, AppError> {
    let token = new_token();
    let now = state.clock.now();
    let absolute = match stage {
        Stage::Full => state.feature::<crate::identity::SessionPolicy>().absolute,
        // An unfinished enrolment should not linger.
        Stage::Enrolment => Duration::hours(1),
    };
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO sessions (token_hash, kind, account_id, stage, created_at, last_seen_at, authenticated_at, \
         expires_at, ip, user_agent) VALUES ($1, $2, $3, $4, $5, $5, $5, $6, $7, $8) RETURNING id",
    )
    .bind(sha256_hex(&token))
    .bind(kind.code())
    .bind(account_id)
    .bind(if stage == Stage::Full { "full" } else { "enrolment" })
    .bind(instant_text(now))
    .bind(instant_text(now + absolute))
    .bind(meta.ip.as_deref())
    .bind(meta.user_agent.as_deref())
    .fetch_one(&mut *conn)
    .await?;
    Ok(Started { token, id })
}

/// Keeps a text (sealed) in a session, to be shown once by [`take_flash`]: recovery codes,
/// a setup code, the count of failed sign-ins.
pub async fn stash_flash(
    conn: &mut AnyConnection,
    state: &AppState,
    session_id: i64,
    text: &str,
) -> Result<(), AppError> {
    let sealed = state.secrets.seal(text.as_bytes()).ok_or_else(|| AppError::internal("seal", "flash"))?;
    sqlx::query("UPDATE sessions SET flash_sealed = $1 WHERE id = $2")
        .bind(sealed)
        .bind(session_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Takes (and erases) what the session holds to show once.
pub async fn take_flash(state: &AppState, s: &SessionInfo) -> Result<Option<String>, AppError> {
    take_flash_if(state, s, |_| true).await
}

/// The session's text, left in place (recovery codes stay on their page, through a reload
/// or a print, until the member confirms they are kept).
pub async fn peek_flash(state: &AppState, s: &SessionInfo) -> Result<Option<String>, AppError> {
    let sealed: Option<Option<String>> = sqlx::query_scalar("SELECT flash_sealed FROM sessions WHERE id = $1")
        .bind(s.id)
        .fetch_optional(&state.db.pool)
        .await?;
    Ok(sealed.flatten().and_then(|x| state.secrets.open(&x)).and_then(|b| String::from_utf8(b).ok()))
}

/// Takes the count of failed sign-ins since the last one, left for the first page the
/// member opens after signing in (the home or the account page); 0 when there is none.
pub async fn take_failures(state: &AppState, s: &SessionInfo) -> Result<i64, AppError> {
    let flash = take_flash_if(state, s, |f| f.starts_with("failures:")).await?;
    Ok(flash.and_then(|f| f.strip_prefix("failures:").and_then(|n| n.parse().ok())).unwrap_or(0))
}

/// Takes the session's text if `wanted` says it is the kind the caller reads; any other
/// kind stays for its own page.
pub async fn take_flash_if(state: &AppState, s: &SessionInfo, wanted: impl Fn(&str) -> bool) -> Result<Option<String>, AppError> {
    let text = peek_flash(state, s).await?;
    if !text.as_deref().is_some_and(&wanted) {
        return Ok(None);
    }
    sqlx::query("UPDATE sessions SET flash_sealed = NULL WHERE id = $1").bind(s.id).execute(&state.db.pool).await?;
    Ok(text)
}

/// Whether a session text is a list of recovery codes (not a sign-in note or a staff set-up).
pub fn is_recovery_codes(text: &str) -> bool {
    !text.starts_with("failures:") && !text.starts_with("setup:")
}

pub async fn end(state: &AppState, id: i64, reason: &str) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE sessions SET ended_at = $1, ended_reason = $2, flash_sealed = NULL WHERE id = $3 AND ended_at IS NULL",
    )
    .bind(instant_text(state.clock.now()))
    .bind(reason)
    .bind(id)
    .execute(&state.db.pool)
    .await?;
    Ok(())
}

/// Ends every live session of an account (password reset, closure, leaver).
pub async fn end_all(
    conn: &mut AnyConnection,
    now: DateTime<Utc>,
    kind: SessionKind,
    account_id: i64,
    reason: &str,
) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE sessions SET ended_at = $1, ended_reason = $2, flash_sealed = NULL \
         WHERE kind = $3 AND account_id = $4 AND ended_at IS NULL",
    )
    .bind(instant_text(now))
    .bind(reason)
    .bind(kind.code())
    .bind(account_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The `Set-Cookie` value for a new session. `Secure` always: browsers accept it on
/// http://localhost, and the server refuses other plain-HTTP addresses.
pub fn cookie(kind: SessionKind, token: &str) -> String {
    format!("{}={token}; Path=/; Secure; HttpOnly; SameSite=Lax", kind.cookie())
}

pub fn clear_cookie(kind: SessionKind) -> String {
    format!("{}=; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=0", kind.cookie())
}

/// Sets a cookie on the current server-function response.
pub fn set_cookie(value: &str) -> Result<(), AppError> {
    let response = leptos::prelude::use_context::<leptos_axum::ResponseOptions>()
        .ok_or_else(|| AppError::internal("cookie", "no response options"))?;
    let value = http::HeaderValue::from_str(value).map_err(|e| AppError::internal("cookie", e))?;
    response.append_header(http::header::SET_COOKIE, value);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staff_paths_use_the_staff_cookie_only() {
        for p in ["/staff", "/staff/login", "/api/staff/login"] {
            assert_eq!(SessionKind::of_path(p), SessionKind::Staff, "{p}");
        }
        for p in ["/", "/login", "/staffroom", "/api/login", "/api/staffing"] {
            assert_eq!(SessionKind::of_path(p), SessionKind::Member, "{p}");
        }
    }

    #[test]
    fn cookies_are_host_only_secure_and_httponly() {
        let c = cookie(SessionKind::Member, "t");
        assert!(c.starts_with("__Host-madoguchi=t;"));
        for attr in ["Path=/", "Secure", "HttpOnly", "SameSite=Lax"] {
            assert!(c.contains(attr), "{attr}");
        }
        assert!(!c.contains("Domain"));
        assert_eq!(cookie_value(Some("lang=ja; __Host-madoguchi=abc"), MEMBER_COOKIE), Some("abc"));
        assert_eq!(cookie_value(Some("__Host-madoguchi-staff=abc"), MEMBER_COOKIE), None);
    }
}
