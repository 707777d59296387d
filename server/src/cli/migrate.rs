//! `madoguchi migrate`: creates or updates the database schema, then exits.

use leptos::config::LeptosOptions;

use crate::config::Config;
use crate::startup::{StartError, build_state};

pub async fn run(config: &Config, leptos_options: LeptosOptions) -> Result<(), StartError> {
    // Building the state opens and migrates the database.
    build_state(config, leptos_options).await?;
    println!("database migrated");
    Ok(())
}
