//! Tricky PDFs, built here byte by byte so that every `/Length` and cross-reference offset
//! is right where it needs to be (and wrong where a test says so).
//!
//! "Byte scanner: …" on a test says what the check that came before this crate made of
//! its files. It searched the raw bytes for refused names, skipping from any `stream`
//! keyword to the next `endstream`, and never inflated anything.

use filecheck::PdfProblem::{ActiveContent, Damaged};
use filecheck::{PdfProblem, check_pdf};
use miniz_oxide::deflate::compress_to_vec_zlib;

/// A PDF written object by object. `at` records where an object's header starts, for the
/// next cross-reference section.
struct Pdf {
    bytes: Vec<u8>,
    written: Vec<(u32, usize)>,
    prev: Option<usize>,
}

impl Pdf {
    fn new() -> Pdf {
        Pdf { bytes: b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec(), written: Vec::new(), prev: None }
    }

    fn raw(mut self, text: impl AsRef<[u8]>) -> Pdf {
        self.bytes.extend_from_slice(text.as_ref());
        self
    }

    fn at(mut self, number: u32) -> Pdf {
        self.written.push((number, self.bytes.len()));
        self
    }

    fn object(self, number: u32, body: &str) -> Pdf {
        self.at(number).raw(format!("{number} 0 obj\n{body}\nendobj\n"))
    }

    /// A stream object whose `/Length` is its data's.
    fn stream(self, number: u32, dict: &str, data: &[u8]) -> Pdf {
        self.stream_with_length(number, dict, data, data.len())
    }

    fn stream_with_length(self, number: u32, dict: &str, data: &[u8], length: usize) -> Pdf {
        self.at(number)
            .raw(format!("{number} 0 obj\n<< /Length {length} {dict}>>\nstream\n"))
            .raw(data)
            .raw("\nendstream\nendobj\n")
    }

    /// The cross-reference section for what was written since the last one, the trailer
    /// (with `/Prev` after the first) and `%%EOF`.
    fn end(self) -> Pdf {
        self.end_with_offsets(|offset| offset)
    }

    /// The same, each offset passed through `lie`.
    fn end_with_offsets(mut self, lie: impl Fn(usize) -> usize) -> Pdf {
        let start = self.bytes.len();
        let size = self.written.iter().map(|&(n, _)| n + 1).max().unwrap_or(1);
        let mut xref = String::from("xref\n0 1\n0000000000 65535 f \n");
        for &(number, offset) in &self.written {
            xref.push_str(&format!("{number} 1\n{:010} 00000 n \n", lie(offset)));
        }
        let prev = self.prev.map(|p| format!("/Prev {p} ")).unwrap_or_default();
        xref.push_str(&format!("trailer\n<< /Size {size} /Root 1 0 R {prev}>>\nstartxref\n{start}\n%%EOF\n"));
        self.written.clear();
        self.prev = Some(start);
        self.raw(xref)
    }

    fn build(self) -> Vec<u8> {
        self.bytes
    }
}

/// A catalog, its page tree and one page; `extra` goes into the catalog.
fn document(extra: &str) -> Pdf {
    Pdf::new()
        .object(1, &format!("<< /Type /Catalog /Pages 2 0 R {extra}>>"))
        .object(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
        .object(3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>")
}

/// An object stream's content: the header of object numbers and offsets, then the objects.
fn object_stream_content(members: &[(u32, &str)]) -> (Vec<u8>, usize) {
    let mut header = String::new();
    let mut objects = String::new();
    for (number, body) in members {
        header.push_str(&format!("{number} {} ", objects.len()));
        objects.push_str(body);
        objects.push('\n');
    }
    let first = header.len();
    ((header + &objects).into_bytes(), first)
}

/// The dictionary entries and the compressed data of an object stream holding `members`.
fn object_stream(members: &[(u32, &str)]) -> (String, Vec<u8>) {
    let (content, first) = object_stream_content(members);
    (
        format!("/Type /ObjStm /N {} /First {first} /Filter /FlateDecode ", members.len()),
        compress_to_vec_zlib(&content, 6),
    )
}

fn check(pdf: Pdf) -> Result<(), PdfProblem> {
    check_pdf(&pdf.build())
}

const JS_ACTION: &str = "<< /S /JavaScript /JS (app.alert\\(1\\)) >>";
const URI_ACTION: &str = "<< /S /URI /URI (https://attacker.example/) >>";

#[test]
fn plain_documents_pass() {
    assert_eq!(check(document("").end()), Ok(()));
    assert_eq!(check(document("/OpenAction [3 0 R /Fit] ").end()), Ok(()));
}

// Byte scanner: accepts all four (it took `% stream`, `) stream` or `>> stream` for the
// start of a stream and skipped to the next `endstream`).
#[test]
fn a_comment_is_never_a_keyword() {
    let hidden_by_comments = format!("% stream\n/OpenAction {JS_ACTION}\n% endstream\n");
    assert_eq!(check(document(&hidden_by_comments).end()), Err(ActiveContent));
    // A `stream` keyword only counts after an object's dictionary, not after a string…
    let after_a_string = format!("/Title (x) stream\n/OpenAction {JS_ACTION} (endstream) ");
    assert_eq!(check(document(&after_a_string).end()), Err(ActiveContent));
    // …nor after a dictionary inside it, where some readers go on reading keys.
    let nested = format!("/X << >> stream\n/OpenAction {URI_ACTION}\nendstream ");
    assert_eq!(check(document(&nested).end()), Err(ActiveContent));
    // …and a comment after `>>` does not make the next line a stream body.
    let doc =
        Pdf::new().object(1, &format!("<< /Type /Catalog >> % stream\n/OpenAction {JS_ACTION}\n% endstream")).end();
    assert_eq!(check(doc), Err(ActiveContent));
}

// Byte scanner: refuses these too (it decoded `#xx`), but for `/JS#00` and `/JSé`, which
// a reader may cut to `/JS`.
#[test]
fn escaped_names_are_decoded() {
    for extra in [
        "/OpenAction << /S /J#61vaScript >> ",
        "/Foo << /#4A#53 (app.alert(1)) >> ",
        "/#41#41 << /O 4 0 R >> ",
        "/Foo /JS#00 ",
        "/Foo /JS\u{e9} ",
    ] {
        assert_eq!(check(document(extra).end()), Err(ActiveContent), "{extra}");
    }
    assert_eq!(check(document("/J#53ON 1 /A#41PL 2 ").end()), Ok(()));
}

// Byte scanner: accepts every one (it never inflated object streams).
#[test]
fn names_inside_object_streams_are_read() {
    let (dict, data) = object_stream(&[(4, JS_ACTION)]);
    assert_eq!(check(document("/OpenAction 4 0 R ").stream(5, &dict, &data).end()), Err(ActiveContent));

    // The catalog itself in the object stream, with an action that names nothing refused.
    let catalog = format!("<< /Type /Catalog /Pages 2 0 R /OpenAction {URI_ACTION} >>");
    let (dict, data) = object_stream(&[(1, &catalog), (2, "<< /Type /Pages /Kids [] /Count 0 >>")]);
    assert_eq!(check(Pdf::new().stream(5, &dict, &data).end()), Err(ActiveContent));

    // Escaped names inside, and no `/Type`: readers go by `/First` and `/N`.
    let (content, first) = object_stream_content(&[(4, "<< /S /J#61vaScript >>")]);
    let dict = format!("/N 1 /First {first} /Filter /FlateDecode ");
    let doc = document("").stream(5, &dict, &compress_to_vec_zlib(&content, 6)).end();
    assert_eq!(check(doc), Err(ActiveContent));

    // Compressed twice, with the abbreviated filter name.
    let (content, first) = object_stream_content(&[(4, JS_ACTION)]);
    let twice = compress_to_vec_zlib(&compress_to_vec_zlib(&content, 6), 6);
    let dict = format!("/Type /ObjStm /N 1 /First {first} /Filter [/Fl /FlateDecode] ");
    assert_eq!(check(document("").stream(5, &dict, &twice).end()), Err(ActiveContent));

    // Not compressed at all: the body is still objects, not data.
    let dict = format!("/Type /ObjStm /N 1 /First {first} ");
    assert_eq!(check(document("").stream(5, &dict, &content).end()), Err(ActiveContent));

    // An offset that points inside a string, where reading in order sees only a string.
    let inner = format!("(padding {URI_ACTION})");
    let (mut content, first) = object_stream_content(&[(4, &inner)]);
    let offset = inner.find("<<").unwrap();
    content.splice(..first, format!("{:<width$}", format!("4 {offset} "), width = first).bytes());
    let dict = format!("/Type /ObjStm /N 1 /First {first} /Filter /FlateDecode ");
    let doc = document("/OpenAction 4 0 R ").stream(5, &dict, &compress_to_vec_zlib(&content, 6)).end();
    assert_eq!(check(doc), Err(ActiveContent));
}

#[test]
fn plain_object_streams_pass() {
    let (dict, data) = object_stream(&[
        (1, "<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>"),
        (2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
        (3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Annots [6 0 R] >>"),
        (4, "[3 0 R /XYZ null null 0]"),
        (6, "<< /Type /Annot /Subtype /Link /Rect [0 0 10 10] /A << /S /URI /URI (https://example.com/) >> >>"),
    ]);
    assert_eq!(check(Pdf::new().stream(5, &dict, &data).end()), Ok(()));
}

// Byte scanner: accepts all of these (it never decoded anything).
#[test]
fn object_streams_that_cannot_be_decoded_are_damaged() {
    let (content, first) = object_stream_content(&[(4, "<< >>")]);
    let compressed = compress_to_vec_zlib(&content, 6);
    let cases: [(&str, Vec<u8>); 6] = [
        ("/Filter /LZWDecode", content.clone()),
        ("/Filter /FlateDecode", b"not deflate at all".to_vec()),
        ("/Filter /FlateDecode", compressed[..compressed.len() - 6].to_vec()),
        ("/Filter 7 0 R", compressed.clone()),
        ("/Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 4 >>", compressed.clone()),
        ("/Filter [/FlateDecode /DCTDecode]", compressed.clone()),
    ];
    for (filter, data) in cases {
        let dict = format!("/Type /ObjStm /N 1 /First {first} {filter} ");
        assert_eq!(check(document("").stream(5, &dict, &data).end()), Err(Damaged), "{filter}");
    }
    // `/First` or `/N` that is not a plain number, or an offset past the end.
    for dict in [
        "/Type /ObjStm /N 1 /First 9 0 R /Filter /FlateDecode ".to_owned(),
        format!("/Type /ObjStm /First {first} /Filter /FlateDecode "),
        format!("/Type /ObjStm /N 2 /First {first} /Filter /FlateDecode "),
        format!("/Type /ObjStm /N 1 /First {} /Filter /FlateDecode ", content.len() + 1),
    ] {
        assert_eq!(check(document("").stream(5, &dict, &compressed).end()), Err(Damaged), "{dict}");
    }
    // Streams cannot be stored in an object stream.
    let (dict, data) = object_stream(&[(4, "<< /Length 1 >> stream\nx\nendstream")]);
    assert_eq!(check(document("").stream(5, &dict, &data).end()), Err(Damaged));
}

// Byte scanner: accepts (it never looked inside object streams, encrypted or not).
#[test]
fn object_streams_of_encrypted_files_are_damaged() {
    let trailer = "trailer\n<< /Root 1 0 R /Encrypt << /Filter /Standard /V 2 /R 3 >> >>\n%%EOF\n";
    let (dict, data) = object_stream(&[(4, "<< >>")]);
    assert_eq!(check(document("").stream(5, &dict, &data).raw(trailer)), Err(Damaged));
    // Without object streams, names are not encrypted and are read as usual.
    assert_eq!(check(document("").raw(trailer)), Ok(()));
    assert_eq!(check(document("/AA << >> ").raw(trailer)), Err(ActiveContent));
}

#[test]
fn every_revision_of_an_incremental_update_is_read() {
    let first = document("").end();
    assert_eq!(check_pdf(&first.bytes), Ok(()));
    // Byte scanner: refuses (the names are in plain sight).
    let update = first.object(1, &format!("<< /Type /Catalog /Pages 2 0 R /OpenAction {JS_ACTION} >>")).end();
    assert_eq!(check(update), Err(ActiveContent));
    // Byte scanner: accepts (a URI action names nothing it refused).
    let update =
        document("").end().object(1, "<< /Type /Catalog /Pages 2 0 R /OpenAction 7 0 R >>").object(7, URI_ACTION).end();
    assert_eq!(check(update), Err(ActiveContent));
    // A harmless update passes.
    let update = document("").end().object(3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 842 595] >>").end();
    assert_eq!(check(update), Ok(()));
}

// Byte scanner: the same answers (it never read the table), but for the last: a URI
// action names nothing it refused.
#[test]
fn a_broken_cross_reference_table_neither_hides_nor_breaks_anything() {
    let garbage = |offset: usize| offset * 7919 + 13;
    assert_eq!(check(document("").end_with_offsets(garbage)), Ok(()));
    let not_a_table = "xref\n0 3\nthis is not a table\ntrailer\n<< /Root 1 0 R >>\nstartxref\n999999\n%%EOF\n";
    assert_eq!(check(document("").raw(not_a_table)), Ok(()));
    let no_table = document("").raw("trailer\n<< /Root 1 0 R >>\n%%EOF\n");
    assert_eq!(check(no_table), Ok(()));
    let active = document(&format!("/OpenAction {JS_ACTION} ")).end_with_offsets(garbage);
    assert_eq!(check(active), Err(ActiveContent));
    let active = document("/OpenAction 7 0 R ").object(7, URI_ACTION).end_with_offsets(|_| 0);
    assert_eq!(check(active), Err(ActiveContent));
}

#[test]
fn a_length_that_lies_is_not_believed() {
    let image = "/Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8 ";
    // Too long: it would swallow the next object. Byte scanner: refuses too.
    let doc = document("")
        .stream_with_length(4, image, b"\x00", 200)
        .object(1, &format!("<< /Type /Catalog /Pages 2 0 R /OpenAction {JS_ACTION} >>"))
        .end();
    assert_eq!(check(doc), Err(ActiveContent));
    // Too short, or far past the end: the body ends at `endstream`.
    for length in [0, 1, usize::MAX / 2] {
        let doc = document("").stream_with_length(4, image, b"abc/JS(x)", length).end();
        assert_eq!(check(doc), Ok(()), "{length}");
    }
    // Not a number.
    let doc = document("").at(4).raw("4 0 obj\n<< /Length 9 0 R >>\nstream\n/JS\nendstream\nendobj\n").end();
    assert_eq!(check(doc), Ok(()));
    // Right, with `endstream` inside the data: the length wins, and the bytes after that
    // first `endstream` are still data. Byte scanner: refuses (it read `/Launch` as a name).
    let data = b"\xFF/JS endstream /Launch \x00";
    assert_eq!(check(document("").stream(4, image, data).end()), Ok(()));
    // No `endstream` at all. Byte scanner: accepts.
    let doc = document("").raw("4 0 obj\n<< /Length 5 >>\nstream\nabc\n%%EOF\n");
    assert_eq!(check(doc), Err(Damaged));
}

// Byte scanner: accepts all five hidden objects (the URI actions name nothing refused; it
// skipped the image data from `stream` to `endstream`).
#[test]
fn objects_hidden_where_lexing_sees_no_tokens_are_found() {
    let catalog = "<< /Type /Catalog /Pages 2 0 R /OpenAction 7 0 R >>";
    let base = || Pdf::new().object(1, catalog).object(2, "<< /Type /Pages /Kids [] /Count 0 >>");

    // In a comment, where the cross-reference offset points.
    let doc = base().raw("% ").at(7).raw(format!("7 0 obj {URI_ACTION} endobj\n")).end();
    assert_eq!(check(doc), Err(ActiveContent));

    // In a string.
    let doc = base().raw("8 0 obj\n(").at(7).raw(format!("7 0 obj {URI_ACTION} endobj)\nendobj\n")).end();
    assert_eq!(check(doc), Err(ActiveContent));

    // In an image's data, before its `endstream`.
    let mut data = b"\xFF\xD8\xFF\xE0 binary\n".to_vec();
    let at = data.len();
    data.extend_from_slice(format!("7 0 obj\n{JS_ACTION}\nendobj\n").as_bytes());
    data.extend_from_slice(b"more binary \xFF\xD9");
    let mut doc = base().stream(8, "/Type /XObject /Subtype /Image /Filter /DCTDecode ", &data);
    let stream_start = doc.bytes.len() - data.len() - "\nendstream\nendobj\n".len();
    doc.written.push((7, stream_start + at));
    assert_eq!(check(doc.end()), Err(ActiveContent));

    // A trailer in a comment whose root is a catalog written in place.
    let doc = base().raw(format!("% trailer << /Root << /Type /Catalog /OpenAction {URI_ACTION} >> >>\n")).end();
    assert_eq!(check(doc), Err(ActiveContent));

    // The header split by a comment, or unreadable: the object counts for every number.
    let doc = base().raw(format!("(\n7 0 % c\nobj {URI_ACTION})\n")).end();
    assert_eq!(check(doc), Err(ActiveContent));

    // Text that merely mentions objects passes.
    let doc = document("/Title (the obj) /Subject (a trailer, an object) ").end();
    assert_eq!(check(doc), Ok(()));
}

#[test]
fn open_actions() {
    for extra in ["/OpenAction [3 0 R /Fit] ", "/OpenAction << /S /GoTo /D [3 0 R /Fit] >> "] {
        assert_eq!(check(document(extra).end()), Ok(()), "{extra}");
    }
    // Byte scanner: accepts this and the two below that run an action.
    let uri = format!("/OpenAction {URI_ACTION} ");
    assert_eq!(check(document(&uri).end()), Err(ActiveContent));

    // By reference: to a destination, to a view, to an action, through another object.
    let by_ref = |target: &str| document("/OpenAction 7 0 R ").object(7, target).end();
    assert_eq!(check(by_ref("[3 0 R /Fit]")), Ok(()));
    assert_eq!(check(by_ref("<< /S /GoTo /D [3 0 R /Fit] >>")), Ok(()));
    assert_eq!(check(by_ref(URI_ACTION)), Err(ActiveContent));
    let chained = document("/OpenAction 7 0 R ").object(7, "8 0 R").object(8, URI_ACTION).end();
    assert_eq!(check(chained), Err(ActiveContent));
    // `7.0` is 7 to a reader that keeps numbers as floats.
    let float = document("/OpenAction 7.0 0 R ").object(7, URI_ACTION).end();
    assert_eq!(check(float), Err(ActiveContent));
}

// Byte scanner: accepts all of these (they name nothing refused) but the first string.
#[test]
fn unterminated_strings_and_dictionaries_are_damaged() {
    let unterminated = [
        document("").raw(format!("4 0 obj\n(never closed /OpenAction {JS_ACTION}\n%%EOF\n")),
        document("").raw("4 0 obj\n(never closed\n%%EOF\n"),
        document("").raw("4 0 obj\n<4a53\n%%EOF\n"),
        Pdf::new().raw("1 0 obj\n<< /Type /Catalog /Pages 2 0 R\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"),
        Pdf::new().raw("1 0 obj\n[1 2 3\nendobj\n%%EOF\n"),
    ];
    for doc in unterminated {
        let bytes = doc.build();
        assert_eq!(check_pdf(&bytes), Err(Damaged), "{}", String::from_utf8_lossy(&bytes));
    }
    // An action the file ends inside is judged as if closed.
    let doc = document("").raw("4 0 obj\n<< /OpenAction << /S /URI\n%%EOF\n");
    assert_eq!(check(doc), Err(ActiveContent));
}

// Byte scanner: accepts (it never inflated anything).
#[test]
fn decompression_bombs_are_damaged() {
    let (_, first) = object_stream_content(&[(4, "<< >>")]);
    let dict = format!("/Type /ObjStm /N 0 /First {first} /Filter /FlateDecode ");
    // One stream past its limit: 17 MiB from about 17 KiB.
    let bomb = compress_to_vec_zlib(&vec![b' '; 17 << 20], 9);
    assert!(bomb.len() < 100_000);
    assert_eq!(check(document("").stream(5, &dict, &bomb).end()), Err(Damaged));
    // Many streams within their own limit, past the total.
    let big = compress_to_vec_zlib(&vec![b' '; 15 << 20], 9);
    let mut doc = document("");
    for n in 0..5 {
        doc = doc.stream(10 + n, &dict, &big);
    }
    assert_eq!(check(doc.end()), Err(Damaged));
    // Within both, it passes.
    assert_eq!(check(document("").stream(5, &dict, &big).end()), Ok(()));
}

// Byte scanner: accepts (nothing refused is named).
#[test]
fn deep_nesting_is_damaged_without_overflowing_the_stack() {
    for open in ["[", "<<", "<< /A [", "<< /Kids [<< /A "] {
        let doc = document("").raw(format!("4 0 obj\n{}\nendobj\n", open.repeat(100_000))).end();
        assert_eq!(check(doc), Err(Damaged), "{open}");
    }
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let (dict, data) = object_stream(&[(4, &deep)]);
    assert_eq!(check(document("").stream(5, &dict, &data).end()), Err(Damaged));
    // Nesting as deep as real documents go passes.
    let doc = document("").object(4, &format!("{}{}", "[".repeat(100), "]".repeat(100))).end();
    assert_eq!(check(doc), Ok(()));
}

// Byte scanner: accepts these too.
#[test]
fn image_data_is_not_read_as_tokens() {
    let image = "/Type /XObject /Subtype /Image /Width 8 /Height 8 /Filter /DCTDecode ";
    let data = b"\xFF\xD8/JS (app.alert(1)) /OpenAction << /S /URI >> /AA ( <<\xFF\xD9";
    assert_eq!(check(document("").stream(4, image, data).end()), Ok(()));
    // Compressed page content, whatever its bytes spell.
    let content = compress_to_vec_zlib(b"BT /JS 12 Tf (hello) Tj ET", 6);
    assert_eq!(check(document("").stream(4, "/Filter /FlateDecode ", &content).end()), Ok(()));
}

/// xorshift64: the same "random" bytes on every run.
fn noise(seed: u64) -> impl FnMut() -> u64 {
    let mut x = seed;
    move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    }
}

#[test]
fn random_image_data_passes() {
    let mut next = noise(0x2545_F491_4F6C_DD1D);
    let mut doc = document("");
    for n in 0..100 {
        let data: Vec<u8> = (0..65_536).map(|_| next().to_le_bytes()[0]).collect();
        doc = doc.stream(10 + n, "/Type /XObject /Subtype /Image /Filter /DCTDecode ", &data);
    }
    assert_eq!(check(doc.end()), Ok(()));
}

/// Every corpus document, for the tests that only ask that the check returns.
fn corpus() -> Vec<Vec<u8>> {
    let (dict, data) = object_stream(&[(4, JS_ACTION), (6, "[1 2 (x) <41> /N#41me]")]);
    vec![
        document(&format!("% stream\n/OpenAction {JS_ACTION}\n% endstream\n")).end().build(),
        document("/OpenAction << /S /J#61vaScript >> ").end().build(),
        document("/OpenAction 4 0 R ").stream(5, &dict, &data).end().build(),
        document("").end().object(7, URI_ACTION).end().build(),
        document("").end_with_offsets(|o| o * 3).build(),
        document("").stream_with_length(4, "", b"abc", 200).end().build(),
        document("").raw("4 0 obj\n(never closed\n%%EOF\n").build(),
        Pdf::new().raw("% ").at(7).raw(format!("7 0 obj {URI_ACTION} endobj\n")).end().build(),
    ]
}

#[test]
fn no_prefix_of_a_corpus_document_panics() {
    for doc in corpus() {
        for len in 0..=doc.len() {
            let _ = check_pdf(&doc[..len]);
        }
    }
}

#[test]
fn random_changes_to_corpus_documents_do_not_panic() {
    let mut next = noise(0x9E37_79B9_7F4A_7C15);
    let tokens: [&[u8]; 14] =
        [b"(", b")", b"<", b">", b"<<", b">>", b"[", b"]", b"/", b"%", b"\\", b"stream\n", b"endstream", b" 0 obj "];
    for doc in corpus() {
        for _ in 0..2_000 {
            let mut bytes = doc.clone();
            for _ in 0..1 + next() % 4 {
                let at = usize::try_from(next() % bytes.len() as u64).unwrap();
                match next() % 3 {
                    0 => bytes[at] = next().to_le_bytes()[0],
                    1 => {
                        let token = tokens[usize::try_from(next() % tokens.len() as u64).unwrap()];
                        bytes.splice(at..at, token.iter().copied());
                    }
                    _ => {
                        bytes.remove(at);
                    }
                }
            }
            let _ = check_pdf(&bytes);
        }
    }
}

// Byte scanner: accepts all of these.
#[test]
fn hostile_repetition_stays_fast() {
    // Each of these would take minutes if any step were quadratic; the first three run out
    // of the work hidden objects may do.
    let headers = document("").raw(format!("%{}\n", " 1 0 obj".repeat(400_000))).end();
    assert_eq!(check(headers), Err(Damaged));
    let streams = document("").raw(format!("%{}\nendstream\n", " 0 obj<<>>stream".repeat(200_000))).end();
    assert_eq!(check(streams), Err(Damaged));
    let big = format!("[{}]", "0 ".repeat(500_000));
    let header: String = (0..100_000).map(|n| format!("{} 0 ", n + 10)).collect();
    let dict = format!("/Type /ObjStm /N 100000 /First {} /Filter /FlateDecode ", header.len());
    let doc = document("").stream(5, &dict, &compress_to_vec_zlib(format!("{header}{big}").as_bytes(), 6)).end();
    assert_eq!(check(doc), Err(Damaged));
    // Many short hidden objects are fine.
    let trailers = document("").raw(format!("({})\n", "trailer ".repeat(500_000))).end();
    assert_eq!(check(trailers), Ok(()));
    let parens = document("").raw(format!("4 0 obj\n{}\n%%EOF\n", "(".repeat(4_000_000))).build();
    assert_eq!(check_pdf(&parens), Err(Damaged));
    let closed = document("").object(4, &format!("{}{}", "(".repeat(2_000_000), ")".repeat(2_000_000))).end();
    assert_eq!(check(closed), Ok(()));
}
