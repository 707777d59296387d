//! The chain on the server: the link hash ([`link`]), sealing in the database (the sealer
//! links committed events into the chain: [`seal`], [`seal_all`]), and [`verify`], which
//! walks the whole chain back.

mod hashing;
mod sealing;
mod verifying;
mod walker;

pub use hashing::{LinkCheck, link, link_matches};
pub use sealing::{seal, seal_all};
pub use verifying::verify;

/// How far back the sealer looks for stragglers on `backend`. SQLite has none: its one
/// writer gives ids in commit order, so the sealer starts right after the last sealed id
/// instead of probing the chain for each of the last 10,000 events on every round.
pub fn straggler_window(backend: crate::platform::db::Backend) -> i64 {
    match backend {
        crate::platform::db::Backend::Sqlite => 0,
        crate::platform::db::Backend::Postgres => super::STRAGGLER_WINDOW,
    }
}
