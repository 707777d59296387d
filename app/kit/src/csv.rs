//! The one CSV writer of every export (the request queue, the audit log, correction
//! instructions, 開示 packages, the 医療費控除 statement). Cells that a spreadsheet would
//! read as a formula are defused, because names and addresses come from members and
//! from imports.

/// What every exported file begins with: spreadsheet software then reads the Japanese as
/// UTF-8 rather than as Shift_JIS.
pub const BOM: &str = "\u{FEFF}";

/// One line: each cell quoted where it must be (RFC 4180), formulas defused, CRLF.
pub fn line<S: AsRef<str>>(cells: impl IntoIterator<Item = S>) -> String {
    let mut out = cells.into_iter().map(|c| field(c.as_ref())).collect::<Vec<_>>().join(",");
    out.push_str("\r\n");
    out
}

/// A whole file: the mark, the header line, then one line per row.
pub fn document<H, S, R>(header: impl IntoIterator<Item = H>, rows: impl IntoIterator<Item = R>) -> String
where
    H: AsRef<str>,
    S: AsRef<str>,
    R: IntoIterator<Item = S>,
{
    let mut out = format!("{BOM}{}", line(header));
    for row in rows {
        out.push_str(&line(row));
    }
    out
}

/// One cell. A leading `=`, `+`, `-`, `@`, tab or CR makes spreadsheet software evaluate
/// the cell (OWASP "CSV injection"): a leading apostrophe keeps it text.
fn field(v: &str) -> String {
    let v = if v.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{v}") } else { v.to_string() };
    if v.contains([',', '"', '\n', '\r']) { format!("\"{}\"", v.replace('"', "\"\"")) } else { v }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_where_they_must_be() {
        assert_eq!(field("20261122-0001"), "20261122-0001");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("二行\nの住所"), "\"二行\nの住所\"");
    }

    #[test]
    fn every_formula_opener_is_defused() {
        assert_eq!(field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(field("+81"), "'+81");
        assert_eq!(field("-1"), "'-1");
        assert_eq!(field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(field("\tcmd"), "'\tcmd");
        assert_eq!(field("\rcmd"), "\"'\rcmd\"");
        assert_eq!(field("a=b"), "a=b", "only a leading sign opens a formula");
    }

    #[test]
    fn a_document_is_the_mark_the_header_and_crlf_lines() {
        let csv = document(["氏名", "金額"], [["青葉 太郎", "1000"], ["=1+1", "2"]]);
        assert_eq!(csv, "\u{FEFF}氏名,金額\r\n青葉 太郎,1000\r\n'=1+1,2\r\n");
        assert_eq!(line(Vec::<String>::new()), "\r\n");
    }
}
