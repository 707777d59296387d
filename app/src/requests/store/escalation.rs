//! Complaints that go to the 責任者 at once. A complaint suggesting a 漏えい等 may be a
//! 26条 matter (a report to the Commission, a notice to the person) whose clock does not
//! wait for the queue: on arrival, whatever the channel, it is recorded as escalated, the
//! 責任者's mailbox is written to (where configured, without personal data), and the staff
//! pages show it until a 責任者 records having seen it.

use sqlx::AnyConnection;

use super::{RequestPolicy, local_time};
use crate::platform::audit::store::append;
use crate::platform::audit::{Action, AuditEvent, DataCategory, RequestMeta};
use crate::platform::db::instant_text;
use crate::platform::state::AppState;
use crate::requests::draft::Details;
use crate::requests::{Escalation, OpenEscalation};
use kit::access::{Caller, StaffRole};
use kit::error::AppError;

/// Why a complaint went to the 責任者 (the only reason today).
const SUSPECTED_LEAK: &str = "suspected_leak";

/// That a request is to be escalated as it is stored, and to which mailbox.
#[derive(Clone, Debug)]
pub(crate) struct EscalationDue {
    officer_email: Option<String>,
}

/// Whether what is asked goes to the 責任者 at once (read before the write).
pub(crate) fn escalation_due(state: &AppState, details: &Details) -> Option<EscalationDue> {
    match details {
        Details::Complaint { category, .. } if category.escalates() => {
            Some(EscalationDue { officer_email: state.feature::<RequestPolicy>().officer_email.clone() })
        }
        _ => None,
    }
}

/// Escalates the request just stored: in the caller's transaction, with its audit event
/// and the 責任者's email.
pub(crate) async fn escalate(
    tx: &mut AnyConnection,
    now: chrono::DateTime<chrono::Utc>,
    meta: &RequestMeta,
    due: &EscalationDue,
    (request_id, receipt, subject): (i64, &str, Option<i64>),
) -> Result<(), AppError> {
    sqlx::query("INSERT INTO request_escalations (request_id, reason, escalated_at) VALUES ($1, $2, $3)")
        .bind(request_id)
        .bind(SUSPECTED_LEAK)
        .bind(instant_text(now))
        .execute(&mut *tx)
        .await?;
    let officer = &due.officer_email;
    if let Some(to) = officer {
        super::notifications::queue_mail(&mut *tx, now, to, crate::platform::mail::leak_suspected(receipt)).await?;
    }
    let event = AuditEvent::system("complaint-escalation", Action::RequestEscalate)
        .about(subject)
        .data(DataCategory::Request)
        .record(format!("requests/{request_id}"))
        .purpose(receipt.to_string())
        .detail(serde_json::json!({ "reason": SUSPECTED_LEAK, "emailed": officer.is_some() }));
    append(tx, now, meta, &event).await?;
    Ok(())
}

/// The escalation of a request, if it has one.
pub async fn escalation_of(state: &AppState, receipt: &str) -> Result<Option<Escalation>, AppError> {
    let row: Option<EscalationRow> = sqlx::query_as(
        "SELECT e.escalated_at, s.staff_number || ' ' || s.name AS acknowledged_by, e.acknowledged_at \
         FROM request_escalations e JOIN requests r ON r.id = e.request_id \
         LEFT JOIN staff s ON s.id = e.acknowledged_by WHERE r.receipt_number = $1",
    )
    .bind(receipt)
    .fetch_optional(&state.db.pool)
    .await?;
    Ok(row.map(|r| Escalation {
        escalated_at: local_time(&r.escalated_at),
        acknowledged: r.acknowledged_by.zip(r.acknowledged_at.as_deref().map(local_time)),
    }))
}

/// A stored escalation, with the name of whoever acknowledged it.
#[derive(sqlx::FromRow)]
struct EscalationRow {
    escalated_at: String,
    acknowledged_by: Option<String>,
    acknowledged_at: Option<String>,
}

/// Escalations waiting for a 責任者, oldest first.
pub async fn open_escalations(state: &AppState) -> Result<Vec<OpenEscalation>, AppError> {
    let rows: Vec<OpenRow> = sqlx::query_as(
        "SELECT r.receipt_number, e.escalated_at FROM request_escalations e JOIN requests r ON r.id = e.request_id \
         WHERE e.acknowledged_at IS NULL ORDER BY e.escalated_at, e.request_id",
    )
    .fetch_all(&state.db.pool)
    .await?;
    Ok(rows.into_iter().map(|r| OpenEscalation { receipt: r.receipt_number, escalated_at: local_time(&r.escalated_at) }).collect())
}

/// An unacknowledged escalation.
#[derive(sqlx::FromRow)]
struct OpenRow {
    receipt_number: String,
    escalated_at: String,
}

/// A 責任者 records having seen the escalation (once; again is no change).
pub async fn acknowledge(state: &AppState, meta: &RequestMeta, caller: &Caller, receipt: &str) -> Result<(), AppError> {
    let Caller::Staff { staff_id, roles } = caller else { return Err(AppError::Forbidden) };
    if !roles.contains(&StaffRole::Approver) {
        return Err(AppError::Forbidden);
    }
    let now = state.clock.now();
    let _turn = state.db.write_turn().await;
    let mut tx = state.db.begin().await?;
    let target: Option<(i64, Option<i64>)> = sqlx::query_as(
        "SELECT r.id, r.subject_member_id FROM request_escalations e JOIN requests r ON r.id = e.request_id \
         WHERE r.receipt_number = $1 AND e.acknowledged_at IS NULL",
    )
    .bind(receipt)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((request_id, subject)) = target else {
        tx.rollback().await?;
        return Ok(());
    };
    sqlx::query("UPDATE request_escalations SET acknowledged_by = $1, acknowledged_at = $2 WHERE request_id = $3 AND acknowledged_at IS NULL")
        .bind(staff_id)
        .bind(instant_text(now))
        .bind(request_id)
        .execute(&mut *tx)
        .await?;
    let event = AuditEvent::by(caller.clone(), Action::RequestEscalationAcknowledge)
        .about(subject)
        .data(DataCategory::Request)
        .record(format!("requests/{request_id}"))
        .purpose(receipt.to_string());
    append(&mut tx, now, meta, &event).await?;
    tx.commit().await?;
    Ok(())
}
