//! A new request: the people a member may ask for, what the form offers, and the
//! submission itself, written once however often the same form is posted.

use std::sync::Arc;

use chrono::NaiveDate;
use sqlx::AnyConnection;

use super::files::{Checked, Upload, check_files, store_files};
use super::notifications::{notify_to, verified_email};
use super::{date, insert_event};
use crate::identity::lifecycle::Person;
use crate::platform::audit::{Action, AuditEvent, DataCategory, RequestMeta};
use crate::platform::audit::store::append;
use crate::platform::db::instant_text;
use crate::platform::state::AppState;
use crate::registry::store::{HELD_COLUMNS, Held};
use crate::requests::FormSetup;
use crate::registry::Relationship;
use crate::requests::agency::{Capacity, Party, Subject, capacities};
use crate::requests::attachments::FileKind;
use crate::requests::draft::{Context, Fields, HeldItem, validate};
use crate::requests::lifecycle::Status;
use kit::access::Caller;
use kit::error::AppError;
use kit::form::{FieldError, Problem};
use kit::rights::RequestType;

/// The fields of a member with a correction under way: (field, new value). The 訂正
/// instructions are delivery's; the correction form reads them to say what is under way.
async fn pending_corrections(state: &AppState, member_id: i64) -> Result<Vec<(String, String)>, AppError> {
    let rows: Vec<PendingCorrection> =
        sqlx::query_as("SELECT field, new_value FROM correction_instructions WHERE member_id = $1 AND status = 'pending' ORDER BY id")
            .bind(member_id)
            .fetch_all(&state.db.pool)
            .await?;
    Ok(rows.into_iter().map(|r| (r.field, r.new_value)).collect())
}

/// A field with a 訂正 instruction not yet carried out, and the value it will get.
#[derive(sqlx::FromRow)]
struct PendingCorrection {
    field: String,
    new_value: String,
}

/// An idempotency key as the form carries it: 16–64 characters of `[A-Za-z0-9_-]`.
pub fn valid_key(key: &str) -> bool {
    (16..=64).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

pub fn new_key() -> String {
    hex::encode(crate::platform::secrets::random_bytes::<16>())
}

/// The people the member may make a request for today, with the registry values the
/// correction form shows.
pub async fn subjects(state: &AppState, member_id: i64) -> Result<Vec<Subject>, AppError> {
    // One query for the whole household (the caller's row included, even after 資格喪失).
    let household: Vec<Held> = sqlx::query_as(&format!(
        "SELECT {HELD_COLUMNS} FROM members me JOIN members m \
         ON m.insurer_number = me.insurer_number AND m.symbol = me.symbol AND m.number = me.number \
         WHERE me.id = $1 AND (m.id = $1 OR m.lost_on IS NULL) ORDER BY m.branch"
    ))
    .bind(member_id)
    .fetch_all(&state.db.pool)
    .await?;
    let Some(me) = household.iter().find(|r| r.id == member_id) else { return Err(AppError::Unauthorized) };
    let today = state.clock.today_tokyo();
    fn party(r: &Held) -> Option<Party<'_>> {
        let person = date(&r.birth_date).map(|birth| Person {
            member_id: r.id,
            household: (r.insurer_number.as_str(), r.symbol.as_str(), r.number.as_str()),
            is_insured: r.relationship == "insured",
            birth,
        })?;
        Some(Party { person, relationship: Relationship::from_code(&r.relationship)? })
    }
    let Some(viewer) = party(me) else { return Err(AppError::internal("members.birth_date", "unreadable")) };
    let mut subjects: Vec<Subject> = household
        .iter()
        .filter_map(|r| {
            let subject = party(r)?;
            let caps = capacities(viewer, subject, today);
            (!caps.is_empty()).then(|| Subject {
                member_id: r.id,
                branch: r.branch.clone(),
                name: r.name.clone(),
                relationship: r.relationship.clone(),
                minor: !kit::input::is_adult(subject.person.birth, today),
                capacities: caps,
                held: vec![
                    (HeldItem::Name.code().into(), r.name.clone()),
                    (HeldItem::NameKana.code().into(), r.name_kana.clone()),
                    (HeldItem::BirthDate.code().into(), r.birth_date.clone()),
                    (HeldItem::Sex.code().into(), r.sex_words().into()),
                    (HeldItem::Relationship.code().into(), r.relationship_words().into()),
                    (HeldItem::PostalCode.code().into(), r.postal_code.clone()),
                    (HeldItem::Address.code().into(), r.address.clone()),
                ],
                pending: Vec::new(),
            })
        })
        .collect();
    for s in &mut subjects {
        s.pending = pending_corrections(state, s.member_id).await?;
    }
    Ok(subjects)
}

/// What the form for `request_type` shows, from the current publication.
pub async fn form_setup(state: &AppState, member_id: i64, request_type: RequestType) -> Result<FormSetup, AppError> {
    let (_, p) = crate::publication::store::current_shared(state).await?.ok_or(AppError::Unavailable)?;
    Ok(form_setup_from(state, &p, request_type, subjects(state, member_id).await?, |_| true))
}

/// A form's setup from a publication: the people it may be for, and the delivery methods
/// `offer` keeps (a paper request cannot receive the in-portal download).
pub(crate) fn form_setup_from(
    state: &AppState,
    p: &crate::publication::model::Publication,
    request_type: RequestType,
    subjects: Vec<Subject>,
    offer: impl Fn(&crate::publication::model::DeliveryMethod) -> bool,
) -> FormSetup {
    let fee = p.procedure.fees.iter().find(|f| f.request_type == request_type && request_type.may_charge_fee());
    FormSetup {
        request_type,
        fee_yen: fee.map(|f| f.amount_yen).unwrap_or(0),
        fee_note: fee.and_then(|f| f.note.clone()),
        payment_methods: if fee.is_some_and(|f| f.amount_yen > 0) { p.procedure.payment_methods.clone() } else { Vec::new() },
        methods: p
            .procedure
            .delivery_methods
            .iter()
            .filter(|m| offer(m))
            .map(|m| (m.id.clone(), m.name.clone(), m.description.clone()))
            .collect(),
        method_kinds: p.procedure.delivery_methods.iter().filter(|m| offer(m)).map(|m| (m.id.clone(), m.kind)).collect(),
        categories: p.category_choices(),
        subjects,
        identity_documents: p.procedure.identity_documents.clone(),
        inquiry: p.procedure.inquiry.clone(),
        idempotency_key: new_key(),
        max_attachment_bytes: u64::try_from(state.feature::<crate::requests::store::RequestPolicy>().max_attachment_bytes).unwrap_or(u64::MAX),
        due_business_days: state.feature::<crate::requests::store::RequestPolicy>().due_business_days,
        society_name: p.society.name.clone(),
        others_after_step_up: false,
    }
}

pub(crate) async fn existing(state: &AppState, member_id: i64, key: &str) -> Result<Option<String>, AppError> {
    Ok(sqlx::query_scalar("SELECT receipt_number FROM requests WHERE requester_member_id = $1 AND idempotency_key = $2")
        .bind(member_id)
        .bind(key)
        .fetch_optional(&state.db.pool)
        .await?)
}

/// Someone or a capacity the form did not offer (a forged `for`): refused, and on record.
pub(crate) async fn record_forged_capacity(state: &AppState, meta: &RequestMeta, member_id: i64, errors: &[FieldError]) {
    if errors.iter().any(|e| e.field == "for" && e.problem == Problem::Choice) {
        let forged = AuditEvent::by(Caller::Member { member_id }, Action::RequestSubmit)
            .data(DataCategory::Request)
            .detail(serde_json::json!({ "refusal": "capacity_not_offered" }))
            .refused();
        crate::platform::audit::store::record_standalone(state, meta, &forged).await;
    }
}

/// Submits a request; returns its 受付番号. The same idempotency key from the same member
/// always yields the same request, however often and however concurrently it is posted.
pub async fn submit(
    state: &AppState,
    meta: &RequestMeta,
    member_id: i64,
    request_type: RequestType,
    fields: &Fields,
    uploads: Vec<Upload>,
) -> Result<String, AppError> {
    let key = fields.iter().find(|(k, _)| k == "idempotency_key").map(|(_, v)| v.as_str()).unwrap_or("");
    if !valid_key(key) {
        return Err(AppError::BadRequest);
    }
    let (version_id, p) = crate::publication::store::current_shared(state).await?.ok_or(AppError::Unavailable)?;
    let subjects = subjects(state, member_id).await?;
    let choices = p.category_choices();
    let ctx = Context {
        category_ids: choices.iter().map(|(id, _)| id.as_str()).collect(),
        method_ids: p.procedure.delivery_methods.iter().map(|m| m.id.as_str()).collect(),
        subjects: &subjects,
        today: state.clock.today_tokyo(),
    };
    let (draft, mut errors) = match validate(request_type, fields, &ctx) {
        Ok(d) => (Some(d), Vec::new()),
        Err(e) => (None, e),
    };
    let files = check_files(&uploads, state.feature::<crate::requests::store::RequestPolicy>().max_attachment_bytes, &mut errors);
    let files: Vec<(FileKind, String)> = files.into_iter().map(|f| (f.kind, f.sha256)).collect();
    if let Some(d) = &draft {
        let minor = subjects.iter().any(|s| s.member_id == d.subject_member_id && s.minor);
        for doc in d.capacity.required_documents(minor) {
            if !uploads.iter().any(|u| u.document == doc) {
                errors.push(FieldError::new(doc.code(), Problem::FileMissing));
            }
        }
    }
    record_forged_capacity(state, meta, member_id, &errors).await;
    let Some(draft) = draft.filter(|_| errors.is_empty()) else {
        // A retry of a post that already succeeded answers with its request, even if the
        // form would not pass today; a new key's problems are shown.
        return match existing(state, member_id, key).await? {
            Some(receipt) => Ok(receipt),
            None => Err(AppError::Invalid(errors)),
        };
    };
    let now = state.clock.now();
    let today = kit::time::tokyo_date(now);
    let audit = AuditEvent::by(Caller::Member { member_id }, Action::RequestSubmit)
        .about(draft.subject_member_id)
        .data(DataCategory::Request)
        .detail(serde_json::json!({
            "type": request_type.code(), "capacity": draft.capacity.code(), "files": files.len()
        }));
    let submission = Arc::new(Submission {
        now,
        member_id,
        request_type,
        status: draft.capacity.initial_status(),
        subject_member_id: draft.subject_member_id,
        capacity: draft.capacity,
        deliver_to_subject: draft.deliver_to_subject,
        details: serde_json::to_string(&draft.details).map_err(|e| AppError::internal("details", e))?,
        fee: published_fee(&p, request_type),
        version_id,
        key: key.to_string(),
        due_business_days: i64::from(state.feature::<crate::requests::store::RequestPolicy>().due_business_days),
        due_on: state.feature::<crate::requests::store::RequestPolicy>().calendar.deadline(today, state.feature::<crate::requests::store::RequestPolicy>().due_business_days, &[], today).due.map(|d| d.to_string()),
        // Read before the write: SQLite's single writer waits for nothing it need not.
        email: verified_email(&state.db.pool, member_id).await?,
        tell_subject: tell_subject(state, &draft, &subjects, today).await?,
        escalation: super::escalation_due(state, &draft.details),
        uploads,
        files,
        meta: meta.clone(),
        audit,
    });
    let written = state
        .db
        .write_grouped(move |conn| {
            let s = Arc::clone(&submission);
            Box::pin(async move { write_submission(conn, &s).await })
        })
        .await;
    match written {
        Ok(receipt) => Ok(receipt),
        // A concurrent post with the same key won: answer with its request.
        Err(AppError::Conflict) => existing(state, member_id, key).await?.ok_or(AppError::Conflict),
        Err(e) => Err(e),
    }
}

/// A checked submission, owned so that whoever holds the write turn can write it.
struct Submission {
    now: chrono::DateTime<chrono::Utc>,
    member_id: i64,
    request_type: RequestType,
    status: Status,
    subject_member_id: i64,
    capacity: Capacity,
    deliver_to_subject: bool,
    details: String,
    fee: i64,
    version_id: i64,
    key: String,
    due_business_days: i64,
    due_on: Option<String>,
    email: Option<String>,
    /// The person an agent asked about, to be told (with their verified address, if any).
    tell_subject: Option<(i64, Option<String>)>,
    /// A complaint for the 責任者 at once.
    escalation: Option<super::EscalationDue>,
    uploads: Vec<Upload>,
    /// Each upload's checked kind and SHA-256, in the same order.
    files: Vec<(FileKind, String)>,
    meta: RequestMeta,
    /// The audit event, without what only the write knows (the request's id and 受付番号).
    audit: AuditEvent,
}

/// The request, its first event, its files, its audit event and the member's notification
/// (and the day's receipt counter), on `conn` inside the caller's transaction. A post whose
/// idempotency key is already used is a [`AppError::Conflict`]: nothing of it stays.
async fn write_submission(conn: &mut AnyConnection, s: &Submission) -> Result<String, AppError> {
    let today = kit::time::tokyo_date(s.now);
    // A write first: SQLite takes the write lock now instead of failing a read-then-write
    // upgrade under concurrency.
    let receipt = next_receipt(&mut *conn, today).await?;
    let inserted: Option<i64> = sqlx::query_scalar(
        "INSERT INTO requests (receipt_number, request_type, status, channel, requester_member_id, \
         subject_member_id, capacity, deliver_to_subject, details, fee_yen, publication_version_id, \
         idempotency_key, received_at, received_on, due_business_days, version, updated_at, due_on) \
         VALUES ($1, $2, $3, 'portal', $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 1, $12, $15) \
         ON CONFLICT (requester_member_id, idempotency_key) DO NOTHING RETURNING id",
    )
    .bind(&receipt)
    .bind(s.request_type.code())
    .bind(s.status.code())
    .bind(s.member_id)
    .bind(s.subject_member_id)
    .bind(s.capacity.code())
    .bind(i64::from(s.deliver_to_subject))
    .bind(&s.details)
    .bind(s.fee)
    .bind(s.version_id)
    .bind(&s.key)
    .bind(instant_text(s.now))
    .bind(today.to_string())
    .bind(s.due_business_days)
    .bind(&s.due_on)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(id) = inserted else {
        return Err(AppError::Conflict);
    };
    let event = insert_event(&mut *conn, s.now, id, ("member", Some(s.member_id)), ("submit", true), None, s.status, None).await?;
    let files: Vec<Checked<'_>> =
        s.uploads.iter().zip(&s.files).map(|(upload, (kind, sha256))| Checked { upload, kind: *kind, sha256: sha256.clone() }).collect();
    store_files(&mut *conn, s.now, id, event, &files).await?;
    // The answers kept between the form's steps became this request.
    super::drafts::discard_on(&mut *conn, s.member_id, s.request_type.code()).await?;
    let audit = s.audit.clone().record(format!("requests/{id}")).purpose(receipt.clone());
    append(&mut *conn, s.now, &s.meta, &audit).await?;
    notify_to(&mut *conn, s.now, (id, s.member_id), s.email.as_deref(), &receipt, "submitted").await?;
    if let Some((subject, email)) = &s.tell_subject {
        notify_to(&mut *conn, s.now, (id, *subject), email.as_deref(), &receipt, "asked_for_you").await?;
    }
    if let Some(due) = &s.escalation {
        super::escalate(&mut *conn, s.now, &s.meta, due, (id, &receipt, Some(s.subject_member_id))).await?;
    }
    Ok(receipt)
}

/// Whether the person an agent asks about is told, and where: a 任意代理人's request
/// always, a minor's representative's from the age the society configures (default never;
/// a 成年後見人's, never),
/// and only where the person has a portal account of their own (PPC Q&A practice; not a
/// duty of the Act).
async fn tell_subject(
    state: &AppState,
    draft: &crate::requests::draft::Draft,
    subjects: &[Subject],
    today: NaiveDate,
) -> Result<Option<(i64, Option<String>)>, AppError> {
    let age = subjects
        .iter()
        .find(|s| s.member_id == draft.subject_member_id)
        .and_then(|s| kit::input::parse_date(&s.held_value(HeldItem::BirthDate)).ok())
        .map(|birth| kit::input::age_on(birth, today));
    let from_age = state.feature::<crate::requests::store::RequestPolicy>().tell_represented_from_age;
    let tell = match draft.capacity {
        // A 成年後見人 acts by law for an adult who cannot manage their affairs.
        Capacity::Own | Capacity::Guardian => false,
        Capacity::Proxy => true,
        Capacity::LegalRepresentative | Capacity::MinorGuardian => from_age.zip(age).is_some_and(|(from, age)| age >= i32::from(from)),
    };
    if !tell {
        return Ok(None);
    }
    let has_account: Option<i64> = sqlx::query_scalar("SELECT member_id FROM member_accounts WHERE member_id = $1 AND status = 'active'")
        .bind(draft.subject_member_id)
        .fetch_optional(&state.db.pool)
        .await?;
    match has_account {
        Some(subject) => Ok(Some((subject, verified_email(&state.db.pool, subject).await?))),
        None => Ok(None),
    }
}

/// The fee the publication charges for this type (38条: only where a fee may be charged).
pub(crate) fn published_fee(p: &crate::publication::model::Publication, request_type: RequestType) -> i64 {
    p.procedure
        .fees
        .iter()
        .find(|f| f.request_type == request_type && request_type.may_charge_fee())
        .map(|f| i64::from(f.amount_yen))
        .unwrap_or(0)
}

/// The next 受付番号 of the day (`YYYYMMDD-NNNN`). A write first: SQLite takes the write
/// lock now instead of failing a read-then-write upgrade under concurrency.
pub(crate) async fn next_receipt(conn: &mut AnyConnection, today: NaiveDate) -> Result<String, AppError> {
    let n: i64 = sqlx::query_scalar(
        "INSERT INTO receipt_counters (day, last) VALUES ($1, 1) \
         ON CONFLICT (day) DO UPDATE SET last = receipt_counters.last + 1 RETURNING last",
    )
    .bind(today.format("%Y%m%d").to_string())
    .fetch_one(&mut *conn)
    .await?;
    Ok(format!("{}-{n:04}", today.format("%Y%m%d")))
}
