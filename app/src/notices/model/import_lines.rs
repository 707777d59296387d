//! Reading the レセプト system's export: its columns, months and amounts in every usual
//! form, the check of each line, and a whole file with repeated レセプト refused.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::lines::{Category, NoticeRow};
use super::year::oldest_month;
use crate::csv_import::LineProblem;

/// The columns of the レセプト system's export, in any order (see the README).
pub const COLUMNS: [&str; 11] =
    ["記号", "番号", "枝番", "診療年月", "医療機関等名称", "区分", "日数", "医療費総額", "窓口負担額", "高額療養費", "付加給付"];

/// One checked line of the export: one person's care from one provider in one month.
/// The row's `member_id` is 0 until the 記号・番号・枝番 is found in the registry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportLine {
    /// 記号・番号・枝番 of the 受診者.
    pub card: (String, String, String),
    pub row: NoticeRow,
}

/// `YYYY-MM`, `YYYY/MM`, `YYYYMM`, `YYYY年M月` or 和暦 (`令和8年8月`), to (year, month).
pub fn parse_month(raw: &str) -> Option<(i32, u32)> {
    let s = kit::input::normalize(raw).replace('元', "1");
    let numbers: Vec<&str> = s.split(|c: char| !c.is_ascii_digit()).filter(|p| !p.is_empty()).collect();
    let era = if s.starts_with("令和") || s.starts_with('R') {
        Some("令和")
    } else if s.starts_with("平成") || s.starts_with('H') {
        Some("平成")
    } else {
        None
    };
    if let Some(era) = era {
        let [y, m] = numbers.as_slice() else { return None };
        let date = kit::input::parse_date(&format!("{era}{y}年{m}月1日")).ok()?;
        return Some((date.year(), date.month()));
    }
    let (year, month) = match numbers.as_slice() {
        [ym] if ym.len() == 6 => (ym[..4].parse().ok()?, ym[4..].parse().ok()?),
        [y, m] if y.len() == 4 && m.len() <= 2 => (y.parse().ok()?, m.parse().ok()?),
        _ => return None,
    };
    (1..=12).contains(&month).then_some((year, month))
}

/// An amount in yen: digits, with thousands separators, 円 or ¥ allowed. `Err(true)` for a
/// negative amount, `Err(false)` for anything else that is not a number.
pub fn parse_yen(raw: &str) -> Result<i64, bool> {
    let s: String = kit::input::normalize(raw)
        .chars()
        .filter(|c| !matches!(c, ',' | '円' | '¥' | '\\' | ' '))
        .collect();
    if let Some(rest) = s.strip_prefix('-') {
        return Err(!rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit()));
    }
    if s.is_empty() || s.len() > 12 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(false);
    }
    s.parse().map_err(|_| false)
}

/// Checks one line of the export, naming every problem. `today` bounds the month of care.
pub fn check_line<'r>(field: &'r dyn Fn(usize) -> &'r str, today: NaiveDate) -> Result<ImportLine, Vec<LineProblem>> {
    use kit::input::{normalize, normalize_code};
    let mut problems = Vec::new();
    let mut text = |i: usize, max: usize| -> String {
        let raw = field(i);
        if crate::csv_import::unmappable(raw) {
            problems.push(LineProblem::Unmappable(COLUMNS[i]));
        }
        let value = normalize(raw);
        if value.is_empty() {
            problems.push(LineProblem::Empty(COLUMNS[i]));
        } else if value.chars().count() > max {
            problems.push(LineProblem::TooLong(COLUMNS[i]));
        }
        value
    };
    let symbol = normalize_code(&text(0, 20));
    let number = normalize_code(&text(1, 20));
    let branch = normalize_code(&text(2, 2));
    let month_raw = text(3, 20);
    let provider = text(4, 100);
    let category_raw = text(5, 10);
    let days_raw = text(6, 4);
    let amounts_raw = [text(7, 16), text(8, 16), text(9, 16), text(10, 16)];

    let mut invalid = |ok: bool, column: usize| {
        if !ok {
            problems.push(LineProblem::Invalid(COLUMNS[column]));
        }
    };
    invalid(symbol.is_empty() || symbol.chars().all(char::is_alphanumeric), 0);
    invalid(number.is_empty() || number.chars().all(char::is_alphanumeric), 1);
    invalid(branch.is_empty() || (branch.len() == 2 && branch.bytes().all(|b| b.is_ascii_digit())), 2);
    let month = parse_month(&month_raw);
    invalid(month_raw.is_empty() || month.is_some(), 3);
    let category = Category::parse(&category_raw);
    invalid(category_raw.is_empty() || category.is_some(), 5);
    let days = days_raw.parse::<i64>().ok().filter(|d| (0..=31).contains(d));
    invalid(days_raw.is_empty() || days.is_some(), 6);
    let mut amounts = [0i64; 4];
    for (i, raw) in amounts_raw.iter().enumerate() {
        match parse_yen(raw) {
            Ok(v) => amounts[i] = v,
            Err(true) => problems.push(LineProblem::Negative(COLUMNS[7 + i])),
            Err(false) if raw.is_empty() => {}
            Err(false) => problems.push(LineProblem::Invalid(COLUMNS[7 + i])),
        }
    }
    let [total_cost, copay, high_cost, additional] = amounts;
    if copay > total_cost {
        problems.push(LineProblem::Exceeds { part: COLUMNS[8], whole: COLUMNS[7] });
    }
    if high_cost.saturating_add(additional) > copay {
        problems.push(LineProblem::Exceeds { part: "高額療養費・付加給付", whole: COLUMNS[8] });
    }
    if let Some((y, m)) = month {
        let newest = (today.year(), today.month());
        if (y, m) > newest || (y, m) < oldest_month(today) {
            problems.push(LineProblem::MonthOutOfRange);
        }
    }
    problems.dedup();
    match (month, category, days) {
        (Some((y, m)), Some(category), Some(days)) if problems.is_empty() => Ok(ImportLine {
            card: (symbol, number, branch),
            row: NoticeRow {
                member_id: 0,
                month: format!("{y:04}-{m:02}"),
                provider,
                category,
                days,
                total_cost,
                copay,
                high_cost,
                additional,
            },
        }),
        _ => Err(problems),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notices::model::testing::{GOOD, TODAY, d};

    fn line(fields: [&str; 11]) -> Result<ImportLine, Vec<LineProblem>> {
        check_line(&|i: usize| fields.get(i).copied().unwrap_or(""), d(TODAY))
    }


    #[test]
    fn a_good_line_is_read() {
        let l = line(GOOD).unwrap();
        assert_eq!(l.card, ("1001".into(), "23".into(), "03".into()));
        assert_eq!(l.row.month, "2026-08");
        assert_eq!(l.row.category, Category::Outpatient);
        assert_eq!((l.row.days, l.row.total_cost, l.row.copay), (2, 6420, 1280));
    }

    #[test]
    fn months_are_read_in_every_usual_form() {
        for raw in ["2026-08", "2026/8", "202608", "2026年8月", "令和8年8月", "R8.8", "２０２６－０８"] {
            assert_eq!(parse_month(raw), Some((2026, 8)), "{raw}");
        }
        for raw in ["2026-13", "26-08", "August", "", "2026-08-01"] {
            assert_eq!(parse_month(raw), None, "{raw}");
        }
    }

    #[test]
    fn amounts_accept_separators_and_refuse_negatives() {
        assert_eq!(parse_yen("1,234円"), Ok(1234));
        assert_eq!(parse_yen("¥０"), Ok(0));
        assert_eq!(parse_yen("-5"), Err(true));
        assert_eq!(parse_yen("12a"), Err(false));
        assert_eq!(parse_yen("9999999999999"), Err(false));
    }

    #[test]
    fn every_problem_of_a_line_is_named() {
        let mut bad = GOOD;
        bad[3] = "2027-01";
        bad[5] = "鍼灸";
        bad[6] = "40";
        bad[7] = "-100";
        let p = line(bad).unwrap_err();
        for expected in [
            LineProblem::MonthOutOfRange,
            LineProblem::Invalid("区分"),
            LineProblem::Invalid("日数"),
            LineProblem::Negative("医療費総額"),
        ] {
            assert!(p.contains(&expected), "{expected:?} missing from {p:?}");
        }
        let mut over = GOOD;
        over[8] = "7000";
        assert!(line(over).unwrap_err().contains(&LineProblem::Exceeds { part: "窓口負担額", whole: "医療費総額" }));
        let mut benefit = GOOD;
        benefit[9] = "1000";
        benefit[10] = "500";
        assert!(
            line(benefit).unwrap_err().contains(&LineProblem::Exceeds { part: "高額療養費・付加給付", whole: "窓口負担額" })
        );
        let mut old = GOOD;
        old[3] = "2020-12";
        assert_eq!(line(old).unwrap_err(), vec![LineProblem::MonthOutOfRange]);
        old[3] = "2021-01";
        assert!(line(old).is_ok());
        let mut empty = GOOD;
        empty[4] = " ";
        assert_eq!(line(empty).unwrap_err(), vec![LineProblem::Empty("医療機関等名称")]);
    }
}
