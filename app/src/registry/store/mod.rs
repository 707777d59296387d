//! Storing the member registry (server only), from its CSV export ([`parse_csv`]).

mod parse;

pub use parse::parse_csv;

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::csv_import::store::decode;
use crate::registry::{MemberKey, RegistryRecord, RejectedLine};
use crate::platform::db::instant_text;
use kit::error::AppError;
use crate::platform::audit::{Action, Actor, AuditEvent, DataCategory, RequestMeta};
use crate::platform::audit::store::append;
use crate::platform::state::AppState;

/// What a registry import asks of whoever tracks the changes the society itself asked the
/// core system to make (approved 訂正, 34条): the registry owns this seam and reports each
/// member's changed fields through it, without knowing who settles them. The server wires
/// the 訂正 instructions (`delivery::corrections::Instructions`) in.
pub trait Reconcile: Sync {
    /// For one member whose fields change (`field`, stored, imported), inside the
    /// import's transaction: which fields keep their stored value, which corrections the
    /// change settled.
    fn reconcile(
        &self,
        tx: &mut sqlx::AnyConnection,
        now: chrono::DateTime<chrono::Utc>,
        meta: &RequestMeta,
        member_id: i64,
        changed: &[(&str, &String, &String)],
        source: &str,
    ) -> impl std::future::Future<Output = Result<Reconciled, AppError>> + Send;
}

/// What an import's changes did to a member's pending corrections.
#[derive(Debug, Default)]
pub struct Reconciled {
    /// Fields whose stored value must be kept (flagged conflicts).
    pub kept: Vec<&'static str>,
    /// Fields a correction settled, with the 受付番号 of its request (for the history).
    pub settled: Vec<(String, String)>,
}

/// What an import did, line by line where it refused.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    pub decoded_as_cp932: bool,
    pub inserted: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Approved 訂正 (34条) this import carried: done, and the member told.
    pub corrections_done: usize,
    /// Changes that would have put back a value a 訂正 replaced: not applied, flagged.
    pub flagged: usize,
    /// When not empty, nothing was imported.
    pub rejected: Vec<RejectedLine>,
}

impl ImportReport {
    pub fn imported(&self) -> bool {
        self.rejected.is_empty()
    }
}

/// A person as the registry holds them: the fields an import compares.
#[derive(sqlx::FromRow)]
struct StoredRow {
    id: i64,
    name: String,
    name_kana: String,
    birth_date: String,
    sex: String,
    relationship: String,
    postal_code: String,
    address: String,
    acquired_on: String,
    lost_on: Option<String>,
}

/// Imports a core-system export. Every line is validated first; if any is rejected,
/// nothing is stored. Otherwise the whole file is applied in one transaction: new people
/// are inserted, changed fields are updated with a history row each, and unchanged
/// people are left alone, so importing the same file twice changes nothing.
pub async fn import(
    state: &AppState,
    meta: &RequestMeta,
    actor: Actor,
    bytes: &[u8],
    corrections: &impl Reconcile,
) -> Result<ImportReport, AppError> {
    let (text, decoded_as_cp932) = decode(bytes);
    let parsed = parse_csv(&text);
    let mut report = ImportReport { decoded_as_cp932, rejected: parsed.rejected, ..ImportReport::default() };
    if !report.rejected.is_empty() {
        return Ok(report);
    }
    let source = format!("import:{}", hex::encode(Sha256::digest(bytes)));
    let now = instant_text(state.clock.now());
    let mut tx = state.db.begin().await?;
    for (_, record) in &parsed.records {
        let existing: Option<StoredRow> = sqlx::query_as(
            "SELECT id, name, name_kana, birth_date, sex, relationship, postal_code, address, acquired_on, \
             lost_on FROM members \
             WHERE insurer_number = $1 AND symbol = $2 AND number = $3 AND branch = $4",
        )
        .bind(&record.key.insurer_number)
        .bind(&record.key.symbol)
        .bind(&record.key.number)
        .bind(&record.key.branch)
        .fetch_optional(&mut *tx)
        .await?;
        let new_fields = record.fields();
        match existing {
            None => {
                insert(&mut tx, record, &now).await?;
                report.inserted += 1;
            }
            Some(row) => {
                let id = row.id;
                // In the order of `RegistryRecord::fields`.
                let old_values = [
                    row.name,
                    row.name_kana,
                    row.birth_date,
                    row.sex,
                    row.relationship,
                    row.postal_code,
                    row.address,
                    row.acquired_on,
                    row.lost_on.unwrap_or_default(),
                ];
                let changed: Vec<(&str, &String, &String)> = new_fields
                    .iter()
                    .zip(old_values.iter())
                    .filter(|((_, new), old)| new != *old)
                    .map(|((field, new), old)| (*field, old, new))
                    .collect();
                if changed.is_empty() {
                    report.unchanged += 1;
                    continue;
                }
                let reconciled =
                    corrections.reconcile(&mut tx, state.clock.now(), meta, id, &changed, &source).await?;
                let kept = reconciled.kept;
                report.corrections_done += reconciled.settled.len();
                report.flagged += kept.len();
                update(&mut tx, id, record, &now).await?;
                for col in &kept {
                    // The corrected value stays until staff settle the conflict; `col`
                    // comes from the fixed list of registry columns.
                    let value = changed.iter().find(|(f, _, _)| f == col).map(|(_, old, _)| old.as_str()).unwrap_or_default();
                    sqlx::query(&format!("UPDATE members SET {col} = $1 WHERE id = $2")).bind(value).bind(id).execute(&mut *tx).await?;
                }
                for (field, old, new) in changed.into_iter().filter(|(f, _, _)| !kept.iter().any(|k| k == f)) {
                    sqlx::query(
                        "INSERT INTO member_history (member_id, field, old_value, new_value, source, changed_at) \
                         VALUES ($1, $2, $3, $4, $5, $6)",
                    )
                    .bind(id)
                    .bind(field)
                    .bind(old.as_str())
                    .bind(new.as_str())
                    // A change that carries out a 訂正 names its request (34条: whose and why).
                    .bind(match reconciled.settled.iter().find(|(f, _)| f == field) {
                        Some((_, receipt)) => format!("correction:{receipt}"),
                        None => source.clone(),
                    })
                    .bind(&now)
                    .execute(&mut *tx)
                    .await?;
                }
                report.updated += 1;
            }
        }
    }
    let event = AuditEvent::new(actor, Action::RegistryImport)
        .data(DataCategory::Registry)
        .detail(serde_json::json!({
            "source": source,
            "inserted": report.inserted,
            "updated": report.updated,
            "unchanged": report.unchanged,
            "corrections_done": report.corrections_done,
            "flagged": report.flagged,
        }));
    append(&mut tx, state.clock.now(), meta, &event).await?;
    tx.commit().await?;
    Ok(report)
}

type AnyQuery<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>;

/// Binds the record's data fields as $1–$9: name, kana, birth date, sex, relationship,
/// postal code, address, acquired, lost.
fn bind_fields<'q>(query: AnyQuery<'q>, r: &'q RegistryRecord) -> AnyQuery<'q> {
    query
        .bind(&r.name)
        .bind(&r.name_kana)
        .bind(r.birth_date.to_string())
        .bind(r.sex.code())
        .bind(r.relationship.code())
        .bind(&r.postal_code)
        .bind(&r.address)
        .bind(r.acquired_on.to_string())
        .bind(r.lost_on.map(|d| d.to_string()))
}

async fn insert(tx: &mut sqlx::AnyConnection, r: &RegistryRecord, now: &str) -> Result<(), sqlx::Error> {
    let query = sqlx::query(
        "INSERT INTO members (name, name_kana, birth_date, sex, relationship, postal_code, address, acquired_on, \
         lost_on, insurer_number, symbol, number, branch, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14)",
    );
    bind_fields(query, r)
        .bind(&r.key.insurer_number)
        .bind(&r.key.symbol)
        .bind(&r.key.number)
        .bind(&r.key.branch)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

async fn update(tx: &mut sqlx::AnyConnection, id: i64, r: &RegistryRecord, now: &str) -> Result<(), sqlx::Error> {
    let query = sqlx::query(
        "UPDATE members SET name = $1, name_kana = $2, birth_date = $3, sex = $4, relationship = $5, \
         postal_code = $6, address = $7, acquired_on = $8, lost_on = $9, updated_at = $10 WHERE id = $11",
    );
    bind_fields(query, r).bind(now).bind(id).execute(&mut *tx).await?;
    Ok(())
}

/// A person as the registry holds them (資格情報): the one shape in which every feature
/// reads a member's registry record.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Held {
    pub id: i64,
    pub insurer_number: String,
    /// 記号
    pub symbol: String,
    /// 番号
    pub number: String,
    /// 枝番
    pub branch: String,
    pub name: String,
    pub name_kana: String,
    pub birth_date: String,
    /// A [`Sex`](crate::registry::Sex) code.
    pub sex: String,
    /// A [`Relationship`](crate::registry::Relationship) code.
    pub relationship: String,
    pub postal_code: String,
    pub address: String,
    /// 資格取得日
    pub acquired_on: String,
    /// 資格喪失日
    pub lost_on: Option<String>,
}

/// The columns of [`Held`], read from `members m`.
pub const HELD_COLUMNS: &str = "m.id, m.insurer_number, m.symbol, m.number, m.branch, m.name, m.name_kana, m.birth_date, \
     m.sex, m.relationship, m.postal_code, m.address, m.acquired_on, m.lost_on";

impl Held {
    /// 性別 as the registry words it.
    pub fn sex_words(&self) -> &'static str {
        crate::registry::Sex::from_code(&self.sex).map_or("", |s| s.label(kit::i18n::Lang::Ja))
    }

    /// 続柄 as the registry words it.
    pub fn relationship_words(&self) -> &'static str {
        crate::registry::Relationship::from_code(&self.relationship)
            .unwrap_or(crate::registry::Relationship::Other)
            .label(kit::i18n::Lang::Ja)
    }
}

/// One person's registry record, if the registry has them.
pub async fn held<'c>(db: impl sqlx::Executor<'c, Database = sqlx::Any>, member_id: i64) -> Result<Option<Held>, AppError> {
    Ok(sqlx::query_as(&format!("SELECT {HELD_COLUMNS} FROM members m WHERE m.id = $1")).bind(member_id).fetch_optional(db).await?)
}

/// The id of the person with this 記号・番号・枝番 (as on the card, without the insurer
/// number: the portal serves one society), if the registry has them.
pub async fn find_id_by_card(state: &AppState, symbol: &str, number: &str, branch: &str) -> Result<Option<i64>, AppError> {
    Ok(sqlx::query_scalar("SELECT id FROM members WHERE symbol = $1 AND number = $2 AND branch = $3")
        .bind(symbol)
        .bind(number)
        .bind(branch)
        .fetch_optional(&state.db.pool)
        .await?)
}

/// The id of the person with this key, if the registry has them.
pub async fn find_id(state: &AppState, key: &MemberKey) -> Result<Option<i64>, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT id FROM members WHERE insurer_number = $1 AND symbol = $2 AND number = $3 AND branch = $4",
    )
    .bind(&key.insurer_number)
    .bind(&key.symbol)
    .bind(&key.number)
    .bind(&key.branch)
    .fetch_optional(&state.db.pool)
    .await?)
}
