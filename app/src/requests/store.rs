//! Requests in the database (server only). Every change is one transaction holding the
//! request, its event, its attachments, its audit event and the member's notification;
//! a failure leaves nothing behind.

use std::sync::Arc;

use chrono::NaiveDate;
use sqlx::AnyConnection;

use super::agency::{Capacity, Document, Subject, capacities};
use super::attachments::{self, FileKind};
use super::calendar::{Calendar, Deadline};
use super::draft::{Context, Details, Fields, HeldItem, validate};
use super::lifecycle::{Action, Refusal, Role, Status, next};
use kit::rights::RequestType;
use super::{AttachmentInfo, FormSetup, RequestLine, RequestView, TimelineEntry, pauses};
use crate::platform::db::instant_text;
use kit::error::AppError;
use kit::form::{FieldError, Problem};
use crate::identity::lifecycle::Person;
use kit::access::{Caller, StaffRole};
use crate::platform::audit::{Actor, AuditEvent, Outcome, RequestMeta, append, audited_read, record_standalone};
use crate::platform::state::AppState;
use kit::time::tokyo;

/// How long a released package can be downloaded (days), unless configured otherwise.
pub const DEFAULT_DOWNLOAD_DAYS: i64 = 14;

/// The fields of a member with a correction under way: (field, new value). The 訂正
/// instructions are delivery's; the correction form reads them to say what is under way.
async fn pending_corrections(state: &AppState, member_id: i64) -> Result<Vec<(String, String)>, AppError> {
    Ok(sqlx::query_as("SELECT field, new_value FROM correction_instructions WHERE member_id = $1 AND status = 'pending' ORDER BY id")
        .bind(member_id)
        .fetch_all(&state.db.pool)
        .await?)
}

/// How requests are handled here (configuration).
#[derive(Clone, Debug)]
pub struct RequestPolicy {
    /// The answer is due this many business days after receipt (default 10).
    pub due_business_days: u32,
    pub max_attachment_bytes: usize,
    pub calendar: Arc<Calendar>,
    /// A released 開示 package can be downloaded for this many days (default 14).
    pub download_days: i64,
}

impl Default for RequestPolicy {
    fn default() -> Self {
        RequestPolicy {
            due_business_days: 10,
            max_attachment_bytes: attachments::DEFAULT_MAX_BYTES,
            calendar: Arc::new(Calendar::japan_default()),
            download_days: DEFAULT_DOWNLOAD_DAYS,
        }
    }
}

/// At most this many files in one post.
pub const MAX_FILES: usize = 3;

/// A file as posted.
pub struct Upload {
    pub document: Document,
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// A checked file, ready to store.
pub(crate) struct Checked<'a> {
    upload: &'a Upload,
    kind: FileKind,
    sha256: String,
}

/// An idempotency key as the form carries it: 16–64 characters of `[A-Za-z0-9_-]`.
pub fn valid_key(key: &str) -> bool {
    (16..=64).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

pub fn new_key() -> String {
    hex::encode(crate::platform::secrets::random_bytes::<16>())
}

pub(crate) fn local_time(text: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&tokyo()).format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

pub(crate) fn date(text: &str) -> Option<NaiveDate> {
    text.parse().ok()
}

fn sex_label(code: &str) -> &'static str {
    match code {
        "male" => "男性",
        "female" => "女性",
        _ => "",
    }
}

fn relationship_label(code: &str) -> &'static str {
    match code {
        "insured" => "本人（被保険者）",
        "spouse" => "配偶者",
        "child" => "子",
        "parent" => "父母",
        _ => "その他",
    }
}

type MemberRow = (i64, String, String, String, String, String, String, String, String, String, String, String);

/// The people the member may make a request for today, with the registry values the
/// correction form shows.
pub async fn subjects(state: &AppState, member_id: i64) -> Result<Vec<Subject>, AppError> {
    // One query for the whole household (the caller's row included, even after 資格喪失).
    let household: Vec<MemberRow> = sqlx::query_as(
        "SELECT m.id, m.insurer_number, m.symbol, m.number, m.branch, m.name, m.name_kana, m.birth_date, m.sex, \
         m.relationship, m.postal_code, m.address FROM members me JOIN members m \
         ON m.insurer_number = me.insurer_number AND m.symbol = me.symbol AND m.number = me.number \
         WHERE me.id = $1 AND (m.id = $1 OR m.lost_on IS NULL) ORDER BY m.branch",
    )
    .bind(member_id)
    .fetch_all(&state.db.pool)
    .await?;
    let Some(me) = household.iter().find(|r| r.0 == member_id) else { return Err(AppError::Unauthorized) };
    let today = state.clock.today_tokyo();
    fn person(r: &MemberRow) -> Option<Person<'_>> {
        date(&r.7).map(|birth| Person {
            member_id: r.0,
            household: (r.1.as_str(), r.2.as_str(), r.3.as_str()),
            is_insured: r.9 == "insured",
            birth,
        })
    }
    let Some(viewer) = person(me) else { return Err(AppError::internal("members.birth_date", "unreadable")) };
    let mut subjects: Vec<Subject> = household
        .iter()
        .filter_map(|r| {
            let caps = capacities(viewer, person(r)?, today);
            (!caps.is_empty()).then(|| Subject {
                member_id: r.0,
                branch: r.4.clone(),
                name: r.5.clone(),
                relationship: r.9.clone(),
                capacities: caps,
                held: vec![
                    (HeldItem::Name.code().into(), r.5.clone()),
                    (HeldItem::NameKana.code().into(), r.6.clone()),
                    (HeldItem::BirthDate.code().into(), r.7.clone()),
                    (HeldItem::Sex.code().into(), sex_label(&r.8).into()),
                    (HeldItem::Relationship.code().into(), relationship_label(&r.9).into()),
                    (HeldItem::PostalCode.code().into(), r.10.clone()),
                    (HeldItem::Address.code().into(), r.11.clone()),
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
    let (_, p) = crate::publication::ssr::current_shared(state).await?.ok_or(AppError::Unavailable)?;
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
        methods: p
            .procedure
            .delivery_methods
            .iter()
            .filter(|m| offer(m))
            .map(|m| (m.id.clone(), m.name.clone(), m.description.clone()))
            .collect(),
        categories: p.categories.iter().map(|c| (c.id.clone(), c.name.clone())).collect(),
        subjects,
        identity_documents: p.procedure.identity_documents.clone(),
        inquiry: p.procedure.inquiry.clone(),
        idempotency_key: new_key(),
        max_attachment_bytes: u64::try_from(state.feature::<crate::requests::store::RequestPolicy>().max_attachment_bytes).unwrap_or(u64::MAX),
        due_business_days: state.feature::<crate::requests::store::RequestPolicy>().due_business_days,
        society_name: p.society.name.clone(),
    }
}

/// Checks every file by content; problems are reported on the file's field.
pub(crate) fn check_files<'a>(uploads: &'a [Upload], max: usize, errors: &mut Vec<FieldError>) -> Vec<Checked<'a>> {
    use sha2::Digest;
    if uploads.len() > MAX_FILES {
        errors.push(FieldError::new("supporting", Problem::TooManyFiles));
        return Vec::new();
    }
    let mut ok = Vec::new();
    for u in uploads {
        match attachments::inspect(&u.bytes, max) {
            Ok(kind) => ok.push(Checked { upload: u, kind, sha256: hex::encode(sha2::Sha256::digest(&u.bytes)) }),
            Err(p) => {
                if !errors.iter().any(|e| e.field == u.document.code()) {
                    errors.push(FieldError::new(u.document.code(), Problem::File(p)));
                }
            }
        }
    }
    ok
}

async fn existing(state: &AppState, member_id: i64, key: &str) -> Result<Option<String>, AppError> {
    let row: Option<(String,)> =
        sqlx::query_as("SELECT receipt_number FROM requests WHERE requester_member_id = $1 AND idempotency_key = $2")
            .bind(member_id)
            .bind(key)
            .fetch_optional(&state.db.pool)
            .await?;
    Ok(row.map(|r| r.0))
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
    let (version_id, p) = crate::publication::ssr::current_shared(state).await?.ok_or(AppError::Unavailable)?;
    let subjects = subjects(state, member_id).await?;
    let ctx = Context {
        category_ids: p.categories.iter().map(|c| c.id.as_str()).collect(),
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
    if let Some(doc) = draft.as_ref().and_then(|d| d.capacity.required_document())
        && !uploads.iter().any(|u| u.document == doc)
    {
        errors.push(FieldError::new(doc.code(), Problem::FileMissing));
    }
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
    let mut audit = AuditEvent::new(Actor::Caller(Caller::Member { member_id }), "request.submit");
    audit.subject_member_id = Some(draft.subject_member_id);
    audit.data_category = Some("request");
    audit.detail = Some(serde_json::json!({
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
        uploads,
        files,
        meta: meta.clone(),
        audit,
        receipt: std::sync::Mutex::new(None),
    });
    let work = Arc::clone(&submission);
    let written = state
        .db
        .write_grouped(Box::new(move |conn| {
            let s = Arc::clone(&work);
            Box::pin(async move {
                let receipt = write_submission(conn, &s).await?;
                *s.receipt.lock().unwrap_or_else(|p| p.into_inner()) = Some(receipt);
                Ok(())
            })
        }))
        .await;
    match written {
        Ok(()) => submission.receipt.lock().unwrap_or_else(|p| p.into_inner()).take().ok_or(AppError::internal("submit", "no receipt")),
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
    uploads: Vec<Upload>,
    /// Each upload's checked kind and SHA-256, in the same order.
    files: Vec<(FileKind, String)>,
    meta: RequestMeta,
    /// The audit event, without what only the write knows (the request's id and 受付番号).
    audit: AuditEvent,
    /// The 受付番号, once written.
    receipt: std::sync::Mutex<Option<String>>,
}

/// The request, its first event, its files, its audit event and the member's notification
/// (and the day's receipt counter), on `conn` inside the caller's transaction. A post whose
/// idempotency key is already used is a [`AppError::Conflict`]: nothing of it stays.
async fn write_submission(conn: &mut AnyConnection, s: &Submission) -> Result<String, AppError> {
    let today = kit::time::tokyo_date(s.now);
    // A write first: SQLite takes the write lock now instead of failing a read-then-write
    // upgrade under concurrency.
    let receipt = next_receipt(&mut *conn, today).await?;
    let inserted: Option<(i64,)> = sqlx::query_as(
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
    let Some((id,)) = inserted else {
        return Err(AppError::Conflict);
    };
    let event = insert_event(&mut *conn, s.now, id, ("member", Some(s.member_id)), ("submit", true), None, s.status, None).await?;
    let files: Vec<Checked<'_>> =
        s.uploads.iter().zip(&s.files).map(|(upload, (kind, sha256))| Checked { upload, kind: *kind, sha256: sha256.clone() }).collect();
    store_files(&mut *conn, s.now, id, event, &files).await?;
    let mut audit = s.audit.clone();
    audit.record_ref = Some(format!("requests/{id}"));
    audit.purpose = Some(receipt.clone());
    append(&mut *conn, s.now, &s.meta, &audit).await?;
    notify_to(&mut *conn, s.now, (id, s.member_id), s.email.as_deref(), &receipt, "submitted").await?;
    Ok(receipt)
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
    let (n,): (i64,) = sqlx::query_as(
        "INSERT INTO receipt_counters (day, last) VALUES ($1, 1) \
         ON CONFLICT (day) DO UPDATE SET last = receipt_counters.last + 1 RETURNING last",
    )
    .bind(today.format("%Y%m%d").to_string())
    .fetch_one(&mut *conn)
    .await?;
    Ok(format!("{}-{n:04}", today.format("%Y%m%d")))
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
    let (id,): (i64,) = sqlx::query_as(
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

pub(crate) async fn store_files(
    conn: &mut AnyConnection,
    now: chrono::DateTime<chrono::Utc>,
    request_id: i64,
    event_id: i64,
    files: &[Checked<'_>],
) -> Result<(), AppError> {
    for f in files {
        sqlx::query(
            "INSERT INTO request_attachments (request_id, event_id, document, file_name, kind, size_bytes, sha256, \
             content, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(request_id)
        .bind(event_id)
        .bind(f.upload.document.code())
        .bind(attachments::display_name(&f.upload.file_name))
        .bind(f.kind.code())
        .bind(i64::try_from(f.upload.bytes.len()).unwrap_or(i64::MAX))
        .bind(&f.sha256)
        .bind(f.upload.bytes.clone())
        .bind(instant_text(now))
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// The in-portal notification, and an email (without personal data) to a verified
/// address through the outbox.
pub(crate) async fn notify(
    conn: &mut AnyConnection,
    now: chrono::DateTime<chrono::Utc>,
    request_id: i64,
    member_id: i64,
    receipt: &str,
    kind: &str,
) -> Result<(), AppError> {
    let to = verified_email(&mut *conn, member_id).await?;
    notify_to(conn, now, (request_id, member_id), to.as_deref(), receipt, kind).await
}

/// The member's verified email address, if they gave one.
pub(super) async fn verified_email<'c>(conn: impl sqlx::Executor<'c, Database = sqlx::Any>, member_id: i64) -> Result<Option<String>, AppError> {
    let email: Option<(String,)> = sqlx::query_as(
        "SELECT email FROM member_accounts WHERE member_id = $1 AND status = 'active' \
         AND email IS NOT NULL AND email_verified_at IS NOT NULL",
    )
    .bind(member_id)
    .fetch_optional(conn)
    .await?;
    Ok(email.map(|e| e.0))
}

/// [`notify`] with the address already looked up (outside the write, where it can be).
pub(super) async fn notify_to(
    conn: &mut AnyConnection,
    now: chrono::DateTime<chrono::Utc>,
    (request_id, member_id): (i64, i64),
    to: Option<&str>,
    receipt: &str,
    kind: &str,
) -> Result<(), AppError> {
    sqlx::query("INSERT INTO member_notifications (member_id, request_id, kind, created_at) VALUES ($1, $2, $3, $4)")
        .bind(member_id)
        .bind(request_id)
        .bind(kind)
        .bind(instant_text(now))
        .execute(&mut *conn)
        .await?;
    if let Some(to) = to {
        let (subject, body) = crate::platform::mail::request_update(receipt, kind == "submitted");
        sqlx::query("INSERT INTO mail_outbox (to_address, subject, body, created_at) VALUES ($1, $2, $3, $4)")
            .bind(to)
            .bind(subject)
            .bind(body)
            .bind(instant_text(now))
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

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

pub(super) fn deadline(state: &AppState, row: &RequestRow, steps: &[(Action, NaiveDate)], status: Status) -> Option<Deadline> {
    if !status.clock_runs() {
        return None;
    }
    let received = date(&row.11)?;
    let limit = u32::try_from(row.12).unwrap_or(u32::MAX);
    Some(state.feature::<crate::requests::store::RequestPolicy>().calendar.deadline(received, limit, &pauses(steps), state.clock.today_tokyo()))
}

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
    let mut event = AuditEvent::new(Actor::Caller(Caller::Member { member_id }), "request.list");
    event.subject_member_id = Some(member_id);
    event.data_category = Some("request");
    event.record_ref = Some(format!("requests?member={member_id}"));
    event.purpose = Some("my requests".into());
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
    action: &'static str,
    data_category: &'static str,
) -> Result<RequestRow, AppError> {
    match request_by_receipt(state, receipt).await?.filter(|(row, _)| may_see(row, caller)) {
        Some((row, _)) => Ok(row),
        None => {
            let mut refused = AuditEvent::new(Actor::Caller(caller.clone()), action);
            refused.outcome = Outcome::Refused;
            refused.data_category = Some(data_category);
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
        let mut refused = AuditEvent::new(Actor::Caller(caller.clone()), "request.view");
        refused.outcome = Outcome::Refused;
        refused.data_category = Some("request");
        refused.detail = Some(serde_json::json!({ "receipt": receipt.chars().take(32).collect::<String>() }));
        record_standalone(state, meta, &refused).await;
        return Err(AppError::NotFound);
    };
    let is_staff = matches!(caller, Caller::Staff { .. });
    let mut event = AuditEvent::new(Actor::Caller(caller.clone()), "request.view");
    event.subject_member_id = row.5;
    event.data_category = Some("request");
    event.record_ref = Some(format!("requests/{}", row.0));
    event.purpose = Some(row.1.clone());
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
        let mut stage = super::lifecycle::Stage::Received;
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
            decision: super::letters::latest(state, row.0, is_staff).await?,
        }))
    })
    .await
}

fn names(p: &crate::publication::model::Publication, ids: &[String]) -> Vec<String> {
    ids.iter().filter_map(|id| p.categories.iter().find(|c| &c.id == id).map(|c| c.name.clone())).collect()
}

/// The stage an event leaves the request in, for the timeline.
fn steps_stage(action: &str) -> Option<super::lifecycle::Stage> {
    use super::lifecycle::Stage;
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
    let caller = match who {
        Acting::Member(member_id) => Caller::Member { member_id: *member_id },
        Acting::Staff { staff_id, roles } => Caller::Staff { staff_id: *staff_id, roles: roles.clone() },
    };
    let found = request_by_receipt(state, receipt).await?;
    let row = match (found, who) {
        // Only the requester acts; the subject may read.
        (Some((row, _)), Acting::Member(m)) if row.4 == Some(*m) => row,
        (Some((row, _)), Acting::Staff { .. }) if may_see(&row, &caller) => row,
        _ => {
            let mut refused = AuditEvent::new(Actor::Caller(caller.clone()), "request.act");
            refused.outcome = Outcome::Refused;
            refused.detail = Some(serde_json::json!({ "action": action.code() }));
            record_standalone(state, meta, &refused).await;
            return Err(AppError::NotFound);
        }
    };
    let status = Status::from_code(&row.3).ok_or_else(|| AppError::internal("requests.status", &row.3))?;
    let roles: Vec<Role> = match who {
        Acting::Member(_) => vec![Role::Requester],
        Acting::Staff { roles, .. } => roles.iter().filter_map(|r| Role::from_staff(*r)).collect(),
    };
    let to = step(&roles, status, action)?;
    let text = kit::input::normalize_text(message);
    let mut errors = Vec::new();
    if text.chars().count() > super::draft::LONG {
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
    if expected_version.is_some_and(|v| v != row.13) {
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
    let message = (!text.is_empty()).then_some(text.as_str());
    let event = insert_event(&mut tx, now, row.0, actor, (action.code(), action.visible_to_member()), Some(status), to, message).await?;
    store_files(&mut tx, now, row.0, event, &files).await?;
    if status.waits_on_member() != to.waits_on_member() || !to.clock_runs() {
        refresh_due(&mut tx, state, &row, to).await?;
    }
    let mut audit = AuditEvent::new(Actor::Caller(caller), "request.act");
    audit.subject_member_id = row.5;
    audit.data_category = Some("request");
    audit.record_ref = Some(format!("requests/{}", row.0));
    audit.purpose = Some(row.1.clone());
    audit.detail = Some(serde_json::json!({ "action": action.code(), "from": status.code(), "to": to.code() }));
    append(&mut tx, now, meta, &audit).await?;
    if let (Acting::Staff { .. }, Some(requester)) = (who, row.4)
        && action.visible_to_member()
    {
        notify(&mut tx, now, row.0, requester, &row.1, action.code()).await?;
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
    .bind(row.0)
    .bind(row.13)
    .execute(&mut *conn)
    .await?;
    if changed.rows_affected() == 1 { Ok(()) } else { Err(AppError::Conflict) }
}

/// Keeps `requests.due_on` (what the staff queue sorts on) in step with the pauses:
/// none while the clock is stopped or paused, else the due date with every pause counted.
pub(crate) async fn refresh_due(conn: &mut AnyConnection, state: &AppState, row: &RequestRow, to: Status) -> Result<(), AppError> {
    let due = if to.clock_runs() && !to.waits_on_member() {
        let steps: Vec<(String, String)> =
            sqlx::query_as("SELECT action, occurred_on FROM request_events WHERE request_id = $1 ORDER BY id")
                .bind(row.0)
                .fetch_all(&mut *conn)
                .await?;
        let steps: Vec<(Action, NaiveDate)> =
            steps.iter().filter_map(|(a, on)| Some((Action::from_code(a)?, date(on)?))).collect();
        deadline(state, row, &steps, to).and_then(|d| d.due).map(|d| d.to_string())
    } else {
        None
    };
    sqlx::query("UPDATE requests SET due_on = $1 WHERE id = $2").bind(due).bind(row.0).execute(&mut *conn).await?;
    Ok(())
}

/// A stored file, for download by someone who may see its request.
pub async fn attachment(
    state: &AppState,
    meta: &RequestMeta,
    caller: &Caller,
    receipt: &str,
    attachment_id: i64,
) -> Result<(FileKind, String, Vec<u8>), AppError> {
    let found = request_by_receipt(state, receipt).await?.filter(|(row, _)| may_see(row, caller));
    let mut event = AuditEvent::new(Actor::Caller(caller.clone()), "request.attachment");
    event.data_category = Some("request_attachment");
    event.record_ref = Some(format!("request_attachments/{attachment_id}"));
    let Some((row, _)) = found else {
        event.outcome = Outcome::Refused;
        record_standalone(state, meta, &event).await;
        return Err(AppError::NotFound);
    };
    event.subject_member_id = row.5;
    event.purpose = Some(row.1.clone());
    audited_read(state, meta, event, || async {
        let file: Option<(String, String, Vec<u8>)> = sqlx::query_as(
            "SELECT kind, file_name, content FROM request_attachments WHERE id = $1 AND request_id = $2",
        )
        .bind(attachment_id)
        .bind(row.0)
        .fetch_optional(&state.db.pool)
        .await?;
        let (kind, name, bytes) = file.ok_or(AppError::NotFound)?;
        Ok((FileKind::from_code(&kind).ok_or(AppError::NotFound)?, name, bytes))
    })
    .await
}
