//! Publishing an edited draft: whether its effective date is allowed (27条6項 asks a
//! changed 共同利用 to be published first), and the label of the version it becomes.

use chrono::NaiveDate;
use kit::form::Problem;

use crate::publication::model::{Publication, ResponsibleParty, UseKind};

/// 27条6項: changing a 共同利用's purpose or its responsible party must be published
/// before it takes effect (and 27条5項3号: a new joint use too). True when `new` holds a
/// joint use whose purpose and responsible party are not published as such in `old`.
pub fn needs_advance_publication(old: &Publication, new: &Publication) -> bool {
    let joint = |p: &Publication| -> Vec<(String, ResponsibleParty)> {
        p.purpose_areas
            .iter()
            .flat_map(|a| a.uses.iter())
            .filter_map(|u| match &u.kind {
                UseKind::JointUse(j) => Some((j.purpose.clone(), j.responsible_party.clone())),
                _ => None,
            })
            .collect()
    };
    let before = joint(old);
    joint(new).iter().any(|j| !before.contains(j))
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
    use crate::publication::model::{JointUse, RecipientUse};

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

    #[test]
    fn labels_name_the_effective_date() {
        assert_eq!(version_label("2026-12-01".parse().unwrap()), "2026年12月1日改定");
    }
}
