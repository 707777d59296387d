//! Verifying in the database: every link read back (on SQLite in wide batches, hashed on
//! all cores) and walked, and the events outside the chain checked.

use std::collections::HashMap;

use super::walker::{self, Outside, Walker};
use super::{LinkCheck, straggler_window};
use crate::platform::audit::chain::{
    BATCH, Checkpoint, EVENT_COLUMNS, EventRow, GENESIS, SQLITE_CANONICAL, STALE_SECONDS, Verification, canonical,
};
use crate::platform::audit::origin;
use crate::platform::db::{Backend, instant_text};
use crate::platform::state::AppState;
use kit::error::AppError;

/// Recomputes the whole chain (in batches) and checks it against `checkpoints`.
/// `disposed`: the events a 廃棄記録 accounts for (retention owns those records); their
/// absence is not a break.
pub async fn verify(
    state: &AppState,
    checkpoints: &[Checkpoint],
    disposed: std::collections::HashSet<i64>,
) -> Result<Verification, AppError> {
    let pool = &state.db.pool;
    let mut walker = Walker::new(checkpoints).with_disposed(disposed);
    let mut after = 0i64;
    if state.db.backend == Backend::Sqlite {
        let walker = verify_sqlite(state, walker).await?;
        let outside = outside(state, walker.present).await?;
        return Ok(walker.finish(outside));
    }
    loop {
        let links: Vec<ChainLink> =
            sqlx::query_as("SELECT position, event_id, hash FROM audit_chain WHERE position > $1 ORDER BY position LIMIT $2")
                .bind(after)
                .bind(BATCH)
                .fetch_all(pool)
                .await?;
        let Some(last) = links.last() else { break };
        after = last.position;
        let (lo, hi) = links.iter().fold((i64::MAX, i64::MIN), |(lo, hi), l| (lo.min(l.event_id), hi.max(l.event_id)));
        let events: Vec<Signed> =
            sqlx::query_as(&format!("SELECT {EVENT_COLUMNS}, e.mac FROM audit_events e WHERE e.id BETWEEN $1 AND $2"))
                .bind(lo)
                .bind(hi)
                .fetch_all(pool)
                .await?;
        let by_id: HashMap<i64, Signed> = events.into_iter().map(|s| (s.event.id, s)).collect();
        for ChainLink { position, event_id, hash } in &links {
            let signed = by_id.get(event_id);
            let text = signed.map(|s| canonical(&s.event));
            walker.step_canonical(*position, *event_id, text.as_deref(), hash);
            if let (Some(signed), Some(text)) = (signed, text) {
                let mac = signed.mac.as_deref();
                walker.origin(*position, *event_id, mac, mac.is_some_and(|m| origin::verifies(m, &text)));
            }
        }
    }
    let outside = outside(state, walker.present).await?;
    Ok(walker.finish(outside))
}

/// One link of the chain as stored.
#[derive(sqlx::FromRow)]
struct ChainLink {
    position: i64,
    event_id: i64,
    hash: String,
}

/// An event's columns ([`EVENT_COLUMNS`]) and then its MAC.
#[derive(sqlx::FromRow)]
struct Signed {
    #[sqlx(flatten)]
    event: EventRow,
    mac: Option<String>,
}

/// How many events there are, and the highest sealed event id.
#[derive(sqlx::FromRow)]
struct EventCount {
    events: i64,
    max_sealed: Option<i64>,
}

/// The first event that must carry a MAC, among those outside the chain: events written
/// before MACs existed have none.
async fn macs_from(state: &AppState) -> Result<i64, AppError> {
    let first: Option<i64> = sqlx::query_scalar("SELECT id FROM audit_events WHERE mac IS NOT NULL ORDER BY id LIMIT 1")
        .fetch_optional(&state.db.pool)
        .await?;
    Ok(first.unwrap_or(i64::MAX))
}

/// The events no link covers: how many are stale, and the first added behind the
/// application's back. When every event is behind a link (`present` of them) there is
/// nothing to read; otherwise the few outside are read and checked one by one.
async fn outside(state: &AppState, present: i64) -> Result<Outside, AppError> {
    const READ: i64 = 10_000;
    let pool = &state.db.pool;
    let EventCount { events, max_sealed } = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM audit_events) AS events, (SELECT MAX(event_id) FROM audit_chain) AS max_sealed",
    )
    .fetch_one(pool)
    .await?;
    if events <= present {
        return Ok(Outside::default());
    }
    let cutoff = instant_text(state.clock.now() - chrono::Duration::seconds(STALE_SECONDS));
    let unsealed = "FROM audit_events e WHERE NOT EXISTS (SELECT 1 FROM audit_chain c WHERE c.event_id = e.id)";
    let rows: Vec<Signed> = sqlx::query_as(&format!("SELECT {EVENT_COLUMNS}, e.mac {unsealed} ORDER BY e.id LIMIT $1"))
        .bind(READ)
        .fetch_all(pool)
        .await?;
    let checked: Vec<(i64, String, Option<bool>)> = rows
        .into_iter()
        .map(|Signed { event, mac }| {
            let verified = mac.map(|m| origin::verifies(&m, &canonical(&event)));
            (event.id, event.occurred_at, verified)
        })
        .collect();
    let sealed_below = max_sealed.unwrap_or(0) - straggler_window(state.db.backend);
    let macs_from = macs_from(state).await?;
    let mut found = walker::outside(checked.iter().map(|(id, at, v)| (*id, at.as_str(), *v)), &cutoff, sealed_below, macs_from);
    if checked.len() as i64 == READ {
        // Too many to read: count the stale ones instead.
        found.stale = sqlx::query_scalar(&format!("SELECT COUNT(*) {unsealed} AND e.occurred_at < $1"))
            .bind(cutoff)
            .fetch_one(pool)
            .await?;
    }
    Ok(found)
}

/// SQLite: each link with its event's canonical text, written by the database in one
/// joined read per batch. A link that does not match is checked again from the row's
/// columns before it counts as broken.
async fn verify_sqlite<'a>(state: &AppState, mut walker: Walker<'a>) -> Result<Walker<'a>, AppError> {
    const WIDE: i64 = 10 * BATCH;
    let pool = &state.db.pool;
    // Each batch of links comes as one text (a row per link would cross from SQLite's
    // thread one at a time), read ahead several at once on their own connections.
    let read = |after: i64| {
        let pool = pool.clone();
        tokio::spawn(async move {
            sqlx::query_scalar::<_, Option<String>>(&format!(
                "SELECT group_concat(c.position || ' ' || c.event_id || ' ' || c.hash || ' ' || COALESCE(e.mac, '-') || ' ' || \
                 CASE WHEN e.id IS NULL THEN '' ELSE {SQLITE_CANONICAL} END, char(30) ORDER BY c.position) \
                 FROM audit_chain c LEFT JOIN audit_events e ON e.id = c.event_id \
                 WHERE c.position > $1 AND c.position <= $2"
            ))
            .bind(after)
            .bind(after + WIDE)
            .fetch_one(&pool)
            .await
        })
    };
    let last_position: Option<i64> = sqlx::query_scalar("SELECT MAX(position) FROM audit_chain").fetch_one(pool).await?;
    let last_position = last_position.unwrap_or(0);
    let ahead = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1).clamp(2, 4);
    let mut reads = std::collections::VecDeque::new();
    let mut next_from = 0;
    let mut previous = GENESIS.to_string();
    loop {
        while reads.len() < ahead && next_from < last_position {
            reads.push_back(read(next_from));
            next_from += WIDE;
        }
        let Some(reading) = reads.pop_front() else { break };
        let Some(text) = reading.await.map_err(|e| AppError::internal("audit verify", e))?? else { continue };
        let links = parse_links(&text)?;
        let Some(last) = links.last() else { continue };
        // The batch's links are checked on every core.
        let checks = check_in_parallel(&previous, &links)?;
        previous.clear();
        previous.push_str(last.hash);
        for (l, (check, verified)) in links.iter().zip(checks) {
            let recomputed = match (check, verified) {
                (LinkCheck::Differs, _) | (LinkCheck::Matches, false) => {
                    let row: Option<EventRow> = sqlx::query_as(&format!("SELECT {EVENT_COLUMNS} FROM audit_events e WHERE e.id = $1"))
                        .bind(l.event_id)
                        .fetch_optional(pool)
                        .await?;
                    row.map(|e| canonical(&e))
                }
                _ => None,
            };
            match recomputed {
                Some(text) => {
                    walker.step_canonical(l.position, l.event_id, Some(&text), l.hash);
                    walker.origin(l.position, l.event_id, l.mac, l.mac.is_some_and(|m| origin::verifies(m, &text)));
                }
                None => {
                    walker.step_checked(l.position, l.event_id, check, l.hash);
                    if l.canonical.is_some() {
                        walker.origin(l.position, l.event_id, l.mac, verified);
                    }
                }
            }
        }
    }
    Ok(walker)
}

/// One link as verification reads it: its event's canonical text, if the event exists.
struct LinkText<'a> {
    position: i64,
    event_id: i64,
    hash: &'a str,
    mac: Option<&'a str>,
    canonical: Option<&'a str>,
}

/// Splits a batch: links apart by U+001E (which JSON text, and so the canonical form,
/// never holds unescaped), fields by the first four spaces (a MAC holds none; `-` for none).
fn parse_links(text: &str) -> Result<Vec<LinkText<'_>>, AppError> {
    text.split('\u{1e}')
        .map(|record| {
            let mut f = record.splitn(5, ' ');
            let (Some(position), Some(event_id), Some(hash), Some(mac), Some(canonical)) = (f.next(), f.next(), f.next(), f.next(), f.next())
            else {
                return Err(AppError::internal("audit verify", "unreadable link"));
            };
            Ok(LinkText {
                position: position.parse().map_err(|e| AppError::internal("audit verify", e))?,
                event_id: event_id.parse().map_err(|e| AppError::internal("audit verify", e))?,
                hash,
                mac: (mac != "-").then_some(mac),
                canonical: (!canonical.is_empty()).then_some(canonical),
            })
        })
        .collect()
}

/// Each link checked against the stored link before it — `previous` for the first —
/// and its event's MAC, split across the cores.
fn check_in_parallel(previous: &str, links: &[LinkText<'_>]) -> Result<Vec<(LinkCheck, bool)>, AppError> {
    let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1).clamp(1, 8);
    let per = links.len().div_ceil(threads).max(1);
    let check = |start: usize, part: &[LinkText<'_>]| -> Vec<(LinkCheck, bool)> {
        part.iter()
            .enumerate()
            .map(|(i, l)| {
                let before = if start + i == 0 { previous } else { links[start + i - 1].hash };
                let verified = l.mac.zip(l.canonical).is_some_and(|(m, text)| origin::verifies(m, text));
                (LinkCheck::of(before, l.canonical, l.hash), verified)
            })
            .collect()
    };
    let checks: Vec<(LinkCheck, bool)> = std::thread::scope(|scope| {
        let parts: Vec<_> = links.chunks(per).enumerate().map(|(n, part)| scope.spawn(move || check(n * per, part))).collect();
        parts.into_iter().flat_map(|p| p.join().unwrap_or_default()).collect()
    });
    // Every link is walked or the verification fails: never a silently shorter walk.
    if checks.len() != links.len() {
        return Err(AppError::internal("audit verify", "a hashing thread failed"));
    }
    Ok(checks)
}
