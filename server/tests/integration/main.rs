//! Integration tests: the real application over real HTTP, on SQLite and PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

mod access;
mod account;
mod audit;
mod chain;
mod coverage;
mod database;
mod decisions;
mod delivery;
mod delivery_pdf;
mod docs;
mod fees;
mod home;
mod forms;
mod get_sweep;
mod identity;
mod intake;
mod lifecycle;
mod measures;
mod passkeys;
mod notices;
mod publication;
mod publication_drafts;
mod receipts;
mod records;
mod registry;
mod reissue;
mod requests;
mod retention;
mod retention_everything;
mod security;
mod society_data;
mod steps;
mod workbench;
mod working_faster;
