//! 医療費のお知らせ in the database (server only): the import, one member's year, and the
//! household display choices.

use std::collections::HashMap;

use serde::Serialize;
use sha2::{Digest, Sha256};

use chrono::Datelike;

use super::model::{COLUMNS, DisplayChoice, ImportLine, NoticePerson, NoticeRow, NoticeYear, Visibility, check_line, visibility};
use crate::csv_import::store::decode;
use crate::csv_import::{LineProblem, RejectedLine};
use crate::platform::db::{Bind, bind_all, instant_text, param};
use kit::error::AppError;
use kit::form::{FieldError, Problem};
use crate::identity::lifecycle::{Person, household_access};
use crate::platform::audit::{Action, Actor, AuditEvent, DataCategory, RequestMeta};
use crate::platform::audit::store::append;
use kit::time::Month;
use crate::platform::state::AppState;

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
    /// Lines of people whose notice lines a decided 消去 erased (35条), not taken in.
    pub withheld: u64,
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
fn unpack(backend: crate::platform::db::Backend) -> (&'static str, &'static str) {
    match backend {
        // `WHERE true` lets SQLite's parser tell the upsert's ON from a join's.
        crate::platform::db::Backend::Sqlite => (
            "WITH r AS MATERIALIZED (SELECT jsonb(value) AS v FROM json_each($1)) ",
            "SELECT v->>0, v->>1, v->>2, v->>3, v->>4, v->>5, v->>6, v->>7, v->>8, $2, $3 FROM r WHERE true",
        ),
        crate::platform::db::Backend::Postgres => (
            "",
            "SELECT (e->>0)::bigint, e->>1, e->>2, e->>3, (e->>4)::integer, (e->>5)::bigint, (e->>6)::bigint, \
             (e->>7)::bigint, (e->>8)::bigint, $2, $3 FROM jsonb_array_elements($1::jsonb) AS e",
        ),
    }
}

const INSERT: &str = "INSERT INTO notice_lines (member_id, month, provider, category, days, total_cost, copay, \
    high_cost, additional, source, imported_at) ";
const KEY: &str = " ON CONFLICT (month, member_id, provider, category)";

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
    let started = std::time::Instant::now();
    let (text, decoded_as_cp932) = decode(bytes);
    let now = state.clock.now();
    // The database reads the registry while this thread parses the file.
    let (ids, (lines, mut rejected)) =
        futures::join!(card_ids(state), async { parse_csv(&text, kit::time::tokyo_date(now)) });
    let ids = ids?;
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
    // A decided 消去 stands until the core system has carried it out too: its lines of the
    // months erased do not come back.
    let erased = super::measures::erased_through(&state.db.pool).await?;
    let before = resolved.len();
    resolved.retain(|row| erased.get(&row.member_id).is_none_or(|through| row.month.as_str() > through.as_str()));
    let withheld = (before - resolved.len()) as u64;
    // In the table's order (month first), so that a new month's file is an append.
    resolved.sort_unstable_by(|a, b| (&a.month, a.member_id, &a.provider, a.category.code()).cmp(&(&b.month, b.member_id, &b.provider, b.category.code())));
    let mut report =
        ImportReport { decoded_as_cp932, lines: resolved.len() + rejected.len(), rejected, withheld, ..ImportReport::default() };
    if !report.rejected.is_empty() {
        return Ok(report);
    }
    report.source = hex::encode(Sha256::digest(bytes));
    let checked = started.elapsed();
    let _turn = state.db.write_turn().await;
    let mut conn = state.db.pool.acquire().await?;
    let sqlite = state.db.backend == crate::platform::db::Backend::Sqlite;
    if sqlite {
        // A re-imported or corrected month reads that month's part of the table (about
        // 20 MB for 100,000 members): a page cache that holds it keeps it off the disk.
        sqlx::query("PRAGMA cache_size = -262144").execute(&mut *conn).await?;
    }
    let result = write_lines(&mut conn, state, meta, actor, &resolved, progress, now, &mut report).await;
    if sqlite {
        // The connection goes back to the pool with its usual cache (16 MiB).
        sqlx::query("PRAGMA cache_size = -16384").execute(&mut *conn).await?;
    }
    result?;
    tracing::debug!(lines = report.lines, checked_ms = checked.as_millis() as u64, total_ms = started.elapsed().as_millis() as u64, "notices imported");
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
    let mut tx = crate::platform::db::begin_on(conn, state.db.backend).await?;
    let (with, values) = unpack(state.db.backend);
    let insert = format!("{with}{INSERT}{values}{KEY} DO NOTHING");
    let update = format!(
        "{with}{INSERT}{values}{KEY} DO UPDATE SET days = excluded.days, total_cost = excluded.total_cost, \
         copay = excluded.copay, high_cost = excluded.high_cost, additional = excluded.additional, \
         source = excluded.source, imported_at = excluded.imported_at \
         WHERE notice_lines.days <> excluded.days OR notice_lines.total_cost <> excluded.total_cost \
         OR notice_lines.copay <> excluded.copay OR notice_lines.high_cost <> excluded.high_cost \
         OR notice_lines.additional <> excluded.additional"
    );
    let chunks: Vec<&[NoticeRow]> = resolved.chunks(BATCH_ROWS).collect();
    let mut next = chunks.first().map(|c| rows_json(c)).transpose()?;
    let mut done = 0;
    for (i, chunk) in chunks.iter().enumerate() {
        let Some(rows) = next.take() else { break };
        // The database inserts this batch while the next one is written out as JSON.
        let (inserted, upcoming) = futures::join!(
            sqlx::query(&insert).bind(&rows).bind(&source).bind(&at).execute(&mut *tx),
            async { chunks.get(i + 1).map(|c| rows_json(c)).transpose() }
        );
        let inserted = inserted?.rows_affected();
        next = upcoming?;
        // Only when some レセプト were already there can any be a correction.
        let updated = if inserted < chunk.len() as u64 {
            sqlx::query(&update).bind(&rows).bind(&source).bind(&at).execute(&mut *tx).await?.rows_affected()
        } else {
            0
        };
        report.inserted += inserted;
        report.updated += updated;
        done += chunk.len();
        progress(done, total);
    }
    report.unchanged = total as u64 - report.inserted - report.updated;
    write_latest(&mut tx, state.db.backend, resolved).await?;
    let event = AuditEvent::new(actor, Action::NoticeImport)
        .data(DataCategory::Notices)
        .record(format!("notice_lines?source={source}"))
        .purpose("医療費のお知らせ import")
        .detail(serde_json::json!({
            "source": source,
            "inserted": report.inserted,
            "updated": report.updated,
            "unchanged": report.unchanged,
            "withheld": report.withheld,
        }));
    append(&mut tx, now, meta, &event).await?;
    tx.commit().await?;
    Ok(())
}

/// Moves each person's newest month forward to the newest in `resolved`.
async fn write_latest(tx: &mut sqlx::Transaction<'_, sqlx::Any>, backend: crate::platform::db::Backend, resolved: &[NoticeRow]) -> Result<(), AppError> {
    let mut latest: HashMap<i64, &str> = HashMap::new();
    for row in resolved {
        let month = latest.entry(row.member_id).or_insert(&row.month);
        if row.month.as_str() > *month {
            *month = &row.month;
        }
    }
    let mut latest: Vec<(i64, &str)> = latest.into_iter().collect();
    latest.sort_unstable();
    let select = match backend {
        crate::platform::db::Backend::Sqlite => "SELECT value->>0, value->>1 FROM json_each($1) WHERE true",
        crate::platform::db::Backend::Postgres => "SELECT (e->>0)::bigint, e->>1 FROM jsonb_array_elements($1::jsonb) AS e",
    };
    for chunk in latest.chunks(BATCH_ROWS) {
        let rows = serde_json::to_string(chunk).map_err(|e| AppError::internal("notice latest", e))?;
        sqlx::query(&format!(
            "INSERT INTO notice_latest (member_id, month) {select} ON CONFLICT (member_id) \
             DO UPDATE SET month = excluded.month WHERE excluded.month > notice_latest.month"
        ))
        .bind(rows)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// 記号・番号・枝番 → member id, for the whole registry (one society: 10万 people at most),
/// read as one JSON value: row by row, the driver's hand-over per row cost more than the
/// lookup itself.
async fn card_ids(state: &AppState) -> Result<HashMap<(String, String, String), i64>, AppError> {
    let sql = match state.db.backend {
        crate::platform::db::Backend::Sqlite => "SELECT json_group_array(json_array(id, symbol, number, branch)) FROM members",
        crate::platform::db::Backend::Postgres => {
            "SELECT COALESCE(json_agg(json_build_array(id, symbol, number, branch))::text, '[]') FROM members"
        }
    };
    let json: String = sqlx::query_scalar(sql).fetch_one(&state.db.pool).await?;
    let cards: Vec<Card> = serde_json::from_str(&json).map_err(|e| AppError::internal("registry cards", e))?;
    Ok(cards.into_iter().map(|c| ((c.symbol, c.number, c.branch), c.id)).collect())
}

/// One member's card in [`card_ids`]' JSON (an array, read in field order).
#[derive(serde::Deserialize)]
struct Card {
    id: i64,
    symbol: String,
    number: String,
    branch: String,
}

/// A person of a household, their latest display choice (a stored code), and their
/// newest month with lines.
#[derive(Clone, sqlx::FromRow)]
pub struct HouseholdRow {
    pub member_id: i64,
    pub insurer_number: String,
    pub symbol: String,
    pub number: String,
    pub relationship: String,
    birth_date: String,
    pub name: String,
    branch: String,
    display_choice: Option<String>,
    latest_month: Option<String>,
}

/// The viewer and the people of their household (one query: a year view reads it each
/// time), with what the viewer may see of each; the viewer comes first.
pub async fn household(
    state: &AppState,
    member_id: i64,
) -> Result<(HouseholdRow, Vec<(HouseholdRow, Visibility)>), AppError> {
    const COLUMNS: &str = "m.id AS member_id, m.insurer_number, m.symbol, m.number, m.relationship, m.birth_date, m.name, \
        m.branch, \
        (SELECT d.choice FROM household_display d WHERE d.member_id = m.id ORDER BY d.id DESC LIMIT 1) AS display_choice, \
        (SELECT l.month FROM notice_latest l WHERE l.member_id = m.id) AS latest_month";
    let today = kit::time::tokyo_date(state.clock.now());
    // Only a current 被保険者 sees the household: once the 資格喪失日 has come, a former
    // 被保険者 sees their own lines only.
    let mut rows: Vec<HouseholdRow> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM members m WHERE m.id = $1 UNION ALL \
         SELECT {COLUMNS} FROM members me JOIN members m ON m.insurer_number = me.insurer_number \
         AND m.symbol = me.symbol AND m.number = me.number AND m.id <> me.id \
         WHERE me.id = $1 AND me.relationship = 'insured' AND (me.lost_on IS NULL OR me.lost_on > $2)"
    ))
    .bind(member_id)
    .bind(today.to_string())
    .fetch_all(&state.db.reads)
    .await?;
    // The viewer first, then the others by 枝番.
    rows.sort_by(|a, b| (a.member_id != member_id, &a.branch).cmp(&(b.member_id != member_id, &b.branch)));
    let mut rows = rows.into_iter();
    let Some(me) = rows.next().filter(|p| p.member_id == member_id) else { return Err(AppError::NotFound) };
    let person = |r: &HouseholdRow| {
        r.birth_date.parse().ok().map(|birth| Person {
            member_id: r.member_id,
            household: ("", "", ""),
            is_insured: r.relationship == "insured",
            birth,
        })
    };
    let mut people = vec![(me.clone(), Visibility::Own)];
    for o in rows {
        let choice = o.display_choice.as_deref().and_then(DisplayChoice::from_code);
        let seen = match (person(&me), person(&o)) {
            (Some(mut viewer), Some(mut subject)) => {
                viewer.household = (&me.insurer_number, &me.symbol, &me.number);
                subject.household = (&o.insurer_number, &o.symbol, &o.number);
                visibility(household_access(viewer, subject, today), choice)
            }
            // An unreadable birth date cannot prove minority: treat as an adult.
            _ => visibility(crate::identity::lifecycle::HouseholdAccess::AdultNeedsConsent, choice),
        };
        people.push((o, seen));
    }
    Ok((me, people))
}

/// The oldest month stored of anyone, and one person's newest.
#[derive(sqlx::FromRow)]
struct StoredSpan {
    oldest: Option<String>,
    newest: Option<String>,
}

/// The months from `from` to `to` in which `member` may have lines: between the oldest month
/// stored and the person's newest (a period asked for may reach back decades).
pub async fn stored_months(db: &sqlx::AnyPool, member: i64, from: Month, to: Month) -> Result<Vec<Month>, AppError> {
    let span: StoredSpan = sqlx::query_as(
        "SELECT (SELECT month FROM notice_lines ORDER BY month LIMIT 1) AS oldest, \
         (SELECT month FROM notice_latest WHERE member_id = $1) AS newest",
    )
    .bind(member)
    .fetch_one(db)
    .await?;
    Ok(match (span.oldest.as_deref().and_then(Month::parse), span.newest.as_deref().and_then(Month::parse)) {
        (Some(oldest), Some(newest)) => super::model::months_between(from.max(oldest), to.min(newest)),
        _ => Vec::new(),
    })
}

/// The lines of `members` in `months`, in month, person, kind and provider order.
pub async fn lines_of(db: &sqlx::AnyPool, members: &[i64], months: &[Month]) -> Result<Vec<NoticeRow>, AppError> {
    if members.is_empty() || months.is_empty() {
        return Ok(Vec::new());
    }
    let mut binds = Vec::new();
    let sql = format!(
        "SELECT member_id, month, provider, category, days, total_cost, copay, high_cost, additional FROM notice_lines \
         WHERE {} ORDER BY month, member_id, category, provider",
        in_months_of(members, months, &mut binds)
    );
    let rows: Vec<LineRow> = bind_all(sqlx::query_as(&sql), &binds).fetch_all(db).await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(NoticeRow {
                member_id: r.member_id,
                month: r.month,
                provider: r.provider,
                category: super::model::Category::from_code(&r.category)?,
                days: r.days,
                total_cost: r.total_cost,
                copay: r.copay,
                high_cost: r.high_cost,
                additional: r.additional,
            })
        })
        .collect())
}

/// Whether `members` have any line in `months` (to choose the year shown; no line is read).
async fn any_line(db: &sqlx::AnyPool, members: &[i64], months: &[Month]) -> Result<bool, AppError> {
    #[derive(sqlx::FromRow)] struct Found { member_id: i64 }
    if members.is_empty() || months.is_empty() {
        return Ok(false);
    }
    let mut binds = Vec::new();
    let sql = format!("SELECT member_id FROM notice_lines WHERE {} LIMIT 1", in_months_of(members, months, &mut binds));
    Ok(bind_all(sqlx::query_as(&sql), &binds).fetch_optional(db).await?.map(|f: Found| f.member_id).is_some())
}

/// `month IN (…) AND member_id IN (…)`, its values added to `binds`. The table is keyed
/// month first, so each month is named (a short look-up each) rather than a range, which
/// would read every person's lines of the period.
fn in_months_of(members: &[i64], months: &[Month], binds: &mut Vec<Bind>) -> String {
    let months = months.iter().map(|m| param(Bind::Text(m.to_string()), binds)).collect::<Vec<_>>().join(", ");
    let members = members.iter().map(|id| param(Bind::Int(*id), binds)).collect::<Vec<_>>().join(", ");
    format!("month IN ({months}) AND member_id IN ({members})")
}

/// One stored line of a notice; its 区分 is a stored code.
#[derive(sqlx::FromRow)]
struct LineRow {
    member_id: i64,
    month: String,
    provider: String,
    category: String,
    days: i64,
    total_cost: i64,
    copay: i64,
    high_cost: i64,
    additional: i64,
}

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
    action: Action,
) -> Result<NoticeYear, AppError> {
    let today = kit::time::tokyo_date(state.clock.now());
    let years = super::model::years(today);
    let (me, people) = household(state, member_id).await?;
    let visible: Vec<i64> = people.iter().filter(|(_, v)| v.shown()).map(|(p, _)| p.member_id).collect();
    let latest_month = people.iter().filter(|(_, v)| v.shown()).filter_map(|(p, _)| p.latest_month.clone()).max();
    if year.is_some_and(|y| !years.contains(&y)) {
        return Err(AppError::BadQuery(vec![FieldError::new("year", Problem::YearOutOfRange)]));
    }
    let shown: Vec<i64> = visible.iter().copied().filter(|id| person.is_none_or(|chosen| chosen == *id)).collect();
    if shown.is_empty() {
        return Err(AppError::BadQuery(vec![FieldError::new("person", Problem::NotShared)]));
    }
    let use_stopped = super::measures::use_stopped(&state.db.pool, &shown).await?;
    let in_use: Vec<i64> = shown.iter().copied().filter(|id| !use_stopped.iter().any(|(s, _)| s == id)).collect();
    // By default the last complete year, or the newest year with lines of those shown.
    let year = match year {
        Some(y) => y,
        None => {
            let (last, newest) = (today.year() - 1, people.iter().filter(|(p, _)| in_use.contains(&p.member_id)).filter_map(|(p, _)| p.latest_month.as_deref()).max());
            let has_lines = any_line(&state.db.reads, &in_use, &super::model::months_between(Month { year: last, month: 1 }, Month { year: last, month: 12 })).await?;
            super::model::default_year(today, has_lines, newest)
        }
    };
    // Recorded before the read, one event per person whose lines it shows (group-committed).
    let events: Vec<AuditEvent> = shown
        .iter()
        .map(|subject| {
            AuditEvent::new(actor.clone(), action)
                .about(*subject)
                .data(DataCategory::Notices)
                .record(format!("notice_lines?member={subject}&year={year}"))
                .purpose(if *subject == member_id { "own notices" } else { "household notices" })
                .detail(serde_json::json!({ "viewer": member_id, "year": year }))
        })
        .collect();
    crate::platform::audit::store::append_all(state, meta, &events).await?;
    let months = super::model::months_between(Month { year, month: 1 }, Month { year, month: 12 });
    let reach: Option<String> = sqlx::query_scalar("SELECT month FROM notice_lines ORDER BY month DESC LIMIT 1").fetch_optional(&state.db.reads).await?;
    let lines = lines_of(&state.db.reads, &in_use, &months).await?;
    let people = people
        .into_iter()
        .map(|(p, visibility)| NoticePerson {
            member_id: p.member_id,
            totals: super::model::totals(&lines, Some(p.member_id)),
            name: p.name,
            relationship: p.relationship,
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
        viewer_is_insured: me.relationship == "insured",
        use_stopped,
        coverage: super::model::coverage(year, today, reach.as_deref()),
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
    let (recorded_by, paper_date) = paper.unzip();
    let _turn = state.db.write_turn().await;
    let mut tx = state.db.begin().await?;
    sqlx::query(
        "INSERT INTO household_display (member_id, choice, source, recorded_by, paper_date, recorded_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(member_id)
    .bind(choice.code())
    .bind(if paper.is_some() { "paper" } else { "self" })
    .bind(recorded_by)
    .bind(paper_date.map(|d| d.to_string()))
    .bind(instant_text(now))
    .execute(&mut *tx)
    .await?;
    let event = AuditEvent::new(actor, Action::NoticeDisplayChoice)
        .about(member_id)
        .data(DataCategory::Consent)
        .record(format!("household_display?member={member_id}"))
        .purpose(if paper.is_some() { "paper consent form" } else { "member's own choice" })
        .detail(serde_json::json!({ "choice": choice.code() }));
    append(&mut tx, now, meta, &event).await?;
    tx.commit().await?;
    Ok(())
}

/// Every line of an export, checked; duplicates of a レセプト within the file are refused.
pub fn parse_csv(text: &str, today: chrono::NaiveDate) -> (Vec<(usize, ImportLine)>, Vec<RejectedLine>) {
    let (lines, mut rejected) = crate::csv_import::store::read_lines(text, &COLUMNS, |field| check_line(field, today));
    // The first line of each レセプト is kept; a repeat is refused, naming it.
    let mut first = std::collections::HashMap::with_capacity(lines.len());
    let repeats: Vec<Option<usize>> = lines
        .iter()
        .map(|(line, l)| {
            let key = (&l.card, &l.row.month, &l.row.provider, l.row.category);
            match first.get(&key) {
                Some(&first_line) => Some(first_line),
                None => {
                    first.insert(key, *line);
                    None
                }
            }
        })
        .collect();
    drop(first);
    let mut good = Vec::with_capacity(lines.len());
    for ((line, l), repeat) in lines.into_iter().zip(repeats) {
        match repeat {
            Some(first_line) => {
                rejected.push(RejectedLine { line, problems: vec![LineProblem::DuplicateKey { first_line }] })
            }
            None => good.push((line, l)),
        }
    }
    rejected.sort_by_key(|r| r.line);
    (good, rejected)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notices::model::testing::{GOOD, TODAY, d};

    /// One CSV line, every field quoted (amounts carry thousands separators).
    fn csv_line(fields: [&str; 11]) -> String {
        fields.map(|f| format!("\"{f}\"")).join(",")
    }

    #[test]
    fn a_file_is_checked_line_by_line_and_duplicates_refused() {
        let text = format!(
            "{}\n{}\n{}\n1001,23\n{}\n",
            COLUMNS.join(","),
            csv_line(GOOD),
            csv_line(GOOD),
            csv_line(GOOD.map(|f| if f == "医科外来" { "調剤" } else { f }))
        );
        let (good, rejected) = parse_csv(&text, d(TODAY));
        assert_eq!(good.len(), 2);
        assert_eq!(rejected.len(), 2);
        assert_eq!(rejected[0].line, 3);
        assert_eq!(rejected[0].problems, vec![LineProblem::DuplicateKey { first_line: 2 }]);
        assert_eq!(rejected[1].problems, vec![LineProblem::WrongFieldCount { expected: 11, found: 2 }]);
        let (_, rejected) = parse_csv("記号,番号\n1,2\n", d(TODAY));
        assert_eq!(rejected[0].line, 1);
        assert!(rejected[0].problems.contains(&LineProblem::MissingColumn("診療年月".into())));
    }

    #[test]
    fn shift_jis_exports_read_like_utf8() {
        let text = format!("{}\n{}\n", COLUMNS.join(","), csv_line(GOOD));
        let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(&text);
        let (decoded, was_sjis) = crate::csv_import::store::decode(&bytes);
        assert!(was_sjis);
        assert_eq!(parse_csv(&decoded, d(TODAY)).0[0].1.row.provider, "あおば小児科(架空)");
    }
}
