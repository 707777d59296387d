//! Writing audit events (server only).

use sqlx::AnyConnection;

use super::{Action, Actor, AuditEvent, DataCategory, Outcome, RequestMeta};
use crate::platform::db::instant_text;
use kit::error::AppError;
use kit::access::Caller;

const COLUMNS: &str = "occurred_at, actor_kind, actor_id, actor_role, subject_member_id, action, data_category, record_ref, \
    purpose, outcome, ip, user_agent, request_id, detail, mac";
const PER_EVENT: usize = 15;

/// One column's value.
enum Col {
    Text(Option<String>),
    Int(Option<i64>),
}

/// An event's values, in [`COLUMNS`] order, its MAC last.
fn values(at: chrono::DateTime<chrono::Utc>, meta: &RequestMeta, event: &AuditEvent) -> [Col; PER_EVENT] {
    let cols = columns(at, meta, event);
    let mac = super::origin::sign(&canonical_body(&cols));
    let [a, b, c, d, e, f, g, h, i, j, k, l, m, n] = cols;
    [a, b, c, d, e, f, g, h, i, j, k, l, m, n, Col::Text(Some(mac))]
}

/// The event's canonical form after its id (`records::chain::canonical` from the second
/// value on): what its MAC covers.
fn canonical_body(cols: &[Col]) -> String {
    let mut out = Vec::with_capacity(384);
    for (n, col) in cols.iter().enumerate() {
        if n > 0 {
            out.push(b',');
        }
        let _ = match col {
            Col::Text(t) => serde_json::to_writer(&mut out, t),
            Col::Int(i) => serde_json::to_writer(&mut out, i),
        };
    }
    out.push(b']');
    String::from_utf8(out).unwrap_or_default()
}

impl Actor {
    /// The actor's kind, id and roles as stored.
    fn columns(&self) -> (&'static str, Option<String>, Option<String>) {
        match self {
            Actor::Caller(Caller::Anonymous) => ("anonymous", None, None),
            Actor::Caller(Caller::Member { member_id }) => ("member", Some(member_id.to_string()), None),
            Actor::Caller(Caller::Staff { staff_id, roles }) => (
                "staff",
                Some(staff_id.to_string()),
                Some(roles.iter().map(|r| format!("{r:?}").to_lowercase()).collect::<Vec<_>>().join(",")),
            ),
            Actor::System(name) => ("system", Some((*name).to_string()), None),
        }
    }
}

/// The event's columns before its MAC.
fn columns(at: chrono::DateTime<chrono::Utc>, meta: &RequestMeta, event: &AuditEvent) -> [Col; PER_EVENT - 1] {
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
        text(Some(event.action.code())),
        text(event.data_category.map(DataCategory::code)),
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
    let mut q = sqlx::query_scalar::<_, i64>(&sql);
    for v in values(now, meta, event) {
        q = match v {
            Col::Text(t) => q.bind(t),
            Col::Int(i) => q.bind(i),
        };
    }
    q.fetch_one(&mut *conn).await
}

/// The events of one group commit as one SQLite statement: the rows travel as a single
/// JSON parameter unpacked by `json_each` — each row turned into binary JSON once, so that
/// `v->>n` reads a column without parsing the row's text again — in order (binding 14 parameters per row costs
/// SQLite's driver the square of the statement's parameters, and a different text per
/// batch size misses the statement cache). One statement needs no explicit transaction:
/// it commits, or not, as a whole — one round trip to the database thread per batch.
const APPEND_BATCH_SQLITE: &str = "WITH r AS MATERIALIZED (SELECT key, jsonb(value) AS v FROM json_each($1)) \
    INSERT INTO audit_events (occurred_at, actor_kind, actor_id, actor_role, \
    subject_member_id, action, data_category, record_ref, purpose, outcome, ip, user_agent, request_id, detail, mac) \
    SELECT v->>0, v->>1, v->>2, v->>3, v->>4, v->>5, v->>6, v->>7, v->>8, \
    v->>9, v->>10, v->>11, v->>12, v->>13, v->>14 FROM r ORDER BY key";

/// One event as a row of the JSON array [`APPEND_BATCH_SQLITE`] unpacks, MAC included.
/// Made by the caller before it waits for the write turn, so the turn's holder only joins
/// the rows. The row is the canonical body the MAC covers with `[` before it and the MAC
/// after it: the columns are written once, for both.
fn json_row(at: chrono::DateTime<chrono::Utc>, meta: &RequestMeta, event: &AuditEvent) -> String {
    let body = canonical_body(&columns(at, meta, event));
    let mac = super::origin::sign(&body);
    let listed = body.strip_suffix(']').unwrap_or(&body);
    // A MAC is base64url and a dot: nothing to escape.
    format!("[{listed},\"{mac}\"]")
}

/// Writes one event that records no change of its own (a read, a refusal) and returns once
/// it is durable. On SQLite, whoever gets the write turn commits every event waiting at
/// that moment in one transaction (group commit): one commit — one WAL sync, one
/// invalidation of the other connections' page caches — serves many readers.
pub async fn append_alone(state: &crate::platform::state::AppState, meta: &RequestMeta, event: &AuditEvent) -> Result<(), AppError> {
    append_all(state, meta, std::slice::from_ref(event)).await
}

/// [`append_alone`] for several events of one request (e.g. one read per person whose
/// data it shows): they join the same group commit.
pub async fn append_all(state: &crate::platform::state::AppState, meta: &RequestMeta, events: &[AuditEvent]) -> Result<(), AppError> {
    let at = state.clock.now();
    if state.db.backend == crate::platform::db::Backend::Postgres {
        let mut conn = state.db.pool.acquire().await?;
        for event in events {
            append(&mut conn, at, meta, event).await?;
        }
        return Ok(());
    }
    let rows: Vec<String> = events.iter().map(|e| json_row(at, meta, e)).collect();
    state.db.in_group(&state.db.audit_pending, rows, write_events).await
}

/// Writes the events of every writer of a group commit in one statement, and answers each.
async fn write_events(pool: sqlx::AnyPool, batch: Vec<crate::platform::db::Waiting<Vec<String>, ()>>) {
    let rows = batch.iter().flat_map(|w| &w.item);
    let mut json = String::with_capacity(rows.clone().map(|r| r.len() + 1).sum::<usize>() + 2);
    json.push('[');
    for (n, row) in rows.enumerate() {
        if n > 0 {
            json.push(',');
        }
        json.push_str(row);
    }
    json.push(']');
    let written = if json.len() > 2 {
        sqlx::query(APPEND_BATCH_SQLITE).bind(json).execute(&pool).await.map(|_| ()).map_err(|e| AppError::internal("audit", e))
    } else {
        Ok(())
    };
    for w in batch {
        w.answer(written.clone());
    }
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
    state: &crate::platform::state::AppState,
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
pub async fn record_refusal(caller: &Caller, action: Action, detail: &str) {
    let Some(state) = leptos::prelude::use_context::<crate::platform::state::AppState>() else {
        tracing::error!(action = action.code(), "refusal not recorded: no application state");
        return;
    };
    let event = AuditEvent::by(caller.clone(), action).refused().detail(serde_json::json!({ "policy": detail }));
    record_standalone(&state, &request_meta(), &event).await;
}

/// For handlers outside server functions (files, uploads): the caller must be staff
/// holding one of `allowed`; another staff member's or a member's attempt is recorded as
/// refused (`action`, `category`) and refused, an anonymous one is sent to sign in.
pub async fn require_staff(
    state: &crate::platform::state::AppState,
    meta: &RequestMeta,
    caller: &Caller,
    allowed: &[kit::access::StaffRole],
    action: Action,
    category: DataCategory,
) -> Result<(), AppError> {
    match caller {
        Caller::Staff { roles, .. } if roles.iter().any(|r| allowed.contains(r)) => Ok(()),
        Caller::Anonymous => Err(AppError::Unauthorized),
        _ => {
            let e = AuditEvent::by(caller.clone(), action).refused().data(category);
            record_standalone(state, meta, &e).await;
            Err(AppError::Forbidden)
        }
    }
}

/// Writes one event in its own transaction, logging (not returning) a failure.
pub async fn record_standalone(state: &crate::platform::state::AppState, meta: &RequestMeta, event: &AuditEvent) {
    if let Err(e) = append_alone(state, meta, event).await {
        tracing::error!(action = event.action.code(), error = ?e, "audit event could not be written");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The MAC written with an event covers exactly the text verification recomputes from
    /// the stored row (`chain::canonical` after the id).
    #[test]
    fn the_mac_covers_the_canonical_form_the_verifier_reads_back() {
        let event = AuditEvent::system("test", Action::NoticeView)
            .about(42)
            .data(DataCategory::Notices)
            .record("members/42 \"引用\" \u{1f600}")
            .detail(serde_json::json!({ "note": "改行\nと\u{1}制御文字" }));
        let meta = RequestMeta { request_id: "r-1".into(), ip: None, user_agent: Some("Mozilla/5.0 (テスト)".into()) };
        let at = chrono::DateTime::parse_from_rfc3339("2026-11-22T01:00:00Z").unwrap().to_utc();
        let cols = values(at, &meta, &event);
        let text = |n: usize| match &cols[n] {
            Col::Text(t) => t.clone(),
            Col::Int(_) => panic!("column {n} is text"),
        };
        let Col::Int(subject) = cols[4] else { panic!("column 4 is a number") };
        let row = super::super::chain::EventRow {
            id: 987_654,
            occurred_at: text(0).unwrap(),
            actor_kind: text(1).unwrap(),
            actor_id: text(2),
            actor_role: text(3),
            subject_member_id: subject,
            action: text(5).unwrap(),
            data_category: text(6),
            record_ref: text(7),
            purpose: text(8),
            outcome: text(9).unwrap(),
            ip: text(10),
            user_agent: text(11),
            request_id: text(12),
            detail: text(13),
        };
        let mac = text(14).unwrap();
        assert!(super::super::origin::verifies(&mac, &super::super::chain::canonical(&row)));
        let mut changed = row.clone();
        changed.outcome = "refused".into();
        assert!(!super::super::origin::verifies(&mac, &super::super::chain::canonical(&changed)));
        // The row the batch statement unpacks: the same values, and a MAC of its own that
        // verifies for the same event.
        let json: Vec<serde_json::Value> = serde_json::from_str(&json_row(at, &meta, &event)).unwrap();
        assert_eq!(json.len(), PER_EVENT);
        for (n, (value, col)) in json.iter().zip(&cols).enumerate().take(PER_EVENT - 1) {
            let expected = match col {
                Col::Text(t) => t.clone().map_or(serde_json::Value::Null, serde_json::Value::String),
                Col::Int(i) => i.map_or(serde_json::Value::Null, serde_json::Value::from),
            };
            assert_eq!(value, &expected, "column {n}");
        }
        let row_mac = json[PER_EVENT - 1].as_str().unwrap();
        assert_ne!(row_mac, mac, "every MAC has its own nonce");
        assert!(super::super::origin::verifies(row_mac, &super::super::chain::canonical(&row)));
    }
}
