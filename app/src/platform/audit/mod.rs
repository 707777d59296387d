//! 記録: the append-only `audit_events` record of every change and every read of
//! personal data (seed 003: 処理年月日、時間、操作者). A change is recorded in the same
//! transaction as the change; a read is recorded before the data is read, and a read
//! whose record cannot be written is not served (fail closed).
//!
//! - this module: what an event is ([`AuditEvent`] and its builder, [`Actor`], [`RequestMeta`]);
//! - [`vocabulary`]: every action and data category, with its stored code and its words;
//! - [`store`]: writing events (with the change, alone, or grouped; server only);
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

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Allowed,
    Refused,
}

/// One audit event, made with its builder:
/// `AuditEvent::by(caller, Action::RequestView).about(member).data(DataCategory::Request)
/// .record(…).purpose(…)`. Its fields are read by [`store`] and the chain, and set only
/// here, so every event names its action and category from the one [`vocabulary`].
#[derive(Clone, Debug)]
// Read only by `store`, which is server-only.
#[cfg_attr(not(feature = "ssr"), allow(dead_code))]
pub struct AuditEvent {
    actor: Actor,
    /// Stored as [`Action::code`].
    action: Action,
    outcome: Outcome,
    subject_member_id: Option<i64>,
    /// The data category read or changed.
    data_category: Option<DataCategory>,
    /// The record, e.g. `publication_versions/3`.
    record_ref: Option<String>,
    /// The request or task the access served.
    purpose: Option<String>,
    detail: Option<serde_json::Value>,
}

/// Text for an event's record or purpose: a `&str`, a `String`, or none (`Option`).
pub trait EventText {
    fn into_text(self) -> Option<String>;
}

impl EventText for &str {
    fn into_text(self) -> Option<String> {
        Some(self.to_string())
    }
}

impl EventText for &String {
    fn into_text(self) -> Option<String> {
        Some(self.clone())
    }
}

impl EventText for String {
    fn into_text(self) -> Option<String> {
        Some(self)
    }
}

impl EventText for Option<String> {
    fn into_text(self) -> Option<String> {
        self
    }
}

impl EventText for Option<&str> {
    fn into_text(self) -> Option<String> {
        self.map(str::to_string)
    }
}

impl AuditEvent {
    /// An event of `actor`, allowed, with nothing else set yet.
    pub fn new(actor: Actor, action: Action) -> Self {
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

    /// An event of a caller (member, staff or anonymous).
    pub fn by(caller: Caller, action: Action) -> Self {
        Self::new(Actor::Caller(caller), action)
    }

    /// An event of a CLI command or background job, named `name`.
    pub fn system(name: &'static str, action: Action) -> Self {
        Self::new(Actor::System(name), action)
    }

    /// The member whose data it is (a member id, or an `Option` of one).
    pub fn about(mut self, member: impl Into<Option<i64>>) -> Self {
        self.subject_member_id = member.into();
        self
    }

    pub fn data(mut self, category: DataCategory) -> Self {
        self.data_category = Some(category);
        self
    }

    /// The record read or changed, e.g. `requests/3`.
    pub fn record(mut self, record: impl EventText) -> Self {
        self.record_ref = record.into_text();
        self
    }

    /// The request or task the access served, e.g. a 受付番号.
    pub fn purpose(mut self, purpose: impl EventText) -> Self {
        self.purpose = purpose.into_text();
        self
    }

    pub fn detail(mut self, detail: serde_json::Value) -> Self {
        self.detail = Some(detail);
        self
    }

    pub fn outcome(mut self, outcome: Outcome) -> Self {
        self.outcome = outcome;
        self
    }

    /// The call was refused.
    pub fn refused(self) -> Self {
        self.outcome(Outcome::Refused)
    }
}

pub mod chain;
#[cfg(feature = "ssr")]
pub mod origin;
#[cfg(feature = "ssr")]
pub mod store;
pub mod vocabulary;
pub use vocabulary::{Action, DataCategory};
