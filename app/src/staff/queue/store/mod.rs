//! The queue in the database (server only): the filter as a WHERE clause with bound values,
//! the sort orders the indexes serve, and one page with its bounded count, read audited.

mod export;
pub mod saved;

pub use export::export;

use super::{PAGE_SIZE, QueueLine, QueuePage, count_limit, paging};
use super::{AssigneeFilter, DueFilter, QueueQuery, Search, Sort};
use crate::platform::audit::{Action as AuditAction, AuditEvent, DataCategory, RequestMeta};
use crate::platform::audit::store::audited_read;
use crate::platform::db::{Bind, bind_all, param};
use crate::platform::state::AppState;
use crate::requests::decision::Priority;
use crate::requests::store::{CLOCK_STEPS, ListedRow, REQUEST_COLUMNS, SUBJECT_NAME, clock_steps, line};
use kit::access::{Caller, StaffRole};
use kit::error::AppError;

/// Who may export the queue as CSV: the 責任者 and the auditor.
pub const EXPORT_ROLES: &[StaffRole] = &[StaffRole::Approver, StaffRole::Auditor];

/// Builds the WHERE clause with numbered parameters; values are bound, never spliced.
pub(super) fn filter(state: &AppState, query: &QueueQuery, staff_id: i64) -> (String, Vec<Bind>) {
    let mut clauses: Vec<String> = Vec::new();
    let mut binds: Vec<Bind> = Vec::new();
    if let Some(t) = query.request_type {
        let p = param(Bind::Text(t.code().into()), &mut binds);
        clauses.push(format!("r.request_type = {p}"));
    }
    // The lifecycle says which statuses a filter means; each is a bound value.
    let statuses = query.status.statuses();
    if !statuses.is_empty() {
        let ps: Vec<String> = statuses.iter().map(|s| param(Bind::Text(s.code().into()), &mut binds)).collect();
        clauses.push(format!("r.status IN ({})", ps.join(", ")));
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
        Some(DueFilter::ThreeDays) => {
            let p = param(Bind::Text((today + chrono::Duration::days(3)).to_string()), &mut binds);
            clauses.push(format!("r.due_on <= {p}"));
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

pub(super) fn order(sort: Sort) -> &'static str {
    // Exactly the expressions of the indexes requests_due_order and requests_priority_order.
    match sort {
        Sort::Due => " ORDER BY COALESCE(r.due_on, '9999-12-31'), r.id",
        Sort::Received => " ORDER BY r.id DESC",
        Sort::Priority => " ORDER BY r.priority_rank, COALESCE(r.due_on, '9999-12-31'), r.id",
    }
}

pub(super) const FROM: &str =
    concat!("FROM requests r ", crate::requests::store::subject_join!(), " LEFT JOIN staff s ON s.id = r.assignee_staff_id");

const COUNT_FROM_NAMES: &str = concat!("FROM requests r ", crate::requests::store::subject_join!());

/// A line of the page as read: the request, its subject's name and clock steps, and
/// what the queue adds (assignee's staff number, 重要度, 緊急度, due date).
#[derive(sqlx::FromRow)]
struct Found {
    #[sqlx(flatten)]
    listed: ListedRow,
    /// The assignee's staff number.
    assignee: Option<String>,
    importance: String,
    urgency: String,
    due_on: Option<String>,
    /// The bounded count of the filter (the same on every line).
    total: i64,
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
        "SELECT {REQUEST_COLUMNS}, {SUBJECT_NAME} AS subject_name, {CLOCK_STEPS} AS clock_steps, \
         s.staff_number AS assignee, r.importance, r.urgency, r.due_on, \
         ({count_sql}) AS total {FROM}{filter_sql}{} LIMIT ${} OFFSET ${}",
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
            // `bind_all` takes a `query_as`; the count is one value, so its values are bound here.
            let mut count = sqlx::query_scalar(&count_sql);
            for b in &binds {
                count = match b {
                    Bind::Text(t) => count.bind(t.clone()),
                    Bind::Int(i) => count.bind(*i),
                };
            }
            count.bind(count_limit(query.page)).fetch_one(&state.db.reads).await?
        }
    };
    Ok((found, total))
}

pub(super) fn staff_of(caller: &Caller) -> Result<(i64, &[StaffRole]), AppError> {
    match caller {
        Caller::Staff { staff_id, roles } => Ok((*staff_id, roles.as_slice())),
        _ => Err(AppError::Forbidden),
    }
}

/// One page of the queue (the read is audited with its filter).
pub async fn page(state: &AppState, meta: &RequestMeta, caller: &Caller, query: QueueQuery) -> Result<QueuePage, AppError> {
    let (staff_id, roles) = staff_of(caller)?;
    let event = AuditEvent::by(caller.clone(), AuditAction::RequestQueue)
        .data(DataCategory::Request)
        .detail(serde_json::json!({ "query": query.to_params(query.page) }));
    audited_read(state, meta, event, || async {
        let (found, total) = rows(state, &query, staff_id).await?;
        let lines = found
            .into_iter()
            .filter_map(|f| {
                let row = &f.listed.request;
                let steps = clock_steps(f.listed.clock_steps.as_deref());
                Some(QueueLine {
                    line: line(state, row, f.listed.subject_name.unwrap_or_default(), &steps, 0)?,
                    assignee: f.assignee,
                    importance: Priority::from_code(&f.importance)?,
                    urgency: Priority::from_code(&f.urgency)?,
                    due_on: f.due_on,
                    received_on: row.received_on.clone(),
                })
            })
            .collect();
        let (total, total_capped, pages) = paging(total, count_limit(query.page));
        let can_export = roles.iter().any(|r| EXPORT_ROLES.contains(r));
        let escalations = crate::requests::store::open_escalations(state).await?;
        let can_assign = roles.iter().any(|r| crate::requests::CASE_ROLES.contains(r));
        let colleagues = if can_assign { crate::requests::intake::store::colleagues(state).await? } else { Vec::new() };
        let saved = saved::of(state, staff_id).await?;
        let shortcuts = saved::shortcuts_on(state, staff_id).await?;
        Ok(QueuePage { query: query.clone(), lines, total, total_capped, pages, can_export, can_assign, colleagues, escalations, saved, shortcuts })
    })
    .await
}
