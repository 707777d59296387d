//! `madoguchi purge [--dry-run]`: runs the retention job once (the server also runs it
//! hourly) and prints, per kind, what was disposed of; with `--dry-run`, what would be, and
//! changes nothing. Both walk the same selection, so the dry run's report is what the run
//! then disposes of.

use app::platform::state::AppState;
use leptos::config::LeptosOptions;

use crate::config::Config;
use crate::jobs::retention_policy;
use crate::startup::{StartError, build_state};

pub async fn run(config: &Config, leptos_options: LeptosOptions, dry_run: bool) -> Result<(), StartError> {
    let state = build_state(config, leptos_options).await?;
    let report = report(&state, config, dry_run).await.map_err(|e| StartError::Config(e.to_string()))?;
    print!("{report}");
    Ok(())
}

/// Disposes of what is past its period (or, in a dry run, finds it); the report staff read.
pub async fn report(state: &AppState, config: &Config, dry_run: bool) -> Result<String, kit::error::AppError> {
    let policy = retention_policy(config);
    let disposals = if dry_run {
        app::retention::store::dry_run(state, &policy).await?
    } else {
        app::retention::store::run(state, &policy).await?
    };
    Ok(app::retention::report_text(&disposals, dry_run))
}
