//! A decision as staff enter it: the form's outcome, ground, reason, corrected value and
//! fee, checked against the request's type and what it asked.

use serde::{Deserialize, Serialize};

use super::measures::MeasureScope;
use super::outcomes::{Fee, FeeState, LegalGround, Outcome, decision_fee};
use crate::requests::draft::{ChangeKind, Details, Fields};
use kit::form::{FieldError, Problem};
use kit::rights::RequestType;

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
    /// 利用停止等 carried out: what it applies to (35条).
    #[serde(default)]
    pub scope: MeasureScope,
}

/// The longest reason or corrected value accepted.
pub const REASON_MAX: usize = 4000;
pub const VALUE_MAX: usize = 200;

fn one<'a>(fields: &'a Fields, name: &str) -> &'a str {
    fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).unwrap_or("")
}

/// Checks a decision form (`outcome`, `ground`, `reason`, `corrected_value`, `scope`) for a
/// request of type `t` asking `details`, whose fee stands at `fee` (recorded apart, by
/// whoever received the payment: the decision reads it, never ticks it).
pub fn validate(t: RequestType, details: &Details, fee: FeeState, fields: &Fields) -> Result<Decision, Vec<FieldError>> {
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
        // 削除: what was asked about goes; there is no value after.
        (Some(Outcome::Corrected), Details::Correction { change: ChangeKind::Delete, .. }) => Some(String::new()),
        (Some(Outcome::Corrected), Details::Correction { current, .. }) => {
            let value = kit::input::normalize(one(fields, "corrected_value")).trim().to_string();
            if value.chars().count() > VALUE_MAX {
                errors.push(FieldError::new("corrected_value", Problem::TooLong));
            } else if value.is_empty() {
                errors.push(FieldError::new("corrected_value", Problem::Required));
            } else if &value == current {
                errors.push(FieldError::new("corrected_value", Problem::Unchanged));
            }
            Some(value)
        }
        _ => None,
    };
    // 38条: an answer that hands data over waits for the fee; one that hands nothing over does not.
    let fee = match outcome.map(|o| decision_fee(if t.may_charge_fee() { fee } else { FeeState::None }, o)) {
        Some(Err(p)) => {
            errors.push(FieldError::new("fee", p));
            None
        }
        Some(Ok(f)) => Some(f),
        None => Some(Fee::NotCharged),
    };
    // 実施: staff name what the measure applies to, so that it can be carried out.
    let scope = match (outcome, details) {
        (Some(Outcome::Suspended), Details::Suspension { measure, .. }) => {
            let scopes: Vec<&str> = fields.iter().filter(|(k, _)| k == "scope").map(|(_, v)| v.as_str()).collect();
            MeasureScope::check(*measure, &scopes, one(fields, "recipient")).unwrap_or_else(|e| {
                errors.extend(e);
                MeasureScope::default()
            })
        }
        _ => MeasureScope::default(),
    };
    match (outcome, fee) {
        (Some(outcome), Some(fee)) if errors.is_empty() => {
            let ground = ground.or_else(|| outcome.grounds(details).first().copied());
            match ground {
                Some(ground) => Ok(Decision { outcome, ground, reason, corrected_value, fee, scope }),
                None => Err(vec![FieldError::new("ground", Problem::Required)]),
            }
        }
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::requests::decision::DataScope;
    use crate::requests::decision::fixtures::{correction, details_for, disclosure, suspension};
    use crate::requests::draft::Ground as AskedGround;

    fn form(pairs: &[(&str, &str)]) -> Fields {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }
    fn problems(r: Result<Decision, Vec<FieldError>>) -> Vec<(String, Problem)> {
        r.err().unwrap_or_default().into_iter().map(|e| (e.field, e.problem)).collect()
    }

    #[test]
    fn a_refusal_or_a_different_result_cannot_be_saved_without_a_reason() {
        for t in RequestType::ALL {
            let d = details_for(t);
            for o in Outcome::for_type(t) {
                let ground = o.grounds(&d)[0];
                let mut f = form(&[("outcome", o.code()), ("ground", ground.code()), ("reason", "  ")]);
                f.push(("corrected_value".into(), "東京都港区2-2".into()));
                let r = validate(t, &d, FeeState::Paid, &f);
                let missing = problems(r).contains(&("reason".into(), Problem::ReasonRequired));
                assert_eq!(missing, o.needs_reason(), "{t:?} {o:?}");
            }
        }
    }

    #[test]
    fn a_partial_disclosure_with_ground_and_reason_is_accepted() {
        let f = form(&[("outcome", "partial_disclosure"), ("ground", "33-2-2"), ("reason", "審査中の案件に関する部分を除きます。")]);
        let d = validate(RequestType::Disclosure, &disclosure(), FeeState::Paid, &f).unwrap();
        assert_eq!((d.outcome, d.ground, d.fee), (Outcome::PartialDisclosure, LegalGround::Art33Para2No2, Fee::Paid));
        assert_eq!(d.corrected_value, None);
    }

    #[test]
    fn a_ground_that_does_not_fit_the_outcome_is_refused() {
        let f = form(&[("outcome", "non_disclosure"), ("ground", "32-2-1"), ("reason", "r")]);
        assert_eq!(problems(validate(RequestType::Disclosure, &disclosure(), FeeState::Paid, &f)), vec![("ground".into(), Problem::GroundMismatch)]);
        let f = form(&[("outcome", "non_disclosure"), ("reason", "r")]);
        assert_eq!(problems(validate(RequestType::Disclosure, &disclosure(), FeeState::Paid, &f)), vec![("ground".into(), Problem::Required)]);
        // 35条4項 answers an unlawful provision, not a leak.
        let f = form(&[("outcome", "suspended"), ("ground", "35-4"), ("scope", "notice_lines")]);
        assert_eq!(problems(validate(RequestType::Suspension, &suspension(AskedGround::Leak), FeeState::None, &f)), vec![("ground".into(), Problem::GroundMismatch)]);
    }

    #[test]
    fn an_outcome_of_another_type_or_an_unknown_code_is_refused() {
        let f = form(&[("outcome", "corrected"), ("corrected_value", "x")]);
        assert_eq!(problems(validate(RequestType::Disclosure, &disclosure(), FeeState::None, &f)), vec![("outcome".into(), Problem::Choice)]);
        let f = form(&[("outcome", "<script>")]);
        assert_eq!(problems(validate(RequestType::Complaint, &details_for(RequestType::Complaint), FeeState::None, &f)), vec![("outcome".into(), Problem::Choice)]);
        assert_eq!(problems(validate(RequestType::Complaint, &details_for(RequestType::Complaint), FeeState::None, &form(&[]))), vec![("outcome".into(), Problem::Required)]);
    }

    #[test]
    fn the_only_possible_ground_is_taken_when_none_is_chosen() {
        let f = form(&[("outcome", "purpose_notified")]);
        let d = validate(RequestType::PurposeNotice, &details_for(RequestType::PurposeNotice), FeeState::Paid, &f).unwrap();
        assert_eq!(d.ground, LegalGround::Art32Para2);
        let f = form(&[("outcome", "purpose_not_notified"), ("ground", "32-2-1"), ("reason", "公表済みです。")]);
        let d = validate(RequestType::PurposeNotice, &details_for(RequestType::PurposeNotice), FeeState::Paid, &f).unwrap();
        assert_eq!(d.ground, LegalGround::Art32Para2No1);
    }

    #[test]
    fn a_correction_carries_the_new_value_which_must_differ() {
        let t = RequestType::Correction;
        let ok = validate(t, &correction(ChangeKind::Correct), FeeState::None, &form(&[("outcome", "corrected"), ("corrected_value", "東京都港区２－２")]));
        assert_eq!(ok.unwrap().corrected_value.as_deref(), Some("東京都港区2-2"));
        assert_eq!(
            problems(validate(t, &correction(ChangeKind::Correct), FeeState::None, &form(&[("outcome", "corrected")]))),
            vec![("corrected_value".into(), Problem::Required)]
        );
        assert_eq!(
            problems(validate(t, &correction(ChangeKind::Correct), FeeState::None, &form(&[("outcome", "corrected"), ("corrected_value", "東京都港区1-1")]))),
            vec![("corrected_value".into(), Problem::Unchanged)]
        );
        // A deletion may leave the item empty.
        let deleted = validate(t, &correction(ChangeKind::Delete), FeeState::None, &form(&[("outcome", "corrected")])).unwrap();
        assert_eq!(deleted.corrected_value.as_deref(), Some(""));
    }

    #[test]
    fn the_fee_is_read_from_its_record_and_held_only_by_an_answer_that_hands_data_over() {
        let f = form(&[("outcome", "full_disclosure")]);
        assert_eq!(problems(validate(RequestType::Disclosure, &disclosure(), FeeState::Due, &f)), vec![("fee".into(), Problem::FeeUnpaid)]);
        assert_eq!(validate(RequestType::Disclosure, &disclosure(), FeeState::Paid, &f).unwrap().fee, Fee::Paid);
        assert_eq!(validate(RequestType::Disclosure, &disclosure(), FeeState::Waived, &f).unwrap().fee, Fee::Waived);
        assert_eq!(validate(RequestType::Disclosure, &disclosure(), FeeState::None, &f).unwrap().fee, Fee::NotCharged);
        // A ticked fee on the form is not a record: it is ignored.
        let ticked = form(&[("outcome", "full_disclosure"), ("fee", "paid")]);
        assert_eq!(problems(validate(RequestType::Disclosure, &disclosure(), FeeState::Due, &ticked)), vec![("fee".into(), Problem::FeeUnpaid)]);
        // 不存在 and 却下 hand nothing over: they do not wait for the fee.
        let f = form(&[("outcome", "not_held"), ("reason", "保有していません。")]);
        assert_eq!(validate(RequestType::Disclosure, &disclosure(), FeeState::Due, &f).unwrap().fee, Fee::NotCharged);
        let f = form(&[("outcome", "dismissed"), ("ground", "37-identity"), ("reason", "確認できませんでした。")]);
        assert_eq!(validate(RequestType::Disclosure, &disclosure(), FeeState::Due, &f).unwrap().fee, Fee::NotCharged);
        // 38条: no fee for a 苦情 even if one were recorded as due.
        let f = form(&[("outcome", "responded"), ("reason", "対応しました。")]);
        assert_eq!(validate(RequestType::Complaint, &details_for(RequestType::Complaint), FeeState::Due, &f).unwrap().fee, Fee::NotCharged);
    }

    #[test]
    fn overlong_text_is_refused() {
        let long = "あ".repeat(REASON_MAX + 1);
        let f = form(&[("outcome", "responded"), ("reason", &long)]);
        assert_eq!(problems(validate(RequestType::Complaint, &details_for(RequestType::Complaint), FeeState::None, &f)), vec![("reason".into(), Problem::TooLong)]);
    }

    #[test]
    fn a_measure_carried_out_names_what_it_applies_to() {
        use crate::requests::draft::{Details, Measure};
        let erase = Details::Suspension { measure: Measure::Erase, target: "受診記録".into(), ground: AskedGround::NoLongerNeeded, explanation: "不要".into() };
        let f = form(&[("outcome", "suspended")]);
        assert_eq!(problems(validate(RequestType::Suspension, &erase, FeeState::None, &f)), vec![("scope".into(), Problem::Required)]);
        let f = form(&[("outcome", "suspended"), ("scope", "provision_ledger")]);
        assert_eq!(problems(validate(RequestType::Suspension, &erase, FeeState::None, &f)), vec![("scope".into(), Problem::KeptByLaw)]);
        let f = form(&[("outcome", "suspended"), ("scope", "notice_lines"), ("scope", "documents")]);
        let d = validate(RequestType::Suspension, &erase, FeeState::None, &f).unwrap();
        assert_eq!(d.scope.data, vec![DataScope::NoticeLines, DataScope::Documents]);
        // Refusing the measure names nothing.
        let f = form(&[("outcome", "not_suspended"), ("reason", "必要です"), ("scope", "provision_ledger")]);
        assert_eq!(validate(RequestType::Suspension, &erase, FeeState::None, &f).unwrap().scope, MeasureScope::default());
        let stop = Details::Suspension { measure: Measure::StopProvision, target: "損保".into(), ground: AskedGround::UnlawfulProvision, explanation: "".into() };
        let f = form(&[("outcome", "suspended")]);
        assert_eq!(problems(validate(RequestType::Suspension, &stop, FeeState::None, &f)), vec![("recipient".into(), Problem::Required)]);
        let f = form(&[("outcome", "suspended"), ("recipient", "架空損害保険株式会社")]);
        assert_eq!(validate(RequestType::Suspension, &stop, FeeState::None, &f).unwrap().scope.recipient, "架空損害保険株式会社");
    }
}
