//! Deciding and carrying out (server only): a reviewer decides, the 責任者 approves or
//! sends back, and the approved result reaches the member's inbox as a 決定通知書 — with
//! what the decision needs done: the 開示 package frozen with the decision and released on
//! approval, an approved 訂正 carried into the registry as an instruction to the core
//! system, a 利用停止等 marked. Each step is one transaction with its event, its audit
//! event and (once final) the member's notification.

use sqlx::AnyConnection;

use crate::requests::decision::{ApprovalRefusal, Decision, Fee, LegalGround, Outcome, may_approve, validate};
use crate::requests::draft::{ChangeKind, Details, Fields, HeldItem};
use crate::requests::lifecycle::{Action, Role, Status, next};
use crate::requests::store::{RequestRow, chosen_method, insert_event, notify, refresh_due, row_parts, transition};
use crate::platform::db::instant_text;
use kit::error::AppError;
use kit::form::{FieldError, Problem};
use kit::access::{Caller, StaffRole};
use crate::platform::audit::{Action as AuditAction, AuditEvent, DataCategory, RequestMeta};
use crate::platform::audit::store::{append, record_standalone};
use crate::platform::state::AppState;

/// A staff member acting on a request.
pub struct Staff<'a> {
    pub staff_id: i64,
    pub roles: &'a [StaffRole],
}

impl Staff<'_> {
    fn caller(&self) -> Caller {
        Caller::Staff { staff_id: self.staff_id, roles: self.roles.to_vec() }
    }

    /// The first lifecycle role of this person that may take `action` now.
    pub(super) fn step(&self, status: Status, action: Action) -> Result<Status, AppError> {
        let roles: Vec<Role> = self.roles.iter().filter_map(|r| Role::from_staff(*r)).collect();
        crate::requests::store::step(&roles, status, action)
    }
}

pub(super) async fn found(state: &AppState, meta: &RequestMeta, staff: &Staff<'_>, receipt: &str, what: AuditAction) -> Result<RequestRow, AppError> {
    crate::requests::store::seen_by(state, meta, &staff.caller(), receipt, what, DataCategory::Request).await
}

pub(super) fn audit(staff: &Staff<'_>, action: AuditAction, row: &RequestRow, detail: serde_json::Value) -> AuditEvent {
    AuditEvent::by(staff.caller(), action)
        .about(row.subject_member_id)
        .data(DataCategory::Request)
        .record(format!("requests/{}", row.id))
        .purpose(row.receipt.clone())
        .detail(detail)
}

/// A reviewer (or 責任者) records a decision. Disclosures and refusals wait for a second
/// person's approval; anything else reaches the member at once.
pub async fn decide(
    state: &AppState,
    meta: &RequestMeta,
    staff: &Staff<'_>,
    receipt: &str,
    fields: &Fields,
    expected_version: i64,
) -> Result<(), AppError> {
    let row = found(state, meta, staff, receipt, AuditAction::RequestDecide).await?;
    let (t, status, details) = row_parts(&row)?;
    let fee = crate::requests::fees::store::state_of(&state.db.pool, row.id, row.fee_yen).await?;
    let decision = validate(t, &details, fee, fields).map_err(AppError::Invalid)?;
    // The core system takes the value in the registry's own form (a date, a code); a
    // 削除 has none.
    if let (Outcome::Corrected, Details::Correction { item, change, .. }, Some(value)) = (decision.outcome, &details, &decision.corrected_value)
        && *change != ChangeKind::Delete
        && crate::delivery::corrections::stored_value(*item, value).is_none()
    {
        return Err(AppError::Invalid(vec![FieldError::new("corrected_value", Problem::CorrectionValue)]));
    }
    download_reaches(&state.db.pool, state, &row, &details, decision.outcome).await?;
    let action = match decision.outcome {
        // A 却下 may end a request before its review (an agent's documents never came):
        // its own step, always for approval.
        Outcome::Dismissed => Action::Dismiss,
        o if o.needs_approval(t) => Action::DecideForApproval,
        _ => Action::DecideDirectly,
    };
    let to = staff.step(status, action)?;
    // レセプト: the 医療機関's answers decide what may be disclosed (33条2項1号), and the
    // copies come from the core system.
    let receipts = crate::receipts::store::decision_problems(state, row.id, &details, decision.outcome, decision.ground).await?;
    if !receipts.is_empty() {
        return Err(AppError::Invalid(receipts));
    }
    if expected_version != row.version {
        return Err(AppError::Conflict);
    }
    let now = state.clock.now();
    let _turn = state.db.write_turn().await;
    let mut tx = state.db.begin().await?;
    transition(&mut tx, now, &row, to).await?;
    let previous = match &details {
        Details::Correction { item, item_label, current, .. } => Some(before(*item, item_label, current)),
        _ => None,
    };
    let final_now = action == Action::DecideDirectly;
    sqlx::query(
        "INSERT INTO request_decisions (request_id, outcome, ground, reason, previous_value, corrected_value, fee, \
         decided_by, decided_at, state, measure_scope) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(row.id)
    .bind(decision.outcome.code())
    .bind(decision.ground.code())
    .bind(&decision.reason)
    .bind(previous.filter(|_| decision.corrected_value.is_some()))
    .bind(decision.corrected_value.as_deref())
    .bind(decision.fee.code())
    .bind(staff.staff_id)
    .bind(instant_text(now))
    .bind(if final_now { "final" } else { "pending" })
    .bind(decision.scope.to_stored())
    .execute(&mut *tx)
    .await?;
    insert_event(&mut tx, now, row.id, ("staff", Some(staff.staff_id)), (action.code(), false), Some(status), to, None).await?;
    // What the approver approves is the archive as it will be delivered.
    crate::delivery::store::freeze(&mut tx, state, &row, decision.outcome).await?;
    append(
        &mut tx,
        now,
        meta,
        &audit(staff, AuditAction::RequestDecide, &row, serde_json::json!({
            "outcome": decision.outcome.code(), "ground": decision.ground.code(), "needs_approval": !final_now
        })),
    )
    .await?;
    if final_now {
        deliver(&mut tx, state, meta, staff, &row, to, &decision, &details).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The 責任者 approves (never their own decision) or sends the decision back with a reason.
pub async fn review(
    state: &AppState,
    meta: &RequestMeta,
    staff: &Staff<'_>,
    receipt: &str,
    approve: bool,
    note: &str,
    expected_version: i64,
) -> Result<(), AppError> {
    let row = found(state, meta, staff, receipt, AuditAction::RequestReview).await?;
    let (_, status, details) = row_parts(&row)?;
    let pending: Option<PendingDecision> = sqlx::query_as(
        "SELECT id, outcome, ground, reason, corrected_value, fee, decided_by, measure_scope FROM request_decisions \
         WHERE request_id = $1 AND state = 'pending' ORDER BY id DESC LIMIT 1",
    )
    .bind(row.id)
    .fetch_optional(&state.db.pool)
    .await?;
    let Some(pending) = pending else {
        return Err(AppError::Conflict);
    };
    // Approving a proposed 却下 is the 却下 itself.
    let action = match (approve, pending.outcome == Outcome::Dismissed.code()) {
        (true, true) => Action::Reject,
        (true, false) => Action::Approve,
        (false, _) => Action::SendBack,
    };
    let to = staff.step(status, action)?;
    let note = kit::input::normalize(note).trim().to_string();
    if approve {
        let is_approver = staff.roles.contains(&StaffRole::Approver);
        if let Err(refusal) = may_approve(pending.decided_by, staff.staff_id, is_approver) {
            let refused = audit(staff, AuditAction::RequestApprove, &row, serde_json::json!({ "refusal": format!("{refusal:?}") })).refused();
            record_standalone(state, meta, &refused).await;
            return Err(match refusal {
                ApprovalRefusal::OwnDecision => AppError::Invalid(vec![FieldError::new("approve", Problem::OwnDecision)]),
                ApprovalRefusal::NotApprover => AppError::Forbidden,
            });
        }
    } else if note.is_empty() {
        return Err(AppError::Invalid(vec![FieldError::new("note", Problem::Required)]));
    }
    if note.chars().count() > crate::requests::decision::REASON_MAX {
        return Err(AppError::Invalid(vec![FieldError::new("note", Problem::TooLong)]));
    }
    if expected_version != row.version {
        return Err(AppError::Conflict);
    }
    let decision_id = pending.id;
    let decision = Decision {
        outcome: Outcome::from_code(&pending.outcome).ok_or_else(|| AppError::internal("request_decisions.outcome", &pending.outcome))?,
        ground: LegalGround::from_code(&pending.ground).ok_or_else(|| AppError::internal("request_decisions.ground", &pending.ground))?,
        reason: pending.reason,
        corrected_value: pending.corrected_value,
        fee: Fee::from_code(&pending.fee).ok_or_else(|| AppError::internal("request_decisions.fee", &pending.fee))?,
        scope: crate::requests::decision::MeasureScope::from_stored(pending.measure_scope.as_deref()),
    };
    let now = state.clock.now();
    let _turn = state.db.write_turn().await;
    let mut tx = state.db.begin().await?;
    transition(&mut tx, now, &row, to).await?;
    let changed = sqlx::query(
        "UPDATE request_decisions SET state = $1, approved_by = $2, approved_at = $3 WHERE id = $4 AND state = 'pending'",
    )
    .bind(if approve { "approved" } else { "sent_back" })
    .bind(approve.then_some(staff.staff_id))
    .bind(approve.then(|| instant_text(now)))
    .bind(decision_id)
    .execute(&mut *tx)
    .await?;
    if changed.rows_affected() != 1 {
        return Err(AppError::Conflict);
    }
    let message = (!note.is_empty()).then_some(note.as_str());
    // The approval itself is the society's decision for the member; a send-back is internal.
    insert_event(&mut tx, now, row.id, ("staff", Some(staff.staff_id)), (action.code(), false), Some(status), to, message).await?;
    let what = if approve { AuditAction::RequestApprove } else { AuditAction::RequestSendBack };
    append(&mut tx, now, meta, &audit(staff, what, &row, serde_json::json!({ "decision": decision_id }))).await?;
    if approve {
        // What stops delivery now (the person has turned 18, the recipient has no account)
        // is told next to the approval, where the 責任者 acts: by sending it back.
        deliver(&mut tx, state, meta, staff, &row, to, &decision, &details).await.map_err(|e| match e {
            AppError::Invalid(fields) => AppError::Invalid(
                fields.into_iter().map(|f| if f.field == "outcome" { FieldError { field: "approve".into(), ..f } } else { f }).collect(),
            ),
            other => other,
        })?;
    } else {
        crate::delivery::store::unfreeze(&mut tx, row.id).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// A decision waiting for the 責任者, as stored.
#[derive(sqlx::FromRow)]
struct PendingDecision {
    id: i64,
    outcome: String,
    ground: String,
    reason: String,
    corrected_value: Option<String>,
    fee: String,
    decided_by: i64,
    measure_scope: Option<String>,
}

/// The decision is final: the letter goes to the member's inbox (通知済), the result is
/// recorded for the reports, and an approved 訂正 is applied to the registry.
/// Whoever receives the result and its letter: the requester, or the 本人 where an agent
/// asked for that (or where a paper request is to be downloaded in the 本人's account).
fn addressee(row: &RequestRow) -> Option<i64> {
    if row.deliver_to_subject == 1 { row.subject_member_id } else { row.requester_member_id }
}

/// Whether the result goes out as a download. A download needs the recipient's active
/// portal account; without one, staff answer on paper instead and say why (33条3項), so
/// a decision delivering data by download to nobody is refused next to its outcome.
async fn download_reaches(
    conn: impl sqlx::Executor<'_, Database = sqlx::Any>,
    state: &AppState,
    row: &RequestRow,
    details: &Details,
    outcome: Outcome,
) -> Result<bool, AppError> {
    let download = crate::delivery::store::by_download(chosen_method(state, row, details).await?, Some(outcome));
    if !download || !crate::delivery::store::delivers(outcome) {
        return Ok(download);
    }
    let account: Option<i64> = match addressee(row) {
        Some(member) => {
            sqlx::query_scalar("SELECT member_id FROM member_accounts WHERE member_id = $1 AND status = 'active'")
                .bind(member)
                .fetch_optional(conn)
                .await?
        }
        None => None,
    };
    match account {
        Some(_) => Ok(true),
        None => Err(AppError::Invalid(vec![FieldError::new("outcome", Problem::NoAccountForDownload)])),
    }
}

#[allow(clippy::too_many_arguments)]
async fn deliver(
    tx: &mut AnyConnection,
    state: &AppState,
    meta: &RequestMeta,
    staff: &Staff<'_>,
    row: &RequestRow,
    decided: Status,
    decision: &Decision,
    details: &Details,
) -> Result<(), AppError> {
    let now = state.clock.now();
    // A minor's representative acts only until the 18th birthday: a result on the merits is
    // not delivered to them after it. Staff 却下 instead (the person may ask themselves).
    let ended = crate::requests::store::representation_ended(&mut *tx, row.id, kit::time::tokyo_date(now)).await?;
    if ended && !decision.outcome.ends_the_request() {
        return Err(AppError::Invalid(vec![FieldError::new("outcome", Problem::RepresentationEnded)]));
    }
    // A 却下 has closed the request already; any other decision is now 通知済.
    let to = if decided.is_closed() {
        decided
    } else {
        next(decided, Role::System, Action::Notify).map_err(|_| AppError::internal("lifecycle", "notify"))?
    };
    sqlx::query("UPDATE requests SET status = $1, decided_on = $2, outcome = $3, due_on = NULL WHERE id = $4")
        .bind(to.code())
        .bind(kit::time::tokyo_date(now).to_string())
        .bind(decision.outcome.code())
        .bind(row.id)
        .execute(&mut *tx)
        .await?;
    if to != decided {
        insert_event(tx, now, row.id, ("system", None), (Action::Notify.code(), true), Some(decided), to, None).await?;
    }
    if let (Outcome::Corrected, Details::Correction { item, item_label, current, change, .. }, Some(value), Some(member)) =
        (decision.outcome, details, &decision.corrected_value, row.subject_member_id)
    {
        let after = if *change == ChangeKind::Delete { None } else { Some(value.as_str()) };
        instruct(tx, state, meta, staff, row, member, *item, &before(*item, item_label, current), after).await?;
    }
    if let (Outcome::Suspended | Outcome::Alternative, Details::Suspension { measure, target, .. }, Some(member)) =
        (decision.outcome, details, row.subject_member_id)
    {
        super::measures::carry_out(tx, state, meta, staff, row, member, decision.outcome, *measure, target, &decision.scope).await?;
    }
    let download = download_reaches(&mut *tx, state, row, details, decision.outcome).await?;
    let addressee = addressee(row);
    crate::delivery::store::release(tx, state, row, addressee, download).await?;
    if let Some(member) = addressee {
        notify(tx, now, row.id, member, &row.receipt, "decision").await?;
    }
    // Both are written to: the person, now of age, learns a request about them ended and
    // that they may ask in their own name.
    if ended && let Some(subject) = row.subject_member_id.filter(|s| Some(*s) != addressee) {
        notify(tx, now, row.id, subject, &row.receipt, "decision").await?;
    }
    refresh_due(tx, state, row, to).await
}

/// 34条: the approved 訂正 becomes an instruction for the core system (the portal's
/// registry is its copy, and changes when an import carries the new value).
#[allow(clippy::too_many_arguments)]
async fn instruct(
    tx: &mut AnyConnection,
    state: &AppState,
    meta: &RequestMeta,
    staff: &Staff<'_>,
    row: &RequestRow,
    member: i64,
    item: HeldItem,
    asked_about: &str,
    after: Option<&str>,
) -> Result<(), AppError> {
    use crate::delivery::corrections::{field, stored_value};
    let now = state.clock.now();
    // A 削除 instructs the core system to remove what was asked about: the new value is empty.
    let new = match after {
        None => String::new(),
        Some(after) => {
            stored_value(item, after).ok_or_else(|| AppError::Invalid(vec![FieldError::new("corrected_value", Problem::CorrectionValue)]))?
        }
    };
    // The value held now, in the registry's form (what an import will be compared with).
    let old = match field(item) {
        // `col` comes from the fixed list of registry columns, never from input.
        Some(col) => sqlx::query_scalar::<_, String>(&format!("SELECT {col} FROM members WHERE id = $1"))
            .bind(member)
            .fetch_optional(&mut *tx)
            .await?
            .unwrap_or_default(),
        None => asked_about.to_string(),
    };
    crate::delivery::corrections::store::instruct(tx, now, row.id, member, field(item).unwrap_or("other"), &old, &new, staff.staff_id).await?;
    let detail = serde_json::json!({ "field": field(item).unwrap_or("other") });
    append(tx, now, meta, &registry_audit(staff, AuditAction::CorrectionInstruct, row, member, detail)).await?;
    Ok(())
}

/// What a correction is about, as the decision and the instruction record it: the held
/// value, or for その他 the member's own words naming it.
fn before(item: HeldItem, item_label: &str, current: &str) -> String {
    if item == HeldItem::Other { item_label.to_string() } else { current.to_string() }
}

/// The audit event of a decision's effect on a member's registry data.
fn registry_audit(staff: &Staff<'_>, action: AuditAction, row: &RequestRow, member: i64, detail: serde_json::Value) -> AuditEvent {
    audit(staff, action, row, detail).data(DataCategory::Registry).record(format!("members/{member}"))
}

