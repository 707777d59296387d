//! madoguchi (窓口): the member self-service privacy portal of a 健康保険組合.
//!
//! Organised by feature; each folder holds its types and pure rules, its server
//! functions, its database access (`ssr` only) and its views:
//! - [`publication`]: the public 公表事項 and its versions;
//! - [`identity`]: callers, staff roles and the server-function guard;
//! - [`records`]: the audit record of changes and reads of personal data;
//! - [`requests`]: the request types APPI gives a person, and staff decisions on them;
//! - [`delivery`]: decisions carried out — 開示 packages, corrections in the core system;
//! - [`notices`]: the medical cost notices (医療費のお知らせ);
//! - [`receipts`]: レセプト disclosed as insurers do: the 照会 to each 医療機関;
//! - [`staff`]: the staff area's accounts, queue, intake and reports;
//! - [`shell`]: layout, home page, language switch, error pages.

pub mod csv_import;
pub mod decisions;
pub mod delivery;
pub mod home;
pub mod identity;
pub mod ledger;
pub mod notices;
pub mod platform;
pub mod publication;
pub mod receipts;
pub mod records;
pub mod registry;
pub mod requests;
pub mod retention;
pub mod shell;
pub mod staff;


pub use shell::App;

/// Referenced by the browser entry so the islands defined in this crate are linked in.
pub fn register_islands() {}
