//! Letters by post: a member asks for one (registration, password or second-factor reset),
//! its one-time code is issued and queued, and the code is later checked and used up.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use sqlx::AnyConnection;

use super::{TypedKey, account_of_member, event, find_member, now_text};
use crate::identity::SessionPolicy;
use crate::identity::{Caller, lifecycle};
use crate::platform::audit::{Action, Actor, AuditEvent, DataCategory, Outcome, RequestMeta};
use crate::platform::audit::store::{append, record_standalone};
use crate::platform::db::instant_text;
use crate::platform::secrets::{code_hash, new_code};
use crate::platform::state::AppState;
use kit::error::AppError;
use kit::form::{Check, FieldError, Problem};

/// How long a mailed code stays valid.
pub const CODE_DAYS: i64 = 30;
/// One letter per person and purpose per day, so nobody can make the society mail a
/// member again and again.
const LETTER_INTERVAL_HOURS: i64 = 24;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LetterPurpose {
    Registration,
    PasswordReset,
    SecondFactorReset,
}

kit::codes!(LetterPurpose {
    Registration => "registration",
    PasswordReset => "password_reset",
    SecondFactorReset => "second_factor_reset",
});

/// A member asks for a letter (registration or password reset). The answer is the same
/// whether or not anything matched; the audit log records what really happened.
pub async fn request_letter(
    state: &AppState,
    meta: &RequestMeta,
    purpose: LetterPurpose,
    key: TypedKey<'_>,
    birth_date: &str,
) -> Result<(), AppError> {
    let mut c = Check::default();
    let (symbol, number, branch) = key.check(&mut c);
    let birth = c.date("birth_date", birth_date);
    c.finish()?;
    let birth = birth.ok_or(AppError::BadRequest)?;
    let result = letter_decision(state, purpose, &symbol, &number, &branch, birth).await?;
    let (subject, outcome) = match result {
        Ok(member_id) => {
            let mut conn = state.db.begin().await?;
            issue_letter(&mut conn, state, meta, Actor::Caller(Caller::Anonymous), member_id, purpose).await?;
            conn.commit().await?;
            return Ok(());
        }
        Err((subject, why)) => (subject, why),
    };
    let e = event(
        Caller::Anonymous,
        Action::LetterRequestDeclined,
        Outcome::Refused,
        subject,
        serde_json::json!({ "purpose": purpose.code(), "reason": outcome }),
    );
    record_standalone(state, meta, &e).await;
    Ok(())
}

/// Whether a letter may be issued: the member, or (member if known, the reason) if not.
async fn letter_decision(
    state: &AppState,
    purpose: LetterPurpose,
    symbol: &str,
    number: &str,
    branch: &str,
    birth: NaiveDate,
) -> Result<Result<i64, (Option<i64>, &'static str)>, AppError> {
    let Some(member) = find_member(state, symbol, number, branch).await? else {
        return Ok(Err((None, "no_match")));
    };
    let member_id = member.id;
    if member.birth_date != birth.to_string() {
        return Ok(Err((Some(member_id), "birth_date_mismatch")));
    }
    let today = kit::time::tokyo_date(state.clock.now());
    if !lifecycle::may_sign_in(member.lost_on.as_deref(), today, &state.feature::<SessionPolicy>()) {
        return Ok(Err((Some(member_id), "retention_over")));
    }
    let account = account_of_member(state, member_id).await?;
    match (purpose, account.as_ref().map(|a| a.status.as_str())) {
        (LetterPurpose::Registration, None) => {}
        (LetterPurpose::Registration, Some(_)) => return Ok(Err((Some(member_id), "account_exists"))),
        (_, Some("active")) => {}
        _ => return Ok(Err((Some(member_id), "no_active_account"))),
    }
    let since = instant_text(state.clock.now() - Duration::hours(LETTER_INTERVAL_HOURS));
    let recent: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM one_time_codes WHERE member_id = $1 AND purpose = $2 AND issued_at > $3")
            .bind(member_id)
            .bind(purpose.code())
            .bind(since)
            .fetch_one(&state.db.pool)
            .await?;
    if recent > 0 {
        return Ok(Err((Some(member_id), "letter_sent_recently")));
    }
    Ok(Ok(member_id))
}

/// Issues a code and queues its letter; earlier unused codes of the purpose stop working.
pub async fn issue_letter(
    conn: &mut AnyConnection,
    state: &AppState,
    meta: &RequestMeta,
    actor: Actor,
    member_id: i64,
    purpose: LetterPurpose,
) -> Result<i64, AppError> {
    let now = state.clock.now();
    let code = new_code(3);
    sqlx::query(
        "UPDATE one_time_codes SET superseded_at = $1 WHERE member_id = $2 AND purpose = $3 \
         AND used_at IS NULL AND superseded_at IS NULL",
    )
    .bind(instant_text(now))
    .bind(member_id)
    .bind(purpose.code())
    .execute(&mut *conn)
    .await?;
    // Unposted letters of the purpose are withdrawn with their codes.
    sqlx::query(
        "UPDATE letters SET code_sealed = NULL WHERE member_id = $1 AND posted_at IS NULL AND code_id IN \
         (SELECT id FROM one_time_codes WHERE member_id = $1 AND purpose = $2 AND superseded_at IS NOT NULL)",
    )
    .bind(member_id)
    .bind(purpose.code())
    .execute(&mut *conn)
    .await?;
    let code_id: i64 = sqlx::query_scalar(
        "INSERT INTO one_time_codes (purpose, member_id, code_hash, issued_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(purpose.code())
    .bind(member_id)
    .bind(code_hash(&code))
    .bind(instant_text(now))
    .bind(instant_text(now + Duration::days(CODE_DAYS)))
    .fetch_one(&mut *conn)
    .await?;
    let sealed = state.secrets.seal(code.as_bytes()).ok_or_else(|| AppError::internal("seal", "letter code"))?;
    let letter_id: i64 = sqlx::query_scalar(
        "INSERT INTO letters (code_id, member_id, code_sealed, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(code_id)
    .bind(member_id)
    .bind(sealed)
    .bind(instant_text(now))
    .fetch_one(&mut *conn)
    .await?;
    let e = AuditEvent::new(actor, Action::LetterIssued)
        .about(member_id)
        .data(DataCategory::Account)
        .record(format!("letters/{letter_id}"))
        .purpose(format!("letter {letter_id}"))
        .detail(serde_json::json!({ "purpose": purpose.code() }));
    append(conn, now, meta, &e).await?;
    Ok(letter_id)
}

/// Finds a valid code of `purpose` for the member, or refuses with one answer for all.
pub(super) async fn valid_code(
    state: &AppState,
    meta: &RequestMeta,
    purpose: LetterPurpose,
    member: Option<i64>,
    typed: &str,
) -> Result<(i64, i64), AppError> {
    let found: Option<i64> = match member {
        Some(member_id) => {
            sqlx::query_scalar(
                "SELECT id FROM one_time_codes WHERE code_hash = $1 AND member_id = $2 AND purpose = $3 \
                 AND used_at IS NULL AND superseded_at IS NULL AND expires_at > $4",
            )
            .bind(code_hash(typed))
            .bind(member_id)
            .bind(purpose.code())
            .bind(now_text(state))
            .fetch_optional(&state.db.pool)
            .await?
        }
        None => None,
    };
    match (member, found) {
        (Some(member_id), Some(code_id)) => Ok((member_id, code_id)),
        _ => {
            let e = event(
                Caller::Anonymous,
                Action::CodeRefused,
                Outcome::Refused,
                member,
                serde_json::json!({ "purpose": purpose.code() }),
            );
            record_standalone(state, meta, &e).await;
            Err(AppError::Invalid(vec![FieldError::new("code", Problem::CodeInvalid)]))
        }
    }
}

/// Marks a code used; fails if another request used it first.
pub(super) async fn use_code(conn: &mut AnyConnection, now: DateTime<Utc>, code_id: i64) -> Result<(), AppError> {
    let done = sqlx::query("UPDATE one_time_codes SET used_at = $1 WHERE id = $2 AND used_at IS NULL")
        .bind(instant_text(now))
        .bind(code_id)
        .execute(&mut *conn)
        .await?;
    if done.rows_affected() == 1 {
        Ok(())
    } else {
        Err(AppError::Invalid(vec![FieldError::new("code", Problem::CodeInvalid)]))
    }
}
