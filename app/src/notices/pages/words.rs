//! Words the notice pages share: a month of care, and what the viewer sees of a person
//! of the household.

use crate::notices::model::Visibility;

/// `2026-08` as 2026年8月 / August 2026.
pub fn month_text(month: &str, ja: bool) -> String {
    let y = month.get(..4).unwrap_or("");
    let m: u32 = month.get(5..7).and_then(|m| m.parse().ok()).unwrap_or(0);
    if ja {
        format!("{y}年{m}月")
    } else {
        const NAMES: [&str; 12] = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
        format!("{} {y}", NAMES.get(m.saturating_sub(1) as usize).copied().unwrap_or(""))
    }
}

pub(super) fn visibility_words(v: Visibility, ja: bool) -> &'static str {
    match (v, ja) {
        (Visibility::Own, true) => "ご本人",
        (Visibility::Minor, true) => "表示しています（18歳未満のため）",
        (Visibility::Consented, true) => "表示しています（ご本人の同意があります）",
        (Visibility::NeedsConsent, true) => "表示していません（18歳以上の方は、ご本人の同意が必要です）",
        (Visibility::OptedOut, true) => "表示していません（ご本人が表示しないことを選んでいます）",
        (Visibility::NotHousehold, true) => "表示できません",
        (Visibility::Own, false) => "You",
        (Visibility::Minor, false) => "Shown (under 18)",
        (Visibility::Consented, false) => "Shown (they consented)",
        (Visibility::NeedsConsent, false) => "Not shown (an adult's notices need their consent)",
        (Visibility::OptedOut, false) => "Not shown (they chose not to share)",
        (Visibility::NotHousehold, false) => "Not available",
    }
}
