//! Staff accounts, grants and sign-in (server only). Individual accounts only; roles are
//! grants with effective dates and an approver (seed 003's アクセス権限管理簿).

use chrono::{Duration, NaiveDate};

use crate::platform::db::instant_text;
use kit::error::AppError;
use kit::form::{Check, FieldError, Problem};
use crate::identity::accounts::{
    SignInAttempt, check_second_factor, complete_sign_in, hash_password, record_failure, throttle_gate, verify_password,
};
use crate::platform::secrets::{code_hash, new_code, random_bytes};
use crate::identity::session::{self, SessionInfo, SessionKind, Stage};
use crate::identity::password;
use kit::access::{Caller, StaffRole};
use crate::platform::audit::{Action, Actor, AuditEvent, DataCategory, RequestMeta};
use crate::platform::audit::store::{append, record_standalone};
use crate::platform::state::AppState;

const SETUP_DAYS: i64 = 7;

pub fn valid_staff_number(n: &str) -> bool {
    (2..=16).contains(&n.len()) && n.chars().all(|c| c.is_ascii_alphanumeric())
}

/// A new staff member with their first roles; returns the one-time setup code, to be
/// handed to them in person. `approved_by` is the admin's staff number (or the CLI).
pub async fn add_staff(
    state: &AppState,
    meta: &RequestMeta,
    actor: Actor,
    approved_by: &str,
    staff_number: &str,
    name: &str,
    roles: &[StaffRole],
    valid_from: NaiveDate,
) -> Result<String, AppError> {
    let mut c = Check::default();
    let number = kit::input::normalize_code(staff_number).to_uppercase();
    if !valid_staff_number(&number) {
        c.fail("staff_number", Problem::StaffNumber);
    }
    let name = c.text("name", name, 64);
    if roles.is_empty() {
        c.fail("roles", Problem::Role);
    }
    c.finish()?;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let exists: Option<i64> =
        sqlx::query_scalar("SELECT id FROM staff WHERE staff_number = $1").bind(&number).fetch_optional(&mut *tx).await?;
    if exists.is_some() {
        return Err(AppError::Invalid(vec![FieldError::new("staff_number", Problem::StaffNumber)]));
    }
    let staff_id: i64 = sqlx::query_scalar(
        "INSERT INTO staff (staff_number, name, status, created_at) VALUES ($1, $2, 'invited', $3) RETURNING id",
    )
    .bind(&number)
    .bind(&name)
    .bind(instant_text(now))
    .fetch_one(&mut *tx)
    .await?;
    for role in roles {
        sqlx::query(
            "INSERT INTO staff_grants (staff_id, role, valid_from, approved_by, approved_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(staff_id)
        .bind(role.code())
        .bind(valid_from.to_string())
        .bind(approved_by)
        .bind(instant_text(now))
        .execute(&mut *tx)
        .await?;
    }
    let code = new_code(4);
    sqlx::query(
        "INSERT INTO one_time_codes (purpose, staff_id, code_hash, issued_at, expires_at) \
         VALUES ('staff_setup', $1, $2, $3, $4)",
    )
    .bind(staff_id)
    .bind(code_hash(&code))
    .bind(instant_text(now))
    .bind(instant_text(now + Duration::days(SETUP_DAYS)))
    .execute(&mut *tx)
    .await?;
    let e = AuditEvent::new(actor, Action::StaffAdded)
        .data(DataCategory::Staff)
        .record(format!("staff/{staff_id}"))
        .detail(serde_json::json!({
            "staff_number": number,
            "roles": roles.iter().map(|r| r.code()).collect::<Vec<_>>(),
            "valid_from": valid_from.to_string(),
        }));
    append(&mut tx, now, meta, &e).await?;
    tx.commit().await?;
    Ok(code)
}

/// The staff member sets a password with the setup code; the second factor comes next.
pub async fn setup(
    state: &AppState,
    meta: &RequestMeta,
    staff_number: &str,
    code: &str,
    new_password: &str,
    confirm: &str,
) -> Result<String, AppError> {
    let mut c = Check::default();
    let number = kit::input::normalize_code(staff_number).to_uppercase();
    if !valid_staff_number(&number) {
        c.fail("staff_number", Problem::StaffNumber);
    }
    if code.trim().is_empty() {
        c.fail("code", Problem::Required);
    }
    if let Err(p) = password::check(new_password, &[&number]) {
        c.fail("password", Problem::Password(p));
    } else if password::normalize(new_password) != password::normalize(confirm) {
        c.fail("password_confirm", Problem::Mismatch);
    }
    c.finish()?;
    let now = state.clock.now();
    let found: Option<SetupCode> = sqlx::query_as(
        "SELECT c.id AS code_id, s.id AS staff_id FROM one_time_codes c JOIN staff s ON s.id = c.staff_id \
         WHERE c.code_hash = $1 AND s.staff_number = $2 AND c.purpose = 'staff_setup' AND c.used_at IS NULL \
         AND c.superseded_at IS NULL AND c.expires_at > $3 AND s.status IN ('invited', 'enrolling')",
    )
    .bind(code_hash(code))
    .bind(&number)
    .bind(instant_text(now))
    .fetch_optional(&state.db.pool)
    .await?;
    let Some(SetupCode { code_id, staff_id }) = found else {
        let e = AuditEvent::by(Caller::Anonymous, Action::StaffSetupRefused).data(DataCategory::Staff).refused();
        record_standalone(state, meta, &e).await;
        return Err(AppError::Invalid(vec![FieldError::new("code", Problem::CodeInvalid)]));
    };
    let hash = hash_password(new_password).await?;
    let sealed = state.secrets.seal(&random_bytes::<20>()).ok_or_else(|| AppError::internal("seal", "totp"))?;
    let mut tx = state.db.begin().await?;
    let used = sqlx::query("UPDATE one_time_codes SET used_at = $1 WHERE id = $2 AND used_at IS NULL")
        .bind(instant_text(now))
        .bind(code_id)
        .execute(&mut *tx)
        .await?;
    if used.rows_affected() != 1 {
        return Err(AppError::Invalid(vec![FieldError::new("code", Problem::CodeInvalid)]));
    }
    sqlx::query("UPDATE staff SET password_hash = $1, totp_sealed = $2, totp_last_step = NULL, status = 'enrolling' WHERE id = $3")
        .bind(hash)
        .bind(sealed)
        .bind(staff_id)
        .execute(&mut *tx)
        .await?;
    // A new setup (a lost second factor) removes the passkeys of the old one.
    crate::identity::passkeys::store::remove_all(&mut tx, SessionKind::Staff, staff_id).await?;
    let token = session::create(&mut tx, state, meta, SessionKind::Staff, staff_id, Stage::Enrolment).await?.token;
    let e = AuditEvent::by(Caller::Anonymous, Action::StaffSetup)
        .data(DataCategory::Staff)
        .record(format!("staff/{staff_id}"));
    append(&mut tx, now, meta, &e).await?;
    tx.commit().await?;
    Ok(token)
}

/// Staff sign-in: staff number + password + TOTP, throttled like members'.
pub async fn login(
    state: &AppState,
    meta: &RequestMeta,
    staff_number: &str,
    password_typed: &str,
    second: &str,
    previous: Option<&SessionInfo>,
) -> Result<String, AppError> {
    if password_typed.chars().count() > password::MAX_CHARS * 4
        || second.chars().count() > 64
        || staff_number.len() > 64
    {
        return Err(AppError::SignInFailed);
    }
    let number = kit::input::normalize_code(staff_number).to_uppercase();
    let row: Option<SignInRow> = sqlx::query_as(
        "SELECT id, status, password_hash, totp_sealed, totp_last_step FROM staff WHERE staff_number = $1",
    )
    .bind(&number)
    .fetch_optional(&state.db.pool)
    .await?;
    let account_key = match &row {
        Some(r) => format!("staff:{}", r.id),
        None => format!("unknown-staff:{}", crate::platform::secrets::sha256_hex(&number)),
    };
    throttle_gate(state, meta, &account_key, None).await?;
    let password_ok = verify_password(password_typed, row.as_ref().and_then(|r| r.password_hash.clone())).await?;
    let Some(SignInRow { id: staff_id, status, totp_sealed: sealed, totp_last_step: last_step, .. }) = row else {
        record_failure(state, meta, &account_key, None, Action::StaffLoginFailed).await?;
        return Err(AppError::SignInFailed);
    };
    let factor = if password_ok && status == "active" {
        check_second_factor(state, SessionKind::Staff, staff_id, sealed.as_deref(), last_step, second).await?
    } else {
        None
    };
    // A staff member with no role today (or a leaver) cannot sign in.
    let caller = session::staff_caller(state, staff_id).await?;
    let (Some(factor), Some(caller)) = (factor, caller) else {
        record_failure(state, meta, &account_key, None, Action::StaffLoginFailed).await?;
        return Err(AppError::SignInFailed);
    };
    let attempt = SignInAttempt { kind: SessionKind::Staff, account_id: staff_id, account_key: &account_key, previous };
    let e = AuditEvent::by(caller, Action::StaffLoginSucceeded).data(DataCategory::Staff);
    let Some(token) = complete_sign_in(state, meta, attempt, factor, e, false).await? else {
        record_failure(state, meta, &account_key, None, Action::StaffLoginFailed).await?;
        return Err(AppError::SignInFailed);
    };
    Ok(token)
}

/// A valid setup code and the staff member it was issued to.
#[derive(sqlx::FromRow)]
struct SetupCode {
    code_id: i64,
    staff_id: i64,
}

/// What a staff sign-in checks.
#[derive(sqlx::FromRow)]
struct SignInRow {
    id: i64,
    status: String,
    password_hash: Option<String>,
    /// The TOTP secret, sealed with the portal's key.
    totp_sealed: Option<String>,
    /// The last TOTP step used (a code is good once).
    totp_last_step: Option<i64>,
}
