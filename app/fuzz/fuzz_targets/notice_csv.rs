//! The 医療費のお知らせ export, as bytes: decoded, then every line checked. Nothing may
//! panic; each line ends either kept or refused, never both.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 6).unwrap_or_default();
    let (text, _cp932) = app::csv_import::store::decode(data);
    let (lines, rejected) = app::notices::store::parse_csv(&text, today);
    let kept: std::collections::HashSet<usize> = lines.iter().map(|(line, _)| *line).collect();
    assert_eq!(kept.len(), lines.len(), "a line kept twice");
    assert!(rejected.iter().all(|r| !kept.contains(&r.line)), "a line both kept and refused");
});
