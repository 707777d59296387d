//! Drafts in the database (server only): the open draft, its edits, the answers on its
//! changed purposes, approval and publishing, and members' acknowledgements.

use super::*;
use crate::platform::db::instant_text;
use kit::form::{Check, FieldError, Problem};
use kit::access::Caller;
use crate::publication::editing::{
    self, AnswerForm, Edit, PurposeAnswer, PurposeQuestion, PurposeScope, RecordedAnswer,
};
use crate::publication::VersionStatus;
use crate::publication::store as versions;
use crate::platform::audit::{Action, Actor, AuditEvent, DataCategory, RequestMeta};
use crate::platform::audit::store::append;
use crate::platform::state::AppState;

/// The calling staff member, if they hold one of `roles`, and their id.
pub async fn staff(roles: &'static [StaffRole]) -> Result<(kit::access::Caller, i64), AppError> {
    let caller = crate::identity::store::guard(kit::access::Access::Staff(roles)).await?;
    match &caller {
        kit::access::Caller::Staff { staff_id, .. } => {
            let id = *staff_id;
            Ok((caller, id))
        }
        _ => Err(AppError::Forbidden),
    }
}

/// The draft and revision a form names.
pub fn draft_and_revision(form: &HashMap<String, String>) -> Result<(i64, i64), AppError> {
    let number = |name: &str| -> Result<i64, AppError> {
        let raw = form.get(name).map_or("", |s| s.trim());
        if raw.is_empty() || raw.len() > 18 || !raw.bytes().all(|b| b.is_ascii_digit()) {
            return Err(AppError::BadRequest);
        }
        raw.parse().map_err(|_| AppError::BadRequest)
    };
    Ok((number("draft")?, number("rev")?))
}

struct OpenDraft {
    id: i64,
    base: i64,
    body: Publication,
    revision: i64,
    editors: Vec<i64>,
}

/// The open draft as stored: its body and its editors' ids are JSON.
#[derive(sqlx::FromRow)]
struct DraftRow {
    id: i64,
    base_version_id: i64,
    body: String,
    revision: i64,
    editors: String,
}

async fn open_draft(conn: &mut sqlx::AnyConnection) -> Result<Option<OpenDraft>, AppError> {
    let row: Option<DraftRow> = sqlx::query_as(
        "SELECT id, base_version_id, body, revision, editors FROM publication_drafts WHERE status = 'open'",
    )
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let body = serde_json::from_str(&row.body).map_err(|e| AppError::internal("publication_drafts.body", e))?;
    let editors =
        serde_json::from_str(&row.editors).map_err(|e| AppError::internal("publication_drafts.editors", e))?;
    Ok(Some(OpenDraft { id: row.id, base: row.base_version_id, body, revision: row.revision, editors }))
}

/// The open draft with this id at this revision, or a conflict (someone else saved,
/// discarded or published it since the page was shown).
async fn expect_draft(conn: &mut sqlx::AnyConnection, id: i64, revision: i64) -> Result<OpenDraft, AppError> {
    match open_draft(conn).await? {
        Some(d) if d.id == id && d.revision == revision => Ok(d),
        _ => Err(AppError::Conflict),
    }
}

fn event(caller: &Caller, action: Action, draft: i64, detail: serde_json::Value) -> AuditEvent {
    AuditEvent::by(caller.clone(), action)
        .data(DataCategory::Publication)
        .record(format!("publication_drafts/{draft}"))
        .detail(detail)
}

pub async fn editor(state: &AppState, staff_id: i64, approver: bool) -> Result<EditorPage, AppError> {
    let summaries = versions::summaries(state).await?;
    let current = summaries.iter().find(|s| s.status == VersionStatus::Current).cloned();
    let mut conn = state.db.pool.acquire().await?;
    let draft = open_draft(&mut conn).await?;
    let today = state.clock.today_tokyo();
    let Some(d) = draft else {
        return Ok(EditorPage { current, draft: None, approver, own_draft: false, today });
    };
    let base = versions::version(state, d.base).await?;
    let mut editors = Vec::new();
    for id in &d.editors {
        let number: Option<String> = sqlx::query_scalar("SELECT staff_number FROM staff WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?;
        editors.extend(number);
    }
    let own_draft = d.editors.contains(&staff_id);
    let diff = super::super::diff::diff(&base.publication, &d.body);
    let purposes = purpose_questions(&mut conn, d.id, &base.publication, &d.body).await?;
    Ok(EditorPage {
        current,
        draft: Some(DraftView {
            id: d.id,
            revision: d.revision,
            base: base.summary,
            publication: d.body,
            editors,
            diff,
            purposes,
        }),
        approver,
        own_draft,
        today,
    })
}

/// An answer on a changed purpose as stored, with the staff number of whoever gave it.
#[derive(sqlx::FromRow)]
struct AnswerRow {
    scope: String,
    scope_id: String,
    purpose: String,
    answer: String,
    consent_note: Option<String>,
    staff_number: String,
    answered_at: String,
}

/// Every answer recorded on the draft, oldest first.
async fn recorded_answers(conn: &mut sqlx::AnyConnection, draft: i64) -> Result<Vec<RecordedAnswer>, AppError> {
    let rows: Vec<AnswerRow> = sqlx::query_as(
        "SELECT a.scope, a.scope_id, a.purpose, a.answer, a.consent_note, s.staff_number, a.answered_at \
         FROM publication_purpose_answers a JOIN staff s ON s.id = a.answered_by \
         WHERE a.draft_id = $1 ORDER BY a.id",
    )
    .bind(draft)
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(|r| {
            let scope = PurposeScope::from_code(&r.scope);
            let answer = PurposeAnswer::from_code(&r.answer);
            let (Some(scope), Some(answer)) = (scope, answer) else {
                return Err(AppError::internal("publication_purpose_answers", format!("{} / {}", r.scope, r.answer)));
            };
            Ok(RecordedAnswer {
                key: editing::PurposeKey { scope, scope_id: r.scope_id, purpose: r.purpose },
                answer,
                consent_note: r.consent_note,
                answered_by: r.staff_number,
                answered_at: r.answered_at,
            })
        })
        .collect()
}

/// The purposes `draft` adds or rewords against `base`, each with its latest answer.
async fn purpose_questions(
    conn: &mut sqlx::AnyConnection,
    draft: i64,
    base: &Publication,
    body: &Publication,
) -> Result<Vec<PurposeQuestion>, AppError> {
    let answers = recorded_answers(conn, draft).await?;
    Ok(editing::questions(editing::changed_purposes(base, body), &answers))
}

/// Records the answer on one changed purpose of the open draft (17条2項 or 18条1項). The
/// draft's revision moves on, so an approval shown before the answer is told to reload.
pub async fn answer_purpose(
    state: &AppState,
    meta: &RequestMeta,
    caller: &Caller,
    staff_id: i64,
    id: i64,
    revision: i64,
    form: AnswerForm,
) -> Result<(), AppError> {
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let draft = expect_draft(&mut tx, id, revision).await?;
    let base = versions::body(state, draft.base).await?.ok_or(AppError::Conflict)?;
    // The same revision shows the same list, so an index from the page names one purpose.
    let change = editing::changed_purposes(&base, &draft.body).into_iter().nth(form.index).ok_or(AppError::Conflict)?;
    sqlx::query(
        "INSERT INTO publication_purpose_answers \
         (draft_id, scope, scope_id, purpose, previous, answer, consent_note, answered_by, answered_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(id)
    .bind(change.key.scope.code())
    .bind(&change.key.scope_id)
    .bind(&change.key.purpose)
    .bind(&change.previous)
    .bind(form.answer.code())
    .bind(&form.consent_note)
    .bind(staff_id)
    .bind(instant_text(now))
    .execute(&mut *tx)
    .await?;
    let updated = sqlx::query(
        "UPDATE publication_drafts SET revision = revision + 1, updated_at = $1 \
         WHERE id = $2 AND revision = $3 AND status = 'open'",
    )
    .bind(instant_text(now))
    .bind(id)
    .bind(revision)
    .execute(&mut *tx)
    .await?;
    if updated.rows_affected() != 1 {
        return Err(AppError::Conflict);
    }
    let detail = serde_json::json!({
        "scope": change.key.scope.code(),
        "scope_id": change.key.scope_id,
        "place": change.place,
        "joint_use": change.joint_use,
        "purpose": change.key.purpose,
        "previous": change.previous,
        "answer": form.answer.code(),
        "consent_note": form.consent_note,
    });
    append(&mut tx, now, meta, &event(caller, Action::PublicationPurposeAnswer, id, detail)).await?;
    tx.commit().await?;
    Ok(())
}

/// The newest version (by effective date): a draft builds on it, so that a version
/// already scheduled is carried forward, not undone.
async fn latest(state: &AppState) -> Result<Option<VersionSummary>, AppError> {
    Ok(versions::summaries(state).await?.pop())
}

fn draft_exists() -> AppError {
    AppError::Invalid(vec![FieldError::new("draft", Problem::DraftExists)])
}

/// Starts a draft from the version in force. One draft at a time: the database's
/// unique index settles two staff starting at once.
pub async fn start(state: &AppState, meta: &RequestMeta, caller: &Caller, staff_id: i64) -> Result<i64, AppError> {
    let base = latest(state).await?.ok_or(AppError::NotFound)?.id;
    let body = versions::body(state, base).await?.ok_or(AppError::NotFound)?;
    let body = serde_json::to_string(&*body).map_err(|e| AppError::internal("draft body", e))?;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    if open_draft(&mut tx).await?.is_some() {
        return Err(draft_exists());
    }
    let inserted: Result<i64, sqlx::Error> = sqlx::query_scalar(
        "INSERT INTO publication_drafts (base_version_id, body, revision, status, editors, created_by, created_at, updated_at) \
         VALUES ($1, $2, 1, 'open', $3, $4, $5, $5) RETURNING id",
    )
    .bind(base)
    .bind(&body)
    .bind(format!("[{staff_id}]"))
    .bind(staff_id)
    .bind(instant_text(now))
    .fetch_one(&mut *tx)
    .await;
    let id = match inserted {
        Ok(id) => id,
        Err(e) if e.as_database_error().is_some_and(|d| d.is_unique_violation()) => return Err(draft_exists()),
        Err(e) => return Err(e.into()),
    };
    append(&mut tx, now, meta, &event(caller, Action::PublicationDraftCreate, id, serde_json::json!({ "base_version": base })))
        .await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn edit(
    state: &AppState,
    meta: &RequestMeta,
    caller: &Caller,
    staff_id: i64,
    id: i64,
    revision: i64,
    edit: Edit,
) -> Result<(), AppError> {
    let detail = serde_json::json!({ "edit": format!("{edit:?}").chars().take(2000).collect::<String>() });
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let mut draft = expect_draft(&mut tx, id, revision).await?;
    editing::apply(&mut draft.body, edit)?;
    if !draft.editors.contains(&staff_id) {
        draft.editors.push(staff_id);
    }
    let body = serde_json::to_string(&draft.body).map_err(|e| AppError::internal("draft body", e))?;
    let editors = serde_json::to_string(&draft.editors).map_err(|e| AppError::internal("draft editors", e))?;
    let updated = sqlx::query(
        "UPDATE publication_drafts SET body = $1, editors = $2, revision = revision + 1, updated_at = $3 \
         WHERE id = $4 AND revision = $5 AND status = 'open'",
    )
    .bind(&body)
    .bind(&editors)
    .bind(instant_text(now))
    .bind(id)
    .bind(revision)
    .execute(&mut *tx)
    .await?;
    if updated.rows_affected() != 1 {
        return Err(AppError::Conflict);
    }
    append(&mut tx, now, meta, &event(caller, Action::PublicationDraftEdit, id, detail)).await?;
    tx.commit().await?;
    Ok(())
}

struct Closing {
    id: i64,
    revision: i64,
    staff_id: i64,
    now: chrono::DateTime<chrono::Utc>,
    /// The version it became, or `None` when discarded.
    published: Option<i64>,
}

/// Closes the open draft if it is still at the revision the caller saw.
async fn close(conn: &mut sqlx::AnyConnection, c: Closing) -> Result<(), AppError> {
    let status = if c.published.is_some() { "published" } else { "discarded" };
    let closed = sqlx::query(
        "UPDATE publication_drafts SET status = $1, closed_by = $2, closed_at = $3, published_version_id = $4 \
         WHERE id = $5 AND revision = $6 AND status = 'open'",
    )
    .bind(status)
    .bind(c.staff_id)
    .bind(instant_text(c.now))
    .bind(c.published)
    .bind(c.id)
    .bind(c.revision)
    .execute(&mut *conn)
    .await?;
    if closed.rows_affected() == 1 { Ok(()) } else { Err(AppError::Conflict) }
}

pub async fn discard(
    state: &AppState,
    meta: &RequestMeta,
    caller: &Caller,
    staff_id: i64,
    id: i64,
    revision: i64,
) -> Result<(), AppError> {
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    close(&mut tx, Closing { id, revision, staff_id, now, published: None }).await?;
    append(&mut tx, now, meta, &event(caller, Action::PublicationDraftDiscard, id, serde_json::json!({}))).await?;
    tx.commit().await?;
    Ok(())
}

/// Publishes the draft as a new version: the version, the draft's closing, every
/// member's notice, the emails and the audit events in one transaction, so an
/// interruption leaves the previous version in force and nothing half-published.
pub async fn approve(
    state: &AppState,
    meta: &RequestMeta,
    caller: &Caller,
    staff_id: i64,
    id: i64,
    revision: i64,
    effective_raw: &str,
) -> Result<i64, AppError> {
    let today = state.clock.today_tokyo();
    let now = state.clock.now();
    let mut check = Check::default();
    let effective = check.date("effective_date", effective_raw);
    let mut tx = state.db.begin().await?;
    let draft = expect_draft(&mut tx, id, revision).await?;
    // A version published since the draft began (e.g. from the society's files)
    // would be silently undone by this one.
    let Some(newest) = latest(state).await?.filter(|v| v.id == draft.base) else {
        return Err(AppError::Conflict);
    };
    let base = versions::body(state, draft.base).await?.ok_or(AppError::Conflict)?;
    if draft.editors.contains(&staff_id) {
        check.fail("approve", Problem::OwnDraft);
    }
    let diff = super::super::diff::diff(&base, &draft.body);
    if diff.is_empty() {
        check.fail("approve", Problem::Unchanged);
    }
    // Never before the version it builds on (a scheduled one would later undo it).
    let problem = effective.and_then(|d| {
        editing::effective_date_problem(&base, &draft.body, d, today)
            .or_else(|| (d < newest.effective_date).then_some(Problem::PastEffectiveDate))
    });
    if let Some(problem) = problem {
        check.fail("effective_date", problem);
    }
    // 17条2項・18条1項: no purpose changes without staff's answer on it.
    let purposes = purpose_questions(&mut tx, id, &base, &draft.body).await?;
    editing::unanswered(&purposes, &mut check);
    check.finish()?;
    let Some(effective) = effective else { return Err(AppError::BadRequest) };
    draft.body.validate().map_err(|_| AppError::Conflict)?;
    let label = editing::version_label(effective);
    let file = versions::VersionFile { label: label.clone(), effective_date: effective, publication: draft.body };
    let version = versions::insert_version(&mut tx, now, meta, Actor::Caller(caller.clone()), &file)
        .await?
        .ok_or(AppError::Conflict)?;
    close(&mut tx, Closing { id, revision, staff_id, now, published: Some(version) }).await?;
    let notified = sqlx::query(
        "INSERT INTO publication_notices (version_id, from_version_id, account_id, created_at) \
         SELECT $1, $2, id, $3 FROM member_accounts WHERE status = 'active'",
    )
    .bind(version)
    .bind(draft.base)
    .bind(instant_text(now))
    .execute(&mut *tx)
    .await?
    .rows_affected();
    let (subject, body) = crate::platform::mail::publication_changed(&label, effective, &diff.changed_names());
    let mailed = sqlx::query(
        "INSERT INTO mail_outbox (to_address, subject, body, created_at) \
         SELECT email, $1, $2, $3 FROM member_accounts \
         WHERE status = 'active' AND email IS NOT NULL AND email_verified_at IS NOT NULL",
    )
    .bind(&subject)
    .bind(&body)
    .bind(instant_text(now))
    .execute(&mut *tx)
    .await?
    .rows_affected();
    let detail = serde_json::json!({
        "version": version,
        "base_version": draft.base,
        "effective_date": effective.to_string(),
        "members_notified": notified,
        "emails": mailed,
        "purpose_changes": purposes
            .iter()
            .filter_map(|q| q.answer.as_ref())
            .map(|a| serde_json::json!({
                "scope": a.key.scope.code(),
                "scope_id": a.key.scope_id,
                "purpose": a.key.purpose,
                "answer": a.answer.code(),
                "consent_note": a.consent_note,
                "answered_by": a.answered_by,
                "answered_at": a.answered_at,
            }))
            .collect::<Vec<_>>(),
    });
    append(&mut tx, now, meta, &event(caller, Action::PublicationDraftApprove, id, detail)).await?;
    tx.commit().await?;
    state.feature::<crate::publication::store::PublicationCache>().invalidate();
    Ok(version)
}

/// A revision the member has not acknowledged yet, and the version it replaced.
#[derive(sqlx::FromRow)]
struct UnreadNotice {
    version_id: i64,
    from_version_id: i64,
}

pub async fn news(state: &AppState, member_id: i64) -> Result<Vec<NewsItem>, AppError> {
    let rows: Vec<UnreadNotice> = sqlx::query_as(
        "SELECT n.version_id, n.from_version_id FROM publication_notices n \
         JOIN member_accounts a ON a.id = n.account_id \
         WHERE a.member_id = $1 AND n.acknowledged_at IS NULL ORDER BY n.version_id",
    )
    .bind(member_id)
    .fetch_all(&state.db.pool)
    .await?;
    let mut items = Vec::with_capacity(rows.len());
    for UnreadNotice { version_id, from_version_id } in rows {
        let (new, old) = (versions::version(state, version_id).await?, versions::version(state, from_version_id).await?);
        items.push(NewsItem {
            diff: super::super::diff::diff(&old.publication, &new.publication),
            version: new.summary,
            from_version_id,
        });
    }
    Ok(items)
}

pub async fn acknowledge(
    state: &AppState,
    meta: &RequestMeta,
    caller: &Caller,
    member_id: i64,
    version: i64,
) -> Result<(), AppError> {
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let updated = sqlx::query(
        "UPDATE publication_notices SET acknowledged_at = $1 WHERE version_id = $2 AND acknowledged_at IS NULL \
         AND account_id IN (SELECT id FROM member_accounts WHERE member_id = $3)",
    )
    .bind(instant_text(now))
    .bind(version)
    .bind(member_id)
    .execute(&mut *tx)
    .await?;
    if updated.rows_affected() == 0 {
        // Already acknowledged, or never told: nothing to record.
        tx.rollback().await?;
        return Ok(());
    }
    let e = AuditEvent::by(caller.clone(), Action::PublicationAcknowledge)
        .data(DataCategory::Publication)
        .about(member_id)
        .record(format!("publication_versions/{version}"));
    append(&mut tx, now, meta, &e).await?;
    tx.commit().await?;
    Ok(())
}
