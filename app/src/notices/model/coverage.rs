//! Which year the notices open on, whether that year is complete, and a year's lines
//! grouped by month for the page's compact list.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::lines::NoticeRow;
use super::year::{Totals, years};
use kit::time::Month;

/// The year shown when none is asked for: the last complete year (the one a tax return is
/// filed for). When the people shown have no line in it, the newest year that has lines
/// (`newest_month`, if it can be asked for at all); with no lines, the last complete year.
pub fn default_year(today: NaiveDate, last_year_has_lines: bool, newest_month: Option<&str>) -> i32 {
    let last = today.year() - 1;
    if last_year_has_lines {
        return last;
    }
    newest_month.and_then(Month::parse).map(|m| m.year).filter(|y| years(today).contains(y)).unwrap_or(last)
}

/// How much of a year the notices hold.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Coverage {
    /// The year is over and the bills of December have arrived.
    #[default]
    Complete,
    /// The year is not over yet: care up to `through` (a month of that year) has arrived.
    NotOver { through: Option<String> },
    /// The year is over, but the bills of its last months have not all arrived yet (they
    /// come about three months after the care): care up to `through` has.
    Arriving { through: Option<String> },
}

impl Coverage {
    pub fn is_complete(&self) -> bool {
        *self == Coverage::Complete
    }
}

/// Whether `year` is complete on `today`, given `reach`, the newest month of care the
/// society has received bills for (from any import).
pub fn coverage(year: i32, today: NaiveDate, reach: Option<&str>) -> Coverage {
    let reach = reach.and_then(Month::parse);
    let through = reach.filter(|m| m.year == year).map(|m| m.to_string());
    if year >= today.year() {
        Coverage::NotOver { through }
    } else if reach.is_some_and(|m| m >= Month { year, month: 12 }) {
        Coverage::Complete
    } else {
        Coverage::Arriving { through }
    }
}

/// One month of the year: its lines and their totals.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MonthGroup {
    /// `YYYY-MM`.
    pub month: String,
    pub totals: Totals,
    pub lines: Vec<NoticeRow>,
}

/// The lines grouped by month, oldest month first, each month's lines in their order;
/// months without lines are left out.
pub fn by_month(rows: &[NoticeRow]) -> Vec<MonthGroup> {
    let mut groups: Vec<MonthGroup> = Vec::new();
    for r in rows {
        match groups.iter_mut().find(|g| g.month == r.month) {
            Some(g) => {
                g.totals.add(r);
                g.lines.push(r.clone());
            }
            None => {
                let mut totals = Totals::default();
                totals.add(r);
                groups.push(MonthGroup { month: r.month.clone(), totals, lines: vec![r.clone()] });
            }
        }
    }
    groups.sort_by(|a, b| a.month.cmp(&b.month));
    groups
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notices::model::testing::{d, row};

    #[test]
    fn the_default_is_the_last_complete_year_when_it_has_lines() {
        assert_eq!(default_year(d("2026-12-07"), true, Some("2026-08")), 2025);
        // Early in a year too: the year just ended, even before all its bills arrived.
        assert_eq!(default_year(d("2027-01-05"), true, Some("2026-10")), 2026);
    }

    #[test]
    fn without_lines_last_year_the_default_is_the_newest_year_with_lines() {
        // Lines only this year (a new member): this year.
        assert_eq!(default_year(d("2026-12-07"), false, Some("2026-08")), 2026);
        // Lines only in an older year (no care since): that year.
        assert_eq!(default_year(d("2026-12-07"), false, Some("2023-04")), 2023);
        // No lines at all, or only older than can be asked for: the last complete year.
        assert_eq!(default_year(d("2026-12-07"), false, None), 2025);
        assert_eq!(default_year(d("2026-12-07"), false, Some("2019-04")), 2025);
        assert_eq!(default_year(d("2026-12-07"), false, Some("not a month")), 2025);
    }

    #[test]
    fn this_year_is_never_complete_and_names_the_month_it_reaches() {
        let today = d("2026-12-07");
        assert_eq!(coverage(2026, today, Some("2026-08")), Coverage::NotOver { through: Some("2026-08".into()) });
        assert_eq!(coverage(2026, today, Some("2025-12")), Coverage::NotOver { through: None });
        assert_eq!(coverage(2026, today, None), Coverage::NotOver { through: None });
        // Even on New Year's Eve with December's bills in (they cannot be, but the rule
        // does not depend on it).
        assert_eq!(coverage(2026, d("2026-12-31"), Some("2026-12")), Coverage::NotOver { through: Some("2026-12".into()) });
    }

    #[test]
    fn a_past_year_is_complete_once_decembers_bills_have_arrived() {
        let today = d("2027-02-10");
        assert_eq!(coverage(2026, today, Some("2026-11")), Coverage::Arriving { through: Some("2026-11".into()) });
        assert_eq!(coverage(2026, today, Some("2026-12")), Coverage::Complete);
        assert_eq!(coverage(2025, today, Some("2026-11")), Coverage::Complete);
        assert_eq!(coverage(2026, today, None), Coverage::Arriving { through: None });
        assert!(coverage(2025, today, Some("2026-01")).is_complete());
        assert!(!coverage(2027, today, Some("2026-12")).is_complete());
    }

    #[test]
    fn lines_are_grouped_by_month_with_their_totals() {
        let rows = [row(1, "2025-03", 1000, 0), row(2, "2025-01", 300, 0), row(1, "2025-03", 500, 200), row(2, "2025-03", 90, 0)];
        let groups = by_month(&rows);
        let months: Vec<&str> = groups.iter().map(|g| g.month.as_str()).collect();
        assert_eq!(months, ["2025-01", "2025-03"]);
        let march = &groups[1];
        assert_eq!((march.totals.lines, march.totals.total_cost, march.totals.copay, march.totals.compensated), (3, 4770, 1590, 200));
        assert_eq!(march.lines.iter().map(|l| l.copay).collect::<Vec<_>>(), [1000, 500, 90]);
        // Every line is in exactly one month.
        assert_eq!(groups.iter().map(|g| g.lines.len()).sum::<usize>(), rows.len());
        assert!(by_month(&[]).is_empty());
    }
}
