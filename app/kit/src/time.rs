//! Time, the one way: instants are UTC; civil dates (receipt dates, due dates, effective
//! dates, birthdays) are computed in Asia/Tokyo; dates are shown as 西暦 with 和暦
//! alongside. Every "now" comes from an injected [`Clock`], so tests set time instead of
//! sleeping.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Offset, Utc};
use std::sync::{Arc, RwLock};

use crate::i18n::Messages;

/// Japan has kept UTC+9 without daylight saving since 1951, so a fixed offset is exact
/// for every date this portal handles and needs no time-zone database in the browser.
pub fn tokyo() -> FixedOffset {
    // 9 h is always within the valid range of a FixedOffset; the fallback is unreachable.
    FixedOffset::east_opt(9 * 3600).unwrap_or_else(|| Utc.fix())
}

/// The civil date in Tokyo at an instant.
pub fn tokyo_date(instant: DateTime<Utc>) -> NaiveDate {
    instant.with_timezone(&tokyo()).date_naive()
}

/// Where "now" comes from.
pub trait Clock: Send + Sync + std::fmt::Debug {
    fn now(&self) -> DateTime<Utc>;

    fn today_tokyo(&self) -> NaiveDate {
        tokyo_date(self.now())
    }
}

#[derive(Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock tests (and the demo) set by hand.
#[derive(Debug, Clone)]
pub struct FixedClock(Arc<RwLock<DateTime<Utc>>>);

impl FixedClock {
    pub fn new(at: DateTime<Utc>) -> Self {
        Self(Arc::new(RwLock::new(at)))
    }

    pub fn set(&self, at: DateTime<Utc>) {
        if let Ok(mut guard) = self.0.write() {
            *guard = at;
        }
    }

    pub fn advance(&self, by: chrono::Duration) {
        if let Ok(mut guard) = self.0.write() {
            *guard += by;
        }
    }
}

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        self.0.read().map(|t| *t).unwrap_or_else(|e| *e.into_inner())
    }
}

/// A Japanese era (元号) and the first day of it in the Gregorian calendar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Era {
    pub name: &'static str,
    pub start: (i32, u32, u32),
}

/// Eras from 明治 (the first with a Gregorian calendar in Japan, from 明治6年).
pub const ERAS: [Era; 5] = [
    Era { name: "令和", start: (2019, 5, 1) },
    Era { name: "平成", start: (1989, 1, 8) },
    Era { name: "昭和", start: (1926, 12, 25) },
    Era { name: "大正", start: (1912, 7, 30) },
    Era { name: "明治", start: (1868, 10, 23) },
];

/// The era and year within it for a date, or `None` before 明治.
pub fn wareki(date: NaiveDate) -> Option<(&'static str, i32)> {
    ERAS.iter().find_map(|era| {
        let (y, m, d) = era.start;
        let start = NaiveDate::from_ymd_opt(y, m, d)?;
        (date >= start).then(|| (era.name, date.year() - y + 1))
    })
}

/// English month names (kept out of chrono's formatter to keep the browser bundle small).
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// 「2026年11月22日」.
pub fn format_seireki(date: NaiveDate) -> String {
    format!("{}年{}月{}日", date.year(), date.month(), date.day())
}

/// 「令和8年11月22日」, with 元年 for the first year.
pub fn format_wareki(date: NaiveDate) -> Option<String> {
    let (era, year) = wareki(date)?;
    let year = if year == 1 { "元".to_string() } else { year.to_string() };
    Some(format!("{era}{year}年{}月{}日", date.month(), date.day()))
}

crate::catalogue! { impl Messages;
    // A date with its era year (`era_year` is 元 for the first year); English has no era.
    date_with_era(year: i32, month: u32, day: u32, month_name: &str, era: &str, era_year: &str):
        "{year}年{month}月{day}日（{era}{era_year}年）", "{day} {month_name} {year}";
    // A date before the eras this portal knows.
    date_without_era(year: i32, month: u32, day: u32, month_name: &str):
        "{year}年{month}月{day}日", "{day} {month_name} {year}";
}

/// 「2026年11月22日（令和8年）」 in Japanese; ISO-like 「22 Nov 2026」 in English.
pub fn format_date(date: NaiveDate, lang: crate::i18n::Lang) -> String {
    let t = Messages::of(lang);
    let month_name = MONTHS_EN[date.month0() as usize];
    match wareki(date) {
        Some((era, year)) => {
            let era_year = if year == 1 { "元".to_string() } else { year.to_string() };
            t.date_with_era(date.year(), date.month(), date.day(), month_name, era, &era_year)
        }
        None => t.date_without_era(date.year(), date.month(), date.day(), month_name),
    }
}

/// A month, for periods of レセプト and 健診 data.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct Month {
    pub year: i32,
    pub month: u32,
}

impl Month {
    /// `2025-04`, `2025/4`, `2025年4月` (full-width digits too).
    pub fn parse(raw: &str) -> Option<Month> {
        let text = crate::input::normalize(raw);
        let digits: Vec<&str> = text
            .split(['-', '/', '.', '年', '月', ' '])
            .filter(|s| !s.is_empty())
            .collect();
        let [y, m] = digits.as_slice() else { return None };
        let (year, month) = (y.parse::<i32>().ok()?, m.parse::<u32>().ok()?);
        ((1900..=9999).contains(&year) && (1..=12).contains(&month)).then_some(Month { year, month })
    }

    pub fn of(date: NaiveDate) -> Month {
        Month { year: date.year(), month: date.month() }
    }
}

impl std::fmt::Display for Month {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// A stored instant (UTC, RFC 3339) as Tokyo wall time, `YYYY-MM-DD HH:MM:SS`.
pub fn tokyo_time(stored: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(stored)
        .map(|t| t.with_timezone(&tokyo()).format("%Y-%m-%d %H:%M:%S").to_string())
        .unwrap_or_else(|_| stored.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn era_boundaries() {
        assert_eq!(wareki(d(2019, 4, 30)), Some(("平成", 31)));
        assert_eq!(wareki(d(2019, 5, 1)), Some(("令和", 1)));
        assert_eq!(wareki(d(1989, 1, 7)), Some(("昭和", 64)));
        assert_eq!(wareki(d(1989, 1, 8)), Some(("平成", 1)));
        assert_eq!(wareki(d(1926, 12, 24)), Some(("大正", 15)));
        assert_eq!(wareki(d(1926, 12, 25)), Some(("昭和", 1)));
        assert_eq!(wareki(d(1912, 7, 30)), Some(("大正", 1)));
        assert_eq!(wareki(d(1868, 10, 22)), None);
    }

    #[test]
    fn dates_shown_as_seireki_with_wareki() {
        assert_eq!(format_seireki(d(2026, 11, 22)), "2026年11月22日");
        assert_eq!(format_wareki(d(2026, 11, 22)).as_deref(), Some("令和8年11月22日"));
        assert_eq!(format_wareki(d(2019, 5, 1)).as_deref(), Some("令和元年5月1日"));
        assert_eq!(format_date(d(2025, 4, 1), crate::i18n::Lang::Ja), "2025年4月1日（令和7年）");
        assert_eq!(format_date(d(2025, 4, 1), crate::i18n::Lang::En), "1 April 2025");
    }

    #[test]
    fn tokyo_date_turns_at_15_utc() {
        let before = "2026-03-31T14:59:59Z".parse::<DateTime<Utc>>().unwrap();
        let after = "2026-03-31T15:00:00Z".parse::<DateTime<Utc>>().unwrap();
        assert_eq!(tokyo_date(before), d(2026, 3, 31));
        assert_eq!(tokyo_date(after), d(2026, 4, 1));
    }

    #[test]
    fn fixed_clock_moves_only_when_told() {
        let clock = FixedClock::new("2026-11-22T00:00:00Z".parse().unwrap());
        assert_eq!(clock.today_tokyo(), d(2026, 11, 22));
        clock.advance(chrono::Duration::hours(15));
        assert_eq!(clock.today_tokyo(), d(2026, 11, 23));
    }

    #[test]
    fn stored_instants_read_in_tokyo_time() {
        assert_eq!(tokyo_time("2026-11-22T15:30:00.000000Z"), "2026-11-23 00:30:00");
        assert_eq!(tokyo_time("garbage"), "garbage");
    }
}
