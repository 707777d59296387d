//! What changed between two versions of the 公表事項, category by category.
//! Categories and purpose areas are matched by their stable id, so a renamed category
//! is reported as a rename (with any purpose changes), never as a removal plus an
//! addition.

use serde::{Deserialize, Serialize};

use super::model::{Category, Publication, PurposeArea};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicationDiff {
    pub categories: Vec<ItemChange>,
    pub purpose_areas: Vec<ItemChange>,
    /// Other sections whose content differs.
    pub other_sections: Vec<Section>,
}

impl PublicationDiff {
    pub fn is_empty(&self) -> bool {
        self.categories.is_empty() && self.purpose_areas.is_empty() && self.other_sections.is_empty()
    }

    /// The names of the changed categories and purpose areas (their newer name), for a
    /// one-line summary.
    pub fn changed_names(&self) -> Vec<String> {
        self.categories
            .iter()
            .chain(&self.purpose_areas)
            .map(|c| match &c.change {
                Change::Added { name, .. } | Change::Removed { name, .. } | Change::Changed { name, .. } => name.clone(),
            })
            .collect()
    }
}

/// The change of one category (or purpose area), identified by its stable id.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemChange {
    pub id: String,
    pub change: Change,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Change {
    Added {
        name: String,
        entries: Vec<String>,
    },
    Removed {
        name: String,
        entries: Vec<String>,
    },
    Changed {
        /// `Some((old, new))` when the name changed in wording.
        renamed: Option<(String, String)>,
        /// `Some((old, new))` when the name changed in notation only (全角・半角, spacing).
        #[serde(default)]
        respelled: Option<(String, String)>,
        /// The name in the newer version.
        name: String,
        added: Vec<String>,
        removed: Vec<String>,
        /// Entries whose notation only changed, as (old, new).
        #[serde(default)]
        respelled_entries: Vec<(String, String)>,
        /// Same entries, different order.
        reordered: bool,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Section {
    Society,
    Intro,
    Exceptions,
    SafetyMeasures,
    Procedure,
    ComplaintDesk,
    SpecificPersonalInfo,
}

impl Section {
    /// The section's name, for the diff of non-category parts.
    pub fn name(self, m: &kit::i18n::Messages) -> &'static str {
        match self {
            Section::Society => m.society_heading,
            Section::Intro => m.section_purposes,
            Section::Exceptions => m.section_exceptions,
            Section::SafetyMeasures => m.section_safety,
            Section::Procedure => m.section_procedure,
            Section::ComplaintDesk => m.section_complaints,
            Section::SpecificPersonalInfo => m.section_specific,
        }
    }
}

/// Something with a stable id, a name and an ordered list of entries.
trait Listed {
    fn id(&self) -> &str;
    fn name(&self) -> &str;
    fn entries(&self) -> Vec<String>;
}

impl Listed for Category {
    fn id(&self) -> &str {
        &self.id
    }
    fn name(&self) -> &str {
        &self.name
    }
    fn entries(&self) -> Vec<String> {
        self.purposes.clone()
    }
}

impl Listed for PurposeArea {
    fn id(&self) -> &str {
        &self.id
    }
    fn name(&self) -> &str {
        &self.name
    }
    /// A use is identified by its text and how it is used: retyping a use (e.g. 委託 →
    /// 共同利用) or changing a joint use's published items is a change.
    fn entries(&self) -> Vec<String> {
        self.uses
            .iter()
            .map(|u| match serde_json::to_string(&u.kind) {
                Ok(kind) if kind != r#"{"type":"internal"}"# => format!("{} {kind}", u.text),
                _ => u.text.clone(),
            })
            .collect()
    }
}

use kit::input::same_notation;

fn diff_lists<T: Listed>(old: &[T], new: &[T]) -> Vec<ItemChange> {
    let mut changes = Vec::new();
    // In the newer version's order, then removals in the older version's order.
    for n in new {
        match old.iter().find(|o| o.id() == n.id()) {
            None => changes.push(ItemChange {
                id: n.id().to_string(),
                change: Change::Added { name: n.name().to_string(), entries: n.entries() },
            }),
            Some(o) => {
                let (old_e, new_e) = (o.entries(), n.entries());
                let mut added: Vec<String> = new_e.iter().filter(|e| !old_e.contains(e)).cloned().collect();
                let mut removed: Vec<String> = old_e.iter().filter(|e| !new_e.contains(e)).cloned().collect();
                let reordered = added.is_empty() && removed.is_empty() && old_e != new_e;
                // A removed entry that comes back in another notation is the same entry.
                let mut respelled_entries = Vec::new();
                removed.retain(|r| match added.iter().position(|a| same_notation(a, r)) {
                    Some(i) => {
                        respelled_entries.push((r.clone(), added.remove(i)));
                        false
                    }
                    None => true,
                });
                let names = (o.name() != n.name()).then(|| (o.name().to_string(), n.name().to_string()));
                let (renamed, respelled) = match names {
                    Some((a, b)) if same_notation(&a, &b) => (None, Some((a, b))),
                    other => (other, None),
                };
                if renamed.is_some() || respelled.is_some() || !added.is_empty() || !removed.is_empty() || !respelled_entries.is_empty() || reordered {
                    changes.push(ItemChange {
                        id: n.id().to_string(),
                        change: Change::Changed { renamed, respelled, name: n.name().to_string(), added, removed, respelled_entries, reordered },
                    });
                }
            }
        }
    }
    for o in old {
        if !new.iter().any(|n| n.id() == o.id()) {
            changes.push(ItemChange {
                id: o.id().to_string(),
                change: Change::Removed { name: o.name().to_string(), entries: o.entries() },
            });
        }
    }
    changes
}

/// The changes from `old` to `new`.
pub fn diff(old: &Publication, new: &Publication) -> PublicationDiff {
    let mut other_sections = Vec::new();
    let mut check = |section: Section, changed: bool| {
        if changed {
            other_sections.push(section);
        }
    };
    check(Section::Society, old.society != new.society);
    check(
        Section::Intro,
        old.title != new.title
            || old.purposes_intro != new.purposes_intro
            || old.categories_notes != new.categories_notes,
    );
    check(Section::Exceptions, old.exceptions_intro != new.exceptions_intro || old.exceptions != new.exceptions);
    check(Section::SafetyMeasures, old.safety_measures != new.safety_measures);
    check(Section::Procedure, old.procedure != new.procedure);
    check(Section::ComplaintDesk, old.complaint_desk != new.complaint_desk);
    check(Section::SpecificPersonalInfo, old.specific_personal_info != new.specific_personal_info);
    PublicationDiff {
        categories: diff_lists(&old.categories, &new.categories),
        purpose_areas: diff_lists(&old.purpose_areas, &new.purpose_areas),
        other_sections,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::publication::model::*;

    fn cat(id: &str, name: &str, purposes: &[&str]) -> Category {
        Category { id: id.into(), name: name.into(), purposes: purposes.iter().map(|s| s.to_string()).collect() }
    }

    pub(crate) fn sample() -> Publication {
        Publication {
            society: SocietyProfile {
                name: "見本健康保険組合".into(),
                postal_code: "100-0000".into(),
                address: "東京都".into(),
                representative: "理事長 見本".into(),
                phone: "03".into(),
                sample_notice: None,
            },
            title: "公表事項".into(),
            purposes_intro: "利用目的".into(),
            categories: vec![
                cat("a", "資格に関する情報", &["加入者の管理", "保険料の徴収"]),
                cat("b", "口座", &["支払"]),
            ],
            categories_notes: vec![],
            purpose_areas: vec![PurposeArea {
                id: "benefits".into(),
                name: "保険給付".into(),
                uses: vec![
                    RecipientUse { text: "保険給付の実施".into(), kind: UseKind::Internal },
                    RecipientUse { text: "通知書発送".into(), kind: UseKind::Outsourced },
                ],
            }],
            exceptions_intro: "例外".into(),
            exceptions: vec![Exception { id: "1".into(), text: "(1)".into() }],
            safety_measures: vec![SafetyMeasure {
                id: "organizational".into(),
                kind: "organizational".into(),
                title: "組織的安全管理措置".into(),
                body: "責任者".into(),
            }],
            procedure: Procedure {
                description: "手続".into(),
                fees: vec![],
                payment_methods: vec![],
                delivery_methods: vec![DeliveryMethod {
                    id: "electronic".into(),
                    kind: crate::publication::model::MethodKind::Download,
                    name: "電磁的記録".into(),
                    description: "ダウンロード".into(),
                }],
                identity_documents: vec![],
                inquiry: "業務課".into(),
                no_electronic_reason: None,
            },
            complaint_desk: ComplaintDesk {
                name: "窓口".into(),
                postal_code: "100".into(),
                address: "東京都".into(),
                phone: "03".into(),
                hours: "平日".into(),
            },
            specific_personal_info: None,
        }
    }

    #[test]
    fn identical_versions_have_no_diff() {
        assert!(diff(&sample(), &sample()).is_empty());
    }

    #[test]
    fn a_rename_is_a_rename_not_remove_and_add() {
        let old = sample();
        let mut new = sample();
        new.categories[0].name = "資格情報".into();
        let d = diff(&old, &new);
        assert_eq!(
            d.categories,
            vec![ItemChange {
                id: "a".into(),
                change: Change::Changed {
                    renamed: Some(("資格に関する情報".into(), "資格情報".into())),
                    respelled: None,
                    name: "資格情報".into(),
                    added: vec![],
                    removed: vec![],
                    respelled_entries: vec![],
                    reordered: false,
                }
            }]
        );
        assert!(d.other_sections.is_empty());
    }

    #[test]
    fn a_change_of_notation_is_not_a_rename_nor_a_purpose_removed_and_added() {
        let old = sample();
        let mut new = sample();
        new.categories[0].name = "資格に関する 情報".into();
        let before = old.categories[0].purposes[0].clone();
        let after = format!("{before}（全角）").replace('（', "(").replace('）', ")");
        new.categories[0].purposes[0] = after.clone();
        let mut back = old.clone();
        back.categories[0].purposes[0] = format!("{before}（全角）");
        let d = diff(&back, &new);
        match &d.categories[0].change {
            Change::Changed { renamed, respelled, added, removed, respelled_entries, .. } => {
                assert_eq!(renamed, &None);
                assert_eq!(respelled, &Some(("資格に関する情報".to_string(), "資格に関する 情報".to_string())));
                assert!(added.is_empty() && removed.is_empty());
                assert_eq!(respelled_entries, &vec![(format!("{before}（全角）"), after)]);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn purposes_added_removed_and_reordered() {
        let old = sample();
        let mut new = sample();
        new.categories[0].purposes = vec!["保険料の徴収".into(), "加入者の管理".into()];
        new.categories[1].purposes = vec!["支払".into(), "還付".into()];
        let d = diff(&old, &new);
        assert_eq!(d.categories.len(), 2);
        assert!(
            matches!(&d.categories[0].change, Change::Changed { reordered: true, added, removed, .. } if added.is_empty() && removed.is_empty())
        );
        assert!(
            matches!(&d.categories[1].change, Change::Changed { added, reordered: false, .. } if added == &vec!["還付".to_string()])
        );
    }

    #[test]
    fn added_and_removed_categories() {
        let old = sample();
        let mut new = sample();
        new.categories.remove(1);
        new.categories.push(cat("c", "マイナ保険証", &["利用勧奨"]));
        let d = diff(&old, &new);
        let ids: Vec<_> =
            d.categories.iter().map(|c| (c.id.as_str(), matches!(c.change, Change::Added { .. }))).collect();
        assert_eq!(ids, vec![("c", true), ("b", false)]);
        assert!(matches!(&d.categories[1].change, Change::Removed { name, .. } if name == "口座"));
    }

    #[test]
    fn retyping_a_use_in_a_purpose_area_is_a_change() {
        let old = sample();
        let mut new = sample();
        new.purpose_areas[0].uses[1].kind = UseKind::JointUse(JointUse {
            items: vec!["氏名".into()],
            joint_users: "健保連".into(),
            purpose: "共同事業".into(),
            responsible_party: ResponsibleParty {
                name: "健保連".into(),
                address: "東京".into(),
                representative: "会長".into(),
            },
        });
        let d = diff(&old, &new);
        assert_eq!(d.purpose_areas.len(), 1);
        assert!(d.categories.is_empty());
    }

    #[test]
    fn other_sections_are_named() {
        let old = sample();
        let mut new = sample();
        new.safety_measures[0].body = "責任者を置く".into();
        new.complaint_desk.phone = "04".into();
        assert_eq!(diff(&old, &new).other_sections, vec![Section::SafetyMeasures, Section::ComplaintDesk]);
    }
}
