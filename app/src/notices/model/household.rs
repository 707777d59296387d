//! Household display (世帯表示): each person's recorded choice, whether the viewer sees
//! their lines and why, and the people of the household as the notices page lists them.

use serde::{Deserialize, Serialize};

use super::year::Totals;
use crate::identity::lifecycle::HouseholdAccess;

/// A person's recorded choice about showing their lines to the 被保険者 (世帯表示).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DisplayChoice {
    /// 同意: show my lines in the household's notices.
    Consent,
    /// 表示しない: do not.
    OptOut,
}

kit::codes!(DisplayChoice { Consent => "consent", OptOut => "opt_out" });

/// Whether the viewer sees a person's lines, and why.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    /// The viewer's own lines.
    Own,
    /// A minor dependent: the 被保険者 sees them as 法定代理人, unless they opted out.
    Minor,
    /// An adult who consented (in their own account or on paper).
    Consented,
    /// An adult who has not consented: their lines are theirs.
    NeedsConsent,
    /// The person asked that their lines not be shown in the household.
    OptedOut,
    /// Not someone whose lines this viewer could ever see.
    NotHousehold,
}

// The labels say what the viewer sees of the person, and why.
kit::codes!(Visibility {
    Own => "own": "ご本人", "You",
    Minor => "minor": "表示しています（18歳未満のため）", "Shown (under 18)",
    Consented => "consented": "表示しています（ご本人の同意があります）", "Shown (they consented)",
    NeedsConsent => "needs_consent": "表示していません（18歳以上の方は、ご本人の同意が必要です）", "Not shown (an adult's notices need their consent)",
    OptedOut => "opted_out": "表示していません（ご本人が表示しないことを選んでいます）", "Not shown (they chose not to share)",
    NotHousehold => "not_household": "表示できません", "Not available",
});

impl Visibility {
    pub fn shown(self) -> bool {
        matches!(self, Visibility::Own | Visibility::Minor | Visibility::Consented)
    }
}

/// Household display: an adult's lines are shown to the 被保険者 only with that adult's
/// recorded consent (paper-era household notices are the default only where consent is
/// recorded); a minor's are shown to the 被保険者 as legal representative unless the minor
/// opted out; the latest choice counts, so consent is revocable. The 18th birthday
/// switches a dependent from the one rule to the other that day (see `household_access`).
pub fn visibility(access: HouseholdAccess, latest: Option<DisplayChoice>) -> Visibility {
    match (access, latest) {
        (HouseholdAccess::Own, _) => Visibility::Own,
        (HouseholdAccess::None, _) => Visibility::NotHousehold,
        (HouseholdAccess::LegalRepresentative | HouseholdAccess::AdultNeedsConsent, Some(DisplayChoice::OptOut)) => {
            Visibility::OptedOut
        }
        (HouseholdAccess::LegalRepresentative, _) => Visibility::Minor,
        (HouseholdAccess::AdultNeedsConsent, Some(DisplayChoice::Consent)) => Visibility::Consented,
        (HouseholdAccess::AdultNeedsConsent, None) => Visibility::NeedsConsent,
    }
}

/// A person of the household as the notices page lists them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticePerson {
    pub member_id: i64,
    pub name: String,
    /// The relationship code (`insured`, `spouse`, …).
    pub relationship: String,
    pub visibility: Visibility,
    pub totals: Totals,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notices::model::testing::d;

    #[test]
    fn household_display_follows_age_consent_and_opt_out() {
        use HouseholdAccess as H;
        assert_eq!(visibility(H::Own, None), Visibility::Own);
        assert_eq!(visibility(H::Own, Some(DisplayChoice::OptOut)), Visibility::Own);
        assert_eq!(visibility(H::LegalRepresentative, None), Visibility::Minor);
        assert_eq!(visibility(H::LegalRepresentative, Some(DisplayChoice::Consent)), Visibility::Minor);
        assert_eq!(visibility(H::LegalRepresentative, Some(DisplayChoice::OptOut)), Visibility::OptedOut);
        assert_eq!(visibility(H::AdultNeedsConsent, None), Visibility::NeedsConsent);
        assert_eq!(visibility(H::AdultNeedsConsent, Some(DisplayChoice::Consent)), Visibility::Consented);
        assert_eq!(visibility(H::AdultNeedsConsent, Some(DisplayChoice::OptOut)), Visibility::OptedOut);
        assert_eq!(visibility(H::None, Some(DisplayChoice::Consent)), Visibility::NotHousehold);
        let shown: Vec<bool> =
            [Visibility::Own, Visibility::Minor, Visibility::Consented, Visibility::NeedsConsent, Visibility::OptedOut, Visibility::NotHousehold]
                .map(Visibility::shown)
                .to_vec();
        assert_eq!(shown, vec![true, true, true, false, false, false]);
    }

    #[test]
    fn choices_and_visibilities_keep_their_codes() {
        for c in [DisplayChoice::Consent, DisplayChoice::OptOut] {
            assert_eq!(DisplayChoice::from_code(c.code()), Some(c));
        }
        assert_eq!(DisplayChoice::OptOut.code(), "opt_out");
        for v in Visibility::ALL {
            assert_eq!(serde_json::to_string(&v).ok(), Some(format!("\"{}\"", v.code())));
        }
        assert_eq!(Visibility::Minor.label(kit::i18n::Lang::Ja), "表示しています（18歳未満のため）");
    }

    #[test]
    fn the_18th_birthday_hides_a_dependents_lines_until_they_consent() {
        use crate::identity::lifecycle::{Person, household_access};
        let house = ("06139999", "1001", "23");
        let taro = Person { member_id: 1, household: house, is_insured: true, birth: d("1980-01-15") };
        let child = Person { member_id: 3, household: house, is_insured: false, birth: d("2008-11-22") };
        let on = |day: &str, choice| visibility(household_access(taro, child, d(day)), choice);
        assert_eq!(on("2026-11-21", None), Visibility::Minor);
        assert_eq!(on("2026-11-22", None), Visibility::NeedsConsent);
        assert_eq!(on("2026-11-22", Some(DisplayChoice::Consent)), Visibility::Consented);
    }
}
