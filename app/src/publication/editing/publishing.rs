//! Publishing an edited draft: whether its effective date is allowed (27条6項 asks a
//! changed 共同利用 to be published first), and the label of the version it becomes.

use chrono::NaiveDate;
use kit::form::Problem;

use crate::publication::model::{JointUse, Publication, UseKind};

/// 27条6項: changing a 共同利用's purpose or its responsible party must be published
/// before it takes effect, and 27条5項3号 asks the same of a new joint use. Adding data
/// items or joint users widens the joint use as much as a new one would, so it is held to
/// the same rule. True when `new` holds a joint use that no joint use of `old` already
/// published: the same purpose, responsible party and range of joint users (free text, so
/// any rewording of it counts), with every item. Fewer items, or another wording of the
/// use's own text, need nothing in advance.
pub fn needs_advance_publication(old: &Publication, new: &Publication) -> bool {
    let joint = |p: &Publication| -> Vec<JointUse> {
        p.purpose_areas
            .iter()
            .flat_map(|a| a.uses.iter())
            .filter_map(|u| match &u.kind {
                UseKind::JointUse(j) => Some(j.clone()),
                _ => None,
            })
            .collect()
    };
    let before = joint(old);
    let published = |j: &JointUse| {
        before.iter().any(|o| {
            o.purpose == j.purpose
                && o.responsible_party == j.responsible_party
                && o.joint_users == j.joint_users
                && j.items.iter().all(|item| o.items.contains(item))
        })
    };
    joint(new).iter().any(|j| !published(j))
}

/// Why a draft cannot be published with this effective date, if it cannot.
pub fn effective_date_problem(
    old: &Publication,
    new: &Publication,
    effective: NaiveDate,
    today: NaiveDate,
) -> Option<Problem> {
    if effective < today {
        Some(Problem::PastEffectiveDate)
    } else if effective == today && needs_advance_publication(old, new) {
        Some(Problem::AdvancePublication)
    } else if effective > today + chrono::Days::new(366 * 2) {
        Some(Problem::FarEffectiveDate)
    } else {
        None
    }
}

/// The label of a version published through the editor, e.g. 「2026年12月1日改定」.
pub fn version_label(effective: NaiveDate) -> String {
    use chrono::Datelike;
    format!("{}年{}月{}日改定", effective.year(), effective.month(), effective.day())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::publication::diff::tests::sample;
    use crate::publication::model::{RecipientUse, ResponsibleParty};

    #[test]
    fn joint_use_changes_need_publication_before_they_take_effect() {
        let old = sample();
        let mut new = old.clone();
        let today: NaiveDate = "2026-11-22".parse().unwrap();
        assert!(!needs_advance_publication(&old, &new));
        assert_eq!(effective_date_problem(&old, &new, today, today), None, "an ordinary change may apply today");
        assert_eq!(
            effective_date_problem(&old, &new, today.pred_opt().unwrap(), today),
            Some(Problem::PastEffectiveDate)
        );
        new.purpose_areas[0].uses.push(RecipientUse {
            text: "共同利用".into(),
            kind: UseKind::JointUse(JointUse {
                items: vec!["氏名".into()],
                joint_users: "健保連".into(),
                purpose: "共同事業".into(),
                responsible_party: ResponsibleParty { name: "当組合".into(), address: "東京".into(), representative: "理事長".into() },
            }),
        });
        assert!(needs_advance_publication(&old, &new));
        assert_eq!(effective_date_problem(&old, &new, today, today), Some(Problem::AdvancePublication));
        assert_eq!(effective_date_problem(&old, &new, today.succ_opt().unwrap(), today), None);
        // Once published, changing only the joint use's responsible party needs it again.
        let published = new.clone();
        if let UseKind::JointUse(j) = &mut new.purpose_areas[0].uses.last_mut().unwrap().kind {
            j.responsible_party.representative = "理事長 交代".into();
        }
        assert!(needs_advance_publication(&published, &new));
        // Changing its text only does not.
        let mut renamed = published.clone();
        renamed.purpose_areas[0].uses.last_mut().unwrap().text = "健保連との共同利用".into();
        assert!(!needs_advance_publication(&published, &renamed));
        assert_eq!(
            effective_date_problem(&old, &old, today + chrono::Days::new(800), today),
            Some(Problem::FarEffectiveDate)
        );
    }

    /// The sample with one published joint use, and a way to change it.
    fn with_joint_use() -> Publication {
        let mut p = sample();
        p.purpose_areas[0].uses.push(RecipientUse {
            text: "健保連との共同利用".into(),
            kind: UseKind::JointUse(JointUse {
                items: vec!["氏名".into(), "医療費".into()],
                joint_users: "健康保険組合連合会".into(),
                purpose: "高額医療交付金の交付".into(),
                responsible_party: ResponsibleParty {
                    name: "健保連".into(),
                    address: "東京".into(),
                    representative: "会長".into(),
                },
            }),
        });
        p
    }

    fn changed(f: impl FnOnce(&mut JointUse)) -> Publication {
        let mut p = with_joint_use();
        if let Some(UseKind::JointUse(j)) = p.purpose_areas[0].uses.last_mut().map(|u| &mut u.kind) {
            f(j);
        }
        p
    }

    #[test]
    fn widening_a_joint_use_by_items_or_users_needs_publication_before_it_takes_effect() {
        let published = with_joint_use();
        let today: NaiveDate = "2026-11-22".parse().unwrap();
        for (what, new) in [
            ("an added item", changed(|j| j.items.push("住所".into()))),
            ("an item replaced", changed(|j| j.items[1] = "健診結果".into())),
            ("joint users added", changed(|j| j.joint_users = "健康保険組合連合会及び加盟の健康保険組合".into())),
            ("its purpose", changed(|j| j.purpose = "高額医療交付金の交付及び共同事業".into())),
            ("its responsible party's address", changed(|j| j.responsible_party.address = "東京都港区".into())),
        ] {
            assert!(needs_advance_publication(&published, &new), "{what}");
            assert_eq!(
                effective_date_problem(&published, &new, today, today),
                Some(Problem::AdvancePublication),
                "{what}"
            );
            assert_eq!(effective_date_problem(&published, &new, today.succ_opt().unwrap(), today), None, "{what}");
        }
        for (what, new) in [
            ("unchanged", with_joint_use()),
            (
                "an item removed",
                changed(|j| {
                    j.items.remove(0);
                }),
            ),
            ("items reordered", changed(|j| j.items.reverse())),
        ] {
            assert!(!needs_advance_publication(&published, &new), "{what}");
            assert_eq!(effective_date_problem(&published, &new, today, today), None, "{what}");
        }
        // A second joint use with what the first already published, items among them.
        let mut twin = with_joint_use();
        let mut same = match twin.purpose_areas[0].uses.last().map(|u| u.kind.clone()) {
            Some(UseKind::JointUse(j)) => j,
            other => panic!("{other:?}"),
        };
        same.items = vec!["医療費".into()];
        twin.purpose_areas[0]
            .uses
            .push(RecipientUse { text: "同じ共同利用の別の記載".into(), kind: UseKind::JointUse(same) });
        assert!(!needs_advance_publication(&published, &twin));
    }

    #[test]
    fn labels_name_the_effective_date() {
        assert_eq!(version_label("2026-12-01".parse().unwrap()), "2026年12月1日改定");
    }
}
