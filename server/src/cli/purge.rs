//! `madoguchi purge`: runs the retention job once (the server also runs it hourly) and
//! prints what was disposed of.

use app::platform::state::AppState;
use leptos::config::LeptosOptions;

use crate::config::Config;
use crate::jobs::retention_policy;
use crate::startup::{StartError, build_state};

pub async fn run(config: &Config, leptos_options: LeptosOptions) -> Result<(), StartError> {
    let state = build_state(config, leptos_options).await?;
    let report = report(&state, config).await.map_err(|e| StartError::Config(e.to_string()))?;
    print!("{report}");
    Ok(())
}

/// Disposes of what is past its period; what was disposed of, as people read it.
pub async fn report(state: &AppState, config: &Config) -> Result<String, kit::error::AppError> {
    use std::fmt::Write;
    let report = app::retention::store::purge(state, &retention_policy(config)).await?;
    let mut out = String::new();
    for (kind, n) in report {
        let _ = writeln!(out, "{}: {n} 件を廃棄しました", kind.words());
    }
    Ok(out)
}
