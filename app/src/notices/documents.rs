//! The 医療費控除 statement as files (server only): a PDF with the Japanese font embedded
//! (subset, so the text stays extractable and the file small), and an `.xlsx` in the
//! column layout of the 国税庁 医療費集計フォーム. Both carry the warning that one expense is
//! claimed one way only.

use std::sync::Arc;

use super::model::{Category, Coverage, Statement, yen};
use super::pages::month_text;
use super::texts::{NoticeFileText, NoticeText};
use crate::platform::pdf::{self, Layout};
use kit::error::AppError;
use kit::i18n::Lang;

/// The files are in Japanese (the tax office reads them).
fn words() -> &'static NoticeFileText {
    NoticeFileText::of(Lang::Ja)
}

/// A month of care as the files write it (2026年8月).
fn month(m: &str) -> String {
    month_text(m, NoticeText::of(Lang::Ja))
}

/// What the file says of a year that is not complete yet, under its heading.
fn partial(s: &Statement) -> Option<String> {
    let w = words();
    match &s.coverage {
        Coverage::Complete => None,
        Coverage::NotOver { through: Some(m) } => Some(w.not_over(s.year, &month(m))),
        Coverage::NotOver { through: None } => Some(w.not_over_yet(s.year)),
        Coverage::Arriving { through: Some(m) } => Some(w.arriving(s.year, &month(m))),
        Coverage::Arriving { through: None } => Some(w.arriving_none(s.year)),
    }
}

const MARGIN: f32 = pdf::A4.margin;
const ROWS_PER_PAGE: usize = 34;

/// Column x positions: 年月, 受診者, 医療機関等, 支払った額, 補てん額.
const COLUMNS: [f32; 5] = [48.0, 118.0, 218.0, 410.0, 490.0];

fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max { text.to_string() } else { text.chars().take(max - 1).chain(['…']).collect() }
}

/// The statement as an A4 PDF. `font` is a TrueType/OpenType font with Japanese glyphs
/// (Debian's IPAex Gothic by default); only the glyphs used are embedded.
pub fn statement_pdf(s: &Statement, font: Arc<Vec<u8>>) -> Result<Vec<u8>, AppError> {
    let w = words();
    let mut layout = Layout::new(pdf::A4);
    let pages: Vec<&[super::model::StatementRow]> =
        if s.rows.is_empty() { vec![&[]] } else { s.rows.chunks(ROWS_PER_PAGE).collect() };
    let count = pages.len();
    for (n, rows) in pages.into_iter().enumerate() {
        if n > 0 {
            layout.new_page();
        }
        let mut y = MARGIN + 10.0;
        layout.text(MARGIN, y, 15.0, &w.statement_heading(s.year));
        y += 28.0;
        if let Some(partial) = partial(s) {
            layout.text(MARGIN, y - 8.0, 9.5, &partial);
            y += 12.0;
        }
        for (label, value) in [
            (w.insured, s.insured_name.as_str()),
            (w.insurer, s.insurer_name.as_str()),
            (w.insurer_number, s.insurer_number.as_str()),
            (w.card, s.card.as_str()),
        ] {
            layout.text(MARGIN, y, 10.5, label);
            layout.text(MARGIN + 110.0, y, 10.5, value);
            y += 17.0;
        }
        layout.text(MARGIN, y, 8.5, w.masked);
        y += 24.0;
        let head = [w.col_care_month, w.col_patient, w.col_provider, w.col_paid, w.col_compensated];
        for (x, h) in COLUMNS.iter().zip(head) {
            layout.text(*x, y, 8.5, h);
        }
        y += 5.0;
        layout.rule(y);
        y += 14.0;
        for r in rows {
            layout.text(COLUMNS[0], y, 9.0, &month(&r.month));
            layout.text(COLUMNS[1], y, 9.0, &cut(&r.patient, 8));
            let provider = if r.category == Category::Pharmacy { w.pharmacy(&r.provider) } else { r.provider.clone() };
            layout.text(COLUMNS[2], y, 9.0, &cut(&provider, 17));
            layout.text(COLUMNS[3], y, 9.0, &w.yen(&yen(r.paid)));
            layout.text(COLUMNS[4], y, 9.0, &w.yen(&yen(r.compensated)));
            y += 16.0;
        }
        if n + 1 == count {
            layout.rule(y - 10.0);
            y += 4.0;
            layout.text(COLUMNS[1], y, 10.0, w.total);
            layout.text(COLUMNS[3], y, 10.0, &w.yen(&yen(s.total_paid)));
            layout.text(COLUMNS[4], y, 10.0, &w.yen(&yen(s.total_compensated)));
            y += 26.0;
            let one_way = w.one_way;
            layout.text(MARGIN, y, 8.5, &one_way[..one_way.find('。').map_or(one_way.len(), |i| i + '。'.len_utf8())]);
            y += 13.0;
            layout.text(MARGIN, y, 8.5, w.one_way_end);
            if let Some(m) = &s.latest_month {
                y += 13.0;
                layout.text(MARGIN, y, 8.5, &w.based_on(&month(m)));
            }
        }
    }
    pdf::render(&layout, font, &w.statement_heading(s.year))
}

/// The 国税庁 医療費集計フォーム's columns, in its order.
pub const FORM_COLUMNS: [&str; 9] = [
    "医療を受けた人",
    "病院・薬局などの名称",
    "診療・治療",
    "医薬品購入",
    "介護保険サービス",
    "その他の医療費",
    "支払った医療費の金額",
    "左のうち、補てんされる金額",
    "支払年月日",
];

/// Which of the form's four kinds (columns 2–5) a line is.
fn form_kind(c: Category) -> usize {
    match c {
        Category::Pharmacy => 3,
        Category::Inpatient | Category::Outpatient | Category::Dental | Category::HomeNursing => 2,
    }
}

/// The statement as an `.xlsx` laid out like the 医療費集計フォーム, for members who
/// itemise receipts: the warning first, then one row per line with 「該当する」 in its
/// kind's column. The payment date is left for the member (the receipt's date).
pub fn statement_xlsx(s: &Statement) -> Result<Vec<u8>, AppError> {
    use rust_xlsxwriter::{Format, Workbook};
    let fail = |e: rust_xlsxwriter::XlsxError| AppError::internal("xlsx", e.to_string());
    let w = words();
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let sheet = book.add_worksheet();
    sheet.set_name(w.form_sheet).map_err(fail)?;
    sheet.write_string_with_format(0, 0, w.form_title(s.year), &bold).map_err(fail)?;
    sheet.write_string(1, 0, w.one_way).map_err(fail)?;
    sheet.write_string(2, 0, w.form_note).map_err(fail)?;
    for (col, name) in FORM_COLUMNS.iter().enumerate() {
        sheet.write_string_with_format(4, col as u16, *name, &bold).map_err(fail)?;
        sheet.set_column_width(col as u16, if col < 2 { 24 } else { 14 }).map_err(fail)?;
    }
    for (i, r) in s.rows.iter().enumerate() {
        let row = 5 + i as u32;
        sheet.write_string(row, 0, &r.patient).map_err(fail)?;
        sheet.write_string(row, 1, &r.provider).map_err(fail)?;
        sheet.write_string(row, form_kind(r.category) as u16, w.applies).map_err(fail)?;
        sheet.write_number(row, 6, r.paid as f64).map_err(fail)?;
        sheet.write_number(row, 7, r.compensated as f64).map_err(fail)?;
    }
    book.save_to_buffer().map_err(fail)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notices::model::StatementRow;

    fn statement(rows: usize) -> Statement {
        Statement {
            year: 2026,
            insured_name: "青葉 太郎".into(),
            insurer_name: "架空健康保険組合".into(),
            insurer_number: "＊＊＊＊".into(),
            card: "＊＊＊＊".into(),
            rows: (0..rows)
                .map(|i| StatementRow {
                    month: format!("2026-{:02}", i % 12 + 1),
                    patient: "青葉 翔".into(),
                    provider: if i % 2 == 0 { "あおば調剤薬局".into() } else { "みどり小児科医院".into() },
                    category: if i % 2 == 0 { Category::Pharmacy } else { Category::Outpatient },
                    paid: 1000 + i as i64,
                    compensated: 0,
                })
                .collect(),
            total_paid: 0,
            total_compensated: 0,
            latest_month: Some("2026-08".into()),
            coverage: Default::default(),
        }
    }

    #[test]
    fn the_xlsx_has_the_forms_columns_and_marks_each_kind() {
        let bytes = statement_xlsx(&statement(3)).unwrap();
        assert!(bytes.starts_with(b"PK"), "an xlsx is a zip file");
        assert!(bytes.len() > 2000);
    }

    #[test]
    fn the_pdf_embeds_a_subset_of_the_font_and_maps_text_back() {
        let font = pdf::load_font(std::path::Path::new(pdf::DEFAULT_FONT)).expect("fonts-ipaexfont-gothic (installed by .ci/tools)");
        let full = font.len();
        let pdf = statement_pdf(&statement(80), font).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        // Three pages of 34 rows; a subset, far smaller than the 4 MB font.
        assert!(pdf.len() < full / 4, "{} bytes", pdf.len());
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.contains("/ToUnicode"), "text must stay extractable");
        let read = pdf::text_of(&pdf);
        assert!(read.contains("みどり小児科医院") && read.contains("青葉 太郎") && read.contains("3 / 3"), "{read}");
    }
}
