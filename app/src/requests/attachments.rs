//! Attachments (委任状, 登記事項証明書, supporting documents): PDF, JPEG or PNG only,
//! judged by content, never by the name or the browser's declared type. PDFs with
//! active content (scripts, launch actions, embedded files) are refused. Files are
//! served back only as downloads with their checked type and `nosniff`, never inline.
//! Content inside compressed PDF object streams is not inspected; the portal never
//! renders a stored file itself.

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

    pub fn code(self) -> &'static str {
        match self {
            FileKind::Pdf => "pdf",
            FileKind::Jpeg => "jpeg",
            FileKind::Png => "png",
        }
    }

    pub fn from_code(code: &str) -> Option<FileKind> {
        [FileKind::Pdf, FileKind::Jpeg, FileKind::Png].into_iter().find(|k| k.code() == code)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileProblem {
    Empty,
    TooLarge,
    NotAllowedType,
    Damaged,
    ActiveContent,
}

pub fn inspect(bytes: &[u8], max_bytes: usize) -> Result<FileKind, FileProblem> {
    if bytes.is_empty() {
        return Err(FileProblem::Empty);
    }
    if bytes.len() > max_bytes {
        return Err(FileProblem::TooLarge);
    }
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

fn check_pdf(bytes: &[u8]) -> Result<(), FileProblem> {
    let tail = &bytes[bytes.len().saturating_sub(2048)..];
    if !tail.windows(5).any(|w| w == b"%%EOF") {
        return Err(FileProblem::Damaged);
    }
    const ACTIVE: [&[u8]; 7] = [b"JavaScript", b"JS", b"Launch", b"EmbeddedFile", b"EmbeddedFiles", b"RichMedia", b"XFA"];
    const ACTIVE_AA: &[u8] = b"AA";
    for name in pdf_names(bytes) {
        if ACTIVE.contains(&name.as_slice()) || name == ACTIVE_AA {
            return Err(FileProblem::ActiveContent);
        }
    }
    Ok(())
}

/// Every PDF name token (`/Name`), with `#xx` escapes decoded.
fn pdf_names(bytes: &[u8]) -> impl Iterator<Item = Vec<u8>> + '_ {
    let is_end = |b: u8| b.is_ascii_whitespace() || b"()<>[]{}/%".contains(&b) || b == 0;
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < bytes.len() {
            if bytes[i] != b'/' {
                i += 1;
                continue;
            }
            i += 1;
            let mut name = Vec::new();
            while let Some(&b) = bytes.get(i) {
                if is_end(b) {
                    break;
                }
                if b == b'#'
                    && let Some(v) = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok()).and_then(|h| u8::from_str_radix(h, 16).ok())
                {
                    name.push(v);
                    i += 3;
                    continue;
                }
                name.push(b);
                i += 1;
            }
            return Some(name);
        }
        None
    })
}

fn check_jpeg(bytes: &[u8]) -> Result<(), FileProblem> {
    let end = bytes.iter().rposition(|b| *b != 0).map(|p| p + 1).unwrap_or(0);
    if end >= 4 && bytes.get(end - 2..end) == Some(&[0xFF, 0xD9][..]) { Ok(()) } else { Err(FileProblem::Damaged) }
}

const PNG_SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];

fn check_png(bytes: &[u8]) -> Result<(), FileProblem> {
    let mut at = PNG_SIGNATURE.len();
    let mut first = true;
    loop {
        let header = bytes.get(at..at + 8).ok_or(FileProblem::Damaged)?;
        let len = u32::from_be_bytes([header[0], header[1], header[2], header[3]]) as usize;
        let kind = &header[4..8];
        if !kind.iter().all(u8::is_ascii_alphabetic) || (first && (kind != b"IHDR" || len != 13)) {
            return Err(FileProblem::Damaged);
        }
        let data_end = at.checked_add(8).and_then(|x| x.checked_add(len)).ok_or(FileProblem::Damaged)?;
        let crc_end = data_end.checked_add(4).ok_or(FileProblem::Damaged)?;
        let typed = bytes.get(at + 4..data_end).ok_or(FileProblem::Damaged)?;
        let crc = bytes.get(data_end..crc_end).ok_or(FileProblem::Damaged)?;
        if crc32(typed).to_be_bytes() != crc {
            return Err(FileProblem::Damaged);
        }
        if kind == b"IEND" {
            // Nothing may follow: bytes after IEND are how polyglots hide.
            return if crc_end == bytes.len() { Ok(()) } else { Err(FileProblem::Damaged) };
        }
        at = crc_end;
        first = false;
    }
}

/// CRC-32 (IEEE), as PNG uses.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

/// The file's name as the member gave it, safe to show and to send back.
pub fn display_name(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or("");
    let clean: String = base.chars().filter(|c| !c.is_control() && !"\"<>*?|:".contains(*c)).collect();
    let trimmed = clean.trim().trim_start_matches('.').trim();
    let name: String = trimmed.chars().take(100).collect();
    if name.is_empty() { "file".into() } else { name }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAX: usize = 1024 * 1024;

    pub fn pdf(body: &str) -> Vec<u8> {
        format!("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R {body} >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
            .into_bytes()
    }

    fn chunk(kind: &[u8], data: &[u8]) -> Vec<u8> {
        let mut out = (data.len() as u32).to_be_bytes().to_vec();
        let mut typed = kind.to_vec();
        typed.extend_from_slice(data);
        out.extend_from_slice(&typed);
        out.extend_from_slice(&crc32(&typed).to_be_bytes());
        out
    }

    fn png() -> Vec<u8> {
        let mut v = PNG_SIGNATURE.to_vec();
        v.extend(chunk(b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]));
        v.extend(chunk(b"IDAT", &[0x78, 0x9C, 0x63, 0x60, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01]));
        v.extend(chunk(b"IEND", &[]));
        v
    }

    const JPEG: &[u8] = &[0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0x00, 0xFF, 0xD9];

    #[test]
    fn crc32_matches_the_standard_check_value() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        // IEND's CRC as every PNG carries it.
        assert_eq!(crc32(b"IEND").to_be_bytes(), [0xAE, 0x42, 0x60, 0x82]);
    }

    #[test]
    fn the_three_kinds_are_recognised_by_content() {
        assert_eq!(inspect(&pdf(""), MAX), Ok(FileKind::Pdf));
        assert_eq!(inspect(&png(), MAX), Ok(FileKind::Png));
        assert_eq!(inspect(JPEG, MAX), Ok(FileKind::Jpeg));
        assert_eq!(FileKind::Png.content_type(), "image/png");
    }

    #[test]
    fn size_is_checked_first() {
        assert_eq!(inspect(b"", MAX), Err(FileProblem::Empty));
        let p = pdf("");
        assert_eq!(inspect(&p, p.len()), Ok(FileKind::Pdf));
        assert_eq!(inspect(&p, p.len() - 1), Err(FileProblem::TooLarge));
    }

    #[test]
    fn other_content_is_refused_whatever_its_name() {
        for bytes in [
            &b"<html><script>alert(1)</script></html>"[..],
            b"<svg xmlns='http://www.w3.org/2000/svg'/>",
            b"MZ\x90\x00\x03",
            b"PK\x03\x04zip",
            b" %PDF-1.4 ...",
        ] {
            assert_eq!(inspect(bytes, MAX), Err(FileProblem::NotAllowedType));
        }
    }

    #[test]
    fn truncated_files_are_damaged() {
        assert_eq!(inspect(b"%PDF-1.7\n1 0 obj", MAX), Err(FileProblem::Damaged));
        assert_eq!(inspect(&JPEG[..JPEG.len() - 2], MAX), Err(FileProblem::Damaged));
        let p = png();
        assert_eq!(inspect(&p[..p.len() - 3], MAX), Err(FileProblem::Damaged));
    }

    #[test]
    fn pdfs_with_active_content_are_refused_even_when_obfuscated() {
        for body in ["/OpenAction << /S /JavaScript /JS (app.alert(1)) >>", "/JS(x)", "/J#53 (x)", "/J#61vaScript", "/Launch", "/Names << /EmbeddedFiles 3 0 R >>", "/AA << >>", "/XFA 4 0 R"] {
            assert_eq!(inspect(&pdf(body), MAX), Err(FileProblem::ActiveContent), "{body}");
        }
        assert_eq!(inspect(&pdf("/JSON 1 /AAPL 2 /Author (JS)"), MAX), Ok(FileKind::Pdf));
    }

    #[test]
    fn png_structure_is_verified() {
        let mut flipped = png();
        let last = flipped.len() - 1;
        flipped[last] ^= 0xFF;
        assert_eq!(inspect(&flipped, MAX), Err(FileProblem::Damaged));
        let mut appended = png();
        appended.extend_from_slice(b"PK\x03\x04<html>");
        assert_eq!(inspect(&appended, MAX), Err(FileProblem::Damaged));
        let mut no_ihdr = PNG_SIGNATURE.to_vec();
        no_ihdr.extend(chunk(b"IEND", &[]));
        assert_eq!(inspect(&no_ihdr, MAX), Err(FileProblem::Damaged));
        let mut huge = PNG_SIGNATURE.to_vec();
        huge.extend_from_slice(&[0xFF, 0xFF, 0xFF, 0xFF, b'I', b'H', b'D', b'R']);
        assert_eq!(inspect(&huge, MAX), Err(FileProblem::Damaged));
    }

    #[test]
    fn names_are_made_safe() {
        assert_eq!(display_name("C:\\Users\\x\\委任状.pdf"), "委任状.pdf");
        assert_eq!(display_name("../../etc/passwd"), "passwd");
        assert_eq!(display_name("\"><script>.png"), "script.png");
        assert_eq!(display_name("..."), "file");
        assert_eq!(display_name(&"あ".repeat(300)).chars().count(), 100);
    }
}
