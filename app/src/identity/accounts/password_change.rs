//! A signed-in member changes their password: the current one first, then a new one
//! held to the same rules as at registration. The member's other devices are signed
//! out (whoever may have learnt the old password loses their session); this one stays.

use super::hashing::check_new_password;
use super::{event, hash_password, record_failure, throttle_gate, verify_password};
use crate::identity::Caller;
use crate::identity::session::{SessionInfo, SessionKind};
use crate::platform::audit::store::append;
use crate::platform::audit::{Action, Outcome, RequestMeta};
use crate::platform::db::instant_text;
use crate::platform::state::AppState;
use kit::error::AppError;
use kit::form::{Check, FieldError, Problem};

/// The account and what others may know of its member (a new password must not contain it).
#[derive(sqlx::FromRow)]
struct Changing {
    password_hash: String,
    symbol: String,
    number: String,
    birth_date: String,
    login_id: Option<String>,
}

pub async fn change_password(
    state: &AppState,
    meta: &RequestMeta,
    s: &SessionInfo,
    member_id: i64,
    current: &str,
    new_password: &str,
    confirm: &str,
) -> Result<(), AppError> {
    let account_key = format!("member:{}", s.account_id);
    throttle_gate(state, meta, &account_key, Some(member_id)).await?;
    let row: Option<Changing> = sqlx::query_as(
        "SELECT a.password_hash, m.symbol, m.number, m.birth_date, a.login_id FROM member_accounts a \
         JOIN members m ON m.id = a.member_id WHERE a.id = $1",
    )
    .bind(s.account_id)
    .fetch_optional(&state.db.pool)
    .await?;
    let Some(row) = row else { return Err(AppError::Unauthorized) };
    let mut c = Check::default();
    if current.is_empty() {
        c.fail("current_password", Problem::Required);
    }
    let birth_digits = row.birth_date.replace('-', "");
    let login_id = row.login_id.unwrap_or_default();
    check_new_password(&mut c, new_password, confirm, &[&row.symbol, &row.number, &birth_digits, &login_id]);
    c.finish()?;
    if !verify_password(current, Some(row.password_hash)).await? {
        // Counted like a failed sign-in: the throttle stops a guesser holding the session.
        record_failure(state, meta, &account_key, Some(member_id), Action::PasswordChangeRefused).await?;
        return Err(AppError::Invalid(vec![FieldError::new("current_password", Problem::CurrentPassword)]));
    }
    let hash = hash_password(new_password).await?;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    sqlx::query("UPDATE member_accounts SET password_hash = $1 WHERE id = $2")
        .bind(hash)
        .bind(s.account_id)
        .execute(&mut *tx)
        .await?;
    let ended = sqlx::query(
        "UPDATE sessions SET ended_at = $1, ended_reason = 'password_changed', flash_sealed = NULL \
         WHERE kind = $2 AND account_id = $3 AND id <> $4 AND ended_at IS NULL",
    )
    .bind(instant_text(now))
    .bind(SessionKind::Member.code())
    .bind(s.account_id)
    .bind(s.id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    let e = event(
        Caller::Member { member_id },
        Action::PasswordChanged,
        Outcome::Allowed,
        Some(member_id),
        serde_json::json!({ "other_sessions_ended": ended }),
    );
    append(&mut tx, now, meta, &e).await?;
    tx.commit().await?;
    Ok(())
}
