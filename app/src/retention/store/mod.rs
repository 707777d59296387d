//! The job (server only), its dry run, and what verification needs from its records.
//!
//! Each kind is scanned in key order outside the write lock (`select`: one predicate per
//! kind), a batch at a time; each batch is then checked against the same predicate, removed,
//! recorded and audited in one transaction under the write lock. The dry run walks the
//! same scan and stops short of the transaction.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use super::{Disposal, Kind, RetentionPolicy};
use crate::platform::audit::store::append;
use crate::platform::audit::{Action, AuditEvent, DataCategory, RequestMeta};
use crate::platform::db::{Backend, instant_text};
use crate::platform::state::AppState;
use kit::error::AppError;

mod remove;
mod select;

pub use select::Cutoffs;

/// The digest of a disposal's ids, as its 廃棄記録 and its audit event both carry it.
pub fn digest(ids: &[i64]) -> String {
    digest_text(&serde_json::json!(ids).to_string())
}

/// The digest of a disposal's items as stored (their JSON text).
pub fn digest_text(text: &str) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(text.as_bytes()))
}

/// Records removed per batch (one transaction each).
pub const BATCH: i64 = 1000;

/// `$1`, a JSON array of ids, as rows of one id column.
fn id_rows(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => "SELECT value FROM json_each($1)",
        Backend::Postgres => "SELECT jsonb_array_elements_text($1::jsonb)::bigint",
    }
}

/// A notice line's key (month first, as the table is keyed).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, sqlx::FromRow, serde::Serialize)]
struct LineKey {
    month: String,
    member_id: i64,
    provider: String,
    category: String,
}

/// What one batch removed, and how long it held the write lock.
struct Batch {
    count: i64,
    first: String,
    last: String,
    held: Duration,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    DryRun,
    Run,
}

/// Every kind until nothing due is left; the count removed per kind.
pub async fn purge(state: &AppState, policy: &RetentionPolicy) -> Result<Vec<(Kind, i64)>, AppError> {
    Ok(run(state, policy).await?.into_iter().map(|d| (d.kind, d.count)).collect())
}

/// Disposes of everything due, kind by kind in `Kind::ALL` order; what was disposed of.
pub async fn run(state: &AppState, policy: &RetentionPolicy) -> Result<Vec<Disposal>, AppError> {
    Ok(job(state, policy, Mode::Run).await?.0)
}

/// What [`run`] would dispose of now, changing nothing.
pub async fn dry_run(state: &AppState, policy: &RetentionPolicy) -> Result<Vec<Disposal>, AppError> {
    Ok(job(state, policy, Mode::DryRun).await?.0)
}

/// As [`run`], with how long each batch held the write lock (for the benchmark).
pub async fn run_measured(state: &AppState, policy: &RetentionPolicy) -> Result<(Vec<Disposal>, Vec<Duration>), AppError> {
    job(state, policy, Mode::Run).await
}

async fn job(state: &AppState, policy: &RetentionPolicy, mode: Mode) -> Result<(Vec<Disposal>, Vec<Duration>), AppError> {
    // One "now" for the whole run: the dry run and the run agree on every cutoff.
    let cut = Cutoffs::at(policy, state.clock.now());
    let mut out = Vec::new();
    let mut held = Vec::new();
    for kind in Kind::ALL {
        let d = Disposal { kind, count: 0, cutoff: cut.of(kind), first: None, last: None, batches: 0 };
        out.push(if kind == Kind::NoticeLines { lines(state, &cut, d, mode, &mut held).await? } else { ids(state, &cut, d, mode, &mut held).await? });
    }
    Ok((out, held))
}

/// How the 廃棄記録 and the report name a record: a request by its 受付番号, others by id.
async fn reference<'e>(ex: impl sqlx::Executor<'e, Database = sqlx::Any>, kind: Kind, id: i64) -> Result<String, AppError> {
    Ok(match kind {
        Kind::ClosedRequests => sqlx::query_scalar("SELECT receipt_number FROM requests WHERE id = $1").bind(id).fetch_one(ex).await?,
        _ => id.to_string(),
    })
}

/// A kind kept by id: scanned in id order after the last batch, up to the highest id that
/// can be due.
async fn ids(state: &AppState, cut: &Cutoffs, mut d: Disposal, mode: Mode, held: &mut Vec<Duration>) -> Result<Disposal, AppError> {
    let sel = select::selection(d.kind, cut, state.db.backend);
    let bound = match &sel.bound {
        None => i64::MAX,
        Some(sql) => match sqlx::query_scalar::<_, Option<i64>>(sql).fetch_one(&state.db.pool).await? {
            Some(bound) => bound,
            None => return Ok(d),
        },
    };
    let scan = format!(
        "SELECT {a}.id FROM {t} {a} WHERE {p} AND {a}.id > $1 AND {a}.id <= $2 ORDER BY {a}.id LIMIT $3",
        a = sel.alias,
        t = sel.table,
        p = sel.predicate
    );
    let mut after = 0;
    loop {
        let found: Vec<i64> = sqlx::query_scalar(&scan).bind(after).bind(bound).bind(BATCH).fetch_all(&state.db.pool).await?;
        let (Some(&first), Some(&last)) = (found.first(), found.last()) else { break };
        after = last;
        match mode {
            Mode::DryRun => {
                d.count += found.len() as i64;
                if d.first.is_none() {
                    d.first = Some(reference(&state.db.pool, d.kind, first).await?);
                }
                d.last = Some(reference(&state.db.pool, d.kind, last).await?);
                d.batches += 1;
            }
            Mode::Run => {
                if let Some(b) = dispose_ids(state, cut, d.kind, &sel, &found).await? {
                    d.count += b.count;
                    d.batches += 1;
                    d.first.get_or_insert(b.first);
                    d.last = Some(b.last);
                    held.push(b.held);
                }
            }
        }
        if (found.len() as i64) < BATCH {
            break;
        }
    }
    Ok(d)
}

/// One batch: the ids found checked again under the lock, removed with what they hold,
/// recorded and audited, in one transaction. None when none of them is due any more.
async fn dispose_ids(state: &AppState, cut: &Cutoffs, kind: Kind, sel: &select::Selection, found: &[i64]) -> Result<Option<Batch>, AppError> {
    let Some(removal) = remove::removal(kind) else { return Ok(None) };
    let rows = id_rows(state.db.backend);
    let check = format!(
        "SELECT {a}.id FROM {t} {a} WHERE {a}.id IN ({rows}) AND {p} ORDER BY {a}.id",
        a = sel.alias,
        t = sel.table,
        p = sel.predicate
    );
    let found = serde_json::json!(found).to_string();
    // Serialised with the sealer: the set of sealed events cannot change meanwhile.
    let _turn = state.db.write_turn().await;
    let started = Instant::now();
    let mut tx = state.db.begin().await?;
    if state.db.backend == Backend::Postgres {
        sqlx::query("SELECT pg_advisory_xact_lock(4207311)").execute(&mut *tx).await?;
    }
    let ids: Vec<i64> = sqlx::query_scalar(&check).bind(&found).fetch_all(&mut *tx).await?;
    let (Some(&first), Some(&last)) = (ids.first(), ids.last()) else { return Ok(None) };
    let (first_ref, last_ref) = (reference(&mut *tx, kind, first).await?, reference(&mut *tx, kind, last).await?);
    let list = serde_json::json!(ids).to_string();
    for sql in removal.before {
        sqlx::query(&sql.replace("{ids}", rows)).bind(&list).execute(&mut *tx).await?;
    }
    let removed = sqlx::query(&removal.main.replace("{ids}", rows)).bind(&list).execute(&mut *tx).await?.rows_affected();
    if removed != ids.len() as u64 {
        return Err(AppError::internal("retention", format!("{}: {} expected, {removed} removed", kind.code(), ids.len())));
    }
    for sql in removal.after {
        sqlx::query(sql).execute(&mut *tx).await?;
    }
    let written = Written { kind, count: ids.len(), first_ref: &first_ref, last_ref: &last_ref, items: Some(list.clone()), sha: digest(&ids) };
    record(&mut tx, state.clock.now(), cut, written, serde_json::json!(first), serde_json::json!(last)).await?;
    tx.commit().await?;
    Ok(Some(Batch { count: ids.len() as i64, first: first_ref, last: last_ref, held: started.elapsed() }))
}

/// Notice lines, keyed month first: scanned in key order after the last batch's key; a
/// batch goes by its key range, and a person's newest month (`notice_latest`) goes with the
/// last of their lines.
async fn lines(state: &AppState, cut: &Cutoffs, mut d: Disposal, mode: Mode, held: &mut Vec<Duration>) -> Result<Disposal, AppError> {
    let scan = format!(
        "SELECT n.month, n.member_id, n.provider, n.category FROM notice_lines n WHERE {} \
         AND (n.month, n.member_id, n.provider, n.category) > ($1, $2, $3, $4) \
         ORDER BY n.month, n.member_id, n.provider, n.category LIMIT $5",
        cut.notice_due("n")
    );
    let mut after = LineKey { month: String::new(), member_id: i64::MIN, provider: String::new(), category: String::new() };
    loop {
        let found: Vec<LineKey> = sqlx::query_as(&scan)
            .bind(&after.month)
            .bind(after.member_id)
            .bind(&after.provider)
            .bind(&after.category)
            .bind(BATCH)
            .fetch_all(&state.db.pool)
            .await?;
        let (Some(first), Some(last)) = (found.first(), found.last()) else { break };
        match mode {
            Mode::DryRun => {
                d.count += found.len() as i64;
                d.first.get_or_insert_with(|| first.month.clone());
                d.last = Some(last.month.clone());
                d.batches += 1;
            }
            Mode::Run => {
                if let Some(b) = dispose_lines(state, cut, first, last).await? {
                    d.count += b.count;
                    d.batches += 1;
                    d.first.get_or_insert(b.first);
                    d.last = Some(b.last);
                    held.push(b.held);
                }
            }
        }
        after = last.clone();
        if (found.len() as i64) < BATCH {
            break;
        }
    }
    Ok(d)
}

/// One batch of notice lines, `first` to `last` in key order. Both are due, and the key is
/// month first, so every line between them is due too: the range is the predicate (with
/// `month < cutoff` beside it, SQLite would bound the scan by the month instead, reading
/// every due line after the batch). The 廃棄記録 names the months and keeps the digest of
/// the keys, not the keys: they would say who was treated where.
async fn dispose_lines(state: &AppState, cut: &Cutoffs, first: &LineKey, last: &LineKey) -> Result<Option<Batch>, AppError> {
    if last.month >= cut.text(Kind::NoticeLines) {
        return Err(AppError::internal("retention", format!("notice lines {} to {} are not a due range", first.month, last.month)));
    }
    let delete = "DELETE FROM notice_lines \
         WHERE (month, member_id, provider, category) >= ($1, $2, $3, $4) AND (month, member_id, provider, category) <= ($5, $6, $7, $8) \
         RETURNING month, member_id, provider, category";
    let latest = format!(
        "DELETE FROM notice_latest WHERE member_id IN ({}) \
         AND NOT EXISTS (SELECT 1 FROM notice_lines n WHERE n.month = notice_latest.month AND n.member_id = notice_latest.member_id)",
        id_rows(state.db.backend)
    );
    let _turn = state.db.write_turn().await;
    let started = Instant::now();
    let mut tx = state.db.begin().await?;
    if state.db.backend == Backend::Postgres {
        sqlx::query("SELECT pg_advisory_xact_lock(4207311)").execute(&mut *tx).await?;
    }
    let mut keys: Vec<LineKey> = sqlx::query_as(delete)
        .bind(&first.month)
        .bind(first.member_id)
        .bind(&first.provider)
        .bind(&first.category)
        .bind(&last.month)
        .bind(last.member_id)
        .bind(&last.provider)
        .bind(&last.category)
        .fetch_all(&mut *tx)
        .await?;
    keys.sort_unstable();
    let (Some(first), Some(last)) = (keys.first(), keys.last()) else { return Ok(None) };
    let mut members: Vec<i64> = keys.iter().map(|k| k.member_id).collect();
    members.sort_unstable();
    members.dedup();
    sqlx::query(&latest).bind(serde_json::json!(members).to_string()).execute(&mut *tx).await?;
    let keys_json = serde_json::to_string(&keys).map_err(|e| AppError::internal("retention", e))?;
    let (first_ref, last_ref) = (first.month.clone(), last.month.clone());
    let written = Written { kind: Kind::NoticeLines, count: keys.len(), first_ref: &first_ref, last_ref: &last_ref, items: None, sha: digest_text(&keys_json) };
    let (f, l) = (serde_json::json!(first_ref), serde_json::json!(last_ref));
    record(&mut tx, state.clock.now(), cut, written, f, l).await?;
    tx.commit().await?;
    Ok(Some(Batch { count: keys.len() as i64, first: first_ref, last: last_ref, held: started.elapsed() }))
}

/// What a batch's 廃棄記録 says.
struct Written<'a> {
    kind: Kind,
    count: usize,
    first_ref: &'a str,
    last_ref: &'a str,
    /// The ids removed (JSON), where ids name no one on their own.
    items: Option<String>,
    sha: String,
}

/// The batch's audit event and its 廃棄記録, in its transaction.
async fn record(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    now: DateTime<Utc>,
    cut: &Cutoffs,
    w: Written<'_>,
    first: serde_json::Value,
    last: serde_json::Value,
) -> Result<(), AppError> {
    let older_than = cut.text(w.kind);
    let event = AuditEvent::system("retention", Action::RetentionDispose)
        .data(DataCategory::Retention)
        .record(format!("disposal_records/{}", w.kind.code()))
        .detail(serde_json::json!({
            "kind": w.kind.code(), "count": w.count, "older_than": older_than, "first": first, "last": last, "items_sha256": w.sha,
        }));
    let event_id = append(tx, now, &RequestMeta::default(), &event).await?;
    sqlx::query(
        "INSERT INTO disposal_records (kind, older_than, count, first_ref, last_ref, items, items_sha256, audit_event_id, disposed_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(w.kind.code())
    .bind(&older_than)
    .bind(w.count as i64)
    .bind(w.first_ref)
    .bind(w.last_ref)
    .bind(w.items)
    .bind(&w.sha)
    .bind(event_id)
    .bind(instant_text(now))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A 廃棄記録 of audit events: the ids disposed of (JSON), their digest, and the detail
/// of the event that recorded it.
#[derive(sqlx::FromRow)]
struct DisposalRow {
    items: String,
    items_sha256: String,
    detail: Option<String>,
}

/// The audit events a 廃棄記録 accounts for (of either kind of audit event): only from
/// records whose ids match their digest and whose recording event carries the same digest
/// (that event is itself verified in the chain, and never disposed of).
pub async fn disposed_events(state: &AppState) -> Result<HashSet<i64>, AppError> {
    let rows: Vec<DisposalRow> = sqlx::query_as(
        "SELECT d.items, d.items_sha256, e.detail FROM disposal_records d LEFT JOIN audit_events e ON e.id = d.audit_event_id \
         WHERE d.kind IN ($1, $2) AND d.items IS NOT NULL AND d.items_sha256 IS NOT NULL",
    )
    .bind(Kind::AuthenticationEvents.code())
    .bind(Kind::AuditEvents.code())
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
