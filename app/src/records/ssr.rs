//! Writing audit events (server only).

use sqlx::AnyConnection;

use super::{AuditEvent, Outcome, RequestMeta};
use crate::db::instant_text;
use crate::error::AppError;
use crate::identity::Caller;

/// Appends one event on `conn` — pass the transaction of the change it records.
pub async fn append(
    conn: &mut AnyConnection,
    now: chrono::DateTime<chrono::Utc>,
    meta: &RequestMeta,
    event: &AuditEvent,
) -> Result<i64, sqlx::Error> {
    let (actor_kind, actor_id, actor_role) = event.actor.columns();
    let outcome = match event.outcome {
        Outcome::Allowed => "allowed",
        Outcome::Refused => "refused",
    };
    let detail = event.detail.as_ref().map(|d| d.to_string());
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO audit_events (occurred_at, actor_kind, actor_id, actor_role, subject_member_id, action, \
         data_category, record_ref, purpose, outcome, ip, user_agent, request_id, detail) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
    )
    .bind(instant_text(now))
    .bind(actor_kind)
    .bind(actor_id)
    .bind(actor_role)
    .bind(event.subject_member_id)
    .bind(event.action)
    .bind(event.data_category)
    .bind(event.record_ref.as_deref())
    .bind(event.purpose.as_deref())
    .bind(outcome)
    .bind(meta.ip.as_deref())
    .bind(meta.user_agent.as_deref())
    .bind(meta.request_id.as_str())
    .bind(detail)
    .fetch_one(&mut *conn)
    .await?;
    Ok(id)
}

/// An event waiting for the next group commit.
#[derive(Debug)]
pub struct Pending {
    at: chrono::DateTime<chrono::Utc>,
    meta: RequestMeta,
    event: AuditEvent,
    done: tokio::sync::oneshot::Sender<Result<(), String>>,
}

/// Writes one event that records no change of its own (a read, a refusal) and returns once
/// it is durable. On SQLite, whoever gets the write turn commits every event waiting at
/// that moment in one transaction (group commit): one commit — one WAL sync, one
/// invalidation of the other connections' page caches — serves many readers.
pub async fn append_alone(state: &crate::state::AppState, meta: &RequestMeta, event: &AuditEvent) -> Result<(), AppError> {
    let at = state.clock.now();
    if state.db.backend == crate::db::Backend::Postgres {
        let mut conn = state.db.pool.acquire().await?;
        append(&mut conn, at, meta, event).await?;
        return Ok(());
    }
    let (done, mut written) = tokio::sync::oneshot::channel();
    let pending = &state.db.audit_pending;
    pending.lock().unwrap_or_else(|p| p.into_inner()).push(Pending { at, meta: meta.clone(), event: event.clone(), done });
    // Wait for the turn, unless the holder of the turn takes our event first: then we leave
    // the queue, so that the next holder finds many events waiting, not one.
    let turn = std::pin::pin!(state.db.write_turn());
    let outcome = match futures::future::select(&mut written, turn).await {
        futures::future::Either::Left((outcome, _)) => outcome,
        futures::future::Either::Right((turn_guard, _)) => {
            // Ours is in this batch, or a previous holder of the turn already took it.
            let batch = std::mem::take(&mut *pending.lock().unwrap_or_else(|p| p.into_inner()));
            if !batch.is_empty() {
                let result = write_batch(state, &batch).await.map_err(|e| e.to_string());
                for p in batch {
                    let _ = p.done.send(result.clone());
                }
            }
            drop(turn_guard);
            written.await
        }
    };
    match outcome {
        Ok(Ok(())) => Ok(()),
        Ok(Err(e)) => Err(AppError::internal("audit", e)),
        // The writer was cancelled before it committed: the event may not exist.
        Err(_) => Err(AppError::internal("audit", "group commit abandoned")),
    }
}

async fn write_batch(state: &crate::state::AppState, batch: &[Pending]) -> Result<(), sqlx::Error> {
    let mut tx = state.db.pool.begin().await?;
    for p in batch {
        append(&mut tx, p.at, &p.meta, &p.event).await?;
    }
    tx.commit().await
}

/// The request metadata of the current server-function call or page render.
pub fn request_meta() -> RequestMeta {
    leptos::prelude::use_context::<http::request::Parts>()
        .and_then(|p| p.extensions.get::<RequestMeta>().cloned())
        .unwrap_or_default()
}

/// Records a read of personal data *before* it happens and only then performs it.
/// If the record cannot be written the read is not served (fail closed).
pub async fn audited_read<T, Fut>(
    state: &crate::state::AppState,
    meta: &RequestMeta,
    event: AuditEvent,
    read: impl FnOnce() -> Fut,
) -> Result<T, AppError>
where
    Fut: std::future::Future<Output = Result<T, AppError>>,
{
    append_alone(state, meta, &event).await?;
    read().await
}

/// Records a refusal (guard or origin check). Best effort: the request is refused
/// whether or not the record can be written, and a failure is logged.
pub async fn record_refusal(caller: &Caller, action: &'static str, detail: &str) {
    let Some(state) = leptos::prelude::use_context::<crate::state::AppState>() else {
        tracing::error!(action, "refusal not recorded: no application state");
        return;
    };
    let mut event = AuditEvent::new(super::Actor::Caller(caller.clone()), action);
    event.outcome = Outcome::Refused;
    event.detail = Some(serde_json::json!({ "policy": detail }));
    record_standalone(&state, &request_meta(), &event).await;
}

/// Writes one event in its own transaction, logging (not returning) a failure.
pub async fn record_standalone(state: &crate::state::AppState, meta: &RequestMeta, event: &AuditEvent) {
    if let Err(e) = append_alone(state, meta, event).await {
        tracing::error!(action = event.action, error = ?e, "audit event could not be written");
    }
}
