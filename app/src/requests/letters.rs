//! Reading decisions (server only): the latest decision on a request, and the
//! 決定通知書 as the society sends it. Deciding and carrying out live in `decisions`.


use super::decision::{Decision, DecisionRecord, DecisionState, Fee, LegalGround, Outcome};
use super::store::{date, local_time, may_see, request_by_receipt, row_parts};
use super::Letter;
use kit::error::AppError;
use kit::access::Caller;
use crate::platform::audit::{Action, AuditEvent, DataCategory, RequestMeta, audited_read, record_standalone};
use crate::platform::state::AppState;

type DecisionRow = (String, String, String, Option<String>, Option<String>, String, String, String, String, Option<String>, Option<String>, Option<String>, Option<String>);

/// The latest decision on a request. Staff see who decided and approved; members see the
/// result only once it reached them.
pub async fn latest(state: &AppState, request_id: i64, for_staff: bool) -> Result<Option<DecisionRecord>, AppError> {
    let row: Option<DecisionRow> = sqlx::query_as(
        "SELECT d.outcome, d.ground, d.reason, d.previous_value, d.corrected_value, d.fee, d.state, d.decided_at, \
         s.staff_number, d.approved_at, a.staff_number, s.name, a.name FROM request_decisions d \
         JOIN staff s ON s.id = d.decided_by LEFT JOIN staff a ON a.id = d.approved_by \
         WHERE d.request_id = $1 ORDER BY d.id DESC LIMIT 1",
    )
    .bind(request_id)
    .fetch_optional(&state.db.pool)
    .await?;
    let Some(r) = row else { return Ok(None) };
    let state_ = DecisionState::from_code(&r.6).ok_or_else(|| AppError::internal("request_decisions.state", &r.6))?;
    if !for_staff && !matches!(state_, DecisionState::Approved | DecisionState::Final) {
        return Ok(None);
    }
    let decision = Decision {
        outcome: Outcome::from_code(&r.0).ok_or_else(|| AppError::internal("request_decisions.outcome", &r.0))?,
        ground: LegalGround::from_code(&r.1).ok_or_else(|| AppError::internal("request_decisions.ground", &r.1))?,
        reason: r.2,
        corrected_value: r.4,
        fee: Fee::from_code(&r.5).ok_or_else(|| AppError::internal("request_decisions.fee", &r.5))?,
    };
    let decided_on = local_time(r.9.as_deref().unwrap_or(&r.7));
    Ok(Some(DecisionRecord {
        decision,
        previous_value: r.3,
        state: state_,
        decided_on: decided_on.get(..10).unwrap_or_default().to_string(),
        decided_by: for_staff.then(|| format!("{} {}", r.8, r.11.unwrap_or_default())),
        approved_by: if for_staff { r.10.map(|n| format!("{n} {}", r.12.unwrap_or_default())) } else { None },
    }))
}

/// The 決定通知書 for a request: to the member once it reached them, to staff as soon as
/// a decision exists (the 責任者 reads the letter before approving).
pub async fn letter(state: &AppState, meta: &RequestMeta, caller: &Caller, receipt: &str) -> Result<Letter, AppError> {
    let found = request_by_receipt(state, receipt).await?.filter(|(row, _)| may_see(row, caller));
    let event = AuditEvent::by(caller.clone(), Action::RequestLetter).data(DataCategory::Request);
    let Some((row, subject_name)) = found else {
        record_standalone(state, meta, &event.refused()).await;
        return Err(AppError::NotFound);
    };
    let event = event.about(row.5).record(format!("requests/{}", row.0)).purpose(row.1.clone());
    let for_staff = matches!(caller, Caller::Staff { .. });
    audited_read(state, meta, event, || async {
        let decision = latest(state, row.0, for_staff).await?.ok_or(AppError::NotFound)?;
        let (t, _, details) = row_parts(&row)?;
        let (_, p) = crate::publication::ssr::current_shared(state).await?.ok_or(AppError::Unavailable)?;
        let addressee_id = if row.7 == 1 { row.5 } else { row.4 };
        // Online: the member's registry name (the letter is in their inbox). On paper or at
        // the counter: the requester and address the intake recorded (the letter is posted).
        let addressee: Option<(String, Option<String>)> = match addressee_id {
            Some(id) => sqlx::query_as("SELECT name, NULL FROM members WHERE id = $1").bind(id).fetch_optional(&state.db.pool).await?,
            None => {
                sqlx::query_as("SELECT requester_name, requester_address FROM request_intakes WHERE request_id = $1")
                    .bind(row.0)
                    .fetch_optional(&state.db.pool)
                    .await?
            }
        };
        let (addressee, addressee_address) = addressee.unwrap_or_default();
        Ok(Letter {
            society_name: p.society.name.clone(),
            society_address: format!("〒{} {}", p.society.postal_code, p.society.address),
            representative: p.society.representative.clone(),
            inquiry: p.procedure.inquiry.clone(),
            addressee,
            addressee_address,
            subject_name: subject_name.unwrap_or_default(),
            receipt: row.1.clone(),
            received_on: date(&row.11).map(|d| d.format("%Y年%-m月%-d日").to_string()).unwrap_or_default(),
            request_type: t,
            details,
            decision,
        })
    })
    .await
}
