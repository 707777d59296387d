//! 医療費のお知らせ (medical cost notices): lines imported from the レセプト system, shown to
//! each member with household rules (an adult's lines are theirs unless they consent), a
//! yearly statement for the 医療費控除, and a chart — every view recorded.
//! - [`model`]: the pure rules (CSV checks, household display, totals, masking, chart);
//! - `store` (server only): the import and the queries;
//! - [`pages`]: server functions and pages.

#[cfg(feature = "ssr")]
pub mod documents;
pub mod imports;
#[cfg(feature = "ssr")]
pub mod measures;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod store;
pub mod texts;
