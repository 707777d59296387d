//! The 照会 in the database (server only): proposing the 医療機関 from the member's notice
//! lines, creating inquiries, recording their one answer, the 照会書, and what the answers
//! and the package's レセプト copies allow a decision to be. Each change is one transaction
//! with its audit event; each read of the member's data is recorded first.

use chrono::Duration;

use super::{InquiryLetter, InquiryLine, InquiryState, Inquiries, PROVIDER_MAX, REPLY_DAYS, asks_receipts};
use crate::platform::audit::store::{append, audited_read};
use crate::platform::audit::{Action, AuditEvent, DataCategory, RequestMeta};
use crate::platform::db::instant_text;
use crate::platform::state::AppState;
use crate::requests::decision::{LegalGround, Outcome};
use crate::requests::draft::{Details, Month, Period};
use crate::requests::lifecycle::Status;
use crate::requests::store::{RequestRow, row_parts, seen_by};
use kit::access::Caller;
use kit::error::AppError;
use kit::form::{FieldError, Problem};

/// An inquiry as stored, with who answered it.
#[derive(sqlx::FromRow)]
struct InquiryRow {
    id: i64,
    provider: String,
    reply_by: String,
    answer: Option<String>,
    reason: Option<String>,
    answered_at: Option<String>,
    answered_by: Option<String>,
    copies: i64,
}

const INQUIRY_SELECT: &str = "SELECT q.id, q.provider, q.reply_by, q.answer, q.reason, q.answered_at, \
     s.staff_number || ' ' || s.name AS answered_by, \
     (SELECT COUNT(*) FROM package_files f WHERE f.receipt_inquiry_id = q.id AND f.withdrawn = 0) AS copies \
     FROM receipt_inquiries q LEFT JOIN staff s ON s.id = q.answered_by";

async fn rows(conn: impl sqlx::Executor<'_, Database = sqlx::Any>, request_id: i64) -> Result<Vec<InquiryRow>, AppError> {
    Ok(sqlx::query_as(&format!("{INQUIRY_SELECT} WHERE q.request_id = $1 ORDER BY q.id")).bind(request_id).fetch_all(conn).await?)
}

fn state_of(r: &InquiryRow) -> Result<InquiryState, AppError> {
    InquiryState::from_stored(r.answer.as_deref(), r.reason.as_deref())
        .ok_or_else(|| AppError::internal("receipt_inquiries.answer", r.answer.as_deref().unwrap_or_default()))
}

fn event(caller: &Caller, action: Action, row: &RequestRow) -> AuditEvent {
    AuditEvent::by(caller.clone(), action)
        .about(row.subject_member_id)
        .data(DataCategory::Request)
        .record(format!("requests/{}/receipt-inquiries", row.id))
        .purpose(row.receipt.clone())
}

/// Whether the caller may create inquiries and record answers on a request in this state.
fn may_edit(caller: &Caller, status: Status) -> bool {
    let works = matches!(caller, Caller::Staff { roles, .. } if roles.iter().any(|r| crate::requests::CASE_ROLES.contains(r)));
    works && status.clock_runs() && status != Status::PendingApproval
}

/// The period of レセプト asked, if one was given.
fn period_of(details: &Details) -> Option<Period> {
    match details {
        Details::Disclosure { receipts, .. } => *receipts,
        _ => None,
    }
}

/// The 医療機関 in the subject's notice lines for the period asked (every month held when
/// none was given), by name.
async fn providers_in_data(state: &AppState, subject: Option<i64>, details: &Details) -> Result<Vec<String>, AppError> {
    let Some(member) = subject else { return Ok(Vec::new()) };
    let (from, to) = match period_of(details) {
        Some(p) => (p.from, p.to),
        None => (Month { year: 1900, month: 1 }, Month { year: 9999, month: 12 }),
    };
    let months = crate::notices::store::stored_months(&state.db.pool, member, from, to).await?;
    let mut names: Vec<String> = crate::notices::store::lines_of(&state.db.pool, &[member], &months).await?.into_iter().map(|l| l.provider).collect();
    names.sort();
    names.dedup();
    Ok(names)
}

/// A request the caller may see, which must ask for レセプト.
async fn asking(state: &AppState, meta: &RequestMeta, caller: &Caller, receipt: &str, action: Action) -> Result<(RequestRow, Status, Details), AppError> {
    let row = seen_by(state, meta, caller, receipt, action, DataCategory::Request).await?;
    let (_, status, details) = row_parts(&row)?;
    if !asks_receipts(&details) {
        return Err(AppError::Invalid(vec![FieldError::new("answer", Problem::NoReceiptsAsked)]));
    }
    Ok((row, status, details))
}

/// The section of the staff request page (nothing when the request asks for no レセプト).
pub async fn view(state: &AppState, meta: &RequestMeta, caller: &Caller, receipt: &str) -> Result<Inquiries, AppError> {
    let row = seen_by(state, meta, caller, receipt, Action::ReceiptInquiryView, DataCategory::Request).await?;
    let (_, status, details) = row_parts(&row)?;
    if !asks_receipts(&details) {
        return Ok(Inquiries::default());
    }
    audited_read(state, meta, event(caller, Action::ReceiptInquiryView, &row), || async {
        let stored = rows(&state.db.pool, row.id).await?;
        let found = providers_in_data(state, row.subject_member_id, &details).await?;
        let mut inquiries = Vec::new();
        for r in &stored {
            inquiries.push(InquiryLine {
                id: r.id,
                provider: r.provider.clone(),
                reply_by: r.reply_by.clone(),
                state: state_of(r)?,
                answered: r.answered_at.as_deref().map(|at| (r.answered_by.clone().unwrap_or_default(), kit::time::tokyo_time(at).chars().take(16).collect())),
                copies: r.copies,
            });
        }
        Ok(Inquiries {
            asks: true,
            period: period_of(&details).map(|p| format!("{}年{}月〜{}年{}月", p.from.year, p.from.month, p.to.year, p.to.month)).unwrap_or_default(),
            proposals: found.into_iter().filter(|p| !stored.iter().any(|s| &s.provider == p)).collect(),
            inquiries,
            editable: may_edit(caller, status),
        })
    })
    .await
}

/// Creates inquiries: to one 医療機関 named (proposed or typed), or to every proposal.
pub async fn create(state: &AppState, meta: &RequestMeta, caller: &Caller, receipt: &str, provider: &str, all: bool) -> Result<(), AppError> {
    let Caller::Staff { staff_id, .. } = caller else { return Err(AppError::Forbidden) };
    let (row, status, details) = asking(state, meta, caller, receipt, Action::ReceiptInquiryCreate).await.map_err(|e| match e {
        AppError::Invalid(_) => AppError::Invalid(vec![FieldError::new("provider", Problem::NoReceiptsAsked)]),
        e => e,
    })?;
    if !may_edit(caller, status) {
        return Err(AppError::Conflict);
    }
    let names: Vec<String> = if all {
        providers_in_data(state, row.subject_member_id, &details).await?
    } else {
        let name = kit::input::normalize(provider).trim().to_string();
        if name.is_empty() {
            return Err(AppError::Invalid(vec![FieldError::new("provider", Problem::Required)]));
        }
        if name.chars().count() > PROVIDER_MAX {
            return Err(AppError::Invalid(vec![FieldError::new("provider", Problem::TooLong)]));
        }
        vec![name]
    };
    let now = state.clock.now();
    let reply_by = (kit::time::tokyo_date(now) + Duration::days(REPLY_DAYS)).format("%Y-%m-%d").to_string();
    let _turn = state.db.write_turn().await;
    let mut tx = state.db.begin().await?;
    let existing = rows(&mut *tx, row.id).await?;
    let new: Vec<&String> = names.iter().filter(|n| !existing.iter().any(|e| &&e.provider == n)).collect();
    if new.is_empty() {
        return Err(AppError::Invalid(vec![FieldError::new("provider", Problem::Duplicate)]));
    }
    for name in &new {
        sqlx::query("INSERT INTO receipt_inquiries (request_id, provider, reply_by, created_by, created_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(row.id)
            .bind(name.as_str())
            .bind(&reply_by)
            .bind(*staff_id)
            .bind(instant_text(now))
            .execute(&mut *tx)
            .await?;
    }
    append(&mut tx, now, meta, &event(caller, Action::ReceiptInquiryCreate, &row).detail(serde_json::json!({ "count": new.len() }))).await?;
    tx.commit().await?;
    Ok(())
}

/// Records a 医療機関's answer, once.
pub async fn answer(state: &AppState, meta: &RequestMeta, caller: &Caller, receipt: &str, id: i64, answer: &str, reason: &str) -> Result<(), AppError> {
    let Caller::Staff { staff_id, .. } = caller else { return Err(AppError::Forbidden) };
    let (row, status, _) = asking(state, meta, caller, receipt, Action::ReceiptInquiryAnswer).await?;
    if !may_edit(caller, status) {
        return Err(AppError::Conflict);
    }
    let now = state.clock.now();
    let _turn = state.db.write_turn().await;
    let mut tx = state.db.begin().await?;
    let found: Option<InquiryRow> =
        sqlx::query_as(&format!("{INQUIRY_SELECT} WHERE q.id = $1 AND q.request_id = $2")).bind(id).bind(row.id).fetch_optional(&mut *tx).await?;
    let Some(found) = found else { return Err(AppError::Invalid(vec![FieldError::new("answer", Problem::Choice)])) };
    let next = super::answer(&state_of(&found)?, answer, reason).map_err(AppError::Invalid)?;
    let InquiryState::Answered { answer, reason } = next else { return Err(AppError::Conflict) };
    // The state moves once: a concurrent second answer finds it answered.
    let changed = sqlx::query(
        "UPDATE receipt_inquiries SET answer = $1, reason = $2, answered_by = $3, answered_at = $4 WHERE id = $5 AND answer IS NULL",
    )
    .bind(answer.code())
    .bind((!reason.is_empty()).then_some(reason.as_str()))
    .bind(*staff_id)
    .bind(instant_text(now))
    .bind(id)
    .execute(&mut *tx)
    .await?;
    if changed.rows_affected() != 1 {
        return Err(AppError::Invalid(vec![FieldError::new("answer", Problem::AlreadyAnswered)]));
    }
    append(&mut tx, now, meta, &event(caller, Action::ReceiptInquiryAnswer, &row).detail(serde_json::json!({ "inquiry": id, "answer": answer.code() })))
        .await?;
    tx.commit().await?;
    Ok(())
}

/// The printable 照会書 of one inquiry.
pub async fn letter(state: &AppState, meta: &RequestMeta, caller: &Caller, receipt: &str, id: i64) -> Result<InquiryLetter, AppError> {
    let row = seen_by(state, meta, caller, receipt, Action::ReceiptInquiryLetter, DataCategory::Request).await?;
    let (_, _, details) = row_parts(&row)?;
    let found: Option<InquiryRow> =
        sqlx::query_as(&format!("{INQUIRY_SELECT} WHERE q.id = $1 AND q.request_id = $2")).bind(id).bind(row.id).fetch_optional(&state.db.pool).await?;
    let Some(found) = found else { return Err(AppError::NotFound) };
    audited_read(state, meta, event(caller, Action::ReceiptInquiryLetter, &row).detail(serde_json::json!({ "inquiry": id })), || async {
        let (_, p) = crate::publication::store::current_shared(state).await?.ok_or(AppError::Unavailable)?;
        let patient = match row.subject_member_id {
            Some(m) => crate::registry::store::held(&state.db.pool, m).await?,
            None => None,
        };
        let words = super::texts::ReceiptText::of(kit::i18n::Lang::Ja);
        let japanese = |d: &str| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").map(|d| d.format("%Y年%-m月%-d日").to_string()).unwrap_or_else(|_| d.to_string());
        let month = |m: Month| format!("{}年{}月", m.year, m.month);
        Ok(InquiryLetter {
            receipt: row.receipt.clone(),
            society_name: p.society.name.clone(),
            society_address: format!("〒{} {}", p.society.postal_code, p.society.address),
            society_phone: p.society.phone.clone(),
            representative: p.society.representative.clone(),
            contact: p.procedure.inquiry.clone(),
            provider: found.provider.clone(),
            patient_name: patient.as_ref().map(|m| m.name.clone()).unwrap_or_default(),
            patient_birth_date: patient.as_ref().map(|m| japanese(&m.birth_date)).unwrap_or_default(),
            period: period_of(&details).map(|p| words.period_words(&month(p.from), &month(p.to))).unwrap_or_else(|| words.whole_period.to_string()),
            written_on: japanese(&kit::time::tokyo_date(state.clock.now()).format("%Y-%m-%d").to_string()),
            reply_by: japanese(&found.reply_by),
        })
    })
    .await
}

/// What the answers and the package's レセプト copies allow this decision to be (nothing to
/// say for a request that asks for no レセプト).
pub async fn decision_problems(state: &AppState, request_id: i64, details: &Details, outcome: Outcome, ground: LegalGround) -> Result<Vec<FieldError>, AppError> {
    if !asks_receipts(details) {
        return Ok(Vec::new());
    }
    let stored = rows(&state.db.pool, request_id).await?;
    let states = stored.iter().map(state_of).collect::<Result<Vec<_>, _>>()?;
    let copies = stored.iter().map(|r| r.copies).sum::<i64>();
    Ok(super::decision_problems(outcome, ground, &states, copies.max(0) as usize))
}

/// The 医療機関 whose レセプト may go into the package: those that answered 支障なし, by id.
pub async fn cleared(conn: impl sqlx::Executor<'_, Database = sqlx::Any>, request_id: i64) -> Result<Vec<(i64, String)>, AppError> {
    let rows: Vec<InquiryRow> =
        sqlx::query_as(&format!("{INQUIRY_SELECT} WHERE q.request_id = $1 AND q.answer = 'no_objection' ORDER BY q.id")).bind(request_id).fetch_all(conn).await?;
    Ok(rows.into_iter().map(|r| (r.id, r.provider)).collect())
}

/// Checks that a file added as the レセプト of inquiry `id` may go into the package: the
/// inquiry is this request's and its 医療機関 answered 支障なし. Its 医療機関's name.
pub async fn copy_allowed(conn: impl sqlx::Executor<'_, Database = sqlx::Any>, request_id: i64, id: i64) -> Result<String, AppError> {
    let found: Option<InquiryRow> =
        sqlx::query_as(&format!("{INQUIRY_SELECT} WHERE q.id = $1 AND q.request_id = $2")).bind(id).bind(request_id).fetch_optional(conn).await?;
    let problem = match found.as_ref().map(|r| r.answer.as_deref()) {
        None => Problem::Choice,
        Some(None) => Problem::InquiryPending,
        Some(Some("objection")) => Problem::ObjectionNoCopy,
        Some(Some(_)) => return Ok(found.map(|r| r.provider).unwrap_or_default()),
    };
    Err(AppError::Invalid(vec![FieldError::new("inquiry", problem)]))
}
