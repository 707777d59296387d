//! The yearly report's figures, read from the database (server only).

use chrono::NaiveDate;

use crate::requests::decision::Outcome;
use crate::staff::reports::*;
use kit::error::AppError;
use kit::rights::RequestType;
use kit::access::Caller;
use crate::platform::audit::{Action, AuditEvent, DataCategory, RequestMeta};
use crate::platform::audit::store::audited_read;
use crate::platform::state::AppState;

/// Requests received in one month, of one type.
#[derive(sqlx::FromRow)]
struct ReceivedRow {
    /// `YYYY-MM`
    month: String,
    request_type: String,
    received: i64,
}

/// A decided request as stored; it becomes a [`DecidedRow`].
#[derive(sqlx::FromRow)]
struct DecidedRaw {
    request_type: String,
    outcome: String,
    received_on: String,
    decided_on: String,
}

/// An open request past its due date, with its assignee's staff number.
#[derive(sqlx::FromRow)]
struct OverdueRow {
    receipt_number: String,
    request_type: String,
    due_on: String,
    staff_number: Option<String>,
}

fn date(text: &str) -> Result<NaiveDate, AppError> {
    text.parse().map_err(|e| AppError::internal("requests date", e))
}

/// The report of one 年度 (the read is audited).
pub async fn report(state: &AppState, meta: &RequestMeta, caller: &Caller, fy: i32) -> Result<Report, AppError> {
    let (from, to) = fiscal_range(fy).ok_or(AppError::BadRequest)?;
    let event = AuditEvent::by(caller.clone(), Action::ReportView)
        .data(DataCategory::Request)
        .detail(serde_json::json!({ "fiscal_year": fy }));
    audited_read(state, meta, event, || async {
        let pool = &state.db.pool;
        let today = state.clock.today_tokyo();
        let calendar = &state.feature::<crate::requests::store::RequestPolicy>().calendar;
        let received_raw: Vec<ReceivedRow> = sqlx::query_as(
            "SELECT substr(received_on, 1, 7) AS month, request_type, COUNT(*) AS received FROM requests \
             WHERE received_on >= $1 AND received_on <= $2 GROUP BY substr(received_on, 1, 7), request_type",
        )
        .bind(from.to_string())
        .bind(to.to_string())
        .fetch_all(pool)
        .await?;
        let received = received_raw
            .into_iter()
            .filter_map(|r| Some((r.month, RequestType::from_code(&r.request_type)?, r.received)))
            .collect();
        let decided_raw: Vec<DecidedRaw> = sqlx::query_as(
            "SELECT request_type, outcome, received_on, decided_on FROM requests \
             WHERE decided_on >= $1 AND decided_on <= $2 AND outcome IS NOT NULL",
        )
        .bind(from.to_string())
        .bind(to.to_string())
        .fetch_all(pool)
        .await?;
        let mut decided = Vec::with_capacity(decided_raw.len());
        for r in decided_raw {
            let (Some(t), Some(o)) = (RequestType::from_code(&r.request_type), Outcome::from_code(&r.outcome)) else {
                return Err(AppError::internal("requests outcome", format!("{}/{}", r.request_type, r.outcome)));
            };
            decided.push((t, o, date(&r.received_on)?, date(&r.decided_on)?));
        }
        let (decisions, timings) = summarise(&decided, |a, b| calendar.business_days_between(a, b));
        let overdue_raw: Vec<OverdueRow> = sqlx::query_as(&format!(
            "SELECT r.receipt_number, r.request_type, r.due_on, s.staff_number FROM requests r \
             LEFT JOIN staff s ON s.id = r.assignee_staff_id \
             WHERE r.status IN ('received', 'identity_check', 'needs_documents', 'in_review', 'needs_input', \
             'pending_approval', 'decided') AND r.due_on < $1 ORDER BY r.due_on, r.id LIMIT {}",
            OVERDUE_MAX + 1
        ))
        .bind(today.to_string())
        .fetch_all(pool)
        .await?;
        let overdue_cut = overdue_raw.len() > OVERDUE_MAX;
        let mut overdue = Vec::new();
        for r in overdue_raw.into_iter().take(OVERDUE_MAX) {
            let Some(request_type) = RequestType::from_code(&r.request_type) else { continue };
            let due_on = date(&r.due_on)?;
            let business_days_over = calendar.business_days_between(due_on, today);
            overdue.push(OverdueLine { receipt: r.receipt_number, request_type, due_on, business_days_over, assignee: r.staff_number });
        }
        let first: Option<Option<String>> =
            sqlx::query_scalar("SELECT MIN(received_on) FROM requests").fetch_optional(pool).await?;
        let current = fiscal_year_of(today);
        let oldest = first
            .flatten()
            .and_then(|d| d.parse::<NaiveDate>().ok())
            .map_or(current, fiscal_year_of)
            .min(fy);
        Ok(Report {
            fiscal_year: fy,
            years: (oldest..=current).rev().collect(),
            months: fiscal_months(fy),
            received,
            decisions,
            timings,
            overdue,
            overdue_cut,
            today,
        })
    })
    .await
}
