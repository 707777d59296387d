//! The ledger in the database (server only): the publication's typed uses, reading entries
//! (audited for the page), and recording one entry with its audit event.

use super::{Draft, EntryForm, Ledger, ProvisionLine, ProvisionStop, PublishedUses, RECORD_ROLES, names_recipient, parse_key};
use crate::platform::audit::{Action, AuditEvent, DataCategory, RequestMeta};
use crate::platform::audit::store::{append, audited_read};
use crate::platform::state::AppState;
use crate::publication::model::{Publication, UseKind};
use kit::access::Caller;
use kit::error::AppError;
use kit::form::{FieldError, Problem};

mod import;

pub use import::{import, parse_import};

/// The publication's typed uses a ledger line is checked against.
pub async fn published_uses(state: &AppState) -> Result<PublishedUses, AppError> {
    let (_, p) = crate::publication::store::current_shared(state).await?.ok_or(AppError::Unavailable)?;
    Ok(typed_uses(&p))
}

/// A publication's uses a ledger line may name.
pub fn typed_uses(p: &Publication) -> PublishedUses {
    let mut by_law = Vec::new();
    let mut with_consent = Vec::new();
    let mut apart = Vec::new();
    for area in &p.purpose_areas {
        for u in &area.uses {
            match &u.kind {
                UseKind::ProvisionByLaw { .. } => by_law.push(u.text.clone()),
                UseKind::ProvisionWithConsent { .. } => with_consent.push(u.text.clone()),
                UseKind::Outsourced => apart.push(u.text.clone()),
                UseKind::JointUse(j) => {
                    apart.push(u.text.clone());
                    apart.push(j.responsible_party.name.clone());
                }
                UseKind::Internal => {}
            }
        }
    }
    PublishedUses { by_law, with_consent, kept_apart: apart }
}

/// One entry as read, with its subject's 記号・番号・枝番 and its recorder's staff number.
#[derive(sqlx::FromRow)]
struct LineRow {
    id: i64,
    direction: String,
    occurred_on: String,
    counterparty: String,
    counterparty_address: Option<String>,
    counterparty_representative: Option<String>,
    subject_key: String,
    items: String,
    basis: String,
    basis_detail: String,
    acquisition: Option<String>,
    recorded_by: String,
}
const COLUMNS: &str = "p.id, p.direction, p.occurred_on, p.counterparty, p.counterparty_address, p.counterparty_representative, \
    m.symbol || '-' || m.number || '-' || m.branch AS subject_key, p.items, p.basis, p.basis_detail, p.acquisition, \
    s.staff_number AS recorded_by";

fn line(r: LineRow) -> ProvisionLine {
    ProvisionLine {
        id: r.id,
        direction: r.direction,
        occurred_on: r.occurred_on,
        counterparty: r.counterparty,
        counterparty_address: r.counterparty_address,
        counterparty_representative: r.counterparty_representative,
        subject_key: r.subject_key,
        items: r.items,
        basis: r.basis,
        basis_detail: r.basis_detail,
        acquisition: r.acquisition,
        recorded_by: r.recorded_by,
    }
}

/// Entries, newest first: of one member, or the latest 200 of all.
pub async fn entries(state: &AppState, subject: Option<i64>) -> Result<Vec<ProvisionLine>, AppError> {
    let from = "FROM provision_records p JOIN members m ON m.id = p.subject_member_id JOIN staff s ON s.id = p.recorded_by";
    let rows: Vec<LineRow> = match subject {
        Some(id) => {
            sqlx::query_as(&format!("SELECT {COLUMNS} {from} WHERE p.subject_member_id = $1 ORDER BY p.occurred_on DESC, p.id DESC"))
                .bind(id)
                .fetch_all(&state.db.pool)
                .await?
        }
        None => sqlx::query_as(&format!("SELECT {COLUMNS} {from} ORDER BY p.id DESC LIMIT 200")).fetch_all(&state.db.pool).await?,
    };
    Ok(rows.into_iter().map(line).collect())
}

pub async fn member_by_key(state: &AppState, key: &(String, String, String)) -> Result<Option<i64>, AppError> {
    crate::registry::store::find_id_by_card(state, &key.0, &key.1, &key.2).await
}

/// The ledger page (of one member when `key` names one); the read is recorded.
pub async fn ledger(state: &AppState, meta: &RequestMeta, caller: &Caller, key: &str) -> Result<Ledger, AppError> {
    let Caller::Staff { roles, .. } = caller else { return Err(AppError::Forbidden) };
    let subject = match key.trim() {
        "" => None,
        k => {
            let found = match parse_key(k) {
                Some(parsed) => member_by_key(state, &parsed).await?,
                None => None,
            };
            Some(found.ok_or_else(|| AppError::BadQuery(vec![FieldError::new("key", Problem::NotInRegistry)]))?)
        }
    };
    let event = AuditEvent::by(caller.clone(), Action::ProvisionList)
        .data(DataCategory::Provision)
        .about(subject)
        .record(subject.map(|s| format!("provision_records?member={s}")))
        .purpose("third-party provision ledger");
    let PublishedUses { by_law, with_consent, kept_apart } = published_uses(state).await?;
    let can_record = roles.iter().any(|r| RECORD_ROLES.contains(r));
    audited_read(state, meta, event, || async {
        let stops = match subject {
            Some(s) => stops(state, s).await?,
            None => Vec::new(),
        };
        Ok(Ledger { lines: entries(state, subject).await?, by_law, with_consent, kept_apart, can_record, stops })
    })
    .await
}

/// The decided stops of provision of `subject`'s data (35条3項), oldest first.
pub async fn stops(state: &AppState, subject: i64) -> Result<Vec<ProvisionStop>, AppError> {
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT recipient, receipt_number, created_at FROM data_restrictions \
         WHERE member_id = $1 AND marking = 'provision_stopped' AND recipient IS NOT NULL ORDER BY id",
    )
    .bind(subject)
    .fetch_all(&state.db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(recipient, receipt, at)| ProvisionStop { recipient, receipt, decided_on: kit::time::tokyo_time(&at).get(..10).unwrap_or_default().to_string() })
        .collect())
}

/// The stop a provision of `subject`'s data to `counterparty` meets, if any.
pub async fn stop_for(state: &AppState, subject: i64, counterparty: &str) -> Result<Option<ProvisionStop>, AppError> {
    Ok(stops(state, subject).await?.into_iter().find(|s| names_recipient(&s.recipient, counterparty)))
}

/// Records one entry (checked against the publication), with its audit event, in one
/// transaction. A provision to a recipient a decided 第三者提供の停止 names is refused
/// (and the attempt audited) unless its basis is a law (27条1項各号); then it is recorded
/// and the stop's receipt number returned for the warning.
pub async fn record(state: &AppState, meta: &RequestMeta, caller: &Caller, form: &EntryForm) -> Result<(i64, Option<String>), AppError> {
    let Caller::Staff { staff_id, .. } = *caller else { return Err(AppError::Forbidden) };
    let now = state.clock.now();
    let uses = published_uses(state).await?;
    let draft = form.check(kit::time::tokyo_date(now), &uses).map_err(AppError::Invalid)?;
    let subject = member_by_key(state, &draft.subject_key)
        .await?
        .ok_or_else(|| AppError::Invalid(vec![FieldError::new("subject_key", Problem::NotInRegistry)]))?;
    let stop = match draft.direction {
        "provided" => stop_for(state, subject, &draft.counterparty).await?,
        _ => None,
    };
    if let Some(stop) = &stop
        && draft.basis != "law"
    {
        let refused = AuditEvent::by(caller.clone(), Action::ProvisionRecord)
            .about(subject)
            .data(DataCategory::Provision)
            .record("provision_records")
            .purpose(stop.receipt.clone())
            .detail(serde_json::json!({ "refusal": "provision_stopped", "stopped_by": stop.receipt }))
            .refused();
        crate::platform::audit::store::record_standalone(state, meta, &refused).await;
        return Err(AppError::Invalid(vec![FieldError::new("counterparty", Problem::ProvisionStopped)]));
    }
    let _turn = state.db.write_turn().await;
    let mut tx = state.db.begin().await?;
    let id = insert_entry(&mut tx, meta, caller, staff_id, subject, &draft, now).await?;
    tx.commit().await?;
    Ok((id, stop.map(|s| s.receipt)))
}

/// One entry and its audit event (naming its subject), in the caller's transaction.
pub(super) async fn insert_entry(
    tx: &mut sqlx::AnyConnection,
    meta: &RequestMeta,
    caller: &Caller,
    staff_id: i64,
    subject: i64,
    draft: &Draft,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<i64, AppError> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO provision_records (direction, occurred_on, counterparty, counterparty_address, subject_member_id, items, \
         basis, basis_detail, acquisition, recorded_by, recorded_at, counterparty_representative) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
    )
    .bind(draft.direction)
    .bind(draft.occurred_on.to_string())
    .bind(&draft.counterparty)
    .bind(draft.counterparty_address.as_deref())
    .bind(subject)
    .bind(&draft.items)
    .bind(draft.basis)
    .bind(&draft.basis_detail)
    .bind(draft.acquisition.as_deref())
    .bind(staff_id)
    .bind(crate::platform::db::instant_text(now))
    .bind(draft.counterparty_representative.as_deref())
    .fetch_one(&mut *tx)
    .await?;
    let event = AuditEvent::by(caller.clone(), Action::ProvisionRecord)
        .about(subject)
        .data(DataCategory::Provision)
        .record(format!("provision_records/{id}"))
        .purpose("third-party provision ledger")
        .detail(serde_json::json!({ "direction": draft.direction, "basis": draft.basis }));
    append(tx, now, meta, &event).await?;
    Ok(id)
}
