//! The 廃棄記録 of a 35条 消去 (server only): what a decision erased — the kind, how many,
//! which (months, file ids: never the data itself), why — with the audit event that
//! records it, in the decision's transaction. The retention job's records and these are
//! one table, so the auditor reads every disposal in one place.

use chrono::{DateTime, Utc};

use super::store::digest_text;
use crate::platform::audit::store::append;
use crate::platform::audit::{AuditEvent, RequestMeta};
use crate::platform::db::instant_text;
use kit::error::AppError;

/// The `disposal_records.kind` of an erasure decided on a request.
pub const ERASURE: &str = "erasure";

/// What one decision erased of one kind of data.
pub struct Erased<'a> {
    /// The decision's receipt number.
    pub receipt: &'a str,
    /// The kind of data (a `DataScope` code).
    pub scope: &'a str,
    /// The reason, in words (the decision and its article).
    pub reason: String,
    /// What was erased, by reference: months of notice lines, ids of files.
    pub refs: Vec<String>,
    /// Records erased (notice lines can be many per month).
    pub count: i64,
}

/// Records `erased` with `event` (its audit event, carrying the refs' digest).
pub async fn record(tx: &mut sqlx::AnyConnection, now: DateTime<Utc>, meta: &RequestMeta, event: AuditEvent, erased: &Erased<'_>) -> Result<i64, AppError> {
    let items = serde_json::json!(erased.refs).to_string();
    let sha = digest_text(&items);
    let event = event.detail(serde_json::json!({
        "scope": erased.scope, "count": erased.count, "receipt": erased.receipt, "items_sha256": sha,
    }));
    let event_id = append(tx, now, meta, &event).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO disposal_records (kind, older_than, count, first_ref, last_ref, items, items_sha256, audit_event_id, disposed_at, reason) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(ERASURE)
    .bind(instant_text(now))
    .bind(erased.count)
    .bind(erased.receipt)
    .bind(erased.scope)
    .bind(&items)
    .bind(&sha)
    .bind(event_id)
    .bind(instant_text(now))
    .bind(&erased.reason)
    .fetch_one(&mut *tx)
    .await?;
    Ok(id)
}
