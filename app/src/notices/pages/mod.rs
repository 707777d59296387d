//! The member's 医療費のお知らせ pages and their server functions: the year view with its
//! chart, the 医療費控除 statement, and the household display setting; and the staff
//! page that records a paper consent.
//! - `year`: the member's year view;
//! - `statement`: the 医療費控除 statement page (and, server only, `store` building it);
//! - `sharing`: the household display setting;
//! - `staff`: recording a paper consent or opt-out;
//! - `query`, `words`: the query parameters and the words the pages share.

mod query;
mod sharing;
#[cfg(feature = "ssr")]
pub mod store;
mod staff;
mod statement;
mod words;
mod year;

pub use query::{parse_person, parse_year};
pub use sharing::{NoticeSharing, SetNoticeSharing, Sharing, SharingPage, notice_sharing, set_notice_sharing};
pub use staff::{PAPER_ROLES, PaperChoice, RecordPaperChoice, StaffNoticesPage, record_paper_choice};
pub use statement::{MyStatement, StatementPage, my_statement};
pub use words::month_text;
pub use year::{MyNotices, NoticesPage, my_notices};

pub use super::imports::IMPORT_ROLES;
