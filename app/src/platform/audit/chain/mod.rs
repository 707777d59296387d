//! The audit record made tamper-evident. Audit events are appended in the transaction of
//! what they record (no global lock on the hot path); a sealer, one at a time, then links
//! the committed events into a hash chain — each link is SHA-256(previous link, the event's
//! canonical form) — and hands the new head out as a checkpoint, which the server writes
//! outside the database (its log, and an append-only file). Verification recomputes the
//! whole chain, names the first broken link, and compares the chain with the checkpoints,
//! so rewriting the events *and* re-hashing the chain is still caught.
//!
//! The pure rules build for the browser too, which shows verification results: the
//! canonical form (`links.rs`), checkpoints (`checkpoint.rs`) and what verification found
//! (`verification.rs`). [`store`] (server only) hashes the links, seals and verifies in
//! the database, and walks the links in order.

mod checkpoint;
#[cfg(all(test, feature = "ssr"))]
mod fixtures;
mod links;
#[cfg(feature = "ssr")]
pub mod store;
mod verification;

pub use checkpoint::Checkpoint;
pub use links::{EVENT_COLUMNS, EventRow, SQLITE_CANONICAL, canonical};
pub use verification::{Break, Broken, ChainText, Verification, chain_text};

/// The link before the first.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Events sealed per round (the sealer loops while rounds are full).
pub const BATCH: i64 = 1000;

/// On PostgreSQL an event can commit after events with higher ids were sealed; the sealer
/// looks this many ids back for such stragglers. Verification reports any event left
/// unsealed for longer than [`STALE_SECONDS`].
pub const STRAGGLER_WINDOW: i64 = 10_000;

pub const STALE_SECONDS: i64 = 60;
