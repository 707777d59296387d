//! Intake in the database: one transaction holds the request, its first event, the
//! intake record, the scan and the audit event.

mod validation;

pub use validation::validate_intake;

use chrono::NaiveDate;

use super::{IntakeDraft, IntakeInfo, IntakeSetup, IntakeSubject, required_files};
use crate::platform::db::instant_text;
use kit::error::AppError;
use kit::form::{Check, FieldError, Problem};
use crate::platform::audit::{Action, AuditEvent, DataCategory, RequestMeta};
use crate::platform::audit::store::append;
use crate::publication::model::MethodKind;
use crate::requests::agency::Capacity;
use crate::requests::draft::{Context, Fields, details};
use crate::requests::store::{
    Upload, check_files, form_setup_from, insert_event, next_receipt, published_fee, store_files, subjects, valid_key,
};
use kit::rights::RequestType;
use crate::platform::state::AppState;

/// The name an anonymous complaint is recorded under.
const ANONYMOUS: &str = "匿名";

/// Those who work on requests today: (id, "staff number name").
pub async fn colleagues(state: &AppState) -> Result<Vec<(i64, String)>, AppError> {
    let rows: Vec<Colleague> = sqlx::query_as(
        "SELECT DISTINCT s.id, s.staff_number || ' ' || s.name AS label FROM staff s JOIN staff_grants g ON g.staff_id = s.id \
         WHERE g.role IN ('intake', 'reviewer', 'approver') AND g.valid_from <= $1 \
         AND (g.valid_until IS NULL OR g.valid_until >= $1) ORDER BY 2",
    )
    .bind(state.clock.today_tokyo().to_string())
    .fetch_all(&state.db.pool)
    .await?;
    Ok(rows.into_iter().map(|c| (c.id, c.label)).collect())
}

/// A colleague as the intake form lists them.
#[derive(sqlx::FromRow)]
struct Colleague {
    id: i64,
    /// "staff number name"
    label: String,
}

pub async fn setup(state: &AppState, staff_id: i64, request_type: RequestType) -> Result<IntakeSetup, AppError> {
    let (_, p) = crate::publication::store::current_shared(state).await?.ok_or(AppError::Unavailable)?;
    Ok(IntakeSetup {
        // Every published method: the person chooses (33条1項), on paper as online.
        form: form_setup_from(state, &p, request_type, Vec::new(), |_| true),
        colleagues: colleagues(state).await?,
        me: staff_id,
        today: state.clock.today_tokyo().to_string(),
    })
}

async fn existing(state: &AppState, key: &str) -> Result<Option<String>, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT r.receipt_number FROM request_intakes i JOIN requests r ON r.id = i.request_id WHERE i.idempotency_key = $1",
    )
    .bind(key)
    .fetch_optional(&state.db.pool)
    .await?)
}

/// The registry person a paper request names: (id, name), if 記号・番号 and 生年月日
/// match one person (current or former member).
async fn registry_person(
    state: &AppState,
    symbol: &str,
    number: &str,
    branch: &str,
    birth: NaiveDate,
) -> Result<Option<(i64, String)>, AppError> {
    let row: Option<RegistryPerson> = sqlx::query_as(
        "SELECT id, name, birth_date FROM members WHERE symbol = $1 AND number = $2 AND branch = $3",
    )
    .bind(symbol)
    .bind(number)
    .bind(branch)
    .fetch_optional(&state.db.pool)
    .await?;
    Ok(row.filter(|r| r.birth_date == birth.to_string()).map(|r| (r.id, r.name)))
}

/// A registry person found by 記号・番号・枝番, with the 生年月日 that must match.
#[derive(sqlx::FromRow)]
struct RegistryPerson {
    id: i64,
    name: String,
    birth_date: String,
}

/// Enters a paper or counter request; returns its 受付番号. The same form key always
/// yields the same request (a double click, a retry).
pub async fn enter(
    state: &AppState,
    meta: &RequestMeta,
    caller: &kit::access::Caller,
    request_type: RequestType,
    fields: &Fields,
    uploads: &[Upload],
) -> Result<String, AppError> {
    let kit::access::Caller::Staff { staff_id, .. } = *caller else { return Err(AppError::Forbidden) };
    let key = fields.iter().find(|(k, _)| k == "idempotency_key").map(|(_, v)| v.as_str()).unwrap_or("");
    if !valid_key(key) {
        return Err(AppError::BadRequest);
    }
    let (version_id, p) = crate::publication::store::current_shared(state).await?.ok_or(AppError::Unavailable)?;
    let today = state.clock.today_tokyo();
    let staff_ids: Vec<i64> = colleagues(state).await?.into_iter().map(|(id, _)| id).collect();
    let mut check = Check::default();
    let draft = validate_intake(&mut check, request_type, fields, today, &staff_ids);
    // The registry person, and their held values (a 訂正 names the current value).
    let mut person = None;
    if let Some(IntakeDraft { subject: IntakeSubject::Registry { symbol, number, branch, birth_date }, .. }) = &draft {
        match registry_person(state, symbol, number, branch, *birth_date).await? {
            Some(found) => person = Some(found),
            None => check.fail("subject_key", Problem::NotInRegistry),
        }
    }
    if let (Some(d), Some(IntakeSubject::Registry { birth_date, .. })) = (&draft, draft.as_ref().map(|d| &d.subject))
        && !d.capacity.still_acts_for(*birth_date, d.arrived_on)
    {
        check.fail("capacity", Problem::NotAMinor);
    }
    let held = match &person {
        Some((id, _)) => subjects(state, *id).await?.into_iter().filter(|s| s.member_id == *id).collect(),
        None => Vec::new(),
    };
    let choices = p.category_choices();
    let ctx = Context {
        category_ids: choices.iter().map(|(id, _)| id.as_str()).collect(),
        method_ids: p.procedure.delivery_methods.iter().map(|m| m.id.as_str()).collect(),
        subjects: &held,
        today,
    };
    let subject_for_rules = person.as_ref().zip(draft.as_ref()).map(|((id, _), d)| (*id, d.capacity));
    let asked = details(&mut check, request_type, fields, &ctx, subject_for_rules);
    // The portal's download is received in the 本人's own account: a paper request may
    // choose it for a registry person asking for themselves, who then receives it there.
    let download = asked.method().and_then(|m| p.method(m)).is_some_and(|m| m.kind == MethodKind::Download);
    let own = draft.as_ref().is_some_and(|d| d.capacity == Capacity::Own && matches!(d.subject, IntakeSubject::Registry { .. }));
    if download && !own {
        check.fail("method", Problem::DownloadForOwnAccount);
    }
    let mut errors = match check.finish() {
        Ok(()) => Vec::new(),
        Err(AppError::Invalid(e)) => e,
        Err(e) => return Err(e),
    };
    let files = check_files(uploads, state.feature::<crate::requests::store::RequestPolicy>().max_attachment_bytes, &mut errors);
    if let Some(d) = &draft {
        for doc in required_files(d.channel, d.capacity) {
            if !uploads.iter().any(|u| u.document == doc) && !errors.iter().any(|e| e.field == doc.code()) {
                errors.push(FieldError::new(doc.code(), Problem::FileMissing));
            }
        }
    }
    let Some(draft) = draft.filter(|_| errors.is_empty()) else {
        return match existing(state, key).await? {
            Some(receipt) => Ok(receipt),
            None => Err(AppError::Invalid(errors)),
        };
    };
    let (subject_id, subject_name, subject_kind) = match (&draft.subject, &person) {
        (IntakeSubject::Registry { .. }, Some((id, name))) => (Some(*id), name.clone(), super::SubjectKind::Registry),
        // Someone who gives no name is recorded under the word staff and letters use.
        (IntakeSubject::Outside { kind: super::SubjectKind::Anonymous, .. }, _) => (None, ANONYMOUS.to_string(), super::SubjectKind::Anonymous),
        (IntakeSubject::Outside { kind, name }, _) => (None, name.clone(), *kind),
        (IntakeSubject::Registry { .. }, None) => return Err(AppError::internal("intake", "registry person vanished")),
    };
    let requester_name = if draft.requester_name.is_empty() { subject_name.clone() } else { draft.requester_name.clone() };
    let fee = published_fee(&p, request_type);
    let details_json = serde_json::to_string(&asked).map_err(|e| AppError::internal("details", e))?;
    let now = state.clock.now();
    let status = draft.capacity.initial_status();
    let due_days = state.feature::<crate::requests::store::RequestPolicy>().due_business_days;
    let due = state.feature::<crate::requests::store::RequestPolicy>().calendar.deadline(draft.arrived_on, due_days, &[], today).due;

    let _turn = state.db.write_turn().await;
    let mut tx = state.db.begin().await?;
    let receipt = next_receipt(&mut tx, today).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO requests (receipt_number, request_type, status, channel, requester_member_id, \
         subject_member_id, capacity, deliver_to_subject, details, fee_yen, publication_version_id, \
         idempotency_key, received_at, received_on, due_business_days, version, updated_at, due_on) \
         VALUES ($1, $2, $3, $4, NULL, $5, $6, $15, $7, $8, $9, $10, $11, $12, $13, 1, $11, $14) RETURNING id",
    )
    .bind(&receipt)
    .bind(request_type.code())
    .bind(status.code())
    .bind(draft.channel.code())
    .bind(subject_id)
    .bind(draft.capacity.code())
    .bind(details_json)
    .bind(fee)
    .bind(version_id)
    .bind(key)
    .bind(instant_text(now))
    .bind(draft.arrived_on.to_string())
    .bind(i64::from(due_days))
    .bind(due.map(|d| d.to_string()))
    .bind(i64::from(download))
    .fetch_one(&mut *tx)
    .await?;
    let kept: Option<i64> = sqlx::query_scalar(
        "INSERT INTO request_intakes (request_id, idempotency_key, arrived_on, subject_kind, subject_name, \
         requester_name, requester_address, requester_phone, id_document, id_check, checked_by, entered_by, entered_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) \
         ON CONFLICT (idempotency_key) DO NOTHING RETURNING request_id",
    )
    .bind(id)
    .bind(key)
    .bind(draft.arrived_on.to_string())
    .bind(subject_kind.code())
    .bind(&subject_name)
    .bind(&requester_name)
    .bind(&draft.requester_address)
    .bind(&draft.requester_phone)
    .bind(&draft.id_document)
    .bind(draft.id_check.code())
    .bind(draft.checked_by)
    .bind(staff_id)
    .bind(instant_text(now))
    .fetch_optional(&mut *tx)
    .await?;
    if kept.is_none() {
        // A concurrent post of the same form won: answer with its request.
        tx.rollback().await?;
        return existing(state, key).await?.ok_or(AppError::Conflict);
    }
    let event = insert_event(&mut tx, now, id, ("staff", Some(staff_id)), ("submit", true), None, status, None).await?;
    store_files(&mut tx, now, id, event, &files).await?;
    let audit = AuditEvent::by(caller.clone(), Action::RequestIntake)
        .about(subject_id)
        .data(DataCategory::Request)
        .record(format!("requests/{id}"))
        .purpose(receipt.clone())
        .detail(serde_json::json!({
            "type": request_type.code(), "channel": draft.channel.code(), "capacity": draft.capacity.code(),
            "arrived_on": draft.arrived_on.to_string(), "id_document": draft.id_document,
            "id_check": draft.id_check.code(), "checked_by": draft.checked_by, "files": files.len(),
        }));
    append(&mut tx, now, meta, &audit).await?;
    if let Some(due) = crate::requests::store::escalation_due(state, &asked) {
        crate::requests::store::escalate(&mut tx, now, meta, &due, (id, &receipt, subject_id)).await?;
    }
    tx.commit().await?;
    Ok(receipt)
}

/// How a request came in, as stored. Codes and the instant stay text here; [`info`]
/// converts them.
#[derive(sqlx::FromRow)]
struct InfoRow {
    channel: String,
    arrived_on: String,
    subject_kind: String,
    requester_name: String,
    requester_address: String,
    requester_phone: String,
    id_document: String,
    id_check: String,
    /// "staff number name" of who checked the identity document.
    checked_by: String,
    /// "staff number name" of who entered the request.
    entered_by: String,
    entered_at: String,
}

/// How a request came in, if it came on paper or at the counter (part of the staff
/// request page, whose read is audited as a whole).
pub async fn info(state: &AppState, receipt: &str) -> Result<Option<IntakeInfo>, AppError> {
    {
        let row: Option<InfoRow> = sqlx::query_as(
            "SELECT r.channel, i.arrived_on, i.subject_kind, i.requester_name, i.requester_address, i.requester_phone, \
             i.id_document, i.id_check, COALESCE(c.staff_number || ' ' || c.name, '') AS checked_by, \
             s.staff_number || ' ' || s.name AS entered_by, i.entered_at \
             FROM request_intakes i JOIN requests r ON r.id = i.request_id \
             LEFT JOIN staff c ON c.id = i.checked_by JOIN staff s ON s.id = i.entered_by WHERE r.receipt_number = $1",
        )
        .bind(receipt)
        .fetch_optional(&state.db.pool)
        .await?;
        Ok(row.and_then(|r| {
            Some(IntakeInfo {
                channel: super::Channel::from_code(&r.channel)?,
                arrived_on: r.arrived_on,
                subject_kind: super::SubjectKind::from_code(&r.subject_kind)?,
                requester_name: r.requester_name,
                requester_address: r.requester_address,
                requester_phone: r.requester_phone,
                id_document: r.id_document,
                id_check: super::IdCheck::from_code(&r.id_check)?,
                checked_by: r.checked_by,
                entered_by: r.entered_by,
                entered_at: crate::requests::store::local_time(&r.entered_at),
            })
        }))
    }
}
