//! The audit record made tamper-evident. Audit events are appended in the transaction of
//! what they record (no global lock on the hot path); a sealer, one at a time, then links
//! the committed events into a hash chain — each link is SHA-256(previous link, the event's
//! canonical form) — and hands the new head out as a checkpoint, which the server writes
//! outside the database (its log, and an append-only file). Verification recomputes the
//! whole chain, names the first broken link, and compares the chain with the checkpoints,
//! so rewriting the events *and* re-hashing the chain is still caught.

use serde::{Deserialize, Serialize};
#[cfg(feature = "ssr")]
use sha2::{Digest, Sha256};

/// The link before the first.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Events sealed per round (the sealer loops while rounds are full).
pub const BATCH: i64 = 1000;

/// On PostgreSQL an event can commit after events with higher ids were sealed; the sealer
/// looks this many ids back for such stragglers. Verification reports any event left
/// unsealed for longer than [`STALE_SECONDS`].
pub const STRAGGLER_WINDOW: i64 = 10_000;
pub const STALE_SECONDS: i64 = 60;

/// An audit event's columns, in table order.
pub type EventRow = (
    i64,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<i64>,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

pub const EVENT_COLUMNS: &str = "e.id, e.occurred_at, e.actor_kind, e.actor_id, e.actor_role, e.subject_member_id, e.action, \
    e.data_category, e.record_ref, e.purpose, e.outcome, e.ip, e.user_agent, e.request_id, e.detail";

/// The canonical form of an event: a JSON array of every column, so an absent value and an
/// empty one differ, and no column can shift into another.
pub fn canonical(e: &EventRow) -> String {
    // Written field by field (no intermediate JSON value): the same text as
    // `serde_json::json!([...]).to_string()`, which sealed the chain so far.
    fn put<T: Serialize>(out: &mut Vec<u8>, v: &T) {
        let _ = serde_json::to_writer(&mut *out, v);
    }
    let mut out = Vec::with_capacity(384);
    out.push(b'[');
    put(&mut out, &e.0);
    for v in [&e.1, &e.2] {
        out.push(b',');
        put(&mut out, v);
    }
    for v in [&e.3, &e.4] {
        out.push(b',');
        put(&mut out, v);
    }
    out.push(b',');
    put(&mut out, &e.5);
    out.push(b',');
    put(&mut out, &e.6);
    for v in [&e.7, &e.8, &e.9] {
        out.push(b',');
        put(&mut out, v);
    }
    out.push(b',');
    put(&mut out, &e.10);
    for v in [&e.11, &e.12, &e.13, &e.14] {
        out.push(b',');
        put(&mut out, v);
    }
    out.push(b']');
    String::from_utf8(out).unwrap_or_default()
}

/// The canonical form as SQLite's `json_array()` writes it from the row itself, so that
/// verification reads one text per event instead of fifteen columns. Where the two ever
/// differ, verification falls back to [`canonical`] before it calls a link broken.
pub const SQLITE_CANONICAL: &str = "json_array(e.id, e.occurred_at, e.actor_kind, e.actor_id, e.actor_role, e.subject_member_id, \
    e.action, e.data_category, e.record_ref, e.purpose, e.outcome, e.ip, e.user_agent, e.request_id, e.detail)";

/// The link after `previous` for an event of this canonical form.
#[cfg(feature = "ssr")]
pub fn link(previous: &str, canonical: &str) -> String {
    let mut h = Sha256::new();
    h.update(previous.as_bytes());
    h.update(b"\n");
    h.update(canonical.as_bytes());
    hex::encode(h.finalize())
}

/// The head of the chain after a seal, as written outside the database.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    pub position: i64,
    pub hash: String,
    pub sealed_at: String,
}

impl Checkpoint {
    /// One line of the checkpoint file: `position hash sealed_at`.
    pub fn line(&self) -> String {
        format!("{} {} {}", self.position, self.hash, self.sealed_at)
    }

    /// Reads a checkpoint file; lines that are not checkpoints are reported by number.
    pub fn parse_file(text: &str) -> Result<Vec<Checkpoint>, usize> {
        let mut out = Vec::new();
        for (n, l) in text.lines().enumerate() {
            if l.trim().is_empty() {
                continue;
            }
            let mut parts = l.split_whitespace();
            let (Some(p), Some(h), Some(at), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
                return Err(n + 1);
            };
            let position = p.parse::<i64>().map_err(|_| n + 1)?;
            if h.len() != 64 || !h.chars().all(|c| c.is_ascii_hexdigit()) || position < 1 {
                return Err(n + 1);
            }
            out.push(Checkpoint { position, hash: h.to_string(), sealed_at: at.to_string() });
        }
        Ok(out)
    }
}

/// Why a link is broken.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Break {
    /// The event no longer hashes to its link: it was changed.
    Changed,
    /// The link's event is gone.
    Missing,
    /// A position is missing: links were removed.
    Gap,
    /// The chain disagrees with a checkpoint written outside the database: it was rebuilt
    /// (or cut short).
    Checkpoint,
}

impl Break {
    /// What happened, in words for the auditor's page and the CLI.
    pub fn describe(self, ja: bool) -> &'static str {
        match (self, ja) {
            (Break::Changed, true) => "封印後に記録が書き換えられています",
            (Break::Changed, false) => "the event was changed after it was sealed",
            (Break::Missing, true) => "封印された記録が削除されています",
            (Break::Missing, false) => "the event was deleted",
            (Break::Gap, true) => "連結の一部が取り除かれています",
            (Break::Gap, false) => "links were removed from the chain",
            (Break::Checkpoint, true) => "データベース外のチェックポイントと一致しません（作り直し・切り詰めの疑い）",
            (Break::Checkpoint, false) => "the chain differs from the checkpoint written outside the database (rebuilt or cut short)",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Broken {
    pub position: i64,
    /// The event at that position, where there is one.
    pub event_id: Option<i64>,
    pub why: Break,
}

/// What verification found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verification {
    /// Links checked.
    pub sealed: i64,
    /// The first broken link (lowest position), if any.
    pub broken: Option<Broken>,
    /// Events older than [`STALE_SECONDS`] that no seal covers.
    pub unsealed_stale: i64,
    pub checkpoints_checked: usize,
}

impl Verification {
    pub fn ok(&self) -> bool {
        self.broken.is_none() && self.unsealed_stale == 0
    }
}

/// Walks links in position order, keeping the first break.
#[cfg(feature = "ssr")]
#[derive(Debug)]
pub struct Walker<'a> {
    /// Events a 廃棄記録 accounts for: their links stand without them.
    disposed: std::collections::HashSet<i64>,
    previous: String,
    expected: i64,
    pub broken: Option<Broken>,
    pub sealed: i64,
    checkpoints: &'a [Checkpoint],
    pub seen_at_checkpoints: Vec<(i64, String)>,
}

#[cfg(feature = "ssr")]
impl<'a> Walker<'a> {
    pub fn new(checkpoints: &'a [Checkpoint]) -> Self {
        Walker {
            disposed: std::collections::HashSet::new(),
            previous: GENESIS.into(),
            expected: 1,
            broken: None,
            sealed: 0,
            checkpoints,
            seen_at_checkpoints: Vec::new(),
        }
    }

    /// Accepts these events' absence (retention disposed of them, with a record).
    pub fn with_disposed(mut self, disposed: std::collections::HashSet<i64>) -> Self {
        self.disposed = disposed;
        self
    }

    fn breaks(&mut self, position: i64, event_id: Option<i64>, why: Break) {
        if self.broken.as_ref().is_none_or(|b| position < b.position) {
            self.broken = Some(Broken { position, event_id, why });
        }
    }

    /// One link: its position, its event (None if gone) and its stored hash.
    pub fn step(&mut self, position: i64, event_id: i64, event: Option<&EventRow>, stored: &str) {
        // An event under another id than the link names cannot hash to it.
        let text = event.map(|e| if e.0 == event_id { canonical(e) } else { String::new() });
        self.step_canonical(position, event_id, text.as_deref(), stored);
    }

    /// Whether `canonical` hashes to the stored link after the previous one.
    pub fn matches(&self, canonical: &str, stored: &str) -> bool {
        link(&self.previous, canonical) == stored
    }

    /// [`Walker::step`] with the event already in its canonical form.
    pub fn step_canonical(&mut self, position: i64, event_id: i64, canonical: Option<&str>, stored: &str) {
        self.sealed += 1;
        if position != self.expected {
            self.breaks(self.expected, None, Break::Gap);
        }
        self.expected = position + 1;
        match canonical {
            None if self.disposed.contains(&event_id) => {}
            None => self.breaks(position, Some(event_id), Break::Missing),
            Some(text) if link(&self.previous, text) != stored => self.breaks(position, Some(event_id), Break::Changed),
            Some(_) => {}
        }
        // The next link builds on what is stored, so one changed event breaks one link.
        self.previous = stored.to_string();
        if self.checkpoints.iter().any(|c| c.position == position) {
            self.seen_at_checkpoints.push((position, stored.to_string()));
        }
    }

    /// After the last link: every checkpoint must match the chain.
    pub fn finish(mut self, unsealed_stale: i64) -> Verification {
        for c in self.checkpoints {
            let matches = self.seen_at_checkpoints.iter().any(|(p, h)| *p == c.position && *h == c.hash);
            if !matches {
                self.breaks(c.position, None, Break::Checkpoint);
            }
        }
        Verification { sealed: self.sealed, broken: self.broken, unsealed_stale, checkpoints_checked: self.checkpoints.len() }
    }
}

#[cfg(feature = "ssr")]
pub mod store {
    //! Sealing and verifying in the database.
    use std::collections::HashMap;

    use super::{BATCH, Checkpoint, EVENT_COLUMNS, EventRow, GENESIS, SQLITE_CANONICAL, STALE_SECONDS, STRAGGLER_WINDOW, Verification, Walker, canonical, link};
    use crate::db::{Backend, instant_text};
    use crate::error::AppError;
    use crate::state::AppState;

    /// Seals up to [`BATCH`] committed events not yet in the chain; returns the new head,
    /// or None when there was nothing to seal. One sealer at a time: the SQLite write turn,
    /// a transaction-scoped advisory lock on PostgreSQL, and the chain's unique positions.
    pub async fn seal(state: &AppState) -> Result<Option<Checkpoint>, AppError> {
        let _turn = state.db.write_turn().await;
        let mut tx = state.db.pool.begin().await?;
        if state.db.backend == Backend::Postgres {
            sqlx::query("SELECT pg_advisory_xact_lock(4207311)").execute(&mut *tx).await?;
        }
        let head: Option<(i64, String, i64)> =
            sqlx::query_as("SELECT position, hash, event_id FROM audit_chain ORDER BY position DESC LIMIT 1")
                .fetch_optional(&mut *tx)
                .await?;
        let (mut position, mut previous) = head.as_ref().map(|h| (h.0, h.1.clone())).unwrap_or((0, GENESIS.to_string()));
        let (max_sealed,): (Option<i64>,) = sqlx::query_as("SELECT MAX(event_id) FROM audit_chain").fetch_one(&mut *tx).await?;
        let from = max_sealed.unwrap_or(0).saturating_sub(STRAGGLER_WINDOW);
        let events: Vec<EventRow> = sqlx::query_as(&format!(
            "SELECT {EVENT_COLUMNS} FROM audit_events e WHERE e.id > $1 \
             AND NOT EXISTS (SELECT 1 FROM audit_chain c WHERE c.event_id = e.id) ORDER BY e.id LIMIT $2"
        ))
        .bind(from)
        .bind(BATCH)
        .fetch_all(&mut *tx)
        .await?;
        if events.is_empty() {
            tx.rollback().await?;
            return Ok(None);
        }
        let sealed_at = instant_text(state.clock.now());
        for e in &events {
            position += 1;
            previous = link(&previous, &canonical(e));
            sqlx::query("INSERT INTO audit_chain (position, event_id, hash, sealed_at) VALUES ($1, $2, $3, $4)")
                .bind(position)
                .bind(e.0)
                .bind(&previous)
                .bind(&sealed_at)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(Some(Checkpoint { position, hash: previous, sealed_at }))
    }

    /// Seals until nothing is left; returns the last head.
    pub async fn seal_all(state: &AppState) -> Result<Option<Checkpoint>, AppError> {
        let mut last = None;
        while let Some(c) = seal(state).await? {
            last = Some(c);
        }
        Ok(last)
    }

    /// Recomputes the whole chain (in batches) and checks it against `checkpoints`.
    pub async fn verify(state: &AppState, checkpoints: &[Checkpoint]) -> Result<Verification, AppError> {
        let pool = &state.db.pool;
        let disposed = crate::records::retention::store::disposed_events(state).await?;
        let mut walker = Walker::new(checkpoints).with_disposed(disposed);
        let mut after = 0i64;
        if state.db.backend == Backend::Sqlite {
            return verify_sqlite(state, walker).await;
        }
        loop {
            let links: Vec<(i64, i64, String)> =
                sqlx::query_as("SELECT position, event_id, hash FROM audit_chain WHERE position > $1 ORDER BY position LIMIT $2")
                    .bind(after)
                    .bind(BATCH)
                    .fetch_all(pool)
                    .await?;
            let Some(last) = links.last() else { break };
            after = last.0;
            let (lo, hi) = links.iter().fold((i64::MAX, i64::MIN), |(lo, hi), l| (lo.min(l.1), hi.max(l.1)));
            let events: Vec<EventRow> =
                sqlx::query_as(&format!("SELECT {EVENT_COLUMNS} FROM audit_events e WHERE e.id BETWEEN $1 AND $2"))
                    .bind(lo)
                    .bind(hi)
                    .fetch_all(pool)
                    .await?;
            let by_id: HashMap<i64, &EventRow> = events.iter().map(|e| (e.0, e)).collect();
            for (position, event_id, hash) in &links {
                walker.step(*position, *event_id, by_id.get(event_id).copied(), hash);
            }
        }
        let cutoff = instant_text(state.clock.now() - chrono::Duration::seconds(STALE_SECONDS));
        let (stale,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM audit_events e WHERE e.occurred_at < $1 \
             AND NOT EXISTS (SELECT 1 FROM audit_chain c WHERE c.event_id = e.id)",
        )
        .bind(cutoff)
        .fetch_one(pool)
        .await?;
        Ok(walker.finish(stale))
    }

    /// Events older than [`STALE_SECONDS`] that no seal covers.
    async fn stale(state: &AppState) -> Result<i64, AppError> {
        let cutoff = instant_text(state.clock.now() - chrono::Duration::seconds(STALE_SECONDS));
        Ok(sqlx::query_scalar(
            "SELECT COUNT(*) FROM audit_events e WHERE e.occurred_at < $1 \
             AND NOT EXISTS (SELECT 1 FROM audit_chain c WHERE c.event_id = e.id)",
        )
        .bind(cutoff)
        .fetch_one(&state.db.pool)
        .await?)
    }

    /// SQLite: each link with its event's canonical text, written by the database in one
    /// joined read per batch. A link that does not match is checked again from the row's
    /// columns before it counts as broken.
    async fn verify_sqlite(state: &AppState, mut walker: Walker<'_>) -> Result<Verification, AppError> {
        type Link = (i64, i64, String, Option<String>);
        const WIDE: i64 = 10 * BATCH;
        let pool = &state.db.pool;
        // The next batch is read (by SQLite's own thread) while this one is hashed.
        let read = |after: i64| {
            let pool = pool.clone();
            tokio::spawn(async move {
                sqlx::query_as::<_, Link>(&format!(
                    "SELECT c.position, c.event_id, c.hash, CASE WHEN e.id IS NULL THEN NULL ELSE {SQLITE_CANONICAL} END \
                     FROM audit_chain c LEFT JOIN audit_events e ON e.id = c.event_id WHERE c.position > $1 ORDER BY c.position LIMIT $2"
                ))
                .bind(after)
                .bind(WIDE)
                .fetch_all(&pool)
                .await
            })
        };
        let mut next = read(0);
        loop {
            let links = next.await.map_err(|e| AppError::internal("audit verify", e))??;
            let Some(last) = links.last() else { break };
            next = read(last.0);
            for (position, event_id, hash, text) in &links {
                let recomputed = match text {
                    Some(t) if !walker.matches(t, hash) => {
                        let row: Option<EventRow> = sqlx::query_as(&format!("SELECT {EVENT_COLUMNS} FROM audit_events e WHERE e.id = $1"))
                            .bind(event_id)
                            .fetch_optional(pool)
                            .await?;
                        row.map(|e| canonical(&e))
                    }
                    _ => None,
                };
                walker.step_canonical(*position, *event_id, recomputed.as_deref().or(text.as_deref()), hash);
            }
        }
        Ok(walker.finish(stale(state).await?))
    }
}

#[cfg(test)]
#[cfg(feature = "ssr")]
mod tests {
    use super::*;

    fn event(id: i64, detail: &str) -> EventRow {
        (
            id,
            "2026-11-22T00:00:00.000000Z".into(),
            "staff".into(),
            Some("7".into()),
            Some("reviewer".into()),
            Some(42),
            "request.view".into(),
            Some("request".into()),
            Some("requests/1".into()),
            Some("20261122-0001".into()),
            "allowed".into(),
            Some("127.0.0.1".into()),
            None,
            Some("r1".into()),
            Some(detail.into()),
        )
    }

    fn chain(events: &[EventRow]) -> Vec<String> {
        let mut prev = GENESIS.to_string();
        events
            .iter()
            .map(|e| {
                prev = link(&prev, &canonical(e));
                prev.clone()
            })
            .collect()
    }

    fn walk(events: &[Option<EventRow>], hashes: &[String], checkpoints: &[Checkpoint]) -> Verification {
        let mut w = Walker::new(checkpoints);
        for (i, (e, h)) in events.iter().zip(hashes).enumerate() {
            let position = i as i64 + 1;
            w.step(position, position, e.as_ref(), h);
        }
        w.finish(0)
    }

    #[test]
    fn the_canonical_form_is_the_text_the_chain_was_sealed_with() {
        let tricky = "引用\"符\\と改行\n、タブ\t、制御\u{1}文字、\u{7f}、\u{2028}、絵文字😀";
        let mut e = event(9, tricky);
        e.3 = None;
        e.5 = None;
        e.12 = Some(tricky.into());
        for e in [event(1, "d"), e] {
            let old = serde_json::json!([e.0, e.1, e.2, e.3, e.4, e.5, e.6, e.7, e.8, e.9, e.10, e.11, e.12, e.13, e.14]).to_string();
            assert_eq!(canonical(&e), old);
        }
    }

    #[test]
    fn the_canonical_form_tells_absent_from_empty_and_keeps_columns_apart() {
        let mut a = event(1, "x");
        let mut b = event(1, "x");
        a.12 = None;
        b.12 = Some(String::new());
        assert_ne!(canonical(&a), canonical(&b));
        // Moving text between neighbouring columns changes the form.
        let (mut c, mut d) = (event(1, "x"), event(1, "x"));
        c.8 = Some("ab".into());
        c.9 = Some("c".into());
        d.8 = Some("a".into());
        d.9 = Some("bc".into());
        assert_ne!(canonical(&c), canonical(&d));
        assert_eq!(link(GENESIS, &canonical(&a)), link(GENESIS, &canonical(&a.clone())));
        assert_eq!(link(GENESIS, "x").len(), 64);
    }

    #[test]
    fn an_intact_chain_verifies_against_its_checkpoints() {
        let events: Vec<EventRow> = (1..=5).map(|i| event(i, "d")).collect();
        let hashes = chain(&events);
        let cps = vec![Checkpoint { position: 3, hash: hashes[2].clone(), sealed_at: "t".into() }];
        let v = walk(&events.into_iter().map(Some).collect::<Vec<_>>(), &hashes, &cps);
        assert!(v.ok(), "{v:?}");
        assert_eq!((v.sealed, v.checkpoints_checked), (5, 1));
    }

    #[test]
    fn a_changed_event_breaks_its_own_link_first() {
        let mut events: Vec<EventRow> = (1..=5).map(|i| event(i, "d")).collect();
        let hashes = chain(&events);
        events[3].14 = Some("changed".into());
        events[4].14 = Some("changed too".into());
        let v = walk(&events.into_iter().map(Some).collect::<Vec<_>>(), &hashes, &[]);
        assert_eq!(v.broken, Some(Broken { position: 4, event_id: Some(4), why: Break::Changed }));
    }

    #[test]
    fn a_disposed_event_keeps_its_link_and_no_other_absence_is_excused() {
        let events: Vec<EventRow> = (1..=4).map(|i| event(i, "d")).collect();
        let hashes = chain(&events);
        let mut w = Walker::new(&[]).with_disposed([2].into_iter().collect());
        for (i, e) in events.iter().enumerate() {
            let e = if i == 1 || i == 2 { None } else { Some(e) };
            w.step(i as i64 + 1, i as i64 + 1, e, &hashes[i]);
        }
        let v = w.finish(0);
        assert_eq!(v.broken, Some(Broken { position: 3, event_id: Some(3), why: Break::Missing }));
        // With both disposed, the chain stands.
        let mut w = Walker::new(&[]).with_disposed([2, 3].into_iter().collect());
        for (i, e) in events.iter().enumerate() {
            let e = if i == 1 || i == 2 { None } else { Some(e) };
            w.step(i as i64 + 1, i as i64 + 1, e, &hashes[i]);
        }
        assert!(w.finish(0).ok());
    }

    #[test]
    fn a_deleted_event_and_a_missing_link_are_named() {
        let events: Vec<EventRow> = (1..=4).map(|i| event(i, "d")).collect();
        let hashes = chain(&events);
        let mut rows: Vec<Option<EventRow>> = events.into_iter().map(Some).collect();
        rows[1] = None;
        let v = walk(&rows, &hashes, &[]);
        assert_eq!(v.broken, Some(Broken { position: 2, event_id: Some(2), why: Break::Missing }));
        // The link at position 3 removed (its event kept).
        let intact: Vec<EventRow> = (1..=4).map(|i| event(i, "d")).collect();
        let mut w = Walker::new(&[]);
        for i in [0usize, 1, 3] {
            w.step(i as i64 + 1, i as i64 + 1, Some(&intact[i]), &hashes[i]);
        }
        let v = w.finish(0);
        assert_eq!(v.broken, Some(Broken { position: 3, event_id: None, why: Break::Gap }));
    }

    #[test]
    fn a_rebuilt_or_shortened_chain_disagrees_with_the_checkpoints() {
        let events: Vec<EventRow> = (1..=4).map(|i| event(i, "d")).collect();
        let honest = chain(&events);
        let cps = vec![
            Checkpoint { position: 2, hash: honest[1].clone(), sealed_at: "t1".into() },
            Checkpoint { position: 4, hash: honest[3].clone(), sealed_at: "t2".into() },
        ];
        // Event 2 rewritten and the chain re-hashed: internally consistent, but not what was
        // written outside.
        let mut forged_events = events.clone();
        forged_events[1].14 = Some("rewritten".into());
        let forged = chain(&forged_events);
        let v = walk(&forged_events.iter().cloned().map(Some).collect::<Vec<_>>(), &forged, &cps);
        assert_eq!(v.broken, Some(Broken { position: 2, event_id: None, why: Break::Checkpoint }));
        // The last two events and links removed: the later checkpoint is beyond the chain.
        let v = walk(&events[..2].iter().cloned().map(Some).collect::<Vec<_>>(), &honest[..2], &cps);
        assert_eq!(v.broken, Some(Broken { position: 4, event_id: None, why: Break::Checkpoint }));
    }

    #[test]
    fn checkpoint_files_round_trip_and_bad_lines_are_numbered() {
        let c = Checkpoint { position: 12, hash: link(GENESIS, "x"), sealed_at: "2026-11-22T00:00:00.000000Z".into() };
        let text = format!("{}\n\n{}\n", c.line(), c.line());
        assert_eq!(Checkpoint::parse_file(&text), Ok(vec![c.clone(), c.clone()]));
        assert_eq!(Checkpoint::parse_file(&format!("{}\n12 nothex t\n", c.line())), Err(2));
        assert_eq!(Checkpoint::parse_file("0 abc"), Err(1));
    }
}
