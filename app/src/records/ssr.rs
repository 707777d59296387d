//! Writing audit events (server only).

use sqlx::AnyConnection;

use super::{AuditEvent, Outcome, RequestMeta};
use crate::db::instant_text;
use crate::error::AppError;
use crate::identity::Caller;

const COLUMNS: &str = "occurred_at, actor_kind, actor_id, actor_role, subject_member_id, action, data_category, record_ref, \
    purpose, outcome, ip, user_agent, request_id, detail";
const PER_EVENT: usize = 14;

/// One column's value.
enum Col {
    Text(Option<String>),
    Int(Option<i64>),
}

/// An event's values, in [`COLUMNS`] order.
fn values(at: chrono::DateTime<chrono::Utc>, meta: &RequestMeta, event: &AuditEvent) -> [Col; PER_EVENT] {
    let (actor_kind, actor_id, actor_role) = event.actor.columns();
    let outcome = match event.outcome {
        Outcome::Allowed => "allowed",
        Outcome::Refused => "refused",
    };
    let text = |v: Option<&str>| Col::Text(v.map(str::to_string));
    [
        Col::Text(Some(instant_text(at))),
        text(Some(actor_kind)),
        Col::Text(actor_id),
        Col::Text(actor_role),
        Col::Int(event.subject_member_id),
        text(Some(event.action)),
        text(event.data_category),
        text(event.record_ref.as_deref()),
        text(event.purpose.as_deref()),
        text(Some(outcome)),
        text(meta.ip.as_deref()),
        text(meta.user_agent.as_deref()),
        text(Some(meta.request_id.as_str())),
        Col::Text(event.detail.as_ref().map(|d| d.to_string())),
    ]
}

/// `($1, …, $14), ($15, …)` for `rows` events.
fn placeholders(rows: usize) -> String {
    (0..rows)
        .map(|r| format!("({})", (1..=PER_EVENT).map(|c| format!("${}", r * PER_EVENT + c)).collect::<Vec<_>>().join(", ")))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Appends one event on `conn` — pass the transaction of the change it records.
pub async fn append(
    conn: &mut AnyConnection,
    now: chrono::DateTime<chrono::Utc>,
    meta: &RequestMeta,
    event: &AuditEvent,
) -> Result<i64, sqlx::Error> {
    let sql = format!("INSERT INTO audit_events ({COLUMNS}) VALUES {} RETURNING id", placeholders(1));
    let mut q = sqlx::query_as::<_, (i64,)>(&sql);
    for v in values(now, meta, event) {
        q = match v {
            Col::Text(t) => q.bind(t),
            Col::Int(i) => q.bind(i),
        };
    }
    let (id,) = q.fetch_one(&mut *conn).await?;
    Ok(id)
}

/// Appends many events in statements of up to 64 rows, in order.
async fn append_many(conn: &mut AnyConnection, batch: &[Pending]) -> Result<(), sqlx::Error> {
    for chunk in batch.chunks(64) {
        let sql = format!("INSERT INTO audit_events ({COLUMNS}) VALUES {}", placeholders(chunk.len()));
        let mut q = sqlx::query(&sql);
        for p in chunk {
            for v in values(p.at, &p.meta, &p.event) {
                q = match v {
                    Col::Text(t) => q.bind(t),
                    Col::Int(i) => q.bind(i),
                };
            }
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
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
    append_all(state, meta, std::slice::from_ref(event)).await
}

/// [`append_alone`] for several events of one request (e.g. one read per person whose
/// data it shows): they join the same group commit.
pub async fn append_all(state: &crate::state::AppState, meta: &RequestMeta, events: &[AuditEvent]) -> Result<(), AppError> {
    let at = state.clock.now();
    if state.db.backend == crate::db::Backend::Postgres {
        let mut conn = state.db.pool.acquire().await?;
        for event in events {
            append(&mut conn, at, meta, event).await?;
        }
        return Ok(());
    }
    let mut receivers = Vec::with_capacity(events.len());
    {
        let mut queue = state.db.audit_pending.lock().unwrap_or_else(|p| p.into_inner());
        for event in events {
            let (done, written) = tokio::sync::oneshot::channel();
            queue.push(Pending { at, meta: meta.clone(), event: event.clone(), done });
            receivers.push(written);
        }
    }
    let mut written = futures::future::join_all(receivers);
    // Wait for the turn, unless the holder of the turn takes our events first: then we
    // leave the queue, so that the next holder finds many events waiting, not a few.
    let turn = std::pin::pin!(state.db.write_turn());
    let outcomes = match futures::future::select(&mut written, turn).await {
        futures::future::Either::Left((outcomes, _)) => outcomes,
        futures::future::Either::Right((turn_guard, _)) => {
            // Ours are in this batch, or a previous holder of the turn already took them.
            let batch = std::mem::take(&mut *state.db.audit_pending.lock().unwrap_or_else(|p| p.into_inner()));
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
    for outcome in outcomes {
        match outcome {
            Ok(Ok(())) => {}
            Ok(Err(e)) => return Err(AppError::internal("audit", e)),
            // The writer was cancelled before it committed: the event may not exist.
            Err(_) => return Err(AppError::internal("audit", "group commit abandoned")),
        }
    }
    Ok(())
}

async fn write_batch(state: &crate::state::AppState, batch: &[Pending]) -> Result<(), sqlx::Error> {
    let mut tx = state.db.pool.begin().await?;
    append_many(&mut tx, batch).await?;
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

/// For handlers outside server functions (files, uploads): the caller must be staff
/// holding one of `allowed`; another staff member's or a member's attempt is recorded as
/// refused (`action`, `category`) and refused, an anonymous one is sent to sign in.
pub async fn require_staff(
    state: &crate::state::AppState,
    meta: &RequestMeta,
    caller: &Caller,
    allowed: &[crate::identity::StaffRole],
    action: &'static str,
    category: &'static str,
) -> Result<(), AppError> {
    match caller {
        Caller::Staff { roles, .. } if roles.iter().any(|r| allowed.contains(r)) => Ok(()),
        Caller::Anonymous => Err(AppError::Unauthorized),
        _ => {
            let mut e = AuditEvent::new(super::Actor::Caller(caller.clone()), action);
            e.outcome = Outcome::Refused;
            e.data_category = Some(category);
            record_standalone(state, meta, &e).await;
            Err(AppError::Forbidden)
        }
    }
}

/// Writes one event in its own transaction, logging (not returning) a failure.
pub async fn record_standalone(state: &crate::state::AppState, meta: &RequestMeta, event: &AuditEvent) {
    if let Err(e) = append_alone(state, meta, event).await {
        tracing::error!(action = event.action, error = ?e, "audit event could not be written");
    }
}
