//! Who a request is for, and in what capacity the signed-in member acts (37条, 施行令13条):
//! for themselves; for a minor dependent as 法定代理人 (the 被保険者, checked against the
//! registry and the minor's age that day); for an adult of the household as 任意代理人
//! (with a 委任状) or 成年後見人 (with a 登記事項証明書). Agents outside the household come
//! on paper or to the counter and are entered by staff.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::draft::HeldItem;
use super::lifecycle::Status;
use kit::input::is_adult;
use crate::identity::lifecycle::Person;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Capacity {
    /// 本人.
    Own,
    /// 法定代理人 (親権者) of a minor.
    LegalRepresentative,
    /// 任意代理人, with a 委任状.
    Proxy,
    /// 成年後見人, with a 登記事項証明書.
    Guardian,
}

/// A document an agent must attach.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Document {
    /// 委任状.
    PowerOfAttorney,
    /// 登記事項証明書.
    GuardianshipCertificate,
    /// Anything else the member sends in support.
    Supporting,
}

// The code is also the form field's name. The words depend on the page (the member's
// form, the staff intake form): they are in the requests' catalogues.
kit::codes!(Document {
    PowerOfAttorney => "power_of_attorney",
    GuardianshipCertificate => "guardianship_certificate",
    Supporting => "supporting",
});

kit::codes!(Capacity {
    Own => "self": "本人", "Self",
    LegalRepresentative => "legal_representative": "法定代理人", "Legal representative",
    Proxy => "proxy": "任意代理人", "Proxy",
    Guardian => "guardian": "成年後見人", "Guardian",
});

impl Capacity {
    /// The document that proves the agency; the registry proves the rest.
    pub fn required_document(self) -> Option<Document> {
        match self {
            Capacity::Own | Capacity::LegalRepresentative => None,
            Capacity::Proxy => Some(Document::PowerOfAttorney),
            Capacity::Guardian => Some(Document::GuardianshipCertificate),
        }
    }

    /// Agent requests wait in 本人確認中 until staff accept the documents.
    pub fn initial_status(self) -> Status {
        match self.required_document() {
            None => Status::Received,
            Some(_) => Status::IdentityCheck,
        }
    }
}

/// The capacities in which `viewer` may make a request about `subject` on `today`.
pub fn capacities(viewer: Person<'_>, subject: Person<'_>, today: NaiveDate) -> Vec<Capacity> {
    if viewer.member_id == subject.member_id {
        return vec![Capacity::Own];
    }
    if viewer.household != subject.household {
        return Vec::new();
    }
    if is_adult(subject.birth, today) {
        // An adult decides for themselves; anyone acts for them only with a document.
        vec![Capacity::Proxy, Capacity::Guardian]
    } else if viewer.is_insured {
        vec![Capacity::LegalRepresentative]
    } else {
        Vec::new()
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
            capacities,
            held: vec![("name".into(), name.into()), ("address".into(), "東京都千代田区".into())],
            pending: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    const HOME: (&str, &str, &str) = ("06139999", "1001", "23");

    fn person(id: i64, insured: bool, birth: NaiveDate) -> Person<'static> {
        Person { member_id: id, household: HOME, is_insured: insured, birth }
    }

    #[test]
    fn a_member_acts_for_themselves() {
        let me = person(1, true, day(1980, 1, 15));
        assert_eq!(capacities(me, me, day(2026, 11, 22)), vec![Capacity::Own]);
    }

    #[test]
    fn the_insured_represents_a_minor_until_the_18th_birthday() {
        let taro = person(1, true, day(1980, 1, 15));
        let kenta = person(5, false, day(2008, 12, 1));
        assert_eq!(capacities(taro, kenta, day(2026, 11, 30)), vec![Capacity::LegalRepresentative]);
        assert_eq!(capacities(taro, kenta, day(2026, 12, 1)), vec![Capacity::Proxy, Capacity::Guardian]);
    }

    #[test]
    fn a_dependent_is_not_a_minors_representative_in_the_registry() {
        let hanako = person(2, false, day(1982, 6, 20));
        let sho = person(4, false, day(2015, 8, 3));
        assert!(capacities(hanako, sho, day(2026, 11, 22)).is_empty());
    }

    #[test]
    fn an_adult_dependent_may_act_for_the_insured_with_a_document() {
        let misaki = person(3, false, day(2007, 5, 10));
        let taro = person(1, true, day(1980, 1, 15));
        assert_eq!(capacities(misaki, taro, day(2026, 11, 22)), vec![Capacity::Proxy, Capacity::Guardian]);
    }

    #[test]
    fn another_household_is_out_of_reach() {
        let taro = person(1, true, day(1980, 1, 15));
        let other = Person { member_id: 9, household: ("06139999", "1001", "24"), is_insured: false, birth: day(2015, 1, 1) };
        assert!(capacities(taro, other, day(2026, 11, 22)).is_empty());
    }

    #[test]
    fn agents_start_in_identity_check_and_need_their_document() {
        assert_eq!(Capacity::Own.initial_status(), Status::Received);
        assert_eq!(Capacity::LegalRepresentative.initial_status(), Status::Received);
        assert_eq!(Capacity::Proxy.initial_status(), Status::IdentityCheck);
        assert_eq!(Capacity::Guardian.initial_status(), Status::IdentityCheck);
        assert_eq!(Capacity::Proxy.required_document(), Some(Document::PowerOfAttorney));
        assert_eq!(Capacity::Guardian.required_document(), Some(Document::GuardianshipCertificate));
    }

    #[test]
    fn form_values_name_the_person_by_branch() {
        let s = Subject::demo(3, "02", "青葉 美咲", vec![Capacity::Proxy, Capacity::Guardian]);
        let values: Vec<String> = s.options().into_iter().map(|(v, _)| v).collect();
        assert_eq!(values, vec!["proxy:02", "guardian:02"]);
    }
}
