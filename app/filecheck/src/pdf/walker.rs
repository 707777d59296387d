//! The walk over a PDF's tokens: one object (or the whole file) lexed in order, keys
//! and values tracked through nested dictionaries and arrays, references and object
//! headers told apart, and each dictionary's meaning checked as it closes.

use super::*;

struct Frame {
    dict: bool,
    /// The key whose value comes next (dictionaries only).
    key: Option<Key>,
    info: Info,
    /// The value of an `/OpenAction`.
    open_action: bool,
    /// The value of this object.
    root: Option<Target>,
}

/// Integers not yet known to be values: `9 0` may begin `9 0 R` or `9 0 obj`.
#[derive(Clone, Copy, Debug, Default)]
enum Pending {
    #[default]
    None,
    One(i64),
    Two(i64, i64),
}

pub(super) struct Walker<'c, 'a> {
    ctx: &'c mut Ctx,
    bytes: &'a [u8],
    lexer: Lexer<'a>,
    mode: Mode,
    /// Lex one value (and a stream after it), as a reader does at an object's offset.
    pub(super) single: bool,
    done: bool,
    frames: Vec<Frame>,
    pending: Pending,
    /// The object whose value comes next.
    root: Option<Target>,
    /// An `/OpenAction` whose value comes next.
    open_action: bool,
    /// The outermost dictionary the previous token closed, for a `stream` keyword after it.
    pub(super) last_dict: Option<Info>,
}

/// Lexes one object from `start` and charges what it read to the work budget.
pub(super) fn walk_one(ctx: &mut Ctx, bytes: &[u8], start: usize, mode: Mode, root: Option<Target>) -> Result<(), PdfProblem> {
    let mut walker = Walker::new(ctx, bytes, start, mode, root);
    walker.single = true;
    let result = walker.run();
    let read = walker.lexer.pos().saturating_sub(start);
    result?;
    ctx.charge(read)
}

impl<'c, 'a> Walker<'c, 'a> {
    pub(super) fn new(ctx: &'c mut Ctx, bytes: &'a [u8], start: usize, mode: Mode, root: Option<Target>) -> Walker<'c, 'a> {
        Walker {
            ctx,
            bytes,
            lexer: Lexer::new(bytes, start),
            mode,
            single: false,
            done: false,
            frames: Vec::new(),
            pending: Pending::None,
            root,
            open_action: false,
            last_dict: None,
        }
    }

    pub(super) fn run(&mut self) -> Result<(), PdfProblem> {
        loop {
            let token = match self.lexer.next_token() {
                Lexed::Token(token) => token,
                Lexed::End => return self.end(false),
                Lexed::Unterminated => return self.end(true),
            };
            match token.kind {
                Kind::Comment => {
                    self.opaque(token.start, token.end)?;
                    continue;
                }
                Kind::Stray => continue,
                _ => {}
            }
            let after_dict = self.last_dict.take();
            if let (Kind::Word(b"stream"), Some(info)) = (token.kind, after_dict) {
                self.stream(token.end, &info)?;
            } else if !self.done {
                self.token(token)?;
            }
            // After its value, a single object ends unless a stream may follow.
            if self.done && self.last_dict.is_none() {
                return Ok(());
            }
        }
    }

    fn token(&mut self, token: Token<'a>) -> Result<(), PdfProblem> {
        match token.kind {
            Kind::Int(v) => {
                self.pending = match self.pending {
                    Pending::None => Pending::One(v),
                    Pending::One(a) => Pending::Two(a, v),
                    Pending::Two(a, b) => {
                        self.scalar(Value::Int(a))?;
                        Pending::Two(b, v)
                    }
                };
                return Ok(());
            }
            Kind::Word(b"R") => {
                if let Pending::Two(a, _) = self.pending {
                    self.pending = Pending::None;
                    return self.scalar(u32::try_from(a).map_or(Value::Other, Value::Ref));
                }
            }
            Kind::Word(b"obj") => {
                let target = match std::mem::take(&mut self.pending) {
                    Pending::Two(a, _) => u32::try_from(a).map_or(Target::Unknown, Target::Number),
                    Pending::One(a) => {
                        self.scalar(Value::Int(a))?;
                        Target::Unknown
                    }
                    Pending::None => Target::Unknown,
                };
                self.root = Some(target);
                return Ok(());
            }
            _ => {}
        }
        self.flush()?;
        if self.done {
            return Ok(());
        }
        match token.kind {
            Kind::Str => {
                self.opaque(token.start, token.end)?;
                self.scalar(Value::Other)
            }
            Kind::Name(name) => {
                if REFUSED.iter().any(|r| name.is(r)) {
                    return Err(ActiveContent);
                }
                self.scalar(Value::Name(name))?;
                self.open_action |= name.is(b"OpenAction");
                self.ctx.encrypted |= name.is(b"Encrypt");
                Ok(())
            }
            Kind::ArrayOpen => self.open(false),
            Kind::DictOpen => self.open(true),
            Kind::ArrayClose => self.close(false),
            Kind::DictClose => self.close(true),
            Kind::Int(_) | Kind::Real | Kind::Word(_) | Kind::Comment | Kind::Stray => self.scalar(Value::Other),
        }
    }

    fn flush(&mut self) -> Result<(), PdfProblem> {
        match std::mem::take(&mut self.pending) {
            Pending::None => Ok(()),
            Pending::One(a) => self.scalar(Value::Int(a)),
            Pending::Two(a, b) => {
                self.scalar(Value::Int(a))?;
                self.scalar(Value::Int(b))
            }
        }
    }

    /// A value that opens nothing: it completes at once.
    fn scalar(&mut self, value: Value) -> Result<(), PdfProblem> {
        if self.done {
            return Ok(());
        }
        if std::mem::take(&mut self.open_action)
            && let Value::Ref(n) = value
        {
            self.ctx.note_open_ref(n)?;
        }
        if let (Some(target), Value::Ref(to)) = (self.root.take(), value) {
            self.ctx.index.add_alias(target, to);
        }
        self.give(value);
        self.done = self.single && self.frames.is_empty();
        Ok(())
    }

    fn open(&mut self, dict: bool) -> Result<(), PdfProblem> {
        if self.frames.len() >= MAX_DEPTH {
            return Err(Damaged);
        }
        // An array after `/OpenAction` is a destination, a view; so is an array object.
        let open_action = std::mem::take(&mut self.open_action) && dict;
        let root = self.root.take().filter(|_| dict);
        self.frames.push(Frame { dict, key: None, info: Info::default(), open_action, root });
        Ok(())
    }

    fn close(&mut self, dict: bool) -> Result<(), PdfProblem> {
        // A closer that matches nothing open is skipped, as readers skip it.
        let Some(frame) = self.frames.pop_if(|f| f.dict == dict) else { return Ok(()) };
        self.closed(&frame)?;
        self.give(if dict { Value::Dict(frame.info) } else { Value::Array(frame.info) });
        // Only an object's own dictionary starts a stream. Readers disagree about a nested
        // one (some skip a body, some read on as tokens), so its "body" is read as tokens.
        if dict && self.frames.is_empty() {
            self.last_dict = Some(frame.info);
        }
        self.done = self.single && self.frames.is_empty();
        Ok(())
    }

    fn closed(&mut self, frame: &Frame) -> Result<(), PdfProblem> {
        if frame.open_action && frame.info.runs_action() {
            return Err(ActiveContent);
        }
        if let (Some(target), true) = (frame.root, frame.info.runs_action()) {
            self.ctx.index.add_action(target);
        }
        Ok(())
    }

    /// Hands a complete value to the array or dictionary it is in.
    fn give(&mut self, value: Value) {
        let Some(frame) = self.frames.last_mut() else { return };
        if let Value::Array(inner) | Value::Dict(inner) = value {
            frame.info.parms |= inner.parms;
        }
        if !frame.dict {
            match value {
                Value::Name(n) if is_flate(&n) => frame.info.filters.flate = frame.info.filters.flate.saturating_add(1),
                _ => frame.info.filters.other = true,
            }
            return;
        }
        match frame.key.take() {
            Some(key) => frame.info.set(key, value),
            // Anything but a name where a key belongs is skipped, as readers skip it.
            None => frame.key = if let Value::Name(n) = value { Some(Key::of(&n)) } else { None },
        }
    }

    fn end(&mut self, unterminated: bool) -> Result<(), PdfProblem> {
        if !unterminated {
            self.flush()?;
        }
        // A lenient reader closes what the bytes leave open, so judge it as closed.
        let open = std::mem::take(&mut self.frames);
        for frame in open.iter().rev() {
            self.closed(frame)?;
        }
        let whole = !unterminated && open.is_empty();
        match self.mode {
            Mode::Hidden => Ok(()),
            Mode::File if whole => Ok(()),
            Mode::Content if whole && (self.done || !self.single) => Ok(()),
            Mode::File | Mode::Content => Err(Damaged),
        }
    }

    /// The body of the stream whose keyword ends at `keyword_end`: by a direct `/Length`
    /// when it lands on `endstream`, else up to the first `endstream`.
    fn stream(&mut self, keyword_end: usize, info: &Info) -> Result<(), PdfProblem> {
        // Streams cannot be stored in an object stream.
        if self.mode == Mode::Content {
            return Err(Damaged);
        }
        let bytes = self.bytes;
        let start = skip_eol(bytes, keyword_end);
        let by_length = info.length.and_then(|len| start.checked_add(len)).filter(|&end| ends_stream(bytes, end));
        let Some(end) = by_length.or_else(|| find(bytes, start, b"endstream")) else {
            if self.mode == Mode::File {
                return Err(Damaged);
            }
            self.lexer.seek(bytes.len());
            self.done = true;
            return Ok(());
        };
        self.opaque(start, end)?;
        if info.object_stream {
            object_stream(self.ctx, bytes.get(start..end).unwrap_or_default(), info)?;
        }
        self.lexer.seek(end);
        Ok(())
    }

    /// Bytes the file's lexing does not read as tokens (a comment, a string, a stream
    /// body), where an offset may still point: each `obj` or `trailer` keyword in them
    /// starts a hidden object, lexed on its own.
    fn opaque(&mut self, start: usize, end: usize) -> Result<(), PdfProblem> {
        if self.mode != Mode::File {
            return Ok(());
        }
        let bytes = self.bytes;
        let mut at = start;
        while let Some(p) = bytes.get(at..end).and_then(|r| r.iter().position(|&b| b == b'o' || b == b't')) {
            let found = at + p;
            at = found + 1;
            let (keyword, root): (&[u8], _) = match bytes.get(found) {
                Some(b'o') => (b"obj", Some(number_before(bytes, found))),
                _ => (b"trailer", None),
            };
            let after = found + keyword.len();
            if after <= end
                && bytes.get(found..after) == Some(keyword)
                && !bytes.get(after).is_some_and(|&b| is_regular(b))
            {
                walk_one(self.ctx, bytes, after, Mode::Hidden, root)?;
            }
        }
        Ok(())
    }
}
