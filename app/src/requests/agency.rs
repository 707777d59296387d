//! Who a request is for, and in what capacity the signed-in member acts (37条, 施行令13条):
//! for themselves; for a minor of the household as 法定代理人 (親権者) only where the
//! registry makes a parent plausible (the minor is the 被保険者's 子 and the requester the
//! 被保険者 or the 配偶者; or the minor is the 被保険者 and the requester a 父母), and always
//! proven by a 戸籍謄抄本 or 住民票の写し; anyone else acts for a minor as 未成年後見人 (the
//! minor's 戸籍謄抄本) or 任意代理人 (a 委任状 from the minor's 法定代理人, with that
//! person's own proof); for an adult as 任意代理人 (委任状) or 成年後見人 (登記事項証明書).
//! Every agent's request waits in 本人確認中 until staff accept the documents, and a
//! representation of a minor ends on the 18th birthday: nothing is released to the former
//! representative after it. Agents outside the household come on paper or to the counter.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::draft::HeldItem;
use super::lifecycle::Status;
use crate::identity::lifecycle::Person;
use crate::registry::Relationship;
use kit::input::is_adult;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Capacity {
    /// 本人.
    Own,
    /// 法定代理人 (親権者) of a minor, with a 戸籍謄抄本 or 住民票の写し showing it.
    LegalRepresentative,
    /// 任意代理人, with a 委任状.
    Proxy,
    /// 成年後見人, with a 登記事項証明書.
    Guardian,
    /// 未成年後見人 (法定代理人 of a minor without a 親権者), with the minor's 戸籍謄抄本.
    MinorGuardian,
}

/// A document an agent must attach.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Document {
    /// 委任状.
    PowerOfAttorney,
    /// 登記事項証明書 (成年後見・任意後見).
    GuardianshipCertificate,
    /// 戸籍謄抄本, or 住民票の写し without the 個人番号 (番号法20条), showing the parent.
    KinshipRecord,
    /// The minor's 戸籍謄抄本, where the 未成年後見 is entered.
    MinorGuardianRecord,
    /// Anything else the member sends in support.
    Supporting,
}

// The code is also the form field's name. The words depend on the page (the member's
// form, the staff intake form): they are in the requests' catalogues.
kit::codes!(Document {
    PowerOfAttorney => "power_of_attorney",
    GuardianshipCertificate => "guardianship_certificate",
    KinshipRecord => "kinship_record",
    MinorGuardianRecord => "minor_guardian_record",
    Supporting => "supporting",
});

kit::codes!(Capacity {
    Own => "self": "本人", "Self",
    LegalRepresentative => "legal_representative": "法定代理人", "Legal representative",
    Proxy => "proxy": "任意代理人", "Proxy",
    Guardian => "guardian": "成年後見人", "Guardian",
    MinorGuardian => "minor_guardian": "未成年後見人", "Guardian of a minor",
});

impl Capacity {
    /// The documents that prove the agency (the registry proves no agent's authority). A
    /// 任意代理人 for a minor also proves who gave the 委任状: the minor's 法定代理人.
    pub fn required_documents(self, subject_is_minor: bool) -> Vec<Document> {
        match self {
            Capacity::Own => Vec::new(),
            Capacity::LegalRepresentative => vec![Document::KinshipRecord],
            Capacity::MinorGuardian => vec![Document::MinorGuardianRecord],
            Capacity::Guardian => vec![Document::GuardianshipCertificate],
            Capacity::Proxy if subject_is_minor => vec![Document::PowerOfAttorney, Document::KinshipRecord],
            Capacity::Proxy => vec![Document::PowerOfAttorney],
        }
    }

    /// Every agent's request waits in 本人確認中 until staff accept the documents.
    pub fn initial_status(self) -> Status {
        match self {
            Capacity::Own => Status::Received,
            Capacity::LegalRepresentative | Capacity::Proxy | Capacity::Guardian | Capacity::MinorGuardian => {
                Status::IdentityCheck
            }
        }
    }

    /// A representation of a minor (法定代理人, 未成年後見人) ends on the 18th birthday:
    /// after it, nothing of the request's result is released to the representative.
    pub fn still_acts_for(self, subject_birth: NaiveDate, today: NaiveDate) -> bool {
        match self {
            Capacity::LegalRepresentative | Capacity::MinorGuardian => !is_adult(subject_birth, today),
            Capacity::Own | Capacity::Proxy | Capacity::Guardian => true,
        }
    }
}

/// A person of the registry with their 続柄 to the 被保険者, as the capacity rules read them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Party<'a> {
    pub person: Person<'a>,
    pub relationship: Relationship,
}

/// The registry makes `viewer` a plausible parent of `subject`: the 被保険者's 子 with the
/// 被保険者 or the 配偶者, or a 被保険者 with a 父母. A grandparent (孫 is その他), a
/// sibling or anyone else is not; 親権 itself is proven by the document.
fn plausible_parent(viewer: Relationship, subject: Relationship) -> bool {
    use Relationship as R;
    matches!((viewer, subject), (R::Insured | R::Spouse, R::Child) | (R::Parent, R::Insured))
}

/// The capacities in which `viewer` may make a request about `subject` on `today`.
pub fn capacities(viewer: Party<'_>, subject: Party<'_>, today: NaiveDate) -> Vec<Capacity> {
    let (me, them) = (viewer.person, subject.person);
    if me.member_id == them.member_id {
        return vec![Capacity::Own];
    }
    // Only an adult of the same household acts for another person here.
    if me.household != them.household || !is_adult(me.birth, today) {
        return Vec::new();
    }
    if is_adult(them.birth, today) {
        // An adult decides for themselves; anyone acts for them only with a document.
        vec![Capacity::Proxy, Capacity::Guardian]
    } else if plausible_parent(viewer.relationship, subject.relationship) {
        vec![Capacity::LegalRepresentative]
    } else {
        vec![Capacity::MinorGuardian, Capacity::Proxy]
    }
}

/// A person the member may choose on a request form, with the registry's values the
/// correction form shows (the member's own or their household's, as the law allows).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subject {
    pub member_id: i64,
    /// 枝番: names the person in the form without exposing internal ids.
    pub branch: String,
    pub name: String,
    pub relationship: String,
    /// Under 18 today (a 任意代理人 then also proves the minor's 法定代理人).
    #[serde(default)]
    pub minor: bool,
    pub capacities: Vec<Capacity>,
    /// (item code, value) for each [`HeldItem`] but `Other`.
    pub held: Vec<(String, String)>,
    /// (item code, new value) of approved corrections the core system has not carried yet
    /// (「訂正手続中」, so the member does not ask again).
    #[serde(default)]
    pub pending: Vec<(String, String)>,
}

impl Subject {
    /// The form values for this person: `self`, or `<capacity>:<branch>`.
    pub fn options(&self) -> Vec<(String, Capacity)> {
        self.capacities
            .iter()
            .map(|c| match c {
                Capacity::Own => ("self".to_string(), *c),
                _ => (format!("{}:{}", c.code(), self.branch), *c),
            })
            .collect()
    }

    pub fn held_value(&self, item: HeldItem) -> String {
        self.held.iter().find(|(k, _)| k == item.code()).map(|(_, v)| v.clone()).unwrap_or_default()
    }

    #[cfg(test)]
    pub fn demo(member_id: i64, branch: &str, name: &str, capacities: Vec<Capacity>) -> Subject {
        Subject {
            member_id,
            branch: branch.into(),
            name: name.into(),
            relationship: String::new(),
            minor: false,
            capacities,
            held: vec![("name".into(), name.into()), ("address".into(), "東京都千代田区".into())],
            pending: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Relationship as R;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    const HOME: (&str, &str, &str) = ("06139999", "1001", "23");
    const TODAY: (i32, u32, u32) = (2026, 11, 22);

    fn party(id: i64, relationship: Relationship, birth: NaiveDate) -> Party<'static> {
        Party { person: Person { member_id: id, household: HOME, is_insured: relationship == R::Insured, birth }, relationship }
    }

    fn today() -> NaiveDate {
        day(TODAY.0, TODAY.1, TODAY.2)
    }

    const ADULT: (i32, u32, u32) = (1980, 1, 15);
    const MINOR: (i32, u32, u32) = (2015, 8, 3);

    #[test]
    fn the_capacities_offered_over_every_relationship_and_age() {
        // (requester's 続柄, adult?, subject's 続柄, adult?) → what is offered. Every pair of
        // 続柄 × age is checked against this rule, written out once more in words:
        // an adult for an adult: 任意代理人 or 成年後見人; an adult plausible parent of a
        // minor: 法定代理人; any other adult for a minor: 未成年後見人 or 任意代理人; a minor
        // acts for nobody but themselves.
        for viewer_rel in Relationship::ALL {
            for subject_rel in Relationship::ALL {
                for viewer_adult in [true, false] {
                    for subject_adult in [true, false] {
                        let birth = |adult: bool| if adult { day(ADULT.0, ADULT.1, ADULT.2) } else { day(MINOR.0, MINOR.1, MINOR.2) };
                        let viewer = party(1, viewer_rel, birth(viewer_adult));
                        let subject = party(2, subject_rel, birth(subject_adult));
                        let parent = matches!((viewer_rel, subject_rel), (R::Insured | R::Spouse, R::Child) | (R::Parent, R::Insured));
                        let want = match (viewer_adult, subject_adult) {
                            (false, _) => vec![],
                            (true, true) => vec![Capacity::Proxy, Capacity::Guardian],
                            (true, false) if parent => vec![Capacity::LegalRepresentative],
                            (true, false) => vec![Capacity::MinorGuardian, Capacity::Proxy],
                        };
                        assert_eq!(capacities(viewer, subject, today()), want, "{viewer_rel:?}({viewer_adult}) → {subject_rel:?}({subject_adult})");
                    }
                }
            }
        }
    }

    #[test]
    fn a_grandparent_or_a_sibling_is_never_offered_the_parents_capacity() {
        let grandfather = party(1, R::Insured, day(1955, 4, 1));
        let grandson = party(2, R::Other, day(2016, 6, 1));
        assert_eq!(capacities(grandfather, grandson, today()), vec![Capacity::MinorGuardian, Capacity::Proxy]);
        let sister = party(3, R::Child, day(2004, 1, 1));
        let brother = party(4, R::Child, day(2015, 8, 3));
        assert!(!capacities(sister, brother, today()).contains(&Capacity::LegalRepresentative));
        let mother = party(5, R::Spouse, day(1982, 6, 20));
        assert_eq!(capacities(mother, brother, today()), vec![Capacity::LegalRepresentative]);
    }

    #[test]
    fn a_member_acts_for_themselves_even_as_a_minor() {
        let me = party(1, R::Child, day(2015, 8, 3));
        assert_eq!(capacities(me, me, today()), vec![Capacity::Own]);
    }

    #[test]
    fn the_parent_represents_a_minor_until_the_18th_birthday() {
        let taro = party(1, R::Insured, day(1980, 1, 15));
        let kenta = party(5, R::Child, day(2008, 12, 1));
        assert_eq!(capacities(taro, kenta, day(2026, 11, 30)), vec![Capacity::LegalRepresentative]);
        assert_eq!(capacities(taro, kenta, day(2026, 12, 1)), vec![Capacity::Proxy, Capacity::Guardian]);
        let birth = day(2008, 12, 1);
        for c in [Capacity::LegalRepresentative, Capacity::MinorGuardian] {
            assert!(c.still_acts_for(birth, day(2026, 11, 30)), "{c:?}");
            assert!(!c.still_acts_for(birth, day(2026, 12, 1)), "{c:?}");
        }
        for c in [Capacity::Own, Capacity::Proxy, Capacity::Guardian] {
            assert!(c.still_acts_for(birth, day(2026, 12, 1)), "{c:?}");
        }
    }

    #[test]
    fn another_household_is_out_of_reach() {
        let taro = party(1, R::Insured, day(1980, 1, 15));
        let other = Party { person: Person { member_id: 9, household: ("06139999", "1001", "24"), is_insured: false, birth: day(2015, 1, 1) }, relationship: R::Child };
        assert!(capacities(taro, other, today()).is_empty());
    }

    #[test]
    fn every_agent_starts_in_identity_check_with_the_documents_of_the_capacity() {
        // (capacity, subject a minor?) → documents, for every capacity and age.
        for c in Capacity::ALL {
            for minor in [false, true] {
                let want: Vec<Document> = match (c, minor) {
                    (Capacity::Own, _) => vec![],
                    (Capacity::LegalRepresentative, _) => vec![Document::KinshipRecord],
                    (Capacity::MinorGuardian, _) => vec![Document::MinorGuardianRecord],
                    (Capacity::Guardian, _) => vec![Document::GuardianshipCertificate],
                    (Capacity::Proxy, false) => vec![Document::PowerOfAttorney],
                    (Capacity::Proxy, true) => vec![Document::PowerOfAttorney, Document::KinshipRecord],
                };
                assert_eq!(c.required_documents(minor), want, "{c:?} minor={minor}");
            }
            let waits = if c == Capacity::Own { Status::Received } else { Status::IdentityCheck };
            assert_eq!(c.initial_status(), waits, "{c:?}");
        }
    }

    #[test]
    fn form_values_name_the_person_by_branch() {
        let s = Subject::demo(3, "02", "青葉 美咲", vec![Capacity::Proxy, Capacity::Guardian]);
        let values: Vec<String> = s.options().into_iter().map(|(v, _)| v).collect();
        assert_eq!(values, vec!["proxy:02", "guardian:02"]);
    }
}
