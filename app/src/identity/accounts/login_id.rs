//! The identifier on the sign-in form: 記号・番号・枝番 as people write them, or the login id
//! a member chose, and setting that id.

use super::event;
use crate::identity::Caller;
use crate::identity::session::SessionInfo;
use crate::platform::audit::{Action, Outcome, RequestMeta};
use crate::platform::audit::store::{append, record_standalone};
use crate::platform::state::AppState;
use kit::error::AppError;
use kit::form::{FieldError, Problem};

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

/// Refused ids a member may try in a day. A refusal of a well-formed id tells that someone
/// holds it (unavoidable for an id people choose); each is recorded, and past this many no
/// more are checked, so a signed-in member cannot list who uses the portal.
pub const REFUSED_IDS_PER_DAY: i64 = 10;

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
    let since = crate::platform::db::instant_text(now - chrono::Duration::hours(24));
    let refused_today: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_events WHERE actor_kind = 'member' AND actor_id = $1 AND action = $2 \
         AND outcome = 'refused' AND occurred_at >= $3",
    )
    .bind(member_id.to_string())
    .bind(Action::LoginIdSet.code())
    .bind(since)
    .fetch_one(&state.db.pool)
    .await?;
    if refused_today >= REFUSED_IDS_PER_DAY {
        return Err(AppError::Invalid(vec![FieldError::new("login_id", Problem::LoginIdTries)]));
    }
    let mut tx = state.db.begin().await?;
    let taken: Option<i64> = sqlx::query_scalar("SELECT id FROM member_accounts WHERE login_id = $1 AND id <> $2")
        .bind(&id)
        .bind(s.account_id)
        .fetch_optional(&mut *tx)
        .await?;
    if taken.is_some() {
        tx.rollback().await?;
        let refused = event(Caller::Member { member_id }, Action::LoginIdSet, Outcome::Refused, Some(member_id), serde_json::json!({ "reason": "taken" }));
        record_standalone(state, meta, &refused).await;
        return Err(AppError::Invalid(vec![FieldError::new("login_id", Problem::LoginIdUnavailable)]));
    }
    sqlx::query("UPDATE member_accounts SET login_id = $1 WHERE id = $2")
        .bind(&id)
        .bind(s.account_id)
        .execute(&mut *tx)
        .await?;
    let e =
        event(Caller::Member { member_id }, Action::LoginIdSet, Outcome::Allowed, Some(member_id), serde_json::json!({}));
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
}
