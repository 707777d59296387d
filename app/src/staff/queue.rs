//! The staff queue: every request with its type, subject, status, assignee, receipt and
//! due dates and priority; filtered, sorted, searched and paginated on the server. The
//! query comes from a plain GET form, so it is parsed here and a malformed value is
//! answered next to its field.

use serde::{Deserialize, Serialize};

use kit::form::{FieldError, Problem};
use crate::requests::RequestLine;
use crate::requests::decision::Priority;
use crate::requests::lifecycle::Status;
use kit::rights::RequestType;

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

/// Which statuses to show.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum StatusFilter {
    /// The society still owes something (the default).
    Open,
    All,
    One(Status),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DueFilter {
    Overdue,
    /// Fewer than 5 business days left (amber), or overdue.
    Soon,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AssigneeFilter {
    Me,
    Nobody,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Sort {
    /// Earliest due first (the default): what must be answered next.
    Due,
    /// Newest first.
    Received,
    /// 重要度, then 緊急度, then due.
    Priority,
}

/// What to search for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Search {
    /// A 受付番号 or its beginning (`20261122-0001`, `20261122`).
    Receipt(String),
    /// The beginning of a subject's name or kana.
    Name(String),
}

/// A parsed queue query.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueQuery {
    pub request_type: Option<RequestType>,
    pub status: StatusFilter,
    pub due: Option<DueFilter>,
    pub assignee: Option<AssigneeFilter>,
    pub search: Option<Search>,
    pub sort: Sort,
    /// 1-based.
    pub page: i64,
}

impl Default for QueueQuery {
    fn default() -> Self {
        QueueQuery { request_type: None, status: StatusFilter::Open, due: None, assignee: None, search: None, sort: Sort::Due, page: 1 }
    }
}

/// The raw query as the form sends it (every field optional).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueParams {
    #[serde(default)]
    pub r#type: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub due: String,
    #[serde(default)]
    pub assignee: String,
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub sort: String,
    #[serde(default)]
    pub page: String,
}

/// The longest search accepted.
pub const SEARCH_MAX: usize = 40;

impl QueueParams {
    pub fn parse(&self) -> Result<QueueQuery, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut bad = |field: &str, problem: Problem| errors.push(FieldError::new(field, problem));
        let request_type = match self.r#type.as_str() {
            "" => None,
            code => RequestType::from_code(code).or_else(|| {
                bad("type", Problem::Choice);
                None
            }),
        };
        let status = match self.status.as_str() {
            "" | "open" => StatusFilter::Open,
            "all" => StatusFilter::All,
            code => Status::from_code(code).map(StatusFilter::One).unwrap_or_else(|| {
                bad("status", Problem::Choice);
                StatusFilter::Open
            }),
        };
        let due = match self.due.as_str() {
            "" => None,
            "overdue" => Some(DueFilter::Overdue),
            "soon" => Some(DueFilter::Soon),
            _ => {
                bad("due", Problem::Choice);
                None
            }
        };
        let assignee = match self.assignee.as_str() {
            "" => None,
            "me" => Some(AssigneeFilter::Me),
            "nobody" => Some(AssigneeFilter::Nobody),
            _ => {
                bad("assignee", Problem::Choice);
                None
            }
        };
        let sort = match self.sort.as_str() {
            "" | "due" => Sort::Due,
            "received" => Sort::Received,
            "priority" => Sort::Priority,
            _ => {
                bad("sort", Problem::Choice);
                Sort::Due
            }
        };
        let page = match self.page.trim() {
            "" => 1,
            p => match p.parse::<i64>() {
                Ok(n) if (1..=100_000).contains(&n) => n,
                _ => {
                    bad("page", Problem::Page);
                    1
                }
            },
        };
        let q = kit::input::normalize(&self.q).trim().to_string();
        let search = if q.chars().count() > SEARCH_MAX {
            bad("q", Problem::TooLong);
            None
        } else if q.is_empty() {
            None
        } else if q.bytes().all(|b| b.is_ascii_digit() || b == b'-') {
            Some(Search::Receipt(q))
        } else if q.chars().any(char::is_control) {
            bad("q", Problem::Choice);
            None
        } else {
            Some(Search::Name(q))
        };
        if errors.is_empty() {
            Ok(QueueQuery { request_type, status, due, assignee, search, sort, page })
        } else {
            Err(errors)
        }
    }
}

impl QueueQuery {
    /// The query string that reproduces this query on another page.
    pub fn to_params(&self, page: i64) -> String {
        let mut parts: Vec<(&str, String)> = Vec::new();
        if let Some(t) = self.request_type {
            parts.push(("type", t.code().into()));
        }
        match self.status {
            StatusFilter::Open => {}
            StatusFilter::All => parts.push(("status", "all".into())),
            StatusFilter::One(s) => parts.push(("status", s.code().into())),
        }
        if let Some(d) = self.due {
            parts.push(("due", if d == DueFilter::Overdue { "overdue" } else { "soon" }.into()));
        }
        if let Some(a) = self.assignee {
            parts.push(("assignee", if a == AssigneeFilter::Me { "me" } else { "nobody" }.into()));
        }
        match &self.search {
            Some(Search::Receipt(q) | Search::Name(q)) => parts.push(("q", q.clone())),
            None => {}
        }
        match self.sort {
            Sort::Due => {}
            Sort::Received => parts.push(("sort", "received".into())),
            Sort::Priority => parts.push(("sort", "priority".into())),
        }
        if page > 1 {
            parts.push(("page", page.to_string()));
        }
        parts.iter().map(|(k, v)| format!("{k}={}", urlencoding::encode(v))).collect::<Vec<_>>().join("&")
    }
}

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
}

#[cfg(feature = "ssr")]
pub use ssr::*;

#[cfg(feature = "ssr")]
mod ssr {
    use super::*;
    use kit::error::AppError;
    use kit::access::{Caller, StaffRole};
    use crate::platform::audit::{Actor, AuditEvent, RequestMeta, audited_read};
    use crate::requests::lifecycle::Action;
    use crate::requests::store::{CLOCK_STEPS, REQUEST_COLUMNS, RequestRow, SUBJECT_NAME, line, listed};
    use chrono::NaiveDate;
    use crate::platform::db::{Bind, bind_all, param};
    use crate::platform::state::AppState;

    /// Who may export the queue as CSV: the 責任者 and the auditor.
    pub const EXPORT_ROLES: &[StaffRole] = &[StaffRole::Approver, StaffRole::Auditor];

    /// Builds the WHERE clause with numbered parameters; values are bound, never spliced.
    fn filter(state: &AppState, query: &QueueQuery, staff_id: i64) -> (String, Vec<Bind>) {
        let mut clauses: Vec<String> = Vec::new();
        let mut binds: Vec<Bind> = Vec::new();
        if let Some(t) = query.request_type {
            let p = param(Bind::Text(t.code().into()), &mut binds);
            clauses.push(format!("r.request_type = {p}"));
        }
        match query.status {
            StatusFilter::Open => clauses.push(
                "r.status IN ('received', 'identity_check', 'needs_documents', 'in_review', 'needs_input', 'pending_approval', 'decided')".into(),
            ),
            StatusFilter::All => {}
            StatusFilter::One(s) => {
                let p = param(Bind::Text(s.code().into()), &mut binds);
                clauses.push(format!("r.status = {p}"));
            }
        }
        let today = state.clock.today_tokyo();
        match query.due {
            Some(DueFilter::Overdue) => {
                let p = param(Bind::Text(today.to_string()), &mut binds);
                clauses.push(format!("r.due_on < {p}"));
            }
            Some(DueFilter::Soon) => {
                // Fewer than 5 business days left: due before the 5th business day from today.
                let fifth = state.feature::<crate::requests::store::RequestPolicy>().calendar.deadline(today, 5, &[], today).due.unwrap_or(today);
                let p = param(Bind::Text(fifth.to_string()), &mut binds);
                clauses.push(format!("r.due_on < {p}"));
            }
            None => {}
        }
        match query.assignee {
            Some(AssigneeFilter::Me) => {
                let p = param(Bind::Int(staff_id), &mut binds);
                clauses.push(format!("r.assignee_staff_id = {p}"));
            }
            Some(AssigneeFilter::Nobody) => clauses.push("r.assignee_staff_id IS NULL".into()),
            None => {}
        }
        match &query.search {
            // A whole 受付番号 or its date part use an index; any other beginning is a prefix match.
            Some(Search::Receipt(q)) => match q.split_once('-') {
                Some((d, n)) if d.len() == 8 && !n.is_empty() && !n.contains('-') => {
                    let p = param(Bind::Text(q.clone()), &mut binds);
                    clauses.push(format!("r.receipt_number = {p}"));
                }
                None if q.len() == 8 => {
                    let part = |r: std::ops::Range<usize>| q.get(r).unwrap_or_default();
                    let day = format!("{}-{}-{}", part(0..4), part(4..6), part(6..8));
                    let p = param(Bind::Text(day), &mut binds);
                    clauses.push(format!("r.received_on = {p}"));
                }
                _ => {
                    let p = param(Bind::Text(format!("{q}%")), &mut binds);
                    clauses.push(format!("r.receipt_number LIKE {p}"));
                }
            },
            Some(Search::Name(q)) => {
                let escaped = q.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
                let p = param(Bind::Text(format!("{escaped}%")), &mut binds);
                clauses.push(format!(
                    "(m.name LIKE {p} ESCAPE '\\' OR m.name_kana LIKE {p} ESCAPE '\\' OR i.subject_name LIKE {p} ESCAPE '\\')"
                ));
            }
            None => {}
        }
        let sql = if clauses.is_empty() { String::new() } else { format!(" WHERE {}", clauses.join(" AND ")) };
        (sql, binds)
    }

    fn order(sort: Sort) -> &'static str {
        // Exactly the expressions of the indexes requests_due_order and requests_priority_order.
        match sort {
            Sort::Due => " ORDER BY COALESCE(r.due_on, '9999-12-31'), r.id",
            Sort::Received => " ORDER BY r.id DESC",
            Sort::Priority => " ORDER BY r.priority_rank, COALESCE(r.due_on, '9999-12-31'), r.id",
        }
    }

    const FROM: &str =
        concat!("FROM requests r ", crate::requests::store::subject_join!(), " LEFT JOIN staff s ON s.id = r.assignee_staff_id");

    const COUNT_FROM_NAMES: &str = concat!("FROM requests r ", crate::requests::store::subject_join!());

    /// A line of the page as read: the request, its subject's name and clock steps, and
    /// what the queue adds (assignee's staff number, 重要度, 緊急度, due date).
    struct Found {
        row: RequestRow,
        name: Option<String>,
        steps: Vec<(Action, NaiveDate)>,
        assignee: Option<String>,
        importance: String,
        urgency: String,
        due_on: Option<String>,
        /// The bounded count of the filter (the same on every line).
        total: i64,
    }

    impl<'r> sqlx::FromRow<'r, sqlx::any::AnyRow> for Found {
        fn from_row(r: &'r sqlx::any::AnyRow) -> Result<Self, sqlx::Error> {
            use sqlx::Row;
            let (row, name, steps) = listed(r)?;
            Ok(Found {
                row,
                name,
                steps,
                assignee: r.try_get(16)?,
                importance: r.try_get(17)?,
                urgency: r.try_get(18)?,
                due_on: r.try_get(19)?,
                total: r.try_get(20)?,
            })
        }
    }

    /// The page's lines and the count, bounded by [`count_limit`]. One statement: the count
    /// is a subquery of the page (SQLite and PostgreSQL evaluate it once), and each line
    /// brings its clock steps; only a page past the end needs the count on its own.
    async fn rows(state: &AppState, query: &QueueQuery, staff_id: i64) -> Result<(Vec<Found>, i64), AppError> {
        let (filter_sql, binds) = filter(state, query, staff_id);
        // The count needs the members table only for a name search.
        let counted = if matches!(query.search, Some(Search::Name(_))) { COUNT_FROM_NAMES } else { "FROM requests r" };
        let n = binds.len();
        let count_sql = format!("SELECT COUNT(*) FROM (SELECT 1 {counted}{filter_sql} LIMIT ${}) bounded", n + 1);
        let page_sql = format!(
            "SELECT {REQUEST_COLUMNS}, {SUBJECT_NAME}, {CLOCK_STEPS}, s.staff_number, r.importance, r.urgency, r.due_on, \
             ({count_sql}) {FROM}{filter_sql}{} LIMIT ${} OFFSET ${}",
            order(query.sort),
            n + 2,
            n + 3
        );
        let found: Vec<Found> = bind_all(sqlx::query_as(&page_sql), &binds)
            .bind(count_limit(query.page))
            .bind(PAGE_SIZE)
            .bind((query.page - 1) * PAGE_SIZE)
            .fetch_all(&state.db.reads)
            .await?;
        let total = match found.first() {
            Some(f) => f.total,
            None => {
                let (total,): (i64,) =
                    bind_all(sqlx::query_as(&count_sql), &binds).bind(count_limit(query.page)).fetch_one(&state.db.reads).await?;
                total
            }
        };
        Ok((found, total))
    }

    fn staff_of(caller: &Caller) -> Result<(i64, &[StaffRole]), AppError> {
        match caller {
            Caller::Staff { staff_id, roles } => Ok((*staff_id, roles.as_slice())),
            _ => Err(AppError::Forbidden),
        }
    }

    /// One page of the queue (the read is audited with its filter).
    pub async fn page(state: &AppState, meta: &RequestMeta, caller: &Caller, query: QueueQuery) -> Result<QueuePage, AppError> {
        let (staff_id, roles) = staff_of(caller)?;
        let mut event = AuditEvent::new(Actor::Caller(caller.clone()), "request.queue");
        event.data_category = Some("request");
        event.detail = Some(serde_json::json!({ "query": query.to_params(query.page) }));
        audited_read(state, meta, event, || async {
            let (found, total) = rows(state, &query, staff_id).await?;
            let lines = found
                .into_iter()
                .filter_map(|f| {
                    let received_on = f.row.11.clone();
                    Some(QueueLine {
                        line: line(state, &f.row, f.name.unwrap_or_default(), &f.steps, 0)?,
                        assignee: f.assignee,
                        importance: Priority::from_code(&f.importance)?,
                        urgency: Priority::from_code(&f.urgency)?,
                        due_on: f.due_on,
                        received_on,
                    })
                })
                .collect();
            let (total, total_capped, pages) = paging(total, count_limit(query.page));
            let can_export = roles.iter().any(|r| EXPORT_ROLES.contains(r));
            Ok(QueuePage { query: query.clone(), lines, total, total_capped, pages, can_export })
        })
        .await
    }

    /// The current filter as CSV with the minimum fields (no names, no content), for the
    /// roles granted export; the export is audited with its filter and size.
    pub async fn export(state: &AppState, meta: &RequestMeta, caller: &Caller, query: QueueQuery) -> Result<String, AppError> {
        let (staff_id, roles) = staff_of(caller)?;
        let mut event = AuditEvent::new(Actor::Caller(caller.clone()), "request.export");
        event.data_category = Some("request");
        event.detail = Some(serde_json::json!({ "query": query.to_params(1) }));
        if !roles.iter().any(|r| EXPORT_ROLES.contains(r)) {
            event.outcome = crate::platform::audit::Outcome::Refused;
            crate::platform::audit::record_standalone(state, meta, &event).await;
            return Err(AppError::Forbidden);
        }
        audited_read(state, meta, event, || async {
            let (filter_sql, binds) = filter(state, &query, staff_id);
            let sql = format!(
                "SELECT r.receipt_number, r.request_type, r.status, r.received_on, r.due_on, s.staff_number, r.importance, \
                 r.urgency {FROM}{filter_sql}{} LIMIT {EXPORT_MAX}",
                order(query.sort)
            );
            type Line = (String, String, String, String, Option<String>, Option<String>, String, String);
            let found: Vec<Line> = bind_all(sqlx::query_as(&sql), &binds).fetch_all(&state.db.pool).await?;
            let mut out = String::from("受付番号,種類,状況,受付日,期限,担当,重要度,緊急度\r\n");
            for r in found {
                let fields = [r.0, r.1, r.2, r.3, r.4.unwrap_or_default(), r.5.unwrap_or_default(), r.6, r.7];
                out.push_str(&fields.iter().map(|f| kit::csv::csv_field(f)).collect::<Vec<_>>().join(","));
                out.push_str("\r\n");
            }
            Ok(out)
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> QueueParams {
        let mut p = QueueParams::default();
        for (k, v) in pairs {
            let v = v.to_string();
            match *k {
                "type" => p.r#type = v,
                "status" => p.status = v,
                "due" => p.due = v,
                "assignee" => p.assignee = v,
                "q" => p.q = v,
                "sort" => p.sort = v,
                "page" => p.page = v,
                _ => unreachable!(),
            }
        }
        p
    }

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

    fn fields(r: Result<QueueQuery, Vec<FieldError>>) -> Vec<(String, Problem)> {
        r.err().unwrap_or_default().into_iter().map(|e| (e.field, e.problem)).collect()
    }

    #[test]
    fn an_empty_query_is_the_open_queue_by_due_date() {
        assert_eq!(QueueParams::default().parse(), Ok(QueueQuery::default()));
        assert_eq!(QueueQuery::default().to_params(1), "");
    }

    #[test]
    fn every_filter_is_parsed_and_written_back_the_same() {
        let q = params(&[
            ("type", "disclosure"),
            ("status", "pending_approval"),
            ("due", "overdue"),
            ("assignee", "me"),
            ("q", "20261122-00"),
            ("sort", "priority"),
            ("page", "3"),
        ])
        .parse()
        .unwrap();
        assert_eq!(q.request_type, Some(RequestType::Disclosure));
        assert_eq!(q.status, StatusFilter::One(Status::PendingApproval));
        assert_eq!(q.search, Some(Search::Receipt("20261122-00".into())));
        assert_eq!((q.sort, q.page), (Sort::Priority, 3));
        assert_eq!(
            q.to_params(3),
            "type=disclosure&status=pending_approval&due=overdue&assignee=me&q=20261122-00&sort=priority&page=3"
        );
    }

    #[test]
    fn a_name_search_is_normalised_and_kept_as_a_name() {
        let q = params(&[("q", " 山田　太郎 ")]).parse().unwrap();
        assert_eq!(q.search, Some(Search::Name("山田 太郎".into())));
        assert_eq!(q.to_params(1), "q=%E5%B1%B1%E7%94%B0%20%E5%A4%AA%E9%83%8E");
    }

    #[test]
    fn malformed_values_are_named_by_field() {
        let r = params(&[("type", "x"), ("status", "deleted"), ("due", "yesterday"), ("assignee", "7"), ("sort", "name; DROP"), ("page", "0")]).parse();
        assert_eq!(
            fields(r),
            vec![
                ("type".into(), Problem::Choice),
                ("status".into(), Problem::Choice),
                ("due".into(), Problem::Choice),
                ("assignee".into(), Problem::Choice),
                ("sort".into(), Problem::Choice),
                ("page".into(), Problem::Page),
            ]
        );
        for page in ["-1", "abc", "1e3", "99999999999999999999", "100001"] {
            assert_eq!(fields(params(&[("page", page)]).parse()), vec![("page".into(), Problem::Page)], "{page}");
        }
        assert_eq!(fields(params(&[("q", &"あ".repeat(SEARCH_MAX + 1))]).parse()), vec![("q".into(), Problem::TooLong)]);
    }

}
