//! Getting back in: a new second factor after staff reset the lost one, a password reset
//! by letter, and the recovery codes that stand in for the app.

use chrono::{DateTime, Utc};
use sqlx::AnyConnection;

use super::hashing::{check_new_password, hash_password, verify_password};
use super::letters::{LetterPurpose, use_code, valid_code};
use super::sign_in::{check_second_factor, consume_second_factor};
use super::{AccountRow, TypedKey, account_of_member, event, find_member};
use crate::identity::Caller;
use crate::identity::session::{self, SessionInfo, SessionKind, Stage};
use crate::platform::audit::{Action, Outcome, RequestMeta};
use crate::platform::audit::store::{append, record_standalone};
use crate::platform::db::instant_text;
use crate::platform::secrets::{code_hash, new_code, random_bytes};
use crate::platform::state::AppState;
use kit::error::AppError;
use kit::form::{Check, FieldError, Problem};

const RECOVERY_CODES: usize = 10;

/// After staff reset a lost second factor (identity checked at the counter), the letter's
/// code and the member's password start a new enrolment. It covers a lost passkey too:
/// the account's passkeys are removed.
pub async fn restart_second_factor(
    state: &AppState,
    meta: &RequestMeta,
    key: TypedKey<'_>,
    code: &str,
    current_password: &str,
) -> Result<String, AppError> {
    let mut c = Check::default();
    let (symbol, number, branch) = key.check(&mut c);
    if code.trim().is_empty() {
        c.fail("code", Problem::Required);
    }
    if current_password.is_empty() {
        c.fail("password", Problem::Required);
    }
    c.finish()?;
    let member = find_member(state, &symbol, &number, &branch).await?;
    let (member_id, code_id) =
        valid_code(state, meta, LetterPurpose::SecondFactorReset, member.map(|m| m.id), code).await?;
    let account = account_of_member(state, member_id).await?;
    let ok = verify_password(current_password, account.as_ref().map(|a| a.password_hash.clone())).await?;
    let Some(AccountRow { id: account_id, .. }) = account.filter(|_| ok) else {
        return Err(AppError::Invalid(vec![FieldError::new("password", Problem::Mismatch)]));
    };
    let secret = random_bytes::<20>();
    let sealed = state.secrets.seal(&secret).ok_or_else(|| AppError::internal("seal", "totp"))?;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    use_code(&mut tx, now, code_id).await?;
    sqlx::query(
        "UPDATE member_accounts SET status = 'enrolling', totp_sealed = $1, totp_last_step = NULL WHERE id = $2",
    )
    .bind(sealed)
    .bind(account_id)
    .execute(&mut *tx)
    .await?;
    // A lost passkey follows the lost app: every passkey of the account goes with it.
    let passkeys_removed = crate::identity::passkeys::store::remove_all(&mut tx, SessionKind::Member, account_id).await?;
    session::end_all(&mut tx, now, SessionKind::Member, account_id, "second_factor_reset").await?;
    let token = session::create(&mut tx, state, meta, SessionKind::Member, account_id, Stage::Enrolment).await?.token;
    let e = event(
        Caller::Anonymous,
        Action::SecondFactorRestarted,
        Outcome::Allowed,
        Some(member_id),
        serde_json::json!({ "passkeys_removed": passkeys_removed }),
    );
    append(&mut tx, now, meta, &e).await?;
    tx.commit().await?;
    Ok(token)
}

/// Fresh recovery codes in place of the unused ones; the caller shows them once.
pub(super) async fn replace_recovery_codes(
    conn: &mut AnyConnection,
    now: DateTime<Utc>,
    account_id: i64,
) -> Result<Vec<String>, AppError> {
    sqlx::query("UPDATE recovery_codes SET used_at = $1 WHERE account_id = $2 AND used_at IS NULL")
        .bind(instant_text(now))
        .bind(account_id)
        .execute(&mut *conn)
        .await?;
    let codes: Vec<String> = (0..RECOVERY_CODES).map(|_| new_code(3)).collect();
    for code in &codes {
        sqlx::query("INSERT INTO recovery_codes (account_id, code_hash, created_at) VALUES ($1, $2, $3)")
            .bind(account_id)
            .bind(code_hash(code))
            .bind(instant_text(now))
            .execute(&mut *conn)
            .await?;
    }
    Ok(codes)
}

/// New recovery codes (step-up protected by the caller), shown once.
pub async fn regenerate_recovery_codes(
    state: &AppState,
    meta: &RequestMeta,
    s: &SessionInfo,
    member_id: i64,
) -> Result<(), AppError> {
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let codes = replace_recovery_codes(&mut tx, now, s.account_id).await?;
    session::stash_flash(&mut tx, state, s.id, &codes.join("\n")).await?;
    let e = event(
        Caller::Member { member_id },
        Action::RecoveryCodesRegenerated,
        Outcome::Allowed,
        Some(member_id),
        serde_json::json!({}),
    );
    append(&mut tx, now, meta, &e).await?;
    tx.commit().await?;
    Ok(())
}

/// Password reset with the letter's code; the second factor is still required (the
/// letter proves the address, the app proves the device). All sessions end.
#[allow(clippy::too_many_arguments)]
pub async fn reset_password(
    state: &AppState,
    meta: &RequestMeta,
    key: TypedKey<'_>,
    code: &str,
    new_password: &str,
    confirm: &str,
    second: &str,
) -> Result<(), AppError> {
    let mut c = Check::default();
    let (symbol, number, branch) = key.check(&mut c);
    if code.trim().is_empty() {
        c.fail("code", Problem::Required);
    }
    if second.trim().is_empty() {
        c.fail("second_factor", Problem::Required);
    }
    let member = if c.ok() { find_member(state, &symbol, &number, &branch).await? } else { None };
    let birth_digits = member.as_ref().map(|m| m.birth_date.replace('-', "")).unwrap_or_default();
    check_new_password(&mut c, new_password, confirm, &[&symbol, &number, &birth_digits]);
    c.finish()?;
    let (member_id, code_id) = valid_code(state, meta, LetterPurpose::PasswordReset, member.map(|m| m.id), code).await?;
    let Some(account) = account_of_member(state, member_id).await? else {
        return Err(AppError::Invalid(vec![FieldError::new("code", Problem::CodeInvalid)]));
    };
    let account_id = account.id;
    let factor = check_second_factor(
        state,
        SessionKind::Member,
        account_id,
        account.totp_sealed.as_deref(),
        account.totp_last_step,
        second,
    )
    .await?;
    let now = state.clock.now();
    let hash = hash_password(new_password).await?;
    let mut tx = state.db.begin().await?;
    let ok = match factor {
        Some(f) => consume_second_factor(&mut tx, now, SessionKind::Member, account_id, &f).await?,
        None => false,
    };
    if !ok {
        drop(tx);
        let e = event(
            Caller::Anonymous,
            Action::PasswordResetRefused,
            Outcome::Refused,
            Some(member_id),
            serde_json::json!({ "reason": "second_factor" }),
        );
        record_standalone(state, meta, &e).await;
        return Err(AppError::Invalid(vec![FieldError::new("second_factor", Problem::TotpInvalid)]));
    }
    use_code(&mut tx, now, code_id).await?;
    sqlx::query("UPDATE member_accounts SET password_hash = $1 WHERE id = $2")
        .bind(hash)
        .bind(account_id)
        .execute(&mut *tx)
        .await?;
    session::end_all(&mut tx, now, SessionKind::Member, account_id, "password_reset").await?;
    let e = event(Caller::Anonymous, Action::PasswordReset, Outcome::Allowed, Some(member_id), serde_json::json!({}));
    append(&mut tx, now, meta, &e).await?;
    tx.commit().await?;
    Ok(())
}
