//! Instructions and their settling in the database (server only).

use chrono::{DateTime, Utc};
use sqlx::AnyConnection;

use super::*;
use crate::platform::db::instant_text;
use kit::access::Caller;
use crate::platform::audit::{Action as AuditAction, AuditEvent, DataCategory, RequestMeta};
use crate::platform::audit::store::{append, audited_read};
use crate::requests::lifecycle::{Action, Status};
use crate::platform::state::AppState;

/// Inside the approval: the instruction for the core system.
#[allow(clippy::too_many_arguments)]
pub async fn instruct(
    tx: &mut AnyConnection,
    now: DateTime<Utc>,
    request_id: i64,
    member_id: i64,
    field: &str,
    old: &str,
    new: &str,
    approved_by: i64,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO correction_instructions (request_id, member_id, field, old_value, new_value, approved_by, created_at, status) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending')",
    )
    .bind(request_id)
    .bind(member_id)
    .bind(field)
    .bind(old)
    .bind(new)
    .bind(approved_by)
    .bind(instant_text(now))
    .execute(&mut *tx)
    .await?;
    Ok(())
}

fn day(text: &str) -> String {
    kit::time::tokyo_time(text).get(..10).unwrap_or_default().to_string()
}

/// The instructions of one request, for its page.
pub async fn for_request(state: &AppState, request_id: i64) -> Result<Vec<CorrectionStatus>, AppError> {
    let rows: Vec<StatusRow> = sqlx::query_as(
        "SELECT field, new_value, status, done_at FROM correction_instructions WHERE request_id = $1 \
         AND field NOT LIKE 'measure_%' ORDER BY id",
    )
    .bind(request_id)
    .fetch_all(&state.db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| CorrectionStatus {
            item_label: field_label(&r.field).into(),
            new_value: r.new_value,
            done: r.status == "done",
            done_on: r.done_at.as_deref().map(day),
        })
        .collect())
}

/// Where one instruction of a request stands.
#[derive(sqlx::FromRow)]
struct StatusRow {
    field: String,
    new_value: String,
    status: String,
    done_at: Option<String>,
}

/// An instruction as the import compares it with what it brings.
#[derive(sqlx::FromRow)]
struct Instruction {
    id: i64,
    request_id: i64,
    field: String,
    old_value: String,
    new_value: String,
    status: String,
}

pub use crate::registry::store::Reconciled;

/// The 訂正 instructions, as the registry import's [`crate::registry::store::Reconcile`]
/// seam: an import that carries a correction settles it.
pub struct Instructions;

impl crate::registry::store::Reconcile for Instructions {
    /// Inside a registry import, for one member whose fields change (`field`, stored,
    /// imported): settles the instructions on those fields.
    async fn reconcile(
        &self,
        tx: &mut AnyConnection,
        now: DateTime<Utc>,
        meta: &RequestMeta,
        member_id: i64,
        changed: &[(&str, &String, &String)],
        source: &str,
    ) -> Result<Reconciled, AppError> {
        let open: Vec<Instruction> = sqlx::query_as(
            "SELECT id, request_id, field, old_value, new_value, status FROM correction_instructions \
             WHERE member_id = $1 AND field <> 'other' ORDER BY id DESC",
        )
        .bind(member_id)
        .fetch_all(&mut *tx)
        .await?;
        let mut out = Reconciled::default();
        for (f, stored, imported) in changed {
            // The latest instruction on the field decides.
            let Some(instruction) = open.iter().find(|i| i.field == *f) else { continue };
            let Instruction { id, request_id, old_value: old, new_value: new, .. } = instruction;
            let standing = if instruction.status == "done" { Standing::Done } else { Standing::Pending };
            match settle(standing, (old, new), (stored, imported)) {
                Settle::Unrelated => {}
                Settle::Done => {
                    sqlx::query("UPDATE correction_instructions SET status = 'done', done_at = $1, done_source = $2 WHERE id = $3")
                        .bind(instant_text(now))
                        .bind(source)
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                    let by = AuditEvent::system("registry-import", AuditAction::CorrectionDone);
                    let receipt = tell_member(tx, now, meta, by, *request_id, member_id, f, old, new).await?;
                    out.settled.push((f.to_string(), receipt));
                }
                Settle::Conflict => {
                    sqlx::query(
                        "INSERT INTO registry_conflicts (instruction_id, member_id, field, imported_value, kept_value, source, created_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7)",
                    )
                    .bind(id)
                    .bind(member_id)
                    .bind(*f)
                    .bind(imported.as_str())
                    .bind(stored.as_str())
                    .bind(source)
                    .bind(instant_text(now))
                    .execute(&mut *tx)
                    .await?;
                    let a = AuditEvent::system("registry-import", AuditAction::CorrectionConflict)
                        .about(member_id)
                        .data(DataCategory::Registry)
                        .record(format!("correction_instructions/{id}"));
                    append(tx, now, meta, &a).await?;
                    if let Some(col) = field_static(f) {
                        out.kept.push(col);
                    }
                }
            }
        }
        Ok(out)
    }
}

fn field_static(f: &str) -> Option<&'static str> {
    HeldItem::ALL.into_iter().filter_map(field).find(|c| *c == f)
}

/// 34条3項: the member is told the correction was made, and what changed.
#[allow(clippy::too_many_arguments)]
async fn tell_member(
    tx: &mut AnyConnection,
    now: DateTime<Utc>,
    meta: &RequestMeta,
    by: AuditEvent,
    request_id: i64,
    member_id: i64,
    f: &str,
    old: &str,
    new: &str,
) -> Result<String, AppError> {
    let request: Addressing = sqlx::query_as(
        "SELECT receipt_number, status, requester_member_id, subject_member_id, deliver_to_subject FROM requests WHERE id = $1",
    )
    .bind(request_id)
    .fetch_one(&mut *tx)
    .await?;
    let receipt = request.receipt_number;
    let status = Status::from_code(&request.status).ok_or_else(|| AppError::internal("requests.status", &request.status))?;
    let ja = kit::i18n::Lang::Ja;
    let message = match measure_words(f) {
        // 利用停止等: what the core system did, about what (35条7項: the person is told).
        Some(measure) => crate::delivery::texts::DeliveryFileText::of(ja).measure_done_message(measure, old),
        None => {
            let new = crate::requests::texts::RqText::of(ja).shown_after(new);
            crate::delivery::texts::DeliveryFileText::of(ja).correction_done_message(field_label(f), old, new)
        }
    };
    crate::requests::store::insert_event(tx, now, request_id, ("system", None), (Action::Message.code(), true), Some(status), status, Some(&message))
        .await?;
    if let Some(to) = if request.deliver_to_subject == 1 { request.subject_member_id } else { request.requester_member_id } {
        crate::requests::store::notify(tx, now, request_id, to, &receipt, "correction_done").await?;
    }
    let a = by
        .about(member_id)
        .data(DataCategory::Registry)
        .record(format!("requests/{request_id}"))
        .purpose(receipt.clone());
    append(tx, now, meta, &a).await?;
    Ok(receipt)
}

/// A request's number, status and whom its news goes to.
#[derive(sqlx::FromRow)]
struct Addressing {
    receipt_number: String,
    status: String,
    requester_member_id: Option<i64>,
    subject_member_id: Option<i64>,
    deliver_to_subject: i64,
}

/// An instruction with its request and member, read as [`LINE_SQL`].
#[derive(sqlx::FromRow)]
struct LineRow {
    id: i64,
    receipt_number: String,
    /// 記号・番号・枝番
    member_key: String,
    field: String,
    old_value: String,
    new_value: String,
    created_at: String,
    insurer_number: String,
    exported_at: Option<String>,
    done_at: Option<String>,
}
const LINE_SQL: &str = "SELECT c.id, r.receipt_number, m.symbol || '・' || m.number || '・' || m.branch AS member_key, c.field, \
    c.old_value, c.new_value, c.created_at, m.insurer_number, c.exported_at, c.done_at FROM correction_instructions c \
    JOIN requests r ON r.id = c.request_id JOIN members m ON m.id = c.member_id";

fn line(r: LineRow) -> InstructionLine {
    InstructionLine {
        id: r.id,
        receipt: r.receipt_number,
        member_key: r.member_key,
        field: r.field,
        old_value: r.old_value,
        new_value: r.new_value,
        created_on: day(&r.created_at),
        exported: r.exported_at.is_some(),
        done_on: r.done_at.as_deref().map(day),
    }
}

/// An import flagged for going back on a done instruction, not yet settled.
#[derive(sqlx::FromRow)]
struct ConflictRow {
    id: i64,
    receipt_number: String,
    /// 記号・番号・枝番
    member_key: String,
    field: String,
    imported_value: String,
    kept_value: String,
    created_at: String,
}

/// A flagged import, as its settlement needs it.
#[derive(sqlx::FromRow)]
struct OpenConflict {
    member_id: i64,
    field: String,
    imported_value: String,
    kept_value: String,
}

fn audit(caller: &Caller, action: AuditAction) -> AuditEvent {
    AuditEvent::by(caller.clone(), action)
        .data(DataCategory::Registry)
        .record("correction_instructions")
}

pub async fn overview(state: &AppState, meta: &RequestMeta, caller: &Caller) -> Result<CorrectionsPage, AppError> {
    audited_read(state, meta, audit(caller, AuditAction::CorrectionList), || async {
        let db = &state.db.pool;
        let pending: Vec<LineRow> = sqlx::query_as(&format!("{LINE_SQL} WHERE c.status = 'pending' ORDER BY c.id")).fetch_all(db).await?;
        let done: Vec<LineRow> = sqlx::query_as(&format!("{LINE_SQL} WHERE c.status = 'done' ORDER BY c.done_at DESC, c.id DESC LIMIT 50")).fetch_all(db).await?;
        let conflicts: Vec<ConflictRow> = sqlx::query_as(
            "SELECT k.id, r.receipt_number, m.symbol || '・' || m.number || '・' || m.branch AS member_key, k.field, \
             k.imported_value, k.kept_value, k.created_at \
             FROM registry_conflicts k JOIN correction_instructions c ON c.id = k.instruction_id JOIN requests r ON r.id = c.request_id \
             JOIN members m ON m.id = k.member_id WHERE k.resolved_at IS NULL ORDER BY k.id",
        )
        .fetch_all(db)
        .await?;
        Ok(CorrectionsPage {
            pending: pending.into_iter().map(line).collect(),
            done: done.into_iter().map(line).collect(),
            conflicts: conflicts
                .into_iter()
                .map(|c| ConflictLine {
                    id: c.id,
                    receipt: c.receipt_number,
                    member_key: c.member_key,
                    field: c.field,
                    imported_value: c.imported_value,
                    kept_value: c.kept_value,
                    created_on: day(&c.created_at),
                })
                .collect(),
        })
    })
    .await
}

/// The CSV for the core system: every pending instruction (marked exported).
pub async fn export(state: &AppState, meta: &RequestMeta, caller: &Caller) -> Result<String, AppError> {
    let now = state.clock.now();
    let _turn = state.db.write_turn().await;
    let mut tx = state.db.begin().await?;
    let rows: Vec<LineRow> = sqlx::query_as(&format!("{LINE_SQL} WHERE c.status = 'pending' ORDER BY c.id")).fetch_all(&mut *tx).await?;
    sqlx::query("UPDATE correction_instructions SET exported_at = $1 WHERE status = 'pending' AND exported_at IS NULL")
        .bind(instant_text(now))
        .execute(&mut *tx)
        .await?;
    let a = audit(caller, AuditAction::CorrectionExport).detail(serde_json::json!({ "lines": rows.len() }));
    append(&mut tx, now, meta, &a).await?;
    tx.commit().await?;
    let header = crate::delivery::texts::DeliveryFileText::of(kit::i18n::Lang::Ja).instructions_csv_header;
    Ok(kit::csv::document(
        header.split(','),
        rows.into_iter().map(|r| {
            let created = day(&r.created_at);
            let after = crate::requests::texts::RqText::of(kit::i18n::Lang::Ja).shown_after(&r.new_value).to_string();
            [r.id.to_string(), r.receipt_number, r.insurer_number, r.member_key, field_label(&r.field).to_string(), r.old_value, after, created]
        }),
    ))
}

/// Settles a flagged import.
pub async fn resolve(state: &AppState, meta: &RequestMeta, caller: &Caller, id: i64, accept: bool) -> Result<(), AppError> {
    let found: Option<OpenConflict> =
        sqlx::query_as("SELECT member_id, field, imported_value, kept_value FROM registry_conflicts WHERE id = $1 AND resolved_at IS NULL")
            .bind(id)
            .fetch_optional(&state.db.pool)
            .await?;
    let Some(OpenConflict { member_id, field: f, imported_value: imported, kept_value: kept }) = found else {
        return Err(AppError::Conflict);
    };
    let now = state.clock.now();
    let _turn = state.db.write_turn().await;
    let mut tx = state.db.begin().await?;
    let changed = sqlx::query("UPDATE registry_conflicts SET resolved_at = $1 WHERE id = $2 AND resolved_at IS NULL")
        .bind(instant_text(now))
        .bind(id)
        .execute(&mut *tx)
        .await?;
    if changed.rows_affected() != 1 {
        return Err(AppError::Conflict);
    }
    if accept && let Some(col) = field_static(&f) {
        // `col` comes from the fixed list of registry columns, never from input.
        sqlx::query(&format!("UPDATE members SET {col} = $1, updated_at = $2 WHERE id = $3"))
            .bind(&imported)
            .bind(instant_text(now))
            .bind(member_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO member_history (member_id, field, old_value, new_value, source, changed_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(member_id)
        .bind(col)
        .bind(&kept)
        .bind(&imported)
        .bind(format!("conflict:{id}"))
        .bind(instant_text(now))
        .execute(&mut *tx)
        .await?;
    }
    let a = audit(caller, AuditAction::CorrectionConflictResolve)
        .about(member_id)
        .detail(serde_json::json!({ "conflict": id, "accepted_import": accept }));
    append(&mut tx, now, meta, &a).await?;
    tx.commit().await?;
    Ok(())
}

/// An instruction about something the registry does not carry (その他: a 削除, 追加 or
/// 訂正 the member described; a 35条 measure) cannot be settled by an import: staff mark it done once the
/// core system has it, and the member gets the 34条3項 notice as after an import.
pub async fn finish(state: &AppState, meta: &RequestMeta, caller: &Caller, id: i64) -> Result<(), AppError> {
    let now = state.clock.now();
    let _turn = state.db.write_turn().await;
    let mut tx = state.db.begin().await?;
    let open: Option<OtherInstruction> = sqlx::query_as(
        "SELECT request_id, member_id, field, old_value, new_value FROM correction_instructions \
         WHERE id = $1 AND (field = 'other' OR field LIKE 'measure_%') AND status = 'pending'",
    )
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(OtherInstruction { request_id, member_id, field, old_value, new_value }) = open else { return Err(AppError::Conflict) };
    sqlx::query("UPDATE correction_instructions SET status = 'done', done_at = $1, done_source = 'staff' WHERE id = $2 AND status = 'pending'")
        .bind(instant_text(now))
        .bind(id)
        .execute(&mut *tx)
        .await?;
    let by = AuditEvent::by(caller.clone(), AuditAction::CorrectionDone);
    tell_member(&mut tx, now, meta, by, request_id, member_id, &field, &old_value, &new_value).await?;
    tx.commit().await?;
    Ok(())
}

/// A pending その他 instruction, as marking it done needs it.
#[derive(sqlx::FromRow)]
struct OtherInstruction {
    request_id: i64,
    member_id: i64,
    /// `other`, or a 35条 measure's field.
    field: String,
    old_value: String,
    new_value: String,
}
