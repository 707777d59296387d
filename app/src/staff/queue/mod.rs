//! The staff queue: every request with its type, subject, status, assignee, receipt and
//! due dates and priority; filtered, sorted, searched and paginated on the server. The
//! query comes from a plain GET form, so it is parsed here and a malformed value is
//! answered next to its field.
//!
//! Here: paging and what one page of the queue holds; `filter` parses the filter, and
//! `store` (server only) reads the database and exports CSV; `saved` keeps each person's
//! filters and shortcut setting, `keys` says what a key does.

mod filter;
pub mod keys;
pub mod saved;
#[cfg(feature = "ssr")]
pub mod store;

pub use filter::{AssigneeFilter, DueFilter, QueueParams, QueueQuery, SEARCH_MAX, Search, Sort, StatusFilter};

use serde::{Deserialize, Serialize};

use crate::requests::RequestLine;
use crate::requests::decision::Priority;

/// Lines per page.
pub const PAGE_SIZE: i64 = 50;
/// The queue counts matches only up to here (or to the page asked for): counting a large
/// open queue on every page costs more than the page itself (the count walks an index entry
/// per match), and nobody pages through 1,000 requests (20 pages) — they narrow the filter.
pub const COUNT_CAP: i64 = 1_000;

/// How far to count for `page` (one more than can be shown, to know whether more exist).
pub fn count_limit(page: i64) -> i64 {
    COUNT_CAP.max(page.saturating_mul(PAGE_SIZE)).saturating_add(1)
}

/// `(total, capped, pages)` from a count bounded by [`count_limit`].
pub fn paging(counted: i64, limit: i64) -> (i64, bool, i64) {
    if counted >= limit {
        let total = limit - 1;
        (total, true, total / PAGE_SIZE + 1)
    } else {
        (counted, false, ((counted + PAGE_SIZE - 1) / PAGE_SIZE).max(1))
    }
}
/// The most lines one CSV export holds.
pub const EXPORT_MAX: i64 = 10_000;

/// One line of the staff queue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueLine {
    pub line: RequestLine,
    /// Staff number of the assignee.
    pub assignee: Option<String>,
    pub importance: Priority,
    pub urgency: Priority,
    /// Due date, `YYYY-MM-DD`.
    pub due_on: Option<String>,
    pub received_on: String,
}

/// One page of the queue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueuePage {
    pub query: QueueQuery,
    pub lines: Vec<QueueLine>,
    pub total: i64,
    /// The count stopped at a cap: `total` is a lower bound (shown as 「…件以上」).
    pub total_capped: bool,
    pub pages: i64,
    /// The caller may export the filter as CSV.
    pub can_export: bool,
    /// The caller may assign requests, and to whom (for ticking several at once).
    #[serde(default)]
    pub can_assign: bool,
    #[serde(default)]
    pub colleagues: Vec<(i64, String)>,
    /// Complaints sent to the 責任者 at once that no 責任者 has acknowledged yet: shown
    /// above the queue until one has.
    pub escalations: Vec<crate::requests::OpenEscalation>,
    /// The caller's saved filters.
    #[serde(default)]
    pub saved: Vec<saved::SavedFilter>,
    /// Whether the caller's single-key shortcuts are on.
    #[serde(default)]
    pub shortcuts: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_counts_are_exact_and_always_have_one_page() {
        assert_eq!(paging(0, count_limit(1)), (0, false, 1));
        assert_eq!(paging(50, count_limit(1)), (50, false, 1));
        assert_eq!(paging(51, count_limit(1)), (51, false, 2));
        assert_eq!(paging(COUNT_CAP, count_limit(1)), (COUNT_CAP, false, COUNT_CAP / PAGE_SIZE));
    }

    #[test]
    fn a_count_at_the_cap_is_a_lower_bound_with_a_next_page() {
        assert_eq!(count_limit(1), COUNT_CAP + 1);
        assert_eq!(paging(COUNT_CAP + 1, count_limit(1)), (COUNT_CAP, true, COUNT_CAP / PAGE_SIZE + 1));
    }

    #[test]
    fn a_page_beyond_the_cap_is_still_counted_to() {
        let page = COUNT_CAP / PAGE_SIZE + 5;
        let limit = count_limit(page);
        assert_eq!(limit, page * PAGE_SIZE + 1);
        let (total, capped, pages) = paging(limit, limit);
        assert!(capped && total >= page * PAGE_SIZE && pages > page);
        // A huge page number cannot overflow.
        assert!(count_limit(i64::MAX) > 0);
    }
}
