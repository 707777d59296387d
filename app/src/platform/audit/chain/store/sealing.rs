//! Sealing: committed events not yet in the chain are linked after its head, one sealer at
//! a time, and the new head is handed out as a checkpoint.

use super::{link, straggler_window};
use crate::platform::audit::chain::{BATCH, Checkpoint, EVENT_COLUMNS, EventRow, GENESIS, SQLITE_CANONICAL, canonical};
use crate::platform::db::{Backend, instant_text};
use crate::platform::state::AppState;
use kit::error::AppError;

/// The chain's head: its position, hash and the highest sealed event id.
#[derive(PartialEq, sqlx::FromRow)]
struct Head {
    position: i64,
    hash: String,
    max_sealed: i64,
}

async fn head(conn: &mut sqlx::AnyConnection) -> Result<Head, AppError> {
    let head: Option<Head> = sqlx::query_as(
        "SELECT position, hash, (SELECT MAX(event_id) FROM audit_chain) AS max_sealed FROM audit_chain \
         ORDER BY position DESC LIMIT 1",
    )
    .fetch_optional(&mut *conn)
    .await?;
    Ok(head.unwrap_or_else(|| Head { position: 0, hash: GENESIS.to_string(), max_sealed: 0 }))
}

/// Up to [`BATCH`] committed events not yet in the chain, in id order.
async fn unsealed(conn: &mut sqlx::AnyConnection, backend: Backend, max_sealed: i64) -> Result<Vec<EventRow>, AppError> {
    let from = max_sealed.saturating_sub(straggler_window(backend));
    let unsealed = "FROM audit_events e WHERE e.id > $1 \
         AND NOT EXISTS (SELECT 1 FROM audit_chain c WHERE c.event_id = e.id) ORDER BY e.id LIMIT $2";
    if backend == Backend::Postgres {
        return Ok(sqlx::query_as(&format!("SELECT {EVENT_COLUMNS} {unsealed}")).bind(from).bind(BATCH).fetch_all(&mut *conn).await?);
    }
    // The batch comes as one text (a row per event would cross from SQLite's thread one
    // at a time): the events' canonical forms as SQLite writes them, apart by U+001E,
    // which JSON text never holds unescaped; they are read back and hashed exactly as
    // from the columns.
    let rows: Option<String> = sqlx::query_scalar(&format!(
        "SELECT group_concat(t, char(30) ORDER BY id) FROM (SELECT e.id AS id, {SQLITE_CANONICAL} AS t {unsealed})"
    ))
    .bind(from)
    .bind(BATCH)
    .fetch_one(&mut *conn)
    .await?;
    rows.as_deref()
        .unwrap_or_default()
        .split('\u{1e}')
        .filter(|t| !t.is_empty())
        .map(serde_json::from_str)
        .collect::<Result<_, _>>()
        .map_err(|e| AppError::internal("seal", e))
}

/// Seals up to [`BATCH`] committed events not yet in the chain; returns the new head,
/// or None when there was nothing to seal. One sealer at a time: the SQLite write turn,
/// a transaction-scoped advisory lock on PostgreSQL, and the chain's unique positions.
///
/// On SQLite the batch is read and hashed on a read connection before the write turn is
/// taken, so audit writers wait only while the links are written. Its one writer gives
/// ids in commit order, so no event can later appear among those a snapshot read; if
/// another sealer (`madoguchi seal` beside the server) moved the head meanwhile, the
/// round starts again.
pub async fn seal(state: &AppState) -> Result<Option<Checkpoint>, AppError> {
    if state.db.backend == Backend::Postgres {
        let mut tx = state.db.begin().await?;
        sqlx::query("SELECT pg_advisory_xact_lock(4207311)").execute(&mut *tx).await?;
        let head = head(&mut tx).await?;
        let events = unsealed(&mut tx, Backend::Postgres, head.max_sealed).await?;
        if events.is_empty() {
            tx.rollback().await?;
            return Ok(None);
        }
        return insert_links(state, tx, links(&head, &events)).await.map(Some);
    }
    loop {
        let mut snapshot = state.db.reads.begin().await?;
        let read = head(&mut snapshot).await?;
        let events = unsealed(&mut snapshot, Backend::Sqlite, read.max_sealed).await?;
        snapshot.rollback().await?;
        if events.is_empty() {
            return Ok(None);
        }
        let chained = links(&read, &events);
        let _turn = state.db.write_turn().await;
        let mut tx = state.db.begin().await?;
        if head(&mut tx).await? == read {
            return insert_links(state, tx, chained).await.map(Some);
        }
    }
}

/// Each event's link after `head`.
fn links(head: &Head, events: &[EventRow]) -> Vec<(i64, i64, String)> {
    let (mut position, mut previous) = (head.position, head.hash.clone());
    events
        .iter()
        .map(|e| {
            position += 1;
            previous = link(&previous, &canonical(e));
            (position, e.id, previous.clone())
        })
        .collect()
}

/// Writes the links and commits; returns the new head.
async fn insert_links(
    state: &AppState,
    mut tx: sqlx::Transaction<'static, sqlx::Any>,
    links: Vec<(i64, i64, String)>,
) -> Result<Checkpoint, AppError> {
    let sealed_at = instant_text(state.clock.now());
    // The links travel as one JSON parameter per statement: a statement per link held
    // the write turn (and so every audit writer) for one round trip per event.
    let insert = match state.db.backend {
        Backend::Sqlite => {
            "INSERT INTO audit_chain (position, event_id, hash, sealed_at) \
             SELECT value->>0, value->>1, value->>2, $2 FROM json_each($1)"
        }
        Backend::Postgres => {
            "INSERT INTO audit_chain (position, event_id, hash, sealed_at) \
             SELECT (e->>0)::bigint, (e->>1)::bigint, e->>2, $2 FROM jsonb_array_elements($1::jsonb) AS e"
        }
    };
    for chunk in links.chunks(2_000) {
        let json = serde_json::to_string(chunk).map_err(|e| AppError::internal("seal", e))?;
        sqlx::query(insert).bind(json).bind(&sealed_at).execute(&mut *tx).await?;
    }
    tx.commit().await?;
    let (position, _, hash) = links.last().cloned().ok_or_else(|| AppError::internal("seal", "no links"))?;
    Ok(Checkpoint { position, hash, sealed_at })
}

/// Seals until nothing is left; returns the last head.
pub async fn seal_all(state: &AppState) -> Result<Option<Checkpoint>, AppError> {
    let mut last = None;
    while let Some(c) = seal(state).await? {
        last = Some(c);
    }
    Ok(last)
}
