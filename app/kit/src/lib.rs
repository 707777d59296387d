//! madoguchi's foundation: what every feature and the browser share. It imports no
//! feature of the portal (cargo enforces it: this crate cannot name `app`), and it builds
//! for the browser without any server-only dependency (its `ssr` feature adds only the
//! database-error conversion, error logging and redirects on the server).
//!
//! - [`error`]: the one application error, with its status and message;
//! - [`form`]: form feedback that works without JavaScript, field by field;
//! - [`i18n`] and [`texts`]: the languages and the message catalogues;
//! - [`access`]: the caller, staff roles and access policies (pure);
//! - [`time`] and [`input`]: the Tokyo clock, 和暦, and normalising what people type;
//! - [`page`], [`page_data`], [`csv`]: page helpers, page data loading, CSV fields.

pub mod access;
pub mod codes;
pub mod csv;
pub mod error;
pub mod flash;
pub mod form;
pub mod i18n;
pub mod input;
pub mod page;
pub mod page_data;
pub mod rights;
pub mod texts;
pub mod time;
