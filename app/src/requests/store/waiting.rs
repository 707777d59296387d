//! The daily sweep over requests that wait on the requester ([`crate::requests::waiting`]):
//! the reminder, then 補正なしで終了 with its letter. Each request's step is one
//! transaction with its event, its notification and its audit event; a request a person
//! moved meanwhile is left for the next sweep (its version changed).

use super::{REQUEST_COLUMNS, RequestPolicy, RequestRow, insert_event, notify, refresh_due, transition};
use crate::platform::audit::store::append;
use crate::platform::audit::{Action as AuditAction, AuditEvent, DataCategory, RequestMeta};
use crate::platform::db::instant_text;
use crate::platform::state::AppState;
use crate::requests::decision::{Fee, LegalGround, Outcome};
use crate::requests::lifecycle::{Action, Role, Status, next};
use crate::requests::texts::RqText;
use crate::requests::waiting::WaitStep;
use kit::error::AppError;
use kit::i18n::Lang;

/// What one sweep did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Swept {
    /// 補正 waits reminded and closed.
    pub reminded: usize,
    pub closed: usize,
    /// Unpaid fees (38条) reminded, and requests closed for one.
    pub fees_reminded: usize,
    pub fees_closed: usize,
}

/// A waiting request with the day the society asked and the day it reminded (of this wait).
#[derive(sqlx::FromRow)]
struct Waiting {
    #[sqlx(flatten)]
    row: RequestRow,
    asked_at: Option<String>,
    reminded_at: Option<String>,
}

/// The job's name in the audit record.
const JOB: &str = "waiting-sweep";

/// Reminds and closes as [`crate::requests::waiting::WaitPolicy`] says, as of the clock's today.
pub async fn sweep(state: &AppState, meta: &RequestMeta) -> Result<Swept, AppError> {
    let policy = state.feature::<RequestPolicy>().waiting;
    let now = state.clock.now();
    let today = kit::time::tokyo_date(now);
    let rows: Vec<Waiting> = sqlx::query_as(&format!(
        "SELECT {REQUEST_COLUMNS}, \
         (SELECT MAX(e.occurred_at) FROM request_events e WHERE e.request_id = r.id AND e.to_status = r.status \
            AND e.action IN ('ask_member', 'reject_documents')) AS asked_at, \
         (SELECT MAX(e.occurred_at) FROM request_events e WHERE e.request_id = r.id AND e.action = 'remind') AS reminded_at \
         FROM requests r WHERE r.status IN ('needs_documents', 'needs_input') ORDER BY r.id"
    ))
    .fetch_all(&state.db.pool)
    .await?;
    let mut swept = Swept::default();
    for Waiting { row, asked_at, reminded_at } in rows {
        let Some(asked_at) = asked_at else { continue };
        let day = |at: &str| chrono::DateTime::parse_from_rfc3339(at).ok().map(|t| kit::time::tokyo_date(t.to_utc()));
        let Some(since) = day(&asked_at) else { continue };
        // A reminder of an earlier wait (before this 補正依頼) does not count for this one.
        let reminded = reminded_at.filter(|r| *r > asked_at).as_deref().and_then(day);
        match policy.step(since, reminded, today) {
            WaitStep::Nothing => {}
            WaitStep::Remind => {
                if system_step(state, meta, &row, Action::Remind, &RqText::of(Lang::Ja).reminder_message(&policy.last_day(today).to_string())).await? {
                    swept.reminded += 1;
                }
            }
            WaitStep::Close => {
                if system_step(state, meta, &row, Action::Lapse, RqText::of(Lang::Ja).lapse_message).await? {
                    swept.closed += 1;
                }
            }
        }
    }
    let (fees_reminded, fees_closed) = crate::requests::fees::store::sweep(state, meta, policy, today).await?;
    Ok(Swept { fees_reminded, fees_closed, ..swept })
}

/// One reminder or close (of a 補正 or of an unpaid fee), in one transaction; false when
/// the request moved meanwhile.
pub(crate) async fn system_step(state: &AppState, meta: &RequestMeta, row: &RequestRow, action: Action, message: &str) -> Result<bool, AppError> {
    let Some(status) = Status::from_code(&row.status) else { return Err(AppError::internal("requests.status", &row.status)) };
    let Ok(to) = next(status, Role::System, action) else { return Ok(false) };
    let now = state.clock.now();
    let _turn = state.db.write_turn().await;
    let mut tx = state.db.begin().await?;
    match transition(&mut tx, now, row, to).await {
        Ok(()) => {}
        // Someone answered or acted since the sweep read the request: the next sweep decides.
        Err(AppError::Conflict) => return Ok(false),
        Err(e) => return Err(e),
    }
    insert_event(&mut tx, now, row.id, ("system", None), (action.code(), true), Some(status), to, Some(message)).await?;
    let closes = matches!(action, Action::Lapse | Action::LapseUnpaid);
    let audit = AuditEvent::system(JOB, if closes { AuditAction::RequestDecide } else { AuditAction::RequestAct })
        .about(row.subject_member_id)
        .data(DataCategory::Request)
        .record(format!("requests/{}", row.id))
        .purpose(row.receipt.clone());
    if closes {
        // The system's own decision, final at once: the letter the member reads says why
        // the request ended and that they may ask again at any time.
        sqlx::query(
            "INSERT INTO request_decisions (request_id, outcome, ground, reason, fee, decided_by, decided_at, state) \
             VALUES ($1, $2, $3, $4, $5, NULL, $6, 'final')",
        )
        .bind(row.id)
        .bind(Outcome::Lapsed.code())
        .bind(if action == Action::LapseUnpaid { LegalGround::FeeUnpaid } else { LegalGround::DismissNoAnswer }.code())
        .bind(message)
        .bind(Fee::NotCharged.code())
        .bind(instant_text(now))
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE requests SET decided_on = $1, outcome = $2 WHERE id = $3")
            .bind(kit::time::tokyo_date(now).to_string())
            .bind(Outcome::Lapsed.code())
            .bind(row.id)
            .execute(&mut *tx)
            .await?;
        append(&mut tx, now, meta, &audit.detail(serde_json::json!({ "outcome": Outcome::Lapsed.code() }))).await?;
    } else {
        append(&mut tx, now, meta, &audit.detail(serde_json::json!({ "step": action.code() }))).await?;
    }
    let addressee = if row.deliver_to_subject == 1 { row.subject_member_id } else { row.requester_member_id };
    if let Some(member) = addressee.or(row.requester_member_id) {
        notify(&mut tx, now, row.id, member, &row.receipt, if closes { "decision" } else { "reminder" }).await?;
    }
    refresh_due(&mut tx, state, row, to).await?;
    tx.commit().await?;
    Ok(true)
}
