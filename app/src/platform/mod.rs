//! What the portal runs on, on the server (the audit record's types and chain rules also
//! build for the browser, which shows verification results): the database, the application state, outgoing
//! mail, the secret key, the audit record (append, MAC, chain). It names no feature:
//! a feature keeps its own state (a cache, a policy) in [`state::AppState`] by type.

pub mod audit;
pub mod print;
#[cfg(feature = "ssr")]
pub mod qr;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod mail;
#[cfg(feature = "ssr")]
pub mod pdf;
#[cfg(feature = "ssr")]
pub mod secrets;
#[cfg(feature = "ssr")]
pub mod state;
