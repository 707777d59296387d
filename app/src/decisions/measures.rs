//! 35条 carried out (server only), inside the approval that makes the decision final:
//! - 利用停止: the portal stops its use (the notice lines are no longer shown as 医療費の
//!   お知らせ; they stay disclosable) and instructs the core system;
//! - 消去 (35条2項・4項: without delay): the portal erases its own copies — notice lines,
//!   documents of earlier requests, files of earlier 開示 — records a 廃棄記録 per kind
//!   (what, how many, why), and instructs the core system where the data came from it;
//! - 第三者提供の停止 (35条3項・4項): the stop is recorded against the recipient the
//!   decision names; the ledger then refuses provisions to it without a legal basis.
//!
//! Each measure is a `data_restrictions` row, which outlives the request (the receipt
//! number is kept with it): what it stopped stays stopped.

use sqlx::AnyConnection;

use crate::delivery::corrections::measure_field;
use crate::platform::audit::store::append;
use crate::platform::audit::{Action as AuditAction, AuditEvent, DataCategory, RequestMeta};
use crate::platform::db::instant_text;
use crate::platform::state::AppState;
use crate::requests::decision::{DataScope, MeasureScope, Outcome};
use crate::requests::draft::Measure;
use crate::requests::store::RequestRow;
use kit::error::AppError;
use kit::i18n::Lang;

use super::carry_out::Staff;

/// One `data_restrictions` row.
struct Marking<'a> {
    measure: Measure,
    target: &'a str,
    scope: Option<DataScope>,
    recipient: Option<&'a str>,
    marking: &'static str,
    erased: Option<i64>,
}

/// Carries out a decided 利用停止等 (`Suspended`), or records the alternative measure
/// taken instead (`Alternative`, 35条2項・4項 ただし書).
#[allow(clippy::too_many_arguments)]
pub(super) async fn carry_out(
    tx: &mut AnyConnection,
    state: &AppState,
    meta: &RequestMeta,
    staff: &Staff<'_>,
    row: &RequestRow,
    member: i64,
    outcome: Outcome,
    measure: Measure,
    target: &str,
    scope: &MeasureScope,
) -> Result<(), AppError> {
    let now = state.clock.now();
    let base = Marking { measure, target, scope: None, recipient: None, marking: "alternative", erased: None };
    if outcome == Outcome::Alternative {
        return mark(tx, state, meta, staff, row, member, &base).await;
    }
    match measure {
        Measure::StopProvision => {
            let recipient = scope.recipient.as_str();
            mark(tx, state, meta, staff, row, member, &Marking { recipient: Some(recipient), marking: "provision_stopped", ..base }).await?;
            instruct(tx, state, staff, row, member, measure, recipient).await?;
        }
        Measure::StopUse => {
            for s in &scope.data {
                mark(tx, state, meta, staff, row, member, &Marking { scope: Some(*s), marking: "use_stopped", ..base }).await?;
                if s.held_by_core_system() {
                    instruct(tx, state, staff, row, member, measure, s.label(Lang::Ja)).await?;
                }
            }
        }
        Measure::Erase => {
            for s in &scope.data {
                let (count, refs) = erase(tx, state, row, member, *s).await?;
                mark(tx, state, meta, staff, row, member, &Marking { scope: Some(*s), marking: "erased", erased: Some(count), ..base }).await?;
                let reason = format!("個人情報保護法第35条に基づく消去の決定（受付番号 {}）: {}", row.receipt, s.label(Lang::Ja));
                let event = AuditEvent::by(staff_caller(staff), AuditAction::ErasureCarryOut)
                    .about(member)
                    .data(DataCategory::Retention)
                    .record(format!("disposal_records/erasure?request={}", row.id))
                    .purpose(row.receipt.clone());
                let erased = crate::retention::erasure::Erased { receipt: &row.receipt, scope: s.code(), reason, refs, count };
                crate::retention::erasure::record(tx, now, meta, event, &erased).await?;
                if s.held_by_core_system() {
                    instruct(tx, state, staff, row, member, measure, s.label(Lang::Ja)).await?;
                }
            }
        }
    }
    Ok(())
}

fn staff_caller(staff: &Staff<'_>) -> kit::access::Caller {
    kit::access::Caller::Staff { staff_id: staff.staff_id, roles: staff.roles.to_vec() }
}

/// Erases the portal's copies of one kind of the member's data: (records erased, what by
/// reference — months or ids, never the data).
async fn erase(tx: &mut AnyConnection, state: &AppState, row: &RequestRow, member: i64, scope: DataScope) -> Result<(i64, Vec<String>), AppError> {
    let ids = |ids: Vec<i64>| (ids.len() as i64, ids.into_iter().map(|i| i.to_string()).collect());
    Ok(match scope {
        DataScope::NoticeLines => crate::notices::measures::erase_member_lines(tx, member).await?,
        DataScope::Documents => ids(crate::requests::store::erase_documents(tx, member, row.id).await?),
        DataScope::Packages => ids(crate::delivery::store::erase_archives(tx, state.db.backend, member, row.id).await?),
        // Refused when the decision was validated; never erased here.
        DataScope::ProvisionLedger => return Err(AppError::internal("measures", "the ledger is kept by law")),
    })
}

async fn mark(
    tx: &mut AnyConnection,
    state: &AppState,
    meta: &RequestMeta,
    staff: &Staff<'_>,
    row: &RequestRow,
    member: i64,
    m: &Marking<'_>,
) -> Result<(), AppError> {
    let now = state.clock.now();
    sqlx::query(
        "INSERT INTO data_restrictions (member_id, request_id, receipt_number, measure, target, scope, recipient, marking, erased_count, \
         staff_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(member)
    .bind(row.id)
    .bind(&row.receipt)
    .bind(m.measure.code())
    .bind(m.target)
    .bind(m.scope.map(DataScope::code))
    .bind(m.recipient)
    .bind(m.marking)
    .bind(m.erased)
    .bind(staff.staff_id)
    .bind(instant_text(now))
    .execute(&mut *tx)
    .await?;
    let detail = serde_json::json!({ "marking": m.marking, "scope": m.scope.map(DataScope::code), "erased": m.erased });
    let event = AuditEvent::by(staff_caller(staff), AuditAction::RestrictionMark)
        .about(member)
        .data(DataCategory::Registry)
        .record(format!("members/{member}"))
        .purpose(row.receipt.clone())
        .detail(detail);
    append(tx, now, meta, &event).await?;
    Ok(())
}

/// The core system holds the data too: it gets an instruction, tracked on the staff
/// instructions page until staff confirm it was carried out there.
async fn instruct(
    tx: &mut AnyConnection,
    state: &AppState,
    staff: &Staff<'_>,
    row: &RequestRow,
    member: i64,
    measure: Measure,
    what: &str,
) -> Result<(), AppError> {
    let now = state.clock.now();
    crate::delivery::corrections::store::instruct(tx, now, row.id, member, measure_field(measure), what, measure.label(Lang::Ja), staff.staff_id)
        .await
}
