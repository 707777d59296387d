//! 再交付 in the database: staff prepare a new archive of a released package whose
//! download period ended, a 責任者 other than the preparer approves it (the package then
//! holds it with a new period, and the member is told) or cancels it. Each step is one
//! transaction with its audit event and its timeline line; a refusal saves nothing.

use chrono::{DateTime, Duration, Utc};
use sha2::{Digest, Sha256};

use super::{PackageRow, assemble, event, found, minutes, package_of, staff_id};
use crate::delivery::packaged;
use crate::delivery::reissue::{self as r, Manifest, ReissueLine, ReissuePanel, ReissueStatus};
use crate::platform::audit::store::append;
use crate::platform::audit::{Action, RequestMeta};
use crate::platform::db::instant_text;
use crate::platform::state::AppState;
use crate::requests::lifecycle::Action as Step;
use crate::requests::store::{RequestRow, insert_event, notify_reissued, row_parts};
use kit::access::{Caller, StaffRole};
use kit::error::AppError;
use kit::form::{FieldError, Problem};

/// A re-issue as stored (without its archive's bytes), with the names of who prepared
/// and who decided it.
#[derive(sqlx::FromRow)]
struct ReissueRow {
    id: i64,
    archive_sha256: String,
    archive_bytes: i64,
    manifest: String,
    first_manifest: Option<String>,
    first_sha256: Option<String>,
    first_bytes: Option<i64>,
    reason: String,
    prepared_by: i64,
    prepared_at: String,
    /// pending, approved or cancelled.
    status: String,
    decided_at: Option<String>,
    preparer: String,
    decider: Option<String>,
}

const REISSUE_SELECT: &str = "SELECT ri.id, ri.archive_sha256, ri.archive_bytes, ri.manifest, ri.first_manifest, ri.first_sha256, \
     ri.first_bytes, ri.reason, ri.prepared_by, ri.prepared_at, ri.status, ri.decided_at, s1.name AS preparer, s2.name AS decider \
     FROM package_reissues ri JOIN staff s1 ON s1.id = ri.prepared_by LEFT JOIN staff s2 ON s2.id = ri.decided_by";

async fn reissues(conn: impl sqlx::Executor<'_, Database = sqlx::Any>, package_id: i64) -> Result<Vec<ReissueRow>, AppError> {
    Ok(sqlx::query_as(&format!("{REISSUE_SELECT} WHERE ri.package_id = $1 ORDER BY ri.id DESC")).bind(package_id).fetch_all(conn).await?)
}

fn line(x: ReissueRow, caller_staff: Option<i64>) -> ReissueLine {
    let now = Manifest::parse(Some(&x.manifest)).unwrap_or_default();
    let diff = Manifest::parse(x.first_manifest.as_deref()).map(|first| r::diff(&first, &now));
    ReissueLine {
        id: x.id,
        status: ReissueStatus::from_code(&x.status).unwrap_or(ReissueStatus::Pending),
        reason: x.reason,
        prepared_by: x.preparer,
        prepared_at: minutes(&x.prepared_at),
        decided_by: x.decider,
        decided_at: x.decided_at.as_deref().map(minutes),
        diff,
        first_sha256: x.first_sha256,
        first_bytes: x.first_bytes,
        sha256: x.archive_sha256,
        bytes: x.archive_bytes,
        own: caller_staff == Some(x.prepared_by),
    }
}

/// Whether the package may be re-issued: released for download to a member who may still
/// receive it, and its download period over (or its archive gone).
async fn eligible(state: &AppState, row: &RequestRow, p: &PackageRow) -> Result<bool, AppError> {
    let Some(expires) = p.expires_at.as_deref() else { return Ok(false) };
    if p.status != "released" || p.recipient_member_id.is_none() {
        return Ok(false);
    }
    let over = DateTime::parse_from_rfc3339(expires).map(|e| state.clock.now() >= e.with_timezone(&Utc)).unwrap_or(true);
    let gone: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM disclosure_packages WHERE id = $1 AND archive IS NULL")
        .bind(p.id)
        .fetch_one(&state.db.pool)
        .await?;
    if !over && gone == 0 {
        return Ok(false);
    }
    // A minor's representative acts only until the 18th birthday (the 本人 may ask themselves).
    Ok(!crate::requests::store::representation_ended(&state.db.pool, row.id, state.clock.today_tokyo()).await?)
}

/// The re-issue section of the staff package page (read inside the page's audited read).
pub(super) async fn panel(state: &AppState, caller: &Caller, row: &RequestRow, p: &PackageRow) -> Result<ReissuePanel, AppError> {
    let (me, roles) = match caller {
        Caller::Staff { staff_id, roles } => (Some(*staff_id), roles.as_slice()),
        _ => (None, &[][..]),
    };
    let has = |allowed: &[StaffRole]| roles.iter().any(|r| allowed.contains(r));
    let eligible = eligible(state, row, p).await?;
    let mut all: Vec<ReissueLine> = reissues(&state.db.pool, p.id).await?.into_iter().map(|x| line(x, me)).collect();
    let pending = all.iter().position(|l| l.status == ReissueStatus::Pending).map(|i| all.remove(i));
    Ok(ReissuePanel {
        eligible,
        can_prepare: eligible && pending.is_none() && has(r::PREPARE_ROLES),
        can_decide: has(r::DECIDE_ROLES),
        pending,
        history: all,
    })
}

/// Prepares a re-issue: the archive rebuilt from the data as it is now (the same
/// exclusions and files), kept with its manifest and the first delivery's, waiting for a
/// 責任者.
pub async fn prepare(state: &AppState, meta: &RequestMeta, caller: &Caller, receipt: &str, reason: &str) -> Result<(), AppError> {
    let staff = staff_id(caller)?;
    let row = found(state, meta, caller, receipt, Action::PackageReissuePrepare).await?;
    let (t, status, _) = row_parts(&row)?;
    let p = if packaged(t) { package_of(&state.db.pool, row.id).await? } else { None };
    let p = p.ok_or(AppError::NotFound)?;
    if !eligible(state, &row, &p).await? {
        return Err(AppError::Conflict);
    }
    let reason = r::reason(reason).map_err(|e| AppError::Invalid(vec![e]))?;
    let pending = || AppError::Invalid(vec![FieldError::new("reason", Problem::ReissuePending)]);
    let waiting = |n: i64| if n > 0 { Err(pending()) } else { Ok(()) };
    let count = "SELECT COUNT(*) FROM package_reissues WHERE package_id = $1 AND status = 'pending'";
    waiting(sqlx::query_scalar(count).bind(p.id).fetch_one(&state.db.pool).await?)?;
    let now = state.clock.now();
    // Built before the write turn: drawing and compressing take a moment.
    let built = assemble(state, &row, p.id, now).await?;
    let sha = hex::encode(Sha256::digest(&built.bytes));
    let _turn = state.db.write_turn().await;
    let mut tx = state.db.begin().await?;
    waiting(sqlx::query_scalar(count).bind(p.id).fetch_one(&mut *tx).await?)?;
    let first: Option<String> =
        sqlx::query_scalar("SELECT manifest FROM disclosure_packages WHERE id = $1").bind(p.id).fetch_one(&mut *tx).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO package_reissues (package_id, archive, archive_sha256, archive_bytes, manifest, first_manifest, first_sha256, \
         first_bytes, reason, prepared_by, prepared_at, status) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'pending') RETURNING id",
    )
    .bind(p.id)
    .bind(built.bytes.clone())
    .bind(&sha)
    .bind(built.bytes.len() as i64)
    .bind(built.manifest.to_json())
    .bind(first)
    .bind(p.archive_sha256.clone())
    .bind(p.archive_bytes)
    .bind(&reason)
    .bind(staff)
    .bind(instant_text(now))
    .fetch_one(&mut *tx)
    .await?;
    insert_event(&mut tx, now, row.id, ("staff", Some(staff)), (Step::ReissuePrepare.code(), false), Some(status), status, Some(&reason)).await?;
    let a = event(caller, Action::PackageReissuePrepare, &row).detail(serde_json::json!({ "reissue": id, "sha256": sha }));
    append(&mut tx, now, meta, &a).await?;
    tx.commit().await?;
    Ok(())
}

/// The archive of a pending re-issue, as the approval moves it.
#[derive(sqlx::FromRow)]
struct PendingArchive {
    prepared_by: i64,
    status: String,
    archive: Option<Vec<u8>>,
    archive_sha256: String,
    archive_bytes: i64,
    manifest: String,
    prepared_at: String,
}

/// A 責任者 approves (the package takes the new archive, its manifest and a new download
/// period; the member is told) or cancels (the archive is dropped) a pending re-issue.
/// Approving one's own, or deciding one not pending, is refused and saves nothing.
pub async fn decide(state: &AppState, meta: &RequestMeta, caller: &Caller, receipt: &str, reissue: i64, approve: bool) -> Result<(), AppError> {
    let staff = staff_id(caller)?;
    let action = if approve { Action::PackageReissueApprove } else { Action::PackageReissueCancel };
    let row = found(state, meta, caller, receipt, action).await?;
    let (t, status, _) = row_parts(&row)?;
    let p = if packaged(t) { package_of(&state.db.pool, row.id).await? } else { None };
    let p = p.ok_or(AppError::NotFound)?;
    let still = eligible(state, &row, &p).await?;
    let now = state.clock.now();
    let _turn = state.db.write_turn().await;
    let mut tx = state.db.begin().await?;
    let x: Option<PendingArchive> = sqlx::query_as(
        "SELECT prepared_by, status, archive, archive_sha256, archive_bytes, manifest, prepared_at FROM package_reissues \
         WHERE id = $1 AND package_id = $2",
    )
    .bind(reissue)
    .bind(p.id)
    .fetch_optional(&mut *tx)
    .await?;
    let x = x.ok_or(AppError::NotFound)?;
    if x.status != "pending" {
        return Err(AppError::Conflict);
    }
    if approve && x.prepared_by == staff {
        return Err(AppError::Invalid(vec![FieldError::new("decision", Problem::OwnReissue)]));
    }
    let decided = sqlx::query(
        "UPDATE package_reissues SET status = $1, archive = NULL, decided_by = $2, decided_at = $3 WHERE id = $4 AND status = 'pending'",
    )
    .bind(if approve { "approved" } else { "cancelled" })
    .bind(staff)
    .bind(instant_text(now))
    .bind(reissue)
    .execute(&mut *tx)
    .await?;
    if decided.rows_affected() != 1 {
        return Err(AppError::Conflict);
    }
    let detail = serde_json::json!({ "reissue": reissue, "sha256": x.archive_sha256 });
    if !approve {
        insert_event(&mut tx, now, row.id, ("staff", Some(staff)), (Step::ReissueCancel.code(), false), Some(status), status, None).await?;
        append(&mut tx, now, meta, &event(caller, action, &row).detail(detail)).await?;
        tx.commit().await?;
        return Ok(());
    }
    // Its archive was erased (35条) while it waited: nothing to deliver.
    let Some(archive) = x.archive else { return Err(AppError::Gone) };
    if !still {
        return Err(AppError::Conflict);
    }
    let Some(member) = p.recipient_member_id else { return Err(AppError::Conflict) };
    let days = state.feature::<crate::requests::store::RequestPolicy>().download_days;
    let expires = instant_text(now + Duration::days(days));
    sqlx::query(
        "UPDATE disclosure_packages SET archive = $1, archive_sha256 = $2, archive_bytes = $3, built_at = $4, manifest = $5, \
         expires_at = $6, revision = revision + 1 WHERE id = $7 AND status = 'released'",
    )
    .bind(archive)
    .bind(&x.archive_sha256)
    .bind(x.archive_bytes)
    .bind(&x.prepared_at)
    .bind(&x.manifest)
    .bind(&expires)
    .bind(p.id)
    .execute(&mut *tx)
    .await?;
    insert_event(&mut tx, now, row.id, ("staff", Some(staff)), (Step::Reissue.code(), true), Some(status), status, None).await?;
    notify_reissued(&mut tx, now, (row.id, member), &row.receipt, &minutes(&expires)).await?;
    append(&mut tx, now, meta, &event(caller, action, &row).detail(detail)).await?;
    tx.commit().await?;
    Ok(())
}
