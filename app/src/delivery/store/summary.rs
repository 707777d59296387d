//! The package's summary as a PDF in Japanese: what the member reads on a phone. One
//! column, A5, each record as 「項目：内容」 lines, so nothing needs a wide table. It draws
//! only what [`package::files`](crate::delivery::package::files) hands it: the sections
//! after redaction.

use std::sync::Arc;

use crate::delivery::package::Summary;
use crate::delivery::texts::DeliveryFileText;
use crate::platform::pdf::{self, Layout};
use kit::error::AppError;
use kit::i18n::Lang;

const TITLE: f32 = 16.0;
const HEADING: f32 = 13.0;
const BODY: f32 = 11.0;
const SMALL: f32 = 9.5;
const INDENT: f32 = 10.0;

/// The summary drawn with `font` (only its glyphs used are embedded).
pub fn summary_pdf(s: &Summary<'_>, font: Arc<Vec<u8>>) -> Result<Vec<u8>, AppError> {
    let w = DeliveryFileText::of(Lang::Ja);
    let mut l = Layout::new(pdf::A5);
    l.line(0.0, TITLE, w.archive_title);
    l.gap(4.0);
    for fact in [s.heading.society.clone(), format!("{} {}", w.receipt, s.heading.receipt), format!("{} {}", w.built_on, s.heading.built_on)] {
        l.line(0.0, BODY, &fact);
    }
    l.gap(4.0);
    l.line(0.0, SMALL, w.pdf_intro);
    for section in s.kept {
        l.gap(10.0);
        // A heading is never left alone at the foot of a page.
        l.room(HEADING * 2.0 + BODY * 3.0);
        l.line(0.0, HEADING, &w.section_heading(&section.title, section.rows.len()));
        l.separator();
        if section.rows.is_empty() {
            l.line(INDENT, BODY, w.no_records);
            continue;
        }
        for row in &section.rows {
            let pairs: Vec<(&String, &String)> = section.columns.iter().zip(&row.cells).filter(|(_, v)| !v.trim().is_empty()).collect();
            // The registry (項目・内容) is one line a field: 「住所：…」.
            if section.columns.len() == 2 && section.columns.first().map(String::as_str) == Some(w.col_item) {
                l.line(INDENT, BODY, &row.cells.join("："));
                continue;
            }
            l.room(BODY * 1.6 * pairs.len().min(4) as f32);
            for (column, value) in pairs {
                l.line(INDENT, BODY, &format!("{column}：{value}"));
            }
            l.separator();
        }
    }
    if !s.added.is_empty() {
        l.gap(10.0);
        l.room(HEADING * 2.0 + BODY * 3.0);
        l.line(0.0, HEADING, w.other_systems);
        l.separator();
        l.line(INDENT, SMALL, w.pdf_files_note);
        for f in s.added {
            let note = f.redacted_under.map(|g| w.partly_withheld(g.article())).unwrap_or_default();
            l.line(INDENT, BODY, &format!("{} — files/{}{}", f.title, f.name, note));
        }
    }
    l.gap(10.0);
    l.room(HEADING * 2.0 + BODY * 3.0);
    l.line(0.0, HEADING, w.not_disclosed);
    l.separator();
    if s.excluded.is_empty() {
        l.line(INDENT, BODY, w.none);
    }
    for e in s.excluded {
        l.line(INDENT, BODY, &format!("{}：{}", e.section, e.label));
        l.line(INDENT * 2.0, SMALL, &format!("{}（{}）", e.ground.article(), e.ground.label(Lang::Ja)));
    }
    l.gap(12.0);
    l.line(0.0, SMALL, w.pdf_foot);
    pdf::render(&l, font, &format!("{} {}", w.archive_title, s.heading.receipt))
}
