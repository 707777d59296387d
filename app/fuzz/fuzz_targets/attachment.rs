//! An uploaded file: its type sniffed, its size bounded, a PDF searched for active
//! content. Nothing may panic; a file taken as a PDF has passed the PDF check.
#![no_main]

use app::requests::attachments::{FileKind, inspect};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let pdf = filecheck::check_pdf(data);
    if let Ok(FileKind::Pdf) = inspect(data, 10 * 1024 * 1024) {
        assert!(pdf.is_ok(), "a PDF accepted that the PDF check refuses");
    }
});
