//! Disclosure packages in the database (server only): staff assemble one per 開示 request,
//! the decision freezes the archive the approver sees, approval releases it, and the
//! member downloads it with one-time tickets until it expires. Every read of the
//! subject's data and every download is an audit event.

use chrono::{DateTime, Duration, Utc};
use sha2::{Digest, Sha256};
use sqlx::AnyConnection;

use super::package::{self, Exclusion, Ground, Heading, PackageFile, Row, Section};
use super::{ArchiveEntry, FileLine, MemberPackage, PackageView, packaged};
use crate::platform::db::instant_text;
use kit::error::AppError;
use kit::form::{FieldError, Problem};
use kit::access::{Caller, StaffRole};
use crate::notices::model::NoticeRow;
use crate::platform::audit::{Actor, AuditEvent, Outcome as AuditOutcome, RequestMeta, append, audited_read, record_standalone};
use crate::requests::attachments::{self, FileKind};
use crate::requests::decision::Outcome;
use crate::requests::draft::{Details, Period};
use kit::time::Month;
use crate::requests::lifecycle::Status;
use crate::requests::store::{RequestRow, request_by_receipt, row_parts};
use kit::rights::RequestType;
use crate::platform::state::AppState;

pub use crate::requests::store::DEFAULT_DOWNLOAD_DAYS;
/// A download ticket is good for this long, once.
const TICKET_MINUTES: i64 = 5;
/// Longest note or title staff type here.
pub const NOTE_MAX: usize = 200;

/// Outcomes that deliver data (and so need the package frozen with the decision).
pub fn delivers(outcome: Outcome) -> bool {
    matches!(outcome, Outcome::FullDisclosure | Outcome::PartialDisclosure | Outcome::MethodDifficult)
}

/// Whether the result goes out as a download (else it is posted).
pub fn by_download(details: &Details, outcome: Option<Outcome>) -> bool {
    let method = match details {
        Details::Disclosure { method, .. } | Details::ThirdPartyRecords { method, .. } => method.as_str(),
        _ => "",
    };
    method == "electronic" && outcome != Some(Outcome::MethodDifficult)
}

type PackageRow = (i64, Option<i64>, String, i64, Option<String>, Option<i64>, Option<String>, Option<String>, Option<i64>, Option<String>);
const PACKAGE_COLUMNS: &str =
    "id, subject_member_id, status, revision, archive_sha256, archive_bytes, released_at, expires_at, recipient_member_id, posted_on";

async fn package_of(conn: impl sqlx::Executor<'_, Database = sqlx::Any>, request_id: i64) -> Result<Option<PackageRow>, AppError> {
    Ok(sqlx::query_as(&format!("SELECT {PACKAGE_COLUMNS} FROM disclosure_packages WHERE request_id = $1"))
        .bind(request_id)
        .fetch_optional(conn)
        .await?)
}

fn event(caller: &Caller, action: &'static str, row: &RequestRow) -> AuditEvent {
    let mut a = AuditEvent::new(Actor::Caller(caller.clone()), action);
    a.subject_member_id = row.5;
    a.data_category = Some("disclosure_package");
    a.record_ref = Some(format!("requests/{}/package", row.0));
    a.purpose = Some(row.1.clone());
    a
}

/// The request, if this caller may see it; a refusal is recorded.
async fn found(state: &AppState, meta: &RequestMeta, caller: &Caller, receipt: &str, action: &'static str) -> Result<RequestRow, AppError> {
    crate::requests::store::seen_by(state, meta, caller, receipt, action, "disclosure_package").await
}

fn staff_id(caller: &Caller) -> Result<i64, AppError> {
    match caller {
        Caller::Staff { staff_id, .. } => Ok(*staff_id),
        _ => Err(AppError::Forbidden),
    }
}

fn month_label(m: &str) -> String {
    Month::parse(m).map(|m| format!("{}年{}月", m.year, m.month)).unwrap_or_else(|| m.to_string())
}

fn in_period(month: &str, period: Option<&Period>) -> bool {
    match (Month::parse(month), period) {
        (Some(m), Some(p)) => p.from <= m && m <= p.to,
        (_, None) => true,
        (None, Some(_)) => false,
    }
}

/// A short fixed key for a record without an id of its own.
fn short_hash(parts: &[&str]) -> String {
    hex::encode(&Sha256::digest(parts.join("\u{1f}").as_bytes())[..6])
}

fn details_text(d: &Details) -> String {
    match d {
        Details::PurposeNotice { categories, note } => format!("利用目的の通知 {} {}", categories.join("・"), note),
        Details::Disclosure { categories, receipts, checkups, method, note } => {
            let period = |p: &Option<Period>| p.map(|p| format!("{}〜{}", p.from, p.to)).unwrap_or_default();
            format!("開示 {} レセプト:{} 健診:{} 方法:{method} {note}", categories.join("・"), period(receipts), period(checkups))
        }
        Details::ThirdPartyRecords { period, method } => {
            format!("第三者提供記録の開示 {} 方法:{method}", period.map(|p| format!("{}〜{}", p.from, p.to)).unwrap_or_default())
        }
        Details::Correction { item_label, current, requested, reason, .. } => {
            format!("訂正等 {item_label}: {current} → {requested}（理由: {reason}）")
        }
        Details::Suspension { target, explanation, .. } => format!("利用停止等 {target}（{explanation}）"),
        Details::Complaint { body } => format!("苦情 {body}"),
    }
}

type MemberRow = (String, String, String, String, String, String, String, String, String, String, String, Option<String>);

/// What the portal holds about the subject, section by section, for this request.
pub async fn sections(state: &AppState, subject: Option<i64>, t: RequestType, details: &Details) -> Result<Vec<Section>, AppError> {
    let Some(member) = subject else { return Ok(Vec::new()) };
    let db = &state.db.pool;
    let mut out = Vec::new();
    let provisions_period = match details {
        Details::ThirdPartyRecords { period, .. } => period.as_ref(),
        _ => None,
    };
    let provisions = crate::ledger::ssr::entries(state, Some(member)).await?;
    let provisions = Section {
        id: "third_party_provisions".into(),
        title: "第三者提供・受領の記録（29・30条）".into(),
        columns: ["日付", "区分", "相手方", "項目", "根拠"].map(String::from).to_vec(),
        rows: provisions
            .into_iter()
            .filter(|p| in_period(p.occurred_on.get(..7).unwrap_or_default(), provisions_period))
            .map(|p| {
                let kind = if p.direction == "received" { "受領" } else { "提供" };
                Row {
                    key: format!("provision.{}", p.id),
                    label: format!("第三者提供記録 {}", p.occurred_on),
                    cells: vec![p.occurred_on, kind.into(), p.counterparty, p.items, p.basis_detail],
                    scrub: false,
                }
            })
            .collect(),
    };
    if t == RequestType::ThirdPartyRecordDisclosure {
        return Ok(vec![provisions]);
    }
    let m: Option<MemberRow> = sqlx::query_as(
        "SELECT symbol, number, branch, name, name_kana, birth_date, sex, relationship, postal_code, address, acquired_on, lost_on \
         FROM members WHERE id = $1",
    )
    .bind(member)
    .fetch_optional(db)
    .await?;
    let Some(m) = m else { return Ok(vec![provisions]) };
    let sex = if m.6 == "male" { "男性" } else { "女性" };
    let relationship = match m.7.as_str() {
        "insured" => "本人（被保険者）",
        "spouse" => "配偶者",
        "child" => "子",
        "parent" => "父母",
        _ => "その他",
    };
    let fields: [(&str, &str, String); 11] = [
        ("card", "記号・番号・枝番", format!("{}・{}・{}", m.0, m.1, m.2)),
        ("name", "氏名", m.3),
        ("name_kana", "氏名（カナ）", m.4),
        ("birth_date", "生年月日", m.5),
        ("sex", "性別", sex.into()),
        ("relationship", "続柄", relationship.into()),
        ("postal_code", "郵便番号", m.8),
        ("address", "住所", m.9),
        ("acquired_on", "資格取得日", m.10),
        ("lost_on", "資格喪失日", m.11.unwrap_or_default()),
        ("society", "保険者", String::new()),
    ];
    out.push(Section {
        id: "registry".into(),
        title: "資格情報".into(),
        columns: vec!["項目".into(), "内容".into()],
        rows: fields
            .into_iter()
            .filter(|(k, _, _)| *k != "society")
            .map(|(k, label, v)| Row { key: format!("registry.{k}"), label: label.into(), cells: vec![label.into(), v], scrub: true })
            .collect(),
    });
    let history: Vec<(i64, String, Option<String>, Option<String>, String, String)> = sqlx::query_as(
        "SELECT id, field, old_value, new_value, source, changed_at FROM member_history WHERE member_id = $1 ORDER BY id",
    )
    .bind(member)
    .fetch_all(db)
    .await?;
    out.push(Section {
        id: "registry_history".into(),
        title: "資格情報の変更履歴".into(),
        columns: ["日時", "項目", "変更前", "変更後", "経緯"].map(String::from).to_vec(),
        rows: history
            .into_iter()
            .map(|(id, field, old, new, source, at)| {
                let at = kit::time::tokyo_time(&at);
                let source = match source.split_once(':') {
                    Some(("correction", receipt)) => format!("訂正（受付番号 {receipt}）"),
                    _ => "基幹システムからの取込".into(),
                };
                Row {
                    key: format!("history.{id}"),
                    label: format!("変更履歴 {}", at.get(..10).unwrap_or_default()),
                    cells: vec![at, field, old.unwrap_or_default(), new.unwrap_or_default(), source],
                    scrub: false,
                }
            })
            .collect(),
    });
    let requests: Vec<(i64, String, String, String, String, String)> = sqlx::query_as(
        "SELECT id, receipt_number, request_type, status, received_on, details FROM requests WHERE subject_member_id = $1 ORDER BY id",
    )
    .bind(member)
    .fetch_all(db)
    .await?;
    let lang = kit::i18n::Lang::Ja;
    out.push(Section {
        id: "requests".into(),
        title: "お申出（開示等の請求・苦情）".into(),
        columns: ["受付番号", "種類", "受付日", "状況", "内容"].map(String::from).to_vec(),
        rows: requests
            .iter()
            .map(|(_, receipt, kind, status, on, details)| {
                let kind = RequestType::from_code(kind).map(|t| crate::requests::texts::type_name(t, lang)).unwrap_or_default();
                let status = Status::from_code(status).map(|s| crate::requests::texts::stage_name(s.stage(), lang)).unwrap_or_default();
                let text = serde_json::from_str::<Details>(details).map(|d| details_text(&d)).unwrap_or_default();
                Row {
                    key: format!("request.{receipt}"),
                    label: format!("お申出 {receipt}"),
                    cells: vec![receipt.clone(), kind.into(), on.clone(), status.into(), text],
                    scrub: false,
                }
            })
            .collect(),
    });
    let messages: Vec<(i64, String, String, String, Option<String>)> = sqlx::query_as(
        "SELECT e.id, r.receipt_number, e.occurred_at, e.actor_kind, e.message FROM request_events e \
         JOIN requests r ON r.id = e.request_id WHERE r.subject_member_id = $1 AND e.member_visible = 1 \
         AND e.message IS NOT NULL ORDER BY e.id",
    )
    .bind(member)
    .fetch_all(db)
    .await?;
    out.push(Section {
        id: "messages".into(),
        title: "お申出に関するやりとり".into(),
        columns: ["受付番号", "日時", "差出", "内容"].map(String::from).to_vec(),
        rows: messages
            .into_iter()
            .map(|(id, receipt, at, kind, message)| {
                let at = kit::time::tokyo_time(&at);
                let from = if kind == "member" { "お申出人" } else { "健康保険組合" };
                Row { key: format!("message.{id}"), label: format!("やりとり {receipt} {at}"), cells: vec![receipt, at, from.into(), message.unwrap_or_default()], scrub: false }
            })
            .collect(),
    });
    if let Details::Disclosure { receipts: Some(period), .. } = details {
        let months = crate::notices::store::stored_months(db, member, period.from, period.to).await?;
        let lines = crate::notices::store::lines_of(db, &[member], &months).await?;
        out.push(Section {
            id: "notices".into(),
            title: format!("医療費のお知らせ（{}〜{}）", month_label(&period.from.to_string()), month_label(&period.to.to_string())),
            columns: ["診療年月", "医療機関等の名称", "区分", "日数", "医療費総額", "窓口負担額", "高額療養費", "付加給付"].map(String::from).to_vec(),
            rows: lines
                .into_iter()
                .map(|l| {
                    let NoticeRow { month, provider, category, days, total_cost: total, copay, high_cost: high, additional, .. } = l;
                    let label = category.label(true);
                    Row {
                        key: format!("notice.{month}.{}", short_hash(&[&provider, category.code()])),
                        label: format!("医療費のお知らせ {}", month_label(&month)),
                        cells: vec![month, provider, label.into(), days.to_string(), total.to_string(), copay.to_string(), high.to_string(), additional.to_string()],
                        scrub: false,
                    }
                })
                .collect(),
        });
    }
    let access: Vec<(i64, String, Option<String>, String, Option<String>)> = sqlx::query_as(&format!(
        "SELECT e.id, e.occurred_at, s.staff_number, e.action, e.purpose FROM audit_events e {} \
         WHERE e.subject_member_id = $1 AND e.actor_kind = 'staff' AND e.outcome = 'allowed' ORDER BY e.id",
        crate::records::store::STAFF_JOIN
    ))
    .bind(member)
    .fetch_all(db)
    .await?;
    out.push(Section {
        id: "access_history".into(),
        title: "職員によるアクセスの記録（このポータル）".into(),
        columns: ["日時", "職員番号", "内容", "目的"].map(String::from).to_vec(),
        rows: access
            .into_iter()
            .map(|(id, at, number, action, purpose)| {
                let at = kit::time::tokyo_time(&at);
                Row {
                    key: format!("access.{id}"),
                    label: format!("アクセス記録 {at}"),
                    cells: vec![
                        at,
                        number.unwrap_or_else(|| "—".into()),
                        crate::records::access::action_words(&action, lang).into(),
                        crate::records::access::purpose_words(purpose.as_deref(), lang),
                    ],
                    scrub: false,
                }
            })
            .collect(),
    });
    out.push(provisions);
    let restrictions: Vec<(i64, String, String, String, String)> = sqlx::query_as(
        "SELECT d.id, r.receipt_number, d.target, d.marking, d.created_at FROM data_restrictions d \
         JOIN requests r ON r.id = d.request_id WHERE d.member_id = $1 ORDER BY d.id",
    )
    .bind(member)
    .fetch_all(db)
    .await?;
    out.push(Section {
        id: "restrictions".into(),
        title: "利用停止等の措置（35条）".into(),
        columns: ["受付番号", "対象", "措置", "日時"].map(String::from).to_vec(),
        rows: restrictions
            .into_iter()
            .map(|(id, receipt, target, marking, at)| Row {
                key: format!("restriction.{id}"),
                label: format!("利用停止等 {receipt}"),
                cells: vec![receipt, target, super::marking_words(&marking).into(), kit::time::tokyo_time(&at)],
                scrub: false,
            })
            .collect(),
    });
    Ok(out)
}

type FileRow = (i64, String, String, String, i64, String, Option<i64>, Option<String>, Option<String>, i64);

async fn file_rows(conn: impl sqlx::Executor<'_, Database = sqlx::Any>, package_id: i64) -> Result<Vec<FileRow>, AppError> {
    Ok(sqlx::query_as(
        "SELECT id, title, file_name, kind, size_bytes, sha256, replaces_id, ground, note, withdrawn FROM package_files \
         WHERE package_id = $1 ORDER BY id",
    )
    .bind(package_id)
    .fetch_all(conn)
    .await?)
}

async fn exclusions(conn: impl sqlx::Executor<'_, Database = sqlx::Any>, package_id: i64) -> Result<Vec<(String, String, String)>, AppError> {
    Ok(sqlx::query_as("SELECT item, ground, note FROM package_exclusions WHERE package_id = $1 ORDER BY id")
        .bind(package_id)
        .fetch_all(conn)
        .await?)
}

/// The files that go out: not withdrawn, not replaced; a replacement in its original's place.
fn delivered(files: &[FileRow]) -> Vec<&FileRow> {
    files.iter().filter(|f| f.9 == 0 && !files.iter().any(|r| r.6 == Some(f.0) && r.9 == 0)).collect()
}

/// Everything the staff package page shows (the subject's data: the caller reads it).
pub async fn view(state: &AppState, meta: &RequestMeta, caller: &Caller, receipt: &str) -> Result<PackageView, AppError> {
    let row = found(state, meta, caller, receipt, "package.view").await?;
    let (t, status, details) = row_parts(&row)?;
    if !packaged(t) {
        return Err(AppError::NotFound);
    }
    let package = package_of(&state.db.pool, row.0).await?;
    let may_edit = matches!(caller, Caller::Staff { roles, .. } if roles.iter().any(|r| matches!(r, StaffRole::Reviewer | StaffRole::Approver)));
    let Some(p) = package else {
        let startable = may_edit && status.clock_runs() && status != Status::PendingApproval;
        return Ok(PackageView { receipt: row.1.clone(), request_type: t, exists: false, can_start: startable, ..PackageView::default() });
    };
    audited_read(state, meta, event(caller, "package.view", &row), || async {
        let sections = sections(state, row.5, t, &details).await?;
        let excluded = exclusions(&state.db.pool, p.0).await?;
        let files = file_rows(&state.db.pool, p.0).await?;
        // After its download period the archive is disposed of (its digest stays on record).
        let archive = match p.4 {
            Some(_) => match archive_entries(state, p.0).await {
                Err(AppError::Gone) => Vec::new(),
                other => other?,
            },
            None => Vec::new(),
        };
        let ex: Vec<Exclusion> = excluded.iter().filter_map(|(i, g, _)| Some(Exclusion { item: i.clone(), ground: Ground::from_code(g)? })).collect();
        let (_, listed) = package::redact(&sections, &ex);
        Ok(PackageView {
            receipt: row.1.clone(),
            request_type: t,
            exists: true,
            can_start: false,
            editable: may_edit && p.2 == "open",
            status: p.2.clone(),
            revision: p.3,
            by_download: by_download(&details, None),
            sections,
            exclusions: excluded.into_iter().map(|(item, ground, note)| (item, Ground::from_code(&ground).unwrap_or(Ground::Business), note)).collect(),
            excluded_labels: listed.into_iter().map(|e| format!("{}: {}", e.section, e.label)).collect(),
            files: files
                .iter()
                .map(|f| FileLine {
                    id: f.0,
                    title: f.1.clone(),
                    file_name: f.2.clone(),
                    size_bytes: f.4,
                    replaces: f.6,
                    ground: f.7.as_deref().and_then(Ground::from_code),
                    note: f.8.clone().unwrap_or_default(),
                    withdrawn: f.9 != 0,
                })
                .collect(),
            archive,
            archive_sha256: p.4.clone(),
            expires_at: p.7.as_deref().map(minutes),
            posted_on: p.9.clone(),
            status_final: !status.clock_runs(),
            approval_pending: status == Status::PendingApproval,
        })
    })
    .await
}

async fn archive_entries(state: &AppState, package_id: i64) -> Result<Vec<ArchiveEntry>, AppError> {
    let bytes = archive_bytes(&state.db.pool, package_id).await?;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| AppError::internal("package archive", e))?;
    let mut out = Vec::new();
    for i in 0..zip.len() {
        let f = zip.by_index(i).map_err(|e| AppError::internal("package archive", e))?;
        let name = f.name().map(|n| n.to_string()).unwrap_or_default();
        out.push(ArchiveEntry { name, size_bytes: f.size() as i64 });
    }
    Ok(out)
}

/// The archive's bytes; Gone once retention disposed of it after its download period.
async fn archive_bytes(conn: impl sqlx::Executor<'_, Database = sqlx::Any>, package_id: i64) -> Result<Vec<u8>, AppError> {
    let b: Option<(Option<Vec<u8>>,)> =
        sqlx::query_as("SELECT archive FROM disclosure_packages WHERE id = $1").bind(package_id).fetch_optional(conn).await?;
    match b {
        None => Err(AppError::NotFound),
        Some((None,)) => Err(AppError::Gone),
        Some((Some(bytes),)) => Ok(bytes),
    }
}

/// An editable package of a request the caller works on, with its revision checked.
async fn editable(state: &AppState, meta: &RequestMeta, caller: &Caller, receipt: &str, action: &'static str, revision: i64) -> Result<(RequestRow, i64), AppError> {
    let row = found(state, meta, caller, receipt, action).await?;
    let (t, status, _) = row_parts(&row)?;
    let p = if packaged(t) { package_of(&state.db.pool, row.0).await? } else { None };
    let p = p.ok_or(AppError::NotFound)?;
    if p.2 != "open" || p.3 != revision || !status.clock_runs() || status == Status::PendingApproval {
        return Err(AppError::Conflict);
    }
    Ok((row, p.0))
}

/// Bumps the package's revision (so a stale form is told) and records the audit event.
async fn touched(tx: &mut AnyConnection, state: &AppState, meta: &RequestMeta, package_id: i64, revision: i64, audit: &AuditEvent) -> Result<(), AppError> {
    let changed = sqlx::query("UPDATE disclosure_packages SET revision = revision + 1 WHERE id = $1 AND revision = $2 AND status = 'open'")
        .bind(package_id)
        .bind(revision)
        .execute(&mut *tx)
        .await?;
    if changed.rows_affected() != 1 {
        return Err(AppError::Conflict);
    }
    append(tx, state.clock.now(), meta, audit).await?;
    Ok(())
}

/// Starts the package of a 開示 request.
pub async fn start(state: &AppState, meta: &RequestMeta, caller: &Caller, receipt: &str) -> Result<(), AppError> {
    let staff = staff_id(caller)?;
    let row = found(state, meta, caller, receipt, "package.start").await?;
    let (t, status, _) = row_parts(&row)?;
    if !packaged(t) {
        return Err(AppError::NotFound);
    }
    if !status.clock_runs() || status == Status::PendingApproval {
        return Err(AppError::Conflict);
    }
    let now = state.clock.now();
    let _turn = state.db.write_turn().await;
    let mut tx = state.db.begin().await?;
    if package_of(&mut *tx, row.0).await?.is_some() {
        return Ok(());
    }
    sqlx::query(
        "INSERT INTO disclosure_packages (request_id, subject_member_id, status, revision, created_by, created_at) \
         VALUES ($1, $2, 'open', 1, $3, $4)",
    )
    .bind(row.0)
    .bind(row.5)
    .bind(staff)
    .bind(instant_text(now))
    .execute(&mut *tx)
    .await?;
    append(&mut tx, now, meta, &event(caller, "package.start", &row)).await?;
    tx.commit().await?;
    Ok(())
}

/// Leaves an item out (33条2項 ground required) or puts it back (`ground` = None).
pub async fn set_exclusion(
    state: &AppState,
    meta: &RequestMeta,
    caller: &Caller,
    receipt: &str,
    revision: i64,
    item: &str,
    ground: Option<&str>,
    note: &str,
) -> Result<(), AppError> {
    let staff = staff_id(caller)?;
    let (row, package_id) = editable(state, meta, caller, receipt, "package.exclude", revision).await?;
    let note = kit::input::normalize(note).trim().to_string();
    if note.chars().count() > NOTE_MAX {
        return Err(AppError::Invalid(vec![FieldError::new("note", Problem::TooLong)]));
    }
    let ground = match ground {
        None => None,
        Some(g) => Some(Ground::from_code(g).ok_or_else(|| AppError::Invalid(vec![FieldError::new("ground", Problem::Choice)]))?),
    };
    let (t, _, details) = row_parts(&row)?;
    // Only items that exist can be left out (the key is never trusted as it comes).
    let known = sections(state, row.5, t, &details).await?.iter().any(|s| s.rows.iter().any(|r| r.key == item));
    if !known {
        return Err(AppError::Invalid(vec![FieldError::new("item", Problem::Choice)]));
    }
    let now = state.clock.now();
    let _turn = state.db.write_turn().await;
    let mut tx = state.db.begin().await?;
    sqlx::query("DELETE FROM package_exclusions WHERE package_id = $1 AND item = $2").bind(package_id).bind(item).execute(&mut *tx).await?;
    if let Some(g) = ground {
        sqlx::query(
            "INSERT INTO package_exclusions (package_id, item, ground, note, staff_id, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(package_id)
        .bind(item)
        .bind(g.code())
        .bind(&note)
        .bind(staff)
        .bind(instant_text(now))
        .execute(&mut *tx)
        .await?;
    }
    let mut a = event(caller, if ground.is_some() { "package.exclude" } else { "package.include" }, &row);
    a.detail = Some(serde_json::json!({ "item": item, "ground": ground.map(Ground::code) }));
    touched(&mut tx, state, meta, package_id, revision, &a).await?;
    tx.commit().await?;
    Ok(())
}

/// Adds a file from another system, or (with `replaces`) its redacted version.
#[allow(clippy::too_many_arguments)]
pub async fn add_file(
    state: &AppState,
    meta: &RequestMeta,
    caller: &Caller,
    receipt: &str,
    revision: i64,
    title: &str,
    upload: Option<(&str, &[u8])>,
    replaces: Option<(i64, &str, &str)>,
) -> Result<(), AppError> {
    let staff = staff_id(caller)?;
    let (row, package_id) = editable(state, meta, caller, receipt, "package.file", revision).await?;
    let mut problems = Vec::new();
    let title = kit::input::normalize(title).trim().to_string();
    let ground = match replaces {
        Some((_, g, _)) => Ground::from_code(g).map(Some).ok_or(()).unwrap_or_else(|()| {
            problems.push(FieldError::new("ground", Problem::Choice));
            None
        }),
        None => None,
    };
    if replaces.is_none() && title.is_empty() {
        problems.push(FieldError::new("title", Problem::Required));
    }
    if title.chars().count() > NOTE_MAX {
        problems.push(FieldError::new("title", Problem::TooLong));
    }
    let checked = match upload {
        None => {
            problems.push(FieldError::new("file", Problem::Required));
            None
        }
        Some((name, bytes)) => match attachments::inspect(bytes, state.feature::<crate::requests::store::RequestPolicy>().max_attachment_bytes) {
            Ok(kind) => Some((name, bytes, kind)),
            Err(p) => {
                problems.push(FieldError::new("file", Problem::File(p)));
                None
            }
        },
    };
    let files = file_rows(&state.db.pool, package_id).await?;
    let original = match replaces {
        Some((id, _, _)) => match files.iter().find(|f| f.0 == id && f.9 == 0 && f.6.is_none()) {
            Some(f) => Some(f.clone()),
            None => return Err(AppError::Invalid(vec![FieldError::new("file", Problem::Choice)])),
        },
        None => None,
    };
    let (Some((name, bytes, kind)), true) = (checked, problems.is_empty()) else {
        return Err(AppError::Invalid(problems));
    };
    let title = match &original {
        Some(o) => o.1.clone(),
        None => title,
    };
    let now = state.clock.now();
    let _turn = state.db.write_turn().await;
    let mut tx = state.db.begin().await?;
    // A second replacement supersedes the first.
    if let Some(o) = &original {
        sqlx::query("UPDATE package_files SET withdrawn = 1 WHERE replaces_id = $1").bind(o.0).execute(&mut *tx).await?;
    }
    sqlx::query(
        "INSERT INTO package_files (package_id, title, file_name, kind, size_bytes, sha256, content, replaces_id, ground, note, staff_id, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(package_id)
    .bind(&title)
    .bind(attachments::display_name(name))
    .bind(kind.code())
    .bind(bytes.len() as i64)
    .bind(hex::encode(Sha256::digest(bytes)))
    .bind(bytes.to_vec())
    .bind(original.as_ref().map(|o| o.0))
    .bind(ground.map(Ground::code))
    .bind(replaces.map(|(_, _, n)| kit::input::normalize(n).trim().chars().take(NOTE_MAX).collect::<String>()))
    .bind(staff)
    .bind(instant_text(now))
    .execute(&mut *tx)
    .await?;
    let mut a = event(caller, if original.is_some() { "package.file.replace" } else { "package.file.add" }, &row);
    a.detail = Some(serde_json::json!({ "replaces": original.as_ref().map(|o| o.0), "ground": ground.map(Ground::code), "kind": kind.code() }));
    touched(&mut tx, state, meta, package_id, revision, &a).await?;
    tx.commit().await?;
    Ok(())
}

/// Takes a file (and any replacement of it) out of the package.
pub async fn withdraw_file(state: &AppState, meta: &RequestMeta, caller: &Caller, receipt: &str, revision: i64, file_id: i64) -> Result<(), AppError> {
    let (row, package_id) = editable(state, meta, caller, receipt, "package.file.withdraw", revision).await?;
    let _turn = state.db.write_turn().await;
    let mut tx = state.db.begin().await?;
    let changed = sqlx::query("UPDATE package_files SET withdrawn = 1 WHERE package_id = $1 AND (id = $2 OR replaces_id = $2) AND withdrawn = 0")
        .bind(package_id)
        .bind(file_id)
        .execute(&mut *tx)
        .await?;
    if changed.rows_affected() == 0 {
        return Err(AppError::Invalid(vec![FieldError::new("file", Problem::Choice)]));
    }
    let mut a = event(caller, "package.file.withdraw", &row);
    a.detail = Some(serde_json::json!({ "file": file_id }));
    touched(&mut tx, state, meta, package_id, revision, &a).await?;
    tx.commit().await?;
    Ok(())
}

/// Builds the archive's bytes: the same input always gives the same archive.
pub fn zip_files(files: &[(String, Vec<u8>)], built_at: DateTime<Utc>) -> Result<Vec<u8>, AppError> {
    use std::io::Write;
    use chrono::{Datelike, Timelike};
    let l = built_at.with_timezone(&kit::time::tokyo()).naive_local();
    let stamp = zip::DateTime::from_date_and_time(l.year() as u16, l.month() as u8, l.day() as u8, l.hour() as u8, l.minute() as u8, l.second() as u8)
        .unwrap_or_default();
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated).last_modified_time(stamp);
    for (name, bytes) in files {
        w.start_file(name.as_str(), options).map_err(|e| AppError::internal("zip", e))?;
        w.write_all(bytes).map_err(|e| AppError::internal("zip", e))?;
    }
    Ok(w.finish().map_err(|e| AppError::internal("zip", e))?.into_inner())
}

/// Assembles the archive of a package as it stands (exclusions applied).
pub async fn assemble(state: &AppState, row: &RequestRow, package_id: i64, now: DateTime<Utc>) -> Result<Vec<u8>, AppError> {
    let (t, _, details) = row_parts(row)?;
    let sections = sections(state, row.5, t, &details).await?;
    let ex: Vec<Exclusion> = exclusions(&state.db.pool, package_id)
        .await?
        .into_iter()
        .filter_map(|(item, g, _)| Some(Exclusion { item, ground: Ground::from_code(&g)? }))
        .collect();
    let rows = file_rows(&state.db.pool, package_id).await?;
    let mut added = Vec::new();
    for (i, f) in delivered(&rows).into_iter().enumerate() {
        let (content,): (Vec<u8>,) =
            sqlx::query_as("SELECT content FROM package_files WHERE id = $1").bind(f.0).fetch_one(&state.db.pool).await?;
        let kind = FileKind::from_code(&f.3).unwrap_or(FileKind::Pdf);
        added.push(PackageFile {
            title: f.1.clone(),
            name: package::archive_name(i, &f.2, kind.extension()),
            bytes: content,
            redacted_under: f.7.as_deref().and_then(Ground::from_code),
        });
    }
    let society = crate::publication::ssr::current_shared(state).await?.map(|(_, p)| p.society.name.clone()).unwrap_or_default();
    let heading = Heading { society, receipt: row.1.clone(), built_on: kit::time::tokyo_date(now).to_string() };
    zip_files(&package::files(&heading, &sections, &ex, &added), now)
}

/// The archive a request's package would have now (for the benchmark).
pub async fn assemble_receipt(state: &AppState, receipt: &str) -> Result<Vec<u8>, AppError> {
    let (row, _) = request_by_receipt(state, receipt).await?.ok_or(AppError::NotFound)?;
    let p = package_of(&state.db.pool, row.0).await?.ok_or(AppError::NotFound)?;
    assemble(state, &row, p.0, state.clock.now()).await
}

/// Inside the decision's transaction: a disclosing decision freezes the package, so the
/// approver sees exactly what will be delivered. 一部開示 must leave something out and
/// 全部開示 nothing.
pub async fn freeze(tx: &mut AnyConnection, state: &AppState, row: &RequestRow, outcome: Outcome) -> Result<(), AppError> {
    let (t, _, _) = row_parts(row)?;
    if !packaged(t) || !delivers(outcome) {
        return Ok(());
    }
    let Some(p) = package_of(&mut *tx, row.0).await? else {
        return Err(AppError::Invalid(vec![FieldError::new("outcome", Problem::PackageMissing)]));
    };
    let (withheld,): (i64,) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM package_exclusions WHERE package_id = $1) + \
         (SELECT COUNT(*) FROM package_files WHERE package_id = $1 AND replaces_id IS NOT NULL AND withdrawn = 0)",
    )
    .bind(p.0)
    .fetch_one(&mut *tx)
    .await?;
    match outcome {
        Outcome::PartialDisclosure if withheld == 0 => return Err(AppError::Invalid(vec![FieldError::new("outcome", Problem::NothingWithheld)])),
        Outcome::FullDisclosure if withheld > 0 => return Err(AppError::Invalid(vec![FieldError::new("outcome", Problem::SomethingWithheld)])),
        _ => {}
    }
    let now = state.clock.now();
    let archive = assemble(state, row, p.0, now).await?;
    sqlx::query(
        "UPDATE disclosure_packages SET status = 'frozen', archive = $1, archive_sha256 = $2, archive_bytes = $3, built_at = $4, \
         revision = revision + 1 WHERE id = $5",
    )
    .bind(archive.clone())
    .bind(hex::encode(Sha256::digest(&archive)))
    .bind(archive.len() as i64)
    .bind(instant_text(now))
    .bind(p.0)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Inside a send-back: the package can be edited again.
pub async fn unfreeze(tx: &mut AnyConnection, request_id: i64) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE disclosure_packages SET status = 'open', archive = NULL, archive_sha256 = NULL, archive_bytes = NULL, built_at = NULL, \
         revision = revision + 1 WHERE request_id = $1 AND status = 'frozen'",
    )
    .bind(request_id)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Inside the approval: the frozen package is released to whoever receives the result.
pub async fn release(tx: &mut AnyConnection, state: &AppState, row: &RequestRow, recipient: Option<i64>, download: bool) -> Result<(), AppError> {
    let now = state.clock.now();
    let expires = download.then(|| instant_text(now + Duration::days(state.feature::<crate::requests::store::RequestPolicy>().download_days)));
    sqlx::query(
        "UPDATE disclosure_packages SET status = 'released', released_at = $1, expires_at = $2, recipient_member_id = $3, \
         revision = revision + 1 WHERE request_id = $4 AND status = 'frozen'",
    )
    .bind(instant_text(now))
    .bind(expires)
    .bind(recipient)
    .bind(row.0)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// What the member's request page shows of the package, if it is theirs to receive.
pub async fn for_member(state: &AppState, member_id: i64, request_id: i64) -> Result<Option<MemberPackage>, AppError> {
    let Some(p) = package_of(&state.db.pool, request_id).await? else { return Ok(None) };
    if p.2 != "released" || p.8 != Some(member_id) {
        return Ok(None);
    }
    let downloads: Vec<(String,)> =
        sqlx::query_as("SELECT downloaded_at FROM package_downloads WHERE package_id = $1 ORDER BY id").bind(p.0).fetch_all(&state.db.pool).await?;
    let expires = p.7.as_deref().and_then(|e| DateTime::parse_from_rfc3339(e).ok()).map(|e| e.with_timezone(&Utc));
    Ok(Some(MemberPackage {
        by_download: expires.is_some(),
        expires_at: p.7.as_deref().map(minutes),
        expired: expires.is_some_and(|e| state.clock.now() >= e),
        size_bytes: p.5.unwrap_or_default(),
        sha256: p.4.unwrap_or_default(),
        posted_on: p.9,
        downloads: downloads.into_iter().map(|d| minutes(&d.0)).collect(),
    }))
}

/// A stored instant as the member reads it: Tokyo time to the minute.
fn minutes(stored: &str) -> String {
    kit::time::tokyo_time(stored).chars().take(16).collect()
}

fn ticket_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Mints a one-time download ticket for the member's released package (after step-up).
pub async fn ticket(state: &AppState, meta: &RequestMeta, caller: &Caller, receipt: &str) -> Result<String, AppError> {
    let Caller::Member { member_id } = caller else { return Err(AppError::Unauthorized) };
    let row = found(state, meta, caller, receipt, "package.ticket").await?;
    let row_ref = &row;
    let refuse = |why: &'static str, e: AppError| async move {
        let mut a = event(caller, "package.ticket", row_ref);
        a.outcome = AuditOutcome::Refused;
        a.detail = Some(serde_json::json!({ "refusal": why }));
        record_standalone(state, meta, &a).await;
        Err(e)
    };
    let Some(mine) = for_member(state, *member_id, row.0).await? else { return refuse("not_released", AppError::NotFound).await };
    if !mine.by_download {
        return refuse("by_post", AppError::NotFound).await;
    }
    if mine.expired {
        return refuse("expired", AppError::Gone).await;
    }
    let token = hex::encode(crate::platform::secrets::random_bytes::<32>());
    let now = state.clock.now();
    let (package_id,): (i64,) =
        sqlx::query_as("SELECT id FROM disclosure_packages WHERE request_id = $1").bind(row.0).fetch_one(&state.db.pool).await?;
    let _turn = state.db.write_turn().await;
    let mut tx = state.db.begin().await?;
    sqlx::query("INSERT INTO download_tickets (token_hash, package_id, member_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(ticket_hash(&token))
        .bind(package_id)
        .bind(member_id)
        .bind(instant_text(now))
        .bind(instant_text(now + Duration::minutes(TICKET_MINUTES)))
        .execute(&mut *tx)
        .await?;
    append(&mut tx, now, meta, &event(caller, "package.ticket", &row)).await?;
    tx.commit().await?;
    Ok(token)
}

/// Redeems a ticket: the archive (with its receipt number) once; a forged, reused or
/// stale ticket, or an expired package, is refused and recorded.
pub async fn download(state: &AppState, meta: &RequestMeta, caller: &Caller, token: &str) -> Result<(String, Vec<u8>), AppError> {
    let refuse = |why: &'static str, subject: Option<i64>, e: AppError| async move {
        let mut a = AuditEvent::new(Actor::Caller(caller.clone()), "package.download");
        a.outcome = AuditOutcome::Refused;
        a.subject_member_id = subject;
        a.data_category = Some("disclosure_package");
        a.detail = Some(serde_json::json!({ "refusal": why }));
        record_standalone(state, meta, &a).await;
        Err(e)
    };
    let Caller::Member { member_id } = caller else { return refuse("not_member", None, AppError::Unauthorized).await };
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return refuse("malformed", None, AppError::NotFound).await;
    }
    let found: Option<(i64, i64, String, Option<String>, i64, String, Option<String>, Option<i64>)> = sqlx::query_as(
        "SELECT t.package_id, t.member_id, t.expires_at, t.used_at, p.request_id, r.receipt_number, p.expires_at, p.subject_member_id \
         FROM download_tickets t JOIN disclosure_packages p ON p.id = t.package_id JOIN requests r ON r.id = p.request_id \
         WHERE t.token_hash = $1",
    )
    .bind(ticket_hash(token))
    .fetch_optional(&state.db.pool)
    .await?;
    let Some((package_id, owner, ticket_expires, used, request_id, receipt, package_expires, subject)) = found else {
        return refuse("unknown", None, AppError::NotFound).await;
    };
    let now = state.clock.now();
    let past = |t: &str| DateTime::parse_from_rfc3339(t).map(|t| now >= t.with_timezone(&Utc)).unwrap_or(true);
    if owner != *member_id {
        return refuse("other_member", subject, AppError::NotFound).await;
    }
    if used.is_some() {
        return refuse("reused", subject, AppError::Gone).await;
    }
    if past(&ticket_expires) || package_expires.as_deref().is_none_or(past) {
        return refuse("expired", subject, AppError::Gone).await;
    }
    let _turn = state.db.write_turn().await;
    let mut tx = state.db.begin().await?;
    let claimed = sqlx::query("UPDATE download_tickets SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL")
        .bind(instant_text(now))
        .bind(ticket_hash(token))
        .execute(&mut *tx)
        .await?;
    if claimed.rows_affected() != 1 {
        drop(tx);
        return refuse("reused", subject, AppError::Gone).await;
    }
    let bytes = archive_bytes(&mut *tx, package_id).await?;
    sqlx::query("INSERT INTO package_downloads (package_id, member_id, downloaded_at) VALUES ($1, $2, $3)")
        .bind(package_id)
        .bind(member_id)
        .bind(instant_text(now))
        .execute(&mut *tx)
        .await?;
    let mut a = AuditEvent::new(Actor::Caller(caller.clone()), "package.download");
    a.subject_member_id = subject;
    a.data_category = Some("disclosure_package");
    a.record_ref = Some(format!("requests/{request_id}/package"));
    a.purpose = Some(receipt.clone());
    append(&mut tx, now, meta, &a).await?;
    tx.commit().await?;
    Ok((receipt, bytes))
}

/// Staff read the frozen (or released) archive exactly as it goes out.
pub async fn staff_archive(state: &AppState, meta: &RequestMeta, caller: &Caller, receipt: &str) -> Result<Vec<u8>, AppError> {
    let row = found(state, meta, caller, receipt, "package.archive").await?;
    let Some(p) = package_of(&state.db.pool, row.0).await? else { return Err(AppError::NotFound) };
    audited_read(state, meta, event(caller, "package.archive", &row), || archive_bytes(&state.db.pool, p.0)).await
}

/// 書面: records the date the package was posted.
pub async fn record_posting(state: &AppState, meta: &RequestMeta, caller: &Caller, receipt: &str, posted_on: &str) -> Result<(), AppError> {
    let staff = staff_id(caller)?;
    let row = found(state, meta, caller, receipt, "package.posted").await?;
    let date: chrono::NaiveDate = posted_on
        .trim()
        .parse()
        .map_err(|_| AppError::Invalid(vec![FieldError::new("posted_on", Problem::Date(kit::form::DateErrorKind::Format))]))?;
    let today = state.clock.today_tokyo();
    let Some(p) = package_of(&state.db.pool, row.0).await? else { return Err(AppError::NotFound) };
    if date > today || p.6.as_deref().and_then(|r| DateTime::parse_from_rfc3339(r).ok()).is_some_and(|r| date < kit::time::tokyo_date(r.with_timezone(&Utc))) {
        return Err(AppError::Invalid(vec![FieldError::new("posted_on", Problem::Date(kit::form::DateErrorKind::Format))]));
    }
    if p.2 != "released" || p.7.is_some() {
        return Err(AppError::Conflict);
    }
    let now = state.clock.now();
    let _turn = state.db.write_turn().await;
    let mut tx = state.db.begin().await?;
    sqlx::query("UPDATE disclosure_packages SET posted_on = $1, posted_by = $2 WHERE id = $3")
        .bind(date.to_string())
        .bind(staff)
        .bind(p.0)
        .execute(&mut *tx)
        .await?;
    let mut a = event(caller, "package.posted", &row);
    a.detail = Some(serde_json::json!({ "posted_on": date.to_string() }));
    append(&mut tx, now, meta, &a).await?;
    tx.commit().await?;
    Ok(())
}
