//! Member accounts (server only): registration by a mailed code, second-factor
//! enrolment, sign-in with throttling, step-up, email verification, password reset.
//! Every outcome, allowed or refused, is written to `audit_events`.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use sqlx::AnyConnection;

use crate::platform::secrets::{code_hash, new_code, new_token, random_bytes, sha256_hex};
use super::session::{self, SessionInfo, SessionKind, Stage};
use super::throttle::{self, Failures};
use super::{Caller, password, totp};
use crate::platform::db::instant_text;
use kit::error::AppError;
use kit::form::{Check, FieldError, Problem};
use crate::platform::audit::{Actor, AuditEvent, Outcome, RequestMeta, append, record_standalone};
use crate::platform::state::AppState;

/// How long a mailed code stays valid.
pub const CODE_DAYS: i64 = 30;
/// One letter per person and purpose per day, so nobody can make the society mail a
/// member again and again.
const LETTER_INTERVAL_HOURS: i64 = 24;
const RECOVERY_CODES: usize = 10;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LetterPurpose {
    Registration,
    PasswordReset,
    SecondFactorReset,
}

impl LetterPurpose {
    pub fn code(self) -> &'static str {
        match self {
            LetterPurpose::Registration => "registration",
            LetterPurpose::PasswordReset => "password_reset",
            LetterPurpose::SecondFactorReset => "second_factor_reset",
        }
    }
}

/// 記号・番号・枝番 as typed on a form.
pub struct TypedKey<'a> {
    pub symbol: &'a str,
    pub number: &'a str,
    pub branch: &'a str,
}

impl TypedKey<'_> {
    pub fn check(&self, c: &mut Check) -> (String, String, String) {
        (c.digits("symbol", self.symbol, 16), c.digits("number", self.number, 16), c.digits("branch", self.branch, 4))
    }
}

pub fn now_text(state: &AppState) -> String {
    instant_text(state.clock.now())
}

type MemberRow = (i64, String, Option<String>);

/// A member by 記号・番号・枝番 (the society has one 保険者番号): id, birth date, loss date.
async fn find_member(
    state: &AppState,
    symbol: &str,
    number: &str,
    branch: &str,
) -> Result<Option<MemberRow>, AppError> {
    Ok(sqlx::query_as("SELECT id, birth_date, lost_on FROM members WHERE symbol = $1 AND number = $2 AND branch = $3")
        .bind(symbol)
        .bind(number)
        .bind(branch)
        .fetch_optional(&state.db.pool)
        .await?)
}

type AccountRow = (i64, String, String, Option<String>, Option<i64>);

/// The account of a member: id, status, password hash, sealed TOTP secret, last step.
async fn account_of_member(state: &AppState, member_id: i64) -> Result<Option<AccountRow>, AppError> {
    Ok(sqlx::query_as(
        "SELECT id, status, password_hash, totp_sealed, totp_last_step FROM member_accounts WHERE member_id = $1",
    )
    .bind(member_id)
    .fetch_optional(&state.db.pool)
    .await?)
}

fn event(
    actor: Caller,
    action: &'static str,
    outcome: Outcome,
    subject: Option<i64>,
    detail: serde_json::Value,
) -> AuditEvent {
    let mut e = AuditEvent::new(Actor::Caller(actor), action);
    e.outcome = outcome;
    e.subject_member_id = subject;
    e.data_category = Some("account");
    e.record_ref = subject.map(|s| format!("members/{s}"));
    // Account events serve the account itself (sign-in, recovery, settings).
    e.purpose = Some("account".into());
    e.detail = Some(detail);
    e
}

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
        "letter.request_declined",
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
    let Some((member_id, stored_birth, lost_on)) = find_member(state, symbol, number, branch).await? else {
        return Ok(Err((None, "no_match")));
    };
    if stored_birth != birth.to_string() {
        return Ok(Err((Some(member_id), "birth_date_mismatch")));
    }
    let today = kit::time::tokyo_date(state.clock.now());
    if !super::lifecycle::may_sign_in(lost_on.as_deref(), today, &state.feature::<crate::identity::session::SessionPolicy>()) {
        return Ok(Err((Some(member_id), "retention_over")));
    }
    let account = account_of_member(state, member_id).await?;
    match (purpose, account.as_ref().map(|a| a.1.as_str())) {
        (LetterPurpose::Registration, None) => {}
        (LetterPurpose::Registration, Some(_)) => return Ok(Err((Some(member_id), "account_exists"))),
        (_, Some("active")) => {}
        _ => return Ok(Err((Some(member_id), "no_active_account"))),
    }
    let since = instant_text(state.clock.now() - Duration::hours(LETTER_INTERVAL_HOURS));
    let (recent,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM one_time_codes WHERE member_id = $1 AND purpose = $2 AND issued_at > $3")
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
    let (code_id,): (i64,) = sqlx::query_as(
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
    let (letter_id,): (i64,) = sqlx::query_as(
        "INSERT INTO letters (code_id, member_id, code_sealed, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(code_id)
    .bind(member_id)
    .bind(sealed)
    .bind(instant_text(now))
    .fetch_one(&mut *conn)
    .await?;
    let mut e = AuditEvent::new(actor, "letter.issued");
    e.subject_member_id = Some(member_id);
    e.data_category = Some("account");
    e.record_ref = Some(format!("letters/{letter_id}"));
    e.purpose = Some(format!("letter {letter_id}"));
    e.detail = Some(serde_json::json!({ "purpose": purpose.code() }));
    append(conn, now, meta, &e).await?;
    Ok(letter_id)
}

/// Finds a valid code of `purpose` for the member, or refuses with one answer for all.
async fn valid_code(
    state: &AppState,
    meta: &RequestMeta,
    purpose: LetterPurpose,
    member: Option<i64>,
    typed: &str,
) -> Result<(i64, i64), AppError> {
    let found: Option<(i64,)> = match member {
        Some(member_id) => {
            sqlx::query_as(
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
        (Some(member_id), Some((code_id,))) => Ok((member_id, code_id)),
        _ => {
            let e = event(
                Caller::Anonymous,
                "code.refused",
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
async fn use_code(conn: &mut AnyConnection, now: DateTime<Utc>, code_id: i64) -> Result<(), AppError> {
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

/// Checks a new password and its confirmation, with what others may know of the member.
fn check_new_password(c: &mut Check, password: &str, confirm: &str, personal: &[&str]) {
    if let Err(p) = password::check(password, personal) {
        c.fail("password", Problem::Password(p));
    } else if password::normalize(password) != password::normalize(confirm) {
        c.fail("password_confirm", Problem::Mismatch);
    }
}

/// Argon2 takes 64 MiB and ~150 ms per hash: at most this many run at once, so a flood
/// of sign-ins queues instead of exhausting memory.
static HASHING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(4);

pub async fn hash_password(password: &str) -> Result<String, AppError> {
    let _permit = HASHING.acquire().await.map_err(|e| AppError::internal("hash queue", e))?;
    let password = password.to_string();
    tokio::task::spawn_blocking(move || password::hash(&password))
        .await
        .map_err(|e| AppError::internal("hash task", e))?
}

pub async fn verify_password(password: &str, phc: Option<String>) -> Result<bool, AppError> {
    let _permit = HASHING.acquire().await.map_err(|e| AppError::internal("hash queue", e))?;
    let password = password.to_string();
    tokio::task::spawn_blocking(move || match phc {
        Some(phc) => password::verify(&password, &phc),
        None => {
            // Unknown account: spend the same time as a real check, then refuse.
            let _ = password::verify(&password, dummy_hash());
            false
        }
    })
    .await
    .map_err(|e| AppError::internal("verify task", e))
}

fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| password::hash("madoguchi-timing-equaliser").unwrap_or_default())
}

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
    let birth_digits = member.as_ref().map(|m| m.1.replace('-', "")).unwrap_or_default();
    check_new_password(&mut c, new_password, confirm, &[&symbol, &number, &birth_digits]);
    c.finish()?;
    let (member_id, code_id) =
        valid_code(state, meta, LetterPurpose::Registration, member.as_ref().map(|m| m.0), code).await?;
    if account_of_member(state, member_id).await?.is_some() {
        return Err(AppError::Invalid(vec![FieldError::new("code", Problem::CodeInvalid)]));
    }
    let hash = hash_password(new_password).await?;
    let secret = random_bytes::<20>();
    let sealed = state.secrets.seal(&secret).ok_or_else(|| AppError::internal("seal", "totp"))?;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    use_code(&mut tx, now, code_id).await?;
    let (account_id,): (i64,) = sqlx::query_as(
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
    let mut e =
        event(Caller::Anonymous, "account.registered", Outcome::Allowed, Some(member_id), serde_json::json!({}));
    e.record_ref = Some(format!("member_accounts/{account_id}"));
    append(&mut tx, now, meta, &e).await?;
    tx.commit().await?;
    Ok(token)
}

/// After staff reset a lost second factor (identity checked at the counter), the letter's
/// code and the member's password start a new enrolment.
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
        valid_code(state, meta, LetterPurpose::SecondFactorReset, member.map(|m| m.0), code).await?;
    let account = account_of_member(state, member_id).await?;
    let ok = verify_password(current_password, account.as_ref().map(|a| a.2.clone())).await?;
    let Some((account_id, ..)) = account.filter(|_| ok) else {
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
    session::end_all(&mut tx, now, SessionKind::Member, account_id, "second_factor_reset").await?;
    let token = session::create(&mut tx, state, meta, SessionKind::Member, account_id, Stage::Enrolment).await?.token;
    let e =
        event(Caller::Anonymous, "second_factor.restarted", Outcome::Allowed, Some(member_id), serde_json::json!({}));
    append(&mut tx, now, meta, &e).await?;
    tx.commit().await?;
    Ok(token)
}

/// What the enrolment page shows: the secret for manual entry and the QR code.
/// No `Debug`: it holds the secret.
#[derive(Clone)]
pub struct Enrolment {
    pub secret_base32: String,
    pub uri: String,
    secret: Vec<u8>,
}

/// The enrolment of the current enrolment session's account.
pub async fn enrolment(state: &AppState, s: &SessionInfo) -> Result<Enrolment, AppError> {
    if s.stage != Stage::Enrolment {
        return Err(AppError::Forbidden);
    }
    let (label, sealed) = match s.kind {
        SessionKind::Member => {
            let row: Option<(String, String, String, Option<String>)> = sqlx::query_as(
                "SELECT m.symbol, m.number, m.branch, a.totp_sealed FROM member_accounts a \
                 JOIN members m ON m.id = a.member_id WHERE a.id = $1 AND a.status = 'enrolling'",
            )
            .bind(s.account_id)
            .fetch_optional(&state.db.pool)
            .await?;
            let (symbol, number, branch, sealed) = row.ok_or(AppError::Unauthorized)?;
            (format!("{symbol}-{number}-{branch}"), sealed)
        }
        SessionKind::Staff => {
            let row: Option<(String, Option<String>)> =
                sqlx::query_as("SELECT staff_number, totp_sealed FROM staff WHERE id = $1 AND status = 'enrolling'")
                    .bind(s.account_id)
                    .fetch_optional(&state.db.pool)
                    .await?;
            let (number, sealed) = row.ok_or(AppError::Unauthorized)?;
            (format!("staff-{number}"), sealed)
        }
    };
    let secret = sealed.and_then(|x| state.secrets.open(&x)).ok_or_else(|| AppError::internal("open", "totp"))?;
    Ok(Enrolment { secret_base32: totp::base32(&secret), uri: totp::otpauth_uri(&secret, "madoguchi", &label), secret })
}

fn table_of(kind: SessionKind) -> &'static str {
    match kind {
        SessionKind::Member => "member_accounts",
        SessionKind::Staff => "staff",
    }
}

/// The member (for the audit record) behind an account.
async fn member_of_account(state: &AppState, account_id: i64) -> Result<Option<i64>, AppError> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT member_id FROM member_accounts WHERE id = $1")
        .bind(account_id)
        .fetch_optional(&state.db.pool)
        .await?;
    Ok(row.map(|r| r.0))
}

/// Confirms the second factor with a code from the app. The account becomes active, a
/// full session replaces the enrolment session (rotation), and for members fresh
/// recovery codes are kept sealed in the new session, to be shown once.
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
                "second_factor.refused",
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
    session::end_all(&mut tx, now, s.kind, s.account_id, "enrolment_complete").await?;
    let started = session::create(&mut tx, state, meta, s.kind, s.account_id, Stage::Full).await?;
    if s.kind == SessionKind::Member {
        let codes = replace_recovery_codes(&mut tx, now, s.account_id).await?;
        session::stash_flash(&mut tx, state, started.id, &codes.join("\n")).await?;
    }
    let e = event(
        Caller::Anonymous,
        "second_factor.enrolled",
        Outcome::Allowed,
        subject,
        serde_json::json!({ "kind": s.kind.code(), "account": s.account_id }),
    );
    append(&mut tx, now, meta, &e).await?;
    tx.commit().await?;
    Ok(started.token)
}

async fn replace_recovery_codes(
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
        "recovery_codes.regenerated",
        Outcome::Allowed,
        Some(member_id),
        serde_json::json!({}),
    );
    append(&mut tx, now, meta, &e).await?;
    tx.commit().await?;
    Ok(())
}

/// How the identifier on the sign-in form was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Identifier {
    Key { symbol: String, number: String, branch: String },
    LoginId(String),
}

/// `1001-23-00`, `1001 23 00`, `１００１ー２３ー００` → a key; otherwise a login id.
pub fn parse_identifier(raw: &str) -> Option<Identifier> {
    let s = kit::input::normalize(raw);
    if s.is_empty() || s.chars().count() > 64 {
        return None;
    }
    let parts: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || matches!(c, '-' | '‐' | 'ー' | '−' | '・' | '/' | '.'))
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() == 3 && parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit())) {
        return Some(Identifier::Key {
            symbol: parts[0].to_string(),
            number: parts[1].to_string(),
            branch: parts[2].to_string(),
        });
    }
    let id = s.to_lowercase();
    valid_login_id(&id).then_some(Identifier::LoginId(id))
}

pub fn valid_login_id(id: &str) -> bool {
    (4..=32).contains(&id.len())
        && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'))
        && id.chars().next().is_some_and(|c| c.is_ascii_lowercase())
}

/// Recent failures for the throttle.
pub async fn failures(state: &AppState, account_key: &str, ip: &str) -> Result<Failures, AppError> {
    let since = instant_text(state.clock.now() - Duration::hours(throttle::WINDOW_HOURS));
    let (pair, account, address, latest): (i64, i64, i64, Option<String>) = sqlx::query_as(
        "SELECT \
           (SELECT COUNT(*) FROM login_failures WHERE account_key = $1 AND ip = $2 AND failed_at > $3), \
           (SELECT COUNT(*) FROM login_failures WHERE account_key = $1 AND failed_at > $3), \
           (SELECT COUNT(*) FROM login_failures WHERE ip = $2 AND failed_at > $3), \
           (SELECT MAX(failed_at) FROM login_failures WHERE (account_key = $1 OR ip = $2) AND failed_at > $3)",
    )
    .bind(account_key)
    .bind(ip)
    .bind(since)
    .fetch_one(&state.db.pool)
    .await?;
    let n = |v: i64| u32::try_from(v).unwrap_or(u32::MAX);
    Ok(Failures {
        account_and_address: n(pair),
        account: n(account),
        address: n(address),
        latest: latest.and_then(|t| DateTime::parse_from_rfc3339(&t).ok()).map(|d| d.with_timezone(&Utc)),
    })
}

/// Refuses an attempt that comes before the throttle allows, and records it.
pub async fn throttle_gate(
    state: &AppState,
    meta: &RequestMeta,
    account_key: &str,
    subject: Option<i64>,
) -> Result<(), AppError> {
    let ip = meta.ip.clone().unwrap_or_default();
    let f = failures(state, account_key, &ip).await?;
    let now = state.clock.now();
    if throttle::may_attempt(f, now) {
        return Ok(());
    }
    let wait = throttle::next_allowed(f).map(|t| (t - now).num_seconds().max(1)).unwrap_or(1);
    let e = event(
        Caller::Anonymous,
        "login.throttled",
        Outcome::Refused,
        subject,
        serde_json::json!({ "wait_seconds": wait }),
    );
    record_standalone(state, meta, &e).await;
    Err(AppError::TooManyAttempts { wait_seconds: wait })
}

pub async fn record_failure(
    state: &AppState,
    meta: &RequestMeta,
    account_key: &str,
    subject: Option<i64>,
    action: &'static str,
) -> Result<(), AppError> {
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    sqlx::query("INSERT INTO login_failures (account_key, ip, failed_at) VALUES ($1, $2, $3)")
        .bind(account_key)
        .bind(meta.ip.clone().unwrap_or_default())
        .bind(instant_text(now))
        .execute(&mut *tx)
        .await?;
    let e = event(Caller::Anonymous, action, Outcome::Refused, subject, serde_json::json!({}));
    append(&mut tx, now, meta, &e).await?;
    tx.commit().await?;
    Ok(())
}

/// How the second factor was given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SecondFactor {
    Totp(i64),
    RecoveryCode(i64),
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
    let row: Option<(i64,)> =
        sqlx::query_as("SELECT id FROM recovery_codes WHERE account_id = $1 AND code_hash = $2 AND used_at IS NULL")
            .bind(account_id)
            .bind(code_hash(typed))
            .fetch_optional(&state.db.pool)
            .await?;
    Ok(row.map(|r| SecondFactor::RecoveryCode(r.0)))
}

/// Records a used second factor: the TOTP step (no reuse within its window) or the
/// recovery code (single use). Fails if a concurrent request used it first.
pub async fn consume_second_factor(
    conn: &mut AnyConnection,
    now: DateTime<Utc>,
    kind: SessionKind,
    account_id: i64,
    f: SecondFactor,
) -> Result<bool, AppError> {
    let done =
        match f {
            SecondFactor::Totp(step) => sqlx::query(&format!(
                "UPDATE {} SET totp_last_step = $1 WHERE id = $2 AND (totp_last_step IS NULL OR totp_last_step < $1)",
                table_of(kind)
            ))
            .bind(step)
            .bind(account_id)
            .execute(&mut *conn)
            .await?,
            SecondFactor::RecoveryCode(id) => {
                sqlx::query("UPDATE recovery_codes SET used_at = $1 WHERE id = $2 AND used_at IS NULL")
                    .bind(instant_text(now))
                    .bind(id)
                    .execute(&mut *conn)
                    .await?
            }
        };
    Ok(done.rows_affected() == 1)
}

/// The result of a successful sign-in.
pub struct SignedIn {
    pub token: String,
    pub used_recovery_code: bool,
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
    let row: Option<(i64, i64, String, String, Option<String>, Option<i64>, Option<String>)> = match &parsed {
        Some(Identifier::Key { symbol, number, branch }) => {
            sqlx::query_as(
                "SELECT a.id, m.id, a.status, a.password_hash, a.totp_sealed, a.totp_last_step, m.lost_on \
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
                "SELECT a.id, m.id, a.status, a.password_hash, a.totp_sealed, a.totp_last_step, m.lost_on \
                 FROM member_accounts a JOIN members m ON m.id = a.member_id WHERE a.login_id = $1",
            )
            .bind(id)
            .fetch_optional(&state.db.pool)
            .await?
        }
        None => None,
    };
    let account_key = match &row {
        Some(r) => format!("member:{}", r.0),
        None => format!("unknown:{}", sha256_hex(&kit::input::normalize(identifier))),
    };
    let subject = row.as_ref().map(|r| r.1);
    throttle_gate(state, meta, &account_key, subject).await?;
    let password_ok = verify_password(password_typed, row.as_ref().map(|r| r.3.clone())).await?;
    let today = kit::time::tokyo_date(state.clock.now());
    let Some((account_id, member_id, status, _, sealed, last_step, lost_on)) = row else {
        record_failure(state, meta, &account_key, None, "login.failed").await?;
        return Err(AppError::SignInFailed);
    };
    let eligible = status == "active" && super::lifecycle::may_sign_in(lost_on.as_deref(), today, &state.feature::<crate::identity::session::SessionPolicy>());
    let factor = if password_ok && eligible {
        check_second_factor(state, SessionKind::Member, account_id, sealed.as_deref(), last_step, second).await?
    } else {
        None
    };
    let Some(factor) = factor else {
        record_failure(state, meta, &account_key, Some(member_id), "login.failed").await?;
        return Err(AppError::SignInFailed);
    };
    let used_recovery_code = matches!(factor, SecondFactor::RecoveryCode(_));
    let attempt = SignInAttempt { kind: SessionKind::Member, account_id, account_key: &account_key, previous };
    let mut e = event(
        Caller::Member { member_id },
        "login.succeeded",
        Outcome::Allowed,
        Some(member_id),
        serde_json::json!({}),
    );
    let Some(token) = complete_sign_in(state, meta, attempt, factor, &mut e, used_recovery_code).await? else {
        record_failure(state, meta, &account_key, Some(member_id), "login.failed").await?;
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
    event: &mut AuditEvent,
    used_recovery_code: bool,
) -> Result<Option<String>, AppError> {
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    if !consume_second_factor(&mut tx, now, attempt.kind, attempt.account_id, factor).await? {
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
    let (failed_before,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM login_failures WHERE account_key = $1")
        .bind(attempt.account_key)
        .fetch_one(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM login_failures WHERE account_key = $1")
        .bind(attempt.account_key)
        .execute(&mut *tx)
        .await?;
    event.detail =
        Some(serde_json::json!({ "recovery_code": used_recovery_code, "failures_since_last_sign_in": failed_before }));
    append(&mut tx, now, meta, event).await?;
    if failed_before > 0 && attempt.kind == SessionKind::Member {
        session::stash_flash(&mut tx, state, started.id, &format!("failures:{failed_before}")).await?;
    }
    tx.commit().await?;
    Ok(Some(started.token))
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
    let row: Option<(String, Option<String>, Option<i64>)> =
        sqlx::query_as("SELECT password_hash, totp_sealed, totp_last_step FROM member_accounts WHERE id = $1")
            .bind(s.account_id)
            .fetch_optional(&state.db.pool)
            .await?;
    let Some((phc, sealed, last_step)) = row else { return Err(AppError::Unauthorized) };
    let factor = if verify_password(password_typed, Some(phc)).await? {
        check_second_factor(state, SessionKind::Member, s.account_id, sealed.as_deref(), last_step, second).await?
    } else {
        None
    };
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let ok = match factor {
        Some(f) => consume_second_factor(&mut tx, now, SessionKind::Member, s.account_id, f).await?,
        None => false,
    };
    if !ok {
        drop(tx);
        record_failure(state, meta, &account_key, Some(member_id), "step_up.failed").await?;
        return Err(AppError::SignInFailed);
    }
    sqlx::query("UPDATE sessions SET authenticated_at = $1 WHERE id = $2")
        .bind(instant_text(now))
        .bind(s.id)
        .execute(&mut *tx)
        .await?;
    let e = event(
        Caller::Member { member_id },
        "step_up.succeeded",
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
    let birth_digits = member.as_ref().map(|m| m.1.replace('-', "")).unwrap_or_default();
    check_new_password(&mut c, new_password, confirm, &[&symbol, &number, &birth_digits]);
    c.finish()?;
    let (member_id, code_id) = valid_code(state, meta, LetterPurpose::PasswordReset, member.map(|m| m.0), code).await?;
    let Some((account_id, _, _, sealed, last_step)) = account_of_member(state, member_id).await? else {
        return Err(AppError::Invalid(vec![FieldError::new("code", Problem::CodeInvalid)]));
    };
    let factor =
        check_second_factor(state, SessionKind::Member, account_id, sealed.as_deref(), last_step, second).await?;
    let now = state.clock.now();
    let hash = hash_password(new_password).await?;
    let mut tx = state.db.begin().await?;
    let ok = match factor {
        Some(f) => consume_second_factor(&mut tx, now, SessionKind::Member, account_id, f).await?,
        None => false,
    };
    if !ok {
        drop(tx);
        let e = event(
            Caller::Anonymous,
            "password_reset.refused",
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
    let e = event(Caller::Anonymous, "password.reset", Outcome::Allowed, Some(member_id), serde_json::json!({}));
    append(&mut tx, now, meta, &e).await?;
    tx.commit().await?;
    Ok(())
}

/// Sets (or changes) the login id the member chose, usable instead of 記号・番号・枝番.
pub async fn set_login_id(
    state: &AppState,
    meta: &RequestMeta,
    s: &SessionInfo,
    member_id: i64,
    typed: &str,
) -> Result<(), AppError> {
    let id = kit::input::normalize(typed).to_lowercase();
    if id.is_empty() {
        return Err(AppError::Invalid(vec![FieldError::new("login_id", Problem::Required)]));
    }
    // Digits only would read as 記号・番号; ids are letters first.
    if !valid_login_id(&id) {
        return Err(AppError::Invalid(vec![FieldError::new("login_id", Problem::LoginIdUnavailable)]));
    }
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let taken: Option<(i64,)> = sqlx::query_as("SELECT id FROM member_accounts WHERE login_id = $1 AND id <> $2")
        .bind(&id)
        .bind(s.account_id)
        .fetch_optional(&mut *tx)
        .await?;
    if taken.is_some() {
        return Err(AppError::Invalid(vec![FieldError::new("login_id", Problem::LoginIdUnavailable)]));
    }
    sqlx::query("UPDATE member_accounts SET login_id = $1 WHERE id = $2")
        .bind(&id)
        .bind(s.account_id)
        .execute(&mut *tx)
        .await?;
    let e =
        event(Caller::Member { member_id }, "login_id.set", Outcome::Allowed, Some(member_id), serde_json::json!({}));
    append(&mut tx, now, meta, &e).await?;
    tx.commit().await?;
    Ok(())
}

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
        "email.verification_sent",
        Outcome::Allowed,
        Some(member_id),
        serde_json::json!({}),
    );
    append(&mut tx, now, meta, &e).await?;
    let link = format!("{origin}/account/email/verify?token={token}");
    let t = &kit::texts::JA;
    let body = format!("{}\n\n{link}\n\n{}\n", t.mail_verify_body, t.mail_verify_footer);
    state.mail.send("no-reply@madoguchi.invalid", &email, t.mail_verify_subject, &body).await?;
    tx.commit().await?;
    Ok(())
}

/// Verifies an address with the link's token.
pub async fn verify_email(state: &AppState, meta: &RequestMeta, token: &str) -> Result<(), AppError> {
    if token.len() > 64 {
        return Err(AppError::Invalid(vec![FieldError::new("token", Problem::CodeInvalid)]));
    }
    let now = state.clock.now();
    let row: Option<(i64, i64, String)> = sqlx::query_as(
        "SELECT id, account_id, email FROM email_verifications WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2",
    )
    .bind(sha256_hex(token))
    .bind(instant_text(now))
    .fetch_optional(&state.db.pool)
    .await?;
    let Some((id, account_id, email)) = row else {
        let e = event(Caller::Anonymous, "email.verification_refused", Outcome::Refused, None, serde_json::json!({}));
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
    let e = event(Caller::Anonymous, "email.verified", Outcome::Allowed, member_id, serde_json::json!({}));
    append(&mut tx, now, meta, &e).await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_as_people_type_them() {
        let key = Identifier::Key { symbol: "1001".into(), number: "23".into(), branch: "00".into() };
        for typed in ["1001-23-00", " 1001 23 00 ", "１００１ー２３ー００", "1001・23・00", "1001/23/00"] {
            assert_eq!(parse_identifier(typed), Some(key.clone()), "{typed}");
        }
        assert_eq!(parse_identifier("Aoba.Taro"), Some(Identifier::LoginId("aoba.taro".into())));
        assert_eq!(parse_identifier("10012300"), None);
        assert_eq!(parse_identifier(""), None);
        assert_eq!(parse_identifier(&"a".repeat(100)), None);
        assert_eq!(parse_identifier("<script>"), None);
    }

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
