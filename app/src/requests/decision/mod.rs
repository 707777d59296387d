//! Decisions on requests: which outcomes each type allows, the legal ground each outcome
//! rests on, when a reason is owed to the member (36条), and which decisions a second
//! person — the 個人情報取扱責任者 — must approve before anything reaches the member.
//! Pure; the store applies these rules and nothing else.
//!
//! - `outcomes`: the outcomes, legal grounds and fees, and the rules tying them to a type;
//!   `validation`: a decision form, checked; `record`: a recorded decision, where it
//!   stands, its four-eyes approval and the priority the queue ranks by; `measures`: what a
//!   decided 利用停止等 applies to (35条).

mod measures;
mod outcomes;
mod record;
mod validation;

pub use measures::{CarriedOut, DataScope, MeasureScope};
pub use outcomes::{Fee, FeeState, LegalGround, Outcome, decision_fee};
pub use record::{ApprovalRefusal, DecisionRecord, DecisionState, Priority, may_approve};
pub use validation::{Decision, REASON_MAX, VALUE_MAX, validate};

use crate::publication::model::MethodKind;

/// Whether a disclosed result goes out as a download in the portal (電磁的記録), else it is
/// posted: paper, a medium, or paper instead of the chosen method (33条3項).
pub fn result_by_download(method: Option<MethodKind>, outcome: Option<Outcome>) -> bool {
    method == Some(MethodKind::Download) && outcome != Some(Outcome::MethodDifficult)
}

/// Requests of each type, for the tests of every part.
#[cfg(test)]
mod fixtures {
    use crate::requests::draft::{ChangeKind, Details, Ground as AskedGround, HeldItem, Measure};
    use kit::rights::RequestType;

    pub(super) fn disclosure() -> Details {
        Details::Disclosure { categories: vec!["c1".into()], receipts: None, checkups: None, method: "download".into(), note: String::new() }
    }
    pub(super) fn correction(change: ChangeKind) -> Details {
        Details::Correction {
            item: HeldItem::Address,
            item_label: "住所".into(),
            current: "東京都港区1-1".into(),
            change,
            requested: "東京都港区2-2".into(),
            reason: "転居".into(),
        }
    }
    pub(super) fn suspension(ground: AskedGround) -> Details {
        Details::Suspension { measure: Measure::StopUse, target: "x".into(), ground, explanation: "y".into() }
    }
    pub(super) fn details_for(t: RequestType) -> Details {
        match t {
            RequestType::Disclosure => disclosure(),
            RequestType::ThirdPartyRecordDisclosure => Details::ThirdPartyRecords { period: None, method: "post".into() },
            RequestType::Correction => correction(ChangeKind::Correct),
            RequestType::Suspension => suspension(AskedGround::Leak),
            RequestType::PurposeNotice => Details::PurposeNotice { categories: vec![], note: String::new() },
            RequestType::Complaint => Details::Complaint { body: "b".into(), category: Default::default() },
        }
    }
}
