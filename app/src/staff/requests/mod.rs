//! The staff side of requests (業務課): the queue with filters, one request with every
//! step staff take — accept or return documents, 補正依頼, messages, internal notes,
//! assignment and priority, the subject's held data (each view audited), the decision with
//! its legal ground and reason, the 責任者's approval — and the decision letter.
//!
//! This file holds what the case page carries (`StaffCase`, `HeldData`); the endpoints,
//! pages and forms live in the parts below. A priority's words are its labels.

mod api;
mod case_view;
mod forms;
pub mod fee;
mod letter;
pub mod my_number;
mod queue_page;
mod workflow;
#[cfg(feature = "ssr")]
pub mod store;

pub use case_view::StaffRequestPage;
pub use letter::{StaffLetter, StaffLetterPage, staff_letter};
pub use queue_page::StaffRequestsPage;
pub use api::{
    StaffAcknowledge, StaffAct, StaffAssign, StaffDecide, StaffHeldData, StaffRequest, StaffRequests, StaffReview, staff_acknowledge,
    staff_act, staff_assign, staff_decide, staff_held_data, staff_request, staff_requests, staff_review,
};

use serde::{Deserialize, Serialize};

use crate::requests::RequestView;
use crate::requests::decision::{LegalGround, Outcome, Priority};
use crate::requests::lifecycle::Action;

pub use crate::requests::{CASE_ROLES, READ_ROLES};

/// The simple steps of the step form (decisions, approval and assignment have their own).
pub const STAFF_STEPS: [Action; 7] = [
    Action::StartReview,
    Action::AcceptDocuments,
    Action::RejectDocuments,
    Action::AskMember,
    Action::Complete,
    Action::Message,
    Action::Note,
];

/// Everything the staff request page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffCase {
    pub view: RequestView,
    pub steps: Vec<Action>,
    /// The outcomes (with their grounds) this person may decide now; empty if none.
    pub outcomes: Vec<(Outcome, Vec<LegalGround>)>,
    /// A pending decision this person may approve (not their own).
    pub can_approve: bool,
    /// A pending decision is this person's own (the page says why they cannot approve).
    pub own_pending: bool,
    pub can_assign: bool,
    pub assignee: Option<i64>,
    pub importance: Priority,
    pub urgency: Priority,
    /// (id, "staff number name") of those who work on requests.
    pub colleagues: Vec<(i64, String)>,
    /// The fee published for this request, in yen.
    pub fee_yen: i64,
    /// Whether this person may record the fee's (payment, waiver).
    pub fee_roles: (bool, bool),
    /// Today in Tokyo, as a payment's day is proposed (most are recorded the day they come).
    #[serde(default)]
    pub today: String,
    /// How it came in, if on paper or at the counter.
    pub intake: Option<crate::requests::intake::IntakeInfo>,
    /// Sent to the 責任者 at once (a complaint suggesting a 漏えい等).
    pub escalation: Option<crate::requests::Escalation>,
    /// Whether this caller (a 責任者) may record having seen it.
    pub can_acknowledge: bool,
    /// The 文例 to insert into a message, with this request's values.
    #[serde(default)]
    pub templates: crate::staff::templates::CaseTemplates,
}

/// The subject's held data, as the reviewer needs it to decide (each view audited).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeldData {
    pub items: Vec<(String, String)>,
}
