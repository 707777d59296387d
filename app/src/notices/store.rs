//! 医療費のお知らせ in the database (server only): the import, one member's year, and the
//! household display choices.

use std::collections::HashMap;

use serde::Serialize;
use sha2::{Digest, Sha256};

use chrono::Datelike;

use super::model::{DisplayChoice, ImportLine, NoticePerson, NoticeRow, NoticeYear, Visibility, parse_csv, visibility};
use crate::csv_import::{LineProblem, RejectedLine, decode};
use crate::db::{Bind, bind_all, instant_text, param};
use crate::error::AppError;
use crate::form::{FieldError, Problem};
use crate::identity::lifecycle::{Person, household_access};
use crate::records::{Actor, AuditEvent, RequestMeta, append};
use crate::state::AppState;

/// What an import did; when `rejected` is not empty, nothing was imported.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    pub decoded_as_cp932: bool,
    pub lines: usize,
    pub inserted: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub rejected: Vec<RejectedLine>,
    /// SHA-256 of the file, as each line's `source` names it.
    pub source: String,
}

impl ImportReport {
    pub fn imported(&self) -> bool {
        self.rejected.is_empty()
    }
}

/// Rows per statement. They travel as one JSON parameter, unpacked by the database
/// (SQLite's `json_each`, each row turned into binary JSON once so that `v->>n` does not
/// parse the row's text again; PostgreSQL's `jsonb_array_elements`): binding each value as
/// a parameter costs SQLite's driver the square of a statement's parameters.
const BATCH_ROWS: usize = 4096;

/// The rows of a batch as the statement's JSON parameter.
fn rows_json(chunk: &[NoticeRow]) -> Result<String, AppError> {
    let rows: Vec<_> = chunk
        .iter()
        .map(|l| (l.member_id, &l.month, &l.provider, l.category.code(), l.days, l.total_cost, l.copay, l.high_cost, l.additional))
        .collect();
    serde_json::to_string(&rows).map_err(|e| AppError::internal("notice rows", e))
}

/// The statement's opening (a CTE, before the INSERT) and the SELECT that unpacks `$1` (the
/// JSON rows) with `$2` (source) and `$3` (time).
fn unpack(backend: crate::db::Backend) -> (&'static str, &'static str) {
    match backend {
        // `WHERE true` lets SQLite's parser tell the upsert's ON from a join's.
        crate::db::Backend::Sqlite => (
            "WITH r AS MATERIALIZED (SELECT jsonb(value) AS v FROM json_each($1)) ",
            "SELECT v->>0, v->>1, v->>2, v->>3, v->>4, v->>5, v->>6, v->>7, v->>8, $2, $3 FROM r WHERE true",
        ),
        crate::db::Backend::Postgres => (
            "",
            "SELECT (e->>0)::bigint, e->>1, e->>2, e->>3, (e->>4)::integer, (e->>5)::bigint, (e->>6)::bigint, \
             (e->>7)::bigint, (e->>8)::bigint, $2, $3 FROM jsonb_array_elements($1::jsonb) AS e",
        ),
    }
}

const INSERT: &str = "INSERT INTO notice_lines (member_id, month, provider, category, days, total_cost, copay, \
    high_cost, additional, source, imported_at) ";
const KEY: &str = " ON CONFLICT (member_id, month, provider, category)";

/// Imports an export of the レセプト system. Every line is checked first (and its person
/// looked up in the registry); if any is refused, nothing is stored. Otherwise the whole
/// file goes in one transaction: new レセプト are inserted, corrected ones updated, and
/// unchanged ones left alone — so importing the same file twice changes nothing.
/// `progress(done, total)` is called as batches are written.
pub async fn import(
    state: &AppState,
    meta: &RequestMeta,
    actor: Actor,
    bytes: &[u8],
    progress: &(dyn Fn(usize, usize) + Send + Sync),
) -> Result<ImportReport, AppError> {
    let (text, decoded_as_cp932) = decode(bytes);
    let now = state.clock.now();
    let (lines, mut rejected) = parse_csv(&text, crate::time::tokyo_date(now));
    let ids = card_ids(state).await?;
    let mut resolved: Vec<NoticeRow> = Vec::with_capacity(lines.len());
    for (line, ImportLine { card, mut row }) in lines {
        match ids.get(&card) {
            Some(&id) => {
                row.member_id = id;
                resolved.push(row);
            }
            None => rejected.push(RejectedLine { line, problems: vec![LineProblem::UnknownMember] }),
        }
    }
    rejected.sort_by_key(|r| r.line);
    let mut report =
        ImportReport { decoded_as_cp932, lines: resolved.len() + rejected.len(), rejected, ..ImportReport::default() };
    if !report.rejected.is_empty() {
        return Ok(report);
    }
    report.source = hex::encode(Sha256::digest(bytes));
    let _turn = state.db.write_turn().await;
    let mut conn = state.db.pool.acquire().await?;
    let sqlite = state.db.backend == crate::db::Backend::Sqlite;
    if sqlite {
        // A month's file touches a leaf of the table for nearly every member: a page cache
        // that holds the table's hot part keeps that from going to the disk each time.
        sqlx::query("PRAGMA cache_size = -262144").execute(&mut *conn).await?;
    }
    let result = write_lines(&mut conn, state, meta, actor, &resolved, progress, now, &mut report).await;
    if sqlite {
        // The connection goes back to the pool with its usual cache (16 MiB).
        sqlx::query("PRAGMA cache_size = -16384").execute(&mut *conn).await?;
    }
    result?;
    Ok(report)
}

/// The lines of one file and its audit event, in one transaction on `conn`.
#[allow(clippy::too_many_arguments)]
async fn write_lines(
    conn: &mut sqlx::AnyConnection,
    state: &AppState,
    meta: &RequestMeta,
    actor: Actor,
    resolved: &[NoticeRow],
    progress: &(dyn Fn(usize, usize) + Send + Sync),
    now: chrono::DateTime<chrono::Utc>,
    report: &mut ImportReport,
) -> Result<(), AppError> {
    let source = format!("import:{}", report.source);
    let at = instant_text(now);
    let total = resolved.len();
    let mut tx = crate::db::begin_on(conn, state.db.backend).await?;
    let batch = BATCH_ROWS;
    let (with, values) = unpack(state.db.backend);
    for (done, chunk) in resolved.chunks(batch).enumerate() {
        let rows = rows_json(chunk)?;
        let inserted = sqlx::query(&format!("{with}{INSERT}{values}{KEY} DO NOTHING"))
            .bind(&rows)
            .bind(&source)
            .bind(&at)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        // Only when some レセプト were already there can any be a correction.
        let updated = if inserted < chunk.len() as u64 {
            let sql = format!(
                "{with}{INSERT}{values}{KEY} DO UPDATE SET days = excluded.days, total_cost = excluded.total_cost, \
                 copay = excluded.copay, high_cost = excluded.high_cost, additional = excluded.additional, \
                 source = excluded.source, imported_at = excluded.imported_at \
                 WHERE notice_lines.days <> excluded.days OR notice_lines.total_cost <> excluded.total_cost \
                 OR notice_lines.copay <> excluded.copay OR notice_lines.high_cost <> excluded.high_cost \
                 OR notice_lines.additional <> excluded.additional"
            );
            sqlx::query(&sql).bind(&rows).bind(&source).bind(&at).execute(&mut *tx).await?.rows_affected()
        } else {
            0
        };
        report.inserted += inserted;
        report.updated += updated;
        progress((done * batch + chunk.len()).min(total), total);
    }
    report.unchanged = total as u64 - report.inserted - report.updated;
    let mut event = AuditEvent::new(actor, "notice.import");
    event.data_category = Some("notices");
    event.record_ref = Some(format!("notice_lines?source={source}"));
    event.purpose = Some("医療費のお知らせ import".into());
    event.detail = Some(serde_json::json!({
        "source": source,
        "inserted": report.inserted,
        "updated": report.updated,
        "unchanged": report.unchanged,
    }));
    append(&mut tx, now, meta, &event).await?;
    tx.commit().await?;
    Ok(())
}

/// 記号・番号・枝番 → member id, for the whole registry (one society: 10万 people at most).
async fn card_ids(state: &AppState) -> Result<HashMap<(String, String, String), i64>, AppError> {
    let rows: Vec<(i64, String, String, String)> =
        sqlx::query_as("SELECT id, symbol, number, branch FROM members").fetch_all(&state.db.pool).await?;
    Ok(rows.into_iter().map(|(id, s, n, b)| ((s, n, b), id)).collect())
}

type PersonRow = (i64, String, String, String, String, String, String);

/// The viewer and the people of their household, with what the viewer may see of each.
pub async fn household(state: &AppState, member_id: i64) -> Result<(PersonRow, Vec<(PersonRow, Visibility)>), AppError> {
    const COLUMNS: &str = "id, insurer_number, symbol, number, relationship, birth_date, name";
    let me: PersonRow = sqlx::query_as(&format!("SELECT {COLUMNS} FROM members WHERE id = $1"))
        .bind(member_id)
        .fetch_optional(&state.db.reads)
        .await?
        .ok_or(AppError::NotFound)?;
    let others: Vec<PersonRow> = if me.4 == "insured" {
        sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM members WHERE insurer_number = $1 AND symbol = $2 AND number = $3 AND id <> $4 \
             ORDER BY branch"
        ))
        .bind(&me.1)
        .bind(&me.2)
        .bind(&me.3)
        .bind(member_id)
        .fetch_all(&state.db.reads)
        .await?
    } else {
        Vec::new()
    };
    let choices = latest_choices(state, &others.iter().map(|o| o.0).collect::<Vec<_>>()).await?;
    let today = crate::time::tokyo_date(state.clock.now());
    let person = |r: &PersonRow| {
        r.5.parse().ok().map(|birth| Person {
            member_id: r.0,
            household: ("", "", ""),
            is_insured: r.4 == "insured",
            birth,
        })
    };
    let mut people = vec![(me.clone(), Visibility::Own)];
    for o in others {
        let seen = match (person(&me), person(&o)) {
            (Some(mut viewer), Some(mut subject)) => {
                viewer.household = (&me.1, &me.2, &me.3);
                subject.household = (&o.1, &o.2, &o.3);
                visibility(household_access(viewer, subject, today), choices.get(&o.0).copied())
            }
            // An unreadable birth date cannot prove minority: treat as an adult.
            _ => visibility(crate::identity::lifecycle::HouseholdAccess::AdultNeedsConsent, choices.get(&o.0).copied()),
        };
        people.push((o, seen));
    }
    Ok((me, people))
}

/// The newest month with lines for any of `ids`.
async fn latest_month(state: &AppState, ids: &[i64]) -> Result<Option<String>, AppError> {
    let mut binds = Vec::new();
    let list: Vec<String> = ids.iter().map(|id| param(Bind::Int(*id), &mut binds)).collect();
    if list.is_empty() {
        return Ok(None);
    }
    let sql = format!("SELECT MAX(month) FROM notice_lines WHERE member_id IN ({})", list.join(", "));
    let (latest,): (Option<String>,) = bind_all(sqlx::query_as(&sql), &binds).fetch_one(&state.db.reads).await?;
    Ok(latest)
}

/// The latest household display choice of each of `ids` that has one.
pub async fn latest_choices(state: &AppState, ids: &[i64]) -> Result<HashMap<i64, DisplayChoice>, AppError> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let mut binds = Vec::new();
    let list: Vec<String> = ids.iter().map(|id| param(Bind::Int(*id), &mut binds)).collect();
    let sql = format!(
        "SELECT member_id, choice FROM household_display WHERE id IN \
         (SELECT MAX(id) FROM household_display WHERE member_id IN ({}) GROUP BY member_id)",
        list.join(", ")
    );
    let rows: Vec<(i64, String)> = bind_all(sqlx::query_as(&sql), &binds).fetch_all(&state.db.reads).await?;
    Ok(rows.into_iter().filter_map(|(id, c)| DisplayChoice::from_code(&c).map(|c| (id, c))).collect())
}

type LineRow = (i64, String, String, String, i64, i64, i64, i64, i64);

/// One year of the viewer's notices: every person of the household with whether they are
/// shown, and the lines of those shown (or of `person` alone). Asking for a person the
/// viewer may not see is refused next to the person field; the read is recorded once
/// for each person whose lines are returned, before it happens.
pub async fn year_view(
    state: &AppState,
    meta: &RequestMeta,
    actor: Actor,
    member_id: i64,
    year: Option<i32>,
    person: Option<i64>,
    action: &'static str,
) -> Result<NoticeYear, AppError> {
    let today = crate::time::tokyo_date(state.clock.now());
    let years = super::model::years(today);
    let (me, people) = household(state, member_id).await?;
    let visible: Vec<i64> = people.iter().filter(|(_, v)| v.shown()).map(|(p, _)| p.0).collect();
    let latest_month = latest_month(state, &visible).await?;
    // By default the newest year with data: early in a year, the lag leaves it empty.
    let year = match year {
        Some(y) => y,
        None => latest_month.as_deref().and_then(|m| m.get(..4)?.parse().ok()).unwrap_or(today.year()),
    };
    if !years.contains(&year) {
        return Err(AppError::BadQuery(vec![FieldError::new("year", Problem::YearOutOfRange)]));
    }
    let shown: Vec<i64> = visible.iter().copied().filter(|id| person.is_none_or(|chosen| chosen == *id)).collect();
    if shown.is_empty() {
        return Err(AppError::BadQuery(vec![FieldError::new("person", Problem::NotShared)]));
    }
    let mut binds = Vec::new();
    let list: Vec<String> = shown.iter().map(|id| param(Bind::Int(*id), &mut binds)).collect();
    let from = param(Bind::Text(format!("{year:04}-01")), &mut binds);
    let to = param(Bind::Text(format!("{year:04}-12")), &mut binds);
    let in_list = list.join(", ");
    // Recorded before the read, one event per person whose lines it shows (group-committed).
    let events: Vec<AuditEvent> = shown
        .iter()
        .map(|subject| {
            let mut event = AuditEvent::new(actor.clone(), action);
            event.subject_member_id = Some(*subject);
            event.data_category = Some("notices");
            event.record_ref = Some(format!("notice_lines?member={subject}&year={year}"));
            event.purpose = Some(if *subject == member_id { "own notices" } else { "household notices" }.into());
            event.detail = Some(serde_json::json!({ "viewer": member_id, "year": year }));
            event
        })
        .collect();
    crate::records::append_all(state, meta, &events).await?;
    let sql = format!(
        "SELECT member_id, month, provider, category, days, total_cost, copay, high_cost, additional FROM notice_lines \
         WHERE member_id IN ({in_list}) AND month >= {from} AND month <= {to} ORDER BY month, member_id, category, provider"
    );
    let rows: Vec<LineRow> = bind_all(sqlx::query_as(&sql), &binds).fetch_all(&state.db.reads).await?;
    let lines: Vec<NoticeRow> = rows
        .into_iter()
        .filter_map(|r| {
            Some(NoticeRow {
                member_id: r.0,
                month: r.1,
                provider: r.2,
                category: super::model::Category::from_code(&r.3)?,
                days: r.4,
                total_cost: r.5,
                copay: r.6,
                high_cost: r.7,
                additional: r.8,
            })
        })
        .collect();
    let people = people
        .into_iter()
        .map(|(p, visibility)| NoticePerson {
            member_id: p.0,
            totals: super::model::totals(&lines, Some(p.0)),
            name: p.6,
            relationship: p.4,
            visibility,
        })
        .collect();
    Ok(NoticeYear {
        year,
        years,
        person,
        people,
        monthly_copay: super::model::monthly_copay(&lines).to_vec(),
        lines,
        latest_month,
        viewer_is_insured: me.4 == "insured",
    })
}

/// Records a person's household display choice: in their own account (`staff` None) or
/// from a paper form recorded by staff. The latest choice counts; all are kept.
pub async fn record_choice(
    state: &AppState,
    meta: &RequestMeta,
    actor: Actor,
    member_id: i64,
    choice: DisplayChoice,
    paper: Option<(i64, chrono::NaiveDate)>,
) -> Result<(), AppError> {
    let now = state.clock.now();
    let _turn = state.db.write_turn().await;
    let mut tx = state.db.begin().await?;
    sqlx::query(
        "INSERT INTO household_display (member_id, choice, source, recorded_by, paper_date, recorded_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(member_id)
    .bind(choice.code())
    .bind(if paper.is_some() { "paper" } else { "self" })
    .bind(paper.map(|p| p.0))
    .bind(paper.map(|p| p.1.to_string()))
    .bind(instant_text(now))
    .execute(&mut *tx)
    .await?;
    let mut event = AuditEvent::new(actor, "notice.display_choice");
    event.subject_member_id = Some(member_id);
    event.data_category = Some("consent");
    event.record_ref = Some(format!("household_display?member={member_id}"));
    event.purpose = Some(if paper.is_some() { "paper consent form" } else { "member's own choice" }.into());
    event.detail = Some(serde_json::json!({ "choice": choice.code() }));
    append(&mut tx, now, meta, &event).await?;
    tx.commit().await?;
    Ok(())
}

/// A person's own display choice as their account page shows it.
pub async fn own_choice(state: &AppState, member_id: i64) -> Result<Option<DisplayChoice>, AppError> {
    Ok(latest_choices(state, &[member_id]).await?.get(&member_id).copied())
}
