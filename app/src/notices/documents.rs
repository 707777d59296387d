//! The 医療費控除 statement as files (server only): a PDF with the Japanese font embedded
//! (subset, so the text stays extractable and the file small), and an `.xlsx` in the
//! column layout of the 国税庁 医療費集計フォーム. Both carry the warning that one expense is
//! claimed one way only.

use std::sync::Arc;

use krilla::Document;
use krilla::geom::{PathBuilder, Point};
use krilla::page::PageSettings;
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};

use super::model::{Category, Coverage, Statement, yen};
use super::pages::month_text;
use super::texts::{NoticeFileText, NoticeText};
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

/// Debian's IPAex Gothic (package fonts-ipaexfont-gothic).
pub const DEFAULT_FONT: &str = "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf";

/// Reads the PDF font once at start-up; a missing or unreadable font is logged and the
/// PDF statement is then unavailable (the printable page and the CSV remain).
pub fn load_font(path: &std::path::Path) -> Option<Arc<Vec<u8>>> {
    match std::fs::read(path) {
        Ok(bytes) if Font::new(Arc::new(bytes.clone()).into(), 0).is_some() => Some(Arc::new(bytes)),
        Ok(_) => {
            tracing::warn!(font = %path.display(), "not a usable font: PDF statements are unavailable");
            None
        }
        Err(e) => {
            tracing::warn!(font = %path.display(), error = %e, "cannot read the PDF font: PDF statements are unavailable");
            None
        }
    }
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

const A4: (f32, f32) = (595.0, 842.0);
const MARGIN: f32 = 48.0;
const ROWS_PER_PAGE: usize = 34;

/// Column x positions: 年月, 受診者, 医療機関等, 支払った額, 補てん額.
const COLUMNS: [f32; 5] = [48.0, 118.0, 218.0, 410.0, 490.0];

fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max { text.to_string() } else { text.chars().take(max - 1).chain(['…']).collect() }
}

fn rule(surface: &mut Surface<'_>, y: f32) {
    let mut pb = PathBuilder::new();
    pb.move_to(MARGIN, y);
    pb.line_to(A4.0 - MARGIN, y);
    if let Some(path) = pb.finish() {
        surface.set_fill(None);
        surface.set_stroke(Some(krilla::paint::Stroke { width: 0.6, ..Default::default() }));
        surface.draw_path(&path);
        surface.set_stroke(None);
        surface.set_fill(Some(krilla::paint::Fill::default()));
    }
}

/// The statement as an A4 PDF. `font` is a TrueType/OpenType font with Japanese glyphs
/// (Debian's IPAex Gothic by default); only the glyphs used are embedded.
pub fn statement_pdf(s: &Statement, font: Arc<Vec<u8>>) -> Result<Vec<u8>, AppError> {
    let font = Font::new(font.into(), 0).ok_or_else(|| AppError::internal("pdf", "the PDF font cannot be read"))?;
    let w = words();
    let mut document = Document::new();
    document.set_metadata(
        krilla::metadata::Metadata::new()
            .title(w.statement_heading(s.year))
            .language("ja".to_string())
            .creator("madoguchi".to_string()),
    );
    let settings = || PageSettings::from_wh(A4.0, A4.1).ok_or_else(|| AppError::internal("pdf", "page size"));
    let pages: Vec<&[super::model::StatementRow]> =
        if s.rows.is_empty() { vec![&[]] } else { s.rows.chunks(ROWS_PER_PAGE).collect() };
    let count = pages.len();
    for (n, rows) in pages.into_iter().enumerate() {
        let mut page = document.start_page_with(settings()?);
        let mut surface = page.surface();
        let text = |surface: &mut Surface<'_>, x: f32, y: f32, size: f32, t: &str| {
            surface.draw_text(Point::from_xy(x, y), font.clone(), size, t, false, TextDirection::Auto);
        };
        let mut y = MARGIN + 10.0;
        text(&mut surface, MARGIN, y, 15.0, &w.statement_heading(s.year));
        y += 28.0;
        if let Some(partial) = partial(s) {
            text(&mut surface, MARGIN, y - 8.0, 9.5, &partial);
            y += 12.0;
        }
        for (label, value) in [
            (w.insured, s.insured_name.as_str()),
            (w.insurer, s.insurer_name.as_str()),
            (w.insurer_number, s.insurer_number.as_str()),
            (w.card, s.card.as_str()),
        ] {
            text(&mut surface, MARGIN, y, 10.5, label);
            text(&mut surface, MARGIN + 110.0, y, 10.5, value);
            y += 17.0;
        }
        text(&mut surface, MARGIN, y, 8.5, w.masked);
        y += 24.0;
        let head = [w.col_care_month, w.col_patient, w.col_provider, w.col_paid, w.col_compensated];
        for (x, h) in COLUMNS.iter().zip(head) {
            text(&mut surface, *x, y, 8.5, h);
        }
        y += 5.0;
        rule(&mut surface, y);
        y += 14.0;
        for r in rows {
            text(&mut surface, COLUMNS[0], y, 9.0, &month(&r.month));
            text(&mut surface, COLUMNS[1], y, 9.0, &cut(&r.patient, 8));
            let provider = if r.category == Category::Pharmacy { w.pharmacy(&r.provider) } else { r.provider.clone() };
            text(&mut surface, COLUMNS[2], y, 9.0, &cut(&provider, 17));
            text(&mut surface, COLUMNS[3], y, 9.0, &w.yen(&yen(r.paid)));
            text(&mut surface, COLUMNS[4], y, 9.0, &w.yen(&yen(r.compensated)));
            y += 16.0;
        }
        if n + 1 == count {
            rule(&mut surface, y - 10.0);
            y += 4.0;
            text(&mut surface, COLUMNS[1], y, 10.0, w.total);
            text(&mut surface, COLUMNS[3], y, 10.0, &w.yen(&yen(s.total_paid)));
            text(&mut surface, COLUMNS[4], y, 10.0, &w.yen(&yen(s.total_compensated)));
            y += 26.0;
            let one_way = w.one_way;
            text(&mut surface, MARGIN, y, 8.5, &one_way[..one_way.find('。').map_or(one_way.len(), |i| i + '。'.len_utf8())]);
            y += 13.0;
            text(&mut surface, MARGIN, y, 8.5, w.one_way_end);
            if let Some(m) = &s.latest_month {
                y += 13.0;
                text(&mut surface, MARGIN, y, 8.5, &w.based_on(&month(m)));
            }
        }
        text(&mut surface, A4.0 - MARGIN - 40.0, A4.1 - 30.0, 8.0, &format!("{} / {}", n + 1, count));
        surface.finish();
        page.finish();
    }
    document.finish().map_err(|e| AppError::internal("pdf", format!("{e:?}")))
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
        let font = load_font(std::path::Path::new(DEFAULT_FONT)).expect("fonts-ipaexfont-gothic (installed by .ci/tools)");
        let full = font.len();
        let pdf = statement_pdf(&statement(80), font).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        // Three pages of 34 rows; a subset, far smaller than the 4 MB font.
        assert!(pdf.len() < full / 4, "{} bytes", pdf.len());
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.contains("/ToUnicode"), "text must stay extractable");
    }
}
