//! A disclosure package (開示, 33条) as the files of one archive: what the portal holds
//! about the subject, section by section, as CSV and JSON (machine-readable) and as a
//! printable summary (human-readable: a page to print, and a PDF in Japanese that a phone
//! shows as it is), plus the files staff added from other systems.
//!
//! Redaction (33条2項) removes; it never covers. An excluded record is not written at all,
//! and an excluded registry field's value is also taken out of every other text it
//! appears in (a correction request quoting the old address, a history line), so that
//! nothing of it is left in any file of the archive. Pure: the database loads the
//! [`Section`]s, this module decides what goes out.

use kit::error::AppError;
use kit::i18n::Lang;
use serde::{Deserialize, Serialize};

use super::texts::DeliveryFileText;

/// The archive is written in Japanese.
fn words() -> &'static DeliveryFileText {
    DeliveryFileText::of(Lang::Ja)
}

/// 33条2項's grounds for not disclosing (part of) the data.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Ground {
    /// 1号: harm to the life, body, property or other rights of the person or a third party.
    HarmToPerson,
    /// 2号: serious hindrance to the society's proper conduct of its business.
    Business,
    /// 3号: disclosure would violate another law.
    Law,
}

// The labels are the grounds in the words the member reads (and staff's short English).
kit::codes!(Ground {
    HarmToPerson => "harm_to_person": "本人又は第三者の生命、身体、財産その他の権利利益を害するおそれがあるため", "harm to a person's rights",
    Business => "business": "当組合の業務の適正な実施に著しい支障を及ぼすおそれがあるため", "serious hindrance to the society's business",
    Law => "law": "他の法令に違反することとなるため", "another law forbids it",
});

impl Ground {
    pub fn article(self) -> &'static str {
        match self {
            Ground::HarmToPerson => "33条2項1号",
            Ground::Business => "33条2項2号",
            Ground::Law => "33条2項3号",
        }
    }
}

/// One record (or, in the registry section, one field) of a section.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Row {
    /// Stable item key, e.g. `registry.address`, `notice.2025-04.3f2a…`.
    pub key: String,
    /// What the row is, without any of its values (used in the list of exclusions).
    pub label: String,
    pub cells: Vec<String>,
    /// Excluding this row also takes its value (the last cell) out of every other text:
    /// for registry fields, whose values are quoted elsewhere.
    pub scrub: bool,
}

/// One kind of data the society holds about the subject.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    /// File stem, e.g. `registry` → `csv/registry.csv`.
    pub id: String,
    pub title: String,
    pub columns: Vec<String>,
    pub rows: Vec<Row>,
}

/// A staff decision to leave an item out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exclusion {
    pub item: String,
    pub ground: Ground,
}

/// A file from another system, as it will be delivered (already the redacted version
/// where one replaced the original).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PackageFile {
    pub title: String,
    /// Name inside the archive, e.g. `01-kenshin.pdf`.
    pub name: String,
    pub bytes: Vec<u8>,
    /// Set when this is a redacted replacement.
    pub redacted_under: Option<Ground>,
}

/// The heading facts of a package.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Heading {
    pub society: String,
    pub receipt: String,
    /// Asia/Tokyo date the archive was built, YYYY-MM-DD.
    pub built_on: String,
}

/// What replaces a redacted value wherever it was quoted.
pub fn redacted() -> &'static str {
    words().redacted
}

/// Values shorter than this are not scrubbed from other texts (a one-character value
/// would blank unrelated words); the field itself is still left out.
const SCRUB_MIN_CHARS: usize = 2;

/// An exclusion as the member reads it: the item's label and the ground, never its value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExcludedItem {
    pub section: String,
    pub label: String,
    pub ground: Ground,
}

/// The sections with excluded rows removed and excluded values scrubbed, and the list
/// of what was left out. Exclusions naming no row are ignored (the row no longer exists).
pub fn redact(sections: &[Section], exclusions: &[Exclusion]) -> (Vec<Section>, Vec<ExcludedItem>) {
    let ground_of = |key: &str| exclusions.iter().find(|e| e.item == key).map(|e| e.ground);
    let mut scrub: Vec<String> = Vec::new();
    let mut excluded = Vec::new();
    for s in sections {
        for r in &s.rows {
            if let Some(ground) = ground_of(&r.key) {
                excluded.push(ExcludedItem { section: s.title.clone(), label: r.label.clone(), ground });
                if r.scrub
                    && let Some(v) = r.cells.last().map(|v| v.trim()).filter(|v| v.chars().count() >= SCRUB_MIN_CHARS)
                {
                    scrub.push(v.to_string());
                }
            }
        }
    }
    // Longest first, so a value containing another is removed whole.
    scrub.sort_by_key(|v| std::cmp::Reverse(v.chars().count()));
    scrub.dedup();
    let clean = |text: &str| scrub.iter().fold(text.to_string(), |t, v| t.replace(v.as_str(), redacted()));
    let kept = sections
        .iter()
        .map(|s| Section {
            id: s.id.clone(),
            title: s.title.clone(),
            columns: s.columns.clone(),
            rows: s
                .rows
                .iter()
                .filter(|r| ground_of(&r.key).is_none())
                .map(|r| Row { key: r.key.clone(), label: clean(&r.label), cells: r.cells.iter().map(|c| clean(c)).collect(), scrub: r.scrub })
                .collect(),
        })
        .collect();
    (kept, excluded)
}

/// What the human-readable summary shows: only what [`redact`] kept, the list of what was
/// left out (by label and ground), and the added files by title.
#[derive(Clone, Copy, Debug)]
pub struct Summary<'a> {
    pub heading: &'a Heading,
    pub kept: &'a [Section],
    pub excluded: &'a [ExcludedItem],
    pub added: &'a [PackageFile],
}

/// Draws the summary as a PDF (on the server, which holds the font).
pub type SummaryPdf<'a> = &'a dyn Fn(&Summary<'_>) -> Result<Vec<u8>, AppError>;

/// The PDF summary's name in the archive (and the member's direct download of it).
pub const SUMMARY_PDF: &str = "summary.pdf";

/// Every file of the archive, in order: README, summary (the page to print, then the PDF
/// when `pdf` draws one), JSON, one CSV per section, the exclusions, and the added files.
pub fn files(
    heading: &Heading,
    sections: &[Section],
    exclusions: &[Exclusion],
    added: &[PackageFile],
    pdf: Option<SummaryPdf<'_>>,
) -> Result<Vec<(String, Vec<u8>)>, AppError> {
    let (kept, excluded) = redact(sections, exclusions);
    let w = words();
    let summary = Summary { heading, kept: &kept, excluded: &excluded, added };
    let mut out = vec![
        ("README.txt".to_string(), readme(&summary, pdf.is_some()).into_bytes()),
        ("summary.html".to_string(), summary_html(heading, &kept, &excluded, added).into_bytes()),
    ];
    if let Some(draw) = pdf {
        out.push((SUMMARY_PDF.to_string(), draw(&summary)?));
    }
    out.push(("data.json".to_string(), data_json(heading, &kept, &excluded, added).into_bytes()));
    for s in &kept {
        out.push((format!("csv/{}.csv", s.id), kit::csv::document(&s.columns, s.rows.iter().map(|r| &r.cells)).into_bytes()));
    }
    out.push((
        "csv/exclusions.csv".to_string(),
        kit::csv::document(
            [w.col_section, w.col_item, w.col_ground, w.col_reason],
            excluded.iter().map(|e| [e.section.as_str(), e.label.as_str(), e.ground.article(), e.ground.label(w.lang)]),
        )
        .into_bytes(),
    ));
    for f in added {
        out.push((format!("files/{}", f.name), f.bytes.clone()));
    }
    Ok(out)
}

/// A name safe inside an archive: ASCII letters, digits, `-` and `.`, never a path.
pub fn archive_name(index: usize, title: &str, extension: &str) -> String {
    let stem: String = title
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|p| !p.is_empty())
        .take(6)
        .collect::<Vec<_>>()
        .join("-");
    let stem = if stem.is_empty() { "file".to_string() } else { stem.chars().take(40).collect() };
    format!("{:02}-{stem}.{extension}", index + 1)
}


fn data_json(heading: &Heading, kept: &[Section], excluded: &[ExcludedItem], added: &[PackageFile]) -> String {
    let sections: Vec<serde_json::Value> = kept
        .iter()
        .map(|s| {
            let rows: Vec<serde_json::Map<String, serde_json::Value>> = s
                .rows
                .iter()
                .map(|r| s.columns.iter().cloned().zip(r.cells.iter().map(|c| serde_json::Value::String(c.clone()))).collect())
                .collect();
            serde_json::json!({ "id": s.id, "title": s.title, "rows": rows })
        })
        .collect();
    let exclusions: Vec<serde_json::Value> = excluded
        .iter()
        .map(|e| serde_json::json!({ "section": e.section, "item": e.label, "ground": e.ground.article(), "reason": e.ground.label(Lang::Ja) }))
        .collect();
    let files: Vec<serde_json::Value> = added
        .iter()
        .map(|f| serde_json::json!({
            "title": f.title, "path": format!("files/{}", f.name),
            "redacted_under": f.redacted_under.map(Ground::article),
        }))
        .collect();
    let doc = serde_json::json!({
        "society": heading.society,
        "receipt_number": heading.receipt,
        "built_on": heading.built_on,
        "sections": sections,
        "exclusions": exclusions,
        "files": files,
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

fn readme(s: &Summary<'_>, with_pdf: bool) -> String {
    let (heading, kept, excluded, added) = (s.heading, s.kept, s.excluded, s.added);
    let w = words();
    let mut t = w.readme_head(&heading.society, &heading.receipt, &heading.built_on);
    if with_pdf {
        t.push_str(w.readme_pdf);
    }
    if !added.is_empty() {
        t.push_str(w.readme_files);
    }
    t.push_str(w.readme_sections);
    for s in kept {
        t.push_str(&w.readme_section(&s.title, s.rows.len()));
    }
    if excluded.is_empty() {
        t.push_str(w.readme_no_exclusions);
    } else {
        t.push_str(w.readme_exclusions);
        for e in excluded {
            t.push_str(&w.readme_exclusion(&e.section, &e.label, e.ground.article(), e.ground.label(w.lang)));
        }
    }
    t.push_str(w.readme_foot);
    t
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;")
}

fn summary_html(heading: &Heading, kept: &[Section], excluded: &[ExcludedItem], added: &[PackageFile]) -> String {
    let w = words();
    let mut h = format!(
        "<!DOCTYPE html>\n<html lang=\"ja\"><head><meta charset=\"utf-8\"><title>{title} {receipt}</title>\
         <style>body{{font-family:sans-serif;line-height:1.6;margin:2em;color:#111}}table{{border-collapse:collapse;width:100%;margin-bottom:1.5em}}\
         th,td{{border:1px solid #666;padding:.25em .5em;text-align:left;vertical-align:top}}th{{background:#eee}}\
         @page{{size:A4;margin:15mm}}@media print{{body{{margin:0}}h2{{break-after:avoid}}}}</style></head><body>\
         <h1>{title}</h1><p>{society}<br>{receipt_label} {receipt}<br>{built_label} {built}</p>",
        title = w.archive_title,
        receipt_label = w.receipt,
        built_label = w.built_on,
        receipt = esc(&heading.receipt),
        society = esc(&heading.society),
        built = esc(&heading.built_on)
    );
    for s in kept {
        h.push_str(&format!("<h2>{}</h2>", w.section_heading(&esc(&s.title), s.rows.len())));
        if s.rows.is_empty() {
            h.push_str(&format!("<p>{}</p>", w.no_records));
            continue;
        }
        h.push_str("<table><thead><tr>");
        for c in &s.columns {
            h.push_str(&format!("<th scope=\"col\">{}</th>", esc(c)));
        }
        h.push_str("</tr></thead><tbody>");
        for r in &s.rows {
            h.push_str("<tr>");
            for c in &r.cells {
                h.push_str(&format!("<td>{}</td>", esc(c)));
            }
            h.push_str("</tr>");
        }
        h.push_str("</tbody></table>");
    }
    if !added.is_empty() {
        h.push_str(&format!("<h2>{}</h2><ul>", w.other_systems));
        for f in added {
            let note = f.redacted_under.map(|g| w.partly_withheld(g.article())).unwrap_or_default();
            h.push_str(&format!("<li>{} — files/{}{}</li>", esc(&f.title), esc(&f.name), esc(&note)));
        }
        h.push_str("</ul>");
    }
    h.push_str(&format!("<h2>{}</h2>", w.not_disclosed));
    if excluded.is_empty() {
        h.push_str(&format!("<p>{}</p>", w.none));
    } else {
        h.push_str(&format!(
            "<table><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>",
            w.col_section, w.col_item, w.col_ground
        ));
        for e in excluded {
            h.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td>{}（{}）</td></tr>",
                esc(&e.section),
                esc(&e.label),
                e.ground.article(),
                e.ground.label(w.lang)
            ));
        }
        h.push_str("</tbody></table>");
    }
    h.push_str("</body></html>\n");
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(key: &str, label: &str, cells: &[&str], scrub: bool) -> Row {
        Row { key: key.into(), label: label.into(), cells: cells.iter().map(|c| c.to_string()).collect(), scrub }
    }

    fn sample() -> Vec<Section> {
        vec![
            Section {
                id: "registry".into(),
                title: "資格情報".into(),
                columns: vec!["項目".into(), "内容".into()],
                rows: vec![
                    row("registry.name", "氏名", &["氏名", "健保 太郎"], true),
                    row("registry.address", "住所", &["住所", "東京都千代田区霞が関1-2-2"], true),
                    row("registry.sex", "性別", &["性別", "男"], true),
                ],
            },
            Section {
                id: "requests".into(),
                title: "お申出".into(),
                columns: vec!["受付番号".into(), "内容".into()],
                rows: vec![row("request.1", "お申出 A-1", &["A-1", "住所 東京都千代田区霞が関1-2-2 を訂正"], false)],
            },
            Section {
                id: "notices".into(),
                title: "医療費のお知らせ".into(),
                columns: vec!["診療年月".into(), "医療機関等".into(), "窓口負担額".into()],
                rows: vec![
                    row("notice.2025-04.a", "医療費のお知らせ 2025年4月", &["2025-04", "さくら心療内科", "3000"], false),
                    row("notice.2025-05.b", "医療費のお知らせ 2025年5月", &["2025-05", "みどり薬局", "800"], false),
                ],
            },
        ]
    }

    fn all_text(files: &[(String, Vec<u8>)]) -> String {
        files.iter().map(|(n, b)| format!("{n}\n{}\n", String::from_utf8_lossy(b))).collect()
    }

    fn exclude(item: &str, ground: Ground) -> Exclusion {
        Exclusion { item: item.into(), ground }
    }

    #[test]
    fn without_exclusions_everything_is_in_every_form() {
        let f = files(&Heading::default(), &sample(), &[], &[], None).unwrap();
        let names: Vec<&str> = f.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            ["README.txt", "summary.html", "data.json", "csv/registry.csv", "csv/requests.csv", "csv/notices.csv", "csv/exclusions.csv"]
        );
        for name in ["summary.html", "data.json", "csv/registry.csv"] {
            let (_, bytes) = f.iter().find(|(n, _)| n == name).unwrap();
            assert!(String::from_utf8_lossy(bytes).contains("東京都千代田区霞が関1-2-2"), "{name}");
        }
        let json: serde_json::Value = serde_json::from_slice(&f[2].1).unwrap();
        assert_eq!(json["sections"][2]["rows"][0]["医療機関等"], "さくら心療内科");
        assert!(String::from_utf8_lossy(&f[0].1).contains("開示しなかった項目はありません"));
    }

    #[test]
    fn an_excluded_field_leaves_nothing_of_its_value_in_any_file() {
        // Every file a renderer is handed is redacted too: here a stand-in "PDF" that writes
        // out all it was given (the real one: `pdf_tests` below).
        let draw = |s: &Summary<'_>| Ok(format!("{:?}{:?}{:?}", s.kept, s.excluded, s.heading).into_bytes());
        let f = files(&Heading::default(), &sample(), &[exclude("registry.address", Ground::Business)], &[], Some(&draw)).unwrap();
        assert!(f.iter().any(|(n, _)| n == SUMMARY_PDF));
        let text = all_text(&f);
        assert!(!text.contains("霞が関1-2-2"), "{text}");
        assert!(!text.contains("東京都千代田区"));
        // The correction request that quoted it is still there, with the value taken out.
        assert!(text.contains(&format!("住所 {} を訂正", redacted())));
        // The exclusion is listed with its ground, by label only.
        assert!(text.contains("住所,33条2項2号"), "{text}");
        assert!(text.contains("健保 太郎"));
    }

    #[test]
    fn an_excluded_record_is_not_written_at_all() {
        let f = files(&Heading::default(), &sample(), &[exclude("notice.2025-04.a", Ground::HarmToPerson)], &[], None).unwrap();
        let text = all_text(&f);
        assert!(!text.contains("さくら心療内科"));
        assert!(!text.contains("3000"));
        assert!(text.contains("みどり薬局"));
        assert!(text.contains("医療費のお知らせ 2025年4月"), "the list of exclusions names the item");
        assert!(text.contains("33条2項1号"));
        let json: serde_json::Value = serde_json::from_slice(&f[2].1).unwrap();
        assert_eq!(json["sections"][2]["rows"].as_array().map(Vec::len), Some(1));
        assert_eq!(json["exclusions"][0]["ground"], "33条2項1号");
    }

    #[test]
    fn one_character_values_are_left_out_but_not_scrubbed_from_other_text() {
        let (kept, excluded) = redact(&sample(), &[exclude("registry.sex", Ground::Law)]);
        assert_eq!(excluded.len(), 1);
        assert_eq!(kept[0].rows.len(), 2);
        assert!(kept[1].rows[0].cells[1].contains("東京都"), "other text untouched");
    }

    #[test]
    fn a_longer_value_is_scrubbed_before_one_it_contains() {
        let mut s = sample();
        s[0].rows.push(row("registry.city", "市区町村", &["市区町村", "東京都千代田区"], true));
        let (kept, _) = redact(&s, &[exclude("registry.city", Ground::Business), exclude("registry.address", Ground::Business)]);
        assert_eq!(kept[1].rows[0].cells[1], format!("住所 {} を訂正", redacted()));
    }

    #[test]
    fn exclusions_of_rows_that_no_longer_exist_are_ignored() {
        let (kept, excluded) = redact(&sample(), &[exclude("notice.1999-01.z", Ground::Law)]);
        assert!(excluded.is_empty());
        assert_eq!(kept, sample());
    }

    #[test]
    fn html_escapes_what_it_shows_and_csv_defuses_formulas() {
        let mut s = sample();
        s[1].rows[0].cells[1] = "<script>alert(1)</script>".into();
        s[2].rows[0].cells[1] = "=HYPERLINK(\"x\")".into();
        let f = files(&Heading::default(), &s, &[], &[], None).unwrap();
        let html = String::from_utf8_lossy(&f[1].1);
        assert!(!html.contains("<script>"));
        assert!(html.contains("&lt;script&gt;"));
        let notices = String::from_utf8_lossy(&f[5].1);
        assert!(notices.contains("'=HYPERLINK"), "{notices}");
    }

    #[test]
    fn added_files_go_under_files_with_safe_names() {
        assert_eq!(archive_name(0, "健診結果 2025 (redacted)", "pdf"), "01-2025-redacted.pdf");
        assert_eq!(archive_name(9, "../../etc/passwd", "png"), "10-etc-passwd.png");
        assert_eq!(archive_name(2, "健診結果", "jpg"), "03-file.jpg");
        let added = [PackageFile { title: "健診結果".into(), name: "01-file.pdf".into(), bytes: b"%PDF-1.4".to_vec(), redacted_under: Some(Ground::HarmToPerson) }];
        let f = files(&Heading::default(), &sample(), &[], &added, None).unwrap();
        assert_eq!(f.last().map(|(n, _)| n.as_str()), Some("files/01-file.pdf"));
        assert!(String::from_utf8_lossy(&f[1].1).contains("一部不開示: 33条2項1号"));
    }

    #[test]
    fn ground_codes_round_trip() {
        for g in Ground::ALL {
            assert_eq!(Ground::from_code(g.code()), Some(g));
        }
        assert_eq!(Ground::from_code("other"), None);
    }
}

/// The PDF summary, drawn as the server draws it and read back as a reader extracts it.
#[cfg(all(test, feature = "ssr"))]
mod pdf_tests {
    use super::*;
    use crate::platform::pdf;

    fn pdf_files(exclusions: &[Exclusion]) -> Result<Vec<(String, Vec<u8>)>, AppError> {
        let font = pdf::load_font(std::path::Path::new(pdf::DEFAULT_FONT))
            .ok_or_else(|| AppError::internal("test", "fonts-ipaexfont-gothic (installed by .ci/tools) is missing"))?;
        let draw = |s: &Summary<'_>| crate::delivery::store::summary_pdf(s, font.clone());
        let heading = Heading { society: "架空健康保険組合".into(), receipt: "2026-000123".into(), built_on: "2026-11-22".into() };
        files(&heading, &tests_sample(), exclusions, &[], Some(&draw))
    }

    // The same sections as the tests above.
    fn tests_sample() -> Vec<Section> {
        let row = |key: &str, label: &str, cells: &[&str], scrub: bool| Row {
            key: key.into(),
            label: label.into(),
            cells: cells.iter().map(|c| c.to_string()).collect(),
            scrub,
        };
        vec![
            Section {
                id: "registry".into(),
                title: "資格情報".into(),
                columns: vec!["項目".into(), "内容".into()],
                rows: vec![
                    row("registry.name", "氏名", &["氏名", "健保 太郎"], true),
                    row("registry.address", "住所", &["住所", "東京都千代田区霞が関1-2-2"], true),
                ],
            },
            Section {
                id: "requests".into(),
                title: "お申出".into(),
                columns: vec!["受付番号".into(), "内容".into()],
                rows: vec![row("request.1", "お申出 A-1", &["A-1", "住所 東京都千代田区霞が関1-2-2 を訂正"], false)],
            },
            Section {
                id: "notices".into(),
                title: "医療費のお知らせ".into(),
                columns: vec!["診療年月".into(), "医療機関等".into(), "窓口負担額".into()],
                rows: vec![row("notice.2025-05.b", "医療費のお知らせ 2025年5月", &["2025-05", "みどり薬局", "800"], false)],
            },
        ]
    }

    /// The PDF summary's text, if the archive has one that is a PDF.
    fn pdf_text(files: &[(String, Vec<u8>)]) -> Option<String> {
        let (_, bytes) = files.iter().find(|(n, _)| n == SUMMARY_PDF)?;
        bytes.starts_with(b"%PDF-").then(|| pdf::text_of(bytes))
    }

    #[test]
    fn the_pdf_summary_carries_the_data_in_japanese() {
        let f = pdf_files(&[]).unwrap();
        let names: Vec<&str> = f.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names[..4], ["README.txt", "summary.html", "summary.pdf", "data.json"]);
        let text = pdf_text(&f).expect("the PDF summary is in the archive");
        for expected in ["保有個人データの開示", "2026-000123", "資格情報（2件）", "氏名：健保 太郎", "住所：東京都千代田区霞が関1-2-2", "医療機関等：みどり薬局", "開示しなかった項目"] {
            assert!(text.contains(expected), "{expected} in {text}");
        }
        assert!(String::from_utf8_lossy(&f[0].1).contains("summary.pdf"), "the README names it");
    }

    #[test]
    fn an_excluded_value_is_not_in_the_pdf() {
        let f = pdf_files(&[exclude_address()]).unwrap();
        let text = pdf_text(&f).expect("the PDF summary is in the archive");
        assert!(!text.contains("霞が関") && !text.contains("東京都千代田区"), "{text}");
        assert!(text.contains(&format!("住所 {} を訂正", redacted())), "{text}");
        assert!(text.contains("資格情報：住所") && text.contains("33条2項2号"), "the exclusion is listed by label: {text}");
        assert!(text.contains("健保 太郎"));
    }

    fn exclude_address() -> Exclusion {
        Exclusion { item: "registry.address".into(), ground: Ground::Business }
    }
}
