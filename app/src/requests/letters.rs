//! Reading decisions (server only): the latest decision on a request, and the
//! 決定通知書 as the society sends it. Deciding and carrying out live in `decisions`.


use super::decision::{CarriedOut, DataScope, Decision, DecisionRecord, DecisionState, Fee, LegalGround, Outcome};
use super::draft::Measure;
use super::store::{NamedRow, date, local_time, may_see, request_by_receipt, row_parts};
use super::{Letter, ResultDelivery};
use kit::error::AppError;
use kit::access::Caller;
use crate::platform::audit::{Action, AuditEvent, DataCategory, RequestMeta};
use crate::platform::audit::store::{audited_read, record_standalone};
use crate::platform::state::AppState;

/// A decision as stored, with who decided and who approved it. Codes and instants stay
/// text here; [`latest`] converts them.
#[derive(sqlx::FromRow)]
struct DecisionRow {
    outcome: String,
    ground: String,
    reason: String,
    previous_value: Option<String>,
    corrected_value: Option<String>,
    fee: String,
    state: String,
    decided_at: String,
    /// None for the system's own decision (補正なしで終了).
    decided_by_number: Option<String>,
    approved_at: Option<String>,
    approved_by_number: Option<String>,
    decided_by_name: Option<String>,
    approved_by_name: Option<String>,
    measure_scope: Option<String>,
}

/// Whom a 決定通知書 is addressed to, and where (known only for a paper request).
#[derive(Default, sqlx::FromRow)]
struct Addressee {
    name: String,
    address: Option<String>,
}

/// The latest decision on a request. Staff see who decided and approved; members see the
/// result only once it reached them.
pub async fn latest(state: &AppState, request_id: i64, for_staff: bool) -> Result<Option<DecisionRecord>, AppError> {
    let row: Option<DecisionRow> = sqlx::query_as(
        "SELECT d.outcome, d.ground, d.reason, d.previous_value, d.corrected_value, d.fee, d.state, d.decided_at, \
         s.staff_number AS decided_by_number, d.approved_at, a.staff_number AS approved_by_number, \
         s.name AS decided_by_name, a.name AS approved_by_name, d.measure_scope FROM request_decisions d \
         LEFT JOIN staff s ON s.id = d.decided_by LEFT JOIN staff a ON a.id = d.approved_by \
         WHERE d.request_id = $1 ORDER BY d.id DESC LIMIT 1",
    )
    .bind(request_id)
    .fetch_optional(&state.db.pool)
    .await?;
    let Some(r) = row else { return Ok(None) };
    let state_ = DecisionState::from_code(&r.state).ok_or_else(|| AppError::internal("request_decisions.state", &r.state))?;
    if !for_staff && !matches!(state_, DecisionState::Approved | DecisionState::Final) {
        return Ok(None);
    }
    let decision = Decision {
        outcome: Outcome::from_code(&r.outcome).ok_or_else(|| AppError::internal("request_decisions.outcome", &r.outcome))?,
        ground: LegalGround::from_code(&r.ground).ok_or_else(|| AppError::internal("request_decisions.ground", &r.ground))?,
        reason: r.reason,
        corrected_value: r.corrected_value,
        fee: Fee::from_code(&r.fee).ok_or_else(|| AppError::internal("request_decisions.fee", &r.fee))?,
        scope: super::decision::MeasureScope::from_stored(r.measure_scope.as_deref()),
    };
    let decided_on = local_time(r.approved_at.as_deref().unwrap_or(&r.decided_at));
    Ok(Some(DecisionRecord {
        decision,
        previous_value: r.previous_value,
        state: state_,
        decided_on: decided_on.get(..10).unwrap_or_default().to_string(),
        decided_by: if for_staff {
            // The system closes a request whose 補正依頼 went unanswered: staff read so.
            Some(match r.decided_by_number {
                Some(n) => format!("{n} {}", r.decided_by_name.unwrap_or_default()),
                None => crate::requests::texts::RqText::of(kit::i18n::Lang::Ja).decided_by_system.to_string(),
            })
        } else {
            None
        },
        approved_by: if for_staff {
            r.approved_by_number.map(|n| format!("{n} {}", r.approved_by_name.unwrap_or_default()))
        } else {
            None
        },
    }))
}

/// The 決定通知書 for a request: to the member once it reached them, to staff as soon as
/// a decision exists (the 責任者 reads the letter before approving).
pub async fn letter(state: &AppState, meta: &RequestMeta, caller: &Caller, receipt: &str) -> Result<Letter, AppError> {
    let found = request_by_receipt(state, receipt).await?.filter(|found| may_see(&found.request, caller));
    let event = AuditEvent::by(caller.clone(), Action::RequestLetter).data(DataCategory::Request);
    let Some(NamedRow { request: row, subject_name }) = found else {
        record_standalone(state, meta, &event.refused()).await;
        return Err(AppError::NotFound);
    };
    let event = event.about(row.subject_member_id).record(format!("requests/{}", row.id)).purpose(row.receipt.clone());
    let for_staff = matches!(caller, Caller::Staff { .. });
    audited_read(state, meta, event, || async {
        let decision = latest(state, row.id, for_staff).await?.ok_or(AppError::NotFound)?;
        let (t, _, details) = row_parts(&row)?;
        let (_, p) = crate::publication::store::current_shared(state).await?.ok_or(AppError::Unavailable)?;
        let addressee_id = if row.deliver_to_subject == 1 { row.subject_member_id } else { row.requester_member_id };
        // Online: the member's registry name (the letter is in their inbox). On paper or at
        // the counter: the requester and address the intake recorded (the letter is posted).
        let addressee: Option<Addressee> = match addressee_id {
            Some(id) => {
                sqlx::query_as("SELECT name, NULL AS address FROM members WHERE id = $1").bind(id).fetch_optional(&state.db.pool).await?
            }
            None => {
                sqlx::query_as("SELECT requester_name AS name, requester_address AS address FROM request_intakes WHERE request_id = $1")
                    .bind(row.id)
                    .fetch_optional(&state.db.pool)
                    .await?
            }
        };
        let addressee = addressee.unwrap_or_default();
        Ok(Letter {
            society_name: p.society.name.clone(),
            society_address: format!("〒{} {}", p.society.postal_code, p.society.address),
            representative: p.society.representative.clone(),
            inquiry: p.procedure.inquiry.clone(),
            addressee: addressee.name,
            addressee_address: addressee.address,
            subject_name: subject_name.unwrap_or_default(),
            receipt: row.receipt.clone(),
            received_on: date(&row.received_on).map(|d| d.format("%Y年%-m月%-d日").to_string()).unwrap_or_default(),
            request_type: t,
            delivery: result_delivery(state, &row, t, &details, &decision).await?,
            details,
            decision,
            measures: carried_out(&state.db.pool, row.id).await?,
        })
    })
    .await
}

/// How a disclosing decision's data reaches the member: in the portal until the end of the
/// download period (set when the decision is approved), or by post. None for a decision
/// that discloses nothing, or for a request without a package.
async fn result_delivery(
    state: &AppState,
    row: &super::store::RequestRow,
    t: kit::rights::RequestType,
    details: &super::draft::Details,
    decision: &DecisionRecord,
) -> Result<Option<ResultDelivery>, AppError> {
    use kit::rights::RequestType;
    let outcome = decision.decision.outcome;
    if !matches!(t, RequestType::Disclosure | RequestType::ThirdPartyRecordDisclosure) || !outcome.delivers_data() {
        return Ok(None);
    }
    if outcome == Outcome::MethodDifficult {
        return Ok(Some(ResultDelivery::PostInstead));
    }
    let method = super::store::chosen_method(state, row, details).await?;
    if !super::decision::result_by_download(method, Some(outcome)) {
        return Ok(Some(ResultDelivery::Post));
    }
    let expires: Option<Option<String>> =
        sqlx::query_scalar("SELECT expires_at FROM disclosure_packages WHERE request_id = $1").bind(row.id).fetch_optional(&state.db.pool).await?;
    let base = state.feature::<crate::identity::PortalAddress>().0;
    Ok(Some(ResultDelivery::Download {
        until: expires.flatten().map(|e| local_time(&e)),
        days: state.feature::<super::store::RequestPolicy>().download_days,
        page: (!base.is_empty()).then(|| format!("{base}/requests/{}", row.receipt)),
    }))
}

/// A `data_restrictions` row of a request with its core-system instruction, as read.
#[derive(sqlx::FromRow)]
struct MeasureRow {
    measure: String,
    scope: Option<String>,
    recipient: Option<String>,
    erased_count: Option<i64>,
    instruction: Option<String>,
}

/// What a decided 利用停止等 did (35条), for the 決定通知書 and the request page.
pub async fn carried_out(db: &sqlx::AnyPool, request_id: i64) -> Result<Vec<CarriedOut>, AppError> {
    // The instruction of the same measure about the same thing (its target words).
    let rows: Vec<MeasureRow> = sqlx::query_as(
        "SELECT d.measure, d.scope, d.recipient, d.erased_count, \
         (SELECT c.status FROM correction_instructions c WHERE c.request_id = d.request_id \
          AND c.field = 'measure_' || d.measure ORDER BY c.id LIMIT 1) AS instruction \
         FROM data_restrictions d WHERE d.request_id = $1 AND d.marking <> 'alternative' ORDER BY d.id",
    )
    .bind(request_id)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            let scope = r.scope.as_deref().and_then(DataScope::from_code);
            Some(CarriedOut {
                measure: Measure::from_code(&r.measure)?,
                instructed: r.instruction.is_some() && scope.is_none_or(DataScope::held_by_core_system),
                instruction_done: r.instruction.as_deref() == Some("done"),
                scope,
                recipient: r.recipient,
                erased: r.erased_count,
            })
        })
        .collect())
}
