//! Paper and counter intake (紙・窓口での受付): requests that arrive as 様式1 開示依頼書 or
//! 様式2 利用停止等依頼書 by post, or at the counter, are entered by staff into the same
//! lifecycle and clock as online ones — also for people without a portal account (a former
//! member, an agent, a 議員 or 従業員 whose data the society holds).
//!
//! The clock starts on the day the request arrived, not the day it was typed in. Staff
//! record how identity was checked and by whom, and attach the scan of the form (checked
//! by content, like every upload). What is asked uses the online form's fields and rules
//! ([`crate::requests::draft::details`]), so a paper request can never ask for something
//! an online one could not.

use chrono::NaiveDate;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos::server_fn::codec::{GetUrl, MultipartData, MultipartFormData};
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

use kit::error::AppError;
use kit::form::{FormError, use_feedback};
#[cfg(feature = "ssr")]
use kit::form::{Check, Problem};
use kit::i18n::{Lang, use_lang};
use kit::access::StaffRole;
use kit::page::page_error;
use kit::page_data;
use crate::requests::FormSetup;
use crate::requests::agency::{Capacity, Document};
#[cfg(feature = "ssr")]
use crate::requests::draft::Fields;
use crate::requests::texts::{capacity_name, rq_text, type_explanation, type_name};
use kit::rights::RequestType;
use crate::requests::views::{TextInput, TypeFields};
use kit::page::problem_view;

/// Who enters paper and counter requests: those who work on requests.
pub const INTAKE_ROLES: &[StaffRole] = &[StaffRole::Intake, StaffRole::Reviewer, StaffRole::Approver];

/// How long after its arrival a paper request may still be entered with that date: beyond
/// it, the date is more likely a typo than a late entry.
pub const MAX_ARRIVAL_AGE_DAYS: i64 = 60;

/// The identity documents staff record (the counter-help list).
pub use crate::identity::documents::DOCUMENTS as ID_DOCUMENTS;


/// How the request reached the society.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// 郵送（様式1・様式2）.
    Paper,
    /// 窓口.
    Counter,
}
kit::codes!(Channel { Paper => "paper", Counter => "counter" });

/// Whose data the request is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SubjectKind {
    /// 加入者（資格喪失者を含む）: found in the registry by 記号・番号 and 生年月日.
    Registry,
    /// 組合会議員.
    Councillor,
    /// 職員.
    Employee,
    /// Anyone else whose data the society holds.
    Other,
}
kit::codes!(SubjectKind { Registry => "registry", Councillor => "councillor", Employee => "employee", Other => "other" });

/// How the requester's identity was checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IdCheck {
    /// The original shown at the counter.
    Presented,
    /// A copy sent with the form.
    CopyByPost,
}
kit::codes!(IdCheck { Presented => "presented", CopyByPost => "copy_by_post" });

/// The person the request is about, as the form names them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IntakeSubject {
    Registry { symbol: String, number: String, branch: String, birth_date: NaiveDate },
    Outside { kind: SubjectKind, name: String },
}

/// The intake's own fields, validated (what is asked is validated by the request rules).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IntakeDraft {
    pub channel: Channel,
    pub arrived_on: NaiveDate,
    pub subject: IntakeSubject,
    pub capacity: Capacity,
    /// Empty when the person asks for themselves (their name is the subject's).
    pub requester_name: String,
    pub requester_address: String,
    pub requester_phone: String,
    pub id_document: String,
    pub id_check: IdCheck,
    pub checked_by: i64,
}

#[cfg(feature = "ssr")]
use crate::requests::draft::one;

/// A choice among codes: empty is "required", anything else unknown is "not a choice".
#[cfg(feature = "ssr")]
fn choice<T>(check: &mut Check, fields: &Fields, name: &str, parse: impl Fn(&str) -> Option<T>) -> Option<T> {
    let raw = one(fields, name);
    let parsed = parse(raw);
    if parsed.is_none() {
        check.fail(name, if raw.is_empty() { Problem::Required } else { Problem::Choice });
    }
    parsed
}

/// Checks the intake's own fields: channel, arrival date, subject, capacity, requester,
/// identity check. `colleagues` are the staff who may be named as having checked identity.
/// (Server only: the registry key is read by the sign-in's identifier parser.)
#[cfg(feature = "ssr")]
pub fn validate_intake(check: &mut Check, fields: &Fields, today: NaiveDate, colleagues: &[i64]) -> Option<IntakeDraft> {
    let channel = choice(check, fields, "channel", Channel::from_code);
    let arrived_on = check.date("arrived_on", one(fields, "arrived_on")).filter(|d| {
        let ok = *d <= today && (today - *d).num_days() <= MAX_ARRIVAL_AGE_DAYS;
        if !ok {
            check.fail("arrived_on", Problem::ArrivalDate);
        }
        ok
    });
    let subject = match choice(check, fields, "subject_kind", SubjectKind::from_code) {
        Some(SubjectKind::Registry) => {
            let key = match crate::identity::accounts::parse_identifier(one(fields, "subject_key")) {
                Some(crate::identity::accounts::Identifier::Key { symbol, number, branch }) => Some((symbol, number, branch)),
                _ => {
                    let raw = one(fields, "subject_key").trim();
                    check.fail("subject_key", if raw.is_empty() { Problem::Required } else { Problem::Digits });
                    None
                }
            };
            let birth = check.date("subject_birth", one(fields, "subject_birth"));
            match (key, birth) {
                (Some((symbol, number, branch)), Some(birth_date)) => {
                    Some(IntakeSubject::Registry { symbol, number, branch, birth_date })
                }
                _ => None,
            }
        }
        Some(kind) => {
            let name = check.text("subject_name", one(fields, "subject_name"), crate::requests::draft::SHORT);
            Some(IntakeSubject::Outside { kind, name })
        }
        None => None,
    };
    let capacity = choice(check, fields, "capacity", Capacity::from_code);
    // A 法定代理人 is checked against the registry (the minor's age); outside it, no.
    if capacity == Some(Capacity::LegalRepresentative) && matches!(subject, Some(IntakeSubject::Outside { .. })) {
        check.fail("capacity", Problem::Choice);
    }
    let requester_name = if capacity.is_some_and(|c| c != Capacity::Own) {
        check.text("requester_name", one(fields, "requester_name"), crate::requests::draft::SHORT)
    } else {
        String::new()
    };
    let requester_address = check.text("requester_address", one(fields, "requester_address"), crate::requests::draft::SHORT);
    let phone = kit::input::normalize(one(fields, "requester_phone"));
    if phone.chars().count() > 20 {
        check.fail("requester_phone", Problem::TooLong);
    } else if !phone.chars().all(|c| c.is_ascii_digit() || matches!(c, '-' | '(' | ')' | ' ')) {
        check.fail("requester_phone", Problem::Digits);
    }
    let id_document = choice(check, fields, "id_document", |d| ID_DOCUMENTS.iter().find(|x| **x == d).map(|x| x.to_string()));
    let id_check = choice(check, fields, "id_check", IdCheck::from_code);
    // At the counter the original is in front of us; a copy is what the post brings.
    if channel == Some(Channel::Counter) && id_check == Some(IdCheck::CopyByPost) {
        check.fail("id_check", Problem::Choice);
    }
    let checked_by = choice(check, fields, "checked_by", |raw| raw.parse::<i64>().ok().filter(|id| colleagues.contains(id)));
    Some(IntakeDraft {
        channel: channel?,
        arrived_on: arrived_on?,
        subject: subject?,
        capacity: capacity?,
        requester_name,
        requester_address,
        requester_phone: phone,
        id_document: id_document?,
        id_check: id_check?,
        checked_by: checked_by?,
    })
}

/// The documents a paper request must carry: the scan of the form when it came by post,
/// and the agent's document where the capacity needs one.
pub fn required_files(channel: Channel, capacity: Capacity) -> Vec<Document> {
    let mut docs = Vec::new();
    if channel == Channel::Paper {
        docs.push(Document::Supporting);
    }
    docs.extend(capacity.required_document());
    docs
}

/// What the intake form needs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntakeSetup {
    /// The online form's setup, with the methods a requester without a portal account can
    /// receive (not the in-portal download).
    pub form: FormSetup,
    /// (id, "staff number name") of those who may have checked identity.
    pub colleagues: Vec<(i64, String)>,
    pub me: i64,
    pub today: String,
}

/// How a request came in on paper or at the counter, for the staff request page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntakeInfo {
    pub channel: Channel,
    pub arrived_on: String,
    pub subject_kind: SubjectKind,
    pub requester_name: String,
    pub requester_address: String,
    pub requester_phone: String,
    pub id_document: String,
    pub id_check: IdCheck,
    pub checked_by: String,
    pub entered_by: String,
    pub entered_at: String,
}

#[cfg(feature = "ssr")]
pub mod store {
    //! Intake in the database: one transaction holds the request, its first event, the
    //! intake record, the scan and the audit event.
    use chrono::NaiveDate;

    use super::{IntakeDraft, IntakeInfo, IntakeSetup, IntakeSubject, required_files, validate_intake};
    use crate::platform::db::instant_text;
    use kit::error::AppError;
    use kit::form::{Check, FieldError, Problem};
    use crate::platform::audit::{Actor, AuditEvent, RequestMeta, append};
    use crate::requests::draft::{Context, Fields, details};
    use crate::requests::store::{
        Upload, check_files, form_setup_from, insert_event, next_receipt, published_fee, store_files, subjects, valid_key,
    };
    use kit::rights::RequestType;
    use crate::platform::state::AppState;

    /// The electronic method is a download in the portal; without an account it cannot be
    /// received, so paper requests choose among the others.
    const PORTAL_ONLY_METHOD: &str = "electronic";

    /// Those who work on requests today: (id, "staff number name").
    pub async fn colleagues(state: &AppState) -> Result<Vec<(i64, String)>, AppError> {
        Ok(sqlx::query_as(
            "SELECT DISTINCT s.id, s.staff_number || ' ' || s.name FROM staff s JOIN staff_grants g ON g.staff_id = s.id \
             WHERE g.role IN ('intake', 'reviewer', 'approver') AND g.valid_from <= $1 \
             AND (g.valid_until IS NULL OR g.valid_until >= $1) ORDER BY 2",
        )
        .bind(state.clock.today_tokyo().to_string())
        .fetch_all(&state.db.pool)
        .await?)
    }

    pub async fn setup(state: &AppState, staff_id: i64, request_type: RequestType) -> Result<IntakeSetup, AppError> {
        let (_, p) = crate::publication::ssr::current_shared(state).await?.ok_or(AppError::Unavailable)?;
        Ok(IntakeSetup {
            form: form_setup_from(state, &p, request_type, Vec::new(), |m| m.id != PORTAL_ONLY_METHOD),
            colleagues: colleagues(state).await?,
            me: staff_id,
            today: state.clock.today_tokyo().to_string(),
        })
    }

    async fn existing(state: &AppState, key: &str) -> Result<Option<String>, AppError> {
        let row: Option<(String,)> = sqlx::query_as(
            "SELECT r.receipt_number FROM request_intakes i JOIN requests r ON r.id = i.request_id WHERE i.idempotency_key = $1",
        )
        .bind(key)
        .fetch_optional(&state.db.pool)
        .await?;
        Ok(row.map(|r| r.0))
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
        let row: Option<(i64, String, String)> = sqlx::query_as(
            "SELECT id, name, birth_date FROM members WHERE symbol = $1 AND number = $2 AND branch = $3",
        )
        .bind(symbol)
        .bind(number)
        .bind(branch)
        .fetch_optional(&state.db.pool)
        .await?;
        Ok(row.filter(|r| r.2 == birth.to_string()).map(|r| (r.0, r.1)))
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
        let (version_id, p) = crate::publication::ssr::current_shared(state).await?.ok_or(AppError::Unavailable)?;
        let today = state.clock.today_tokyo();
        let staff_ids: Vec<i64> = colleagues(state).await?.into_iter().map(|c| c.0).collect();
        let mut check = Check::default();
        let draft = validate_intake(&mut check, fields, today, &staff_ids);
        // The registry person, and their held values (a 訂正 names the current value).
        let mut person = None;
        if let Some(IntakeDraft { subject: IntakeSubject::Registry { symbol, number, branch, birth_date }, .. }) = &draft {
            match registry_person(state, symbol, number, branch, *birth_date).await? {
                Some(found) => person = Some(found),
                None => check.fail("subject_key", Problem::NotInRegistry),
            }
        }
        if let (Some(d), Some(IntakeSubject::Registry { birth_date, .. })) = (&draft, draft.as_ref().map(|d| &d.subject))
            && d.capacity == crate::requests::agency::Capacity::LegalRepresentative
            && kit::input::is_adult(*birth_date, d.arrived_on)
        {
            check.fail("capacity", Problem::NotAMinor);
        }
        let held = match &person {
            Some((id, _)) => subjects(state, *id).await?.into_iter().filter(|s| s.member_id == *id).collect(),
            None => Vec::new(),
        };
        let ctx = Context {
            category_ids: p.categories.iter().map(|c| c.id.as_str()).collect(),
            method_ids: p.procedure.delivery_methods.iter().map(|m| m.id.as_str()).filter(|m| *m != PORTAL_ONLY_METHOD).collect(),
            subjects: &held,
            today,
        };
        let subject_for_rules = person.as_ref().zip(draft.as_ref()).map(|((id, _), d)| (*id, d.capacity));
        let asked = details(&mut check, request_type, fields, &ctx, subject_for_rules);
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
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO requests (receipt_number, request_type, status, channel, requester_member_id, \
             subject_member_id, capacity, deliver_to_subject, details, fee_yen, publication_version_id, \
             idempotency_key, received_at, received_on, due_business_days, version, updated_at, due_on) \
             VALUES ($1, $2, $3, $4, NULL, $5, $6, 0, $7, $8, $9, $10, $11, $12, $13, 1, $11, $14) RETURNING id",
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
        .fetch_one(&mut *tx)
        .await?;
        let kept: Option<(i64,)> = sqlx::query_as(
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
        let mut audit = AuditEvent::new(Actor::Caller(caller.clone()), "request.intake");
        audit.subject_member_id = subject_id;
        audit.data_category = Some("request");
        audit.record_ref = Some(format!("requests/{id}"));
        audit.purpose = Some(receipt.clone());
        audit.detail = Some(serde_json::json!({
            "type": request_type.code(), "channel": draft.channel.code(), "capacity": draft.capacity.code(),
            "arrived_on": draft.arrived_on.to_string(), "id_document": draft.id_document,
            "id_check": draft.id_check.code(), "checked_by": draft.checked_by, "files": files.len(),
        }));
        append(&mut tx, now, meta, &audit).await?;
        tx.commit().await?;
        Ok(receipt)
    }

    type InfoRow = (String, String, String, String, String, String, String, String, String, String, String);

    /// How a request came in, if it came on paper or at the counter (part of the staff
    /// request page, whose read is audited as a whole).
    pub async fn info(state: &AppState, receipt: &str) -> Result<Option<IntakeInfo>, AppError> {
        {
            let row: Option<InfoRow> = sqlx::query_as(
                "SELECT r.channel, i.arrived_on, i.subject_kind, i.requester_name, i.requester_address, i.requester_phone, \
                 i.id_document, i.id_check, c.staff_number || ' ' || c.name, s.staff_number || ' ' || s.name, i.entered_at \
                 FROM request_intakes i JOIN requests r ON r.id = i.request_id \
                 JOIN staff c ON c.id = i.checked_by JOIN staff s ON s.id = i.entered_by WHERE r.receipt_number = $1",
            )
            .bind(receipt)
            .fetch_optional(&state.db.pool)
            .await?;
            Ok(row.and_then(|r| {
                Some(IntakeInfo {
                    channel: super::Channel::from_code(&r.0)?,
                    arrived_on: r.1,
                    subject_kind: super::SubjectKind::from_code(&r.2)?,
                    requester_name: r.3,
                    requester_address: r.4,
                    requester_phone: r.5,
                    id_document: r.6,
                    id_check: super::IdCheck::from_code(&r.7)?,
                    checked_by: r.8,
                    entered_by: r.9,
                    entered_at: crate::requests::store::local_time(&r.10),
                })
            }))
        }
    }
}

#[server(prefix = "/api/staff", endpoint = "intake/form", input = GetUrl)]
pub async fn load_intake_form(kind: String) -> Result<IntakeSetup, AppError> {
    use crate::identity::guard;
    use kit::access::{Access, Caller};
    let caller = guard(Access::Staff(INTAKE_ROLES)).await?;
    let Caller::Staff { staff_id, .. } = caller else { return Err(AppError::Forbidden) };
    let request_type = RequestType::from_slug(&kind).ok_or(AppError::NotFound)?;
    store::setup(&crate::platform::state::app_state()?, staff_id, request_type).await
}

/// A paper or counter request, entered by staff (multipart: the scan comes with it).
#[server(prefix = "/api/staff", endpoint = "intake", input = MultipartFormData)]
pub async fn submit_intake(data: MultipartData) -> Result<(), AppError> {
    use crate::identity::guard;
    use kit::access::{Access, Caller};
    let state = crate::platform::state::app_state()?;
    let result = async {
        let caller = guard(Access::Staff(INTAKE_ROLES)).await?;
        if !matches!(caller, Caller::Staff { .. }) {
            return Err(AppError::Forbidden);
        }
        let (fields, uploads) = crate::requests::server_fns::read_multipart(data, state.feature::<crate::requests::store::RequestPolicy>().max_attachment_bytes).await?;
        let request_type = RequestType::from_code(one(&fields, "request_type")).ok_or(AppError::BadRequest)?;
        let back = format!("/staff/intake/{}", request_type.slug());
        let outcome = store::enter(&state, &crate::platform::audit::request_meta(), &caller, request_type, &fields, &uploads).await;
        Ok::<_, AppError>((outcome.map(|receipt| format!("/staff/requests/{receipt}?entered=1")), back))
    }
    .await;
    match result {
        Ok((outcome, back)) => kit::form::respond(outcome, &back),
        Err(e) => kit::form::respond(Err(e), "/staff/intake"),
    }
}

fn channel_name(c: Channel, ja: bool) -> &'static str {
    match (c, ja) {
        (Channel::Paper, true) => "郵送（様式1・様式2）",
        (Channel::Paper, false) => "By post (form 1 or 2)",
        (Channel::Counter, true) => "窓口",
        (Channel::Counter, false) => "At the counter",
    }
}

fn subject_kind_name(k: SubjectKind, ja: bool) -> &'static str {
    match (k, ja) {
        (SubjectKind::Registry, true) => "加入者・元加入者（資格情報で確認）",
        (SubjectKind::Registry, false) => "Member or former member (checked in the registry)",
        (SubjectKind::Councillor, true) => "組合会議員",
        (SubjectKind::Councillor, false) => "Councillor (組合会議員)",
        (SubjectKind::Employee, true) => "職員",
        (SubjectKind::Employee, false) => "Employee (職員)",
        (SubjectKind::Other, true) => "その他",
        (SubjectKind::Other, false) => "Other",
    }
}

fn id_check_name(c: IdCheck, ja: bool) -> &'static str {
    match (c, ja) {
        (IdCheck::Presented, true) => "原本を窓口で確認",
        (IdCheck::Presented, false) => "Original shown at the counter",
        (IdCheck::CopyByPost, true) => "同封の写しで確認",
        (IdCheck::CopyByPost, false) => "Copy enclosed with the form",
    }
}

/// The staff request page's card on how a paper or counter request came in.
pub fn intake_card(i: IntakeInfo, lang: Lang) -> impl IntoView {
    let ja = lang == Lang::Ja;
    let row = |k: &'static str, v: String| view! { <div><dt>{k}</dt><dd>{v}</dd></div> };
    view! {
        <section class="card" aria-labelledby="intake">
            <h2 id="intake">{if ja { "受付の記録（紙・窓口）" } else { "Intake record (paper or counter)" }}</h2>
            <dl class="facts" data-intake=i.channel.code()>
                {row(if ja { "受付方法" } else { "Channel" }, channel_name(i.channel, ja).to_string())}
                {row(if ja { "到達日" } else { "Arrived on" }, i.arrived_on)}
                {row(if ja { "対象者の区分" } else { "Subject" }, subject_kind_name(i.subject_kind, ja).to_string())}
                {row(if ja { "請求者" } else { "Requester" }, i.requester_name)}
                {row(if ja { "送付先住所" } else { "Postal address" }, i.requester_address)}
                {row(if ja { "電話" } else { "Phone" }, i.requester_phone)}
                {row(if ja { "本人確認書類" } else { "Identity document" }, crate::identity::documents::document_label(&i.id_document, kit::texts::id_text()).to_string())}
                {row(if ja { "確認方法" } else { "How checked" }, id_check_name(i.id_check, ja).to_string())}
                {row(if ja { "確認した職員" } else { "Checked by" }, i.checked_by)}
                {row(if ja { "入力した職員・日時" } else { "Entered by, at" }, format!("{} {}", i.entered_by, i.entered_at))}
            </dl>
        </section>
    }
}

/// `/staff/intake`: which request arrived.
#[component]
pub fn StaffIntakePage() -> impl IntoView {
    let lang = use_lang();
    let ja = lang == Lang::Ja;
    view! {
        <Title text=if ja { "紙・窓口のお申し出を受け付ける" } else { "Enter a paper or counter request" }/>
        <h1>{if ja { "紙・窓口のお申し出を受け付ける" } else { "Enter a paper or counter request" }}</h1>
        <p>{if ja {
            "郵送で届いた依頼書（様式1・様式2）や窓口でのお申し出を、オンラインと同じ手続・期限で管理します。ポータルのアカウントがない方（資格を喪失した方、代理人、組合会議員・職員など）も受け付けられます。"
        } else {
            "Requests that arrive by post (forms 1 and 2) or at the counter follow the same steps and deadlines as online ones — also for people without a portal account."
        }}</p>
        <ul class="choices">
            {RequestType::ALL.into_iter().map(|k| view! {
                <li><a class="choices__item" href=format!("/staff/intake/{}", k.slug())>
                    <strong>{type_name(k, lang)}</strong>
                    <span>{type_explanation(k, lang)}</span>
                </a></li>
            }).collect_view()}
        </ul>
        <p><a href="/procedure">{if ja { "白紙の様式1・様式2（印刷用）" } else { "Blank forms 1 and 2 (to print)" }}</a></p>
    }
}

fn select_field(
    name: &'static str,
    label: &'static str,
    options: Vec<(String, String)>,
    selected: Option<String>,
    feedback: Signal<kit::form::Feedback>,
) -> impl IntoView {
    let id = format!("f-{name}");
    view! {
        <div class="field" class:field--invalid=move || feedback.with(|f| f.field(name).is_some())>
            <label for=id.clone()>{label}</label>
            {problem_view(feedback, name)}
            <select id=id name=name required=true aria-describedby=format!("f-{name}-error")>
                <option value="">{"—"}</option>
                {options.into_iter().map(|(v, l)| { let sel = selected.as_deref() == Some(v.as_str()); view! { <option value=v selected=sel>{l}</option> } }).collect_view()}
            </select>
        </div>
    }
}

fn file_field(doc: Document, label: &'static str, feedback: Signal<kit::form::Feedback>) -> impl IntoView {
    let name = doc.code();
    view! {
        <div class="field" class:field--invalid=move || feedback.with(|f| f.field(name).is_some())>
            <label for=format!("f-{name}")>{label}</label>
            {problem_view(feedback, name)}
            <input type="file" id=format!("f-{name}") name=name accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
                aria-describedby=format!("f-{name}-error")/>
        </div>
    }
}

/// `/staff/intake/{kind}`: the intake form for one request type.
#[component]
pub fn StaffIntakeFormPage() -> impl IntoView {
    let (t, lang) = (rq_text(), use_lang());
    let ja = lang == Lang::Ja;
    let params = use_params_map();
    let kind = move || params.with(|p| p.get("kind").unwrap_or_default());
    let data = page_data::load(kind, load_intake_form);
    let feedback = use_feedback();
    view! {
        {Suspend::new(async move {
            let here = format!("/staff/intake/{}", kind());
            match data.await {
                Err(e) => page_error(e, &here),
                Ok(s) => {
                    let k = s.form.request_type;
                    let title = format!("{}（{}）", type_name(k, lang), if ja { "紙・窓口" } else { "paper or counter" });
                    let mb = s.form.max_attachment_bytes / (1024 * 1024);
                    let id_docs = ID_DOCUMENTS.iter().map(|d| (d.to_string(), crate::identity::documents::document_label(d, kit::texts::id_text()).to_string())).collect();
                    view! {
                        <Title text=title.clone()/>
                        <h1>{title}</h1>
                        <FormError feedback/>
                        <form method="post" action=SubmitIntake::url() enctype="multipart/form-data" class="form request-form">
                            <input type="hidden" name="request_type" value=k.code()/>
                            <input type="hidden" name="idempotency_key" value=s.form.idempotency_key.clone()/>
                            <fieldset class="field">
                                <legend>{if ja { "受付" } else { "Arrival" }}</legend>
                                {select_field("channel", if ja { "受付方法" } else { "Channel" },
                                    Channel::ALL.iter().map(|c| (c.code().to_string(), channel_name(*c, ja).to_string())).collect(), None, feedback)}
                                <div class="field" class:field--invalid=move || feedback.with(|f| f.field("arrived_on").is_some())>
                                    <label for="f-arrived_on">{if ja { "到達日（届いた日・来所した日）" } else { "Arrived on" }}</label>
                                    <p class="field__hint">{if ja { "期限はこの日から数えます。例: 2026-11-20 または 令和8年11月20日" } else { "The deadline counts from this day. E.g. 2026-11-20" }}</p>
                                    {problem_view(feedback, "arrived_on")}
                                    <input type="text" id="f-arrived_on" name="arrived_on" value=s.today.clone() required=true maxlength="40" aria-describedby="f-arrived_on-error"/>
                                </div>
                            </fieldset>
                            <fieldset class="field">
                                <legend>{if ja { "対象となる方（本人）" } else { "Whose data (the subject)" }}</legend>
                                {select_field("subject_kind", if ja { "区分" } else { "Kind" },
                                    SubjectKind::ALL.iter().map(|c| (c.code().to_string(), subject_kind_name(*c, ja).to_string())).collect(), None, feedback)}
                                <p class="field__hint">{if ja { "加入者・元加入者は記号・番号と生年月日で資格情報と照合します。それ以外の方は氏名を入力してください。" } else { "Members and former members are matched in the registry by symbol, number and date of birth; for others enter the name." }}</p>
                                <TextInput name="subject_key" label=if ja { "記号・番号・枝番（例: 1002-45-00）" } else { "Symbol-number-branch (e.g. 1002-45-00)" } required=false feedback/>
                                <TextInput name="subject_birth" label=if ja { "生年月日" } else { "Date of birth" } required=false feedback/>
                                <TextInput name="subject_name" label=if ja { "氏名（資格情報にない方）" } else { "Name (if not in the registry)" } required=false feedback/>
                            </fieldset>
                            <fieldset class="field">
                                <legend>{if ja { "請求者" } else { "Requester" }}</legend>
                                {select_field("capacity", if ja { "本人との関係" } else { "Acting as" },
                                    Capacity::ALL.iter().map(|c| (c.code().to_string(), capacity_name(*c, lang).to_string())).collect(), None, feedback)}
                                <TextInput name="requester_name" label=if ja { "代理人の氏名（本人以外が請求するとき）" } else { "Agent's name (when not the subject)" } required=false feedback/>
                                <TextInput name="requester_address" label=if ja { "決定通知書の送付先住所" } else { "Postal address for the decision letter" } feedback/>
                                <TextInput name="requester_phone" label=if ja { "電話番号（任意）" } else { "Phone (optional)" } required=false feedback/>
                            </fieldset>
                            <fieldset class="field">
                                <legend>{if ja { "本人確認" } else { "Identity check" }}</legend>
                                {select_field("id_document", if ja { "確認した書類" } else { "Document" }, id_docs, None, feedback)}
                                {select_field("id_check", if ja { "確認方法" } else { "How" },
                                    IdCheck::ALL.iter().map(|c| (c.code().to_string(), id_check_name(*c, ja).to_string())).collect(), None, feedback)}
                                {select_field("checked_by", if ja { "確認した職員" } else { "Checked by" },
                                    s.colleagues.clone().into_iter().map(|(id, n)| (id.to_string(), n)).collect(), Some(s.me.to_string()), feedback)}
                            </fieldset>
                            <TypeFields setup=s.form.clone() feedback/>
                            <fieldset class="field files">
                                <legend>{if ja { "書類（PDF・JPEG・PNG）" } else { "Documents (PDF, JPEG, PNG)" }}</legend>
                                <p class="field__hint">{format!("{}{mb}{}", t.documents_hint, t.documents_hint_suffix)}</p>
                                {file_field(Document::Supporting, if ja { "依頼書（様式）のスキャン（郵送のときは必須）" } else { "Scan of the form (required for post)" }, feedback)}
                                {file_field(Document::PowerOfAttorney, if ja { "委任状（任意代理人のとき）" } else { "Power of attorney (for a proxy)" }, feedback)}
                                {file_field(Document::GuardianshipCertificate, if ja { "登記事項証明書（成年後見人のとき）" } else { "Guardianship certificate (for a guardian)" }, feedback)}
                            </fieldset>
                            <button type="submit" class="button">{if ja { "受け付ける" } else { "Enter the request" }}</button>
                        </form>
                    }.into_any()
                }
            }
        })}
    }
}

#[cfg(test)]
#[cfg(feature = "ssr")]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn f(pairs: &[(&str, &str)]) -> Fields {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    const TODAY: (i32, u32, u32) = (2026, 11, 24);

    fn base() -> Vec<(&'static str, &'static str)> {
        vec![
            ("channel", "paper"),
            ("arrived_on", "2026-11-20"),
            ("subject_kind", "registry"),
            ("subject_key", "1002-45-00"),
            ("subject_birth", "1965-11-30"),
            ("capacity", "self"),
            ("requester_address", "埼玉県さいたま市浦和区緑町九丁目9番"),
            ("requester_phone", "048-000-0000"),
            ("id_document", "drivers_license"),
            ("id_check", "copy_by_post"),
            ("checked_by", "7"),
        ]
    }

    fn run(fields: &[(&str, &str)]) -> (Option<IntakeDraft>, Vec<(String, Problem)>) {
        let mut check = Check::default();
        let d = validate_intake(&mut check, &f(fields), day(TODAY.0, TODAY.1, TODAY.2), &[7, 8]);
        let problems = match check.finish() {
            Ok(()) => Vec::new(),
            Err(AppError::Invalid(e)) => e.into_iter().map(|e| (e.field, e.problem)).collect(),
            Err(_) => vec![("?".into(), Problem::Required)],
        };
        (d, problems)
    }

    fn with(changes: &[(&'static str, &'static str)]) -> Vec<(&'static str, &'static str)> {
        let mut v = base();
        for (k, val) in changes {
            match v.iter_mut().find(|(n, _)| n == k) {
                Some(slot) => slot.1 = val,
                None => v.push((k, val)),
            }
        }
        v
    }

    #[test]
    fn a_former_members_paper_request_reads_the_registry_key_and_the_arrival_day() {
        let (d, problems) = run(&base());
        assert!(problems.is_empty(), "{problems:?}");
        let d = d.unwrap();
        assert_eq!(d.channel, Channel::Paper);
        assert_eq!(d.arrived_on, day(2026, 11, 20));
        assert_eq!(
            d.subject,
            IntakeSubject::Registry { symbol: "1002".into(), number: "45".into(), branch: "00".into(), birth_date: day(1965, 11, 30) }
        );
        assert_eq!((d.capacity, d.requester_name.as_str(), d.checked_by), (Capacity::Own, "", 7));
        // Full-width digits and 和暦 as people write them on paper.
        let (d, problems) = run(&with(&[("subject_key", "１００２ー４５ー００"), ("subject_birth", "昭和40年11月30日")]));
        assert!(problems.is_empty(), "{problems:?}");
        assert!(matches!(d.unwrap().subject, IntakeSubject::Registry { ref symbol, birth_date, .. } if symbol == "1002" && birth_date == day(1965, 11, 30)));
    }

    #[test]
    fn the_arrival_day_is_today_or_earlier_and_at_most_sixty_days_ago() {
        for (raw, ok) in [("2026-11-24", true), ("2026-11-25", false), ("2026-09-25", true), ("2026-09-24", false)] {
            let (_, problems) = run(&with(&[("arrived_on", raw)]));
            assert_eq!(problems.is_empty(), ok, "{raw}: {problems:?}");
            if !ok {
                assert_eq!(problems, vec![("arrived_on".to_string(), Problem::ArrivalDate)]);
            }
        }
        let (_, problems) = run(&with(&[("arrived_on", "2026-02-30")]));
        assert!(matches!(problems.as_slice(), [(f, Problem::Date(_))] if f == "arrived_on"));
    }

    #[test]
    fn someone_outside_the_registry_is_named_and_cannot_have_a_legal_representative() {
        let (d, problems) = run(&with(&[("subject_kind", "councillor"), ("subject_name", "  議員　花子 ")]));
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(d.unwrap().subject, IntakeSubject::Outside { kind: SubjectKind::Councillor, name: "議員 花子".into() });
        let (_, problems) = run(&with(&[("subject_kind", "employee")]));
        assert_eq!(problems, vec![("subject_name".to_string(), Problem::Required)]);
        let (_, problems) =
            run(&with(&[("subject_kind", "other"), ("subject_name", "某"), ("capacity", "legal_representative"), ("requester_name", "親")]));
        assert_eq!(problems, vec![("capacity".to_string(), Problem::Choice)]);
    }

    #[test]
    fn an_agent_is_named_and_self_needs_no_second_name() {
        let (_, problems) = run(&with(&[("capacity", "proxy")]));
        assert_eq!(problems, vec![("requester_name".to_string(), Problem::Required)]);
        let (d, problems) = run(&with(&[("capacity", "proxy"), ("requester_name", "代理 一郎")]));
        assert!(problems.is_empty());
        assert_eq!(d.unwrap().requester_name, "代理 一郎");
    }

    #[test]
    fn every_choice_must_be_one_offered_and_each_problem_is_on_its_field() {
        let (d, problems) = run(&with(&[
            ("channel", "fax"),
            ("subject_kind", ""),
            ("capacity", "friend"),
            ("id_document", "library_card"),
            ("id_check", ""),
            ("checked_by", "9"),
            ("requester_phone", "call me"),
            ("requester_address", ""),
        ]));
        assert!(d.is_none());
        let fields: Vec<(&str, Problem)> = problems.iter().map(|(f, p)| (f.as_str(), *p)).collect();
        for expected in [
            ("channel", Problem::Choice),
            ("subject_kind", Problem::Required),
            ("capacity", Problem::Choice),
            ("id_document", Problem::Choice),
            ("id_check", Problem::Required),
            ("checked_by", Problem::Choice),
            ("requester_phone", Problem::Digits),
            ("requester_address", Problem::Required),
        ] {
            assert!(fields.contains(&expected), "{expected:?} missing in {fields:?}");
        }
    }

    #[test]
    fn a_registry_key_must_be_three_numbers_and_a_date() {
        let (_, problems) = run(&with(&[("subject_key", "緑川"), ("subject_birth", "")]));
        assert_eq!(
            problems,
            vec![("subject_key".to_string(), Problem::Digits), ("subject_birth".to_string(), Problem::Required)]
        );
    }

    #[test]
    fn at_the_counter_identity_is_checked_on_the_original() {
        let (_, problems) = run(&with(&[("channel", "counter")]));
        assert_eq!(problems, vec![("id_check".to_string(), Problem::Choice)]);
        let (d, problems) = run(&with(&[("channel", "counter"), ("id_check", "presented")]));
        assert!(problems.is_empty());
        assert_eq!(d.unwrap().id_check, IdCheck::Presented);
    }

    #[test]
    fn a_posted_form_needs_its_scan_and_an_agent_their_document() {
        assert_eq!(required_files(Channel::Paper, Capacity::Own), vec![Document::Supporting]);
        assert_eq!(required_files(Channel::Counter, Capacity::Own), Vec::<Document>::new());
        assert_eq!(required_files(Channel::Paper, Capacity::Proxy), vec![Document::Supporting, Document::PowerOfAttorney]);
        assert_eq!(required_files(Channel::Counter, Capacity::Guardian), vec![Document::GuardianshipCertificate]);
        assert_eq!(required_files(Channel::Counter, Capacity::LegalRepresentative), Vec::<Document>::new());
    }

    #[test]
    fn codes_round_trip() {
        for c in Channel::ALL {
            assert_eq!(Channel::from_code(c.code()), Some(*c));
        }
        for k in SubjectKind::ALL {
            assert_eq!(SubjectKind::from_code(k.code()), Some(*k));
        }
        for i in IdCheck::ALL {
            assert_eq!(IdCheck::from_code(i.code()), Some(*i));
        }
    }
}
