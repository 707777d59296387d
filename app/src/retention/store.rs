//! The job (server only), and what verification needs from its records.

use std::collections::HashSet;

use super::{AUTHENTICATION_ACTIONS, Kind, RetentionPolicy, cutoff};
use crate::platform::db::{Backend, instant_text};
use kit::error::AppError;
use crate::platform::audit::{Action, AuditEvent, DataCategory, RequestMeta};
use crate::platform::audit::store::append;
use crate::platform::state::AppState;

/// The digest of a disposal's ids, as its 廃棄記録 and its audit event both carry it.
pub fn digest(ids: &[i64]) -> String {
    digest_refs(&serde_json::json!(ids).to_string())
}

/// The digest of a disposal's items as stored (their JSON text).
pub fn digest_refs(items: &str) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(items.as_bytes()))
}

/// Records removed per batch (one transaction each).
pub const BATCH: i64 = 1000;

/// The rows of `kind` due for removal, as (SELECT of ids, DELETE) sharing one predicate
/// with `$1` the cutoff and `$2` the last id of the batch.
fn statements(kind: Kind) -> (String, String) {
    let actions = AUTHENTICATION_ACTIONS.iter().map(|a| format!("'{}'", a.code())).collect::<Vec<_>>().join(", ");
    match kind {
        // Only sealed events: the chain must hold their links first.
        Kind::AuthenticationEvents => {
            let p = format!(
                "e.action IN ({actions}) AND e.occurred_at < $1 AND EXISTS (SELECT 1 FROM audit_chain c WHERE c.event_id = e.id)"
            );
            (
                format!("SELECT e.id FROM audit_events e WHERE {p} ORDER BY e.id LIMIT $2"),
                format!("DELETE FROM audit_events WHERE id IN (SELECT e.id FROM audit_events e WHERE {p} AND e.id <= $2)"),
            )
        }
        Kind::Sessions => {
            let p = "(expires_at < $1 OR (ended_at IS NOT NULL AND ended_at < $1))";
            (format!("SELECT id FROM sessions WHERE {p} ORDER BY id LIMIT $2"), format!("DELETE FROM sessions WHERE {p} AND id <= $2"))
        }
        Kind::LoginFailures => {
            let p = "failed_at < $1";
            (format!("SELECT id FROM login_failures WHERE {p} ORDER BY id LIMIT $2"), format!("DELETE FROM login_failures WHERE {p} AND id <= $2"))
        }
        Kind::PackageArchives => {
            let p = "archive IS NOT NULL AND expires_at IS NOT NULL AND expires_at < $1";
            (
                format!("SELECT id FROM disclosure_packages WHERE {p} ORDER BY id LIMIT $2"),
                format!("UPDATE disclosure_packages SET archive = NULL WHERE {p} AND id <= $2"),
            )
        }
        Kind::ClosedRequests => {
            let p = "r.status IN ('notified', 'completed', 'withdrawn', 'rejected', 'lapsed') AND r.updated_at < $1 \
                AND NOT EXISTS (SELECT 1 FROM correction_instructions ci WHERE ci.request_id = r.id AND (ci.status = 'pending' \
                    OR EXISTS (SELECT 1 FROM registry_conflicts k WHERE k.instruction_id = ci.id AND k.resolved_at IS NULL)))";
            (
                format!("SELECT r.id FROM requests r WHERE {p} ORDER BY r.id LIMIT $2"),
                // After `REQUEST_PARTS` has removed what they hold; `$1` is then the id list.
                "DELETE FROM requests WHERE id IN ({ids})".to_string(),
            )
        }
    }
}

/// `$1`, a JSON array of ids, as rows of one id column.
fn id_rows(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => "SELECT value FROM json_each($1)",
        Backend::Postgres => "SELECT jsonb_array_elements_text($1::jsonb)::bigint",
    }
}

/// Everything that belongs to the requests `$1` names, children before parents (the
/// requests themselves go last, by `statements`). The permits, taken first and dropped at
/// the end, let exactly these requests' append-only records past their triggers.
const REQUEST_PARTS: [&str; 16] = [
    "INSERT INTO request_disposal_permits (request_id) {ids}",
    "DELETE FROM download_tickets WHERE package_id IN (SELECT id FROM disclosure_packages WHERE request_id IN ({ids}))",
    "DELETE FROM package_downloads WHERE package_id IN (SELECT id FROM disclosure_packages WHERE request_id IN ({ids}))",
    "DELETE FROM package_exclusions WHERE package_id IN (SELECT id FROM disclosure_packages WHERE request_id IN ({ids}))",
    "DELETE FROM package_files WHERE package_id IN (SELECT id FROM disclosure_packages WHERE request_id IN ({ids}))",
    "DELETE FROM disclosure_packages WHERE request_id IN ({ids})",
    "DELETE FROM registry_conflicts WHERE instruction_id IN (SELECT id FROM correction_instructions WHERE request_id IN ({ids}))",
    "DELETE FROM correction_instructions WHERE request_id IN ({ids})",
    "DELETE FROM member_notifications WHERE request_id IN ({ids})",
    "DELETE FROM request_attachments WHERE request_id IN ({ids})",
    "DELETE FROM request_decisions WHERE request_id IN ({ids})",
    "DELETE FROM request_intakes WHERE request_id IN ({ids})",
    "DELETE FROM request_escalations WHERE request_id IN ({ids})",
    "DELETE FROM request_events WHERE request_id IN ({ids})",
    // A 35条 measure outlives its request: what it stopped stays stopped (its receipt
    // number is kept with it).
    "UPDATE data_restrictions SET request_id = NULL WHERE request_id IN ({ids})",
    "DELETE FROM request_disposal_permits",
];

/// One batch of one kind: removed, recorded and audited in one transaction. Returns how
/// many were removed (0: nothing left).
pub async fn purge_batch(state: &AppState, policy: &RetentionPolicy, kind: Kind) -> Result<i64, AppError> {
    let now = state.clock.now();
    let older_than = instant_text(cutoff(kind, policy, now));
    let (select, remove) = statements(kind);
    // Serialised with the sealer: the set of sealed events cannot change meanwhile.
    let _turn = state.db.write_turn().await;
    let mut tx = state.db.begin().await?;
    if state.db.backend == Backend::Postgres {
        sqlx::query("SELECT pg_advisory_xact_lock(4207311)").execute(&mut *tx).await?;
    }
    let ids: Vec<i64> = sqlx::query_scalar(&select).bind(&older_than).bind(BATCH).fetch_all(&mut *tx).await?;
    let (Some(first), Some(last)) = (ids.first().copied(), ids.last().copied()) else {
        return Ok(0);
    };
    if kind == Kind::AuthenticationEvents {
        // The permits let exactly these events past the append-only trigger.
        sqlx::query(&format!("INSERT INTO audit_disposal_permits (event_id) {}", select.replace("ORDER BY e.id LIMIT $2", "AND e.id <= $2")))
            .bind(&older_than)
            .bind(last)
            .execute(&mut *tx)
            .await?;
    }
    let (mut first_ref, mut last_ref) = (first.to_string(), last.to_string());
    let removed = if kind == Kind::ClosedRequests {
        // The 廃棄記録 names the first and last by 受付番号, as staff and members know them.
        for (slot, id) in [(&mut first_ref, first), (&mut last_ref, last)] {
            *slot = sqlx::query_scalar("SELECT receipt_number FROM requests WHERE id = $1").bind(id).fetch_one(&mut *tx).await?;
        }
        let list = serde_json::json!(ids).to_string();
        for part in REQUEST_PARTS {
            sqlx::query(&part.replace("{ids}", id_rows(state.db.backend))).bind(&list).execute(&mut *tx).await?;
        }
        sqlx::query(&remove.replace("{ids}", id_rows(state.db.backend))).bind(&list).execute(&mut *tx).await?.rows_affected()
    } else {
        sqlx::query(&remove).bind(&older_than).bind(last).execute(&mut *tx).await?.rows_affected()
    };
    if removed != ids.len() as u64 {
        return Err(AppError::internal("retention", format!("{} expected, {removed} removed", ids.len())));
    }
    if kind == Kind::AuthenticationEvents {
        sqlx::query("DELETE FROM audit_disposal_permits").execute(&mut *tx).await?;
    }
    let items_sha256 = digest(&ids);
    let event = AuditEvent::system("retention", Action::RetentionDispose)
        .data(DataCategory::Retention)
        .record(format!("disposal_records/{}", kind.code()))
        .detail(serde_json::json!({
            "kind": kind.code(), "count": ids.len(), "older_than": older_than, "first": first, "last": last, "items_sha256": items_sha256,
        }));
    let event_id = append(&mut tx, now, &RequestMeta::default(), &event).await?;
    sqlx::query(
        "INSERT INTO disposal_records (kind, older_than, count, first_ref, last_ref, items, items_sha256, audit_event_id, disposed_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(kind.code())
    .bind(&older_than)
    .bind(ids.len() as i64)
    .bind(&first_ref)
    .bind(&last_ref)
    .bind(serde_json::json!(ids).to_string())
    .bind(&items_sha256)
    .bind(event_id)
    .bind(instant_text(now))
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(ids.len() as i64)
}

/// Every kind until nothing due is left; the count removed per kind.
pub async fn purge(state: &AppState, policy: &RetentionPolicy) -> Result<Vec<(Kind, i64)>, AppError> {
    let mut out = Vec::new();
    for kind in Kind::ALL {
        let mut total = 0;
        loop {
            let n = purge_batch(state, policy, kind).await?;
            total += n;
            if n < BATCH {
                break;
            }
        }
        out.push((kind, total));
    }
    Ok(out)
}

/// A 廃棄記録 of audit events: the ids disposed of (JSON), their digest, and the detail
/// of the event that recorded it.
#[derive(sqlx::FromRow)]
struct DisposalRow {
    items: String,
    items_sha256: String,
    detail: Option<String>,
}

/// The audit events a 廃棄記録 accounts for: only from records whose ids match their
/// digest and whose recording event carries the same digest (that event is itself
/// verified in the chain).
pub async fn disposed_events(state: &AppState) -> Result<HashSet<i64>, AppError> {
    let rows: Vec<DisposalRow> = sqlx::query_as(
        "SELECT d.items, d.items_sha256, e.detail FROM disposal_records d LEFT JOIN audit_events e ON e.id = d.audit_event_id \
         WHERE d.kind = $1",
    )
    .bind(Kind::AuthenticationEvents.code())
    .fetch_all(&state.db.pool)
    .await?;
    let mut out = HashSet::new();
    for DisposalRow { items, items_sha256: sha, detail } in rows {
        let Ok(ids) = serde_json::from_str::<Vec<i64>>(&items) else { continue };
        let recorded = detail
            .and_then(|d| serde_json::from_str::<serde_json::Value>(&d).ok())
            .and_then(|d| d["items_sha256"].as_str().map(str::to_string));
        if digest(&ids) == sha && recorded.as_deref() == Some(sha.as_str()) {
            out.extend(ids);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::digest;

    #[test]
    fn the_digest_names_exactly_these_ids_in_this_order() {
        assert_eq!(digest(&[1, 2, 3]), digest(&[1, 2, 3]));
        assert_ne!(digest(&[1, 2, 3]), digest(&[1, 2]));
        assert_ne!(digest(&[1, 2, 3]), digest(&[3, 2, 1]));
        assert_eq!(digest(&[]).len(), 64);
    }
}
