//! Second-factor enrolment, for members and staff alike: the secret and QR code to show,
//! and the first code from the app that makes the account active.

use super::recovery::replace_recovery_codes;
use super::{event, member_of_account, table_of};
use crate::identity::session::{self, SessionInfo, SessionKind, Stage};
use crate::identity::{Caller, totp};
use crate::platform::audit::{Action, Outcome, RequestMeta};
use crate::platform::audit::store::{append, record_standalone};
use crate::platform::state::AppState;
use kit::error::AppError;
use kit::form::{FieldError, Problem};

/// What the enrolment page shows: the secret for manual entry and the QR code.
/// No `Debug`: it holds the secret.
#[derive(Clone)]
pub struct Enrolment {
    pub secret_base32: String,
    pub uri: String,
    secret: Vec<u8>,
}

/// A member account being enrolled: the card's key (the secret's label) and the secret.
#[derive(sqlx::FromRow)]
struct EnrollingMember {
    symbol: String,
    number: String,
    branch: String,
    totp_sealed: Option<String>,
}

/// A staff account being enrolled: the staff number (the secret's label) and the secret.
#[derive(sqlx::FromRow)]
struct EnrollingStaff {
    staff_number: String,
    totp_sealed: Option<String>,
}

/// The enrolment of the current enrolment session's account.
pub async fn enrolment(state: &AppState, s: &SessionInfo) -> Result<Enrolment, AppError> {
    if s.stage != Stage::Enrolment {
        return Err(AppError::Forbidden);
    }
    let (label, sealed) = match s.kind {
        SessionKind::Member => {
            let row: Option<EnrollingMember> = sqlx::query_as(
                "SELECT m.symbol, m.number, m.branch, a.totp_sealed FROM member_accounts a \
                 JOIN members m ON m.id = a.member_id WHERE a.id = $1 AND a.status = 'enrolling'",
            )
            .bind(s.account_id)
            .fetch_optional(&state.db.pool)
            .await?;
            let m = row.ok_or(AppError::Unauthorized)?;
            (format!("{}-{}-{}", m.symbol, m.number, m.branch), m.totp_sealed)
        }
        SessionKind::Staff => {
            let row: Option<EnrollingStaff> =
                sqlx::query_as("SELECT staff_number, totp_sealed FROM staff WHERE id = $1 AND status = 'enrolling'")
                    .bind(s.account_id)
                    .fetch_optional(&state.db.pool)
                    .await?;
            let staff = row.ok_or(AppError::Unauthorized)?;
            (format!("staff-{}", staff.staff_number), staff.totp_sealed)
        }
    };
    let secret = sealed.and_then(|x| state.secrets.open(&x)).ok_or_else(|| AppError::internal("open", "totp"))?;
    Ok(Enrolment { secret_base32: totp::base32(&secret), uri: totp::otpauth_uri(&secret, "madoguchi", &label), secret })
}

/// Confirms the second factor with a code from the app, then [`complete_enrolment`].
pub async fn confirm_second_factor(
    state: &AppState,
    meta: &RequestMeta,
    s: &SessionInfo,
    typed: &str,
) -> Result<String, AppError> {
    let secret = enrolment(state, s).await?.secret;
    let table = table_of(s.kind);
    let now = state.clock.now();
    let subject = match s.kind {
        SessionKind::Member => member_of_account(state, s.account_id).await?,
        SessionKind::Staff => None,
    };
    let step = match totp::verify(&secret, typed, now.timestamp(), None) {
        Ok(step) => step,
        Err(_) => {
            let e = event(
                Caller::Anonymous,
                Action::SecondFactorRefused,
                Outcome::Refused,
                subject,
                serde_json::json!({ "kind": s.kind.code() }),
            );
            record_standalone(state, meta, &e).await;
            return Err(AppError::Invalid(vec![FieldError::new("code", Problem::TotpInvalid)]));
        }
    };
    let mut tx = state.db.begin().await?;
    sqlx::query(&format!("UPDATE {table} SET status = 'active', totp_last_step = $1 WHERE id = $2"))
        .bind(step)
        .bind(s.account_id)
        .execute(&mut *tx)
        .await?;
    complete_enrolment(tx, state, meta, s, subject, "totp").await
}

/// The end of every enrolment once its second factor is proven and saved on `tx` (an
/// authenticator app's first code, or a passkey): the account becomes active, a full
/// session replaces the enrolment session (rotation), members get fresh recovery codes
/// kept sealed in the new session to be shown once, and the enrolment is recorded.
pub async fn complete_enrolment(
    mut tx: sqlx::Transaction<'static, sqlx::Any>,
    state: &AppState,
    meta: &RequestMeta,
    s: &SessionInfo,
    subject: Option<i64>,
    factor: &str,
) -> Result<String, AppError> {
    let now = state.clock.now();
    let activated = sqlx::query(&format!(
        "UPDATE {} SET status = 'active' WHERE id = $1 AND status IN ('enrolling', 'active')",
        table_of(s.kind)
    ))
    .bind(s.account_id)
    .execute(&mut *tx)
    .await?;
    if activated.rows_affected() != 1 {
        return Err(AppError::Unauthorized);
    }
    session::end_all(&mut tx, now, s.kind, s.account_id, "enrolment_complete").await?;
    let started = session::create(&mut tx, state, meta, s.kind, s.account_id, Stage::Full).await?;
    if s.kind == SessionKind::Member {
        let codes = replace_recovery_codes(&mut tx, now, s.account_id).await?;
        session::stash_flash(&mut tx, state, started.id, &codes.join("\n")).await?;
    }
    let e = event(
        Caller::Anonymous,
        Action::SecondFactorEnrolled,
        Outcome::Allowed,
        subject,
        serde_json::json!({ "kind": s.kind.code(), "account": s.account_id, "factor": factor }),
    );
    append(&mut tx, now, meta, &e).await?;
    tx.commit().await?;
    Ok(started.token)
}
