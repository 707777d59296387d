//! The madoguchi server: the axum application around the Leptos app, its start-up,
//! background jobs and CLI commands. `main.rs` only parses the command line and
//! dispatches here.

pub mod cli;
pub mod clock;
pub mod config;
pub mod form_capture;
pub mod handlers;
pub mod jobs;
pub mod middleware;
pub mod page_cache;
pub mod router;
pub mod startup;
