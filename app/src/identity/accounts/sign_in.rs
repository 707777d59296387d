//! Sign-in: the second factor checked and consumed, member sign-in by identifier, the
//! common end of every sign-in (members and staff), and step-up.

use chrono::{DateTime, Utc};
use sqlx::AnyConnection;

use super::hashing::verify_password;
use super::login_id::{Identifier, parse_identifier};
use super::throttling::{record_failure, throttle_gate};
use super::{event, table_of};
use crate::identity::Caller;
use crate::identity::SessionPolicy;
use crate::identity::session::{self, SessionInfo, SessionKind, Stage};
use crate::identity::{lifecycle, password, totp};
use crate::platform::audit::{Action, AuditEvent, Outcome, RequestMeta};
use crate::platform::audit::store::append;
use crate::platform::db::instant_text;
use crate::platform::secrets::{code_hash, sha256_hex};
use crate::platform::state::AppState;
use kit::error::AppError;

/// How the second factor was given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SecondFactor {
    Totp(i64),
    RecoveryCode(i64),
    /// A passkey with user verification (two factors on its own): its row, the stored
    /// credential as it was read, and as it is after this use (counter, backup state).
    Passkey { id: i64, before: String, after: String },
}

impl SecondFactor {
    /// How the audit record names the factor.
    pub fn code(&self) -> &'static str {
        match self {
            SecondFactor::Totp(_) => "totp",
            SecondFactor::RecoveryCode(_) => "recovery_code",
            SecondFactor::Passkey { .. } => "passkey",
        }
    }
}

/// Checks a TOTP code (or, for members, an unused recovery code).
pub async fn check_second_factor(
    state: &AppState,
    kind: SessionKind,
    account_id: i64,
    sealed: Option<&str>,
    last_step: Option<i64>,
    typed: &str,
) -> Result<Option<SecondFactor>, AppError> {
    let digits = kit::input::normalize_code(typed);
    if digits.len() == 6 && digits.bytes().all(|b| b.is_ascii_digit()) {
        let Some(secret) = sealed.and_then(|s| state.secrets.open(s)) else { return Ok(None) };
        return Ok(totp::verify(&secret, typed, state.clock.now().timestamp(), last_step).ok().map(SecondFactor::Totp));
    }
    if kind != SessionKind::Member || typed.chars().count() > 64 {
        return Ok(None);
    }
    let id: Option<i64> =
        sqlx::query_scalar("SELECT id FROM recovery_codes WHERE account_id = $1 AND code_hash = $2 AND used_at IS NULL")
            .bind(account_id)
            .bind(code_hash(typed))
            .fetch_optional(&state.db.pool)
            .await?;
    Ok(id.map(SecondFactor::RecoveryCode))
}

/// Records a used second factor: the TOTP step (no reuse within its window), the
/// recovery code (single use) or the passkey's new counter and backup state. Fails if a
/// concurrent request used it first.
pub async fn consume_second_factor(
    conn: &mut AnyConnection,
    now: DateTime<Utc>,
    kind: SessionKind,
    account_id: i64,
    f: &SecondFactor,
) -> Result<bool, AppError> {
    let done =
        match f {
            SecondFactor::Totp(step) => sqlx::query(&format!(
                "UPDATE {} SET totp_last_step = $1 WHERE id = $2 AND (totp_last_step IS NULL OR totp_last_step < $1)",
                table_of(kind)
            ))
            .bind(*step)
            .bind(account_id)
            .execute(&mut *conn)
            .await?,
            SecondFactor::RecoveryCode(id) => {
                sqlx::query("UPDATE recovery_codes SET used_at = $1 WHERE id = $2 AND used_at IS NULL")
                    .bind(instant_text(now))
                    .bind(*id)
                    .execute(&mut *conn)
                    .await?
            }
            SecondFactor::Passkey { id, before, after } => sqlx::query(
                "UPDATE passkeys SET passkey = $1, last_used_at = $2 WHERE id = $3 AND account_kind = $4 \
                 AND account_id = $5 AND passkey = $6",
            )
            .bind(after.as_str())
            .bind(instant_text(now))
            .bind(*id)
            .bind(kind.code())
            .bind(account_id)
            .bind(before.as_str())
            .execute(&mut *conn)
            .await?,
        };
    Ok(done.rows_affected() == 1)
}

/// The result of a successful sign-in.
pub struct SignedIn {
    pub token: String,
    pub used_recovery_code: bool,
}

/// A member account found by its identifier, with what sign-in checks.
#[derive(sqlx::FromRow)]
struct SignInRow {
    account_id: i64,
    member_id: i64,
    status: String,
    password_hash: String,
    totp_sealed: Option<String>,
    totp_last_step: Option<i64>,
    lost_on: Option<String>,
}

/// Member sign-in: identifier + password + second factor, throttled; every refusal is
/// the same answer after the same work.
pub async fn login(
    state: &AppState,
    meta: &RequestMeta,
    identifier: &str,
    password_typed: &str,
    second: &str,
    previous: Option<&SessionInfo>,
) -> Result<SignedIn, AppError> {
    if password_typed.chars().count() > password::MAX_CHARS * 4 || second.chars().count() > 64 {
        return Err(AppError::SignInFailed);
    }
    let parsed = parse_identifier(identifier);
    let row: Option<SignInRow> = match &parsed {
        Some(Identifier::Key { symbol, number, branch }) => {
            sqlx::query_as(
                "SELECT a.id AS account_id, m.id AS member_id, a.status, a.password_hash, a.totp_sealed, \
                 a.totp_last_step, m.lost_on \
                 FROM member_accounts a JOIN members m ON m.id = a.member_id \
                 WHERE m.symbol = $1 AND m.number = $2 AND m.branch = $3",
            )
            .bind(symbol)
            .bind(number)
            .bind(branch)
            .fetch_optional(&state.db.pool)
            .await?
        }
        Some(Identifier::LoginId(id)) => {
            sqlx::query_as(
                "SELECT a.id AS account_id, m.id AS member_id, a.status, a.password_hash, a.totp_sealed, \
                 a.totp_last_step, m.lost_on \
                 FROM member_accounts a JOIN members m ON m.id = a.member_id WHERE a.login_id = $1",
            )
            .bind(id)
            .fetch_optional(&state.db.pool)
            .await?
        }
        None => None,
    };
    let account_key = match &row {
        Some(r) => format!("member:{}", r.account_id),
        None => format!("unknown:{}", sha256_hex(&kit::input::normalize(identifier))),
    };
    let subject = row.as_ref().map(|r| r.member_id);
    throttle_gate(state, meta, &account_key, subject).await?;
    let password_ok = verify_password(password_typed, row.as_ref().map(|r| r.password_hash.clone())).await?;
    let today = kit::time::tokyo_date(state.clock.now());
    let Some(SignInRow { account_id, member_id, status, totp_sealed: sealed, totp_last_step: last_step, lost_on, .. }) =
        row
    else {
        record_failure(state, meta, &account_key, None, Action::LoginFailed).await?;
        return Err(AppError::SignInFailed);
    };
    let eligible =
        status == "active" && lifecycle::may_sign_in(lost_on.as_deref(), today, &state.feature::<SessionPolicy>());
    let factor = if password_ok && eligible {
        check_second_factor(state, SessionKind::Member, account_id, sealed.as_deref(), last_step, second).await?
    } else {
        None
    };
    let Some(factor) = factor else {
        record_failure(state, meta, &account_key, Some(member_id), Action::LoginFailed).await?;
        return Err(AppError::SignInFailed);
    };
    let used_recovery_code = matches!(factor, SecondFactor::RecoveryCode(_));
    let attempt = SignInAttempt { kind: SessionKind::Member, account_id, account_key: &account_key, previous };
    let e = event(
        Caller::Member { member_id },
        Action::LoginSucceeded,
        Outcome::Allowed,
        Some(member_id),
        serde_json::json!({}),
    );
    let Some(token) = complete_sign_in(state, meta, attempt, factor, e, used_recovery_code).await? else {
        record_failure(state, meta, &account_key, Some(member_id), Action::LoginFailed).await?;
        return Err(AppError::SignInFailed);
    };
    Ok(SignedIn { token, used_recovery_code })
}

/// Whose sign-in is being completed.
pub struct SignInAttempt<'a> {
    pub kind: SessionKind,
    pub account_id: i64,
    /// The throttle's key for the account.
    pub account_key: &'a str,
    /// The session the browser had, ended now (rotation).
    pub previous: Option<&'a SessionInfo>,
}

/// The end of every sign-in once password and second factor are right: the factor is
/// consumed (a concurrent replay loses), the previous session ends, a new one starts,
/// the failures are forgotten, and `event` is recorded with how many there were (a member
/// is told at their next page). Returns the new token; `None` if the factor was used
/// meanwhile.
pub async fn complete_sign_in(
    state: &AppState,
    meta: &RequestMeta,
    attempt: SignInAttempt<'_>,
    factor: SecondFactor,
    event: AuditEvent,
    used_recovery_code: bool,
) -> Result<Option<String>, AppError> {
    let now = state.clock.now();
    let factor_code = factor.code();
    let mut tx = state.db.begin().await?;
    if !consume_second_factor(&mut tx, now, attempt.kind, attempt.account_id, &factor).await? {
        return Ok(None);
    }
    if let Some(p) = attempt.previous {
        sqlx::query("UPDATE sessions SET ended_at = $1, ended_reason = 'rotated' WHERE id = $2 AND ended_at IS NULL")
            .bind(instant_text(now))
            .bind(p.id)
            .execute(&mut *tx)
            .await?;
    }
    let started = session::create(&mut tx, state, meta, attempt.kind, attempt.account_id, Stage::Full).await?;
    let failed_before: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM login_failures WHERE account_key = $1")
        .bind(attempt.account_key)
        .fetch_one(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM login_failures WHERE account_key = $1")
        .bind(attempt.account_key)
        .execute(&mut *tx)
        .await?;
    let event = event.detail(serde_json::json!({
        "recovery_code": used_recovery_code,
        "factor": factor_code,
        "failures_since_last_sign_in": failed_before,
    }));
    append(&mut tx, now, meta, &event).await?;
    if failed_before > 0 && attempt.kind == SessionKind::Member {
        session::stash_flash(&mut tx, state, started.id, &format!("failures:{failed_before}")).await?;
    }
    tx.commit().await?;
    Ok(Some(started.token))
}

/// What step-up checks of the signed-in member's account.
#[derive(sqlx::FromRow)]
struct StepUpRow {
    password_hash: String,
    totp_sealed: Option<String>,
    totp_last_step: Option<i64>,
}

/// Step-up: the signed-in member confirms password and code again.
pub async fn confirm_identity(
    state: &AppState,
    meta: &RequestMeta,
    s: &SessionInfo,
    member_id: i64,
    password_typed: &str,
    second: &str,
) -> Result<(), AppError> {
    let account_key = format!("member:{}", s.account_id);
    throttle_gate(state, meta, &account_key, Some(member_id)).await?;
    let row: Option<StepUpRow> =
        sqlx::query_as("SELECT password_hash, totp_sealed, totp_last_step FROM member_accounts WHERE id = $1")
            .bind(s.account_id)
            .fetch_optional(&state.db.pool)
            .await?;
    let Some(account) = row else { return Err(AppError::Unauthorized) };
    let factor = if verify_password(password_typed, Some(account.password_hash)).await? {
        check_second_factor(
            state,
            SessionKind::Member,
            s.account_id,
            account.totp_sealed.as_deref(),
            account.totp_last_step,
            second,
        )
        .await?
    } else {
        None
    };
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let ok = match factor {
        Some(f) => consume_second_factor(&mut tx, now, SessionKind::Member, s.account_id, &f).await?,
        None => false,
    };
    if !ok {
        drop(tx);
        record_failure(state, meta, &account_key, Some(member_id), Action::StepUpFailed).await?;
        return Err(AppError::SignInFailed);
    }
    sqlx::query("UPDATE sessions SET authenticated_at = $1 WHERE id = $2")
        .bind(instant_text(now))
        .bind(s.id)
        .execute(&mut *tx)
        .await?;
    let e = event(
        Caller::Member { member_id },
        Action::StepUpSucceeded,
        Outcome::Allowed,
        Some(member_id),
        serde_json::json!({}),
    );
    append(&mut tx, now, meta, &e).await?;
    tx.commit().await?;
    Ok(())
}
