//! The answers of a request form in steps, kept between its pages (server only). One row
//! per member and request type; it goes with the request it became, in the same
//! transaction ([`super::submission`]), or after a day.

use chrono::{DateTime, Duration, Utc};
use sha2::{Digest, Sha256};

use crate::platform::db::instant_text;
use crate::platform::state::AppState;
use crate::requests::draft::{Fields, steps};
use kit::error::AppError;
use kit::rights::RequestType;

/// How long unsent answers are kept.
pub const KEPT_FOR: Duration = Duration::hours(24);

/// What a member answered so far, as the database keeps it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SavedAnswers {
    pub answers: Fields,
    /// Never shown: the confirmation is computed with it.
    nonce: String,
    /// The key the request will be sent with: sending the same answers twice makes one request.
    pub idempotency_key: String,
}

/// A draft row, as read.
#[derive(sqlx::FromRow)]
struct DraftRow {
    answers: String,
    nonce: String,
    idempotency_key: String,
    updated_at: String,
}

fn cutoff(now: DateTime<Utc>) -> String {
    instant_text(now - KEPT_FOR)
}

/// The member's unsent answers for `request_type`, unless older than [`KEPT_FOR`].
pub async fn load(state: &AppState, member_id: i64, request_type: RequestType) -> Result<Option<SavedAnswers>, AppError> {
    let row: Option<DraftRow> = sqlx::query_as(
        "SELECT answers, nonce, idempotency_key, updated_at FROM request_drafts WHERE member_id = $1 AND request_type = $2",
    )
    .bind(member_id)
    .bind(request_type.code())
    .fetch_optional(&state.db.pool)
    .await?;
    let Some(row) = row.filter(|r| r.updated_at >= cutoff(state.clock.now())) else { return Ok(None) };
    let answers: Fields = serde_json::from_str(&row.answers).map_err(|e| AppError::internal("request_drafts.answers", e))?;
    Ok(Some(SavedAnswers { answers, nonce: row.nonce, idempotency_key: row.idempotency_key }))
}

/// Keeps `answers` (a new nonce: any earlier confirmation no longer holds), with the key
/// of the answers kept before, if any.
pub async fn save(state: &AppState, member_id: i64, request_type: RequestType, answers: &Fields, key: Option<&str>) -> Result<(), AppError> {
    let json = serde_json::to_string(answers).map_err(|e| AppError::internal("request_drafts.answers", e))?;
    let nonce = hex::encode(crate::platform::secrets::random_bytes::<16>());
    let key = key.map_or_else(super::new_key, str::to_string);
    let now = instant_text(state.clock.now());
    let code = request_type.code();
    state
        .db
        .write_grouped(move |conn| {
            let (json, nonce, key, now) = (json.clone(), nonce.clone(), key.clone(), now.clone());
            Box::pin(async move {
                sqlx::query(
                    "INSERT INTO request_drafts (member_id, request_type, answers, nonce, idempotency_key, updated_at) \
                     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (member_id, request_type) DO UPDATE SET \
                     answers = excluded.answers, nonce = excluded.nonce, idempotency_key = excluded.idempotency_key, updated_at = excluded.updated_at",
                )
                .bind(member_id)
                .bind(code)
                .bind(json)
                .bind(nonce)
                .bind(key)
                .bind(now)
                .execute(&mut *conn)
                .await?;
                Ok(())
            })
        })
        .await
}

/// Forgets the member's answers for `request_type` (「最初からやり直す」).
pub async fn discard(state: &AppState, member_id: i64, request_type: RequestType) -> Result<(), AppError> {
    let code = request_type.code();
    state
        .db
        .write_grouped(move |conn| {
            Box::pin(async move {
                discard_on(conn, member_id, code).await
            })
        })
        .await
}

/// [`discard`] inside the caller's transaction (the request's submission).
pub(crate) async fn discard_on(conn: &mut sqlx::AnyConnection, member_id: i64, code: &str) -> Result<(), AppError> {
    sqlx::query("DELETE FROM request_drafts WHERE member_id = $1 AND request_type = $2").bind(member_id).bind(code).execute(conn).await?;
    Ok(())
}

/// Removes every draft older than [`KEPT_FOR`]; returns how many went.
pub async fn purge_expired(state: &AppState) -> Result<u64, AppError> {
    let before = cutoff(state.clock.now());
    state
        .db
        .write_grouped(move |conn| {
            let before = before.clone();
            Box::pin(async move {
                Ok(sqlx::query("DELETE FROM request_drafts WHERE updated_at < $1").bind(before).execute(&mut *conn).await?.rows_affected())
            })
        })
        .await
}

/// The confirmation of these answers at this fee: the confirm page shows it and the final
/// post returns it. Keyed by the row's nonce, so only the server can make one, and any
/// change of an answer (a new nonce) or of the fee gives another.
pub fn confirmation(saved: &SavedAnswers, member_id: i64, request_type: RequestType, fee_yen: u32) -> String {
    let mut h = Sha256::new();
    for part in [saved.nonce.as_str(), &member_id.to_string(), request_type.code(), &fee_yen.to_string(), &steps::canonical(&saved.answers)] {
        h.update(part.len().to_le_bytes());
        h.update(part.as_bytes());
    }
    hex::encode(h.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn saved(nonce: &str, answers: &[(&str, &str)]) -> SavedAnswers {
        SavedAnswers {
            answers: answers.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
            nonce: nonce.to_string(),
            idempotency_key: "k".into(),
        }
    }

    #[test]
    fn a_confirmation_changes_with_the_nonce_the_answers_the_fee_and_the_member() {
        let a = saved("n1", &[("for", "self"), ("categories", "receipts")]);
        let c = confirmation(&a, 1, RequestType::Disclosure, 300);
        assert_eq!(c, confirmation(&saved("n1", &[("categories", "receipts"), ("for", "self")]), 1, RequestType::Disclosure, 300));
        assert_ne!(c, confirmation(&saved("n2", &[("for", "self"), ("categories", "receipts")]), 1, RequestType::Disclosure, 300));
        assert_ne!(c, confirmation(&saved("n1", &[("for", "proxy:02"), ("categories", "receipts")]), 1, RequestType::Disclosure, 300));
        assert_ne!(c, confirmation(&a, 1, RequestType::Disclosure, 500));
        assert_ne!(c, confirmation(&a, 2, RequestType::Disclosure, 300));
        assert_ne!(c, confirmation(&a, 1, RequestType::PurposeNotice, 300));
    }
}
