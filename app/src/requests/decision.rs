//! Decisions on requests: which outcomes each type allows, the legal ground each outcome
//! rests on, when a reason is owed to the member (36条), and which decisions a second
//! person — the 個人情報取扱責任者 — must approve before anything reaches the member.
//! Pure; the store applies these rules and nothing else.

use serde::{Deserialize, Serialize};

use super::draft::{Details, Fields, Ground as AskedGround};
use kit::rights::RequestType;
use kit::form::{FieldError, Problem};

/// What the society decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// 全部開示.
    FullDisclosure,
    /// 一部開示: part withheld under 33条2項.
    PartialDisclosure,
    /// 不開示 (33条2項1–3号).
    NonDisclosure,
    /// 不存在: the data asked for is not held (33条3項).
    NotHeld,
    /// The chosen method is difficult; disclosed 書面の交付 instead (33条1項括弧書・3項).
    MethodDifficult,
    /// 訂正する (34条2項), with the change.
    Corrected,
    /// 訂正しない.
    NotCorrected,
    /// 利用停止等を実施する (35条2・4・6項).
    Suspended,
    /// 代替措置 instead of the measure asked for (35条2・4・6項ただし書).
    Alternative,
    /// 実施しない.
    NotSuspended,
    /// 利用目的を通知する (32条2項).
    PurposeNotified,
    /// 通知しない (32条2項ただし書).
    PurposeNotNotified,
    /// 苦情への対応内容 (40条).
    Responded,
}

/// The legal ground a decision rests on, as the letter cites it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LegalGround {
    /// 33条1項: disclosure as asked.
    #[serde(rename = "33-1")]
    Art33Para1,
    /// 33条2項1号: 本人又は第三者の生命、身体、財産その他の権利利益を害するおそれ.
    #[serde(rename = "33-2-1")]
    Art33Para2No1,
    /// 33条2項2号: 業務の適正な実施に著しい支障を及ぼすおそれ.
    #[serde(rename = "33-2-2")]
    Art33Para2No2,
    /// 33条2項3号: 他の法令に違反することとなる場合.
    #[serde(rename = "33-2-3")]
    Art33Para2No3,
    /// 33条3項: the data does not exist.
    #[serde(rename = "33-3-not-held")]
    Art33Para3NotHeld,
    /// 33条1項括弧書・3項: the chosen method is difficult.
    #[serde(rename = "33-3-method")]
    Art33Para3Method,
    /// 34条2項: found not to be true, corrected within the purpose of use.
    #[serde(rename = "34-2")]
    Art34Para2,
    /// 34条2項: the investigation found the held data true.
    #[serde(rename = "34-true")]
    Art34True,
    /// 34条1項: another law sets a special procedure for this correction.
    #[serde(rename = "34-other-law")]
    Art34OtherLaw,
    /// 35条2項 (grounds of 1項).
    #[serde(rename = "35-2")]
    Art35Para2,
    /// 35条4項 (grounds of 3項).
    #[serde(rename = "35-4")]
    Art35Para4,
    /// 35条6項 (grounds of 5項).
    #[serde(rename = "35-6")]
    Art35Para6,
    /// 35条2・4・6項ただし書: the measure costs too much or is difficult; an alternative protects the person.
    #[serde(rename = "35-proviso")]
    Art35Proviso,
    /// The request does not meet 35条1・3・5項.
    #[serde(rename = "35-not-met")]
    Art35NotMet,
    /// 32条2項本文.
    #[serde(rename = "32-2")]
    Art32Para2,
    /// 32条2項1号: the purpose is already clear from the publication (32条1項).
    #[serde(rename = "32-2-1")]
    Art32Para2No1,
    /// 32条2項2号 via 21条4項1号: harm to the person or a third party.
    #[serde(rename = "21-4-1")]
    Art21Para4No1,
    /// 32条2項2号 via 21条4項2号: harm to the society's rights or legitimate interests.
    #[serde(rename = "21-4-2")]
    Art21Para4No2,
    /// 32条2項2号 via 21条4項3号: cooperation with a public authority.
    #[serde(rename = "21-4-3")]
    Art21Para4No3,
    /// 40条.
    #[serde(rename = "40")]
    Art40,
}

/// The fee (38条), where one is charged.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fee {
    /// No fee for this type, or none published.
    NotCharged,
    Paid,
    Waived,
}

kit::codes!(Outcome {
    FullDisclosure => "full_disclosure",
    PartialDisclosure => "partial_disclosure",
    NonDisclosure => "non_disclosure",
    NotHeld => "not_held",
    MethodDifficult => "method_difficult",
    Corrected => "corrected",
    NotCorrected => "not_corrected",
    Suspended => "suspended",
    Alternative => "alternative",
    NotSuspended => "not_suspended",
    PurposeNotified => "purpose_notified",
    PurposeNotNotified => "purpose_not_notified",
    Responded => "responded",
});
kit::codes!(LegalGround {
    Art33Para1 => "33-1",
    Art33Para2No1 => "33-2-1",
    Art33Para2No2 => "33-2-2",
    Art33Para2No3 => "33-2-3",
    Art33Para3NotHeld => "33-3-not-held",
    Art33Para3Method => "33-3-method",
    Art34Para2 => "34-2",
    Art34True => "34-true",
    Art34OtherLaw => "34-other-law",
    Art35Para2 => "35-2",
    Art35Para4 => "35-4",
    Art35Para6 => "35-6",
    Art35Proviso => "35-proviso",
    Art35NotMet => "35-not-met",
    Art32Para2 => "32-2",
    Art32Para2No1 => "32-2-1",
    Art21Para4No1 => "21-4-1",
    Art21Para4No2 => "21-4-2",
    Art21Para4No3 => "21-4-3",
    Art40 => "40",
});
kit::codes!(Fee { NotCharged => "not_charged", Paid => "paid", Waived => "waived" });

impl Outcome {
    /// The outcomes a request of this type can have.
    pub fn for_type(t: RequestType) -> &'static [Outcome] {
        use Outcome::*;
        match t {
            RequestType::Disclosure | RequestType::ThirdPartyRecordDisclosure => {
                &[FullDisclosure, PartialDisclosure, NonDisclosure, NotHeld, MethodDifficult]
            }
            RequestType::Correction => &[Corrected, NotCorrected],
            RequestType::Suspension => &[Suspended, Alternative, NotSuspended],
            RequestType::PurposeNotice => &[PurposeNotified, PurposeNotNotified],
            RequestType::Complaint => &[Responded],
        }
    }

    /// The society refuses or does otherwise than asked: 36条 asks it to explain why.
    pub fn refuses_or_differs(self) -> bool {
        use Outcome::*;
        match self {
            PartialDisclosure | NonDisclosure | NotHeld | MethodDifficult | NotCorrected | Alternative
            | NotSuspended | PurposeNotNotified => true,
            FullDisclosure | Corrected | Suspended | PurposeNotified | Responded => false,
        }
    }

    /// Written text the member reads is required: the 36条 reason, or the 対応内容 of a 苦情.
    pub fn needs_reason(self) -> bool {
        self.refuses_or_differs() || self == Outcome::Responded
    }

    /// Four-eyes: every disclosure (personal data leaves the society) and every refusal.
    pub fn needs_approval(self, t: RequestType) -> bool {
        matches!(t, RequestType::Disclosure | RequestType::ThirdPartyRecordDisclosure) || self.refuses_or_differs()
    }

    /// The grounds this outcome can rest on, given what was asked.
    pub fn grounds(self, details: &Details) -> Vec<LegalGround> {
        use LegalGround as G;
        use Outcome::*;
        match self {
            FullDisclosure => vec![G::Art33Para1],
            PartialDisclosure | NonDisclosure => vec![G::Art33Para2No1, G::Art33Para2No2, G::Art33Para2No3],
            NotHeld => vec![G::Art33Para3NotHeld],
            MethodDifficult => vec![G::Art33Para3Method],
            Corrected => vec![G::Art34Para2],
            NotCorrected => vec![G::Art34True, G::Art34OtherLaw],
            // The measure rests on the paragraph that matches the member's ground.
            Suspended => match details {
                Details::Suspension { ground, .. } => vec![suspension_paragraph(*ground)],
                _ => Vec::new(),
            },
            Alternative => vec![G::Art35Proviso],
            NotSuspended => vec![G::Art35NotMet],
            PurposeNotified => vec![G::Art32Para2],
            PurposeNotNotified => vec![G::Art32Para2No1, G::Art21Para4No1, G::Art21Para4No2, G::Art21Para4No3],
            Responded => vec![G::Art40],
        }
    }
}

/// 35条2項 answers 1項's grounds, 4項 answers 3項's, 6項 answers 5項's.
fn suspension_paragraph(ground: AskedGround) -> LegalGround {
    match ground {
        AskedGround::UnlawfulUse | AskedGround::UnlawfulAcquisition => LegalGround::Art35Para2,
        AskedGround::UnlawfulProvision => LegalGround::Art35Para4,
        AskedGround::NoLongerNeeded | AskedGround::Leak | AskedGround::RightsHarmed => LegalGround::Art35Para6,
    }
}

impl LegalGround {
    /// The article as the letter cites it.
    pub fn article(self) -> &'static str {
        use LegalGround as G;
        match self {
            G::Art33Para1 => "個人情報保護法第33条第1項",
            G::Art33Para2No1 => "個人情報保護法第33条第2項第1号",
            G::Art33Para2No2 => "個人情報保護法第33条第2項第2号",
            G::Art33Para2No3 => "個人情報保護法第33条第2項第3号",
            G::Art33Para3NotHeld | G::Art33Para3Method => "個人情報保護法第33条第3項",
            G::Art34Para2 | G::Art34True => "個人情報保護法第34条第2項",
            G::Art34OtherLaw => "個人情報保護法第34条第1項",
            G::Art35Para2 => "個人情報保護法第35条第2項",
            G::Art35Para4 => "個人情報保護法第35条第4項",
            G::Art35Para6 => "個人情報保護法第35条第6項",
            G::Art35Proviso => "個人情報保護法第35条第2項・第4項・第6項ただし書",
            G::Art35NotMet => "個人情報保護法第35条第1項・第3項・第5項",
            G::Art32Para2 => "個人情報保護法第32条第2項",
            G::Art32Para2No1 => "個人情報保護法第32条第2項第1号",
            G::Art21Para4No1 => "個人情報保護法第32条第2項第2号（第21条第4項第1号）",
            G::Art21Para4No2 => "個人情報保護法第32条第2項第2号（第21条第4項第2号）",
            G::Art21Para4No3 => "個人情報保護法第32条第2項第2号（第21条第4項第3号）",
            G::Art40 => "個人情報保護法第40条",
        }
    }
}

/// A decision as staff enter it, checked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub outcome: Outcome,
    pub ground: LegalGround,
    /// The reason (36条) or the 対応内容; may be empty only where none is owed.
    pub reason: String,
    /// 訂正する: the value as corrected.
    pub corrected_value: Option<String>,
    pub fee: Fee,
}

/// The longest reason or corrected value accepted.
pub const REASON_MAX: usize = 4000;
pub const VALUE_MAX: usize = 200;

fn one<'a>(fields: &'a Fields, name: &str) -> &'a str {
    fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).unwrap_or("")
}

/// Checks a decision form (`outcome`, `ground`, `reason`, `corrected_value`, `fee`) for a
/// request of type `t` asking `details`, whose published fee was `fee_yen`.
pub fn validate(t: RequestType, details: &Details, fee_yen: i64, fields: &Fields) -> Result<Decision, Vec<FieldError>> {
    let mut errors = Vec::new();
    let outcome = match Outcome::from_code(one(fields, "outcome")) {
        Some(o) if Outcome::for_type(t).contains(&o) => Some(o),
        None if one(fields, "outcome").is_empty() => {
            errors.push(FieldError::new("outcome", Problem::Required));
            None
        }
        _ => {
            errors.push(FieldError::new("outcome", Problem::Choice));
            None
        }
    };
    let ground_code = one(fields, "ground");
    let ground = LegalGround::from_code(ground_code);
    if let Some(o) = outcome {
        match ground {
            Some(g) if o.grounds(details).contains(&g) => {}
            // A single possible ground need not be chosen.
            None if ground_code.is_empty() && o.grounds(details).len() == 1 => {}
            None if ground_code.is_empty() => errors.push(FieldError::new("ground", Problem::Required)),
            _ => errors.push(FieldError::new("ground", Problem::GroundMismatch)),
        }
    }
    let reason = kit::input::normalize_text(one(fields, "reason"));
    if reason.chars().count() > REASON_MAX {
        errors.push(FieldError::new("reason", Problem::TooLong));
    } else if outcome.is_some_and(Outcome::needs_reason) && reason.is_empty() {
        errors.push(FieldError::new("reason", Problem::ReasonRequired));
    }
    let corrected_value = match (outcome, details) {
        (Some(Outcome::Corrected), Details::Correction { current, change, .. }) => {
            let value = kit::input::normalize(one(fields, "corrected_value")).trim().to_string();
            let deleting = *change == super::draft::ChangeKind::Delete;
            if value.chars().count() > VALUE_MAX {
                errors.push(FieldError::new("corrected_value", Problem::TooLong));
            } else if value.is_empty() && !deleting {
                errors.push(FieldError::new("corrected_value", Problem::Required));
            } else if &value == current {
                errors.push(FieldError::new("corrected_value", Problem::Unchanged));
            }
            Some(value)
        }
        _ => None,
    };
    let fee = if fee_yen > 0 && t.may_charge_fee() {
        match Fee::from_code(one(fields, "fee")) {
            Some(f @ (Fee::Paid | Fee::Waived)) => Some(f),
            _ if one(fields, "fee").is_empty() => {
                errors.push(FieldError::new("fee", Problem::Required));
                None
            }
            _ => {
                errors.push(FieldError::new("fee", Problem::Choice));
                None
            }
        }
    } else {
        Some(Fee::NotCharged)
    };
    match (outcome, fee) {
        (Some(outcome), Some(fee)) if errors.is_empty() => {
            let ground = ground.or_else(|| outcome.grounds(details).first().copied());
            match ground {
                Some(ground) => Ok(Decision { outcome, ground, reason, corrected_value, fee }),
                None => Err(vec![FieldError::new("ground", Problem::Required)]),
            }
        }
        _ => Err(errors),
    }
}

/// Where a decision stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DecisionState {
    /// Waits for the 責任者.
    Pending,
    /// Approved by a second person.
    Approved,
    /// Needed no approval.
    Final,
    /// The 責任者 sent it back for rework.
    SentBack,
}
kit::codes!(DecisionState { Pending => "pending", Approved => "approved", Final => "final", SentBack => "sent_back" });

/// 重要度 or 緊急度 of a request (seed 003: 受付票 ranked by importance and urgency).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    High,
    Normal,
    Low,
}
kit::codes!(Priority { High => "high", Normal => "normal", Low => "low" });

impl Priority {
    fn rank(self) -> i64 {
        match self {
            Priority::High => 0,
            Priority::Normal => 1,
            Priority::Low => 2,
        }
    }

    /// The queue's sort key: 重要度 first, then 緊急度 (0 = both high … 8 = both low).
    pub fn combined_rank(importance: Priority, urgency: Priority) -> i64 {
        importance.rank() * 3 + urgency.rank()
    }
}

/// A recorded decision, as a page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionRecord {
    pub decision: Decision,
    /// 訂正: the value before.
    pub previous_value: Option<String>,
    pub state: DecisionState,
    /// The date of the final decision (approval, or the decision itself), Asia/Tokyo.
    pub decided_on: String,
    /// Staff number and name; staff only.
    pub decided_by: Option<String>,
    pub approved_by: Option<String>,
}

/// Why an approval is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ApprovalRefusal {
    /// Only a 個人情報取扱責任者 approves.
    NotApprover,
    /// Four eyes: the person who decided cannot approve their own decision.
    OwnDecision,
}

/// May `approver` (with `is_approver` role) approve a decision made by `decided_by`?
pub fn may_approve(decided_by: i64, approver: i64, is_approver: bool) -> Result<(), ApprovalRefusal> {
    if !is_approver {
        Err(ApprovalRefusal::NotApprover)
    } else if decided_by == approver {
        Err(ApprovalRefusal::OwnDecision)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::requests::draft::{ChangeKind, HeldItem, Measure};

    fn disclosure() -> Details {
        Details::Disclosure { categories: vec!["c1".into()], receipts: None, checkups: None, method: "download".into(), note: String::new() }
    }
    fn correction(change: ChangeKind) -> Details {
        Details::Correction {
            item: HeldItem::Address,
            item_label: "住所".into(),
            current: "東京都港区1-1".into(),
            change,
            requested: "東京都港区2-2".into(),
            reason: "転居".into(),
        }
    }
    fn suspension(ground: AskedGround) -> Details {
        Details::Suspension { measure: Measure::StopUse, target: "x".into(), ground, explanation: "y".into() }
    }
    fn details_for(t: RequestType) -> Details {
        match t {
            RequestType::Disclosure => disclosure(),
            RequestType::ThirdPartyRecordDisclosure => Details::ThirdPartyRecords { period: None, method: "post".into() },
            RequestType::Correction => correction(ChangeKind::Correct),
            RequestType::Suspension => suspension(AskedGround::Leak),
            RequestType::PurposeNotice => Details::PurposeNotice { categories: vec![], note: String::new() },
            RequestType::Complaint => Details::Complaint { body: "b".into() },
        }
    }
    fn form(pairs: &[(&str, &str)]) -> Fields {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }
    fn problems(r: Result<Decision, Vec<FieldError>>) -> Vec<(String, Problem)> {
        r.err().unwrap_or_default().into_iter().map(|e| (e.field, e.problem)).collect()
    }

    #[test]
    fn each_type_has_exactly_its_outcomes_and_each_outcome_one_type_family() {
        for o in Outcome::ALL {
            let types: Vec<_> = RequestType::ALL.into_iter().filter(|t| Outcome::for_type(*t).contains(o)).collect();
            assert!(!types.is_empty(), "{o:?} belongs to no type");
            let disclosure_family = types.iter().all(|t| matches!(t, RequestType::Disclosure | RequestType::ThirdPartyRecordDisclosure));
            assert!(types.len() == 1 || disclosure_family, "{o:?}: {types:?}");
        }
        assert_eq!(Outcome::for_type(RequestType::Complaint), &[Outcome::Responded]);
    }

    #[test]
    fn every_outcome_has_a_ground_for_every_request_of_its_type() {
        for t in RequestType::ALL {
            for o in Outcome::for_type(t) {
                assert!(!o.grounds(&details_for(t)).is_empty(), "{t:?} {o:?}");
            }
        }
        for g in AskedGround::ALL {
            let grounds = Outcome::Suspended.grounds(&suspension(g));
            let want = match g.article() {
                "35条1項" => LegalGround::Art35Para2,
                "35条3項" => LegalGround::Art35Para4,
                _ => LegalGround::Art35Para6,
            };
            assert_eq!(grounds, vec![want], "{g:?}");
        }
    }

    #[test]
    fn refusals_and_every_disclosure_need_the_responsible_persons_approval() {
        for t in RequestType::ALL {
            for o in Outcome::for_type(t) {
                let disclosure = matches!(t, RequestType::Disclosure | RequestType::ThirdPartyRecordDisclosure);
                assert_eq!(o.needs_approval(t), disclosure || o.refuses_or_differs(), "{t:?} {o:?}");
            }
        }
        assert!(!Outcome::Corrected.needs_approval(RequestType::Correction));
        assert!(Outcome::NotCorrected.needs_approval(RequestType::Correction));
        assert!(Outcome::FullDisclosure.needs_approval(RequestType::Disclosure));
        assert!(!Outcome::PurposeNotified.needs_approval(RequestType::PurposeNotice));
        assert!(Outcome::PurposeNotNotified.needs_approval(RequestType::PurposeNotice));
    }

    #[test]
    fn a_refusal_or_a_different_result_cannot_be_saved_without_a_reason() {
        for t in RequestType::ALL {
            let d = details_for(t);
            for o in Outcome::for_type(t) {
                let ground = o.grounds(&d)[0];
                let mut f = form(&[("outcome", o.code()), ("ground", ground.code()), ("reason", "  "), ("fee", "paid")]);
                f.push(("corrected_value".into(), "東京都港区2-2".into()));
                let r = validate(t, &d, 300, &f);
                let missing = problems(r).contains(&("reason".into(), Problem::ReasonRequired));
                assert_eq!(missing, o.needs_reason(), "{t:?} {o:?}");
            }
        }
    }

    #[test]
    fn a_partial_disclosure_with_ground_and_reason_is_accepted() {
        let f = form(&[("outcome", "partial_disclosure"), ("ground", "33-2-2"), ("reason", "審査中の案件に関する部分を除きます。"), ("fee", "paid")]);
        let d = validate(RequestType::Disclosure, &disclosure(), 300, &f).unwrap();
        assert_eq!((d.outcome, d.ground, d.fee), (Outcome::PartialDisclosure, LegalGround::Art33Para2No2, Fee::Paid));
        assert_eq!(d.corrected_value, None);
    }

    #[test]
    fn a_ground_that_does_not_fit_the_outcome_is_refused() {
        let f = form(&[("outcome", "non_disclosure"), ("ground", "32-2-1"), ("reason", "r"), ("fee", "waived")]);
        assert_eq!(problems(validate(RequestType::Disclosure, &disclosure(), 300, &f)), vec![("ground".into(), Problem::GroundMismatch)]);
        let f = form(&[("outcome", "non_disclosure"), ("reason", "r"), ("fee", "waived")]);
        assert_eq!(problems(validate(RequestType::Disclosure, &disclosure(), 300, &f)), vec![("ground".into(), Problem::Required)]);
        // 35条4項 answers an unlawful provision, not a leak.
        let f = form(&[("outcome", "suspended"), ("ground", "35-4")]);
        assert_eq!(problems(validate(RequestType::Suspension, &suspension(AskedGround::Leak), 0, &f)), vec![("ground".into(), Problem::GroundMismatch)]);
    }

    #[test]
    fn an_outcome_of_another_type_or_an_unknown_code_is_refused() {
        let f = form(&[("outcome", "corrected"), ("corrected_value", "x")]);
        assert_eq!(problems(validate(RequestType::Disclosure, &disclosure(), 0, &f)), vec![("outcome".into(), Problem::Choice)]);
        let f = form(&[("outcome", "<script>")]);
        assert_eq!(problems(validate(RequestType::Complaint, &details_for(RequestType::Complaint), 0, &f)), vec![("outcome".into(), Problem::Choice)]);
        assert_eq!(problems(validate(RequestType::Complaint, &details_for(RequestType::Complaint), 0, &form(&[]))), vec![("outcome".into(), Problem::Required)]);
    }

    #[test]
    fn the_only_possible_ground_is_taken_when_none_is_chosen() {
        let f = form(&[("outcome", "purpose_notified"), ("fee", "paid")]);
        let d = validate(RequestType::PurposeNotice, &details_for(RequestType::PurposeNotice), 300, &f).unwrap();
        assert_eq!(d.ground, LegalGround::Art32Para2);
        let f = form(&[("outcome", "purpose_not_notified"), ("ground", "32-2-1"), ("reason", "公表済みです。"), ("fee", "waived")]);
        let d = validate(RequestType::PurposeNotice, &details_for(RequestType::PurposeNotice), 300, &f).unwrap();
        assert_eq!(d.ground, LegalGround::Art32Para2No1);
    }

    #[test]
    fn a_correction_carries_the_new_value_which_must_differ() {
        let t = RequestType::Correction;
        let ok = validate(t, &correction(ChangeKind::Correct), 0, &form(&[("outcome", "corrected"), ("corrected_value", "東京都港区２－２")]));
        assert_eq!(ok.unwrap().corrected_value.as_deref(), Some("東京都港区2-2"));
        assert_eq!(
            problems(validate(t, &correction(ChangeKind::Correct), 0, &form(&[("outcome", "corrected")]))),
            vec![("corrected_value".into(), Problem::Required)]
        );
        assert_eq!(
            problems(validate(t, &correction(ChangeKind::Correct), 0, &form(&[("outcome", "corrected"), ("corrected_value", "東京都港区1-1")]))),
            vec![("corrected_value".into(), Problem::Unchanged)]
        );
        // A deletion may leave the item empty.
        let deleted = validate(t, &correction(ChangeKind::Delete), 0, &form(&[("outcome", "corrected")])).unwrap();
        assert_eq!(deleted.corrected_value.as_deref(), Some(""));
    }

    #[test]
    fn the_fee_is_recorded_only_where_one_is_charged() {
        let f = form(&[("outcome", "full_disclosure")]);
        assert_eq!(problems(validate(RequestType::Disclosure, &disclosure(), 300, &f)), vec![("fee".into(), Problem::Required)]);
        assert_eq!(validate(RequestType::Disclosure, &disclosure(), 0, &f).unwrap().fee, Fee::NotCharged);
        let f = form(&[("outcome", "full_disclosure"), ("fee", "not_charged")]);
        assert_eq!(problems(validate(RequestType::Disclosure, &disclosure(), 300, &f)), vec![("fee".into(), Problem::Choice)]);
        // 38条: no fee for a 苦情 even if a number were configured.
        let f = form(&[("outcome", "responded"), ("reason", "対応しました。")]);
        assert_eq!(validate(RequestType::Complaint, &details_for(RequestType::Complaint), 300, &f).unwrap().fee, Fee::NotCharged);
    }

    #[test]
    fn overlong_text_is_refused() {
        let long = "あ".repeat(REASON_MAX + 1);
        let f = form(&[("outcome", "responded"), ("reason", &long)]);
        assert_eq!(problems(validate(RequestType::Complaint, &details_for(RequestType::Complaint), 0, &f)), vec![("reason".into(), Problem::TooLong)]);
    }

    #[test]
    fn four_eyes_the_decider_never_approves_their_own_decision() {
        assert_eq!(may_approve(7, 7, true), Err(ApprovalRefusal::OwnDecision));
        assert_eq!(may_approve(7, 8, false), Err(ApprovalRefusal::NotApprover));
        assert_eq!(may_approve(7, 8, true), Ok(()));
    }

    #[test]
    fn priority_ranks_order_importance_before_urgency() {
        use Priority::*;
        let mut pairs = vec![(Low, High), (High, Low), (Normal, Normal), (High, High), (Low, Low), (Normal, High)];
        pairs.sort_by_key(|(i, u)| Priority::combined_rank(*i, *u));
        assert_eq!(pairs, vec![(High, High), (High, Low), (Normal, High), (Normal, Normal), (Low, High), (Low, Low)]);
        assert_eq!(Priority::combined_rank(Normal, Normal), 4, "the schema's default");
    }

    #[test]
    fn codes_round_trip() {
        for o in Outcome::ALL {
            assert_eq!(Outcome::from_code(o.code()), Some(*o));
        }
        for g in LegalGround::ALL {
            assert_eq!(LegalGround::from_code(g.code()), Some(*g));
            assert_eq!(serde_json::to_string(g).unwrap(), format!("\"{}\"", g.code()));
            assert!(g.article().starts_with("個人情報保護法第"));
        }
        for f in Fee::ALL {
            assert_eq!(Fee::from_code(f.code()), Some(*f));
        }
    }
}
