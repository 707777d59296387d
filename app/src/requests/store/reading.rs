//! Reading requests: the row and the columns every query shares, the member's list, and
//! one request as its page shows it. Every read is audited; a request the caller may not
//! see is "not found".

use chrono::NaiveDate;

use super::acting::deadline;
use super::{date, local_time};
use crate::platform::audit::{Action as AuditAction, AuditEvent, DataCategory, RequestMeta, audited_read, record_standalone};
use crate::platform::db::instant_text;
use crate::platform::state::AppState;
use crate::requests::agency::{Capacity, Document};
use crate::requests::draft::Details;
use crate::requests::lifecycle::{Action, Role, Status, next};
use crate::requests::{AttachmentInfo, RequestLine, RequestView, TimelineEntry};
use kit::access::{Caller, StaffRole};
use kit::error::AppError;
use kit::rights::RequestType;

pub(crate) type RequestRow = (i64, String, String, String, Option<i64>, Option<i64>, String, i64, String, i64, String, String, i64, i64);
/// A request row with the subject's name.
pub(crate) type NamedRow = (i64, String, String, String, Option<i64>, Option<i64>, String, i64, String, i64, String, String, i64, i64, Option<String>);

pub(crate) fn split(r: NamedRow) -> (RequestRow, Option<String>) {
    ((r.0, r.1, r.2, r.3, r.4, r.5, r.6, r.7, r.8, r.9, r.10, r.11, r.12, r.13), r.14)
}

pub(crate) const REQUEST_COLUMNS: &str = "r.id, r.receipt_number, r.request_type, r.status, r.requester_member_id, \
    r.subject_member_id, r.capacity, r.deliver_to_subject, r.details, r.fee_yen, r.received_at, r.received_on, \
    r.due_business_days, r.version";

/// The subject's name: the registry's, or as a paper request wrote it (someone outside the
/// registry, e.g. a 議員 or 従業員). Use with [`SUBJECT_JOIN`].
pub(crate) const SUBJECT_NAME: &str = "COALESCE(m.name, i.subject_name)";
pub(crate) const SUBJECT_JOIN: &str = subject_join!();

/// [`SUBJECT_JOIN`] as a literal, for queries put together with `concat!`.
macro_rules! subject_join {
    () => {
        "LEFT JOIN members m ON m.id = r.subject_member_id LEFT JOIN request_intakes i ON i.request_id = r.id"
    };
}
pub(crate) use subject_join;

/// The steps that pause or end a request's clock, read with the request itself (one text
/// per request, "action date" in order, comma-separated) rather than by a second query:
/// a page of the queue is one round trip. Use with [`clock_steps`].
pub(crate) const CLOCK_STEPS: &str = "(SELECT string_agg(e.action || ' ' || e.occurred_on, ',' ORDER BY e.id) \
     FROM request_events e WHERE e.request_id = r.id \
     AND e.action IN ('ask_member', 'reject_documents', 'answer', 'withdraw', 'reject'))";

/// A row read as [`REQUEST_COLUMNS`], the subject's name, [`CLOCK_STEPS`] (columns 0–15).
pub(crate) fn listed(r: &sqlx::any::AnyRow) -> Result<(RequestRow, Option<String>, Vec<(Action, NaiveDate)>), sqlx::Error> {
    use sqlx::{FromRow, Row};
    let (row, name) = split(NamedRow::from_row(r)?);
    let steps: Option<String> = r.try_get(15)?;
    Ok((row, name, clock_steps(steps.as_deref())))
}

/// The steps of a [`CLOCK_STEPS`] text.
pub(crate) fn clock_steps(text: Option<&str>) -> Vec<(Action, NaiveDate)> {
    text.unwrap_or_default()
        .split(',')
        .filter_map(|step| {
            let (action, on) = step.split_once(' ')?;
            Some((Action::from_code(action)?, date(on)?))
        })
        .collect()
}

pub(crate) fn line(state: &AppState, row: &RequestRow, subject_name: String, steps: &[(Action, NaiveDate)], unread: i64) -> Option<RequestLine> {
    let status = Status::from_code(&row.3)?;
    Some(RequestLine {
        receipt: row.1.clone(),
        request_type: RequestType::from_code(&row.2)?,
        status,
        stage: status.stage(),
        received_at: local_time(&row.10),
        subject_name,
        capacity: Capacity::from_code(&row.6)?,
        deadline: deadline(state, row, steps, status),
        unread,
    })
}

/// The member's requests: those they made and those about them.
pub async fn list_for_member(state: &AppState, meta: &RequestMeta, member_id: i64) -> Result<Vec<RequestLine>, AppError> {
    let event = AuditEvent::by(Caller::Member { member_id }, AuditAction::RequestList)
        .about(member_id)
        .data(DataCategory::Request)
        .record(format!("requests?member={member_id}"))
        .purpose("my requests");
    audited_read(state, meta, event, || async {
        let rows: Vec<sqlx::any::AnyRow> =
            sqlx::query(&format!(
                "SELECT {REQUEST_COLUMNS}, {SUBJECT_NAME}, {CLOCK_STEPS} FROM requests r {SUBJECT_JOIN} \
                 WHERE r.requester_member_id = $1 OR r.subject_member_id = $1 ORDER BY r.id DESC LIMIT 500"
            ))
            .bind(member_id)
            .fetch_all(&state.db.pool)
            .await?;
        let unread: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT request_id, COUNT(*) FROM member_notifications WHERE member_id = $1 AND read_at IS NULL \
             AND request_id IS NOT NULL GROUP BY request_id",
        )
        .bind(member_id)
        .fetch_all(&state.db.pool)
        .await?;
        Ok(rows
            .iter()
            .map(listed)
            .collect::<Result<Vec<_>, _>>()?
            .into_iter()
            .filter_map(|(row, name, steps)| {
                let n = unread.iter().find(|u| u.0 == row.0).map(|u| u.1).unwrap_or(0);
                line(state, &row, name.unwrap_or_default(), &steps, n)
            })
            .collect())
    })
    .await
}

pub(crate) async fn request_by_receipt(state: &AppState, receipt: &str) -> Result<Option<(RequestRow, Option<String>)>, AppError> {
    if receipt.len() > 32 || !receipt.bytes().all(|b| b.is_ascii_digit() || b == b'-') {
        return Ok(None);
    }
    let row: Option<NamedRow> =
        sqlx::query_as(&format!(
            "SELECT {REQUEST_COLUMNS}, {SUBJECT_NAME} FROM requests r {SUBJECT_JOIN} \
             WHERE r.receipt_number = $1"
        ))
        .bind(receipt)
        .fetch_optional(&state.db.pool)
        .await?;
    Ok(row.map(split))
}

/// The request behind `receipt` if `caller` may see it. Otherwise "not found", as for a
/// receipt number that does not exist, and the refusal is recorded as `action`.
pub(crate) async fn seen_by(
    state: &AppState,
    meta: &RequestMeta,
    caller: &Caller,
    receipt: &str,
    action: AuditAction,
    data_category: DataCategory,
) -> Result<RequestRow, AppError> {
    match request_by_receipt(state, receipt).await?.filter(|(row, _)| may_see(row, caller)) {
        Some((row, _)) => Ok(row),
        None => {
            let refused = AuditEvent::by(caller.clone(), action)
                .data(data_category)
                .refused();
            record_standalone(state, meta, &refused).await;
            Err(AppError::NotFound)
        }
    }
}

/// A request row's type, status and details.
pub(crate) fn row_parts(row: &RequestRow) -> Result<(RequestType, Status, Details), AppError> {
    let t = RequestType::from_code(&row.2).ok_or_else(|| AppError::internal("requests.request_type", &row.2))?;
    let status = Status::from_code(&row.3).ok_or_else(|| AppError::internal("requests.status", &row.3))?;
    let details: Details = serde_json::from_str(&row.8).map_err(|e| AppError::internal("requests.details", e))?;
    Ok((t, status, details))
}

/// Who may see a request: its requester and its subject (members), or staff.
pub(crate) fn may_see(row: &RequestRow, caller: &Caller) -> bool {
    match caller {
        Caller::Member { member_id } => row.4 == Some(*member_id) || row.5 == Some(*member_id),
        Caller::Staff { roles, .. } => roles.iter().any(|r| {
            matches!(r, StaffRole::Intake | StaffRole::Reviewer | StaffRole::Approver | StaffRole::Auditor)
        }),
        Caller::Anonymous => false,
    }
}

/// One request as the member (or staff) sees it. Someone else's request is "not found",
/// exactly like a receipt number that does not exist.
pub async fn view(state: &AppState, meta: &RequestMeta, caller: &Caller, receipt: &str) -> Result<RequestView, AppError> {
    view_with_id(state, meta, caller, receipt).await.map(|(_, v)| v)
}

/// [`view`], with the request's id (for what others hold about it: packages, instructions).
pub async fn view_with_id(
    state: &AppState,
    meta: &RequestMeta,
    caller: &Caller,
    receipt: &str,
) -> Result<(i64, RequestView), AppError> {
    let found = request_by_receipt(state, receipt).await?;
    let Some((row, subject_name)) = found.filter(|(row, _)| may_see(row, caller)) else {
        let refused = AuditEvent::by(caller.clone(), AuditAction::RequestView)
            .data(DataCategory::Request)
            .detail(serde_json::json!({ "receipt": receipt.chars().take(32).collect::<String>() }))
            .refused();
        record_standalone(state, meta, &refused).await;
        return Err(AppError::NotFound);
    };
    let is_staff = matches!(caller, Caller::Staff { .. });
    let event = AuditEvent::by(caller.clone(), AuditAction::RequestView)
        .about(row.5)
        .data(DataCategory::Request)
        .record(format!("requests/{}", row.0))
        .purpose(row.1.clone());
    audited_read(state, meta, event, || async {
        let events: Vec<(i64, String, String, String, String, Option<String>, i64)> = sqlx::query_as(
            "SELECT id, occurred_at, occurred_on, actor_kind, action, message, member_visible FROM request_events \
             WHERE request_id = $1 ORDER BY id",
        )
        .bind(row.0)
        .fetch_all(&state.db.pool)
        .await?;
        let files: Vec<(i64, i64, String, String, i64)> = sqlx::query_as(
            "SELECT id, event_id, document, file_name, size_bytes FROM request_attachments WHERE request_id = $1 ORDER BY id",
        )
        .bind(row.0)
        .fetch_all(&state.db.pool)
        .await?;
        let steps: Vec<(Action, NaiveDate)> = events
            .iter()
            .filter_map(|e| Some((Action::from_code(&e.4)?, date(&e.2)?)))
            .collect();
        let status = Status::from_code(&row.3).ok_or_else(|| AppError::internal("requests.status", &row.3))?;
        let details: Details = serde_json::from_str(&row.8).map_err(|e| AppError::internal("requests.details", e))?;
        let mut stage = crate::requests::lifecycle::Stage::Received;
        let timeline = events
            .iter()
            .filter(|e| is_staff || e.6 == 1)
            .map(|e| {
                let action = Action::from_code(&e.4).unwrap_or(Action::Message);
                if let Some(s) = steps_stage(&e.4) {
                    stage = s;
                }
                TimelineEntry {
                    at: local_time(&e.1),
                    action: if e.4 == "submit" { Action::Message } else { action },
                    stage,
                    by_member: e.3 == "member",
                    message: e.5.clone(),
                    attachments: files
                        .iter()
                        .filter(|f| f.1 == e.0)
                        .filter_map(|f| {
                            Some(AttachmentInfo {
                                id: f.0,
                                document: Document::from_code(&f.2)?,
                                file_name: f.3.clone(),
                                size_bytes: f.4,
                            })
                        })
                        .collect(),
                }
            })
            .collect();
        let mine = matches!(caller, Caller::Member { member_id } if row.4 == Some(*member_id));
        let publication = crate::publication::ssr::current_shared(state).await?.map(|(_, p)| p);
        let (method_name, category_names) = match (&details, publication) {
            (Details::Disclosure { method, categories, .. }, Some(p)) => (
                p.procedure.delivery_methods.iter().find(|m| &m.id == method).map(|m| m.name.clone()),
                names(&p, categories),
            ),
            (Details::ThirdPartyRecords { method, .. }, Some(p)) => (
                p.procedure.delivery_methods.iter().find(|m| &m.id == method).map(|m| m.name.clone()),
                Vec::new(),
            ),
            (Details::PurposeNotice { categories, .. }, Some(p)) => (None, names(&p, categories)),
            _ => (None, Vec::new()),
        };
        if let Caller::Member { member_id } = caller {
            sqlx::query(
                "UPDATE member_notifications SET read_at = $1 WHERE member_id = $2 AND request_id = $3 AND read_at IS NULL",
            )
            .bind(instant_text(state.clock.now()))
            .bind(member_id)
            .bind(row.0)
            .execute(&state.db.pool)
            .await?;
        }
        let line = line(state, &row, subject_name.unwrap_or_default(), &steps, 0)
            .ok_or_else(|| AppError::internal("requests", "unreadable row"))?;
        let ok = |a: Action| mine && next(status, Role::Requester, a).is_ok();
        Ok((row.0, RequestView {
            line,
            details,
            fee_yen: row.9,
            method_name,
            deliver_to_subject: row.7 == 1,
            timeline,
            mine,
            can_withdraw: ok(Action::Withdraw),
            can_answer: ok(Action::Answer),
            can_message: ok(Action::Message),
            category_names,
            version: row.13,
            decision: crate::requests::letters::latest(state, row.0, is_staff).await?,
        }))
    })
    .await
}

fn names(p: &crate::publication::model::Publication, ids: &[String]) -> Vec<String> {
    ids.iter().filter_map(|id| p.categories.iter().find(|c| &c.id == id).map(|c| c.name.clone())).collect()
}

/// The stage an event leaves the request in, for the timeline.
fn steps_stage(action: &str) -> Option<crate::requests::lifecycle::Stage> {
    use crate::requests::lifecycle::Stage;
    Some(match action {
        "submit" => Stage::Received,
        "start_review" | "accept_documents" | "answer" | "send_back" | "decide_for_approval" => Stage::InReview,
        "ask_member" | "reject_documents" => Stage::NeedsInput,
        "decide" | "approve" => Stage::Decided,
        "notify" => Stage::Notified,
        "complete" => Stage::Completed,
        "withdraw" => Stage::Withdrawn,
        "reject" => Stage::Rejected,
        _ => return None,
    })
}
