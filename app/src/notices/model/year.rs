//! One year of notices: the totals per person and month, the months and years that can
//! be asked for, and the year as the member's page receives it.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::household::NoticePerson;
use super::lines::NoticeRow;
use kit::time::Month;

/// The oldest month of care the portal keeps: notices are kept five years (and the
/// current one), as 医療費控除 can be claimed back five years.
pub fn oldest_month(today: NaiveDate) -> (i32, u32) {
    (today.year() - 5, 1)
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    pub lines: usize,
    pub days: i64,
    pub total_cost: i64,
    pub copay: i64,
    pub compensated: i64,
}

impl Totals {
    pub fn add(&mut self, r: &NoticeRow) {
        self.lines += 1;
        self.days = self.days.saturating_add(r.days);
        self.total_cost = self.total_cost.saturating_add(r.total_cost);
        self.copay = self.copay.saturating_add(r.copay);
        self.compensated = self.compensated.saturating_add(r.compensated());
    }

    /// What the member finally bore: 窓口負担額 less what was paid back.
    pub fn net(&self) -> i64 {
        self.copay.saturating_sub(self.compensated)
    }
}

/// Totals of `rows` for one person (`Some(id)`) or all.
pub fn totals(rows: &[NoticeRow], member: Option<i64>) -> Totals {
    let mut t = Totals::default();
    rows.iter().filter(|r| member.is_none_or(|m| r.member_id == m)).for_each(|r| t.add(r));
    t
}

/// 窓口負担額 per month, January to December.
pub fn monthly_copay(rows: &[NoticeRow]) -> [i64; 12] {
    let mut months = [0i64; 12];
    for r in rows {
        if let Some(m) = r.month_number() {
            months[m as usize - 1] = months[m as usize - 1].saturating_add(r.copay);
        }
    }
    months
}

/// Every month from `from` to `to`, both included (none when `from` is later).
pub fn months_between(from: Month, to: Month) -> Vec<Month> {
    let mut out = Vec::new();
    let mut m = from;
    while m <= to {
        out.push(m);
        m = if m.month == 12 { Month { year: m.year + 1, month: 1 } } else { Month { year: m.year, month: m.month + 1 } };
    }
    out
}

/// One year of notices for the signed-in member.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeYear {
    pub year: i32,
    /// The years that can be asked for, newest first.
    pub years: Vec<i32>,
    /// The person chosen (`None`: everyone shown).
    pub person: Option<i64>,
    pub people: Vec<NoticePerson>,
    /// The lines of the people shown (or of the chosen person), by month then person.
    pub lines: Vec<NoticeRow>,
    pub monthly_copay: Vec<i64>,
    /// The newest month with any line for the household, to say how far the data reaches.
    pub latest_month: Option<String>,
    /// Whether the viewer is the 被保険者 (who may see others' lines at all).
    pub viewer_is_insured: bool,
    /// People among those shown whose notice lines' use is stopped by a decided 利用停止
    /// (35条), with its receipt number: their lines are not shown.
    #[serde(default)]
    pub use_stopped: Vec<(i64, String)>,
    /// Whether the year is complete, or how far it reaches.
    #[serde(default)]
    pub coverage: super::coverage::Coverage,
}

/// The years a member may ask for: this year and the five before, newest first.
pub fn years(today: NaiveDate) -> Vec<i32> {
    (oldest_month(today).0..=today.year()).rev().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notices::model::testing::{TODAY, d, row};

    #[test]
    fn totals_per_person_and_month() {
        let rows = [row(1, "2026-01", 1000, 0), row(1, "2026-01", 500, 0), row(2, "2026-03", 90_000, 30_000)];
        let all = totals(&rows, None);
        assert_eq!((all.lines, all.copay, all.compensated, all.net()), (3, 91_500, 30_000, 61_500));
        assert_eq!(totals(&rows, Some(1)).copay, 1500);
        assert_eq!(totals(&rows, Some(9)), Totals::default());
        let m = monthly_copay(&rows);
        assert_eq!((m[0], m[1], m[2]), (1500, 0, 90_000));
        assert_eq!(m.iter().sum::<i64>(), 91_500);
    }

    #[test]
    fn months_between_counts_across_years_and_is_empty_backwards() {
        let m = |year, month| Month { year, month };
        let months: Vec<String> = months_between(m(2024, 11), m(2025, 2)).iter().map(ToString::to_string).collect();
        assert_eq!(months, ["2024-11", "2024-12", "2025-01", "2025-02"]);
        assert_eq!(months_between(m(2025, 3), m(2025, 3)), vec![m(2025, 3)]);
        assert!(months_between(m(2025, 4), m(2025, 3)).is_empty());
        assert_eq!(months_between(m(2021, 1), m(2025, 12)).len(), 60);
    }

    #[test]
    fn years_reach_five_back() {
        assert_eq!(years(d(TODAY)), vec![2026, 2025, 2024, 2023, 2022, 2021]);
    }
}
