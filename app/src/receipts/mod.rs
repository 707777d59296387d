//! レセプト (診療報酬明細書) disclosed as insurers do. Before a 開示 that includes the
//! レセプト, the society asks each 医療機関 concerned (照会) whether disclosure could harm
//! the patient — a 病名 not yet told, for instance — as MHLW's notice 「診療報酬明細書等の
//! 被保険者への開示について」 expects; the answer makes 33条2項1号 (本人又は第三者の生命、
//! 身体、財産その他の権利利益を害するおそれ) decidable. The レセプト themselves are copies from
//! the core system that staff upload into the package, never notice lines.
//!
//! This file holds the pure rules: which request asks for レセプト, an inquiry's state and
//! its one answer, and what the answers allow a decision to be. `store` applies them,
//! `api` has the endpoints, `views` the staff section and the printable 照会書.

pub mod api;
#[cfg(feature = "ssr")]
pub mod store;
pub mod texts;
pub mod views;

use serde::{Deserialize, Serialize};

use crate::requests::decision::{LegalGround, Outcome, REASON_MAX};
use crate::requests::draft::Details;
use kit::form::{FieldError, Problem};

/// The publication's category id under which a person asks for their レセプト.
pub const RECEIPTS_CATEGORY: &str = "receipts";

/// Days the 医療機関 is given to answer, from the day the inquiry is made.
pub const REPLY_DAYS: i64 = 14;

/// The longest 医療機関 name staff type.
pub const PROVIDER_MAX: usize = 100;

/// Whether a request asks for the レセプト: a 開示 naming the category or a period of them.
pub fn asks_receipts(details: &Details) -> bool {
    matches!(details, Details::Disclosure { categories, receipts, .. }
        if receipts.is_some() || categories.iter().any(|c| c == RECEIPTS_CATEGORY))
}

/// What a 医療機関 answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    /// 支障なし.
    NoObjection,
    /// 支障あり, with a reason.
    Objection,
}
kit::codes!(Answer {
    NoObjection => "no_objection": "支障なし", "No harm expected",
    Objection => "objection": "支障あり", "Harm expected",
});

/// Where an inquiry stands: waiting, or answered once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum InquiryState {
    Pending,
    Answered { answer: Answer, reason: String },
}

impl InquiryState {
    /// The state as stored (`answer`, `reason` columns).
    pub fn from_stored(answer: Option<&str>, reason: Option<&str>) -> Option<InquiryState> {
        match answer {
            None => Some(InquiryState::Pending),
            Some(code) => Some(InquiryState::Answered { answer: Answer::from_code(code)?, reason: reason.unwrap_or_default().to_string() }),
        }
    }

    pub fn answer(&self) -> Option<Answer> {
        match self {
            InquiryState::Pending => None,
            InquiryState::Answered { answer, .. } => Some(*answer),
        }
    }
}

/// Records an answer (`answer`, `objection_reason` as posted) on an inquiry: pending → answered, once.
/// 支障あり needs its reason (the basis of withholding); 支障なし keeps none.
pub fn answer(state: &InquiryState, answer: &str, reason: &str) -> Result<InquiryState, Vec<FieldError>> {
    if matches!(state, InquiryState::Answered { .. }) {
        return Err(vec![FieldError::new("answer", Problem::AlreadyAnswered)]);
    }
    let reason = kit::input::normalize_text(reason);
    match Answer::from_code(answer) {
        None if answer.is_empty() => Err(vec![FieldError::new("answer", Problem::Required)]),
        None => Err(vec![FieldError::new("answer", Problem::Choice)]),
        Some(_) if reason.chars().count() > REASON_MAX => Err(vec![FieldError::new("objection_reason", Problem::TooLong)]),
        Some(Answer::Objection) if reason.is_empty() => Err(vec![FieldError::new("objection_reason", Problem::Required)]),
        Some(Answer::Objection) => Ok(InquiryState::Answered { answer: Answer::Objection, reason }),
        Some(Answer::NoObjection) => Ok(InquiryState::Answered { answer: Answer::NoObjection, reason: String::new() }),
    }
}

/// Outcomes that deliver data.
fn delivers(outcome: Outcome) -> bool {
    matches!(outcome, Outcome::FullDisclosure | Outcome::PartialDisclosure | Outcome::MethodDifficult)
}

/// What the answers allow a decision on a 開示 that asks for レセプト to be, given the
/// inquiries and how many レセプト copies the package holds. A 却下 or 不存在 delivers
/// nothing and needs no answer; every other outcome waits until an inquiry exists and
/// every one is answered. Where a 医療機関 answered 支障あり, its part is withheld (一部開示
/// or 不開示) citing 33条2項1号; where all answered 支障なし, 33条2項1号 is not cited for
/// the レセプト. A decision that delivers レセプト needs at least one copy in the package.
pub fn decision_problems(outcome: Outcome, ground: LegalGround, inquiries: &[InquiryState], copies: usize) -> Vec<FieldError> {
    if matches!(outcome, Outcome::Dismissed | Outcome::NotHeld | Outcome::Lapsed) {
        return Vec::new();
    }
    if inquiries.is_empty() {
        return vec![FieldError::new("outcome", Problem::NoInquiry)];
    }
    if inquiries.iter().any(|i| i.answer().is_none()) {
        return vec![FieldError::new("outcome", Problem::InquiryPending)];
    }
    let mut problems = Vec::new();
    let objected = inquiries.iter().any(|i| i.answer() == Some(Answer::Objection));
    let cleared = inquiries.iter().any(|i| i.answer() == Some(Answer::NoObjection));
    if objected {
        if !matches!(outcome, Outcome::PartialDisclosure | Outcome::NonDisclosure) {
            problems.push(FieldError::new("outcome", Problem::ObjectionWithheld));
        } else if ground != LegalGround::Art33Para2No1 {
            problems.push(FieldError::new("ground", Problem::ObjectionGround));
        }
    } else if ground == LegalGround::Art33Para2No1 {
        problems.push(FieldError::new("ground", Problem::NoObjectionGround));
    }
    if problems.is_empty() && delivers(outcome) && cleared && copies == 0 {
        problems.push(FieldError::new("outcome", Problem::ReceiptCopyMissing));
    }
    problems
}

/// One inquiry as the staff page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InquiryLine {
    pub id: i64,
    pub provider: String,
    /// 回答期限, `YYYY-MM-DD`.
    pub reply_by: String,
    pub state: InquiryState,
    /// Who recorded the answer and when (Asia/Tokyo), once answered.
    pub answered: Option<(String, String)>,
    /// レセプト copies of this 医療機関 in the package.
    pub copies: i64,
}

/// The staff request page's section 「医療機関への照会（レセプトの開示）」.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inquiries {
    /// The request asks for レセプト (otherwise the section is not shown).
    pub asks: bool,
    /// The period asked, as words (empty: none given).
    pub period: String,
    /// 医療機関 found in the member's data for the period, not yet asked.
    pub proposals: Vec<String>,
    pub inquiries: Vec<InquiryLine>,
    /// The caller may create inquiries and record answers now.
    pub editable: bool,
}

/// The 照会書 to one 医療機関, laid out for print.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InquiryLetter {
    pub receipt: String,
    pub society_name: String,
    pub society_address: String,
    pub society_phone: String,
    pub representative: String,
    /// Where the 医療機関 answers (the 窓口 of the publication).
    pub contact: String,
    pub provider: String,
    pub patient_name: String,
    pub patient_birth_date: String,
    /// The period of the レセプト asked, as words.
    pub period: String,
    /// `YYYY年M月D日`.
    pub written_on: String,
    pub reply_by: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::requests::draft::{Month, Period};

    fn disclosure(categories: &[&str], receipts: Option<Period>) -> Details {
        Details::Disclosure {
            categories: categories.iter().map(|c| c.to_string()).collect(),
            receipts,
            checkups: None,
            method: "paper".into(),
            note: String::new(),
        }
    }
    fn answered(a: Answer) -> InquiryState {
        InquiryState::Answered { answer: a, reason: if a == Answer::Objection { "病名未告知".into() } else { String::new() } }
    }
    fn problems(v: Vec<FieldError>) -> Vec<(String, Problem)> {
        v.into_iter().map(|e| (e.field, e.problem)).collect()
    }

    #[test]
    fn a_request_asks_for_receipts_by_category_or_by_period() {
        let p = Period { from: Month { year: 2025, month: 4 }, to: Month { year: 2026, month: 3 } };
        assert!(asks_receipts(&disclosure(&["receipts"], None)));
        assert!(asks_receipts(&disclosure(&["qualification"], Some(p))));
        assert!(!asks_receipts(&disclosure(&["qualification"], None)));
        assert!(!asks_receipts(&Details::PurposeNotice { categories: vec!["receipts".into()], note: String::new() }));
        assert!(!asks_receipts(&Details::ThirdPartyRecords { period: Some(p), method: "paper".into() }));
    }

    #[test]
    fn a_pending_inquiry_is_answered_once_either_way() {
        let ok = answer(&InquiryState::Pending, "no_objection", "  ").unwrap();
        assert_eq!(ok, InquiryState::Answered { answer: Answer::NoObjection, reason: String::new() });
        // A reason typed with 支障なし is not kept: only an objection has a basis.
        let ok = answer(&InquiryState::Pending, "no_objection", "特になし").unwrap();
        assert_eq!(ok.answer(), Some(Answer::NoObjection));
        let ok = answer(&InquiryState::Pending, "objection", " 病名を本人に告知していません。 ").unwrap();
        assert_eq!(ok, InquiryState::Answered { answer: Answer::Objection, reason: "病名を本人に告知していません。".into() });
        for state in [ok, answered(Answer::NoObjection)] {
            for (a, r) in [("no_objection", ""), ("objection", "理由"), ("", "")] {
                assert_eq!(problems(answer(&state, a, r).unwrap_err()), vec![("answer".into(), Problem::AlreadyAnswered)], "{state:?} {a}");
            }
        }
    }

    #[test]
    fn an_objection_needs_its_reason_and_the_answer_must_be_one_offered() {
        assert_eq!(problems(answer(&InquiryState::Pending, "objection", " 　").unwrap_err()), vec![("objection_reason".into(), Problem::Required)]);
        assert_eq!(problems(answer(&InquiryState::Pending, "", "").unwrap_err()), vec![("answer".into(), Problem::Required)]);
        assert_eq!(problems(answer(&InquiryState::Pending, "maybe", "x").unwrap_err()), vec![("answer".into(), Problem::Choice)]);
        let long = "あ".repeat(REASON_MAX + 1);
        assert_eq!(problems(answer(&InquiryState::Pending, "objection", &long).unwrap_err()), vec![("objection_reason".into(), Problem::TooLong)]);
    }

    #[test]
    fn the_stored_state_reads_back() {
        assert_eq!(InquiryState::from_stored(None, None), Some(InquiryState::Pending));
        assert_eq!(InquiryState::from_stored(Some("objection"), Some("r")), Some(InquiryState::Answered { answer: Answer::Objection, reason: "r".into() }));
        assert_eq!(InquiryState::from_stored(Some("other"), None), None);
    }

    /// Every outcome of a 開示 against every combination of answers.
    #[test]
    fn the_decision_follows_from_the_answers() {
        use LegalGround::*;
        use Outcome::*;
        let none: Vec<InquiryState> = Vec::new();
        let pending = vec![answered(Answer::NoObjection), InquiryState::Pending];
        let clear = vec![answered(Answer::NoObjection), answered(Answer::NoObjection)];
        let mixed = vec![answered(Answer::NoObjection), answered(Answer::Objection)];
        let all_objected = vec![answered(Answer::Objection)];
        let outcomes = [FullDisclosure, PartialDisclosure, NonDisclosure, NotHeld, MethodDifficult, Dismissed];
        for o in outcomes {
            let nothing_delivered = matches!(o, NotHeld | Dismissed);
            // 却下・不存在 need no answer; everything else waits for one from each.
            for (set, p) in [(&none, Problem::NoInquiry), (&pending, Problem::InquiryPending)] {
                let expected = if nothing_delivered { vec![] } else { vec![("outcome".to_string(), p)] };
                assert_eq!(problems(decision_problems(o, Art33Para2No2, set, 1)), expected, "{o:?}");
            }
        }
        // All 支障なし: 33条2項1号 cannot be cited; anything else may, with a copy when delivering.
        assert_eq!(problems(decision_problems(FullDisclosure, Art33Para1, &clear, 1)), vec![]);
        assert_eq!(problems(decision_problems(FullDisclosure, Art33Para1, &clear, 0)), vec![("outcome".into(), Problem::ReceiptCopyMissing)]);
        assert_eq!(problems(decision_problems(PartialDisclosure, Art33Para2No2, &clear, 0)), vec![("outcome".into(), Problem::ReceiptCopyMissing)]);
        assert_eq!(problems(decision_problems(MethodDifficult, Art33Para3Method, &clear, 0)), vec![("outcome".into(), Problem::ReceiptCopyMissing)]);
        assert_eq!(problems(decision_problems(PartialDisclosure, Art33Para2No1, &clear, 1)), vec![("ground".into(), Problem::NoObjectionGround)]);
        assert_eq!(problems(decision_problems(NonDisclosure, Art33Para2No1, &clear, 0)), vec![("ground".into(), Problem::NoObjectionGround)]);
        assert_eq!(problems(decision_problems(NonDisclosure, Art33Para2No2, &clear, 0)), vec![]);
        // A 支障あり: withheld (一部開示・不開示) under 33条2項1号 only.
        for set in [&mixed, &all_objected] {
            for o in [FullDisclosure, MethodDifficult] {
                assert_eq!(problems(decision_problems(o, Art33Para1, set, 1)), vec![("outcome".into(), Problem::ObjectionWithheld)], "{o:?}");
            }
            for o in [PartialDisclosure, NonDisclosure] {
                assert_eq!(problems(decision_problems(o, Art33Para2No2, set, 1)), vec![("ground".into(), Problem::ObjectionGround)], "{o:?}");
            }
            assert_eq!(problems(decision_problems(NonDisclosure, Art33Para2No1, set, 0)), vec![]);
        }
        // The others' レセプト still go out with a 一部開示: a copy is needed where one was cleared.
        assert_eq!(problems(decision_problems(PartialDisclosure, Art33Para2No1, &mixed, 0)), vec![("outcome".into(), Problem::ReceiptCopyMissing)]);
        assert_eq!(problems(decision_problems(PartialDisclosure, Art33Para2No1, &mixed, 1)), vec![]);
        // Every 医療機関 objected: nothing of the レセプト goes out, no copy is needed.
        assert_eq!(problems(decision_problems(PartialDisclosure, Art33Para2No1, &all_objected, 0)), vec![]);
    }
}
