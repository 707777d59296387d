//! Business days and the answer's deadline. Pure; civil dates in Asia/Tokyo come in.
//!
//! - A business day (営業日) is not a Saturday or Sunday, not a national holiday (the
//!   shipped 内閣府 table, replaceable by configuration) and not a closed day of the
//!   society (default 12/29–1/3, 年末年始).
//! - Counting starts the day after receipt (民法140条, 初日不算入): the answer is due on
//!   the `limit`-th business day after the receipt date.
//! - While the society waits on the member (補正依頼) the clock stops: a business day `d`
//!   with `asked < d <= answered` does not count; while a pause is open there is no due
//!   date and the days left stay as they were.

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct MonthDay {
    pub month: u32,
    pub day: u32,
}

/// A closed period of every year, inclusive; it may wrap the year end.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClosedDays {
    pub from: MonthDay,
    pub to: MonthDay,
}

impl ClosedDays {
    fn contains(&self, d: NaiveDate) -> bool {
        let md = MonthDay { month: d.month(), day: d.day() };
        if self.from <= self.to { self.from <= md && md <= self.to } else { md >= self.from || md <= self.to }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Calendar {
    holidays: BTreeSet<NaiveDate>,
    closed: Vec<ClosedDays>,
}

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    #[error("line {line}: {reason}")]
    Line { line: usize, reason: String },
    #[error("closed days: {0}")]
    Closed(String),
}

const SHIPPED: &str = include_str!("holidays-jp.csv");
/// Beyond this many calendar days a deadline is not searched for (a broken calendar).
const HORIZON_DAYS: u32 = 3660;

impl Calendar {
    /// The shipped holiday table and 12/29–1/3.
    pub fn japan_default() -> Calendar {
        let holidays = Calendar::parse_holidays(SHIPPED).unwrap_or_default();
        let year_end = ClosedDays { from: MonthDay { month: 12, day: 29 }, to: MonthDay { month: 1, day: 3 } };
        Calendar { holidays, closed: vec![year_end] }
    }

    pub fn new(holidays: BTreeSet<NaiveDate>, closed: Vec<ClosedDays>) -> Calendar {
        Calendar { holidays, closed }
    }

    pub fn holidays(&self) -> &BTreeSet<NaiveDate> {
        &self.holidays
    }

    /// `date,name` lines; `#` comments, blank lines and the header are skipped.
    pub fn parse_holidays(csv: &str) -> Result<BTreeSet<NaiveDate>, CalendarError> {
        let mut out = BTreeSet::new();
        for (i, raw) in csv.lines().enumerate() {
            let line = i + 1;
            let text = raw.trim();
            if text.is_empty() || text.starts_with('#') || text == "date,name" {
                continue;
            }
            let (date, name) =
                text.split_once(',').ok_or_else(|| CalendarError::Line { line, reason: "expected date,name".into() })?;
            if name.trim().is_empty() {
                return Err(CalendarError::Line { line, reason: "missing name".into() });
            }
            let d = NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d")
                .map_err(|_| CalendarError::Line { line, reason: format!("not a date: {}", date.trim()) })?;
            if !out.insert(d) {
                return Err(CalendarError::Line { line, reason: format!("duplicate date {d}") });
            }
        }
        Ok(out)
    }

    /// `12-29..01-03`, several separated by commas.
    pub fn parse_closed(spec: &str) -> Result<Vec<ClosedDays>, CalendarError> {
        let bad = || CalendarError::Closed(format!("expected MM-DD..MM-DD, got {spec:?}"));
        let month_day = |s: &str| -> Option<MonthDay> {
            let (m, d) = s.trim().split_once('-')?;
            let (month, day) = (m.parse().ok()?, d.parse().ok()?);
            // 2024 is a leap year, so 02-29 is allowed.
            NaiveDate::from_ymd_opt(2024, month, day).map(|_| MonthDay { month, day })
        };
        spec.split(',')
            .map(|part| {
                let (from, to) = part.split_once("..").ok_or_else(bad)?;
                Ok(ClosedDays { from: month_day(from).ok_or_else(bad)?, to: month_day(to).ok_or_else(bad)? })
            })
            .collect()
    }

    pub fn is_business_day(&self, d: NaiveDate) -> bool {
        !matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
            && !self.holidays.contains(&d)
            && !self.closed.iter().any(|c| c.contains(d))
    }

    /// The first and last year the holiday table covers.
    pub fn covered_years(&self) -> Option<(i32, i32)> {
        Some((self.holidays.first()?.year(), self.holidays.last()?.year()))
    }

    /// Business days after `from` up to and including `to` (初日不算入); 0 if `to` is not
    /// after `from`.
    pub fn business_days_between(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        let n = days_after(from).take_while(|d| *d <= to).take(HORIZON_DAYS as usize).filter(|d| self.is_business_day(*d)).count();
        i64::try_from(n).unwrap_or(i64::MAX)
    }

    /// The deadline of a request received on `received_on`, seen on `today`.
    pub fn deadline(&self, received_on: NaiveDate, limit: u32, pauses: &[Pause], today: NaiveDate) -> Deadline {
        let paused_on = |d: NaiveDate| pauses.iter().any(|p| p.from < d && p.until.is_none_or(|u| d <= u));
        let counts = |d: NaiveDate| self.is_business_day(d) && !paused_on(d);
        let open = pauses.iter().any(|p| p.until.is_none());
        if open {
            // Frozen: what is left of the limit after the days that counted.
            let used = days_after(received_on).take_while(|d| *d <= today).take(HORIZON_DAYS as usize).filter(|d| counts(*d)).count();
            let left = i64::from(limit) - i64::try_from(used).unwrap_or(i64::MAX);
            return Deadline { due: None, business_days_left: left, paused: true };
        }
        let due = if limit == 0 {
            Some(received_on)
        } else {
            days_after(received_on)
                .take(HORIZON_DAYS as usize)
                .filter(|d| counts(*d))
                .nth(usize::try_from(limit - 1).unwrap_or(usize::MAX))
        };
        let Some(due) = due else { return Deadline { due: None, business_days_left: 0, paused: false } };
        let left = if today <= due { self.business_days_between(today, due) } else { -self.business_days_between(due, today) };
        Deadline { due: Some(due), business_days_left: left, paused: false }
    }
}

/// The days after `d`, in order (ending quietly at the end of the calendar).
fn days_after(d: NaiveDate) -> impl Iterator<Item = NaiveDate> {
    std::iter::successors(d.succ_opt(), |x| x.succ_opt())
}

/// A 補正依頼: asked on `from`, answered on `until` (None: still waiting).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pause {
    pub from: NaiveDate,
    pub until: Option<NaiveDate>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadline {
    pub due: Option<NaiveDate>,
    pub business_days_left: i64,
    pub paused: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Urgency {
    /// 5 business days or more.
    Comfortable,
    /// Fewer than 5 (due today included).
    Soon,
    Overdue,
    Paused,
}

impl Deadline {
    pub fn urgency(&self) -> Urgency {
        match (self.paused, self.business_days_left) {
            (true, _) => Urgency::Paused,
            (false, n) if n < 0 => Urgency::Overdue,
            (false, n) if n < 5 => Urgency::Soon,
            _ => Urgency::Comfortable,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn cal() -> Calendar {
        Calendar::japan_default()
    }

    #[test]
    fn business_days_between_skips_weekends_holidays_and_the_first_day() {
        let c = cal();
        // Fri 2026-11-20 → Tue 2026-11-24: Mon 23 is 勤労感謝の日, so only Tue counts.
        assert_eq!(c.business_days_between(day(2026, 11, 20), day(2026, 11, 24)), 1);
        assert_eq!(c.business_days_between(day(2026, 11, 24), day(2026, 11, 24)), 0);
        assert_eq!(c.business_days_between(day(2026, 11, 25), day(2026, 11, 24)), 0);
        // Mon 2026-11-16 → Fri 2026-11-20: Tue..Fri.
        assert_eq!(c.business_days_between(day(2026, 11, 16), day(2026, 11, 20)), 4);
        // 年末年始: 2026-12-28 (Mon) → 2027-01-04 (Mon): only 01-04 counts.
        assert_eq!(c.business_days_between(day(2026, 12, 28), day(2027, 1, 4)), 1);
    }

    #[test]
    fn the_shipped_table_parses_and_covers_the_decade() {
        let c = cal();
        assert_eq!(c.covered_years(), Some((2020, 2030)));
        for d in [day(2026, 11, 23), day(2026, 9, 22), day(2026, 5, 6), day(2025, 11, 24), day(2020, 7, 24)] {
            assert!(c.holidays().contains(&d), "{d}");
        }
        assert!(!c.holidays().contains(&day(2026, 11, 24)));
        // 内閣府's 2026 list: 16 holidays plus 振替休日 5/6 and 国民の休日 9/22.
        assert_eq!(c.holidays().iter().filter(|d| d.year() == 2026).count(), 18);
    }

    #[test]
    fn ten_business_days_skip_the_weekend_and_labour_thanksgiving() {
        // Received Fri 20 Nov 2026. Counting from Mon 23 (勤労感謝の日, skipped):
        // 24 25 26 27, 30, 1 2 3 4, 7 → due Mon 7 Dec.
        let d = cal().deadline(day(2026, 11, 20), 10, &[], day(2026, 11, 20));
        assert_eq!(d.due, Some(day(2026, 12, 7)));
        assert_eq!(d.business_days_left, 10);
        assert_eq!(d.urgency(), Urgency::Comfortable);
    }

    #[test]
    fn a_receipt_on_a_weekend_or_holiday_starts_on_the_next_business_day() {
        // Sat 21 and Sun 22 Nov: day 1 is Tue 24 (23 is a holiday); 1 day → due 24.
        assert_eq!(cal().deadline(day(2026, 11, 21), 1, &[], day(2026, 11, 21)).due, Some(day(2026, 11, 24)));
        assert_eq!(cal().deadline(day(2026, 11, 23), 1, &[], day(2026, 11, 23)).due, Some(day(2026, 11, 24)));
        // A business-day receipt does not count itself (初日不算入).
        assert_eq!(cal().deadline(day(2026, 11, 24), 1, &[], day(2026, 11, 24)).due, Some(day(2026, 11, 25)));
    }

    #[test]
    fn the_year_end_break_and_coming_of_age_day_do_not_count() {
        // Received Fri 25 Dec 2026: Mon 28 counts (1); 29 Dec–3 Jan closed; Mon 4 Jan (2),
        // 5 6 7 8 (3–6); Mon 11 Jan 成人の日 skipped; 12 13 14 15 (7–10) → due Fri 15 Jan.
        assert_eq!(cal().deadline(day(2026, 12, 25), 10, &[], day(2026, 12, 25)).due, Some(day(2027, 1, 15)));
    }

    #[test]
    fn a_configured_summer_break_is_skipped() {
        let closed = Calendar::parse_closed("12-29..01-03,08-13..08-15").unwrap();
        let c = Calendar::new(cal().holidays().clone(), closed);
        // Received Wed 12 Aug 2026: 13 14 closed, 15 16 weekend/closed; Mon 17 is day 1.
        assert_eq!(c.deadline(day(2026, 8, 12), 1, &[], day(2026, 8, 12)).due, Some(day(2026, 8, 17)));
        assert_eq!(cal().deadline(day(2026, 8, 12), 1, &[], day(2026, 8, 12)).due, Some(day(2026, 8, 13)));
    }

    #[test]
    fn a_pause_moves_the_due_date_by_the_business_days_inside_it() {
        // Asked Wed 25 Nov, answered Fri 27: 26 and 27 do not count → due moves from
        // Mon 7 Dec to Wed 9 Dec.
        let pause = [Pause { from: day(2026, 11, 25), until: Some(day(2026, 11, 27)) }];
        let d = cal().deadline(day(2026, 11, 20), 10, &pause, day(2026, 11, 30));
        assert_eq!(d.due, Some(day(2026, 12, 9)));
        // Two overlapping pauses count the shared days once.
        let overlapping = [
            Pause { from: day(2026, 11, 25), until: Some(day(2026, 11, 27)) },
            Pause { from: day(2026, 11, 26), until: Some(day(2026, 11, 26)) },
        ];
        assert_eq!(cal().deadline(day(2026, 11, 20), 10, &overlapping, day(2026, 11, 30)).due, Some(day(2026, 12, 9)));
    }

    #[test]
    fn an_open_pause_freezes_the_days_left() {
        let pause = [Pause { from: day(2026, 11, 25), until: None }];
        // Counted before the pause: 24, 25 → 8 left, on any later day.
        for today in [day(2026, 11, 26), day(2026, 12, 20)] {
            let d = cal().deadline(day(2026, 11, 20), 10, &pause, today);
            assert_eq!((d.due, d.business_days_left, d.paused), (None, 8, true));
            assert_eq!(d.urgency(), Urgency::Paused);
        }
    }

    #[test]
    fn days_left_count_business_days_and_turn_negative_when_late() {
        let c = cal();
        let on = |today| c.deadline(day(2026, 11, 20), 10, &[], today);
        assert_eq!(on(day(2026, 12, 7)).business_days_left, 0);
        assert_eq!(on(day(2026, 12, 7)).urgency(), Urgency::Soon);
        assert_eq!(on(day(2026, 12, 4)).business_days_left, 1);
        assert_eq!(on(day(2026, 11, 30)).business_days_left, 5);
        assert_eq!(on(day(2026, 11, 30)).urgency(), Urgency::Comfortable);
        assert_eq!(on(day(2026, 12, 1)).urgency(), Urgency::Soon);
        // Tue 8 and Wed 9 late; Thu 10, Fri 11 too; the weekend does not add.
        assert_eq!(on(day(2026, 12, 9)).business_days_left, -2);
        assert_eq!(on(day(2026, 12, 13)).business_days_left, -4);
        assert_eq!(on(day(2026, 12, 13)).urgency(), Urgency::Overdue);
    }

    #[test]
    fn a_zero_limit_is_due_on_receipt() {
        let d = cal().deadline(day(2026, 11, 20), 0, &[], day(2026, 11, 20));
        assert_eq!((d.due, d.business_days_left), (Some(day(2026, 11, 20)), 0));
    }

    #[test]
    fn the_end_of_the_calendar_does_not_panic() {
        let d = cal().deadline(NaiveDate::MAX, 10, &[], NaiveDate::MAX);
        assert_eq!(d.due, None);
        let p = [Pause { from: NaiveDate::MAX, until: None }];
        assert!(cal().deadline(NaiveDate::MAX, 10, &p, NaiveDate::MAX).paused);
    }

    #[test]
    fn bad_tables_and_closed_days_are_named() {
        assert_eq!(
            Calendar::parse_holidays("date,name\n2026-01-01,元日\n2026-13-01,x\n"),
            Err(CalendarError::Line { line: 3, reason: "not a date: 2026-13-01".into() })
        );
        assert!(matches!(
            Calendar::parse_holidays("2026-01-01,元日\n2026-01-01,元日"),
            Err(CalendarError::Line { line: 2, .. })
        ));
        assert!(matches!(Calendar::parse_holidays("2026-01-01"), Err(CalendarError::Line { line: 1, .. })));
        for bad in ["13-01..01-02", "12-29", "", "12-32..01-01"] {
            assert!(Calendar::parse_closed(bad).is_err(), "{bad}");
        }
        assert_eq!(Calendar::parse_closed("02-29..03-01").map(|v| v.len()), Ok(1));
    }
}
