//! The fee's record (server only): reading where it stands, recording a payment or a
//! waiver (once, with its event, the member's notice and the audit event, in one
//! transaction), and the daily reminder and close of a fee left unpaid.

use chrono::NaiveDate;

use super::{FeeContext, FeeInfo, FeePaper, PaymentForm, Settlement, check_payment, check_waiver};
use crate::platform::audit::store::append;
use crate::platform::audit::{Action as AuditAction, AuditEvent, DataCategory, RequestMeta};
use crate::platform::db::instant_text;
use crate::platform::state::AppState;
use crate::publication::model::{PaymentKind, Publication};
use crate::requests::decision::FeeState;
use crate::requests::lifecycle::{Action, Status};
use crate::requests::store::{REQUEST_COLUMNS, RequestRow, insert_event, notify, row_parts, seen_by, system_step};
use super::texts::FeeText;
use crate::requests::waiting::{WaitPolicy, WaitStep};
use kit::access::Caller;
use kit::error::AppError;
use kit::i18n::Lang;

/// A settlement as stored.
#[derive(sqlx::FromRow)]
struct SettlementRow {
    kind: String,
    paid_on: Option<String>,
    method: Option<String>,
    amount_yen: Option<i64>,
    waiver_reason: Option<String>,
}

impl SettlementRow {
    fn read(self) -> Result<Settlement, AppError> {
        match (self.kind.as_str(), self.paid_on, self.method, self.amount_yen, self.waiver_reason) {
            ("paid", Some(on), Some(method), Some(amount_yen), None) => Ok(Settlement::Paid {
                on: on.parse::<NaiveDate>().map_err(|e| AppError::internal("fee_settlements.paid_on", e))?,
                method: PaymentKind::from_code(&method).ok_or_else(|| AppError::internal("fee_settlements.method", &method))?,
                amount_yen,
            }),
            ("waived", None, None, None, Some(reason)) => Ok(Settlement::Waived { reason }),
            (kind, ..) => Err(AppError::internal("fee_settlements.kind", kind)),
        }
    }
}

/// The request's settlement, if its fee was paid or waived.
pub async fn settlement<'c>(conn: impl sqlx::Executor<'c, Database = sqlx::Any>, request_id: i64) -> Result<Option<Settlement>, AppError> {
    let row: Option<SettlementRow> =
        sqlx::query_as("SELECT kind, paid_on, method, amount_yen, waiver_reason FROM fee_settlements WHERE request_id = $1")
            .bind(request_id)
            .fetch_optional(conn)
            .await?;
    row.map(SettlementRow::read).transpose()
}

/// Where the request's fee stands, for a decision.
pub async fn state_of<'c>(conn: impl sqlx::Executor<'c, Database = sqlx::Any>, request_id: i64, fee_yen: i64) -> Result<FeeState, AppError> {
    Ok(FeeState::of(fee_yen, settlement(conn, request_id).await?.as_ref().map(Settlement::paid)))
}

/// What the request page shows of the fee: `None` when it carries none. `publication`
/// is the version in force when the request came (its ways to pay).
pub(crate) async fn info(state: &AppState, row: &RequestRow, publication: Option<&Publication>) -> Result<Option<FeeInfo>, AppError> {
    if row.fee_yen <= 0 {
        return Ok(None);
    }
    let settlement = settlement(&state.db.pool, row.id).await?;
    let reminded: Option<String> =
        sqlx::query_scalar("SELECT MAX(occurred_on) FROM request_events WHERE request_id = $1 AND action = 'remind_fee'")
            .bind(row.id)
            .fetch_one(&state.db.pool)
            .await?;
    let policy = state.feature::<crate::requests::store::RequestPolicy>().waiting;
    let last_day = reminded.and_then(|d| d.parse::<NaiveDate>().ok()).map(|d| policy.last_day(d));
    Ok(Some(FeeInfo {
        amount_yen: row.fee_yen,
        state: FeeState::of(row.fee_yen, settlement.as_ref().map(Settlement::paid)),
        settlement,
        methods: publication.map(|p| p.procedure.payment_methods.clone()).unwrap_or_default(),
        last_day,
    }))
}

/// The payer as the paper names them.
#[derive(sqlx::FromRow, Default)]
struct Payer {
    name: String,
    address: Option<String>,
}

/// The 案内 or the 領収書 of a request's fee, for whoever may see the request (a read,
/// recorded). "Not found" for a request without a fee, like one that does not exist.
pub async fn paper(state: &AppState, meta: &RequestMeta, caller: &Caller, receipt: &str) -> Result<FeePaper, AppError> {
    use crate::platform::audit::store::audited_read;
    let row = seen_by(state, meta, caller, receipt, AuditAction::FeePaper, DataCategory::Request).await?;
    let event = AuditEvent::by(caller.clone(), AuditAction::FeePaper)
        .about(row.subject_member_id)
        .data(DataCategory::Request)
        .record(format!("requests/{}", row.id))
        .purpose(row.receipt.clone());
    audited_read(state, meta, event, || async {
        let publication = crate::publication::store::body(state, row.publication_version_id).await?;
        let fee = info(state, &row, publication.as_deref()).await?.ok_or(AppError::NotFound)?;
        // The sender as published today (an address may have moved since the request).
        let (_, p) = crate::publication::store::current_shared(state).await?.ok_or(AppError::Unavailable)?;
        let payer: Option<Payer> = match row.requester_member_id {
            Some(id) => sqlx::query_as("SELECT name, NULL AS address FROM members WHERE id = $1").bind(id).fetch_optional(&state.db.pool).await?,
            None => {
                sqlx::query_as("SELECT requester_name AS name, requester_address AS address FROM request_intakes WHERE request_id = $1")
                    .bind(row.id)
                    .fetch_optional(&state.db.pool)
                    .await?
            }
        };
        let payer = payer.unwrap_or_default();
        Ok(FeePaper {
            society_name: p.society.name.clone(),
            society_address: format!("〒{} {}", p.society.postal_code, p.society.address),
            representative: p.society.representative.clone(),
            inquiry: p.procedure.inquiry.clone(),
            addressee: payer.name,
            addressee_address: payer.address,
            receipt: row.receipt.clone(),
            received_on: row.received_on.parse().map_err(|e| AppError::internal("requests.received_on", e))?,
            issued_on: kit::time::tokyo_date(state.clock.now()),
            fee,
        })
    })
    .await
}

/// What staff post: a payment or a waiver.
pub enum Entry {
    Payment(PaymentForm),
    Waiver(String),
}

/// Records a payment or a waiver, once. Refused next to the field when the request has no
/// fee, is already settled, or the entry is wrong; a closed request takes nothing.
pub async fn record(state: &AppState, meta: &RequestMeta, caller: &Caller, receipt: &str, entry: Entry) -> Result<(), AppError> {
    let Caller::Staff { staff_id, .. } = caller else { return Err(AppError::Forbidden) };
    let row = seen_by(state, meta, caller, receipt, AuditAction::FeeRecord, DataCategory::Request).await?;
    let (_, status, _) = row_parts(&row)?;
    if status.is_closed() {
        return Err(AppError::Conflict);
    }
    let publication = crate::publication::store::body(state, row.publication_version_id).await?;
    let methods: Vec<PaymentKind> = publication.iter().flat_map(|p| p.procedure.payment_methods.iter().map(|m| m.kind)).collect();
    let already = settlement(&state.db.pool, row.id).await?;
    let received_on = row.received_on.parse::<NaiveDate>().map_err(|e| AppError::internal("requests.received_on", e))?;
    let now = state.clock.now();
    let c = FeeContext { fee_yen: row.fee_yen, received_on, today: kit::time::tokyo_date(now), methods: &methods, already: already.as_ref() };
    let settled = match &entry {
        Entry::Payment(form) => check_payment(&c, form),
        Entry::Waiver(reason) => check_waiver(&c, reason),
    }
    .map_err(AppError::Invalid)?;
    let ja = FeeText::of(Lang::Ja);
    let (action, message, detail) = match &settled {
        Settlement::Paid { on, method, amount_yen } => (
            Action::FeePaid,
            ja.fee_paid_message(&ja.yen(*amount_yen), &kit::time::format_date(*on, Lang::Ja), method.label(Lang::Ja)),
            serde_json::json!({ "settlement": "paid", "method": method.code() }),
        ),
        Settlement::Waived { reason } => (Action::FeeWaived, ja.fee_waived_message(reason), serde_json::json!({ "settlement": "waived" })),
    };
    let (paid_on, method, amount, reason) = match &settled {
        Settlement::Paid { on, method, amount_yen } => (Some(on.to_string()), Some(method.code()), Some(*amount_yen), None),
        Settlement::Waived { reason } => (None, None, None, Some(reason.clone())),
    };
    let _turn = state.db.write_turn().await;
    let mut tx = state.db.begin().await?;
    // The primary key keeps it to one: a second click (or a colleague's) finds it settled.
    let inserted = sqlx::query(
        "INSERT INTO fee_settlements (request_id, kind, paid_on, method, amount_yen, waiver_reason, recorded_by, recorded_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (request_id) DO NOTHING",
    )
    .bind(row.id)
    .bind(if paid_on.is_some() { "paid" } else { "waived" })
    .bind(paid_on)
    .bind(method)
    .bind(amount)
    .bind(reason)
    .bind(staff_id)
    .bind(instant_text(now))
    .execute(&mut *tx)
    .await?;
    if inserted.rows_affected() == 0 {
        return Err(AppError::Invalid(vec![kit::form::FieldError::new("fee", kit::form::Problem::FeeSettled)]));
    }
    insert_event(&mut tx, now, row.id, ("staff", Some(*staff_id)), (action.code(), true), Some(status), status, Some(&message)).await?;
    let event = AuditEvent::by(caller.clone(), AuditAction::FeeRecord)
        .about(row.subject_member_id)
        .data(DataCategory::Request)
        .record(format!("requests/{}", row.id))
        .purpose(row.receipt.clone())
        .detail(detail);
    append(&mut tx, now, meta, &event).await?;
    if let Some(member) = row.requester_member_id {
        notify(&mut tx, now, row.id, member, &row.receipt, "message").await?;
    }
    tx.commit().await?;
    Ok(())
}

/// A request whose fee is unpaid, with the day of its last fee reminder.
#[derive(sqlx::FromRow)]
struct Unpaid {
    #[sqlx(flatten)]
    row: RequestRow,
    reminded_on: Option<String>,
}

/// Reminds of an unpaid fee, then closes the request, as [`WaitPolicy`] says: counted
/// from the day of receipt, when the member was told the amount and how to pay. A
/// request waiting on a 補正, or with a decision pending, is left to that.
/// Returns how many were reminded and how many closed.
pub(crate) async fn sweep(state: &AppState, meta: &RequestMeta, policy: WaitPolicy, today: NaiveDate) -> Result<(usize, usize), AppError> {
    let rows: Vec<Unpaid> = sqlx::query_as(&format!(
        "SELECT {REQUEST_COLUMNS}, \
         (SELECT MAX(e.occurred_on) FROM request_events e WHERE e.request_id = r.id AND e.action = 'remind_fee') AS reminded_on \
         FROM requests r WHERE r.fee_yen > 0 AND r.status IN ('received', 'identity_check', 'in_review') \
         AND NOT EXISTS (SELECT 1 FROM fee_settlements f WHERE f.request_id = r.id) ORDER BY r.id"
    ))
    .fetch_all(&state.db.pool)
    .await?;
    let ja = FeeText::of(Lang::Ja);
    let (mut reminded_now, mut closed_now) = (0, 0);
    for Unpaid { row, reminded_on } in rows {
        let (t, status, _) = row_parts(&row)?;
        if !t.may_charge_fee() || status == Status::Lapsed {
            continue;
        }
        let Ok(since) = row.received_on.parse::<NaiveDate>() else { continue };
        let reminded = reminded_on.and_then(|d| d.parse::<NaiveDate>().ok());
        match policy.step(since, reminded, today) {
            WaitStep::Nothing => {}
            WaitStep::Remind => {
                let message = ja.fee_reminder_message(&kit::time::format_date(policy.last_day(today), Lang::Ja));
                if system_step(state, meta, &row, Action::RemindFee, &message).await? {
                    reminded_now += 1;
                }
            }
            WaitStep::Close => {
                if system_step(state, meta, &row, Action::LapseUnpaid, ja.fee_lapse_message).await? {
                    closed_now += 1;
                }
            }
        }
    }
    Ok((reminded_now, closed_now))
}

/// A fee the member still has to pay, on a request still waiting for its answer.
#[derive(sqlx::FromRow, Clone, Debug, PartialEq, Eq)]
pub struct FeeDue {
    pub receipt_number: String,
    pub request_type: String,
    pub fee_yen: i64,
}

/// The fees a member owes as requester: neither paid nor waived, on requests the society
/// has not answered yet (an answered or closed request no longer waits for it).
pub async fn due_for_requester(state: &AppState, member_id: i64) -> Result<Vec<FeeDue>, AppError> {
    let waiting: Vec<&'static str> = Status::ALL.into_iter().filter(|s| s.clock_runs()).map(Status::code).collect();
    let placeholders = (0..waiting.len()).map(|i| format!("${}", i + 2)).collect::<Vec<_>>().join(", ");
    let sql = format!(
        "SELECT r.receipt_number, r.request_type, r.fee_yen FROM requests r \
         WHERE r.requester_member_id = $1 AND r.fee_yen > 0 AND r.status IN ({placeholders}) \
         AND NOT EXISTS (SELECT 1 FROM fee_settlements f WHERE f.request_id = r.id) ORDER BY r.id"
    );
    let mut query = sqlx::query_as::<_, FeeDue>(&sql).bind(member_id);
    for code in waiting {
        query = query.bind(code);
    }
    Ok(query.fetch_all(&state.db.pool).await?)
}
