//! Requests under APPI 32–35・40条: the member makes them online (themselves or as an
//! agent), gets a 受付番号 at once and follows each to its decision.
//!
//! - [`types`]: the six request types; [`draft`]: what a member asks, validated;
//!   [`agency`]: for whom and in what capacity; [`lifecycle`]: the state machine;
//!   [`calendar`]: business days and the deadline; [`attachments`]: file checks.
//! - `store` (server only): the database; [`api`]: the endpoints; [`views`]: pages.

pub mod agency;
pub mod api;
pub mod attachments;
pub mod calendar;
pub mod decision;
pub mod draft;
pub mod fees;
pub mod intake;
#[cfg(feature = "ssr")]
pub mod letters;
pub mod lifecycle;
pub mod paper_forms;
#[cfg(feature = "ssr")]
pub mod store;
pub mod texts;
pub mod views;
pub mod waiting;

use serde::{Deserialize, Serialize};

use self::agency::{Capacity, Document, Subject};
use self::calendar::{Deadline, Pause};
use self::draft::Details;
use self::lifecycle::{Action, Stage, Status};
use kit::rights::RequestType;

/// Who works on requests; the auditor reads.
pub const CASE_ROLES: &[kit::access::StaffRole] = &[kit::access::StaffRole::Intake, kit::access::StaffRole::Reviewer, kit::access::StaffRole::Approver];
pub const READ_ROLES: &[kit::access::StaffRole] = &[kit::access::StaffRole::Intake, kit::access::StaffRole::Reviewer, kit::access::StaffRole::Approver, kit::access::StaffRole::Auditor];

/// One request in the member's list (or the staff queue).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestLine {
    pub receipt: String,
    pub request_type: RequestType,
    pub status: Status,
    pub stage: Stage,
    /// Receipt instant, shown in Asia/Tokyo (`2026-11-22 14:03`).
    pub received_at: String,
    pub subject_name: String,
    pub capacity: Capacity,
    /// None once the society has answered (通知済 and after).
    pub deadline: Option<Deadline>,
    /// Changes the member has not seen yet.
    pub unread: i64,
}

/// One step of the timeline the member sees.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineEntry {
    pub at: String,
    pub action: Action,
    pub stage: Stage,
    /// The member's side (true) or the society's.
    pub by_member: bool,
    pub message: Option<String>,
    pub attachments: Vec<AttachmentInfo>,
    /// Who took the step, for staff only (members read 「あなた」 or the society).
    #[serde(default)]
    pub actor: Option<Actor>,
    /// The request itself arriving (shown to members as a message).
    #[serde(default)]
    pub submission: bool,
}

/// Who took a step of a request, as staff read it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Actor {
    /// The person the request is about, asking for themselves (申出人（本人）).
    Requester,
    /// Someone asking for the person (代理人).
    Agent,
    /// The person an agent asked about (本人).
    Subject,
    /// A staff member, with the role the step was taken in.
    Staff { role: Option<kit::access::StaffRole>, name: String },
    /// A background job (reminders, closing an unanswered 補正依頼).
    System,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachmentInfo {
    pub id: i64,
    pub document: Document,
    pub file_name: String,
    pub size_bytes: i64,
}

/// Everything the member's request page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestView {
    pub line: RequestLine,
    pub details: Details,
    pub fee_yen: i64,
    /// Where the fee stands and how to pay it; `None` when the request carries none.
    #[serde(default)]
    pub fee: Option<fees::FeeInfo>,
    /// The delivery method's published name, if the type has one.
    pub method_name: Option<String>,
    pub deliver_to_subject: bool,
    pub timeline: Vec<TimelineEntry>,
    /// The signed-in member made this request (only they act on it).
    pub mine: bool,
    pub can_withdraw: bool,
    pub can_answer: bool,
    pub can_message: bool,
    /// The signed-in member is the person an agent asked about, and may say they did not ask.
    #[serde(default)]
    pub can_disown: bool,
    /// The names the publication gives the categories asked about.
    pub category_names: Vec<String>,
    pub version: i64,
    /// The decision, once it reached the member (staff: as soon as one is drafted).
    pub decision: Option<decision::DecisionRecord>,
}

/// The 決定通知書: the decision as the society sends it to the member.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Letter {
    pub society_name: String,
    pub society_address: String,
    pub representative: String,
    pub inquiry: String,
    /// Who the letter is addressed to (the requester, or the 本人 where asked).
    pub addressee: String,
    /// Printed above the name when the letter is posted (paper and counter requests).
    pub addressee_address: Option<String>,
    pub subject_name: String,
    pub receipt: String,
    /// 令和/西暦 as printed: `2026年11月22日`.
    pub received_on: String,
    pub request_type: RequestType,
    pub details: Details,
    pub decision: decision::DecisionRecord,
    /// What a decided 利用停止等 did (35条).
    #[serde(default)]
    pub measures: Vec<decision::CarriedOut>,
    /// How disclosed data reaches the member (a 開示 that discloses): where and until when.
    #[serde(default)]
    pub delivery: Option<ResultDelivery>,
}

/// How the data a 開示 discloses reaches the member, as the 決定通知書 says (33条3項).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ResultDelivery {
    /// In the portal, on the request's page: until the end of the download period (Asia/Tokyo
    /// `YYYY-MM-DD HH:MM`), known once the decision is approved; before that, `days` from the
    /// notice. `page` is the request page's full address, when the portal knows its own.
    Download { until: Option<String>, days: i64, page: Option<String> },
    /// Printed and posted, as chosen.
    Post,
    /// Posted on paper because the chosen method is difficult (33条3項).
    PostInstead,
}

/// What a request form needs: the published explanation and the choices.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormSetup {
    pub request_type: RequestType,
    pub fee_yen: u32,
    pub fee_note: Option<String>,
    /// How the fee is paid, as published (empty without a fee).
    #[serde(default)]
    pub payment_methods: Vec<crate::publication::model::PaymentMethod>,
    /// (id, name, description) of each published delivery method.
    pub methods: Vec<(String, String, String)>,
    /// What each offered method is in law (電磁的記録 or 書面), by its id.
    #[serde(default)]
    pub method_kinds: Vec<(String, crate::publication::model::MethodKind)>,
    /// (id, name) of each published category.
    pub categories: Vec<(String, String)>,
    pub subjects: Vec<Subject>,
    pub identity_documents: Vec<String>,
    pub inquiry: String,
    pub idempotency_key: String,
    pub max_attachment_bytes: u64,
    pub due_business_days: u32,
    pub society_name: String,
    /// The member may also ask for family members, after confirming their sign-in again
    /// (acting for others is step-up protected): the form offers that confirmation.
    #[serde(default)]
    pub others_after_step_up: bool,
}

/// One page of the member's request form in steps.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestForm {
    pub setup: FormSetup,
    /// The steps this request has, in order.
    pub steps: Vec<draft::steps::Step>,
    /// The step shown: the one asked for, or an earlier one still unfinished.
    pub step: draft::steps::Step,
    /// The answers kept so far, shown chosen (going back keeps them).
    pub answers: draft::Fields,
    /// The shown step's problems, when a later step was asked for before it was finished.
    pub problems: Vec<kit::form::FieldError>,
    /// On the confirmation step: the checked request.
    pub confirm: Option<Confirmed>,
}

/// A request as the member confirms it, before it is sent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Confirmed {
    pub subject_name: String,
    pub capacity: Capacity,
    pub deliver_to_subject: bool,
    pub details: Details,
    pub category_names: Vec<String>,
    pub method_name: Option<String>,
    /// The documents the chosen capacity needs (a 委任状 …), asked for on this page.
    pub documents: Vec<Document>,
    /// Returned by the final post: the answers and the fee are the ones shown.
    pub confirmation: String,
}

/// Pauses of the clock from the timeline: from each 補正依頼 to its answer.
pub fn pauses(steps: &[(Action, chrono::NaiveDate)]) -> Vec<Pause> {
    let mut out: Vec<Pause> = Vec::new();
    for (action, on) in steps {
        match action {
            Action::AskMember | Action::RejectDocuments => out.push(Pause { from: *on, until: None }),
            Action::Answer | Action::Withdraw | Action::Reject | Action::Lapse => {
                if let Some(open) = out.iter_mut().rev().find(|p| p.until.is_none()) {
                    open.until = Some(*on);
                }
            }
            _ => {}
        }
    }
    out
}

/// A complaint sent to the 責任者 at once (a suspected 漏えい等), as its staff page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Escalation {
    /// When it was escalated (Tokyo time).
    pub escalated_at: String,
    /// "staff number name" of the 責任者 who saw it, and when.
    pub acknowledged: Option<(String, String)>,
}

/// An escalation no 責任者 has acknowledged yet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenEscalation {
    pub receipt: String,
    pub escalated_at: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    #[test]
    fn a_pause_runs_from_the_request_for_input_to_the_answer() {
        let steps = [
            (Action::StartReview, day(2)),
            (Action::AskMember, day(4)),
            (Action::Message, day(5)),
            (Action::Answer, day(9)),
            (Action::RejectDocuments, day(11)),
        ];
        assert_eq!(
            pauses(&steps),
            vec![Pause { from: day(4), until: Some(day(9)) }, Pause { from: day(11), until: None }]
        );
    }
}
