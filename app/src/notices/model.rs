//! 医療費のお知らせ, the pure part: the レセプト system's CSV lines and their checks, who in
//! a household sees whose lines, the totals, the 医療費控除 statement with its masking,
//! and the chart's geometry. Every rule here is a function of its inputs (and "today").

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::csv_import::LineProblem;
use crate::identity::lifecycle::HouseholdAccess;
use kit::time::Month;

/// 区分: the kind of care a レセプト bills.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// 医科入院
    Inpatient,
    /// 医科外来
    Outpatient,
    /// 歯科
    Dental,
    /// 調剤 (a pharmacy)
    Pharmacy,
    /// 訪問看護
    HomeNursing,
}

impl Category {
    pub const ALL: [Category; 5] =
        [Category::Inpatient, Category::Outpatient, Category::Dental, Category::Pharmacy, Category::HomeNursing];

    pub fn parse(raw: &str) -> Option<Category> {
        match kit::input::normalize(raw).as_str() {
            "医科入院" | "入院" => Some(Category::Inpatient),
            "医科外来" | "外来" | "医科" => Some(Category::Outpatient),
            "歯科" => Some(Category::Dental),
            "調剤" | "薬局" => Some(Category::Pharmacy),
            "訪問看護" => Some(Category::HomeNursing),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Category::Inpatient => "inpatient",
            Category::Outpatient => "outpatient",
            Category::Dental => "dental",
            Category::Pharmacy => "pharmacy",
            Category::HomeNursing => "home_nursing",
        }
    }

    pub fn from_code(code: &str) -> Option<Category> {
        Self::ALL.into_iter().find(|c| c.code() == code)
    }

    pub fn label(self, ja: bool) -> &'static str {
        match (self, ja) {
            (Category::Inpatient, true) => "医科入院",
            (Category::Outpatient, true) => "医科外来",
            (Category::Dental, true) => "歯科",
            (Category::Pharmacy, true) => "調剤",
            (Category::HomeNursing, true) => "訪問看護",
            (Category::Inpatient, false) => "Hospital stay",
            (Category::Outpatient, false) => "Outpatient",
            (Category::Dental, false) => "Dental",
            (Category::Pharmacy, false) => "Pharmacy",
            (Category::HomeNursing, false) => "Home nursing",
        }
    }
}

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

/// The oldest month of care the portal keeps: notices are kept five years (and the
/// current one), as 医療費控除 can be claimed back five years.
pub fn oldest_month(today: NaiveDate) -> (i32, u32) {
    (today.year() - 5, 1)
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

/// A person's recorded choice about showing their lines to the 被保険者 (世帯表示).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DisplayChoice {
    /// 同意: show my lines in the household's notices.
    Consent,
    /// 表示しない: do not.
    OptOut,
}

impl DisplayChoice {
    pub fn code(self) -> &'static str {
        match self {
            DisplayChoice::Consent => "consent",
            DisplayChoice::OptOut => "opt_out",
        }
    }

    pub fn from_code(code: &str) -> Option<DisplayChoice> {
        match code {
            "consent" => Some(DisplayChoice::Consent),
            "opt_out" => Some(DisplayChoice::OptOut),
            _ => None,
        }
    }
}

/// Whether the viewer sees a person's lines, and why.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    /// The viewer's own lines.
    Own,
    /// A minor dependent: the 被保険者 sees them as 法定代理人, unless they opted out.
    Minor,
    /// An adult who consented (in their own account or on paper).
    Consented,
    /// An adult who has not consented: their lines are theirs.
    NeedsConsent,
    /// The person asked that their lines not be shown in the household.
    OptedOut,
    /// Not someone whose lines this viewer could ever see.
    NotHousehold,
}

impl Visibility {
    pub fn shown(self) -> bool {
        matches!(self, Visibility::Own | Visibility::Minor | Visibility::Consented)
    }
}

/// Household display: an adult's lines are shown to the 被保険者 only with that adult's
/// recorded consent (paper-era household notices are the default only where consent is
/// recorded); a minor's are shown to the 被保険者 as legal representative unless the minor
/// opted out; the latest choice counts, so consent is revocable. The 18th birthday
/// switches a dependent from the one rule to the other that day (see `household_access`).
pub fn visibility(access: HouseholdAccess, latest: Option<DisplayChoice>) -> Visibility {
    match (access, latest) {
        (HouseholdAccess::Own, _) => Visibility::Own,
        (HouseholdAccess::None, _) => Visibility::NotHousehold,
        (HouseholdAccess::LegalRepresentative | HouseholdAccess::AdultNeedsConsent, Some(DisplayChoice::OptOut)) => {
            Visibility::OptedOut
        }
        (HouseholdAccess::LegalRepresentative, _) => Visibility::Minor,
        (HouseholdAccess::AdultNeedsConsent, Some(DisplayChoice::Consent)) => Visibility::Consented,
        (HouseholdAccess::AdultNeedsConsent, None) => Visibility::NeedsConsent,
    }
}

/// One line (one レセプト) as stored and as the member sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeRow {
    pub member_id: i64,
    pub month: String,
    pub provider: String,
    pub category: Category,
    pub days: i64,
    pub total_cost: i64,
    pub copay: i64,
    pub high_cost: i64,
    pub additional: i64,
}

impl NoticeRow {
    /// 補てんされる金額: what the society paid back of the 窓口負担額.
    pub fn compensated(&self) -> i64 {
        self.high_cost.saturating_add(self.additional)
    }

    /// The month number (1–12) of `month`.
    pub fn month_number(&self) -> Option<u32> {
        self.month.get(5..7).and_then(|m| m.parse().ok()).filter(|m| (1..=12).contains(m))
    }
}

/// A person of the household as the notices page lists them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticePerson {
    pub member_id: i64,
    pub name: String,
    /// The relationship code (`insured`, `spouse`, …).
    pub relationship: String,
    pub visibility: Visibility,
    pub totals: Totals,
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
}

/// The years a member may ask for: this year and the five before, newest first.
pub fn years(today: NaiveDate) -> Vec<i32> {
    (oldest_month(today).0..=today.year()).rev().collect()
}

/// 保険者番号 and 記号・番号 on anything meant for a tax return: hidden entirely, with a
/// fixed width so that not even their length shows (健康保険法 告知要求制限).
pub fn mask(_value: &str) -> &'static str {
    "＊＊＊＊"
}

/// One row of the 医療費控除 statement: the six items the tax office asks for come from
/// the statement's header (被保険者等の氏名, 保険者等の名称) and these rows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatementRow {
    /// 療養を受けた年月
    pub month: String,
    /// 療養を受けた者
    pub patient: String,
    /// 医療機関等の名称
    pub provider: String,
    pub category: Category,
    /// 支払った医療費の額 (窓口負担額)
    pub paid: i64,
    /// 補てんされる金額 (高額療養費・付加給付)
    pub compensated: i64,
}

/// The yearly statement for a 医療費控除 claim.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Statement {
    pub year: i32,
    /// 被保険者等の氏名 (the person the statement is for).
    pub insured_name: String,
    /// 保険者等の名称
    pub insurer_name: String,
    /// Always masked: see [`mask`].
    pub insurer_number: String,
    pub card: String,
    pub rows: Vec<StatementRow>,
    pub total_paid: i64,
    pub total_compensated: i64,
    /// The newest month of care the data reaches (the rest of the year may follow later).
    pub latest_month: Option<String>,
}

/// Builds the statement from the lines shown to the member; names come from `people`.
pub fn statement(
    year: i32,
    insured_name: &str,
    insurer_name: &str,
    people: &[NoticePerson],
    rows: &[NoticeRow],
    latest_month: Option<String>,
) -> Statement {
    let name_of = |id: i64| people.iter().find(|p| p.member_id == id).map(|p| p.name.clone()).unwrap_or_default();
    let rows: Vec<StatementRow> = rows
        .iter()
        .map(|r| StatementRow {
            month: r.month.clone(),
            patient: name_of(r.member_id),
            provider: r.provider.clone(),
            category: r.category,
            paid: r.copay,
            compensated: r.compensated(),
        })
        .collect();
    Statement {
        year,
        insured_name: insured_name.to_string(),
        insurer_name: insurer_name.to_string(),
        insurer_number: mask("").to_string(),
        card: mask("").to_string(),
        total_paid: rows.iter().map(|r| r.paid).sum(),
        total_compensated: rows.iter().map(|r| r.compensated).sum(),
        rows,
        latest_month,
    }
}

/// The header of the statement's CSV: the six items, then 補てんされる金額.
pub const STATEMENT_CSV_HEADER: &str =
    "被保険者等の氏名,療養を受けた年月,療養を受けた者,医療機関等の名称,区分,支払った医療費の額,左のうち補てんされる金額,保険者等の名称\r\n";

/// The statement as CSV rows (after [`STATEMENT_CSV_HEADER`]), quoting every field.
pub fn statement_csv(s: &Statement) -> String {
    let q = |v: &str| format!("\"{}\"", v.replace('"', "\"\""));
    let mut out = String::from(STATEMENT_CSV_HEADER);
    for r in &s.rows {
        out.push_str(
            &[
                q(&s.insured_name),
                q(&r.month),
                q(&r.patient),
                q(&r.provider),
                q(r.category.label(true)),
                r.paid.to_string(),
                r.compensated.to_string(),
                q(&s.insurer_name),
            ]
            .join(","),
        );
        out.push_str("\r\n");
    }
    out
}

/// `1234567` as `1,234,567`.
pub fn yen(amount: i64) -> String {
    let digits = amount.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if amount < 0 { format!("-{out}") } else { out }
}

/// One bar of the monthly chart, in the SVG's user units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bar {
    pub month: u32,
    pub x: f64,
    pub y: f64,
    pub height: f64,
    pub amount: i64,
}

/// The chart's drawing area: bars stand on a baseline at `CHART_BASE`.
pub const CHART_WIDTH: f64 = 360.0;
pub const CHART_BASE: f64 = 160.0;
pub const CHART_TOP: f64 = 20.0;

/// Twelve bars scaled so the largest month reaches the top; an empty year has no height.
pub fn bars(monthly: &[i64]) -> Vec<Bar> {
    let max = monthly.iter().copied().max().unwrap_or(0).max(1) as f64;
    let slot = CHART_WIDTH / 12.0;
    monthly
        .iter()
        .take(12)
        .enumerate()
        .map(|(i, &amount)| {
            let height = (amount.max(0) as f64 / max) * (CHART_BASE - CHART_TOP);
            Bar { month: i as u32 + 1, x: i as f64 * slot + slot * 0.15, y: CHART_BASE - height, height, amount }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    const TODAY: &str = "2026-11-22";

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

    #[test]
    fn household_display_follows_age_consent_and_opt_out() {
        use HouseholdAccess as H;
        assert_eq!(visibility(H::Own, None), Visibility::Own);
        assert_eq!(visibility(H::Own, Some(DisplayChoice::OptOut)), Visibility::Own);
        assert_eq!(visibility(H::LegalRepresentative, None), Visibility::Minor);
        assert_eq!(visibility(H::LegalRepresentative, Some(DisplayChoice::Consent)), Visibility::Minor);
        assert_eq!(visibility(H::LegalRepresentative, Some(DisplayChoice::OptOut)), Visibility::OptedOut);
        assert_eq!(visibility(H::AdultNeedsConsent, None), Visibility::NeedsConsent);
        assert_eq!(visibility(H::AdultNeedsConsent, Some(DisplayChoice::Consent)), Visibility::Consented);
        assert_eq!(visibility(H::AdultNeedsConsent, Some(DisplayChoice::OptOut)), Visibility::OptedOut);
        assert_eq!(visibility(H::None, Some(DisplayChoice::Consent)), Visibility::NotHousehold);
        let shown: Vec<bool> =
            [Visibility::Own, Visibility::Minor, Visibility::Consented, Visibility::NeedsConsent, Visibility::OptedOut, Visibility::NotHousehold]
                .map(Visibility::shown)
                .to_vec();
        assert_eq!(shown, vec![true, true, true, false, false, false]);
    }

    #[test]
    fn the_18th_birthday_hides_a_dependents_lines_until_they_consent() {
        use crate::identity::lifecycle::{Person, household_access};
        let house = ("06139999", "1001", "23");
        let taro = Person { member_id: 1, household: house, is_insured: true, birth: d("1980-01-15") };
        let child = Person { member_id: 3, household: house, is_insured: false, birth: d("2008-11-22") };
        let on = |day: &str, choice| visibility(household_access(taro, child, d(day)), choice);
        assert_eq!(on("2026-11-21", None), Visibility::Minor);
        assert_eq!(on("2026-11-22", None), Visibility::NeedsConsent);
        assert_eq!(on("2026-11-22", Some(DisplayChoice::Consent)), Visibility::Consented);
    }

    fn row(member_id: i64, month: &str, copay: i64, high_cost: i64) -> NoticeRow {
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
    fn the_statement_carries_the_six_items_and_masks_the_numbers() {
        let people = [
            NoticePerson { member_id: 1, name: "青葉 太郎".into(), relationship: "insured".into(), visibility: Visibility::Own, totals: Totals::default() },
            NoticePerson { member_id: 4, name: "青葉 翔".into(), relationship: "child".into(), visibility: Visibility::Minor, totals: Totals::default() },
        ];
        let rows = [row(1, "2026-01", 1000, 0), row(4, "2026-02", 90_000, 30_000)];
        let s = statement(2026, "青葉 太郎", "架空健康保険組合", &people, &rows, Some("2026-08".into()));
        assert_eq!(s.rows[1].patient, "青葉 翔");
        assert_eq!((s.total_paid, s.total_compensated), (91_000, 30_000));
        let csv = statement_csv(&s);
        assert!(csv.starts_with(STATEMENT_CSV_HEADER));
        assert!(csv.contains("\"青葉 太郎\",\"2026-02\",\"青葉 翔\",\"P\",\"医科外来\",90000,30000,\"架空健康保険組合\""));
        for digits in ["06139999", "1001", "23"] {
            assert!(!csv.contains(digits) && !s.card.contains(digits) && !s.insurer_number.contains(digits));
        }
        assert_eq!(mask("1001-23"), mask("9"));
    }

    #[test]
    fn yen_groups_thousands() {
        assert_eq!(yen(0), "0");
        assert_eq!(yen(999), "999");
        assert_eq!(yen(1000), "1,000");
        assert_eq!(yen(1_234_567), "1,234,567");
        assert_eq!(yen(-1200), "-1,200");
    }

    #[test]
    fn bars_scale_to_the_largest_month() {
        let mut monthly = [0i64; 12];
        monthly[2] = 1000;
        monthly[5] = 500;
        let b = bars(&monthly);
        assert_eq!(b.len(), 12);
        assert_eq!(b[2].height, CHART_BASE - CHART_TOP);
        assert_eq!(b[5].height, (CHART_BASE - CHART_TOP) / 2.0);
        assert_eq!(b[0].height, 0.0);
        assert!(b.iter().all(|bar| bar.y + bar.height == CHART_BASE));
        assert!(bars(&[0; 12]).iter().all(|bar| bar.height == 0.0));
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
