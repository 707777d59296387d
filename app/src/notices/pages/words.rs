//! What the notice pages share: a month of care, and how complete a year is, in words.

use crate::notices::model::Coverage;
use crate::notices::texts::NoticeText;

/// English month names (the catalogue's English template names the month).
const MONTH_NAMES: [&str; 12] =
    ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/// `2026-08` as 2026年8月 / August 2026.
pub fn month_text(month: &str, t: &NoticeText) -> String {
    let y = month.get(..4).unwrap_or("");
    let m: u32 = month.get(5..7).and_then(|m| m.parse().ok()).unwrap_or(0);
    t.month(y, m, MONTH_NAMES.get(m.saturating_sub(1) as usize).copied().unwrap_or(""))
}


/// What a page says of a year that is not complete yet (nothing for a complete year).
pub fn coverage_text(year: i32, coverage: &Coverage, t: &NoticeText) -> Option<String> {
    match coverage {
        Coverage::Complete => None,
        Coverage::NotOver { through: Some(m) } => Some(t.not_over(year, &month_text(m, t))),
        Coverage::NotOver { through: None } => Some(t.not_over_yet(year)),
        Coverage::Arriving { through: Some(m) } => Some(t.arriving(year, &month_text(m, t))),
        Coverage::Arriving { through: None } => Some(t.arriving_none(year)),
    }
}
