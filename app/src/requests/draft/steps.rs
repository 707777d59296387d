//! The member's request form in steps (どなたの → 内容 → 受け取り方 → 確認 → 完了), one
//! screen each on a phone and one page each without JavaScript. Pure: which steps a
//! request has, which step owns which field, how a step's post changes what was kept,
//! and which step still has a problem. The whole form is validated by [`super::validate`]
//! as before; the steps only decide what is shown and kept when.

use serde::{Deserialize, Serialize};

use super::Fields;
use kit::form::FieldError;
use kit::rights::RequestType;

/// A step of the member's form. 完了 is the request's own page, not a step.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// For whom: oneself, or a family member the member may act for.
    Who,
    /// What is asked.
    What,
    /// How the result is received (開示 and 第三者提供記録の開示 only).
    How,
    /// Everything chosen, the fee and how to pay it, the documents; then 申し出る.
    Confirm,
}

kit::codes!(Step {
    Who => "who": "どなたの", "For whom",
    What => "what": "内容", "What",
    How => "how": "受け取り方", "How to receive",
    Confirm => "confirm": "確認", "Check",
});

/// The fields a step post carries that are not the member's answers.
const CONTROL: [&str; 4] = ["request_type", "step", "go", "idempotency_key"];

/// The steps of a request type, in order. The 「どなたの」 step is there only when the
/// member can choose someone else (or could after confirming their sign-in again).
pub fn steps(request_type: RequestType, others: bool) -> Vec<Step> {
    let mut out = Vec::with_capacity(4);
    if others {
        out.push(Step::Who);
    }
    out.push(Step::What);
    if receives(request_type) {
        out.push(Step::How);
    }
    out.push(Step::Confirm);
    out
}

/// The types whose result is delivered in a way the member chooses (33条3項).
pub fn receives(request_type: RequestType) -> bool {
    matches!(request_type, RequestType::Disclosure | RequestType::ThirdPartyRecordDisclosure)
}

/// The step where a field is answered.
pub fn owner(request_type: RequestType, field: &str) -> Step {
    match field {
        "for" => Step::Who,
        "method" | "deliver_to_subject" if receives(request_type) => Step::How,
        _ => Step::What,
    }
}

/// What is kept after a post of `step`: the step's own fields replaced by the posted ones
/// (a box unticked is gone), the other steps' fields as they were. Fields of other steps
/// in the post are ignored: a step changes only itself. Without a 「どなたの」 step the
/// request is the member's own.
pub fn merge(request_type: RequestType, kept: &Fields, step: Step, posted: &Fields) -> Fields {
    let mine = |name: &str| !CONTROL.contains(&name) && owner(request_type, name) == step;
    let mut out: Fields = kept.iter().filter(|(k, _)| !mine(k) && !CONTROL.contains(&k.as_str())).cloned().collect();
    out.extend(posted.iter().filter(|(k, _)| mine(k)).cloned());
    if !out.iter().any(|(k, _)| k == "for") {
        out.insert(0, ("for".to_string(), "self".to_string()));
    }
    out
}

/// The problems of one step.
pub fn problems_of(request_type: RequestType, errors: &[FieldError], step: Step) -> Vec<FieldError> {
    errors.iter().filter(|e| owner(request_type, &e.field) == step).cloned().collect()
}

/// The first of `steps` before `target` with a problem: a member cannot reach a step (the
/// confirmation above all) past an unfinished one.
pub fn first_unfinished(request_type: RequestType, steps: &[Step], errors: &[FieldError], target: Step) -> Option<Step> {
    steps
        .iter()
        .take_while(|s| **s != target)
        .find(|s| !problems_of(request_type, errors, **s).is_empty())
        .copied()
}

/// The step after (or before) `step` among `steps`.
pub fn next(steps: &[Step], step: Step) -> Option<Step> {
    let i = steps.iter().position(|s| *s == step)?;
    steps.get(i + 1).copied()
}

pub fn previous(steps: &[Step], step: Step) -> Option<Step> {
    let i = steps.iter().position(|s| *s == step)?;
    i.checked_sub(1).and_then(|i| steps.get(i)).copied()
}

/// The member's answers in one order, whatever order they were posted in: what a
/// confirmation is computed over, so that only a change of an answer changes it.
pub fn canonical(fields: &Fields) -> String {
    let mut answers: Vec<&(String, String)> = fields.iter().filter(|(k, _)| !CONTROL.contains(&k.as_str())).collect();
    answers.sort();
    answers.dedup();
    answers.iter().map(|(k, v)| format!("{}={}", urlencoding::encode(k), urlencoding::encode(v))).collect::<Vec<_>>().join("&")
}

/// A final post may carry only the confirmation, the fee it showed, the key and files;
/// an answer in it that is not what was confirmed (a subject changed in the page's
/// source, a category added) is a change after confirming.
pub fn changed_after_confirming(kept: &Fields, posted: &Fields) -> bool {
    let answered: Vec<&str> = posted
        .iter()
        .map(|(k, _)| k.as_str())
        .filter(|k| !CONTROL.contains(k) && !matches!(*k, "confirmation" | "fee_yen"))
        .collect();
    answered.iter().any(|name| {
        let mut a: Vec<&str> = posted.iter().filter(|(k, _)| k == name).map(|(_, v)| v.as_str()).collect();
        let mut b: Vec<&str> = kept.iter().filter(|(k, _)| k == name).map(|(_, v)| v.as_str()).collect();
        a.sort_unstable();
        b.sort_unstable();
        a != b
    })
}

/// How the publication's categories are grouped on the form, in plain words. The groups
/// are the portal's (the publication lists categories without them): a category the
/// portal does not know, and the society-internal ones (議員・職員, which members can be
/// among), are under 「その他」.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CategoryGroup {
    Membership,
    Medical,
    Health,
    Other,
}

kit::codes!(CategoryGroup {
    Membership => "membership": "加入・ご家族・収入・マイナンバー", "Membership, family, income, My Number",
    Medical => "medical": "医療費・給付・口座", "Medical costs, benefits, bank account",
    Health => "health": "健診・保健指導", "Check-ups and health guidance",
    Other => "other": "その他（勤務先、当組合の議員・職員としての情報など）", "Other (employer, the society's own assembly members and staff …)",
});

impl CategoryGroup {
    pub fn of(category_id: &str) -> CategoryGroup {
        match category_id {
            "qualification" | "income" | "dependent-household" | "next-insurer" | "my-number-card-link" | crate::publication::model::SPECIFIC_PERSONAL_INFO => {
                CategoryGroup::Membership
            }
            "receipts" | "cash-benefits" | "bank-accounts" | "medical-inquiries" | "third-party-acts" => CategoryGroup::Medical,
            "health-checkups" | "health-guidance" | "health-programs" => CategoryGroup::Health,
            _ => CategoryGroup::Other,
        }
    }

    /// The categories by group, in the groups' order and the publication's order within
    /// each; empty groups left out.
    pub fn group(categories: &[(String, String)]) -> Vec<(CategoryGroup, Vec<(String, String)>)> {
        CategoryGroup::ALL
            .into_iter()
            .map(|g| (g, categories.iter().filter(|(id, _)| CategoryGroup::of(id) == g).cloned().collect::<Vec<_>>()))
            .filter(|(_, c)| !c.is_empty())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kit::form::Problem;

    fn f(pairs: &[(&str, &str)]) -> Fields {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn a_disclosure_for_oneself_has_what_how_and_confirm_and_someone_else_adds_who() {
        assert_eq!(steps(RequestType::Disclosure, false), vec![Step::What, Step::How, Step::Confirm]);
        assert_eq!(steps(RequestType::Disclosure, true), vec![Step::Who, Step::What, Step::How, Step::Confirm]);
        assert_eq!(steps(RequestType::ThirdPartyRecordDisclosure, false), vec![Step::What, Step::How, Step::Confirm]);
        for t in [RequestType::PurposeNotice, RequestType::Correction, RequestType::Suspension, RequestType::Complaint] {
            assert_eq!(steps(t, false), vec![Step::What, Step::Confirm], "{t:?}");
        }
    }

    #[test]
    fn method_belongs_to_how_only_where_the_result_is_received() {
        assert_eq!(owner(RequestType::Disclosure, "method"), Step::How);
        assert_eq!(owner(RequestType::Disclosure, "deliver_to_subject"), Step::How);
        assert_eq!(owner(RequestType::Disclosure, "categories"), Step::What);
        assert_eq!(owner(RequestType::Complaint, "for"), Step::Who);
        assert_eq!(owner(RequestType::Complaint, "method"), Step::What);
    }

    #[test]
    fn a_step_replaces_only_its_own_fields_and_an_unticked_box_is_gone() {
        let kept = f(&[("for", "proxy:02"), ("categories", "receipts"), ("categories", "qualification"), ("method", "paper")]);
        let posted = f(&[("request_type", "disclosure"), ("step", "what"), ("categories", "receipts"), ("for", "self"), ("method", "electronic")]);
        let out = merge(RequestType::Disclosure, &kept, Step::What, &posted);
        assert_eq!(out, f(&[("for", "proxy:02"), ("method", "paper"), ("categories", "receipts")]));
    }

    #[test]
    fn without_a_who_step_the_request_is_ones_own() {
        let out = merge(RequestType::Complaint, &Vec::new(), Step::What, &f(&[("body", "x")]));
        assert_eq!(out, f(&[("for", "self"), ("body", "x")]));
    }

    #[test]
    fn the_first_unfinished_step_before_the_target_is_shown_instead() {
        let all = steps(RequestType::Disclosure, true);
        let errors = vec![FieldError::new("method", Problem::Required), FieldError::new("categories", Problem::NothingChosen)];
        assert_eq!(first_unfinished(RequestType::Disclosure, &all, &errors, Step::Confirm), Some(Step::What));
        assert_eq!(first_unfinished(RequestType::Disclosure, &all, &errors, Step::What), None);
        assert_eq!(first_unfinished(RequestType::Disclosure, &all, &[FieldError::new("method", Problem::Choice)], Step::Confirm), Some(Step::How));
    }

    #[test]
    fn next_and_previous_walk_the_applicable_steps() {
        let all = steps(RequestType::Complaint, false);
        assert_eq!(next(&all, Step::What), Some(Step::Confirm));
        assert_eq!(next(&all, Step::Confirm), None);
        assert_eq!(previous(&all, Step::What), None);
        assert_eq!(previous(&all, Step::Confirm), Some(Step::What));
        assert_eq!(next(&all, Step::How), None);
    }

    #[test]
    fn the_canonical_form_ignores_order_and_control_fields_but_not_answers() {
        let a = f(&[("for", "self"), ("categories", "b"), ("categories", "a"), ("step", "what")]);
        let b = f(&[("categories", "a"), ("go", "next"), ("for", "self"), ("categories", "b")]);
        assert_eq!(canonical(&a), canonical(&b));
        assert_ne!(canonical(&a), canonical(&f(&[("for", "proxy:02"), ("categories", "a"), ("categories", "b")])));
        // A value with a separator in it cannot pass for two fields.
        assert_ne!(canonical(&f(&[("note", "x&for=self")])), canonical(&f(&[("note", "x"), ("for", "self")])));
    }

    #[test]
    fn an_answer_in_the_final_post_must_be_the_confirmed_one() {
        let kept = f(&[("for", "self"), ("categories", "receipts"), ("categories", "qualification")]);
        assert!(!changed_after_confirming(&kept, &f(&[("confirmation", "c"), ("fee_yen", "300"), ("idempotency_key", "k")])));
        assert!(!changed_after_confirming(&kept, &f(&[("categories", "qualification"), ("categories", "receipts")])));
        assert!(changed_after_confirming(&kept, &f(&[("for", "proxy:02")])));
        assert!(changed_after_confirming(&kept, &f(&[("categories", "receipts")])));
        assert!(changed_after_confirming(&kept, &f(&[("method", "paper")])));
    }

    #[test]
    fn categories_are_grouped_in_plain_words_and_unknown_ones_are_other() {
        let cats: Vec<(String, String)> = ["employees", "receipts", "qualification", "health-checkups", "made-up", "income"]
            .iter()
            .map(|id| (id.to_string(), id.to_uppercase()))
            .collect();
        let groups = CategoryGroup::group(&cats);
        let ids: Vec<(CategoryGroup, Vec<&str>)> = groups.iter().map(|(g, c)| (*g, c.iter().map(|(id, _)| id.as_str()).collect())).collect();
        assert_eq!(
            ids,
            vec![
                (CategoryGroup::Membership, vec!["qualification", "income"]),
                (CategoryGroup::Medical, vec!["receipts"]),
                (CategoryGroup::Health, vec!["health-checkups"]),
                (CategoryGroup::Other, vec!["employees", "made-up"]),
            ]
        );
    }
}
