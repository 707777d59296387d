//! Account lifecycle and household rules: pure functions of dates, tested with any "today".

use chrono::NaiveDate;

use kit::input::is_adult;

/// Whether an account may sign in: a current member always; a former member (資格喪失)
/// for the retention period after the loss date, to follow and make requests about the
/// data still held.
pub fn may_sign_in(lost_on: Option<&str>, today: NaiveDate, policy: &super::SessionPolicy) -> bool {
    match lost_on.map(str::trim).filter(|s| !s.is_empty()) {
        None => true,
        Some(text) => match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            Ok(lost) => within_retention(lost, today, policy.former_member_years),
            Err(_) => false,
        },
    }
}

/// `today` is no later than `years` after `lost` (a 29 February loss ends on 28 February).
pub fn within_retention(lost: NaiveDate, today: NaiveDate, years: u32) -> bool {
    let end = lost.checked_add_months(chrono::Months::new(years.saturating_mul(12))).unwrap_or(NaiveDate::MAX);
    today <= end
}

/// What the signed-in person may do for another person of the household, by law.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HouseholdAccess {
    /// Their own data.
    Own,
    /// A minor dependent of the 被保険者 who is signed in: the 被保険者 acts as 法定代理人.
    LegalRepresentative,
    /// An adult (18+, 民法4条): only with that person's recorded consent, or as their
    /// 任意代理人 with a 委任状.
    AdultNeedsConsent,
    /// Not of this household, or the viewer is not the 被保険者.
    None,
}

/// One person of the registry as the household rules need them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Person<'a> {
    pub member_id: i64,
    /// 保険者番号・記号・番号: the household.
    pub household: (&'a str, &'a str, &'a str),
    pub is_insured: bool,
    pub birth: NaiveDate,
}

/// The viewer's access to `subject`'s data on `today`. The day a dependent turns 18 they
/// are an adult, and the 被保険者 loses the legal representative's view that same day.
pub fn household_access(viewer: Person<'_>, subject: Person<'_>, today: NaiveDate) -> HouseholdAccess {
    if viewer.member_id == subject.member_id {
        return HouseholdAccess::Own;
    }
    if viewer.household != subject.household || !viewer.is_insured {
        return HouseholdAccess::None;
    }
    if is_adult(subject.birth, today) {
        HouseholdAccess::AdultNeedsConsent
    } else {
        HouseholdAccess::LegalRepresentative
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    const HOUSE: (&str, &str, &str) = ("06139999", "1001", "23");

    fn taro() -> Person<'static> {
        Person { member_id: 1, household: HOUSE, is_insured: true, birth: d("1975-04-02") }
    }

    fn sho() -> Person<'static> {
        Person { member_id: 4, household: HOUSE, is_insured: false, birth: d("2015-08-03") }
    }

    #[test]
    fn the_eighteenth_birthday_switches_to_adult_rules_that_day() {
        let misaki = Person { member_id: 3, household: HOUSE, is_insured: false, birth: d("2008-11-22") };
        assert_eq!(household_access(taro(), misaki, d("2026-11-21")), HouseholdAccess::LegalRepresentative);
        assert_eq!(household_access(taro(), misaki, d("2026-11-22")), HouseholdAccess::AdultNeedsConsent);
        assert_eq!(household_access(taro(), misaki, d("2030-01-01")), HouseholdAccess::AdultNeedsConsent);
    }

    #[test]
    fn a_leap_day_birthday_turns_18_on_1_march() {
        let leap = Person { member_id: 5, household: HOUSE, is_insured: false, birth: d("2008-02-29") };
        assert_eq!(household_access(taro(), leap, d("2026-02-28")), HouseholdAccess::LegalRepresentative);
        assert_eq!(household_access(taro(), leap, d("2026-03-01")), HouseholdAccess::AdultNeedsConsent);
    }

    #[test]
    fn only_the_insured_of_the_same_household_represents_a_minor() {
        assert_eq!(household_access(taro(), taro(), d("2026-11-22")), HouseholdAccess::Own);
        let spouse = Person { member_id: 2, household: HOUSE, is_insured: false, birth: d("1977-01-01") };
        assert_eq!(household_access(spouse, sho(), d("2026-11-22")), HouseholdAccess::None);
        let stranger =
            Person { member_id: 9, household: ("06139999", "1003", "7"), is_insured: true, birth: d("1970-01-01") };
        assert_eq!(household_access(stranger, sho(), d("2026-11-22")), HouseholdAccess::None);
        assert_eq!(household_access(sho(), taro(), d("2026-11-22")), HouseholdAccess::None);
    }

    #[test]
    fn former_members_sign_in_for_the_retention_period() {
        assert!(within_retention(d("2025-03-31"), d("2030-03-31"), 5));
        assert!(!within_retention(d("2025-03-31"), d("2030-04-01"), 5));
        assert!(within_retention(d("2024-02-29"), d("2029-02-28"), 5));
        assert!(!within_retention(d("2024-02-29"), d("2029-03-01"), 5));
        assert!(!within_retention(d("2025-03-31"), d("2025-04-01"), 0));
    }

    #[test]
    fn sign_in_follows_the_loss_date() {
        let policy = crate::identity::SessionPolicy::default();
        assert!(may_sign_in(None, d("2026-11-22"), &policy));
        assert!(may_sign_in(Some(""), d("2026-11-22"), &policy));
        assert!(may_sign_in(Some("2025-03-31"), d("2026-11-22"), &policy));
        assert!(!may_sign_in(Some("2020-03-31"), d("2026-11-22"), &policy));
        assert!(!may_sign_in(Some("garbage"), d("2026-11-22"), &policy));
    }
}
