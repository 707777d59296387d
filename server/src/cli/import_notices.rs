//! `madoguchi import-notices FILE`: imports 医療費のお知らせ lines from the レセプト
//! system's export with a progress bar; `serve` uses the same path for the demo notices.

use std::io::Write;
use std::path::Path;

use app::notices::store::ImportReport;
use app::platform::audit::{Actor, RequestMeta};
use app::platform::state::AppState;
use leptos::config::LeptosOptions;

use crate::config::Config;
use crate::startup::{StartError, build_state};

pub async fn run(config: &Config, leptos_options: LeptosOptions, file: &Path) -> Result<(), StartError> {
    let state = build_state(config, leptos_options).await?;
    let report = import_file(&state, file, &progress_bar).await?;
    print!("{}", format_report(file, &report));
    if report.imported() { Ok(()) } else { Err(StartError::Config("notices not imported".into())) }
}

/// Imports a notice CSV file as the CLI (system actor), reporting progress.
pub async fn import_file(
    state: &AppState,
    file: &Path,
    progress: &(dyn Fn(usize, usize) + Send + Sync),
) -> Result<ImportReport, StartError> {
    let bytes = std::fs::read(file).map_err(|e| StartError::Config(format!("{}: cannot read: {e}", file.display())))?;
    app::notices::store::import(state, &RequestMeta::default(), Actor::System("import-notices"), &bytes, progress)
        .await
        .map_err(|e| StartError::Config(format!("{}: import failed: {e}", file.display())))
}

/// A progress bar on standard error, redrawn in place: `[#####-----]  50% 5,000/10,000`.
pub fn progress_bar(done: usize, total: usize) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    // Redrawn when the percentage moves, not for every batch.
    static SHOWN: AtomicUsize = AtomicUsize::new(usize::MAX);
    let width = 30;
    let filled = (done * width).checked_div(total).unwrap_or(width);
    let percent = (done * 100).checked_div(total).unwrap_or(100);
    if SHOWN.swap(percent, Ordering::Relaxed) == percent && done < total {
        return;
    }
    let mut err = std::io::stderr().lock();
    let _ = write!(
        err,
        "\r[{}{}] {percent:>3}% {}/{} 行",
        "#".repeat(filled),
        "-".repeat(width - filled),
        app::notices::model::yen(done as i64),
        app::notices::model::yen(total as i64)
    );
    if done >= total {
        let _ = writeln!(err);
    }
    let _ = err.flush();
}

/// The import report as people read it: counts, then every rejected line with its reasons.
pub fn format_report(file: &Path, report: &ImportReport) -> String {
    let done = format!(
        "取込完了: {} 行（新規 {} 件、訂正 {} 件、変更なし {} 件）",
        report.lines, report.inserted, report.updated, report.unchanged
    );
    super::import_report_text(file, report.decoded_as_cp932, &done, &report.rejected)
}
