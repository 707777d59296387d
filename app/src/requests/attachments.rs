//! Attachments (委任状, 登記事項証明書, supporting documents): PDF, JPEG or PNG only,
//! judged by content, never by the file name or the browser's declared type, which the
//! member controls. Refused: other types (HTML, SVG, executables, archives), files that
//! claim a kind but are truncated or malformed (including PNGs with anything after
//! IEND, where polyglots hide) and PDFs with active content (scripts, actions, embedded
//! files, XFA, RichMedia), looked for in compressed object streams too. Stored files are
//! served back only as downloads with their sniffed type and `X-Content-Type-Options:
//! nosniff`, never rendered inline; staff open PDFs in a desktop reader, hence the check.

use serde::{Deserialize, Serialize};

pub const DEFAULT_MAX_BYTES: usize = 10 * 1024 * 1024;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileKind {
    Pdf,
    Jpeg,
    Png,
}

impl FileKind {
    pub fn content_type(self) -> &'static str {
        match self {
            FileKind::Pdf => "application/pdf",
            FileKind::Jpeg => "image/jpeg",
            FileKind::Png => "image/png",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            FileKind::Pdf => "pdf",
            FileKind::Jpeg => "jpg",
            FileKind::Png => "png",
        }
    }
}

// The value stored in the database.
kit::codes!(FileKind { Pdf => "pdf", Jpeg => "jpeg", Png => "png" });

pub use kit::form::FileProblem;

const PNG_SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];

/// What the file is by content, or why it is refused. Size is checked first.
pub fn inspect(bytes: &[u8], max_bytes: usize) -> Result<FileKind, FileProblem> {
    if bytes.is_empty() {
        return Err(FileProblem::Empty);
    }
    if bytes.len() > max_bytes {
        return Err(FileProblem::TooLarge);
    }
    // At offset 0 only: leading junk before `%PDF-` is how HTML/PDF polyglots start.
    if bytes.starts_with(b"%PDF-1.") || bytes.starts_with(b"%PDF-2.") {
        check_pdf(bytes).map(|()| FileKind::Pdf)
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        check_jpeg(bytes).map(|()| FileKind::Jpeg)
    } else if bytes.starts_with(&PNG_SIGNATURE) {
        check_png(bytes).map(|()| FileKind::Png)
    } else {
        Err(FileProblem::NotAllowedType)
    }
}

/// `%%EOF` near the end and no active content, as `filecheck` decides: it lexes the whole
/// file as a reader does (comments, strings, `#xx` names, every revision, objects hidden
/// where an offset can point) and inflates compressed object streams before looking. Page
/// content and image data are not read, so a scan whose bytes happen to spell `/JS` passes.
fn check_pdf(bytes: &[u8]) -> Result<(), FileProblem> {
    filecheck::check_pdf(bytes).map_err(|problem| match problem {
        filecheck::PdfProblem::Damaged => FileProblem::Damaged,
        filecheck::PdfProblem::ActiveContent => FileProblem::ActiveContent,
    })
}

/// SOI at the start (checked by the caller) and EOI at the end, ignoring NUL padding.
fn check_jpeg(bytes: &[u8]) -> Result<(), FileProblem> {
    let end = bytes.iter().rposition(|&b| b != 0).map_or(0, |p| p + 1);
    let trimmed = bytes.get(..end).unwrap_or_default();
    if trimmed.len() >= 4 && trimmed.ends_with(&[0xFF, 0xD9]) { Ok(()) } else { Err(FileProblem::Damaged) }
}

/// Walks every chunk from IHDR to IEND, checking each CRC; IEND must end the file.
fn check_png(bytes: &[u8]) -> Result<(), FileProblem> {
    let mut at = PNG_SIGNATURE.len();
    let mut first = true;
    loop {
        let len_bytes: [u8; 4] = read(bytes, at, 4)?.try_into().map_err(|_| FileProblem::Damaged)?;
        let len = usize::try_from(u32::from_be_bytes(len_bytes)).map_err(|_| FileProblem::Damaged)?;
        let kind_start = at.checked_add(4).ok_or(FileProblem::Damaged)?;
        let kind = read(bytes, kind_start, 4)?;
        if !kind.iter().all(u8::is_ascii_alphabetic) || (first && (kind != b"IHDR" || len != 13)) {
            return Err(FileProblem::Damaged);
        }
        // The CRC covers the type and the data.
        let covered = read(bytes, kind_start, len.checked_add(4).ok_or(FileProblem::Damaged)?)?;
        let crc_start = kind_start.checked_add(covered.len()).ok_or(FileProblem::Damaged)?;
        if read(bytes, crc_start, 4)? != crc32(covered).to_be_bytes() {
            return Err(FileProblem::Damaged);
        }
        at = crc_start.checked_add(4).ok_or(FileProblem::Damaged)?;
        if kind == b"IEND" {
            // Nothing may follow IEND: appended bytes are how PNG/ZIP and PNG/HTML polyglots hide.
            return if len == 0 && at == bytes.len() { Ok(()) } else { Err(FileProblem::Damaged) };
        }
        first = false;
    }
}

/// `len` bytes from `start`, or Damaged if the file is shorter (or the range overflows).
fn read(bytes: &[u8], start: usize, len: usize) -> Result<&[u8], FileProblem> {
    start.checked_add(len).and_then(|end| bytes.get(start..end)).ok_or(FileProblem::Damaged)
}

/// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), as PNG uses; bitwise, no table.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = u32::MAX;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = (crc >> 1) ^ (0xEDB8_8320 & (crc & 1).wrapping_neg());
        }
    }
    !crc
}

/// The file name as the member gave it, safe to show and to put in a Content-Disposition
/// `filename*`: the last path component, without control or bidi-override characters or
/// `"<>*?|:`, trimmed of whitespace and leading dots, at most 100 characters; else "file".
pub fn display_name(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let kept: String =
        base.chars().filter(|&c| !c.is_control() && !is_bidi_control(c) && !"\"<>*?|:".contains(c)).collect();
    let trimmed = kept.trim_start_matches(|c: char| c == '.' || c.is_whitespace());
    let name: String = trimmed.chars().take(100).collect();
    let name = name.trim_end();
    if name.is_empty() { "file".to_owned() } else { name.to_owned() }
}

/// The name a download is saved under: the shown name, with the extension of the type
/// the content was checked to be (so `invoice.pdf.html` is saved as `invoice.pdf.html.pdf`).
pub fn download_name(shown: &str, kind: FileKind) -> String {
    let ext = kind.extension();
    let lower = shown.to_lowercase();
    let has = lower.rsplit_once('.').is_some_and(|(_, e)| e == ext || (kind == FileKind::Jpeg && e == "jpeg"));
    if has { shown.to_owned() } else { format!("{shown}.{ext}") }
}

/// Invisible direction marks and overrides, used to make `exe.pdf` look like `fdp.exe`.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAX: usize = 1024 * 1024;

    /// A real one-page PDF; `extra` goes into the page dictionary.
    fn pdf(extra: &str) -> Vec<u8> {
        format!(
            "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n\
             2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n\
             3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] {extra}>>\nendobj\n\
             trailer\n<< /Root 1 0 R /Size 4 >>\n%%EOF\n"
        )
        .into_bytes()
    }

    fn chunk(kind: &[u8], data: &[u8]) -> Vec<u8> {
        let mut typed = kind.to_vec();
        typed.extend_from_slice(data);
        let mut out = u32::try_from(data.len()).unwrap().to_be_bytes().to_vec();
        out.extend_from_slice(&typed);
        out.extend_from_slice(&crc32(&typed).to_be_bytes());
        out
    }

    /// 1x1 grey PNG built here, CRCs from `crc32`.
    fn png() -> Vec<u8> {
        let mut v = PNG_SIGNATURE.to_vec();
        v.extend(chunk(b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]));
        v.extend(chunk(b"IDAT", &[0x78, 0x9C, 0x63, 0x60, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01]));
        v.extend(chunk(b"IEND", &[]));
        v
    }

    /// 1x1 white RGB PNG written by Python's zlib/struct (zlib.crc32), independent of `crc32`.
    const PYTHON_PNG: [u8; 69] = [
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00,
        0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00, 0x00, 0x90, 0x77, 0x53, 0xDE, 0x00, 0x00, 0x00,
        0x0C, 0x49, 0x44, 0x41, 0x54, 0x78, 0xDA, 0x63, 0xF8, 0xFF, 0xFF, 0x3F, 0x00, 0x05, 0xFE, 0x02, 0xFE, 0x33,
        0x12, 0x95, 0x14, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
    ];

    const JPEG: &[u8] = &[0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0x00, 0x01, 0xFF, 0xD9];

    #[test]
    fn crc32_matches_the_standard_check_value() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    }

    #[test]
    fn each_kind_is_recognised_by_content() {
        assert_eq!(inspect(&pdf(""), MAX), Ok(FileKind::Pdf));
        assert_eq!(inspect(&png(), MAX), Ok(FileKind::Png));
        assert_eq!(inspect(&PYTHON_PNG, MAX), Ok(FileKind::Png));
        assert_eq!(inspect(JPEG, MAX), Ok(FileKind::Jpeg));
        let mut padded = JPEG.to_vec();
        padded.extend_from_slice(&[0, 0, 0]);
        assert_eq!(inspect(&padded, MAX), Ok(FileKind::Jpeg));
        let types = [FileKind::Pdf, FileKind::Jpeg, FileKind::Png].map(FileKind::content_type);
        assert_eq!(types, ["application/pdf", "image/jpeg", "image/png"]);
        for k in [FileKind::Pdf, FileKind::Jpeg, FileKind::Png] {
            assert_eq!(FileKind::from_code(k.code()), Some(k));
        }
        assert_eq!(FileKind::from_code("gif"), None);
    }

    #[test]
    fn size_is_checked_first() {
        assert_eq!(inspect(b"", MAX), Err(FileProblem::Empty));
        let p = pdf("");
        assert_eq!(inspect(&p, p.len()), Ok(FileKind::Pdf));
        assert_eq!(inspect(&p, p.len() - 1), Err(FileProblem::TooLarge));
        assert_eq!(inspect(b"<html>", 3), Err(FileProblem::TooLarge));
    }

    #[test]
    fn other_content_is_refused_whatever_its_name() {
        let cases: [&[u8]; 5] = [
            b"<html><script>alert(1)</script></html>",
            b"<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>",
            b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xFF\xFF",
            b"PK\x03\x04\x14\x00\x00\x00\x08\x00",
            b" \n%PDF-1.4\n%%EOF\n",
        ];
        for bytes in cases {
            assert_eq!(inspect(bytes, MAX), Err(FileProblem::NotAllowedType), "{:?}", String::from_utf8_lossy(bytes));
        }
    }

    #[test]
    fn truncated_files_are_damaged() {
        assert_eq!(inspect(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog", MAX), Err(FileProblem::Damaged));
        assert_eq!(inspect(&JPEG[..JPEG.len() - 2], MAX), Err(FileProblem::Damaged));
        let p = png();
        assert_eq!(inspect(&p[..p.len() - 3], MAX), Err(FileProblem::Damaged));
    }

    #[test]
    fn pdfs_with_active_content_are_refused_even_when_obfuscated() {
        for extra in [
            "/OpenAction << /S /JavaScript /JS (app.alert(1)) >> ",
            "/JS (app.alert(1)) ",
            "/JS<6170702e616c657274283129>",
            "/J#53 (app.alert(1)) ",
            "/#4A#53 (x) ",
            "/S /J#61vaScript ",
            "/OpenAction << /S /Launch /F (cmd.exe) >> ",
            "/Names << /EmbeddedFiles 5 0 R >> ",
            "/AA << /O 6 0 R >> ",
            "/AcroForm << /XFA 7 0 R >> ",
            "/Subtype /RichMedia ",
        ] {
            assert_eq!(inspect(&pdf(extra), MAX), Err(FileProblem::ActiveContent), "{extra}");
        }
    }

    #[test]
    fn stream_bodies_are_not_read_as_dictionaries() {
        // Compressed scan data that happens to contain `/JS` is page content, not an action.
        let with_stream = |data: &str| {
            format!(
                "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n\
                 4 0 obj\n<< /Length {} /Filter /DCTDecode >>\nstream\n{data}\nendstream\nendobj\n\
                 trailer\n<< /Root 1 0 R >>\n%%EOF\n",
                data.len()
            )
            .into_bytes()
        };
        assert_eq!(inspect(&with_stream("\u{1}x/JS(q)/AA/Launch"), MAX), Ok(FileKind::Pdf));
        // …but a dictionary after the stream is still read.
        let mut after = with_stream("data");
        let eof = after.len() - 6;
        after.splice(eof..eof, b"5 0 obj << /OpenAction << /S /JavaScript >> >> endobj\n".iter().copied());
        assert_eq!(inspect(&after, MAX), Err(FileProblem::ActiveContent));
        // Scanner output is noise to this check: 200 pseudo-random 64 KiB bodies, none refused.
        let mut x = 0x2545_F491_4F6C_DD1Du64;
        for _ in 0..200 {
            let body: Vec<u8> = (0..65_536)
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    x.to_le_bytes()[0]
                })
                .collect();
            let mut file = b"%PDF-1.4\n4 0 obj\n<< /Length 65536 >>\nstream\n".to_vec();
            file.extend_from_slice(&body);
            file.extend_from_slice(b"\nendstream\nendobj\ntrailer\n<< >>\n%%EOF\n");
            assert_eq!(inspect(&file, 1 << 20), Ok(FileKind::Pdf));
        }
        // A name merely containing "stream" is not a stream keyword.
        assert_eq!(inspect(&pdf("/Foostream\n/JS (x) "), MAX), Err(FileProblem::ActiveContent));
    }

    #[test]
    fn similar_but_harmless_names_are_accepted() {
        assert_eq!(inspect(&pdf("/JSON 1 /AAPL 2 /JSX /Author (JS) /Foo#2 "), MAX), Ok(FileKind::Pdf));
    }

    #[test]
    fn png_structure_is_verified() {
        let mut flipped = PYTHON_PNG;
        flipped[31] ^= 0x01; // a byte of IHDR's CRC
        assert_eq!(inspect(&flipped, MAX), Err(FileProblem::Damaged));

        let mut appended = png();
        appended.extend_from_slice(b"PK\x03\x04<html><script>");
        assert_eq!(inspect(&appended, MAX), Err(FileProblem::Damaged));

        let mut no_ihdr = PNG_SIGNATURE.to_vec();
        no_ihdr.extend(chunk(b"tEXt", b"a\0b"));
        no_ihdr.extend(chunk(b"IEND", &[]));
        assert_eq!(inspect(&no_ihdr, MAX), Err(FileProblem::Damaged));

        let mut no_iend = png();
        no_iend.truncate(no_iend.len() - 12);
        assert_eq!(inspect(&no_iend, MAX), Err(FileProblem::Damaged));
    }

    #[test]
    fn a_huge_png_chunk_length_does_not_panic() {
        let mut huge = PNG_SIGNATURE.to_vec();
        huge.extend_from_slice(&[0xFF, 0xFF, 0xFF, 0xFF, b'I', b'D', b'A', b'T', 0, 0, 0, 0]);
        assert_eq!(inspect(&huge, MAX), Err(FileProblem::Damaged));
        let mut after_ihdr = png();
        after_ihdr.truncate(8 + 25);
        after_ihdr.extend_from_slice(&[0xFF, 0xFF, 0xFF, 0xFF, b'I', b'D', b'A', b'T', 1, 2, 3, 4]);
        assert_eq!(inspect(&after_ihdr, MAX), Err(FileProblem::Damaged));
    }

    #[test]
    fn downloads_always_carry_the_checked_extension() {
        assert_eq!(download_name("委任状.pdf", FileKind::Pdf), "委任状.pdf");
        assert_eq!(download_name("scan.PDF", FileKind::Pdf), "scan.PDF");
        assert_eq!(download_name("photo.jpeg", FileKind::Jpeg), "photo.jpeg");
        assert_eq!(download_name("page.html", FileKind::Png), "page.html.png");
        assert_eq!(download_name("file", FileKind::Jpeg), "file.jpg");
    }

    #[test]
    fn names_are_made_safe() {
        assert_eq!(display_name("C:\\Users\\x\\委任状.pdf"), "委任状.pdf");
        assert_eq!(display_name("../../etc/passwd"), "passwd");
        assert_eq!(display_name("\"><script>.png"), "script.png");
        assert_eq!(display_name("..."), "file");
        assert_eq!(display_name(""), "file");
        assert_eq!(display_name("  .登記事項証明書\t.pdf \n"), "登記事項証明書.pdf");
        assert_eq!(display_name("invoice\u{202E}fdp.exe"), "invoicefdp.exe");
        let long = "あ".repeat(300);
        assert_eq!(display_name(&long), "あ".repeat(100));
    }
}
