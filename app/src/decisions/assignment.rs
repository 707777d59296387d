//! Assignment and 重要度・緊急度 (seed 003's 受付票), recorded as an internal step, one
//! request at a time from its page or several at once from the queue. Taking a request
//! away from the colleague who has it needs a reason (kept in the internal step). Several
//! at once are written together or not at all.

use sqlx::AnyConnection;

use super::carry_out::{Staff, audit, found};
use crate::platform::audit::store::append;
use crate::platform::audit::{Action as AuditAction, RequestMeta};
use crate::platform::db::instant_text;
use crate::platform::state::AppState;
use crate::requests::decision::Priority;
use crate::requests::lifecycle::{Action, Status};
use crate::requests::store::{RequestRow, insert_event, row_parts};
use kit::error::AppError;
use kit::form::{FieldError, Problem};

/// At most this many requests are assigned in one go (a page of the queue).
pub const BULK_MAX: usize = 100;

/// Who has a request now, and how it is ranked.
#[derive(sqlx::FromRow)]
struct Current {
    assignee_staff_id: Option<i64>,
    importance: String,
    urgency: String,
}

/// An assignment checked against the request as read, ready to write.
struct Checked {
    row: RequestRow,
    status: Status,
    to: Status,
    assignee: Option<i64>,
    importance: Priority,
    urgency: Priority,
    reassigned: bool,
}

/// Whether `id` is a colleague who works on requests today (an assignee must be).
async fn works_on_requests(state: &AppState, id: i64) -> Result<bool, AppError> {
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT s.id FROM staff s JOIN staff_grants g ON g.staff_id = s.id WHERE s.id = $1 \
         AND g.valid_from <= $2 AND (g.valid_until IS NULL OR g.valid_until >= $2) \
         AND g.role IN ('intake', 'reviewer', 'approver') LIMIT 1",
    )
    .bind(id)
    .bind(state.clock.today_tokyo().to_string())
    .fetch_optional(&state.db.pool)
    .await?;
    Ok(found.is_some())
}

/// The reason as kept, checked: required when the request changes hands.
fn checked_reason(reason: &str) -> Result<String, AppError> {
    let reason = kit::input::normalize_text(reason);
    if reason.chars().count() > crate::requests::draft::LONG {
        return Err(AppError::Invalid(vec![FieldError::new("reassign_reason", Problem::TooLong)]));
    }
    Ok(reason)
}

/// Reads and checks one request's assignment; `ranks` `None` keeps its 重要度・緊急度.
async fn check(
    state: &AppState,
    meta: &RequestMeta,
    staff: &Staff<'_>,
    receipt: &str,
    assignee: Option<i64>,
    ranks: Option<(Priority, Priority)>,
    reason: &str,
) -> Result<Checked, AppError> {
    let row = found(state, meta, staff, receipt, AuditAction::RequestAssign).await?;
    let (_, status, _) = row_parts(&row)?;
    let to = staff.step(status, Action::Assign)?;
    let current: Current = sqlx::query_as("SELECT assignee_staff_id, importance, urgency FROM requests WHERE id = $1")
        .bind(row.id)
        .fetch_one(&state.db.pool)
        .await?;
    let reassigned = current.assignee_staff_id.is_some() && current.assignee_staff_id != assignee;
    if reassigned && reason.is_empty() {
        return Err(AppError::Invalid(vec![FieldError::new("reassign_reason", Problem::Required)]));
    }
    let (importance, urgency) = match ranks {
        Some(r) => r,
        None => (
            Priority::from_code(&current.importance).ok_or_else(|| AppError::internal("requests.importance", &current.importance))?,
            Priority::from_code(&current.urgency).ok_or_else(|| AppError::internal("requests.urgency", &current.urgency))?,
        ),
    };
    Ok(Checked { row, status, to, assignee, importance, urgency, reassigned })
}

/// Writes one checked assignment in `tx`: refused as a conflict if the request changed
/// since it was read.
async fn write(tx: &mut AnyConnection, state: &AppState, meta: &RequestMeta, staff: &Staff<'_>, c: &Checked, reason: &str) -> Result<(), AppError> {
    let now = state.clock.now();
    let changed = sqlx::query(
        "UPDATE requests SET assignee_staff_id = $1, importance = $2, urgency = $3, priority_rank = $7, version = version + 1, \
         updated_at = $4 WHERE id = $5 AND version = $6",
    )
    .bind(c.assignee)
    .bind(c.importance.code())
    .bind(c.urgency.code())
    .bind(instant_text(now))
    .bind(c.row.id)
    .bind(c.row.version)
    .bind(Priority::combined_rank(c.importance, c.urgency))
    .execute(&mut *tx)
    .await?;
    if changed.rows_affected() != 1 {
        return Err(AppError::Conflict);
    }
    let message = (!reason.is_empty()).then_some(reason);
    insert_event(&mut *tx, now, c.row.id, ("staff", Some(staff.staff_id)), (Action::Assign.code(), false), Some(c.status), c.to, message).await?;
    let detail = serde_json::json!({
        "assignee": c.assignee, "importance": c.importance.code(), "urgency": c.urgency.code(), "reassigned": c.reassigned
    });
    append(&mut *tx, now, meta, &audit(staff, AuditAction::RequestAssign, &c.row, detail)).await?;
    Ok(())
}

/// One request's assignment and ranks, from its page, at the version the page showed.
#[allow(clippy::too_many_arguments)]
pub async fn assign(
    state: &AppState,
    meta: &RequestMeta,
    staff: &Staff<'_>,
    receipt: &str,
    assignee: Option<i64>,
    importance: Priority,
    urgency: Priority,
    reason: &str,
    expected_version: i64,
) -> Result<(), AppError> {
    let reason = checked_reason(reason)?;
    let c = check(state, meta, staff, receipt, assignee, Some((importance, urgency)), &reason).await?;
    if let Some(id) = assignee
        && !works_on_requests(state, id).await?
    {
        return Err(AppError::Invalid(vec![FieldError::new("assignee", Problem::Choice)]));
    }
    if expected_version != c.row.version {
        return Err(AppError::Conflict);
    }
    let _turn = state.db.write_turn().await;
    let mut tx = state.db.begin().await?;
    write(&mut tx, state, meta, staff, &c, &reason).await?;
    tx.commit().await?;
    Ok(())
}

/// Several requests given to one colleague (or to nobody) from the queue, their ranks
/// kept: each checked as on its page, then all written together — one refused, none saved.
pub async fn assign_many(
    state: &AppState,
    meta: &RequestMeta,
    staff: &Staff<'_>,
    receipts: &[String],
    assignee: Option<i64>,
    reason: &str,
) -> Result<usize, AppError> {
    if receipts.is_empty() {
        return Err(AppError::Invalid(vec![FieldError::new("pick", Problem::NonePicked)]));
    }
    if receipts.len() > BULK_MAX {
        return Err(AppError::BadRequest);
    }
    let reason = checked_reason(reason)?;
    if let Some(id) = assignee
        && !works_on_requests(state, id).await?
    {
        return Err(AppError::Invalid(vec![FieldError::new("assignee", Problem::Choice)]));
    }
    let mut checked = Vec::with_capacity(receipts.len());
    for receipt in receipts {
        checked.push(check(state, meta, staff, receipt, assignee, None, &reason).await?);
    }
    let _turn = state.db.write_turn().await;
    let mut tx = state.db.begin().await?;
    for c in &checked {
        write(&mut tx, state, meta, staff, c, &reason).await?;
    }
    tx.commit().await?;
    Ok(checked.len())
}
