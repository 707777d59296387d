//! What the tokens of a PDF mean for [`crate::check_pdf`].
//!
//! The whole file is lexed from its first byte to its last, every revision of an
//! incremental update included; the cross-reference table is never read, so a broken or
//! lying one hides nothing. A reader reaches objects in three ways, and each is covered:
//!
//! - at an `N G obj` header, by the cross-reference offset or by scanning for headers when
//!   the table is broken. A header outside comments, strings and stream bodies is lexed in
//!   the file's order. A header *inside* one of them (an offset can point anywhere) is found
//!   by looking there for `obj`, and one object is lexed from it ("hidden" objects); the
//!   same for a `trailer` dictionary;
//! - inside an object stream, at the offsets its header lists: the stream is inflated, its
//!   content lexed in order, and one object lexed from each listed offset;
//! - through a reference: the catalog's `/OpenAction 9 0 R` is checked against what
//!   object 9 is, wherever it was found.
//!
//! Other stream bodies (images, page content, fonts) are data, not objects, and are not
//! read as tokens, so scanned pages whose bytes happen to spell `/JS` pass.

use std::borrow::Cow;

use crate::PdfProblem::{self, ActiveContent, Damaged};
use crate::lex::{Kind, Lexed, Lexer, Name, Token, is_regular, is_white};

mod walker;

use walker::{Walker, walk_one};

/// Names that make a PDF run, open, fetch or send something, compared whole after `#xx`
/// decoding, wherever they stand (key or value).
const REFUSED: [&[u8]; 13] = [
    b"JavaScript",
    b"JS",
    b"Launch",
    b"EmbeddedFile",
    b"EmbeddedFiles",
    // A file specification's embedded file: `/Type /EmbeddedFile` on the stream is optional.
    b"EF",
    b"RichMedia",
    b"XFA",
    b"AA",
    b"SubmitForm",
    b"ImportData",
    b"GoToR",
    b"GoToE",
];

/// Arrays and dictionaries open at once; real files stay far below.
const MAX_DEPTH: usize = 256;
/// Inflated bytes of one object stream, and of all of them: past either, a decompression
/// bomb is assumed. Real object streams hold some hundred objects, a few hundred KiB.
const MAX_INFLATED_PER_STREAM: usize = 16 << 20;
const MAX_INFLATED_TOTAL: usize = 64 << 20;
/// What hidden and object-stream objects may read, on top of 4 bytes per byte of the file
/// and 2 per inflated byte; each such object counts for at least `MIN_WORK`. This keeps
/// the time linear however many offsets point at one long object.
const BASE_WORK: usize = 1 << 20;
const MIN_WORK: usize = 16;
/// Distinct objects `/OpenAction` may refer to, and objects followed from each.
const MAX_OPEN_REFS: usize = 16;
const MAX_FOLLOWED: usize = 64;

pub(crate) fn check(bytes: &[u8]) -> Result<(), PdfProblem> {
    let mut ctx = Ctx {
        inflate_left: MAX_INFLATED_TOTAL,
        work_left: bytes.len().saturating_mul(4).saturating_add(BASE_WORK),
        index: Index::default(),
        open_refs: Vec::new(),
        encrypted: false,
        object_streams: false,
    };
    Walker::new(&mut ctx, bytes, 0, Mode::File, None).run()?;
    // Encrypted object streams were inflated undecrypted: what they hold was not seen.
    if ctx.encrypted && ctx.object_streams {
        return Err(Damaged);
    }
    let refs = std::mem::take(&mut ctx.open_refs);
    ctx.index.finish();
    if refs.into_iter().any(|r| ctx.index.runs_action(r)) { Err(ActiveContent) } else { Ok(()) }
}

/// What one check has left and has learnt, across the file and its object streams.
struct Ctx {
    inflate_left: usize,
    work_left: usize,
    index: Index,
    /// The objects `/OpenAction` refers to.
    open_refs: Vec<u32>,
    /// An `/Encrypt` name was seen; an object stream was decoded.
    encrypted: bool,
    object_streams: bool,
}

impl Ctx {
    fn inflate(&mut self, data: &[u8]) -> Result<Vec<u8>, PdfProblem> {
        let limit = self.inflate_left.min(MAX_INFLATED_PER_STREAM);
        let out = miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(data, limit).map_err(|_| Damaged)?;
        self.inflate_left = self.inflate_left.saturating_sub(out.len());
        self.work_left = self.work_left.saturating_add(out.len().saturating_mul(2));
        Ok(out)
    }

    fn charge(&mut self, work: usize) -> Result<(), PdfProblem> {
        self.work_left = self.work_left.checked_sub(work.max(MIN_WORK)).ok_or(Damaged)?;
        Ok(())
    }

    fn note_open_ref(&mut self, number: u32) -> Result<(), PdfProblem> {
        if !self.open_refs.contains(&number) {
            if self.open_refs.len() >= MAX_OPEN_REFS {
                return Err(ActiveContent);
            }
            self.open_refs.push(number);
        }
        Ok(())
    }
}

/// Which objects are actions other than a view, and which only refer to another object.
/// An object whose number could not be read counts for every number.
#[derive(Default)]
struct Index {
    actions: Vec<u32>,
    aliases: Vec<(u32, u32)>,
    unnumbered_action: bool,
    unnumbered_aliases: Vec<u32>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Target {
    Number(u32),
    Unknown,
}

impl Index {
    fn add_action(&mut self, target: Target) {
        match target {
            Target::Number(n) => self.actions.push(n),
            Target::Unknown => self.unnumbered_action = true,
        }
    }

    fn add_alias(&mut self, target: Target, to: u32) {
        match target {
            Target::Number(n) => self.aliases.push((n, to)),
            Target::Unknown => self.unnumbered_aliases.push(to),
        }
    }

    fn finish(&mut self) {
        self.actions.sort_unstable();
        self.aliases.sort_unstable();
        self.unnumbered_aliases.sort_unstable();
        self.unnumbered_aliases.dedup();
    }

    /// Whether object `start`, or one it refers to, is an action other than a view. Any
    /// definition counts (a later revision, a hidden copy): the reader may pick any. An
    /// object that is nowhere runs nothing. Needs `finish` first.
    fn runs_action(&self, start: u32) -> bool {
        if self.unnumbered_action {
            return true;
        }
        let mut seen = vec![start];
        let mut todo = vec![start];
        while let Some(n) = todo.pop() {
            if self.actions.binary_search(&n).is_ok() {
                return true;
            }
            let from = self.aliases.partition_point(|&(a, _)| a < n);
            let own =
                self.aliases.get(from..).unwrap_or_default().iter().take_while(|&&(a, _)| a == n).map(|&(_, to)| to);
            for to in own.chain(self.unnumbered_aliases.iter().copied()) {
                if !seen.contains(&to) {
                    if seen.len() >= MAX_FOLLOWED {
                        return true;
                    }
                    seen.push(to);
                    todo.push(to);
                }
            }
        }
        false
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    /// The file itself, from its first byte to its last.
    File,
    /// One object where the file's lexing saw a comment, a string or a stream body.
    Hidden,
    /// The inflated content of an object stream.
    Content,
}

/// The dictionary entries that matter here, as far as they were given directly. In an
/// array, `filters` tallies its elements in case it is a `/Filter` list.
#[derive(Clone, Copy, Debug, Default)]
struct Info {
    length: Option<usize>,
    object_stream: bool,
    first: Option<usize>,
    count: Option<usize>,
    filters: Filters,
    /// A `/Predictor` other than none (or not given directly), or `/DecodeParms` by reference.
    parms: bool,
    action: Action,
    next: bool,
}

impl Info {
    /// An action other than a view: `/S` given and not `/GoTo`, or another action after it.
    fn runs_action(&self) -> bool {
        self.action == Action::Other || self.next
    }
}

#[derive(Clone, Copy, Debug, Default)]
struct Filters {
    flate: u8,
    other: bool,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Action {
    #[default]
    None,
    GoTo,
    Other,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Key {
    Length,
    Type,
    Filter,
    DecodeParms,
    First,
    N,
    Predictor,
    S,
    Next,
    Other,
}

impl Key {
    fn of(name: &Name) -> Key {
        [
            (Key::Length, &b"Length"[..]),
            (Key::Type, b"Type"),
            (Key::Filter, b"Filter"),
            (Key::DecodeParms, b"DecodeParms"),
            (Key::First, b"First"),
            (Key::N, b"N"),
            (Key::Predictor, b"Predictor"),
            (Key::S, b"S"),
            (Key::Next, b"Next"),
        ]
        .into_iter()
        .find_map(|(key, text)| name.is(text).then_some(key))
        .unwrap_or(Key::Other)
    }
}

fn is_flate(name: &Name) -> bool {
    name.is(b"FlateDecode") || name.is(b"Fl")
}

#[derive(Clone, Copy, Debug)]
enum Value {
    Int(i64),
    Ref(u32),
    Name(Name),
    Array(Info),
    Dict(Info),
    Other,
}

impl Info {
    fn set(&mut self, key: Key, value: Value) {
        let size = |v: Value| if let Value::Int(i) = v { usize::try_from(i).ok() } else { None };
        match key {
            Key::Length => self.length = size(value),
            Key::Type => self.object_stream |= matches!(value, Value::Name(n) if n.is(b"ObjStm")),
            // Readers take a stream for an object stream by its `/First` and `/N` alone.
            Key::First => {
                self.object_stream = true;
                self.first = size(value);
            }
            Key::N => self.count = size(value),
            Key::Filter => {
                self.filters = match value {
                    Value::Name(n) if is_flate(&n) => Filters { flate: 1, other: false },
                    Value::Array(a) => a.filters,
                    _ => Filters { flate: 0, other: true },
                }
            }
            Key::DecodeParms => self.parms |= matches!(value, Value::Ref(_) | Value::Int(_) | Value::Name(_)),
            Key::Predictor => self.parms |= !matches!(value, Value::Int(0 | 1)),
            Key::S => {
                self.action = match value {
                    Value::Name(n) if n.is(b"GoTo") && self.action != Action::Other => Action::GoTo,
                    _ => Action::Other,
                }
            }
            Key::Next => self.next = true,
            Key::Other => {}
        }
    }
}

/// An object stream's content, inflated, lexed in order and then object by object from
/// the offsets its header lists.
fn object_stream(ctx: &mut Ctx, raw: &[u8], info: &Info) -> Result<(), PdfProblem> {
    if info.filters.other || info.parms {
        return Err(Damaged);
    }
    let (Some(first), Some(count)) = (info.first, info.count) else { return Err(Damaged) };
    ctx.object_streams = true;
    let mut content = Cow::Borrowed(raw);
    for _ in 0..info.filters.flate {
        content = Cow::Owned(ctx.inflate(&content)?);
    }
    let content = &*content;
    Walker::new(ctx, content, 0, Mode::Content, None).run()?;
    let mut header = Lexer::new(content, 0);
    for _ in 0..count {
        let (Some(number), Some(offset)) = (next_int(&mut header), next_int(&mut header)) else {
            return Err(Damaged);
        };
        let number = u32::try_from(number).map_err(|_| Damaged)?;
        let at = usize::try_from(offset).ok().and_then(|o| o.checked_add(first)).filter(|&at| at <= content.len());
        walk_one(ctx, content, at.ok_or(Damaged)?, Mode::Content, Some(Target::Number(number)))?;
    }
    Ok(())
}

fn next_int(lexer: &mut Lexer<'_>) -> Option<i64> {
    loop {
        match lexer.next_token() {
            Lexed::Token(Token { kind: Kind::Comment, .. }) => {}
            Lexed::Token(Token { kind: Kind::Int(v), .. }) => return Some(v),
            _ => return None,
        }
    }
}

/// After `stream`: CRLF or LF, or a lone CR, which some writers use.
fn skip_eol(bytes: &[u8], at: usize) -> usize {
    match (bytes.get(at), bytes.get(at + 1)) {
        (Some(b'\r'), Some(b'\n')) => at + 2,
        (Some(b'\r' | b'\n'), _) => at + 1,
        _ => at,
    }
}

/// Whether `endstream` follows `at`, after an optional end of line.
fn ends_stream(bytes: &[u8], at: usize) -> bool {
    let from = skip_eol(bytes, at);
    bytes.get(from..).is_some_and(|rest| rest.starts_with(b"endstream"))
}

fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes.get(from..)?.windows(needle.len()).position(|w| w == needle).map(|p| from + p)
}

/// The number of the `N G obj` header whose keyword starts at `at`, read backwards.
fn number_before(bytes: &[u8], at: usize) -> Target {
    let back = |mut i: usize, limit: usize, f: fn(u8) -> bool| {
        let stop = i.saturating_sub(limit);
        while i > stop && bytes.get(i - 1).is_some_and(|&b| f(b)) {
            i -= 1;
        }
        i
    };
    let digit = |b: u8| b.is_ascii_digit();
    let gen_end = back(at, 64, is_white);
    let gen_start = back(gen_end, 10, digit);
    let num_end = back(gen_start, 64, is_white);
    let num_start = back(num_end, 10, digit);
    let starts_token = num_start == 0 || bytes.get(num_start - 1).is_some_and(|&b| !is_regular(b));
    if gen_start == gen_end || num_end == gen_start || num_start == num_end || !starts_token {
        return Target::Unknown;
    }
    let digits = bytes.get(num_start..num_end).unwrap_or_default();
    std::str::from_utf8(digits).ok().and_then(|s| s.parse().ok()).map_or(Target::Unknown, Target::Number)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_read_backwards() {
        let at = |s: &[u8]| number_before(s, s.len() - 3);
        assert_eq!(at(b"% 12 0 obj"), Target::Number(12));
        assert_eq!(at(b"12\n0\r\nobj"), Target::Number(12));
        assert_eq!(at(b"12 0obj"), Target::Number(12));
        assert_eq!(at(b"7 0 obj"), Target::Number(7));
        assert_eq!(at(b"x12 0 obj"), Target::Unknown);
        assert_eq!(at(b"12 obj"), Target::Unknown);
        assert_eq!(at(b"120obj"), Target::Unknown);
        assert_eq!(at(b"obj"), Target::Unknown);
        assert_eq!(at(b"99999999999 0 obj"), Target::Unknown);
    }

    #[test]
    fn a_stream_ends_where_its_length_says_only_if_endstream_is_there() {
        assert!(ends_stream(b"abc\r\nendstream", 3));
        assert!(ends_stream(b"abcendstream", 3));
        assert!(!ends_stream(b"abc  endstream", 3));
        assert!(!ends_stream(b"abc", 99));
        assert_eq!(skip_eol(b"stream\r\nx", 6), 8);
        assert_eq!(skip_eol(b"stream\rx", 6), 7);
        assert_eq!(skip_eol(b"stream", 6), 6);
    }

    #[test]
    fn references_are_followed_through_aliases() {
        let mut index = Index::default();
        index.add_alias(Target::Number(1), 2);
        index.add_alias(Target::Number(2), 3);
        index.add_action(Target::Number(3));
        index.add_alias(Target::Number(5), 5);
        index.finish();
        assert!(index.runs_action(1));
        assert!(index.runs_action(3));
        assert!(!index.runs_action(4));
        assert!(!index.runs_action(5));

        let mut unnumbered = Index::default();
        unnumbered.add_alias(Target::Unknown, 8);
        unnumbered.add_action(Target::Number(8));
        unnumbered.finish();
        assert!(unnumbered.runs_action(1));

        let mut long = Index::default();
        for n in 0..100 {
            long.add_alias(Target::Number(n), n + 1);
        }
        long.finish();
        assert!(long.runs_action(0), "a chain too long to follow is refused");
    }

    #[test]
    fn dictionary_entries_are_read_with_references() {
        let mut ctx = Ctx {
            inflate_left: 0,
            work_left: 0,
            index: Index::default(),
            open_refs: Vec::new(),
            encrypted: false,
            object_streams: false,
        };
        let bytes = b"<< /Length 12 /Filter [/Fl /FlateDecode] /First 9 0 R /N 3 /S /GoTo >>";
        let mut walker = Walker::new(&mut ctx, bytes, 0, Mode::Hidden, None);
        walker.single = true;
        walker.run().unwrap();
        let info = walker.last_dict.unwrap();
        assert_eq!(info.length, Some(12));
        assert_eq!((info.filters.flate, info.filters.other), (2, false));
        assert!(info.object_stream);
        assert_eq!((info.first, info.count), (None, Some(3)));
        assert!(!info.runs_action());
    }
}
