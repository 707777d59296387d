//! A publication data file (公表事項): JSON read and validated as at start-up. Nothing may
//! panic, and a refusal always names the file.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Err(e) = app::publication::store::parse_file("fuzz.json", text) {
        assert!(e.to_string().starts_with("fuzz.json"), "a refusal that does not name the file: {e}");
    }
});
