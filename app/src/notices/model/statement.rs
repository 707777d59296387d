//! The yearly 医療費控除 statement: its rows, the masking of the insurer and card numbers,
//! and its CSV.

use serde::{Deserialize, Serialize};

use super::household::NoticePerson;
use super::lines::{Category, NoticeRow};

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
    /// Whether the year is complete: a partial year's statement says so.
    #[serde(default)]
    pub coverage: super::coverage::Coverage,
}

/// Builds the statement from the lines shown to the member; names come from `people`.
pub fn statement(
    year: i32,
    insured_name: &str,
    insurer_name: &str,
    people: &[NoticePerson],
    rows: &[NoticeRow],
    latest_month: Option<String>,
    coverage: super::coverage::Coverage,
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
        coverage,
    }
}

/// The columns of the statement's CSV: the six items, then 補てんされる金額.
pub const STATEMENT_CSV_COLUMNS: [&str; 8] = [
    "被保険者等の氏名",
    "療養を受けた年月",
    "療養を受けた者",
    "医療機関等の名称",
    "区分",
    "支払った医療費の額",
    "左のうち補てんされる金額",
    "保険者等の名称",
];

/// The statement as a CSV file (provider names come from imports: formulas are defused).
pub fn statement_csv(s: &Statement) -> String {
    kit::csv::document(
        STATEMENT_CSV_COLUMNS,
        s.rows.iter().map(|r| {
            [
                s.insured_name.clone(),
                r.month.clone(),
                r.patient.clone(),
                r.provider.clone(),
                r.category.label(kit::i18n::Lang::Ja).to_string(),
                r.paid.to_string(),
                r.compensated.to_string(),
                s.insurer_name.clone(),
            ]
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notices::model::household::Visibility;
    use crate::notices::model::testing::row;
    use crate::notices::model::year::Totals;

    #[test]
    fn the_statement_carries_the_six_items_and_masks_the_numbers() {
        let people = [
            NoticePerson { member_id: 1, name: "青葉 太郎".into(), relationship: "insured".into(), visibility: Visibility::Own, totals: Totals::default() },
            NoticePerson { member_id: 4, name: "青葉 翔".into(), relationship: "child".into(), visibility: Visibility::Minor, totals: Totals::default() },
        ];
        let rows = [row(1, "2026-01", 1000, 0), row(4, "2026-02", 90_000, 30_000)];
        let s = statement(2026, "青葉 太郎", "架空健康保険組合", &people, &rows, Some("2026-08".into()), Default::default());
        assert_eq!(s.rows[1].patient, "青葉 翔");
        assert_eq!((s.total_paid, s.total_compensated), (91_000, 30_000));
        let csv = statement_csv(&s);
        assert!(csv.starts_with(&format!("{}{}", kit::csv::BOM, kit::csv::line(STATEMENT_CSV_COLUMNS))));
        assert!(csv.contains("\r\n青葉 太郎,2026-02,青葉 翔,P,医科外来,90000,30000,架空健康保険組合\r\n"));
        for digits in ["06139999", "1001", "23"] {
            assert!(!csv.contains(digits) && !s.card.contains(digits) && !s.insurer_number.contains(digits));
        }
        assert_eq!(mask("1001-23"), mask("9"));
    }

    #[test]
    fn a_provider_name_that_reads_as_a_formula_stays_text() {
        let people = [NoticePerson { member_id: 1, name: "青葉 太郎".into(), relationship: "insured".into(), visibility: Visibility::Own, totals: Totals::default() }];
        let mut s = statement(2026, "青葉 太郎", "架空健康保険組合", &people, &[row(1, "2026-01", 1000, 0)], None, Default::default());
        s.rows[0].provider = "=HYPERLINK(\"http://evil.example\",\"薬局\")".into();
        let csv = statement_csv(&s);
        assert!(csv.contains(",\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"薬局\"\")\","), "{csv}");
    }
}
