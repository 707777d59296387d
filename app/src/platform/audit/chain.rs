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

/// How far back the sealer looks for stragglers on `backend`. SQLite has none: its one
/// writer gives ids in commit order, so the sealer starts right after the last sealed id
/// instead of probing the chain for each of the last 10,000 events on every round.
#[cfg(feature = "ssr")]
pub fn straggler_window(backend: crate::platform::db::Backend) -> i64 {
    match backend {
        crate::platform::db::Backend::Sqlite => 0,
        crate::platform::db::Backend::Postgres => STRAGGLER_WINDOW,
    }
}
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

/// Whether `stored` is the link after `previous` for `canonical` — [`link`] without
/// building the hex text, for verification's million comparisons.
#[cfg(feature = "ssr")]
pub fn link_matches(previous: &str, canonical: &str, stored: &str) -> bool {
    let mut h = Sha256::new();
    h.update(previous.as_bytes());
    h.update(b"\n");
    h.update(canonical.as_bytes());
    let mut hex = [0u8; 64];
    hex::encode_to_slice(h.finalize(), &mut hex).is_ok() && hex.as_slice() == stored.as_bytes()
}

/// What checking one link against its event found.
#[cfg(feature = "ssr")]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkCheck {
    Matches,
    Differs,
    Missing,
}

#[cfg(feature = "ssr")]
impl LinkCheck {
    /// Each link builds on the stored one before it, so links can be checked apart (and in
    /// parallel) and the walk only reads the outcomes.
    pub fn of(previous: &str, canonical: Option<&str>, stored: &str) -> LinkCheck {
        match canonical {
            None => LinkCheck::Missing,
            Some(text) if link_matches(previous, text, stored) => LinkCheck::Matches,
            Some(_) => LinkCheck::Differs,
        }
    }
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
    /// The event carries no valid MAC (or repeats another's): the application did not
    /// write it as it stands — it was added behind its back, or changed and sealed again.
    Forged,
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
            (Break::Forged, true) => "アプリケーションの署名（MAC）が合いません：記録が追加されたか、書き換えて封印し直されています",
            (Break::Forged, false) => "no valid MAC from the application: the event was added, or changed and sealed again",
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
    /// The first event outside the chain that was added behind the application's back: it
    /// carries no valid MAC, or it lies among sealed events, where the sealer never looks.
    #[serde(default)]
    pub inserted: Option<i64>,
    pub checkpoints_checked: usize,
}

/// What [`Verification::inserted`] means, in words for the auditor's page and the CLI.
pub fn describe_inserted(ja: bool) -> &'static str {
    if ja {
        "アプリケーションを通さずに追加された記録です（有効な署名（MAC）がないか、封印済みの記録の間にあります）"
    } else {
        "added behind the application's back (no valid MAC, or placed among sealed events)"
    }
}

impl Verification {
    pub fn ok(&self) -> bool {
        self.broken.is_none() && self.unsealed_stale == 0 && self.inserted.is_none()
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
    /// Whether a link's event with a MAC was seen: from there on every event needs one
    /// (those sealed before were written before MACs existed).
    macs_began: bool,
    /// The MACs' nonces seen so far: a copy of a genuine event repeats one.
    nonces: std::collections::HashSet<[u8; 16]>,
    /// Links whose event is still in the table.
    pub present: i64,
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
            macs_began: false,
            nonces: std::collections::HashSet::new(),
            present: 0,
        }
    }

    /// Whether the application wrote the event at this link: `mac` is its stored MAC and
    /// `verified` whether that MAC verifies for the event's canonical form.
    pub fn origin(&mut self, position: i64, event_id: i64, mac: Option<&str>, verified: bool) {
        self.present += 1;
        let written = match mac {
            None => !self.macs_began,
            Some(mac) => {
                self.macs_began = true;
                verified && super::origin::nonce_key(mac).is_some_and(|k| self.nonces.insert(k))
            }
        };
        if !written {
            self.breaks(position, Some(event_id), Break::Forged);
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

    /// One link: its position, its event (None if gone) and its stored hash. Verification
    /// itself checks canonical texts ([`Walker::step_canonical`]); the unit tests walk rows.
    #[cfg(test)]
    pub fn step(&mut self, position: i64, event_id: i64, event: Option<&EventRow>, stored: &str) {
        // An event under another id than the link names cannot hash to it.
        let text = event.map(|e| if e.0 == event_id { canonical(e) } else { String::new() });
        self.step_canonical(position, event_id, text.as_deref(), stored);
    }

    /// [`Walker::step`] with the event already in its canonical form.
    pub fn step_canonical(&mut self, position: i64, event_id: i64, canonical: Option<&str>, stored: &str) {
        let check = LinkCheck::of(&self.previous, canonical, stored);
        self.step_checked(position, event_id, check, stored);
    }

    /// [`Walker::step`] with the link already checked against the stored link before it
    /// (the one this walk saw last).
    pub fn step_checked(&mut self, position: i64, event_id: i64, check: LinkCheck, stored: &str) {
        self.sealed += 1;
        if position != self.expected {
            self.breaks(self.expected, None, Break::Gap);
        }
        self.expected = position + 1;
        match check {
            LinkCheck::Missing if self.disposed.contains(&event_id) => {}
            LinkCheck::Missing => self.breaks(position, Some(event_id), Break::Missing),
            LinkCheck::Differs => self.breaks(position, Some(event_id), Break::Changed),
            LinkCheck::Matches => {}
        }
        // The next link builds on what is stored, so one changed event breaks one link.
        self.previous.clear();
        self.previous.push_str(stored);
        if self.checkpoints.iter().any(|c| c.position == position) {
            self.seen_at_checkpoints.push((position, stored.to_string()));
        }
    }

    /// After the last link: every checkpoint must match the chain.
    pub fn finish(mut self, outside: Outside) -> Verification {
        for c in self.checkpoints {
            let matches = self.seen_at_checkpoints.iter().any(|(p, h)| *p == c.position && *h == c.hash);
            if !matches {
                self.breaks(c.position, None, Break::Checkpoint);
            }
        }
        Verification {
            sealed: self.sealed,
            broken: self.broken,
            unsealed_stale: outside.stale,
            inserted: outside.inserted,
            checkpoints_checked: self.checkpoints.len(),
        }
    }
}

/// What verification found among the events no link covers.
#[cfg(feature = "ssr")]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Outside {
    /// Older than [`STALE_SECONDS`].
    pub stale: i64,
    /// The first added behind the application's back.
    pub inserted: Option<i64>,
}

/// Among events no link covers (id, occurred_at, MAC verified or absent): those older than
/// `cutoff`, and the first that the application did not write or that lies among sealed
/// events at or below `sealed_below`, where the sealer never looks.
#[cfg(feature = "ssr")]
pub fn outside<'a>(
    events: impl IntoIterator<Item = (i64, &'a str, Option<bool>)>,
    cutoff: &str,
    sealed_below: i64,
    macs_from: i64,
) -> Outside {
    let mut found = Outside::default();
    for (id, occurred_at, mac) in events {
        if occurred_at < cutoff {
            found.stale += 1;
        }
        let written = match mac {
            None => id < macs_from,
            Some(verified) => verified,
        };
        if (!written || id <= sealed_below) && found.inserted.is_none_or(|first| id < first) {
            found.inserted = Some(id);
        }
    }
    found
}

#[cfg(feature = "ssr")]
pub mod store {
    //! Sealing and verifying in the database.
    use std::collections::HashMap;

    use super::{
        BATCH, Checkpoint, EVENT_COLUMNS, EventRow, GENESIS, LinkCheck, Outside, SQLITE_CANONICAL, STALE_SECONDS, Verification, Walker,
        canonical, link, straggler_window,
    };
    use crate::platform::audit::origin;
    use crate::platform::db::{Backend, instant_text};
    use kit::error::AppError;
    use crate::platform::state::AppState;

    /// The chain's head: its position, hash and the highest sealed event id.
    type Head = (i64, String, i64);

    async fn head(conn: &mut sqlx::AnyConnection) -> Result<Head, AppError> {
        let head: Option<Head> = sqlx::query_as(
            "SELECT position, hash, (SELECT MAX(event_id) FROM audit_chain) FROM audit_chain ORDER BY position DESC LIMIT 1",
        )
        .fetch_optional(&mut *conn)
        .await?;
        Ok(head.unwrap_or((0, GENESIS.to_string(), 0)))
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
            let events = unsealed(&mut tx, Backend::Postgres, head.2).await?;
            if events.is_empty() {
                tx.rollback().await?;
                return Ok(None);
            }
            return insert_links(state, tx, links(&head, &events)).await.map(Some);
        }
        loop {
            let mut snapshot = state.db.reads.begin().await?;
            let read = head(&mut snapshot).await?;
            let events = unsealed(&mut snapshot, Backend::Sqlite, read.2).await?;
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
        let (mut position, mut previous) = (head.0, head.1.clone());
        events
            .iter()
            .map(|e| {
                position += 1;
                previous = link(&previous, &canonical(e));
                (position, e.0, previous.clone())
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
            let links: Vec<(i64, i64, String)> =
                sqlx::query_as("SELECT position, event_id, hash FROM audit_chain WHERE position > $1 ORDER BY position LIMIT $2")
                    .bind(after)
                    .bind(BATCH)
                    .fetch_all(pool)
                    .await?;
            let Some(last) = links.last() else { break };
            after = last.0;
            let (lo, hi) = links.iter().fold((i64::MAX, i64::MIN), |(lo, hi), l| (lo.min(l.1), hi.max(l.1)));
            let events: Vec<Signed> =
                sqlx::query_as(&format!("SELECT {EVENT_COLUMNS}, e.mac FROM audit_events e WHERE e.id BETWEEN $1 AND $2"))
                    .bind(lo)
                    .bind(hi)
                    .fetch_all(pool)
                    .await?;
            let by_id: HashMap<i64, Signed> = events.into_iter().map(|r| (r.0.0, r)).collect();
            for (position, event_id, hash) in &links {
                let event = by_id.get(event_id);
                let text = event.map(|Signed(e, _)| canonical(e));
                walker.step_canonical(*position, *event_id, text.as_deref(), hash);
                if let (Some(Signed(_, mac)), Some(text)) = (event, text) {
                    let mac = mac.as_deref();
                    walker.origin(*position, *event_id, mac, mac.is_some_and(|m| origin::verifies(m, &text)));
                }
            }
        }
        let outside = outside(state, walker.present).await?;
        Ok(walker.finish(outside))
    }

    /// An event's columns ([`EVENT_COLUMNS`]) and then its MAC.
    struct Signed(EventRow, Option<String>);

    impl sqlx::FromRow<'_, sqlx::any::AnyRow> for Signed {
        fn from_row(row: &sqlx::any::AnyRow) -> Result<Self, sqlx::Error> {
            use sqlx::Row;
            Ok(Signed(EventRow::from_row(row)?, row.try_get(15)?))
        }
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
        let (events, max_sealed): (i64, Option<i64>) =
            sqlx::query_as("SELECT (SELECT COUNT(*) FROM audit_events), (SELECT MAX(event_id) FROM audit_chain)").fetch_one(pool).await?;
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
            .map(|Signed(event, mac)| {
                let verified = mac.map(|m| origin::verifies(&m, &canonical(&event)));
                (event.0, event.1, verified)
            })
            .collect();
        let sealed_below = max_sealed.unwrap_or(0) - straggler_window(state.db.backend);
        let macs_from = macs_from(state).await?;
        let mut found = super::outside(checked.iter().map(|(id, at, v)| (*id, at.as_str(), *v)), &cutoff, sealed_below, macs_from);
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
        let (last_position,): (Option<i64>,) = sqlx::query_as("SELECT MAX(position) FROM audit_chain").fetch_one(pool).await?;
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
        w.finish(Outside::default())
    }

    #[test]
    fn a_link_matches_exactly_the_hash_the_sealer_wrote() {
        let stored = link(GENESIS, "text");
        assert!(link_matches(GENESIS, "text", &stored));
        assert!(!link_matches(GENESIS, "text.", &stored), "another event");
        assert!(!link_matches(&stored, "text", &stored), "another predecessor");
        assert!(!link_matches(GENESIS, "text", &stored.to_uppercase()), "the stored text, not its value");
        assert!(!link_matches(GENESIS, "text", &stored[..63]));
        assert!(!link_matches(GENESIS, "text", ""));
        assert_eq!(LinkCheck::of(GENESIS, None, &stored), LinkCheck::Missing);
        assert_eq!(LinkCheck::of(GENESIS, Some("text"), &stored), LinkCheck::Matches);
        assert_eq!(LinkCheck::of(GENESIS, Some("txet"), &stored), LinkCheck::Differs);
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
        let v = w.finish(Outside::default());
        assert_eq!(v.broken, Some(Broken { position: 3, event_id: Some(3), why: Break::Missing }));
        // With both disposed, the chain stands.
        let mut w = Walker::new(&[]).with_disposed([2, 3].into_iter().collect());
        for (i, e) in events.iter().enumerate() {
            let e = if i == 1 || i == 2 { None } else { Some(e) };
            w.step(i as i64 + 1, i as i64 + 1, e, &hashes[i]);
        }
        assert!(w.finish(Outside::default()).ok());
    }

    /// Walks `events` as sealed, each with the MAC `mac(i, event)`.
    fn walk_signed(events: &[EventRow], mac: impl Fn(usize, &EventRow) -> Option<String>) -> Verification {
        let hashes = chain(events);
        let mut w = Walker::new(&[]);
        for (i, e) in events.iter().enumerate() {
            let position = i as i64 + 1;
            let text = canonical(e);
            w.step_canonical(position, e.0, Some(&text), &hashes[i]);
            let mac = mac(i, e);
            w.origin(position, e.0, mac.as_deref(), mac.as_deref().is_some_and(|m| super::super::origin::verifies(m, &text)));
        }
        w.finish(Outside::default())
    }

    fn sign(e: &EventRow) -> String {
        super::super::origin::sign(super::super::origin::body(&canonical(e)))
    }

    #[test]
    fn an_event_without_the_applications_mac_is_named_though_it_was_sealed() {
        let events: Vec<EventRow> = (1..=5).map(|i| event(i, "d")).collect();
        assert!(walk_signed(&events, |_, e| Some(sign(e))).ok());
        // Event 3 added with no MAC, or with a MAC made without the key, or with the MAC of
        // another event: each is named at its own link.
        let forged = [None, Some("AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA".to_string()), Some(sign(&event(3, "other")))];
        for mac in forged {
            let v = walk_signed(&events, |i, e| if i == 2 { mac.clone() } else { Some(sign(e)) });
            assert_eq!(v.broken, Some(Broken { position: 3, event_id: Some(3), why: Break::Forged }), "{mac:?}");
            assert!(!v.ok());
        }
    }

    #[test]
    fn a_copy_of_a_genuine_event_repeats_its_nonce() {
        let mut events: Vec<EventRow> = (1..=4).map(|i| event(i, "d")).collect();
        // Event 4 is event 2 copied under a new id, MAC and all (the MAC does not cover ids).
        let mut copy = events[1].clone();
        copy.0 = 4;
        events[3] = copy;
        let macs: Vec<String> = events.iter().map(sign).collect();
        let v = walk_signed(&events, |i, _| Some(if i == 3 { macs[1].clone() } else { macs[i].clone() }));
        assert_eq!(v.broken, Some(Broken { position: 4, event_id: Some(4), why: Break::Forged }));
    }

    #[test]
    fn events_from_before_macs_need_none() {
        let events: Vec<EventRow> = (1..=5).map(|i| event(i, "d")).collect();
        // Events 1–2 were sealed before the MAC column existed; once one with a MAC is
        // sealed, every later one needs one.
        assert!(walk_signed(&events, |i, e| (i >= 2).then(|| sign(e))).ok());
        let v = walk_signed(&events, |i, e| (i != 3).then(|| sign(e)));
        assert_eq!(v.broken, Some(Broken { position: 4, event_id: Some(4), why: Break::Forged }));
    }

    #[test]
    fn outside_the_chain_stale_and_inserted_events_are_told_apart() {
        let cutoff = "2026-11-22T00:59:00Z";
        let (old, new) = ("2026-11-22T00:00:00Z", "2026-11-22T01:00:00Z");
        // Awaiting the sealer: new events with valid MACs above the sealed ones.
        assert_eq!(outside([(11, new, Some(true)), (12, new, Some(true))], cutoff, 10, 1), Outside::default());
        // Left unsealed for long: stale, not inserted.
        assert_eq!(outside([(11, old, Some(true))], cutoff, 10, 1), Outside { stale: 1, inserted: None });
        // No valid MAC, or none at all after MACs began: the first such is named.
        assert_eq!(outside([(11, new, Some(true)), (13, new, Some(false)), (12, new, None)], cutoff, 10, 1).inserted, Some(12));
        // Among sealed events, where the sealer never looks, even with a MAC (a copy).
        assert_eq!(outside([(7, new, Some(true))], cutoff, 10, 1).inserted, Some(7));
        // Before MACs began, none is needed.
        assert_eq!(outside([(11, new, None)], cutoff, 10, 20), Outside::default());
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
        let v = w.finish(Outside::default());
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
