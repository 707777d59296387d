//! The registry export (被保険者台帳), as bytes: decoded (UTF-8 or CP932), then every line
//! parsed and checked. Nothing may panic; each line ends either kept or refused, never both.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (text, _cp932) = app::csv_import::store::decode(data);
    let parsed = app::registry::store::parse_csv(&text);
    let kept: std::collections::HashSet<usize> = parsed.records.iter().map(|(line, _)| *line).collect();
    assert_eq!(kept.len(), parsed.records.len(), "a line kept twice");
    assert!(parsed.rejected.iter().all(|r| !kept.contains(&r.line)), "a line both kept and refused");
    assert!(parsed.rejected.windows(2).all(|w| w[0].line <= w[1].line), "refusals out of line order");
});
