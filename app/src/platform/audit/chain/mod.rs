//! The audit record made tamper-evident. Audit events are appended in the transaction of
//! what they record (no global lock on the hot path); a sealer, one at a time, then links
//! the committed events into a hash chain — each link is SHA-256(previous link, the event's
//! canonical form) — and hands the new head out as a checkpoint, which the server writes
//! outside the database (its log, and an append-only file). Verification recomputes the
//! whole chain, names the first broken link, and compares the chain with the checkpoints,
//! so rewriting the events *and* re-hashing the chain is still caught.
//!
//! The pure rules build for the browser too, which shows verification results: the
//! canonical form and the link over it (`links.rs`), checkpoints (`checkpoint.rs`), what
//! verification found (`verification.rs`) and, on the server, the walk that checks links
//! in order (`walker.rs`). [`store`] seals and verifies in the database.

mod checkpoint;
#[cfg(all(test, feature = "ssr"))]
mod fixtures;
mod links;
#[cfg(feature = "ssr")]
pub mod store;
mod verification;
#[cfg(feature = "ssr")]
mod walker;

pub use checkpoint::Checkpoint;
pub use links::{EVENT_COLUMNS, EventRow, SQLITE_CANONICAL, canonical};
#[cfg(feature = "ssr")]
pub use links::{LinkCheck, link, link_matches};
pub use verification::{Break, Broken, ChainText, Verification, chain_text};
#[cfg(feature = "ssr")]
pub use walker::{Outside, Walker, outside};

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
