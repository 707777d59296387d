//! Reading requests: the row and the columns every query shares, the member's list, and
//! one request as its page shows it. Every read is audited; a request the caller may not
//! see is "not found".

use chrono::NaiveDate;

use super::acting::deadline;
use super::{date, local_time};
use crate::platform::audit::{Action as AuditAction, AuditEvent, DataCategory, RequestMeta};
use crate::platform::audit::store::{audited_read, record_standalone};
use crate::platform::db::instant_text;
use crate::platform::state::AppState;
use crate::publication::model::MethodKind;
use crate::requests::agency::{Capacity, Document};
use crate::requests::draft::Details;
use crate::requests::lifecycle::{Action, Role, Status, next};
use crate::requests::{AttachmentInfo, RequestLine, RequestView, TimelineEntry};
use kit::access::{Caller, StaffRole};
use kit::error::AppError;
use kit::rights::RequestType;

/// A request as stored, read as [`REQUEST_COLUMNS`]. Codes, dates and details stay text
/// here; each reader converts what it needs.
#[derive(Clone, Debug, sqlx::FromRow)]
pub(crate) struct RequestRow {
    pub id: i64,
    /// The 受付番号.
    #[sqlx(rename = "receipt_number")]
    pub receipt: String,
    pub request_type: String,
    pub status: String,
    pub requester_member_id: Option<i64>,
    pub subject_member_id: Option<i64>,
    pub capacity: String,
    /// 1 when the result goes to the subject rather than the requester.
    pub deliver_to_subject: i64,
    /// The request's [`Details`] as JSON.
    pub details: String,
    pub fee_yen: i64,
    pub received_at: String,
    pub received_on: String,
    pub due_business_days: i64,
    pub version: i64,
    /// The publication in force when the request arrived: its methods and categories are
    /// what the person chose from.
    pub publication_version_id: i64,
}

/// A request with its subject's name, read as [`REQUEST_COLUMNS`] and
/// `{SUBJECT_NAME} AS subject_name`.
#[derive(sqlx::FromRow)]
pub(crate) struct NamedRow {
    #[sqlx(flatten)]
    pub request: RequestRow,
    pub subject_name: Option<String>,
}

/// A request as a list shows it: the columns of [`NamedRow`] and `{CLOCK_STEPS} AS clock_steps`.
#[derive(sqlx::FromRow)]
pub(crate) struct ListedRow {
    #[sqlx(flatten)]
    pub request: RequestRow,
    pub subject_name: Option<String>,
    /// The [`CLOCK_STEPS`] text; read it with [`clock_steps`].
    pub clock_steps: Option<String>,
}

pub(crate) const REQUEST_COLUMNS: &str = "r.id, r.receipt_number, r.request_type, r.status, r.requester_member_id, \
    r.subject_member_id, r.capacity, r.deliver_to_subject, r.details, r.fee_yen, r.received_at, r.received_on, \
    r.due_business_days, r.version, r.publication_version_id";

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
    let status = Status::from_code(&row.status)?;
    Some(RequestLine {
        receipt: row.receipt.clone(),
        request_type: RequestType::from_code(&row.request_type)?,
        status,
        stage: status.stage(),
        received_at: local_time(&row.received_at),
        subject_name,
        capacity: Capacity::from_code(&row.capacity)?,
        deadline: deadline(state, row, steps, status),
        unread,
    })
}

/// How many of the member's notifications about one request are unread.
#[derive(sqlx::FromRow)]
struct Unread {
    request_id: i64,
    unread: i64,
}

/// The member's requests: those they made and those about them.
pub async fn list_for_member(state: &AppState, meta: &RequestMeta, member_id: i64) -> Result<Vec<RequestLine>, AppError> {
    let event = AuditEvent::by(Caller::Member { member_id }, AuditAction::RequestList)
        .about(member_id)
        .data(DataCategory::Request)
        .record(format!("requests?member={member_id}"))
        .purpose("my requests");
    audited_read(state, meta, event, || async {
        let rows: Vec<ListedRow> =
            sqlx::query_as(&format!(
                "SELECT {REQUEST_COLUMNS}, {SUBJECT_NAME} AS subject_name, {CLOCK_STEPS} AS clock_steps \
                 FROM requests r {SUBJECT_JOIN} \
                 WHERE r.requester_member_id = $1 OR r.subject_member_id = $1 ORDER BY r.id DESC LIMIT 500"
            ))
            .bind(member_id)
            .fetch_all(&state.db.pool)
            .await?;
        let unread: Vec<Unread> = sqlx::query_as(
            "SELECT request_id, COUNT(*) AS unread FROM member_notifications WHERE member_id = $1 AND read_at IS NULL \
             AND request_id IS NOT NULL GROUP BY request_id",
        )
        .bind(member_id)
        .fetch_all(&state.db.pool)
        .await?;
        Ok(rows
            .into_iter()
            .filter_map(|r| {
                let n = unread.iter().find(|u| u.request_id == r.request.id).map(|u| u.unread).unwrap_or(0);
                line(state, &r.request, r.subject_name.unwrap_or_default(), &clock_steps(r.clock_steps.as_deref()), n)
            })
            .collect())
    })
    .await
}

pub(crate) async fn request_by_receipt(state: &AppState, receipt: &str) -> Result<Option<NamedRow>, AppError> {
    if receipt.len() > 32 || !receipt.bytes().all(|b| b.is_ascii_digit() || b == b'-') {
        return Ok(None);
    }
    let row: Option<NamedRow> =
        sqlx::query_as(&format!(
            "SELECT {REQUEST_COLUMNS}, {SUBJECT_NAME} AS subject_name FROM requests r {SUBJECT_JOIN} \
             WHERE r.receipt_number = $1"
        ))
        .bind(receipt)
        .fetch_optional(&state.db.pool)
        .await?;
    Ok(row)
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
    match request_by_receipt(state, receipt).await?.filter(|found| may_see(&found.request, caller)) {
        Some(found) => Ok(found.request),
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
/// What the delivery method the person chose is in law, as the publication in force when
/// they asked described it (`None` for types without one, or a method no longer known).
pub(crate) async fn chosen_method(
    state: &AppState,
    row: &RequestRow,
    details: &Details,
) -> Result<Option<MethodKind>, AppError> {
    let Some(id) = details.method() else { return Ok(None) };
    let publication = crate::publication::store::body(state, row.publication_version_id).await?;
    Ok(publication.and_then(|p| p.method(id).map(|m| m.kind)))
}

pub(crate) fn row_parts(row: &RequestRow) -> Result<(RequestType, Status, Details), AppError> {
    let t = RequestType::from_code(&row.request_type).ok_or_else(|| AppError::internal("requests.request_type", &row.request_type))?;
    let status = Status::from_code(&row.status).ok_or_else(|| AppError::internal("requests.status", &row.status))?;
    let details: Details = serde_json::from_str(&row.details).map_err(|e| AppError::internal("requests.details", e))?;
    Ok((t, status, details))
}

/// Who may see a request: its requester and its subject (members), or staff.
pub(crate) fn may_see(row: &RequestRow, caller: &Caller) -> bool {
    match caller {
        Caller::Member { member_id } => row.requester_member_id == Some(*member_id) || row.subject_member_id == Some(*member_id),
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
    let Some(NamedRow { request: row, subject_name }) = found.filter(|found| may_see(&found.request, caller)) else {
        let refused = AuditEvent::by(caller.clone(), AuditAction::RequestView)
            .data(DataCategory::Request)
            .detail(serde_json::json!({ "receipt": receipt.chars().take(32).collect::<String>() }))
            .refused();
        record_standalone(state, meta, &refused).await;
        return Err(AppError::NotFound);
    };
    let is_staff = matches!(caller, Caller::Staff { .. });
    let event = AuditEvent::by(caller.clone(), AuditAction::RequestView)
        .about(row.subject_member_id)
        .data(DataCategory::Request)
        .record(format!("requests/{}", row.id))
        .purpose(row.receipt.clone());
    audited_read(state, meta, event, || async {
        let events: Vec<EventRow> = sqlx::query_as(
            "SELECT e.id, e.occurred_at, e.occurred_on, e.actor_kind, e.actor_id, e.action, e.message, e.member_visible, \
             s.name AS staff_name, (SELECT CAST(MIN(CASE g.role WHEN 'intake' THEN 1 WHEN 'reviewer' THEN 2 \
             WHEN 'approver' THEN 3 END) AS BIGINT) FROM staff_grants g WHERE g.staff_id = s.id) AS staff_rank \
             FROM request_events e LEFT JOIN staff s ON e.actor_kind = 'staff' AND s.id = e.actor_id \
             WHERE e.request_id = $1 ORDER BY e.id",
        )
        .bind(row.id)
        .fetch_all(&state.db.pool)
        .await?;
        let files: Vec<AttachmentRow> = sqlx::query_as(
            "SELECT id, event_id, document, file_name, size_bytes FROM request_attachments WHERE request_id = $1 ORDER BY id",
        )
        .bind(row.id)
        .fetch_all(&state.db.pool)
        .await?;
        let steps: Vec<(Action, NaiveDate)> = events
            .iter()
            .filter_map(|e| Some((Action::from_code(&e.action)?, date(&e.occurred_on)?)))
            .collect();
        let status = Status::from_code(&row.status).ok_or_else(|| AppError::internal("requests.status", &row.status))?;
        let details: Details = serde_json::from_str(&row.details).map_err(|e| AppError::internal("requests.details", e))?;
        let mut stage = crate::requests::lifecycle::Stage::Received;
        let timeline = events
            .iter()
            .filter(|e| is_staff || e.member_visible == 1)
            .map(|e| {
                let action = Action::from_code(&e.action).unwrap_or(Action::Message);
                if let Some(s) = steps_stage(&e.action) {
                    stage = s;
                }
                TimelineEntry {
                    at: local_time(&e.occurred_at),
                    action: if e.action == "submit" { Action::Message } else { action },
                    stage,
                    by_member: e.actor_kind == "member",
                    actor: is_staff.then(|| actor(e, &row, action)),
                    submission: e.action == "submit",
                    message: e.message.clone(),
                    attachments: files
                        .iter()
                        .filter(|f| f.event_id == e.id)
                        .filter_map(|f| {
                            Some(AttachmentInfo {
                                id: f.id,
                                document: Document::from_code(&f.document)?,
                                file_name: f.file_name.clone(),
                                size_bytes: f.size_bytes,
                            })
                        })
                        .collect(),
                }
            })
            .collect();
        let mine = matches!(caller, Caller::Member { member_id } if row.requester_member_id == Some(*member_id));
        let publication = crate::publication::store::body(state, row.publication_version_id).await?;
        let method_name = publication.as_ref().zip(details.method()).and_then(|(p, m)| p.method(m)).map(|m| m.name.clone());
        let category_names = match (&details, &publication) {
            (Details::Disclosure { categories, .. } | Details::PurposeNotice { categories, .. }, Some(p)) => names(p, categories),
            _ => Vec::new(),
        };
        // The member's notices of this request are seen once they open it themselves (from
        // the portal or the address bar); opened from a link on another site
        // (`Sec-Fetch-Site: cross-site`, or a client that does not say) nothing changes.
        let own_navigation = leptos::prelude::use_context::<http::request::Parts>().is_some_and(|p| {
            p.headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()).is_some_and(|s| matches!(s, "same-origin" | "none"))
        });
        if let (Caller::Member { member_id }, true) = (caller, own_navigation) {
            sqlx::query(
                "UPDATE member_notifications SET read_at = $1 WHERE member_id = $2 AND request_id = $3 AND read_at IS NULL",
            )
            .bind(instant_text(state.clock.now()))
            .bind(member_id)
            .bind(row.id)
            .execute(&state.db.pool)
            .await?;
        }
        let line = line(state, &row, subject_name.unwrap_or_default(), &steps, 0)
            .ok_or_else(|| AppError::internal("requests", "unreadable row"))?;
        let ok = |a: Action| mine && next(status, Role::Requester, a).is_ok();
        // The person an agent asked about (not the agent) may say they did not ask.
        let about_me = matches!(caller, Caller::Member { member_id } if !mine && row.subject_member_id == Some(*member_id));
        let can_disown = about_me && next(status, Role::Subject, Action::Disown).is_ok();
        Ok((row.id, RequestView {
            line,
            details,
            fee_yen: row.fee_yen,
            fee: crate::requests::fees::store::info(state, &row, publication.as_deref()).await?,
            method_name,
            deliver_to_subject: row.deliver_to_subject == 1,
            timeline,
            mine,
            can_withdraw: ok(Action::Withdraw),
            can_answer: ok(Action::Answer),
            can_message: ok(Action::Message),
            can_disown,
            category_names,
            version: row.version,
            decision: crate::requests::letters::latest(state, row.id, is_staff).await?,
        }))
    })
    .await
}

/// One event of a request, for its timeline.
#[derive(sqlx::FromRow)]
struct EventRow {
    id: i64,
    occurred_at: String,
    occurred_on: String,
    actor_kind: String,
    actor_id: Option<i64>,
    action: String,
    message: Option<String>,
    member_visible: i64,
    staff_name: Option<String>,
    /// The staff member's first role that works on requests (1 受付, 2 審査, 3 責任者).
    staff_rank: Option<i64>,
}

/// Who took a step, as staff read it: the requester as 本人 or 代理人, the staff member
/// with the role the step needs (approval is the 責任者's, a decision 審査's), the system.
fn actor(e: &EventRow, row: &RequestRow, action: Action) -> crate::requests::Actor {
    use crate::requests::Actor;
    match e.actor_kind.as_str() {
        "member" if e.actor_id.is_some() && e.actor_id == row.requester_member_id => {
            if row.requester_member_id == row.subject_member_id { Actor::Requester } else { Actor::Agent }
        }
        "member" if e.actor_id.is_some() && e.actor_id == row.subject_member_id => Actor::Subject,
        "member" => Actor::Agent,
        "staff" => {
            let role = match (action, e.staff_rank) {
                (Action::Approve | Action::SendBack | Action::Reject | Action::Reissue | Action::ReissueCancel, _) => Some(StaffRole::Approver),
                (Action::DecideDirectly | Action::DecideForApproval | Action::Dismiss, Some(3)) => Some(StaffRole::Approver),
                (Action::DecideDirectly | Action::DecideForApproval | Action::Dismiss, _) => Some(StaffRole::Reviewer),
                (_, Some(1)) => Some(StaffRole::Intake),
                (_, Some(2)) => Some(StaffRole::Reviewer),
                (_, Some(3)) => Some(StaffRole::Approver),
                _ => None,
            };
            Actor::Staff { role, name: e.staff_name.clone().unwrap_or_default() }
        }
        _ => Actor::System,
    }
}

/// One attachment of a request, listed under the event it came with.
#[derive(sqlx::FromRow)]
struct AttachmentRow {
    id: i64,
    event_id: i64,
    document: String,
    file_name: String,
    size_bytes: i64,
}

fn names(p: &crate::publication::model::Publication, ids: &[String]) -> Vec<String> {
    let choices = p.category_choices();
    ids.iter().filter_map(|id| choices.iter().find(|(c, _)| c == id).map(|(_, name)| name.clone())).collect()
}

/// The stage an event leaves the request in, for the timeline.
fn steps_stage(action: &str) -> Option<crate::requests::lifecycle::Stage> {
    use crate::requests::lifecycle::Stage;
    Some(match action {
        "submit" => Stage::Received,
        "start_review" | "accept_documents" | "answer" | "send_back" | "decide_for_approval" => Stage::InReview,
        "ask_member" | "reject_documents" | "disown" => Stage::NeedsInput,
        "reject" => Stage::Rejected,
        "lapse" | "lapse_unpaid" => Stage::Lapsed,
        "decide" | "approve" => Stage::Decided,
        "notify" => Stage::Notified,
        "complete" => Stage::Completed,
        "withdraw" => Stage::Withdrawn,
        _ => return None,
    })
}
