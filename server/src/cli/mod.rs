//! The CLI's commands, one module each (`serve` is `startup::serve`), and the import
//! report text the two import commands share.

pub mod add_staff;
pub mod audit_verify;
pub mod check_data;
pub mod generate_notices;
pub mod import_notices;
pub mod import_registry;
pub mod measure_password_hash;
pub mod migrate;
pub mod publish;
pub mod purge;
pub mod sweep_waiting;

use std::path::Path;

/// An import's report as people read it: the file and its encoding, then `done` — or,
/// when lines were rejected (and so nothing imported), every rejected line with its reasons.
pub fn import_report_text(file: &Path, cp932: bool, done: &str, rejected: &[app::csv_import::RejectedLine]) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let encoding = if cp932 { "Shift_JIS (CP932)" } else { "UTF-8" };
    let _ = writeln!(out, "{} ({encoding})", file.display());
    if rejected.is_empty() {
        let _ = writeln!(out, "{done}");
    } else {
        let _ = writeln!(out, "取り込みませんでした: {} 行に問題があります（1行も登録していません）", rejected.len());
        for line in app::csv_import::describe(rejected) {
            let _ = writeln!(out, "  {line}");
        }
    }
    out
}
