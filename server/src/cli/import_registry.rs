//! `madoguchi import-registry FILE`: imports the member registry (資格情報) from a
//! core-system CSV export; `serve` uses the same path for the demo registry.

use std::path::Path;

use app::registry::store::ImportReport;
use app::platform::audit::{Actor, RequestMeta};
use app::platform::state::AppState;
use leptos::config::LeptosOptions;

use crate::config::Config;
use crate::startup::{StartError, build_state};

pub async fn run(config: &Config, leptos_options: LeptosOptions, file: &Path) -> Result<(), StartError> {
    let state = build_state(config, leptos_options).await?;
    let report = import_file(&state, file).await?;
    print!("{}", format_report(file, &report));
    if report.imported() { Ok(()) } else { Err(StartError::Config("registry not imported".into())) }
}

/// Imports a registry CSV file as the CLI (system actor).
pub async fn import_file(state: &AppState, file: &Path) -> Result<ImportReport, StartError> {
    let bytes = std::fs::read(file).map_err(|e| StartError::Config(format!("{}: cannot read: {e}", file.display())))?;
    app::registry::store::import(state, &RequestMeta::default(), Actor::System("import-registry"), &bytes, &app::delivery::corrections::store::Instructions)
        .await
        .map_err(|e| StartError::Config(format!("{}: import failed: {e}", file.display())))
}

/// The registry import report as people read it.
pub fn format_report(file: &Path, report: &ImportReport) -> String {
    let mut done =
        format!("取込完了: 新規 {} 件、更新 {} 件、変更なし {} 件", report.inserted, report.updated, report.unchanged);
    if report.corrections_done > 0 {
        done.push_str(&format!("、訂正の反映 {} 件（本人に通知しました）", report.corrections_done));
    }
    if report.flagged > 0 {
        done.push_str(&format!("、訂正前の値に戻る変更 {} 件は反映せず要確認（/staff/corrections）", report.flagged));
    }
    super::import_report_text(file, report.decoded_as_cp932, &done, &report.rejected)
}
