//! Acting on a request: the steps members and staff take through the state machine, the
//! event each leaves, and the deadline kept in step with the pauses.

use chrono::NaiveDate;
use sqlx::AnyConnection;

use super::files::{Upload, check_files, store_files};
use super::notifications::notify;
use super::reading::{RequestRow, may_see, request_by_receipt};
use super::date;
use crate::platform::audit::{Action as AuditAction, AuditEvent, DataCategory, RequestMeta};
use crate::platform::audit::store::{append, record_standalone};
use crate::platform::db::instant_text;
use crate::platform::state::AppState;
use crate::requests::calendar::Deadline;
use crate::requests::lifecycle::{Action, Refusal, Role, Status, next};
use crate::requests::pauses;
use kit::access::{Caller, StaffRole};
use kit::error::AppError;
use kit::form::{FieldError, Problem};

/// The status after `action` by the first of `roles` that may take it now: 409 if only
/// the moment is wrong, 403 if none of the roles ever may.
pub(crate) fn step(roles: &[Role], status: Status, action: Action) -> Result<Status, AppError> {
    let outcomes: Vec<Result<Status, Refusal>> = roles.iter().map(|r| next(status, *r, action)).collect();
    match outcomes.iter().find_map(|o| o.ok()) {
        Some(to) => Ok(to),
        None if outcomes.contains(&Err(Refusal::NotNow)) => Err(AppError::Conflict),
        None => Err(AppError::Forbidden),
    }
}

/// Who acts on a request, as the lifecycle sees them.
pub enum Acting {
    Member(i64),
    Staff { staff_id: i64, roles: Vec<StaffRole> },
}

/// What a feature above requests adds to a step, inside its transaction (given the
/// request's id): e.g. reopening a frozen 開示 package when the person disowns the request.
pub type AlsoInTransaction = for<'c> fn(&'c mut AnyConnection, i64) -> futures::future::BoxFuture<'c, Result<(), AppError>>;

/// Takes one step on a request: the state machine decides, the version guards against
/// a concurrent change, and the step, its files, its audit event and the member's
/// notification are written together.
#[allow(clippy::too_many_arguments)]
pub async fn act(
    state: &AppState,
    meta: &RequestMeta,
    who: &Acting,
    receipt: &str,
    action: Action,
    message: &str,
    uploads: &[Upload],
    expected_version: Option<i64>,
) -> Result<(), AppError> {
    act_with(state, meta, who, receipt, action, message, uploads, expected_version, None).await
}

/// [`act`], with `also` run inside the same transaction.
#[allow(clippy::too_many_arguments)]
pub async fn act_with(
    state: &AppState,
    meta: &RequestMeta,
    who: &Acting,
    receipt: &str,
    action: Action,
    message: &str,
    uploads: &[Upload],
    expected_version: Option<i64>,
    also: Option<AlsoInTransaction>,
) -> Result<(), AppError> {
    let caller = match who {
        Acting::Member(member_id) => Caller::Member { member_id: *member_id },
        Acting::Staff { staff_id, roles } => Caller::Staff { staff_id: *staff_id, roles: roles.clone() },
    };
    let found = request_by_receipt(state, receipt).await?;
    let row = match (found, who) {
        // The requester acts; the person an agent asked about may read, and may say they
        // did not ask for it (the lifecycle allows them nothing else).
        (Some(found), Acting::Member(m)) if found.request.requester_member_id == Some(*m) => found.request,
        (Some(found), Acting::Member(m)) if action == Action::Disown && found.request.subject_member_id == Some(*m) => found.request,
        (Some(found), Acting::Staff { .. }) if may_see(&found.request, &caller) => found.request,
        _ => {
            let refused = AuditEvent::by(caller.clone(), AuditAction::RequestAct)
                .detail(serde_json::json!({ "action": action.code() }))
                .refused();
            record_standalone(state, meta, &refused).await;
            return Err(AppError::NotFound);
        }
    };
    let status = Status::from_code(&row.status).ok_or_else(|| AppError::internal("requests.status", &row.status))?;
    let roles: Vec<Role> = match who {
        Acting::Member(m) if row.requester_member_id == Some(*m) => vec![Role::Requester],
        Acting::Member(_) => vec![Role::Subject],
        Acting::Staff { roles, .. } => roles.iter().filter_map(|r| Role::from_staff(*r)).collect(),
    };
    let to = step(&roles, status, action)?;
    let text = kit::input::normalize_text(message);
    let mut errors = Vec::new();
    if text.chars().count() > crate::requests::draft::LONG {
        errors.push(FieldError::new("message", Problem::TooLong));
    }
    let needs_text = action.needs_reason() || action == Action::Message || (action == Action::Answer && uploads.is_empty());
    if needs_text && text.is_empty() {
        errors.push(FieldError::new("message", Problem::Required));
    }
    let files = check_files(uploads, state.feature::<crate::requests::store::RequestPolicy>().max_attachment_bytes, &mut errors);
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    if expected_version.is_some_and(|v| v != row.version) {
        return Err(AppError::Conflict);
    }
    let now = state.clock.now();
    let _turn = state.db.write_turn().await;
    let mut tx = state.db.begin().await?;
    transition(&mut tx, now, &row, to).await?;
    let actor = match who {
        Acting::Member(m) => ("member", Some(*m)),
        Acting::Staff { staff_id, .. } => ("staff", Some(*staff_id)),
    };
    if let Some(also) = also {
        also(&mut tx, row.id).await?;
    }
    if action == Action::Disown {
        // Nothing decided goes on while the authority is in doubt: a decision waiting for
        // approval goes back, and staff see the request first.
        sqlx::query("UPDATE request_decisions SET state = 'sent_back' WHERE request_id = $1 AND state = 'pending'")
            .bind(row.id)
            .execute(&mut *tx)
            .await?;
        use crate::requests::decision::Priority;
        sqlx::query("UPDATE requests SET importance = $1, urgency = $1, priority_rank = $2 WHERE id = $3")
            .bind(Priority::High.code())
            .bind(Priority::combined_rank(Priority::High, Priority::High))
            .bind(row.id)
            .execute(&mut *tx)
            .await?;
    }
    // Taking a request up makes it yours, unless a colleague already has it (taking it
    // from them is a reassignment, which needs its reason).
    let mut assigned = None;
    if let (Action::StartReview, Acting::Staff { staff_id, .. }) = (action, who) {
        let taken = sqlx::query("UPDATE requests SET assignee_staff_id = $1 WHERE id = $2 AND assignee_staff_id IS NULL")
            .bind(*staff_id)
            .bind(row.id)
            .execute(&mut *tx)
            .await?;
        if taken.rows_affected() == 1 {
            assigned = Some(*staff_id);
        }
    }
    let message = (!text.is_empty()).then_some(text.as_str());
    let event = insert_event(&mut tx, now, row.id, actor, (action.code(), action.visible_to_member()), Some(status), to, message).await?;
    store_files(&mut tx, now, row.id, event, &files).await?;
    if status.waits_on_member() != to.waits_on_member() || !to.clock_runs() {
        refresh_due(&mut tx, state, &row, to).await?;
    }
    let audit = AuditEvent::by(caller, AuditAction::RequestAct)
        .about(row.subject_member_id)
        .data(DataCategory::Request)
        .record(format!("requests/{}", row.id))
        .purpose(row.receipt.clone())
        .detail(match assigned {
            Some(id) => serde_json::json!({ "action": action.code(), "from": status.code(), "to": to.code(), "assignee": id }),
            None => serde_json::json!({ "action": action.code(), "from": status.code(), "to": to.code() }),
        });
    append(&mut tx, now, meta, &audit).await?;
    if let (Acting::Staff { .. }, Some(requester)) = (who, row.requester_member_id)
        && action.visible_to_member()
    {
        notify(&mut tx, now, row.id, requester, &row.receipt, action.code()).await?;
    }
    // The agent learns their authority is questioned (they are asked to prove it again).
    if let (Action::Disown, Some(requester)) = (action, row.requester_member_id) {
        notify(&mut tx, now, row.id, requester, &row.receipt, action.code()).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Moves the request on, and checks nobody else did in between (optimistic versioning).
pub(crate) async fn transition(
    conn: &mut AnyConnection,
    now: chrono::DateTime<chrono::Utc>,
    row: &RequestRow,
    to: Status,
) -> Result<(), AppError> {
    let changed = sqlx::query(
        "UPDATE requests SET status = $1, version = version + 1, updated_at = $2 WHERE id = $3 AND version = $4",
    )
    .bind(to.code())
    .bind(instant_text(now))
    .bind(row.id)
    .bind(row.version)
    .execute(&mut *conn)
    .await?;
    if changed.rows_affected() == 1 { Ok(()) } else { Err(AppError::Conflict) }
}

/// Keeps `requests.due_on` (what the staff queue sorts on) in step with the pauses:
/// none while the clock is stopped or paused, else the due date with every pause counted.
pub(crate) async fn refresh_due(conn: &mut AnyConnection, state: &AppState, row: &RequestRow, to: Status) -> Result<(), AppError> {
    let due = if to.clock_runs() && !to.waits_on_member() {
        let steps: Vec<StepRow> =
            sqlx::query_as("SELECT action, occurred_on FROM request_events WHERE request_id = $1 ORDER BY id")
                .bind(row.id)
                .fetch_all(&mut *conn)
                .await?;
        let steps: Vec<(Action, NaiveDate)> =
            steps.iter().filter_map(|s| Some((Action::from_code(&s.action)?, date(&s.occurred_on)?))).collect();
        deadline(state, row, &steps, to).and_then(|d| d.due).map(|d| d.to_string())
    } else {
        None
    };
    sqlx::query("UPDATE requests SET due_on = $1 WHERE id = $2").bind(due).bind(row.id).execute(&mut *conn).await?;
    Ok(())
}

/// One step of a request, as the deadline counts its pauses.
#[derive(sqlx::FromRow)]
struct StepRow {
    action: String,
    occurred_on: String,
}

#[allow(clippy::too_many_arguments)]
pub(crate) async fn insert_event(
    conn: &mut AnyConnection,
    now: chrono::DateTime<chrono::Utc>,
    request_id: i64,
    actor: (&str, Option<i64>),
    (code, visible): (&str, bool),
    from: Option<Status>,
    to: Status,
    message: Option<&str>,
) -> Result<i64, AppError> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO request_events (request_id, occurred_at, occurred_on, actor_kind, actor_id, action, \
         from_status, to_status, member_visible, message) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(request_id)
    .bind(instant_text(now))
    .bind(kit::time::tokyo_date(now).to_string())
    .bind(actor.0)
    .bind(actor.1)
    .bind(code)
    .bind(from.map(Status::code))
    .bind(to.code())
    .bind(i64::from(visible))
    .bind(message)
    .fetch_one(&mut *conn)
    .await?;
    Ok(id)
}

pub(super) fn deadline(state: &AppState, row: &RequestRow, steps: &[(Action, NaiveDate)], status: Status) -> Option<Deadline> {
    if !status.clock_runs() {
        return None;
    }
    let received = date(&row.received_on)?;
    let limit = u32::try_from(row.due_business_days).unwrap_or(u32::MAX);
    Some(state.feature::<crate::requests::store::RequestPolicy>().calendar.deadline(received, limit, &pauses(steps), state.clock.today_tokyo()))
}
