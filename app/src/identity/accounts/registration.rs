//! Registration: with the registration letter's code a member sets a password, and the
//! account waits for its second factor.

use super::hashing::{check_new_password, hash_password};
use super::letters::{LetterPurpose, use_code, valid_code};
use super::{TypedKey, account_of_member, event, find_member};
use crate::identity::Caller;
use crate::identity::session::{self, SessionKind, Stage};
use crate::platform::audit::{Action, Outcome, RequestMeta};
use crate::platform::audit::store::append;
use crate::platform::db::instant_text;
use crate::platform::secrets::random_bytes;
use crate::platform::state::AppState;
use kit::error::AppError;
use kit::form::{Check, FieldError, Problem};

/// With the registration letter's code the member sets a password; the account is
/// created waiting for its second factor, and an enrolment session returned.
pub async fn register(
    state: &AppState,
    meta: &RequestMeta,
    key: TypedKey<'_>,
    code: &str,
    new_password: &str,
    confirm: &str,
) -> Result<String, AppError> {
    let mut c = Check::default();
    let (symbol, number, branch) = key.check(&mut c);
    if code.trim().is_empty() {
        c.fail("code", Problem::Required);
    } else if code.chars().count() > 64 {
        c.fail("code", Problem::TooLong);
    }
    let member = if c.ok() { find_member(state, &symbol, &number, &branch).await? } else { None };
    let birth_digits = member.as_ref().map(|m| m.birth_date.replace('-', "")).unwrap_or_default();
    check_new_password(&mut c, new_password, confirm, &[&symbol, &number, &birth_digits]);
    c.finish()?;
    let (member_id, code_id) =
        valid_code(state, meta, LetterPurpose::Registration, member.as_ref().map(|m| m.id), code).await?;
    if account_of_member(state, member_id).await?.is_some() {
        return Err(AppError::Invalid(vec![FieldError::new("code", Problem::CodeInvalid)]));
    }
    let hash = hash_password(new_password).await?;
    let secret = random_bytes::<20>();
    let sealed = state.secrets.seal(&secret).ok_or_else(|| AppError::internal("seal", "totp"))?;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    use_code(&mut tx, now, code_id).await?;
    let account_id: i64 = sqlx::query_scalar(
        "INSERT INTO member_accounts (member_id, password_hash, totp_sealed, status, created_at) \
         VALUES ($1, $2, $3, 'enrolling', $4) RETURNING id",
    )
    .bind(member_id)
    .bind(hash)
    .bind(sealed)
    .bind(instant_text(now))
    .fetch_one(&mut *tx)
    .await?;
    let token = session::create(&mut tx, state, meta, SessionKind::Member, account_id, Stage::Enrolment).await?.token;
    let e = event(Caller::Anonymous, Action::AccountRegistered, Outcome::Allowed, Some(member_id), serde_json::json!({}))
        .record(format!("member_accounts/{account_id}"));
    append(&mut tx, now, meta, &e).await?;
    tx.commit().await?;
    Ok(token)
}
