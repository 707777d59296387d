//! Content checks for the files members upload, kept apart from the portal so that they
//! can be tested (and fuzzed) alone: pure functions over bytes, with no I/O and no
//! dependency but an inflater. On any input they return, never panic, in time linear in
//! the input and with memory bounded by it.
//!
//! [`check_pdf`] refuses a PDF that could act on its own when a reviewer opens it in a
//! desktop reader: run a script, launch a program, open an embedded file, fetch or send
//! something. It lexes the file as a reader does instead of searching its bytes, so a
//! comment, an escaped name, an object stream, a later revision or a broken
//! cross-reference table hides nothing; see the `pdf` module for how each way a reader reaches an
//! object is covered.

// Indexing panics when out of range; every access goes through `get`.
#![deny(clippy::indexing_slicing)]
#![cfg_attr(test, allow(clippy::indexing_slicing))]

mod lex;
mod pdf;

/// Why a PDF is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PdfProblem {
    /// No `%%EOF` near the end, a string, array or dictionary the file ends inside, a
    /// stream without `endstream`, nesting deeper than any real document, an object
    /// stream that cannot be decoded within the limits (a decompression bomb among them),
    /// or object streams in an encrypted file, which cannot be read without decrypting.
    Damaged,
    /// A name that runs, opens or sends something (`/JavaScript`, `/JS`, `/Launch`,
    /// `/EmbeddedFile(s)`, `/EF`, `/RichMedia`, `/XFA`, `/AA`, `/SubmitForm`,
    /// `/ImportData`, `/GoToR`, `/GoToE`), or an `/OpenAction` that is an action other than
    /// going to a page of the document.
    ActiveContent,
}

/// How near the end `%%EOF` must be: readers look this far back for it.
const EOF_WINDOW: usize = 2048;

/// Checks a file that starts like a PDF (the caller decides that by its first bytes).
///
/// The whole file is lexed, every revision of it, without trusting its cross-reference
/// table: comments, literal strings (nested, escaped) and hexadecimal strings, names with
/// `#xx` escapes, numbers, arrays, dictionaries and keywords. A stream body is skipped by
/// its direct `/Length` when that lands on `endstream`, else up to the first `endstream`;
/// object streams are inflated (FlateDecode, within limits) and their objects lexed too.
/// Other stream bodies (images, page content, fonts) are data and are not inspected.
pub fn check_pdf(bytes: &[u8]) -> Result<(), PdfProblem> {
    let tail = bytes.get(bytes.len().saturating_sub(EOF_WINDOW)..).unwrap_or(bytes);
    if !tail.windows(5).any(|w| w == b"%%EOF") {
        return Err(PdfProblem::Damaged);
    }
    pdf::check(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pdf(catalog_extra: &str) -> Vec<u8> {
        format!(
            "%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R {catalog_extra}>>\nendobj\n\
             2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
        )
        .into_bytes()
    }

    #[test]
    fn a_plain_pdf_passes() {
        assert_eq!(check_pdf(&pdf("")), Ok(()));
    }

    #[test]
    fn eof_must_be_near_the_end() {
        let mut far = pdf("");
        far.extend(std::iter::repeat_n(b' ', EOF_WINDOW));
        assert_eq!(check_pdf(&far), Err(PdfProblem::Damaged));
        assert_eq!(check_pdf(b""), Err(PdfProblem::Damaged));
        assert_eq!(check_pdf(b"%%EOF"), Ok(()));
    }

    #[test]
    fn refused_names_are_refused_wherever_they_stand() {
        for extra in [
            "/OpenAction << /S /JavaScript /JS (app.alert(1)) >> ",
            "/Names << /EmbeddedFiles 5 0 R >> ",
            "/AA << /O 6 0 R >> ",
            "/AcroForm << /XFA 7 0 R >> ",
            "/Foo [/Bar << /S /SubmitForm >>] ",
            "/Foo /ImportData ",
            "/Foo << /S /GoToR /F (x.pdf) >> ",
            "/Foo << /S /GoToE >> ",
            "/Foo /RichMedia ",
            "/Foo << /S /Launch >> ",
            "/Foo /EmbeddedFile ",
            "/Annots [<< /Subtype /FileAttachment /FS << /F (a.exe) /EF << /F 9 0 R >> >> >>] ",
        ] {
            assert_eq!(check_pdf(&pdf(extra)), Err(PdfProblem::ActiveContent), "{extra}");
        }
    }

    #[test]
    fn open_actions_that_only_show_a_page_pass() {
        for extra in [
            "/OpenAction [3 0 R /Fit] ",
            "/OpenAction << /S /GoTo /D [3 0 R /Fit] >> ",
            "/OpenAction << /S /G#6FTo /D (chapter1) >> ",
            "/OpenAction null ",
            "/OpenAction 9 0 R ",
        ] {
            assert_eq!(check_pdf(&pdf(extra)), Ok(()), "{extra}");
        }
        for extra in [
            "/OpenAction << /S /URI /URI (https://example.com/) >> ",
            "/OpenAction << /S /Named /N /Print >> ",
            "/OpenAction << /S /GoTo /D [3 0 R /Fit] /Next << /S /URI /URI (x) >> >> ",
            "/OpenAction << /S 8 0 R >> ",
            "/OpenAction << /S /GoTo /S /URI >> ",
            "/OpenAction <</S/URI/URI(x)>>",
        ] {
            assert_eq!(check_pdf(&pdf(extra)), Err(PdfProblem::ActiveContent), "{extra}");
        }
    }
}
