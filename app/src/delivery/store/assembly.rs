//! Staff assembling a package: the package page, starting a package, leaving items out
//! (33条2項) and adding, replacing or withdrawing files, each edit checked against the revision.

use sha2::{Digest, Sha256};
use sqlx::AnyConnection;

use super::archive::archive_entries;
use super::{NOTE_MAX, by_download, event, exclusions, file_rows, found, minutes, package_of, sections, staff_id};
use crate::delivery::package::{self, Exclusion, Ground};
use crate::delivery::{FileLine, PackageView, Withheld, packaged};
use crate::platform::audit::{Action, AuditEvent, RequestMeta};
use crate::platform::audit::store::{append, audited_read};
use crate::platform::db::instant_text;
use crate::platform::state::AppState;
use crate::requests::attachments;
use crate::requests::lifecycle::Status;
use crate::requests::store::chosen_method;
use crate::requests::store::{RequestRow, row_parts};
use kit::access::{Caller, StaffRole};
use kit::error::AppError;
use kit::form::{FieldError, Problem};

/// Everything the staff package page shows (the subject's data: the caller reads it).
pub async fn view(state: &AppState, meta: &RequestMeta, caller: &Caller, receipt: &str) -> Result<PackageView, AppError> {
    let row = found(state, meta, caller, receipt, Action::PackageView).await?;
    let (t, status, details) = row_parts(&row)?;
    if !packaged(t) {
        return Err(AppError::NotFound);
    }
    let package = package_of(&state.db.pool, row.id).await?;
    let may_edit = matches!(caller, Caller::Staff { roles, .. } if roles.iter().any(|r| matches!(r, StaffRole::Reviewer | StaffRole::Approver)));
    let Some(p) = package else {
        let startable = may_edit && status.clock_runs() && status != Status::PendingApproval;
        // The way the member chose shows before the package exists, too.
        let by_download = by_download(chosen_method(state, &row, &details).await?, None);
        return Ok(PackageView { receipt: row.receipt.clone(), request_type: t, exists: false, can_start: startable, by_download, ..PackageView::default() });
    };
    audited_read(state, meta, event(caller, Action::PackageView, &row), || async {
        let sections = sections(state, row.subject_member_id, t, &details).await?;
        let excluded = exclusions(&state.db.pool, p.id).await?;
        let files = file_rows(&state.db.pool, p.id).await?;
        // After its download period the archive is disposed of (its digest stays on record).
        let archive = match p.archive_sha256 {
            Some(_) => match archive_entries(state, p.id).await {
                Err(AppError::Gone) => Vec::new(),
                other => other?,
            },
            None => Vec::new(),
        };
        let ex: Vec<Exclusion> =
            excluded.iter().filter_map(|e| Some(Exclusion { item: e.item.clone(), ground: Ground::from_code(&e.ground)? })).collect();
        let (_, listed) = package::redact(&sections, &ex);
        Ok(PackageView {
            receipt: row.receipt.clone(),
            request_type: t,
            exists: true,
            can_start: false,
            editable: may_edit && p.status == "open",
            status: p.status.clone(),
            revision: p.revision,
            by_download: by_download(chosen_method(state, &row, &details).await?, None),
            sections,
            exclusions: excluded
                .into_iter()
                .map(|e| (e.item, Ground::from_code(&e.ground).unwrap_or(Ground::Business), e.note))
                .collect(),
            withheld: listed.into_iter().map(|e| Withheld { item: format!("{}: {}", e.section, e.label), ground: e.ground }).collect(),
            files: files
                .iter()
                .map(|f| FileLine {
                    id: f.id,
                    title: f.title.clone(),
                    file_name: f.file_name.clone(),
                    size_bytes: f.size_bytes,
                    replaces: f.replaces_id,
                    ground: f.ground.as_deref().and_then(Ground::from_code),
                    note: f.note.clone().unwrap_or_default(),
                    withdrawn: f.withdrawn != 0,
                    receipt_of: f.receipt_provider.clone(),
                })
                .collect(),
            archive,
            archive_sha256: p.archive_sha256.clone(),
            expires_at: p.expires_at.as_deref().map(minutes),
            posted_on: p.posted_on.clone(),
            status_final: !status.clock_runs(),
            approval_pending: status == Status::PendingApproval,
            receipt_providers: crate::receipts::store::cleared(&state.db.pool, row.id).await?,
            reissue: super::reissue::panel(state, caller, &row, &p).await?,
        })
    })
    .await
}

/// An editable package of a request the caller works on, with its revision checked.
async fn editable(state: &AppState, meta: &RequestMeta, caller: &Caller, receipt: &str, action: Action, revision: i64) -> Result<(RequestRow, i64), AppError> {
    let row = found(state, meta, caller, receipt, action).await?;
    let (t, status, _) = row_parts(&row)?;
    let p = if packaged(t) { package_of(&state.db.pool, row.id).await? } else { None };
    let p = p.ok_or(AppError::NotFound)?;
    if p.status != "open" || p.revision != revision || !status.clock_runs() || status == Status::PendingApproval {
        return Err(AppError::Conflict);
    }
    Ok((row, p.id))
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
    let row = found(state, meta, caller, receipt, Action::PackageStart).await?;
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
    if package_of(&mut *tx, row.id).await?.is_some() {
        return Ok(());
    }
    sqlx::query(
        "INSERT INTO disclosure_packages (request_id, subject_member_id, status, revision, created_by, created_at) \
         VALUES ($1, $2, 'open', 1, $3, $4)",
    )
    .bind(row.id)
    .bind(row.subject_member_id)
    .bind(staff)
    .bind(instant_text(now))
    .execute(&mut *tx)
    .await?;
    append(&mut tx, now, meta, &event(caller, Action::PackageStart, &row)).await?;
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
    let (row, package_id) = editable(state, meta, caller, receipt, Action::PackageExclude, revision).await?;
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
    let known = sections(state, row.subject_member_id, t, &details).await?.iter().any(|s| s.rows.iter().any(|r| r.key == item));
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
    let a = event(caller, if ground.is_some() { Action::PackageExclude } else { Action::PackageInclude }, &row)
        .detail(serde_json::json!({ "item": item, "ground": ground.map(Ground::code) }));
    touched(&mut tx, state, meta, package_id, revision, &a).await?;
    tx.commit().await?;
    Ok(())
}

/// What staff say of a file they add: its title, and for a レセプト copy from the core
/// system, the 照会 of the 医療機関 it is from.
pub struct NewFile<'a> {
    pub title: &'a str,
    pub receipt_inquiry: Option<i64>,
}

/// Adds a file from another system, or (with `replaces`) its redacted version.
#[allow(clippy::too_many_arguments)]
pub async fn add_file(
    state: &AppState,
    meta: &RequestMeta,
    caller: &Caller,
    receipt: &str,
    revision: i64,
    new: NewFile<'_>,
    upload: Option<(&str, &[u8])>,
    replaces: Option<(i64, &str, &str)>,
) -> Result<(), AppError> {
    let staff = staff_id(caller)?;
    let (row, package_id) = editable(state, meta, caller, receipt, Action::PackageFile, revision).await?;
    let mut problems = Vec::new();
    let title = kit::input::normalize(new.title).trim().to_string();
    // A レセプト copy names a 医療機関 that answered 支障なし (never one that objected).
    let receipt_inquiry = match (new.receipt_inquiry, replaces) {
        (Some(id), None) => match crate::receipts::store::copy_allowed(&state.db.pool, row.id, id).await {
            Ok(_) => Some(id),
            Err(AppError::Invalid(e)) => {
                problems.extend(e);
                None
            }
            Err(e) => return Err(e),
        },
        _ => None,
    };
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
        Some((id, _, _)) => match files.iter().find(|f| f.id == id && f.withdrawn == 0 && f.replaces_id.is_none()) {
            Some(f) => Some(f.clone()),
            None => return Err(AppError::Invalid(vec![FieldError::new("file", Problem::Choice)])),
        },
        None => None,
    };
    let (Some((name, bytes, kind)), true) = (checked, problems.is_empty()) else {
        return Err(AppError::Invalid(problems));
    };
    let title = match &original {
        Some(o) => o.title.clone(),
        None => title,
    };
    let now = state.clock.now();
    let _turn = state.db.write_turn().await;
    let mut tx = state.db.begin().await?;
    // A second replacement supersedes the first.
    if let Some(o) = &original {
        sqlx::query("UPDATE package_files SET withdrawn = 1 WHERE replaces_id = $1").bind(o.id).execute(&mut *tx).await?;
    }
    sqlx::query(
        "INSERT INTO package_files (package_id, title, file_name, kind, size_bytes, sha256, content, replaces_id, ground, note, staff_id, created_at, \
         receipt_inquiry_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
    )
    .bind(package_id)
    .bind(&title)
    .bind(attachments::display_name(name))
    .bind(kind.code())
    .bind(bytes.len() as i64)
    .bind(hex::encode(Sha256::digest(bytes)))
    .bind(bytes.to_vec())
    .bind(original.as_ref().map(|o| o.id))
    .bind(ground.map(Ground::code))
    .bind(replaces.map(|(_, _, n)| kit::input::normalize(n).trim().chars().take(NOTE_MAX).collect::<String>()))
    .bind(staff)
    .bind(instant_text(now))
    // A redacted version is the レセプト of the same 医療機関 as its original.
    .bind(original.as_ref().and_then(|o| o.receipt_inquiry_id).or(receipt_inquiry))
    .execute(&mut *tx)
    .await?;
    let a = event(caller, if original.is_some() { Action::PackageFileReplace } else { Action::PackageFileAdd }, &row)
        .detail(serde_json::json!({ "replaces": original.as_ref().map(|o| o.id), "ground": ground.map(Ground::code), "kind": kind.code() }));
    touched(&mut tx, state, meta, package_id, revision, &a).await?;
    tx.commit().await?;
    Ok(())
}

/// Takes a file (and any replacement of it) out of the package.
pub async fn withdraw_file(state: &AppState, meta: &RequestMeta, caller: &Caller, receipt: &str, revision: i64, file_id: i64) -> Result<(), AppError> {
    let (row, package_id) = editable(state, meta, caller, receipt, Action::PackageFileWithdraw, revision).await?;
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
    let a = event(caller, Action::PackageFileWithdraw, &row).detail(serde_json::json!({ "file": file_id }));
    touched(&mut tx, state, meta, package_id, revision, &a).await?;
    tx.commit().await?;
    Ok(())
}
