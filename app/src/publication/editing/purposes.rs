//! Changing a 利用目的 (17条2項, 18条1項): which purposes a draft adds or rewords, and the
//! answer each needs before the draft is published. A purpose may be changed only within
//! the range reasonably recognised as related to the purpose before the change
//! (相当の関連性, 17条2項); beyond it, the data may be used for it only with the person's
//! consent (18条1項). Staff record which it is, and how consent is obtained where needed.
//!
//! What counts as a 利用目的 here: each purpose of a category (個人情報の類型), each use of
//! a purpose area (利用目的の区分), and the purpose of a 共同利用 (利用する者の利用目的). Not
//! the names of categories (they name data, not a purpose) nor of purpose areas (a heading
//! over the uses, which are the purposes). A purpose is compared with those published at
//! the same place (the same category or purpose area, by stable id): one used elsewhere
//! before is still new for this data. A removed purpose needs no answer; a moved one is
//! no change.

use serde::{Deserialize, Serialize};

use kit::error::AppError;
use kit::form::{Check, Problem};

use super::edit::Fields;
use super::parse::{get, index_of, text};
use crate::publication::model::{Publication, PurposeArea, UseKind};

/// Where a purpose is published.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PurposeScope {
    /// One of a category's 利用目的.
    Category,
    /// A use within a purpose area.
    Use,
    /// The 利用する者の利用目的 of a 共同利用 within a purpose area.
    JointUse,
}

kit::codes!(PurposeScope {
    Category => "category",
    Use => "use",
    JointUse => "joint_use",
});

/// A purpose by where it is published and its words: an answer is about these words, so
/// rewording the purpose again asks again.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PurposeKey {
    pub scope: PurposeScope,
    /// The category's or purpose area's stable id.
    pub scope_id: String,
    /// The purpose as the draft words it.
    pub purpose: String,
}

/// A purpose the draft adds or rewords, against the version it builds on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurposeChange {
    pub key: PurposeKey,
    /// The category's or purpose area's name in the draft.
    pub place: String,
    /// For a 共同利用's purpose: the use it belongs to.
    pub joint_use: Option<String>,
    /// The published purpose it rewords (at the same place and position), if any; `None`
    /// for one that is added.
    pub previous: Option<String>,
    /// The purposes published at the same place before the change (empty for a new
    /// category or purpose area), against which 相当の関連性 is judged.
    pub before: Vec<String>,
}

/// The answer to 「変更前の利用目的と相当の関連性を有するか」.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PurposeAnswer {
    /// 17条2項: within the range reasonably related to the purpose before the change, so
    /// publishing it (21条3項) suffices.
    Related,
    /// Beyond that range: the person's consent (18条1項) is obtained before the data is
    /// used for it.
    Consent,
}

kit::codes!(PurposeAnswer {
    Related => "related":
        "変更前の利用目的と関連性を有すると合理的に認められる範囲内（17条2項）",
        "Within the range reasonably recognised as related to the purpose before the change (art. 17(2))",
    Consent => "consent":
        "範囲を超える — 本人の同意（18条1項）を得る",
        "Beyond that range: the person's consent (art. 18(1)) is obtained",
});

/// An answer as recorded on a draft, with who gave it and when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordedAnswer {
    pub key: PurposeKey,
    pub answer: PurposeAnswer,
    /// How the person's consent is or was obtained (for [`PurposeAnswer::Consent`] only).
    pub consent_note: Option<String>,
    /// The staff number of whoever answered.
    pub answered_by: String,
    /// When (RFC 3339, UTC, as stored).
    pub answered_at: String,
}

/// One changed purpose with its answer, as the editor shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurposeQuestion {
    pub change: PurposeChange,
    pub answer: Option<RecordedAnswer>,
}

fn same(a: &str, b: &str) -> bool {
    a.trim() == b.trim()
}

fn holds(list: &[String], purpose: &str) -> bool {
    list.iter().any(|p| same(p, purpose))
}

/// The purposes of `new` not in `old`, each with the one it rewords: the purpose `old`
/// had at the same position, if that one is gone from `new`.
fn added(old: &[String], new: &[String]) -> Vec<(String, Option<String>)> {
    new.iter()
        .enumerate()
        .filter(|(_, p)| !holds(old, p))
        .map(|(i, p)| (p.clone(), old.get(i).filter(|o| !holds(new, o)).cloned()))
        .collect()
}

fn use_texts(area: Option<&PurposeArea>) -> Vec<String> {
    area.map(|a| a.uses.iter().map(|u| u.text.clone()).collect()).unwrap_or_default()
}

/// The 共同利用 of an area: (the use's text, its purpose).
fn joint_purposes(area: Option<&PurposeArea>) -> Vec<(String, String)> {
    area.map(|a| {
        a.uses
            .iter()
            .filter_map(|u| match &u.kind {
                UseKind::JointUse(j) => Some((u.text.clone(), j.purpose.clone())),
                _ => None,
            })
            .collect()
    })
    .unwrap_or_default()
}

/// The purposes `new` adds or rewords against `old`, in the order of `new` (categories,
/// then purpose areas; within an area each use, then its 共同利用's purpose). Each place
/// and wording is listed once.
pub fn changed_purposes(old: &Publication, new: &Publication) -> Vec<PurposeChange> {
    let mut changes: Vec<PurposeChange> = Vec::new();
    let mut push = |change: PurposeChange| {
        if !changes.iter().any(|c| c.key == change.key) {
            changes.push(change);
        }
    };
    for category in &new.categories {
        let before =
            old.categories.iter().find(|c| c.id == category.id).map(|c| c.purposes.clone()).unwrap_or_default();
        for (purpose, previous) in added(&before, &category.purposes) {
            push(PurposeChange {
                key: PurposeKey { scope: PurposeScope::Category, scope_id: category.id.clone(), purpose },
                place: category.name.clone(),
                joint_use: None,
                previous,
                before: before.clone(),
            });
        }
    }
    for area in &new.purpose_areas {
        let old_area = old.purpose_areas.iter().find(|a| a.id == area.id);
        let (old_uses, new_uses) = (use_texts(old_area), use_texts(Some(area)));
        let uses: Vec<(String, Option<String>)> = added(&old_uses, &new_uses);
        let old_joint = joint_purposes(old_area);
        let old_joint_purposes: Vec<String> = old_joint.iter().map(|(_, p)| p.clone()).collect();
        let new_joint = joint_purposes(Some(area));
        for u in &area.uses {
            if let Some((purpose, previous)) = uses.iter().find(|(p, _)| same(p, &u.text)) {
                push(PurposeChange {
                    key: PurposeKey { scope: PurposeScope::Use, scope_id: area.id.clone(), purpose: purpose.clone() },
                    place: area.name.clone(),
                    joint_use: None,
                    previous: previous.clone(),
                    before: old_uses.clone(),
                });
            }
            let UseKind::JointUse(j) = &u.kind else { continue };
            if holds(&old_joint_purposes, &j.purpose) {
                continue;
            }
            // A joint use keeps its text when only its purpose is reworded.
            let previous = old_joint
                .iter()
                .find(|(text, p)| same(text, &u.text) && !new_joint.iter().any(|(_, n)| same(n, p)))
                .map(|(_, p)| p.clone());
            push(PurposeChange {
                key: PurposeKey {
                    scope: PurposeScope::JointUse,
                    scope_id: area.id.clone(),
                    purpose: j.purpose.clone(),
                },
                place: area.name.clone(),
                joint_use: Some(u.text.clone()),
                previous,
                before: old_joint_purposes.clone(),
            });
        }
    }
    changes
}

/// Each change with its answer: the latest recorded for its place and wording (`answers`
/// in the order they were recorded).
pub fn questions(changes: Vec<PurposeChange>, answers: &[RecordedAnswer]) -> Vec<PurposeQuestion> {
    changes
        .into_iter()
        .map(|change| {
            let answer = answers.iter().rev().find(|a| a.key == change.key).cloned();
            PurposeQuestion { change, answer }
        })
        .collect()
}

/// The key under which a question's problems travel: `purpose.3.answer`.
pub fn purpose_field(index: usize, field: &str) -> String {
    format!("purpose.{index}.{field}")
}

/// At most this many unanswered questions are named field by field when an approval is
/// refused (the feedback travels in the URL); the page marks every unanswered one anyway.
const NAMED_UNANSWERED: usize = 40;

/// Before a draft is approved, every changed purpose carries an answer: the problems of
/// those that do not, each next to its question.
pub fn unanswered(questions: &[PurposeQuestion], check: &mut Check) {
    for (i, _) in questions.iter().enumerate().filter(|(_, q)| q.answer.is_none()).take(NAMED_UNANSWERED) {
        check.fail(&purpose_field(i, "answer"), Problem::Required);
    }
}

/// One posted answer: which question (by its place in the list), the answer, and how
/// consent is obtained.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnswerForm {
    pub index: usize,
    pub answer: PurposeAnswer,
    /// Required with [`PurposeAnswer::Consent`]; dropped with [`PurposeAnswer::Related`].
    pub consent_note: Option<String>,
}

/// Reads `form[index]`, `form[answer]` and `form[note]`. A malformed index is a bad
/// request; a missing choice, or consent without how it is obtained, a field problem.
pub fn parse_answer(fields: &Fields) -> Result<AnswerForm, AppError> {
    let index = index_of(get(fields, "index"))?.ok_or(AppError::BadRequest)?;
    let mut check = Check::default();
    let answer = PurposeAnswer::from_code(get(fields, "answer").trim());
    let consent_note = match answer {
        None => {
            check.fail(&purpose_field(index, "answer"), Problem::Choice);
            None
        }
        Some(PurposeAnswer::Related) => None,
        Some(PurposeAnswer::Consent) => Some(text(&mut check, &purpose_field(index, "note"), get(fields, "note"))),
    };
    check.finish()?;
    let Some(answer) = answer else { return Err(AppError::BadRequest) };
    Ok(AnswerForm { index, answer, consent_note })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::publication::diff::tests::sample;
    use crate::publication::editing::testing::{form, problems};
    use crate::publication::model::{Category, JointUse, RecipientUse, ResponsibleParty};

    fn joint(text: &str, purpose: &str) -> RecipientUse {
        RecipientUse {
            text: text.into(),
            kind: UseKind::JointUse(JointUse {
                items: vec!["氏名".into()],
                joint_users: "健保連".into(),
                purpose: purpose.into(),
                responsible_party: ResponsibleParty {
                    name: "健保連".into(),
                    address: "東京".into(),
                    representative: "会長".into(),
                },
            }),
        }
    }

    /// (scope, scope id, purpose, previous) of each change.
    fn listed(old: &Publication, new: &Publication) -> Vec<(PurposeScope, String, String, Option<String>)> {
        changed_purposes(old, new)
            .into_iter()
            .map(|c| (c.key.scope, c.key.scope_id, c.key.purpose, c.previous))
            .collect()
    }

    fn s(v: &str) -> String {
        v.to_string()
    }

    #[test]
    fn the_same_publication_changes_no_purpose() {
        assert_eq!(listed(&sample(), &sample()), vec![]);
    }

    #[test]
    fn a_reworded_category_purpose_is_changed_and_names_its_previous_wording() {
        let old = sample();
        let mut new = old.clone();
        new.categories[0].purposes[0] = "加入者の資格の管理（オンライン資格確認を含む）".into();
        let changes = changed_purposes(&old, &new);
        assert_eq!(changes.len(), 1);
        let c = &changes[0];
        assert_eq!(
            c.key,
            PurposeKey {
                scope: PurposeScope::Category,
                scope_id: s("a"),
                purpose: s("加入者の資格の管理（オンライン資格確認を含む）")
            }
        );
        assert_eq!((c.place.as_str(), c.previous.as_deref()), ("資格に関する情報", Some("加入者の管理")));
        assert_eq!(c.before, old.categories[0].purposes, "judged against the category's purposes before");
        assert_eq!(c.joint_use, None);
    }

    #[test]
    fn an_added_purpose_has_no_previous_and_a_removed_or_moved_one_is_no_change() {
        let old = sample();
        let mut new = old.clone();
        new.categories[1].purposes.push("保険料の還付".into());
        assert_eq!(listed(&old, &new), vec![(PurposeScope::Category, s("b"), s("保険料の還付"), None)]);
        let mut removed = old.clone();
        removed.categories[0].purposes.remove(0);
        assert_eq!(listed(&old, &removed), vec![], "a removed purpose needs no answer");
        let mut moved = old.clone();
        moved.categories[0].purposes.reverse();
        moved.categories.reverse();
        moved.purpose_areas[0].uses.reverse();
        assert_eq!(listed(&old, &moved), vec![], "order is no change");
        let mut spaced = old.clone();
        spaced.categories[0].purposes[0] = " 加入者の管理 ".into();
        assert_eq!(listed(&old, &spaced), vec![], "surrounding spaces are no change");
    }

    #[test]
    fn inserting_a_purpose_before_others_adds_it_without_calling_the_others_changed() {
        let old = sample();
        let mut new = old.clone();
        new.categories[0].purposes.insert(0, "特定健康診査の実施".into());
        assert_eq!(listed(&old, &new), vec![(PurposeScope::Category, s("a"), s("特定健康診査の実施"), None)]);
    }

    #[test]
    fn renaming_a_category_alone_changes_no_purpose_but_a_new_category_adds_all_of_its_own() {
        let old = sample();
        let mut renamed = old.clone();
        renamed.categories[0].name = "被保険者等の資格に関する情報".into();
        renamed.purpose_areas[0].name = "保険給付の実施".into();
        assert_eq!(listed(&old, &renamed), vec![]);
        let mut new = old.clone();
        new.categories.push(Category {
            id: "c".into(),
            name: "マイナ保険証".into(),
            purposes: vec!["資格確認".into(), "利用勧奨".into()],
        });
        let changes = changed_purposes(&old, &new);
        assert_eq!(changes.iter().map(|c| c.key.purpose.as_str()).collect::<Vec<_>>(), ["資格確認", "利用勧奨"]);
        assert!(changes.iter().all(|c| c.previous.is_none() && c.before.is_empty() && c.place == "マイナ保険証"));
    }

    #[test]
    fn a_purpose_used_in_another_category_before_is_new_for_this_one() {
        let old = sample();
        let mut new = old.clone();
        new.categories[1].purposes.push("保険料の徴収".into());
        assert_eq!(listed(&old, &new), vec![(PurposeScope::Category, s("b"), s("保険料の徴収"), None)]);
    }

    #[test]
    fn a_category_replaced_under_a_new_id_asks_again() {
        let old = sample();
        let mut new = old.clone();
        new.categories[1].id = "b2".into();
        assert_eq!(listed(&old, &new), vec![(PurposeScope::Category, s("b2"), s("支払"), None)]);
    }

    #[test]
    fn a_purpose_written_twice_is_asked_once() {
        let old = sample();
        let mut new = old.clone();
        new.categories[1].purposes.extend(["還付".to_string(), "還付".to_string()]);
        assert_eq!(changed_purposes(&old, &new).len(), 1);
    }

    #[test]
    fn uses_of_a_purpose_area_added_or_reworded_are_changed_and_retyping_one_is_not() {
        let old = sample();
        let mut new = old.clone();
        new.purpose_areas[0].uses[0].text = "保険給付の適正な実施".into();
        new.purpose_areas[0]
            .uses
            .push(RecipientUse { text: "柔道整復療養費の照会".into(), kind: UseKind::Outsourced });
        assert_eq!(
            listed(&old, &new),
            vec![
                (PurposeScope::Use, s("benefits"), s("保険給付の適正な実施"), Some(s("保険給付の実施"))),
                (PurposeScope::Use, s("benefits"), s("柔道整復療養費の照会"), None),
            ]
        );
        let mut retyped = old.clone();
        retyped.purpose_areas[0].uses[0].kind = UseKind::Outsourced;
        retyped.purpose_areas[0].uses[1].kind = UseKind::ProvisionByLaw { basis: "健康保険法".into() };
        assert_eq!(listed(&old, &retyped), vec![], "who handles a use is no change of its purpose");
        let changes = changed_purposes(&old, &new);
        assert_eq!(changes[0].before, ["保険給付の実施", "通知書発送"]);
        assert_eq!(changes[0].place, "保険給付");
    }

    #[test]
    fn a_use_in_a_new_purpose_area_is_new() {
        let old = sample();
        let mut new = old.clone();
        new.purpose_areas.push(PurposeArea {
            id: "health".into(),
            name: "保健事業".into(),
            uses: vec![RecipientUse { text: "保険給付の実施".into(), kind: UseKind::Internal }],
        });
        assert_eq!(listed(&old, &new), vec![(PurposeScope::Use, s("health"), s("保険給付の実施"), None)]);
    }

    #[test]
    fn a_joint_use_brings_its_purpose_and_a_reworded_joint_purpose_is_changed() {
        let old = sample();
        let mut new = old.clone();
        new.purpose_areas[0].uses[1] = joint("通知書発送", "高額医療交付金の交付");
        let changes = changed_purposes(&old, &new);
        assert_eq!(
            changes.iter().map(|c| (c.key.scope, c.key.purpose.as_str(), c.joint_use.as_deref())).collect::<Vec<_>>(),
            [(PurposeScope::JointUse, "高額医療交付金の交付", Some("通知書発送"))],
            "retyped to a joint use, its text is the same and its joint purpose is new"
        );
        assert!(changes[0].before.is_empty(), "no joint use in the area before");
        let published = new.clone();
        let mut reworded = published.clone();
        reworded.purpose_areas[0].uses[1] = joint("通知書発送", "高額医療交付金の交付及び共同事業");
        assert_eq!(
            listed(&published, &reworded),
            vec![(
                PurposeScope::JointUse,
                s("benefits"),
                s("高額医療交付金の交付及び共同事業"),
                Some(s("高額医療交付金の交付"))
            )]
        );
        // Its items, users or responsible party are 27条6項's business, not a purpose.
        let mut other = published.clone();
        if let UseKind::JointUse(j) = &mut other.purpose_areas[0].uses[1].kind {
            j.items.push("住所".into());
            j.joint_users = "健保連及び加盟組合".into();
            j.responsible_party.representative = "新会長".into();
        }
        assert_eq!(listed(&published, &other), vec![]);
        // A new joint use with its own text: both the use and its purpose.
        let mut added = published.clone();
        added.purpose_areas[0].uses.push(joint("健診の共同実施", "特定健診の共同実施"));
        assert_eq!(
            listed(&published, &added),
            vec![
                (PurposeScope::Use, s("benefits"), s("健診の共同実施"), None),
                (PurposeScope::JointUse, s("benefits"), s("特定健診の共同実施"), None),
            ]
        );
    }

    fn answer(key: &PurposeKey, answer: PurposeAnswer, by: &str) -> RecordedAnswer {
        RecordedAnswer {
            key: key.clone(),
            answer,
            consent_note: (answer == PurposeAnswer::Consent).then(|| "書面で同意を得る".to_string()),
            answered_by: by.into(),
            answered_at: "2026-11-22T01:00:00.000000Z".into(),
        }
    }

    #[test]
    fn each_question_takes_the_latest_answer_for_its_wording_and_approval_needs_them_all() {
        let old = sample();
        let mut new = old.clone();
        new.categories[0].purposes[0] = "加入者の資格の管理".into();
        new.categories[1].purposes.push("還付".into());
        let changes = changed_purposes(&old, &new);
        let stale = PurposeKey { purpose: "以前の文言".into(), ..changes[0].key.clone() };
        let answers = vec![
            answer(&changes[0].key, PurposeAnswer::Related, "S700"),
            answer(&stale, PurposeAnswer::Related, "S700"),
            answer(&changes[0].key, PurposeAnswer::Consent, "S701"),
        ];
        let qs = questions(changes.clone(), &answers);
        let first = qs[0].answer.as_ref().unwrap();
        assert_eq!(
            (first.answer, first.answered_by.as_str()),
            (PurposeAnswer::Consent, "S701"),
            "the latest answer counts"
        );
        assert_eq!(qs[1].answer, None, "an answer to another wording does not count");
        let mut check = Check::default();
        unanswered(&qs, &mut check);
        assert_eq!(problems(check.finish().unwrap_err()), vec![("purpose.1.answer".into(), Problem::Required)]);
        let all =
            questions(changes.clone(), &[answers[2].clone(), answer(&changes[1].key, PurposeAnswer::Related, "S700")]);
        let mut check = Check::default();
        unanswered(&all, &mut check);
        assert_eq!(check.finish(), Ok(()));
        let mut check = Check::default();
        unanswered(&[], &mut check);
        assert_eq!(check.finish(), Ok(()), "a draft that changes no purpose needs no answer");
    }

    #[test]
    fn many_unanswered_questions_name_a_bounded_number_of_fields() {
        let old = sample();
        let mut new = old.clone();
        new.categories[1].purposes.extend((0..100).map(|i| format!("目的{i}")));
        let qs = questions(changed_purposes(&old, &new), &[]);
        assert_eq!(qs.len(), 100);
        let mut check = Check::default();
        unanswered(&qs, &mut check);
        let Err(AppError::Invalid(fields)) = check.finish() else { panic!("refused") };
        assert_eq!(fields.len(), NAMED_UNANSWERED);
    }

    #[test]
    fn an_answer_form_needs_a_choice_and_consent_needs_how_it_is_obtained() {
        assert_eq!(
            parse_answer(&form(&[("index", "2"), ("answer", "related"), ("note", "ignored")])),
            Ok(AnswerForm { index: 2, answer: PurposeAnswer::Related, consent_note: None })
        );
        assert_eq!(
            parse_answer(&form(&[
                ("index", "0"),
                ("answer", "consent"),
                ("note", " 加入者全員に書面で同意を求める\r\n返送で確認 ")
            ])),
            Ok(AnswerForm {
                index: 0,
                answer: PurposeAnswer::Consent,
                consent_note: Some("加入者全員に書面で同意を求める\n返送で確認".into())
            })
        );
        assert_eq!(
            problems(parse_answer(&form(&[("index", "1"), ("answer", "consent"), ("note", "  ")])).unwrap_err()),
            vec![("purpose.1.note".into(), Problem::Required)]
        );
        assert_eq!(
            problems(
                parse_answer(&form(&[("index", "1"), ("answer", "consent"), ("note", &"同".repeat(4001))]))
                    .unwrap_err()
            ),
            vec![("purpose.1.note".into(), Problem::TooLong)]
        );
        for bad in ["", "yes", "Related"] {
            assert_eq!(
                problems(parse_answer(&form(&[("index", "3"), ("answer", bad)])).unwrap_err()),
                vec![("purpose.3.answer".into(), Problem::Choice)],
                "{bad:?}"
            );
        }
        for index in ["", "new", "-1", "x", "99999"] {
            assert_eq!(
                parse_answer(&form(&[("index", index), ("answer", "related")])),
                Err(AppError::BadRequest),
                "{index:?}"
            );
        }
    }

    #[test]
    fn codes_round_trip_and_answers_say_the_articles() {
        for s in PurposeScope::ALL {
            assert_eq!(PurposeScope::from_code(s.code()), Some(s));
        }
        for a in PurposeAnswer::ALL {
            assert_eq!(PurposeAnswer::from_code(a.code()), Some(a));
        }
        use kit::i18n::Lang;
        assert_eq!(
            PurposeAnswer::Related.label(Lang::Ja),
            "変更前の利用目的と関連性を有すると合理的に認められる範囲内（17条2項）"
        );
        assert_eq!(PurposeAnswer::Consent.label(Lang::Ja), "範囲を超える — 本人の同意（18条1項）を得る");
    }
}
