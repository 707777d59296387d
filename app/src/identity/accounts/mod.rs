//! Member accounts (server only): registration by a mailed code, second-factor
//! enrolment, sign-in with throttling, step-up, email verification, password reset.
//! Every outcome, allowed or refused, is written to `audit_events`.
//!
//! One file per concern: `letters` (mailed codes), `registration`, `enrolment` of the
//! second factor, `sign_in` and step-up, `throttling`, `recovery` (resets and recovery
//! codes), the chosen `login_id`, `email`, `password_change`, and password `hashing`. This file keeps the
//! lookups and the audit event they share.

mod email;
mod enrolment;
mod hashing;
mod letters;
mod login_id;
mod password_change;
mod recovery;
mod registration;
mod sign_in;
mod throttling;

pub use email::{start_email_verification, valid_email, verify_email};
pub use enrolment::{Enrolment, complete_enrolment, confirm_second_factor, enrolment};
pub use hashing::{hash_password, verify_password};
pub use letters::{CODE_DAYS, LetterPurpose, issue_letter, request_letter};
pub use login_id::{Identifier, REFUSED_IDS_PER_DAY, parse_identifier, set_login_id, valid_login_id};
pub use password_change::change_password;
pub use recovery::{regenerate_recovery_codes, reset_password, restart_second_factor};
pub use registration::register;
pub use sign_in::{
    SecondFactor, SignInAttempt, SignedIn, check_second_factor, complete_sign_in, confirm_identity,
    consume_second_factor, login,
};
pub use throttling::{failures, record_failure, throttle_gate};

use crate::identity::Caller;
use crate::identity::session::SessionKind;
use crate::platform::audit::{Action, AuditEvent, DataCategory, Outcome};
use crate::platform::db::instant_text;
use crate::platform::state::AppState;
use kit::error::AppError;
use kit::form::Check;

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

/// A member found by 記号・番号・枝番.
#[derive(sqlx::FromRow)]
struct MemberRow {
    id: i64,
    birth_date: String,
    lost_on: Option<String>,
}

/// A member by 記号・番号・枝番 (the society has one 保険者番号).
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

/// A member's account with what sign-in and recovery check.
#[derive(sqlx::FromRow)]
struct AccountRow {
    id: i64,
    status: String,
    password_hash: String,
    /// The TOTP secret, sealed.
    totp_sealed: Option<String>,
    /// The last TOTP step used, so a code is not accepted twice.
    totp_last_step: Option<i64>,
}

/// The account of a member.
async fn account_of_member(state: &AppState, member_id: i64) -> Result<Option<AccountRow>, AppError> {
    Ok(sqlx::query_as(
        "SELECT id, status, password_hash, totp_sealed, totp_last_step FROM member_accounts WHERE member_id = $1",
    )
    .bind(member_id)
    .fetch_optional(&state.db.pool)
    .await?)
}

pub(crate) fn event(
    actor: Caller,
    action: Action,
    outcome: Outcome,
    subject: Option<i64>,
    detail: serde_json::Value,
) -> AuditEvent {
    AuditEvent::by(actor, action)
        .outcome(outcome)
        .about(subject)
        .data(DataCategory::Account)
        .record(subject.map(|s| format!("members/{s}")))
        // Account events serve the account itself (sign-in, recovery, settings).
        .purpose("account")
        .detail(detail)
}

pub(crate) fn table_of(kind: SessionKind) -> &'static str {
    match kind {
        SessionKind::Member => "member_accounts",
        SessionKind::Staff => "staff",
    }
}

/// The member (for the audit record) behind an account.
pub(crate) async fn member_of_account(state: &AppState, account_id: i64) -> Result<Option<i64>, AppError> {
    Ok(sqlx::query_scalar("SELECT member_id FROM member_accounts WHERE id = $1")
        .bind(account_id)
        .fetch_optional(&state.db.pool)
        .await?)
}
