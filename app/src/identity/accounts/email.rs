//! The member's email address: a verification link to a new address, and the address
//! kept once the link is followed.

use chrono::Duration;

use super::{event, member_of_account};
use crate::identity::Caller;
use crate::identity::session::SessionInfo;
use crate::platform::audit::{Action, Outcome, RequestMeta};
use crate::platform::audit::store::{append, record_standalone};
use crate::platform::db::instant_text;
use crate::platform::secrets::{new_token, sha256_hex};
use crate::platform::state::AppState;
use kit::error::AppError;
use kit::form::{FieldError, Problem};

/// A plausible email address (the verification link proves it).
pub fn valid_email(email: &str) -> bool {
    let Some((local, domain)) = email.rsplit_once('@') else { return false };
    email.len() <= 254
        && !local.is_empty()
        && local.len() <= 64
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && email.chars().all(|c| c.is_ascii_graphic())
        && !domain.contains('@')
        && !local.contains('@')
}

/// Sends a verification link to a new address. No other mail goes there until verified.
pub async fn start_email_verification(
    state: &AppState,
    meta: &RequestMeta,
    s: &SessionInfo,
    member_id: i64,
    email: &str,
    origin: &str,
) -> Result<(), AppError> {
    let email = kit::input::normalize(email).to_lowercase();
    if email.is_empty() {
        return Err(AppError::Invalid(vec![FieldError::new("email", Problem::Required)]));
    }
    if !valid_email(&email) {
        return Err(AppError::Invalid(vec![FieldError::new("email", Problem::Email)]));
    }
    let token = new_token();
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    sqlx::query("UPDATE email_verifications SET used_at = $1 WHERE account_id = $2 AND used_at IS NULL")
        .bind(instant_text(now))
        .bind(s.account_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO email_verifications (account_id, email, token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(s.account_id)
    .bind(&email)
    .bind(sha256_hex(&token))
    .bind(instant_text(now))
    .bind(instant_text(now + Duration::hours(24)))
    .execute(&mut *tx)
    .await?;
    let e = event(
        Caller::Member { member_id },
        Action::EmailVerificationSent,
        Outcome::Allowed,
        Some(member_id),
        serde_json::json!({}),
    );
    append(&mut tx, now, meta, &e).await?;
    let link = format!("{origin}/account/email/verify?token={token}");
    let t = kit::texts::IdText::of(kit::i18n::Lang::Ja);
    let body = format!("{}\n\n{link}\n\n{}\n", t.mail_verify_body, t.mail_verify_footer);
    state.mail.send("no-reply@madoguchi.invalid", &email, t.mail_verify_subject, &body).await?;
    tx.commit().await?;
    Ok(())
}

/// An address waiting for its link to be followed.
#[derive(sqlx::FromRow)]
struct PendingVerification {
    id: i64,
    account_id: i64,
    email: String,
}

/// Verifies an address with the link's token.
pub async fn verify_email(state: &AppState, meta: &RequestMeta, token: &str) -> Result<(), AppError> {
    if token.len() > 64 {
        return Err(AppError::Invalid(vec![FieldError::new("token", Problem::CodeInvalid)]));
    }
    let now = state.clock.now();
    let row: Option<PendingVerification> = sqlx::query_as(
        "SELECT id, account_id, email FROM email_verifications WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2",
    )
    .bind(sha256_hex(token))
    .bind(instant_text(now))
    .fetch_optional(&state.db.pool)
    .await?;
    let Some(PendingVerification { id, account_id, email }) = row else {
        let e = event(Caller::Anonymous, Action::EmailVerificationRefused, Outcome::Refused, None, serde_json::json!({}));
        record_standalone(state, meta, &e).await;
        return Err(AppError::Invalid(vec![FieldError::new("token", Problem::CodeInvalid)]));
    };
    let member_id = member_of_account(state, account_id).await?;
    let mut tx = state.db.begin().await?;
    let done = sqlx::query("UPDATE email_verifications SET used_at = $1 WHERE id = $2 AND used_at IS NULL")
        .bind(instant_text(now))
        .bind(id)
        .execute(&mut *tx)
        .await?;
    if done.rows_affected() != 1 {
        return Err(AppError::Invalid(vec![FieldError::new("token", Problem::CodeInvalid)]));
    }
    sqlx::query("UPDATE member_accounts SET email = $1, email_verified_at = $2 WHERE id = $3")
        .bind(&email)
        .bind(instant_text(now))
        .bind(account_id)
        .execute(&mut *tx)
        .await?;
    let e = event(Caller::Anonymous, Action::EmailVerified, Outcome::Allowed, member_id, serde_json::json!({}));
    append(&mut tx, now, meta, &e).await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_addresses() {
        assert!(valid_email("hanako@example.jp"));
        for bad in
            ["", "hanako", "@example.jp", "hanako@localhost", "a b@example.jp", "a@b@example.jp", "a@.example.jp"]
        {
            assert!(!valid_email(bad), "{bad}");
        }
    }
}
