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

/// Every line of an export, checked; duplicates of a レセプト within the file are refused.
#[cfg(feature = "ssr")]
pub fn parse_csv(text: &str, today: NaiveDate) -> (Vec<(usize, ImportLine)>, Vec<crate::csv_import::RejectedLine>) {
    let (lines, mut rejected) = crate::csv_import::read_lines(text, &COLUMNS, |field| check_line(field, today));
    // The first line of each レセプト is kept; a repeat is refused, naming it.
    let mut first = std::collections::HashMap::with_capacity(lines.len());
    let repeats: Vec<Option<usize>> = lines
        .iter()
        .map(|(line, l)| {
            let key = (&l.card, &l.row.month, &l.row.provider, l.row.category);
            match first.get(&key) {
                Some(&first_line) => Some(first_line),
                None => {
                    first.insert(key, *line);
                    None
                }
            }
        })
        .collect();
    drop(first);
    let mut good = Vec::with_capacity(lines.len());
    for ((line, l), repeat) in lines.into_iter().zip(repeats) {
        match repeat {
            Some(first_line) => {
                rejected.push(crate::csv_import::RejectedLine { line, problems: vec![LineProblem::DuplicateKey { first_line }] })
            }
            None => good.push((line, l)),
        }
    }
    rejected.sort_by_key(|r| r.line);
    (good, rejected)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notices::model::testing::{TODAY, d};

    fn line(fields: [&str; 11]) -> Result<ImportLine, Vec<LineProblem>> {
        check_line(&|i: usize| fields.get(i).copied().unwrap_or(""), d(TODAY))
    }

    const GOOD: [&str; 11] = ["1001", "23", "03", "2026-08", "あおば小児科（架空）", "医科外来", "2", "6,420", "1,280", "0", "0"];

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

    /// One CSV line, every field quoted (amounts carry thousands separators).
    #[cfg(feature = "ssr")]
    fn csv_line(fields: [&str; 11]) -> String {
        fields.map(|f| format!("\"{f}\"")).join(",")
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn a_file_is_checked_line_by_line_and_duplicates_refused() {
        let text = format!(
            "{}\n{}\n{}\n1001,23\n{}\n",
            COLUMNS.join(","),
            csv_line(GOOD),
            csv_line(GOOD),
            csv_line(GOOD.map(|f| if f == "医科外来" { "調剤" } else { f }))
        );
        let (good, rejected) = parse_csv(&text, d(TODAY));
        assert_eq!(good.len(), 2);
        assert_eq!(rejected.len(), 2);
        assert_eq!(rejected[0].line, 3);
        assert_eq!(rejected[0].problems, vec![LineProblem::DuplicateKey { first_line: 2 }]);
        assert_eq!(rejected[1].problems, vec![LineProblem::WrongFieldCount { expected: 11, found: 2 }]);
        let (_, rejected) = parse_csv("記号,番号\n1,2\n", d(TODAY));
        assert_eq!(rejected[0].line, 1);
        assert!(rejected[0].problems.contains(&LineProblem::MissingColumn("診療年月".into())));
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn shift_jis_exports_read_like_utf8() {
        let text = format!("{}\n{}\n", COLUMNS.join(","), csv_line(GOOD));
        let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(&text);
        let (decoded, was_sjis) = crate::csv_import::decode(&bytes);
        assert!(was_sjis);
        assert_eq!(parse_csv(&decoded, d(TODAY)).0[0].1.row.provider, "あおば小児科(架空)");
    }
}
