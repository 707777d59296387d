//! 記録: the append-only `audit_events` record of every change and every read of
//! personal data (seed 003: 処理年月日、時間、操作者). A change is recorded in the same
//! transaction as the change; a read is recorded before the data is read, and a read
//! whose record cannot be written is not served (fail closed).
//!
//! - this module: what an event is ([`AuditEvent`], [`Actor`], [`RequestMeta`]);
//! - [`vocabulary`]: every action and data category, with its stored code and its words;
//! - [`append`]: writing events (with the change, alone, or grouped);
//! - [`origin`]: the MAC that proves the application wrote an event;
//! - [`chain`]: the hash chain that seals events, and its verification.

use serde::{Deserialize, Serialize};

use kit::access::Caller;

/// Where a request came from, set by the server's middleware for every request.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestMeta {
    pub request_id: String,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

/// Who acted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Actor {
    Caller(Caller),
    /// A CLI command or background job.
    System(&'static str),
}

impl Actor {
    #[cfg(feature = "ssr")]
    fn columns(&self) -> (&'static str, Option<String>, Option<String>) {
        match self {
            Actor::Caller(Caller::Anonymous) => ("anonymous", None, None),
            Actor::Caller(Caller::Member { member_id }) => ("member", Some(member_id.to_string()), None),
            Actor::Caller(Caller::Staff { staff_id, roles }) => (
                "staff",
                Some(staff_id.to_string()),
                Some(roles.iter().map(|r| format!("{r:?}").to_lowercase()).collect::<Vec<_>>().join(",")),
            ),
            Actor::System(name) => ("system", Some((*name).to_string()), None),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Allowed,
    Refused,
}

/// One audit event.
#[derive(Clone, Debug)]
pub struct AuditEvent {
    pub actor: Actor,
    /// e.g. `publication.publish`, `language.set`, `csrf.refused`.
    pub action: &'static str,
    pub outcome: Outcome,
    pub subject_member_id: Option<i64>,
    /// The data category read or changed (e.g. `publication`, `registry`).
    pub data_category: Option<&'static str>,
    /// The record, e.g. `publication_versions/3`.
    pub record_ref: Option<String>,
    /// The request or task the access served.
    pub purpose: Option<String>,
    pub detail: Option<serde_json::Value>,
}

impl AuditEvent {
    pub fn new(actor: Actor, action: &'static str) -> Self {
        AuditEvent {
            actor,
            action,
            outcome: Outcome::Allowed,
            subject_member_id: None,
            data_category: None,
            record_ref: None,
            purpose: None,
            detail: None,
        }
    }
}

#[cfg(feature = "ssr")]
pub mod append;
pub mod chain;
#[cfg(feature = "ssr")]
pub mod origin;
pub mod vocabulary;
#[cfg(feature = "ssr")]
pub use append::*;
pub use vocabulary::{Action, DataCategory};
