//! The 第三者提供記録 ledger import, as bytes: decoded, then every line checked by the
//! form's rules against the demo publication's uses. Nothing may panic; each line ends
//! either kept or refused, never both.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;

/// (permitted by law, 委託・共同利用) of the demo society's publication.
static USES: LazyLock<(Vec<String>, Vec<String>)> = LazyLock::new(|| {
    let text = include_str!("../../../server/demo/publication-2025-04-01.json");
    match app::publication::store::parse_file("demo", text) {
        Ok(file) => app::ledger::store::typed_uses(&file.publication),
        Err(e) => panic!("the demo publication no longer loads: {e}"),
    }
});

fuzz_target!(|data: &[u8]| {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 6).unwrap_or_default();
    let (by_law, kept_apart) = &*USES;
    let (text, _cp932) = app::csv_import::store::decode(data);
    let (lines, rejected) = app::ledger::store::parse_import(&text, today, kept_apart, by_law);
    let kept: std::collections::HashSet<usize> = lines.iter().map(|(line, _)| *line).collect();
    assert_eq!(kept.len(), lines.len(), "a line kept twice");
    assert!(rejected.iter().all(|r| !kept.contains(&r.line)), "a line both kept and refused");
});
