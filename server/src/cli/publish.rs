//! `madoguchi publish [DIR]`: validates and publishes a directory of publication files
//! (the society profile), as `serve` does at start-up.

use std::path::PathBuf;

use leptos::config::LeptosOptions;

use crate::config::Config;
use crate::startup::{StartError, build_state, load_society};

pub async fn run(config: &Config, leptos_options: LeptosOptions, dir: Option<PathBuf>) -> Result<(), StartError> {
    let state = build_state(config, leptos_options).await?;
    let dir = dir.unwrap_or_else(|| config.society_dir.clone());
    let new = load_society(&state, &dir).await?;
    println!("{new} new publication version(s) published from {}", dir.display());
    Ok(())
}
