//! PDF tokens (ISO 32000-2, 7.2 and 7.3): comments, strings, names, numbers, keywords and
//! the brackets of arrays and dictionaries. The lexer only cuts bytes into tokens; what
//! they mean is the `pdf` module's business. It never panics and reads each byte once.

/// PDF whitespace: NUL, TAB, LF, FF, CR and space.
pub(crate) const fn is_white(b: u8) -> bool {
    matches!(b, 0 | b'\t' | b'\n' | 0x0C | b'\r' | b' ')
}

pub(crate) const fn is_delimiter(b: u8) -> bool {
    matches!(b, b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%')
}

/// Neither whitespace nor a delimiter: the stuff of names, numbers and keywords.
pub(crate) const fn is_regular(b: u8) -> bool {
    !is_white(b) && !is_delimiter(b)
}

/// Longer than any name this crate compares with (the longest is `EmbeddedFiles`).
const NAME_KEPT: usize = 16;

/// A name after `#xx` decoding. Only its first bytes are kept: a longer name equals none
/// of the names this crate looks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Name {
    kept: [u8; NAME_KEPT],
    len: usize,
    long: bool,
}

impl Name {
    /// `raw` is what follows the `/`. A `#` not followed by two hex digits stays as it is.
    /// The name is cut at a decoded NUL (a reader written in C may read `/JS#00x` as `JS`)
    /// and at a raw byte outside `!`..`~`, which names should escape and a reader may take
    /// for the end of the name.
    pub(crate) fn decode(raw: &[u8]) -> Name {
        let mut name = Name { kept: [0; NAME_KEPT], len: 0, long: false };
        let mut rest = raw;
        while let Some((&b, tail)) = rest.split_first() {
            let escaped = match tail {
                [h, l, ..] if b == b'#' => hex_value(*h).zip(hex_value(*l)),
                _ => None,
            };
            let (byte, next) = match escaped {
                Some((h, l)) => (h << 4 | l, tail.get(2..).unwrap_or_default()),
                None if !(b'!'..=b'~').contains(&b) => break,
                None => (b, tail),
            };
            if byte == 0 {
                break;
            }
            match name.kept.get_mut(name.len) {
                Some(slot) => {
                    *slot = byte;
                    name.len += 1;
                }
                None => {
                    name.long = true;
                    break;
                }
            }
            rest = next;
        }
        name
    }

    pub(crate) fn is(&self, other: &[u8]) -> bool {
        !self.long && self.kept.get(..self.len) == Some(other)
    }
}

fn hex_value(c: u8) -> Option<u8> {
    char::from(c).to_digit(16).and_then(|d| u8::try_from(d).ok())
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind<'a> {
    Int(i64),
    /// A number with a fraction, or an integer too large to matter.
    Real,
    /// A keyword (`obj`, `R`, `stream`, `true`, …) or any other run of regular bytes.
    Word(&'a [u8]),
    Name(Name),
    /// A literal `(…)` or hexadecimal `<…>` string.
    Str,
    /// `%` to the end of the line.
    Comment,
    ArrayOpen,
    ArrayClose,
    DictOpen,
    DictClose,
    /// `)`, a lone `>`, `{` or `}` where no string or dictionary is open: readers skip them.
    Stray,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Token<'a> {
    pub(crate) kind: Kind<'a>,
    /// Where the token starts and ends (exclusive) in the lexed bytes.
    pub(crate) start: usize,
    pub(crate) end: usize,
}

#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Lexed<'a> {
    Token(Token<'a>),
    End,
    /// A string that the bytes end inside.
    Unterminated,
}

pub(crate) struct Lexer<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Lexer<'a> {
    pub(crate) fn new(bytes: &'a [u8], pos: usize) -> Lexer<'a> {
        Lexer { bytes, pos }
    }

    pub(crate) fn pos(&self) -> usize {
        self.pos
    }

    /// Continue from `pos` (after a stream body, which is not tokens).
    pub(crate) fn seek(&mut self, pos: usize) {
        self.pos = pos;
    }

    pub(crate) fn next_token(&mut self) -> Lexed<'a> {
        let bytes = self.bytes;
        let start =
            bytes.get(self.pos..).and_then(|rest| rest.iter().position(|&b| !is_white(b))).map(|p| self.pos + p);
        let Some(start) = start else {
            self.pos = self.pos.max(bytes.len());
            return Lexed::End;
        };
        let next = bytes.get(start + 1).copied();
        let (kind, end) = match bytes.get(start).copied().unwrap_or_default() {
            b'%' => (Kind::Comment, line_end(bytes, start)),
            b'(' => match literal_end(bytes, start) {
                Some(end) => (Kind::Str, end),
                None => return self.unterminated(),
            },
            b'<' if next == Some(b'<') => (Kind::DictOpen, start + 2),
            b'<' => match bytes.get(start..).and_then(|rest| rest.iter().position(|&b| b == b'>')) {
                Some(close) => (Kind::Str, start + close + 1),
                None => return self.unterminated(),
            },
            b'>' if next == Some(b'>') => (Kind::DictClose, start + 2),
            b'[' => (Kind::ArrayOpen, start + 1),
            b']' => (Kind::ArrayClose, start + 1),
            b')' | b'>' | b'{' | b'}' => (Kind::Stray, start + 1),
            b'/' => {
                let end = regular_end(bytes, start + 1);
                (Kind::Name(Name::decode(bytes.get(start + 1..end).unwrap_or_default())), end)
            }
            _ => number_or_word(bytes, start),
        };
        self.pos = end;
        Lexed::Token(Token { kind, start, end })
    }

    fn unterminated(&mut self) -> Lexed<'a> {
        self.pos = self.bytes.len();
        Lexed::Unterminated
    }
}

/// Where a comment starting at `start` ends: at the next CR or LF, or the end.
fn line_end(bytes: &[u8], start: usize) -> usize {
    let rest = bytes.get(start..).unwrap_or_default();
    start + rest.iter().position(|&b| b == b'\r' || b == b'\n').unwrap_or(rest.len())
}

/// The end of the literal string opening at `start`: balanced parentheses, a backslash
/// escaping the byte after it.
fn literal_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut at = start;
    loop {
        match bytes.get(at)? {
            b'\\' => at += 2,
            b'(' => {
                depth += 1;
                at += 1;
            }
            b')' => {
                depth = depth.saturating_sub(1);
                at += 1;
                if depth == 0 {
                    return Some(at);
                }
            }
            _ => at += 1,
        }
    }
}

fn regular_end(bytes: &[u8], from: usize) -> usize {
    let rest = bytes.get(from..).unwrap_or_default();
    from + rest.iter().position(|&b| !is_regular(b)).unwrap_or(rest.len())
}

/// A number ends at the first byte that cannot continue it, and the rest of the run is
/// the next token, as readers lex `0obj` as `0 obj` and `0R` as `0 R`.
fn number_or_word(bytes: &[u8], start: usize) -> (Kind<'_>, usize) {
    let run_end = regular_end(bytes, start);
    let run = bytes.get(start..run_end).unwrap_or_default();
    let sign = usize::from(matches!(run.first(), Some(b'+' | b'-')));
    let digits = |from: usize| run.get(from..).unwrap_or_default().iter().take_while(|b| b.is_ascii_digit()).count();
    let whole = digits(sign);
    let fraction = (run.get(sign + whole) == Some(&b'.')).then(|| digits(sign + whole + 1));
    if whole + fraction.unwrap_or(0) == 0 {
        return (Kind::Word(run), run_end);
    }
    let end = start + sign + whole + fraction.map_or(0, |f| 1 + f);
    // `9.0` is an integer to a reader that keeps numbers as floats: `9.0 0 R` refers to 9.
    let fraction_digits = run.get(sign + whole + 1..sign + whole + 1 + fraction.unwrap_or(0)).unwrap_or_default();
    if fraction_digits.iter().any(|&d| d != b'0') {
        return (Kind::Real, end);
    }
    let mut value: Option<i64> = Some(0);
    for &d in run.get(sign..sign + whole).unwrap_or_default() {
        value = value.and_then(|v| v.checked_mul(10)).and_then(|v| v.checked_add(i64::from(d - b'0')));
    }
    let value = if run.first() == Some(&b'-') { value.and_then(i64::checked_neg) } else { value };
    (value.map_or(Kind::Real, Kind::Int), end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(bytes: &[u8]) -> Vec<Kind<'_>> {
        let mut lexer = Lexer::new(bytes, 0);
        let mut out = Vec::new();
        while let Lexed::Token(t) = lexer.next_token() {
            out.push(t.kind);
        }
        out
    }

    fn name(s: &[u8]) -> Kind<'static> {
        Kind::Name(Name::decode(s))
    }

    #[test]
    fn names_are_decoded_and_compared_whole() {
        assert!(Name::decode(b"J#61vaScript").is(b"JavaScript"));
        assert!(Name::decode(b"#4A#53").is(b"JS"));
        assert!(Name::decode(b"JS#00junk").is(b"JS"));
        assert!(Name::decode(b"JS\x80junk").is(b"JS"));
        assert!(Name::decode(b"J#53\x01").is(b"JS"));
        assert!(!Name::decode(b"JS#80").is(b"JS"));
        assert!(Name::decode(b"Foo#2").is(b"Foo#2"));
        assert!(Name::decode(b"A#zz").is(b"A#zz"));
        assert!(!Name::decode(b"JSON").is(b"JS"));
        assert!(!Name::decode(b"EmbeddedFilesAndMore").is(b"EmbeddedFiles"));
        assert!(Name::decode(b"").is(b""));
    }

    #[test]
    fn comments_strings_and_names_are_tokens_of_their_own() {
        assert_eq!(
            kinds(b"% stream\n/JS (a (nested) \\) still) /B <4a53> <</C>>"),
            [Kind::Comment, name(b"JS"), Kind::Str, name(b"B"), Kind::Str, Kind::DictOpen, name(b"C"), Kind::DictClose]
        );
        // A comment ends at CR as well as LF; `%` inside a string is not a comment.
        assert_eq!(kinds(b"%a\r/X (%b) %c"), [Kind::Comment, name(b"X"), Kind::Str, Kind::Comment]);
    }

    #[test]
    fn numbers_split_off_what_follows_them() {
        assert_eq!(kinds(b"12 0obj"), [Kind::Int(12), Kind::Int(0), Kind::Word(b"obj")]);
        assert_eq!(kinds(b"5 0R"), [Kind::Int(5), Kind::Int(0), Kind::Word(b"R")]);
        assert_eq!(kinds(b"-3 +4 .5 1.5 -.25"), [Kind::Int(-3), Kind::Int(4), Kind::Real, Kind::Real, Kind::Real]);
        assert_eq!(kinds(b"9.0 9. -2.00 .0"), [Kind::Int(9), Kind::Int(9), Kind::Int(-2), Kind::Int(0)]);
        assert_eq!(kinds(b"99999999999999999999 - true"), [Kind::Real, Kind::Word(b"-"), Kind::Word(b"true")]);
    }

    #[test]
    fn stray_closers_and_brackets() {
        assert_eq!(
            kinds(b") > { } [ ] >>"),
            [Kind::Stray, Kind::Stray, Kind::Stray, Kind::Stray, Kind::ArrayOpen, Kind::ArrayClose, Kind::DictClose]
        );
    }

    #[test]
    fn unterminated_strings_are_reported() {
        let mut lexer = Lexer::new(b"/A (never closed", 0);
        assert!(matches!(lexer.next_token(), Lexed::Token(_)));
        assert_eq!(lexer.next_token(), Lexed::Unterminated);
        assert_eq!(lexer.next_token(), Lexed::End);
        assert_eq!(Lexer::new(b"<4a53", 0).next_token(), Lexed::Unterminated);
        assert_eq!(Lexer::new(b"(ends with a backslash\\", 0).next_token(), Lexed::Unterminated);
    }
}
