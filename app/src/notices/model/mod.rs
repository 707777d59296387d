//! 医療費のお知らせ, the pure part: the レセプト system's CSV lines and their checks, who in
//! a household sees whose lines, the totals, the 医療費控除 statement with its masking,
//! and the chart's geometry. Every rule here is a function of its inputs (and "today").
//! - `lines`: one line (one レセプト) and its 区分;
//! - `import_lines`: the export's columns and the check of each line and file;
//! - `household`: household display (世帯表示) and the people it lists;
//! - `year`: totals, months and years of the member's yearly view;
//! - `coverage`: the year the page opens on, whether a year is complete, lines by month;
//! - `statement`: the 医療費控除 statement, masked, and its CSV;
//! - `chart`: yen formatting and the monthly chart's bars.

mod chart;
mod coverage;
mod household;
mod import_lines;
mod lines;
mod statement;
mod year;

pub use chart::{Bar, CHART_BASE, CHART_TOP, CHART_WIDTH, bars, yen};
pub use coverage::{Coverage, MonthGroup, by_month, coverage, default_year};
pub use household::{DisplayChoice, NoticePerson, Visibility, visibility};
pub use import_lines::{COLUMNS, ImportLine, check_line, parse_month, parse_yen};
pub use lines::{Category, NoticeRow};
pub use statement::{STATEMENT_CSV_COLUMNS, Statement, StatementRow, mask, statement, statement_csv};
pub use year::{NoticeYear, Totals, monthly_copay, months_between, oldest_month, totals, years};

/// Fixtures shared by the tests of the parts.
#[cfg(test)]
pub(crate) mod testing {
    use chrono::NaiveDate;

    use super::{Category, NoticeRow};

    pub(crate) fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    pub(crate) const TODAY: &str = "2026-11-22";

    /// A good line of the レセプト system's export.
    pub(crate) const GOOD: [&str; 11] =
        ["1001", "23", "03", "2026-08", "あおば小児科（架空）", "医科外来", "2", "6,420", "1,280", "0", "0"];

    pub(crate) fn row(member_id: i64, month: &str, copay: i64, high_cost: i64) -> NoticeRow {
        NoticeRow {
            member_id,
            month: month.into(),
            provider: "P".into(),
            category: Category::Outpatient,
            days: 1,
            total_cost: copay * 3,
            copay,
            high_cost,
            additional: 0,
        }
    }
}
