//! What every import of a core-system CSV export shares (the registry, the レセプト
//! system's 医療費 lines): decoding UTF-8 or Shift_JIS/CP932, finding the columns by their
//! Japanese headers, and a report that names every rejected line with its reasons.
//! A caller imports only when nothing was rejected, so nothing is ever half-imported.

use serde::Serialize;

/// Why a line was rejected (the column is named where one is at fault).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum LineProblem {
    MissingColumn(String),
    WrongFieldCount {
        expected: usize,
        found: usize,
    },
    Empty(&'static str),
    Invalid(&'static str),
    TooLong(&'static str),
    /// 外字 or a byte sequence that does not map to Unicode.
    Unmappable(&'static str),
    LostBeforeAcquired,
    DuplicateKey {
        first_line: usize,
    },
    Unreadable,
    /// An amount below zero.
    Negative(&'static str),
    /// A part larger than its whole (e.g. 窓口負担額 above 医療費総額).
    Exceeds {
        part: &'static str,
        whole: &'static str,
    },
    /// The 記号・番号・枝番 is not in the registry.
    UnknownMember,
    /// A month of care that has not happened yet, or before the records kept.
    MonthOutOfRange,
}

impl std::fmt::Display for LineProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LineProblem::MissingColumn(c) => write!(f, "見出し行に列「{c}」がありません"),
            LineProblem::WrongFieldCount { expected, found } => {
                write!(f, "項目数が{found}です（{expected}のはずです）")
            }
            LineProblem::Empty(c) => write!(f, "「{c}」が空です"),
            LineProblem::Invalid(c) => write!(f, "「{c}」の形式が正しくありません"),
            LineProblem::TooLong(c) => write!(f, "「{c}」が長すぎます"),
            LineProblem::Unmappable(c) => write!(f, "「{c}」に変換できない文字（外字）があります"),
            LineProblem::LostBeforeAcquired => write!(f, "資格喪失日が資格取得日より前です"),
            LineProblem::DuplicateKey { first_line } => write!(f, "{first_line}行目と同じ内容の行です（キーが重複しています）"),
            LineProblem::Unreadable => write!(f, "CSVとして読み取れません"),
            LineProblem::Negative(c) => write!(f, "「{c}」がマイナスです"),
            LineProblem::Exceeds { part, whole } => write!(f, "「{part}」が「{whole}」を超えています"),
            LineProblem::UnknownMember => write!(f, "その記号・番号・枝番の方は資格情報にありません"),
            LineProblem::MonthOutOfRange => write!(f, "「診療年月」が範囲外です（未来の月、または保存期間より前）"),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RejectedLine {
    /// 1-based line number in the file (the header is line 1).
    pub line: usize,
    pub problems: Vec<LineProblem>,
}

/// Bytes of a core-system export as text: UTF-8 (with or without BOM) or Shift_JIS/CP932.
/// Returns the text and whether it was decoded as CP932.
#[cfg(feature = "ssr")]
pub fn decode(bytes: &[u8]) -> (String, bool) {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_string(), false),
        // Undecodable bytes become U+FFFD and are reported per line as unmappable.
        Err(_) => (encoding_rs::SHIFT_JIS.decode_without_bom_handling(bytes).0.into_owned(), true),
    }
}

/// 外字: CP932's user-defined area decodes into the Private Use Area; U+FFFD marks bytes
/// that decode to nothing.
pub fn unmappable(s: &str) -> bool {
    s.chars().any(|c| c == '\u{FFFD}' || ('\u{E000}'..='\u{F8FF}').contains(&c))
}

/// Reads every data line of `text`, whose header names `columns` in any order, and hands
/// each non-blank line to `parse` with a lookup by column position in `columns`. Lines
/// `parse` refuses, lines of the wrong width and unreadable lines are collected with
/// their line numbers; a missing column rejects the header and reads nothing.
#[cfg(feature = "ssr")]
pub fn read_lines<T, const N: usize>(
    text: &str,
    columns: &[&str; N],
    mut parse: impl for<'r> FnMut(&'r dyn Fn(usize) -> &'r str) -> Result<T, Vec<LineProblem>>,
) -> (Vec<(usize, T)>, Vec<RejectedLine>) {
    use crate::identity::input::normalize;
    let mut good = Vec::new();
    let mut rejected = Vec::new();
    let mut reader = csv::ReaderBuilder::new().flexible(true).has_headers(true).from_reader(text.as_bytes());
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(normalize).collect(),
        Err(_) => {
            rejected.push(RejectedLine { line: 1, problems: vec![LineProblem::Unreadable] });
            return (good, rejected);
        }
    };
    let mut index = [0usize; N];
    let mut missing = Vec::new();
    for (i, column) in columns.iter().enumerate() {
        match headers.iter().position(|h| h == column) {
            Some(p) => index[i] = p,
            None => missing.push(LineProblem::MissingColumn((*column).to_string())),
        }
    }
    if !missing.is_empty() {
        rejected.push(RejectedLine { line: 1, problems: missing });
        return (good, rejected);
    }
    let mut record = csv::StringRecord::new();
    loop {
        let line = reader.position().line() as usize;
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = record.position().map_or(line, |p| p.line() as usize);
                if record.iter().all(|f| f.trim().is_empty()) {
                    continue;
                }
                let result = if record.len() != headers.len() {
                    Err(vec![LineProblem::WrongFieldCount { expected: headers.len(), found: record.len() }])
                } else {
                    let field = |i: usize| index.get(i).and_then(|&p| record.get(p)).unwrap_or("");
                    parse(&field)
                };
                match result {
                    Ok(value) => good.push((line, value)),
                    Err(problems) => rejected.push(RejectedLine { line, problems }),
                }
            }
            Err(e) => {
                rejected.push(RejectedLine {
                    line: e.position().map_or(line, |p| p.line() as usize),
                    problems: vec![LineProblem::Unreadable],
                });
            }
        }
    }
    (good, rejected)
}

/// The whole report as people read it: one line per rejected line, its reasons joined.
pub fn describe(rejected: &[RejectedLine]) -> Vec<String> {
    rejected
        .iter()
        .map(|r| {
            let reasons: Vec<String> = r.problems.iter().map(ToString::to_string).collect();
            format!("{}行目: {}", r.line, reasons.join("、"))
        })
        .collect()
}
