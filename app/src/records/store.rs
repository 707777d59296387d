//! Reading the audit record (server only): a member's access history, the auditor's
//! search (checked and recorded), the unusual-access report, the streamed export and the
//! chain's status.

use futures::Stream;

use super::access::{
    AccessHistory, AccessLine, ActorFilter, AuditLine, AuditParams, AuditQuery, AuditResults, AuditorPage, ChainStatus, PAGE_SIZE,
    roles_of,
};
use kit::time::tokyo_time;
use crate::platform::audit::chain::{Checkpoint, Verification};
use crate::platform::audit::store::{audited_read, require_staff};
use crate::platform::audit::{Action, AuditEvent, DataCategory, RequestMeta};
use crate::platform::db::{Bind, bind_all, param};
use kit::error::AppError;
use crate::platform::state::AppState;
use kit::access::Caller;

/// Joins an event to its staff actor by primary key. The CASE keeps PostgreSQL from casting
/// a non-numeric actor id (`system` actors are named).
pub(crate) const STAFF_JOIN: &str =
    "LEFT JOIN staff s ON s.id = CASE WHEN e.actor_kind = 'staff' THEN CAST(e.actor_id AS BIGINT) END";

const LINE_COLUMNS: &str = "e.id, e.occurred_at, e.actor_kind, e.actor_id, s.staff_number, e.actor_role, e.subject_member_id, \
    e.action, e.data_category, e.record_ref, e.purpose, e.outcome, e.ip, e.user_agent";

/// One event as the auditor's pages read it ([`LINE_COLUMNS`]), with its staff actor's
/// number.
#[derive(sqlx::FromRow)]
struct LineRow {
    id: i64,
    occurred_at: String,
    actor_kind: String,
    actor_id: Option<String>,
    staff_number: Option<String>,
    actor_role: Option<String>,
    subject_member_id: Option<i64>,
    action: String,
    data_category: Option<String>,
    record_ref: Option<String>,
    purpose: Option<String>,
    outcome: String,
    ip: Option<String>,
    user_agent: Option<String>,
}

fn line(r: LineRow) -> AuditLine {
    let actor = match (r.actor_kind.as_str(), &r.staff_number, &r.actor_id) {
        ("staff", Some(number), _) => format!("staff {number}"),
        (kind, _, Some(id)) => format!("{kind} {id}"),
        (kind, _, None) => kind.to_string(),
    };
    AuditLine {
        id: r.id,
        at: tokyo_time(&r.occurred_at),
        actor,
        roles: roles_of(r.actor_role.as_deref()),
        subject_member_id: r.subject_member_id,
        action: r.action,
        data_category: r.data_category,
        record_ref: r.record_ref,
        purpose: r.purpose,
        allowed: r.outcome == "allowed",
        ip: r.ip,
        user_agent: r.user_agent,
    }
}

/// One staff access as the member's access history shows it.
#[derive(sqlx::FromRow)]
struct AccessRow {
    occurred_at: String,
    staff_number: Option<String>,
    actor_role: Option<String>,
    action: String,
    purpose: Option<String>,
}

/// Staff access to `member_id`'s data, newest first.
pub async fn history(state: &AppState, member_id: i64, page: i64) -> Result<AccessHistory, AppError> {
    let rows: Vec<AccessRow> = sqlx::query_as(&format!(
        "SELECT e.occurred_at, s.staff_number, e.actor_role, e.action, e.purpose FROM audit_events e {STAFF_JOIN} \
         WHERE e.subject_member_id = $1 AND e.actor_kind = 'staff' AND e.outcome = 'allowed' \
         ORDER BY e.id DESC LIMIT $2 OFFSET $3"
    ))
    .bind(member_id)
    .bind(PAGE_SIZE + 1)
    .bind((page - 1) * PAGE_SIZE)
    .fetch_all(&state.db.pool)
    .await?;
    let has_next = rows.len() as i64 > PAGE_SIZE;
    let lines = rows
        .into_iter()
        .take(PAGE_SIZE as usize)
        .map(|r| AccessLine {
            at: tokyo_time(&r.occurred_at),
            staff_number: r.staff_number.unwrap_or_else(|| "—".into()),
            roles: roles_of(r.actor_role.as_deref()),
            action: r.action,
            purpose: r.purpose,
        })
        .collect();
    Ok(AccessHistory { lines, page, has_next })
}

/// The WHERE clause of a search (every value bound), numbering binds from 1.
fn filter(q: &AuditQuery) -> (String, Vec<Bind>) {
    let mut clauses: Vec<String> = Vec::new();
    let mut binds = Vec::new();
    let mut bind = |b: Bind| param(b, &mut binds);
    match &q.actor {
        Some(ActorFilter::Staff(number)) => clauses.push(format!(
            "e.actor_kind = 'staff' AND e.actor_id = (SELECT CAST(id AS TEXT) FROM staff WHERE staff_number = {})",
            bind(Bind::Text(number.clone()))
        )),
        Some(ActorFilter::Member(id)) => {
            clauses.push(format!("e.actor_kind = 'member' AND e.actor_id = {}", bind(Bind::Text(id.to_string()))))
        }
        Some(ActorFilter::System) => clauses.push("e.actor_kind = 'system'".into()),
        None => {}
    }
    if let Some(s) = q.subject {
        clauses.push(format!("e.subject_member_id = {}", bind(Bind::Int(s))));
    }
    if let Some(a) = &q.action {
        if a.ends_with('.') {
            // A prefix; SUBSTR rather than LIKE, whose `_` would be a wildcard.
            let len = a.chars().count();
            clauses.push(format!("SUBSTR(e.action, 1, {len}) = {}", bind(Bind::Text(a.clone()))));
        } else {
            clauses.push(format!("e.action = {}", bind(Bind::Text(a.clone()))));
        }
    }
    let (from, to) = q.instants();
    if let Some(f) = from {
        clauses.push(format!("e.occurred_at >= {}", bind(Bind::Text(f))));
    }
    if let Some(t) = to {
        clauses.push(format!("e.occurred_at < {}", bind(Bind::Text(t))));
    }
    match q.allowed {
        Some(true) => clauses.push("e.outcome = 'allowed'".into()),
        Some(false) => clauses.push("e.outcome = 'refused'".into()),
        None => {}
    }
    let sql = if clauses.is_empty() { String::new() } else { format!(" WHERE {}", clauses.join(" AND ")) };
    (sql, binds)
}

/// One page of events matching `q`, newest first, and whether there are more.
pub async fn search(state: &AppState, q: &AuditQuery) -> Result<(Vec<AuditLine>, bool), AppError> {
    let (where_sql, binds) = filter(q);
    let n = binds.len();
    let sql = format!(
        "SELECT {LINE_COLUMNS} FROM audit_events e {STAFF_JOIN}{where_sql} ORDER BY e.id DESC LIMIT ${} OFFSET ${}",
        n + 1,
        n + 2
    );
    let rows: Vec<LineRow> = bind_all(sqlx::query_as(&sql), &binds)
        .bind(PAGE_SIZE + 1)
        .bind((q.page - 1) * PAGE_SIZE)
        .fetch_all(&state.db.pool)
        .await?;
    let has_next = rows.len() as i64 > PAGE_SIZE;
    Ok((rows.into_iter().take(PAGE_SIZE as usize).map(line).collect(), has_next))
}

/// How many unusual accesses the report lists at most (newest first).
pub const UNUSUAL_MAX: i64 = 200;

/// Staff reads of a member's data at a moment when that member had no open request and no
/// letter in preparation — the accesses a reviewer should be able to explain. The search's
/// period and actor apply.
pub async fn unusual(state: &AppState, q: &AuditQuery) -> Result<Vec<AuditLine>, AppError> {
    let scoped = AuditQuery { subject: q.subject, actor: q.actor.clone(), from: q.from, to: q.to, ..AuditQuery::default() };
    let (where_sql, binds) = filter(&scoped);
    let glue = if where_sql.is_empty() { " WHERE" } else { " AND" };
    let n = binds.len();
    let sql = format!(
        "SELECT {LINE_COLUMNS} FROM audit_events e {STAFF_JOIN}{where_sql}{glue} e.actor_kind = 'staff' AND e.outcome = 'allowed' \
         AND e.subject_member_id IS NOT NULL \
         AND NOT EXISTS (SELECT 1 FROM requests r WHERE r.subject_member_id = e.subject_member_id \
             AND r.received_at <= e.occurred_at \
             AND NOT EXISTS (SELECT 1 FROM request_events x WHERE x.request_id = r.id \
                 AND x.to_status IN ('completed', 'withdrawn', 'rejected', 'lapsed') AND x.occurred_at < e.occurred_at)) \
         AND NOT EXISTS (SELECT 1 FROM letters l WHERE l.member_id = e.subject_member_id \
             AND l.created_at <= e.occurred_at AND (l.posted_at IS NULL OR l.posted_at >= e.occurred_at)) \
         ORDER BY e.id DESC LIMIT ${}",
        n + 1
    );
    let rows: Vec<LineRow> = bind_all(sqlx::query_as(&sql), &binds).bind(UNUSUAL_MAX).fetch_all(&state.db.pool).await?;
    Ok(rows.into_iter().map(line).collect())
}

/// Rows fetched per round of an export.
const EXPORT_BATCH: i64 = 1000;

/// Every event matching `q` (all pages), oldest first, as CSV rows — fetched in batches by
/// id so that an export of any period holds one batch in memory at a time.
pub fn export(state: AppState, q: AuditQuery) -> impl Stream<Item = Result<String, AppError>> + Send + 'static {
    futures::stream::try_unfold((state, q, 0i64, false), |(state, q, after, done)| async move {
        if done {
            return Ok(None);
        }
        let (where_sql, binds) = filter(&q);
        let glue = if where_sql.is_empty() { " WHERE" } else { " AND" };
        let n = binds.len();
        let sql = format!(
            "SELECT {LINE_COLUMNS} FROM audit_events e {STAFF_JOIN}{where_sql}{glue} e.id > ${} ORDER BY e.id LIMIT ${}",
            n + 1,
            n + 2
        );
        let rows: Vec<LineRow> =
            bind_all(sqlx::query_as(&sql), &binds).bind(after).bind(EXPORT_BATCH).fetch_all(&state.db.pool).await?;
        let done = (rows.len() as i64) < EXPORT_BATCH;
        let last = rows.last().map(|r| r.id).unwrap_or(after);
        let chunk: String = rows.into_iter().map(|r| super::access::csv_row(&line(r))).collect();
        Ok(Some((chunk, (state, q, last, done))))
    })
}

/// Reads the checkpoint file (absent: none yet). Err names the first line that is not a
/// checkpoint, or the I/O error.
pub fn read_checkpoints(file: &std::path::Path) -> Result<Vec<Checkpoint>, String> {
    match std::fs::read_to_string(file) {
        Ok(text) => Checkpoint::parse_file(&text).map_err(|line| format!("{}:{line}: not a checkpoint line", file.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(format!("cannot read {}: {e}", file.display())),
    }
}

/// The action under which each verification's result is recorded.
pub const VERIFY_ACTION: Action = Action::AuditVerify;

/// A verification's result as it is recorded (and shown).
pub fn status_detail(v: &Verification, checkpoint_file: bool) -> serde_json::Value {
    serde_json::json!({
        "ok": v.ok(),
        "sealed": v.sealed,
        "checkpoints_checked": v.checkpoints_checked,
        "checkpoint_file": checkpoint_file,
        "broken": v.broken,
        "inserted": v.inserted,
        "unsealed_stale": v.unsealed_stale,
    })
}

/// A recorded verification: when, by whom, and its result (JSON).
#[derive(sqlx::FromRow)]
struct VerificationRow {
    occurred_at: String,
    actor_kind: String,
    staff_number: Option<String>,
    detail: Option<String>,
}

/// The last recorded verification.
pub async fn last_verification(state: &AppState) -> Result<Option<ChainStatus>, AppError> {
    let row: Option<VerificationRow> = sqlx::query_as(&format!(
        "SELECT e.occurred_at, e.actor_kind, s.staff_number, e.detail FROM audit_events e {STAFF_JOIN} \
         WHERE e.action = $1 ORDER BY e.id DESC LIMIT 1"
    ))
    .bind(VERIFY_ACTION.code())
    .fetch_optional(&state.db.pool)
    .await?;
    let Some(VerificationRow { occurred_at: at, actor_kind: kind, staff_number: number, detail: Some(detail) }) = row
    else {
        return Ok(None);
    };
    let Ok(d) = serde_json::from_str::<serde_json::Value>(&detail) else { return Ok(None) };
    let by = number.map(|n| format!("staff {n}")).unwrap_or(kind);
    Ok(Some(ChainStatus {
        verified_at: tokyo_time(&at),
        verified_by: by,
        ok: d["ok"].as_bool().unwrap_or(false),
        sealed: d["sealed"].as_i64().unwrap_or(0),
        checkpoints_checked: d["checkpoints_checked"].as_u64().unwrap_or(0) as usize,
        checkpoint_file: d["checkpoint_file"].as_bool().unwrap_or(false),
        broken: serde_json::from_value(d["broken"].clone()).ok().flatten(),
        inserted: d["inserted"].as_i64(),
        unsealed_stale: d["unsealed_stale"].as_i64().unwrap_or(0),
    }))
}

/// Verifies the whole chain against `checkpoints` and records the result (an
/// `audit.verify` event by `actor`), so the auditor's page shows when it was last checked.
/// Verifies the whole chain against `checkpoints`, accepting only the absences a
/// 廃棄記録 accounts for.
pub async fn verify(state: &AppState, checkpoints: &[Checkpoint]) -> Result<Verification, AppError> {
    let disposed = crate::retention::store::disposed_events(state).await?;
    crate::platform::audit::chain::store::verify(state, checkpoints, disposed).await
}

pub async fn verify_recorded(
    state: &AppState,
    meta: &crate::platform::audit::RequestMeta,
    actor: crate::platform::audit::Actor,
    checkpoints: &[Checkpoint],
    checkpoint_file: bool,
) -> Result<Verification, AppError> {
    let v = verify(state, checkpoints).await?;
    let event = crate::platform::audit::AuditEvent::new(actor, VERIFY_ACTION)
        .data(DataCategory::Audit)
        .detail(status_detail(&v, checkpoint_file));
    crate::platform::audit::store::record_standalone(state, meta, &event).await;
    Ok(v)
}

/// Checks the caller may audit, recording a refusal otherwise.
pub async fn audit_caller(state: &AppState, meta: &RequestMeta, caller: &Caller, action: Action) -> Result<(), AppError> {
    require_staff(state, meta, caller, super::auditor::AUDIT_ROLES, action, DataCategory::Audit).await
}

/// The search page's data; the search is recorded with its filter before it runs.
pub async fn overview(state: &AppState, meta: &RequestMeta, caller: &Caller, params: AuditParams) -> Result<AuditorPage, AppError> {
    audit_caller(state, meta, caller, Action::AuditSearch).await?;
    let query = params.parse().map_err(AppError::BadQuery)?;
    let event = AuditEvent::by(caller.clone(), Action::AuditSearch)
        .data(DataCategory::Audit)
        .about(query.subject)
        .detail(serde_json::json!({ "query": query.to_params(query.page) }));
    audited_read(state, meta, event, || async {
        let (lines, has_next) = search(state, &query).await?;
        let unusual = unusual(state, &query).await?;
        let chain = last_verification(state).await?;
        Ok(AuditorPage { results: AuditResults { query: query.clone(), lines, has_next }, unusual, chain })
    })
    .await
}

/// Rows per key, as a reconciliation query returns them.
#[derive(sqlx::FromRow)]
struct KeyCount {
    key: String,
    n: i64,
}

/// Creation events per key, with the first one's id.
#[derive(sqlx::FromRow)]
struct KeyEvents {
    key: String,
    n: i64,
    first_event: i64,
}

/// The creation events of one kind of row, and the queries that count both.
struct Tie {
    kept: super::reconcile::Kept,
    rows: &'static str,
    events: &'static str,
}

/// Each kind of row a request creates, keyed as its creation event names it (the record
/// reference, or for correction instructions the request's 受付番号, their purpose).
const TIES: [Tie; 4] = [
    Tie {
        kept: super::reconcile::Kept::Request,
        rows: "SELECT 'requests/' || CAST(id AS TEXT) AS key, CAST(1 AS BIGINT) AS n FROM requests",
        events: "SELECT record_ref AS key, COUNT(*) AS n, MIN(id) AS first_event FROM audit_events \
                 WHERE action IN ('request.submit', 'request.intake') AND outcome = 'allowed' AND record_ref IS NOT NULL GROUP BY record_ref",
    },
    Tie {
        kept: super::reconcile::Kept::Decision,
        rows: "SELECT 'requests/' || CAST(request_id AS TEXT) AS key, COUNT(*) AS n FROM request_decisions GROUP BY request_id",
        events: "SELECT record_ref AS key, COUNT(*) AS n, MIN(id) AS first_event FROM audit_events \
                 WHERE action = 'request.decide' AND outcome = 'allowed' AND record_ref IS NOT NULL GROUP BY record_ref",
    },
    Tie {
        kept: super::reconcile::Kept::Package,
        rows: "SELECT 'requests/' || CAST(request_id AS TEXT) || '/package' AS key, COUNT(*) AS n FROM disclosure_packages GROUP BY request_id",
        events: "SELECT record_ref AS key, COUNT(*) AS n, MIN(id) AS first_event FROM audit_events \
                 WHERE action = 'package.start' AND outcome = 'allowed' AND record_ref IS NOT NULL GROUP BY record_ref",
    },
    Tie {
        kept: super::reconcile::Kept::CorrectionInstruction,
        rows: "SELECT r.receipt_number AS key, COUNT(*) AS n FROM correction_instructions c JOIN requests r ON r.id = c.request_id \
               GROUP BY r.receipt_number",
        // Only requests still held: a disposed request's instructions went with it, and the
        // request's own tie accounts for that.
        events: "SELECT purpose AS key, COUNT(*) AS n, MIN(id) AS first_event FROM audit_events \
                 WHERE action = 'correction.instruct' AND outcome = 'allowed' AND purpose IN (SELECT receipt_number FROM requests) \
                 GROUP BY purpose",
    },
];

/// Reconciles the tables with the audit record ([`super::reconcile`]): what is found, in
/// order of kind and key (empty: every row has its event and every event its row).
pub async fn reconcile(state: &AppState) -> Result<Vec<super::reconcile::Finding>, AppError> {
    use std::collections::{BTreeMap, BTreeSet};
    let db = &state.db.pool;
    // Requests removed by retention are named in their 廃棄記録 (the ids, as JSON).
    let lists: Vec<String> = sqlx::query_scalar("SELECT items FROM disposal_records WHERE kind = 'closed_requests' AND items IS NOT NULL")
        .fetch_all(db)
        .await?;
    let mut disposed = BTreeSet::new();
    for list in lists {
        let ids: Vec<i64> = serde_json::from_str(&list).map_err(|e| AppError::internal("disposal_records.items", e))?;
        for id in ids {
            disposed.insert(format!("requests/{id}"));
            disposed.insert(format!("requests/{id}/package"));
        }
    }
    let mut found = Vec::new();
    for tie in TIES {
        let rows: Vec<KeyCount> = sqlx::query_as(tie.rows).fetch_all(db).await?;
        let events: Vec<KeyEvents> = sqlx::query_as(tie.events).fetch_all(db).await?;
        let rows: BTreeMap<String, i64> = rows.into_iter().map(|r| (r.key, r.n)).collect();
        let events: BTreeMap<String, super::reconcile::Created> = events
            .into_iter()
            .map(|e| (e.key, super::reconcile::Created { count: e.n, first_event: e.first_event }))
            .collect();
        found.extend(super::reconcile::compare(tie.kept, &rows, &events, &disposed));
    }
    Ok(found)
}
