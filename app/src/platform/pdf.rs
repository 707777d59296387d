//! PDF documents in Japanese (server only), shared by every feature that writes one: the
//! font read once at start, a page layout built first as marks on pages (text, rules) and
//! then drawn with the font embedded as a subset (so the text stays extractable through
//! its ToUnicode map and the file small), with page numbers. And the reverse, for checks:
//! the text a PDF reader would extract.

use std::sync::Arc;

use krilla::Document;
use krilla::geom::{PathBuilder, Point};
use krilla::page::PageSettings;
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};

use kit::error::AppError;

/// Debian's IPAex Gothic (package fonts-ipaexfont-gothic).
pub const DEFAULT_FONT: &str = "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf";

/// Reads the PDF font once at start-up; a missing or unreadable font is logged and the
/// PDFs are then unavailable (the printable pages, CSV and JSON remain).
pub fn load_font(path: &std::path::Path) -> Option<Arc<Vec<u8>>> {
    match std::fs::read(path) {
        Ok(bytes) if Font::new(Arc::new(bytes.clone()).into(), 0).is_some() => Some(Arc::new(bytes)),
        Ok(_) => {
            tracing::warn!(font = %path.display(), "not a usable font: PDFs are unavailable");
            None
        }
        Err(e) => {
            tracing::warn!(font = %path.display(), error = %e, "cannot read the PDF font: PDFs are unavailable");
            None
        }
    }
}

/// A page's size and margin, in points.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PageSize {
    pub width: f32,
    pub height: f32,
    pub margin: f32,
}

/// A4 portrait, for what is printed and filed (the 医療費控除 statement).
pub const A4: PageSize = PageSize { width: 595.0, height: 842.0, margin: 48.0 };
/// A5 portrait: one column of large text that a phone shows at a readable size, and that
/// still prints well.
pub const A5: PageSize = PageSize { width: 420.0, height: 595.0, margin: 30.0 };

/// Room kept at the foot of each page for its number.
const FOOT: f32 = 24.0;

#[derive(Clone, Debug, PartialEq)]
enum Mark {
    Text { x: f32, y: f32, size: f32, text: String },
    Rule { y: f32 },
}

/// Pages of marks, laid out top to bottom: either placed (`text`, `rule` at a given
/// height) or flowing (`line`, `lines`, which wrap to the width and start a new page when
/// the current one is full).
#[derive(Clone, Debug)]
pub struct Layout {
    size: PageSize,
    pages: Vec<Vec<Mark>>,
    /// Where the next flowing line's baseline goes on the current page.
    pub y: f32,
}

impl Layout {
    pub fn new(size: PageSize) -> Self {
        Layout { size, pages: vec![Vec::new()], y: size.margin + 10.0 }
    }

    pub fn size(&self) -> PageSize {
        self.size
    }

    fn current(&mut self) -> &mut Vec<Mark> {
        if self.pages.is_empty() {
            self.pages.push(Vec::new());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    /// Text on the current page, its baseline at `y`.
    pub fn text(&mut self, x: f32, y: f32, size: f32, text: &str) {
        if !text.is_empty() {
            self.current().push(Mark::Text { x, y, size, text: text.to_string() });
        }
    }

    /// A thin rule across the current page at `y`.
    pub fn rule(&mut self, y: f32) {
        self.current().push(Mark::Rule { y });
    }

    pub fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = self.size.margin + 10.0;
    }

    /// Starts a new page unless `needed` points still fit on this one.
    pub fn room(&mut self, needed: f32) {
        if self.y + needed > self.size.height - self.size.margin - FOOT && !self.current().is_empty() {
            self.new_page();
        }
    }

    /// One flowing paragraph at `indent` from the margin, wrapped to the page's width.
    pub fn line(&mut self, indent: f32, size: f32, text: &str) {
        let width = self.size.width - 2.0 * self.size.margin - indent;
        for part in wrap(text, width, size) {
            self.room(size * 1.5);
            let (x, y) = (self.size.margin + indent, self.y);
            self.text(x, y, size, &part);
            self.y += size * 1.55;
        }
    }

    /// Leaves `points` of space (nothing at the top of a page).
    pub fn gap(&mut self, points: f32) {
        self.y += points;
    }

    /// A rule under what was just written, then a little space.
    pub fn separator(&mut self) {
        self.room(12.0);
        let y = self.y - 8.0;
        self.rule(y);
        self.y += 6.0;
    }

    pub fn page_count(&self) -> usize {
        self.pages.len()
    }
}

/// How wide `c` is, in ems, as IPAex Gothic sets it: Japanese full width, Latin about half
/// (a little more, so that a line never runs past the margin).
fn em(c: char) -> f32 {
    match c {
        ' '..='~' => 0.6,
        '\u{ff61}'..='\u{ff9f}' => 0.5,
        _ => 1.0,
    }
}

/// `text` cut into lines no wider than `width` at font size `size`: at a space where
/// there is one, else between any two characters (as Japanese is set). New lines are kept.
pub fn wrap(text: &str, width: f32, size: f32) -> Vec<String> {
    let max = (width / size).max(1.0);
    let mut out = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        let mut used = 0.0;
        for c in paragraph.chars() {
            let w = em(c);
            if used + w > max && !line.is_empty() && c == ' ' {
                // The space that overflows is the break itself.
                out.push(std::mem::take(&mut line));
                used = 0.0;
                continue;
            }
            if used + w > max && !line.is_empty() {
                // Break at the last space of the line when it leaves something on it.
                match line.rfind(' ').filter(|i| *i > 0) {
                    Some(i) if line.is_char_boundary(i) => {
                        let rest = line.split_off(i);
                        out.push(line);
                        line = rest.trim_start().to_string();
                    }
                    _ => out.push(std::mem::take(&mut line)),
                }
                used = line.chars().map(em).sum();
            }
            line.push(c);
            used += w;
        }
        out.push(line);
    }
    out
}

/// Draws `layout` with `font` (a TrueType/OpenType font with Japanese glyphs; only the glyphs
/// used are embedded), each page numbered 「n / N」 at its foot.
pub fn render(layout: &Layout, font: Arc<Vec<u8>>, title: &str) -> Result<Vec<u8>, AppError> {
    let font = Font::new(font.into(), 0).ok_or_else(|| AppError::internal("pdf", "the PDF font cannot be read"))?;
    let size = layout.size;
    let mut document = Document::new();
    document.set_metadata(
        krilla::metadata::Metadata::new().title(title.to_string()).language("ja".to_string()).creator("madoguchi".to_string()),
    );
    let count = layout.pages.len();
    for (n, marks) in layout.pages.iter().enumerate() {
        let settings = PageSettings::from_wh(size.width, size.height).ok_or_else(|| AppError::internal("pdf", "page size"))?;
        let mut page = document.start_page_with(settings);
        let mut surface = page.surface();
        for mark in marks {
            match mark {
                Mark::Text { x, y, size, text } => {
                    surface.draw_text(Point::from_xy(*x, *y), font.clone(), *size, text, false, TextDirection::Auto)
                }
                Mark::Rule { y } => rule(&mut surface, size, *y),
            }
        }
        let number = format!("{} / {}", n + 1, count);
        surface.draw_text(Point::from_xy(size.width - size.margin - 40.0, size.height - 18.0), font.clone(), 8.0, &number, false, TextDirection::Auto);
        surface.finish();
        page.finish();
    }
    document.finish().map_err(|e| AppError::internal("pdf", format!("{e:?}")))
}

fn rule(surface: &mut Surface<'_>, size: PageSize, y: f32) {
    let mut pb = PathBuilder::new();
    pb.move_to(size.margin, y);
    pb.line_to(size.width - size.margin, y);
    if let Some(path) = pb.finish() {
        surface.set_fill(None);
        surface.set_stroke(Some(krilla::paint::Stroke { width: 0.6, ..Default::default() }));
        surface.draw_path(&path);
        surface.set_stroke(None);
        surface.set_fill(Some(krilla::paint::Fill::default()));
    }
}

/// The text a reader extracts from a PDF this module wrote: each text object's strings
/// mapped back to characters through the font's ToUnicode map, one text object a line.
/// For checks of what a file says (a disclosed value is there, a withheld one is not); it
/// reads only what [`render`] writes (Flate streams, one subset font).
pub fn text_of(pdf: &[u8]) -> String {
    let streams = streams(pdf);
    let mut map = std::collections::HashMap::new();
    for s in streams.iter().filter(|s| find(s, b"begincmap").is_some()) {
        read_cmap(&String::from_utf8_lossy(s), &mut map);
    }
    let mut out = String::new();
    for s in streams.iter().filter(|s| find(s, b"BT").is_some() && find(s, b"ET").is_some() && find(s, b"begincmap").is_none()) {
        read_content(s, &map, &mut out);
    }
    out
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Every stream's content, inflated where it is compressed.
fn streams(pdf: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(i) = find(&pdf[at..], b"stream") {
        let start = at + i + b"stream".len();
        // `endstream` also contains `stream`: skip it.
        if at + i >= 3 && &pdf[at + i - 3..at + i] == b"end" {
            at = start;
            continue;
        }
        let body_start = match pdf.get(start..start + 2) {
            Some(b"\r\n") => start + 2,
            Some([b'\n', _]) => start + 1,
            _ => {
                at = start;
                continue;
            }
        };
        let Some(len) = find(&pdf[body_start..], b"endstream") else { break };
        let body = &pdf[body_start..body_start + len];
        out.push(miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(body, 64 << 20).unwrap_or_else(|_| body.to_vec()));
        at = body_start + len + b"endstream".len();
    }
    out
}

fn hex_bytes(h: &str) -> Vec<u8> {
    let digits: Vec<u8> = h.bytes().filter(u8::is_ascii_hexdigit).collect();
    digits.chunks(2).filter_map(|p| u8::from_str_radix(&String::from_utf8_lossy(p), 16).ok()).collect()
}

fn code_of(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0, |a, b| (a << 8) | u32::from(*b))
}

fn utf16(bytes: &[u8]) -> String {
    let units: Vec<u16> = bytes.chunks(2).map(|p| (u16::from(p[0]) << 8) | u16::from(*p.get(1).unwrap_or(&0))).collect();
    String::from_utf16_lossy(&units)
}

/// The `bfchar` and `bfrange` entries of a ToUnicode CMap.
fn read_cmap(cmap: &str, map: &mut std::collections::HashMap<u32, String>) {
    let hexes = |s: &str| -> Vec<String> { s.split('<').skip(1).filter_map(|p| p.split('>').next()).map(str::to_string).collect() };
    for block in cmap.split("beginbfchar").skip(1) {
        let body = block.split("endbfchar").next().unwrap_or_default();
        for pair in hexes(body).chunks(2) {
            if let [src, dst] = pair {
                map.insert(code_of(&hex_bytes(src)), utf16(&hex_bytes(dst)));
            }
        }
    }
    for block in cmap.split("beginbfrange").skip(1) {
        let body = block.split("endbfrange").next().unwrap_or_default();
        for line in body.lines() {
            let h = hexes(line);
            if let [lo, hi, dst, ..] = h.as_slice() {
                let (lo, hi, dst) = (code_of(&hex_bytes(lo)), code_of(&hex_bytes(hi)), hex_bytes(dst));
                let first = utf16(&dst);
                let Some(base) = first.chars().next() else { continue };
                for (k, code) in (lo..=hi.min(lo + 0xffff)).enumerate() {
                    if let Some(c) = char::from_u32(base as u32 + k as u32) {
                        map.insert(code, c.to_string());
                    }
                }
            }
        }
    }
}

/// The strings shown between `BT` and `ET` (hex or literal, two bytes a glyph).
fn read_content(content: &[u8], map: &std::collections::HashMap<u32, String>, out: &mut String) {
    let mut i = 0;
    let mut in_text = false;
    let show = |bytes: &[u8], out: &mut String| {
        for g in bytes.chunks(2) {
            if let Some(t) = map.get(&code_of(g)) {
                out.push_str(t);
            }
        }
    };
    while i < content.len() {
        match content[i] {
            b'B' if content.get(i + 1) == Some(&b'T') => {
                in_text = true;
                i += 2;
            }
            b'E' if content.get(i + 1) == Some(&b'T') && in_text => {
                in_text = false;
                out.push('\n');
                i += 2;
            }
            b'<' if in_text && content.get(i + 1) != Some(&b'<') => {
                let end = content[i..].iter().position(|b| *b == b'>').map_or(content.len(), |p| i + p);
                show(&hex_bytes(&String::from_utf8_lossy(&content[i + 1..end])), out);
                i = end + 1;
            }
            b'(' if in_text => {
                let mut bytes = Vec::new();
                let mut depth = 1;
                i += 1;
                while i < content.len() && depth > 0 {
                    let b = content[i];
                    match b {
                        b'\\' => {
                            i += 1;
                            match content.get(i) {
                                Some(d @ b'0'..=b'7') => {
                                    let mut v = u32::from(d - b'0');
                                    for _ in 0..2 {
                                        match content.get(i + 1) {
                                            Some(d @ b'0'..=b'7') => {
                                                v = v * 8 + u32::from(d - b'0');
                                                i += 1;
                                            }
                                            _ => break,
                                        }
                                    }
                                    bytes.push(v as u8);
                                }
                                Some(b'n') => bytes.push(b'\n'),
                                Some(b'r') => bytes.push(b'\r'),
                                Some(b't') => bytes.push(b'\t'),
                                Some(b'b') => bytes.push(8),
                                Some(b'f') => bytes.push(12),
                                Some(other) => bytes.push(*other),
                                None => {}
                            }
                        }
                        b'(' => {
                            depth += 1;
                            bytes.push(b);
                        }
                        b')' => {
                            depth -= 1;
                            if depth > 0 {
                                bytes.push(b);
                            }
                        }
                        _ => bytes.push(b),
                    }
                    i += 1;
                }
                show(&bytes, out);
            }
            _ => i += 1,
        }
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn wrapping_breaks_japanese_anywhere_and_latin_at_spaces() {
        assert_eq!(wrap("あいうえお", 30.0, 10.0), ["あいう", "えお"]);
        assert_eq!(wrap("abc def ghi", 45.0, 10.0), ["abc def", "ghi"]);
        assert_eq!(wrap("一行目\n二行目", 100.0, 10.0), ["一行目", "二行目"]);
        assert_eq!(wrap("", 100.0, 10.0), [""]);
    }

    #[test]
    fn what_is_drawn_is_read_back_and_pages_break_when_full() {
        let font = load_font(std::path::Path::new(DEFAULT_FONT)).expect("fonts-ipaexfont-gothic (installed by .ci/tools)");
        let mut layout = Layout::new(A5);
        layout.line(0.0, 14.0, "保有個人データの開示");
        for i in 0..60 {
            layout.line(10.0, 11.0, &format!("住所：東京都千代田区霞が関{i}丁目 (ABC-{i})"));
        }
        assert!(layout.page_count() > 1);
        let pdf = render(&layout, font, "テスト").unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        let text = text_of(&pdf);
        assert!(text.contains("保有個人データの開示"), "{text}");
        assert!(text.contains("住所：東京都千代田区霞が関59丁目 (ABC-59)"), "{text}");
        assert!(!text.contains("霞が関60丁目"));
    }
}
