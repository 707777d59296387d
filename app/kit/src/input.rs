//! Input as people type it: full-width digits and spaces, 和暦 dates, hyphens of every
//! kind. Pure functions, shared by forms and the registry import.

use chrono::{Datelike, NaiveDate};
use unicode_normalization::UnicodeNormalization;

use crate::time::ERAS;

/// NFKC (full-width → half-width digits and Latin letters, half-width → full-width kana),
/// then trimmed, with runs of white space (incl. the ideographic space) made one space.
pub fn normalize(raw: &str) -> String {
    // Most text (every line of a large import) is already NFKC: skip re-composing it.
    let nfkc: std::borrow::Cow<'_, str> = if already_nfkc(raw) { raw.into() } else { raw.nfkc().collect::<String>().into() };
    if single_spaced(&nfkc) {
        return nfkc.into_owned();
    }
    nfkc.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether `s` is already as [`normalize`] leaves it: no space at either end, and only
/// single ASCII spaces between words.
fn single_spaced(s: &str) -> bool {
    let mut after_space = true;
    for c in s.chars() {
        if c.is_whitespace() {
            if after_space || c != ' ' {
                return false;
            }
            after_space = true;
        } else {
            after_space = false;
        }
    }
    !after_space || s.is_empty()
}

fn already_nfkc(raw: &str) -> bool {
    raw.is_ascii() || unicode_normalization::is_nfkc_quick(raw.chars()) == unicode_normalization::IsNormalized::Yes
}

/// Whether two texts differ only in notation: full-width and half-width forms (（ and (,
/// ３ and 3), and white space anywhere. A change of wording is not a change of notation.
pub fn same_notation(a: &str, b: &str) -> bool {
    let plain = |s: &str| s.nfkc().filter(|c| !c.is_whitespace()).collect::<String>();
    plain(a) == plain(b)
}

/// Free text of several lines (messages, reasons): each line as [`normalize`], the line
/// breaks kept, blank lines at either end dropped.
pub fn normalize_text(raw: &str) -> String {
    raw.lines().map(normalize).collect::<Vec<_>>().join("\n").trim().to_string()
}

/// An identifier typed by a person (記号, 番号, 枝番, 郵便番号): NFKC, and every space and
/// dash-like character removed (ー − ‐ - ― and the like are all seen in the wild).
pub fn normalize_code(raw: &str) -> String {
    let keep = |c: &char| !c.is_whitespace() && !matches!(c, '-' | '‐' | '‑' | '‒' | '–' | '—' | '―' | 'ー' | '−' | '－' | 'ｰ');
    if raw.is_ascii() { raw.chars().filter(keep).collect() } else { raw.nfkc().filter(keep).collect() }
}

/// Why a date was not understood.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateError {
    Empty,
    Format,
    /// 2月30日, 平成32年 (after 平成 ended), 令和0年 …
    NoSuchDate,
}

/// A date as people and core systems write it:
/// `2007-05-10`, `2007/5/10`, `20070510`, `2007年5月10日`, `平成19年5月10日`, `H19.5.10`,
/// `令和元年5月1日`, `R1/5/1`. Full-width digits are fine. A 和暦 date must fall inside its
/// era (令和元年4月30日 does not exist).
pub fn parse_date(raw: &str) -> Result<NaiveDate, DateError> {
    let s = normalize(raw);
    if s.is_empty() {
        return Err(DateError::Empty);
    }
    let (era, rest) = split_era(&s);
    let numbers = numbers_of(rest)?;
    let (year, month, day) = match (era, numbers.as_slice()) {
        (None, [ymd]) if rest.trim().len() == 8 => (ymd / 10000, (ymd / 100) % 100, ymd % 100),
        (_, [y, m, d]) => (*y, *m, *d),
        _ => return Err(DateError::Format),
    };
    let (month, day) =
        (u32::try_from(month).map_err(|_| DateError::Format)?, u32::try_from(day).map_err(|_| DateError::Format)?);
    match era {
        None => {
            let year = i32::try_from(year).map_err(|_| DateError::Format)?;
            if !(1868..=2200).contains(&year) {
                return Err(DateError::NoSuchDate);
            }
            NaiveDate::from_ymd_opt(year, month, day).ok_or(DateError::NoSuchDate)
        }
        Some(index) => {
            let era = ERAS[index];
            let year = i32::try_from(year).map_err(|_| DateError::Format)?;
            if year < 1 {
                return Err(DateError::NoSuchDate);
            }
            let (start_year, start_month, start_day) = era.start;
            let date = NaiveDate::from_ymd_opt(start_year + year - 1, month, day).ok_or(DateError::NoSuchDate)?;
            let start = NaiveDate::from_ymd_opt(start_year, start_month, start_day).ok_or(DateError::NoSuchDate)?;
            // Inside the era: not before its first day, not after the next era began.
            let next_start = index.checked_sub(1).and_then(|i| {
                let (y, m, d) = ERAS[i].start;
                NaiveDate::from_ymd_opt(y, m, d)
            });
            if date < start || next_start.is_some_and(|n| date >= n) {
                return Err(DateError::NoSuchDate);
            }
            Ok(date)
        }
    }
}

/// The era prefix (漢字 name, or its initial M/T/S/H/R), as an index into [`ERAS`].
fn split_era(s: &str) -> (Option<usize>, &str) {
    const INITIALS: [&str; 5] = ["R", "H", "S", "T", "M"];
    for (i, era) in ERAS.iter().enumerate() {
        if let Some(rest) = s.strip_prefix(era.name) {
            return (Some(i), rest);
        }
        let upper = s.get(..1).map(str::to_ascii_uppercase);
        if upper.as_deref() == Some(INITIALS[i]) {
            return (Some(i), &s[1..]);
        }
    }
    (None, s)
}

/// The numbers of a date, with 元年 as 1; separators: - / . 年 月 日 and spaces.
fn numbers_of(rest: &str) -> Result<Vec<i64>, DateError> {
    let rest = rest.replacen('元', "1", 1);
    let mut numbers = Vec::new();
    let mut current = String::new();
    for c in rest.chars() {
        if c.is_ascii_digit() {
            current.push(c);
        } else if matches!(c, '-' | '/' | '.' | '年' | '月' | '日' | ' ') {
            if !current.is_empty() {
                numbers.push(current.parse::<i64>().map_err(|_| DateError::Format)?);
                current.clear();
            }
        } else {
            return Err(DateError::Format);
        }
        if current.len() > 8 {
            return Err(DateError::Format);
        }
    }
    if !current.is_empty() {
        numbers.push(current.parse::<i64>().map_err(|_| DateError::Format)?);
    }
    Ok(numbers)
}

/// Adulthood (民法4条: 18 years, since 2022-04-01). Under 年齢計算ニ関スル法律 a person
/// gains a year at the end of the day before their birthday, so they are an adult from
/// the first moment of their 18th birthday; one born on 29 February becomes an adult on
/// 1 March in a common year.
pub fn adult_from(birth: NaiveDate) -> NaiveDate {
    let year = birth.year() + 18;
    NaiveDate::from_ymd_opt(year, birth.month(), birth.day())
        .or_else(|| NaiveDate::from_ymd_opt(year, 3, 1))
        .unwrap_or(NaiveDate::MAX)
}

/// Whether the person born on `birth` is an adult on `today` (a Tokyo civil date).
pub fn is_adult(birth: NaiveDate, today: NaiveDate) -> bool {
    today >= adult_from(birth)
}

/// Completed years of age on `today`.
pub fn age_on(birth: NaiveDate, today: NaiveDate) -> i32 {
    let mut age = today.year() - birth.year();
    if (today.month(), today.day()) < (birth.month(), birth.day()) {
        age -= 1;
    }
    age.max(0)
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_change_of_notation_is_told_from_a_change_of_wording() {
        assert!(super::same_notation("健康診断（特定健診）", "健康診断(特定健診)"));
        assert!(super::same_notation("保険給付の実施", "保険給付の 実施"));
        assert!(super::same_notation("第３条", "第3条"));
        assert!(super::same_notation("ｶﾅ", "カナ"));
        assert!(!super::same_notation("資格に関する情報", "資格情報"));
        assert!(!super::same_notation("健康診断（特定健診）", "健康診断【特定健診】"));
    }
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn full_width_digits_and_spaces_are_normalised() {
        assert_eq!(normalize("　１２３４　 ５６ "), "1234 56");
        assert_eq!(normalize("ｱｵﾊﾞ ﾀﾛｳ"), "アオバ タロウ");
        // Text already tidy is kept as it is; any other spacing is collapsed.
        for tidy in ["", "あおば内科", "a b c", "青葉 太郎"] {
            assert_eq!(normalize(tidy), tidy);
        }
        for (raw, want) in [(" a", "a"), ("a ", "a"), ("a  b", "a b"), ("a\tb", "a b"), ("a\u{3000}b", "a b"), ("\n", "")] {
            assert_eq!(normalize(raw), want, "{raw:?}");
        }
        assert_eq!(normalize_code("１０ー０１－２３ 4"), "1001234");
        assert_eq!(normalize_code("100‐0005"), "1000005");
    }

    #[test]
    fn seireki_in_the_forms_people_write() {
        for s in ["2007-05-10", "2007/5/10", "20070510", "2007年5月10日", "２００７年５月１０日", " 2007.05.10 "]
        {
            assert_eq!(parse_date(s), Ok(d("2007-05-10")), "{s}");
        }
    }

    #[test]
    fn wareki_with_era_names_and_initials() {
        assert_eq!(parse_date("平成19年5月10日"), Ok(d("2007-05-10")));
        assert_eq!(parse_date("H19.5.10"), Ok(d("2007-05-10")));
        assert_eq!(parse_date("h19/05/10"), Ok(d("2007-05-10")));
        assert_eq!(parse_date("令和元年5月1日"), Ok(d("2019-05-01")));
        assert_eq!(parse_date("R1/5/1"), Ok(d("2019-05-01")));
        assert_eq!(parse_date("昭和55年1月15日"), Ok(d("1980-01-15")));
        assert_eq!(parse_date("昭和64年1月7日"), Ok(d("1989-01-07")));
        assert_eq!(parse_date("大正15年12月24日"), Ok(d("1926-12-24")));
        assert_eq!(parse_date("Ｓ５５．１．１５"), Ok(d("1980-01-15")));
    }

    #[test]
    fn dates_outside_their_era_or_calendar_are_refused() {
        assert_eq!(parse_date("令和元年4月30日"), Err(DateError::NoSuchDate));
        assert_eq!(parse_date("平成31年5月1日"), Err(DateError::NoSuchDate));
        assert_eq!(parse_date("昭和64年1月8日"), Err(DateError::NoSuchDate));
        assert_eq!(parse_date("令和0年1月1日"), Err(DateError::NoSuchDate));
        assert_eq!(parse_date("2023-02-29"), Err(DateError::NoSuchDate));
        assert_eq!(parse_date("2007-13-01"), Err(DateError::NoSuchDate));
        assert_eq!(parse_date(""), Err(DateError::Empty));
        for bad in ["abc", "2007-05", "99999999999", "平成", "2007-05-10-01", "2007年5月10日生"] {
            assert!(parse_date(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn adulthood_starts_on_the_18th_birthday() {
        let birth = d("2008-05-10");
        assert!(!is_adult(birth, d("2026-05-09")));
        assert!(is_adult(birth, d("2026-05-10")));
        assert_eq!(age_on(birth, d("2026-05-09")), 17);
        assert_eq!(age_on(birth, d("2026-05-10")), 18);
    }

    #[test]
    fn born_on_29_february() {
        let birth = d("2008-02-29");
        assert_eq!(adult_from(birth), d("2026-03-01"));
        assert!(!is_adult(birth, d("2026-02-28")));
        assert!(is_adult(birth, d("2026-03-01")));
        assert_eq!(adult_from(d("2006-02-28")), d("2024-02-28"));
    }
}
