//! The audit record read back (監査): a member's own access history, the auditor's
//! search, report and export, and the chain's status. The record itself — what an event
//! is, how it is written and sealed — is [`crate::platform::audit`].

pub mod access;
pub mod auditor;
pub mod disposals;
pub mod history;
pub mod reconcile;
#[cfg(feature = "ssr")]
pub mod store;
pub mod texts;
