//! The package's way out with the decision: frozen inside a disclosing decision, reopened on a
//! send-back, released on approval, and (書面) the date it was posted.

use chrono::{DateTime, Duration, Utc};
use sha2::{Digest, Sha256};
use sqlx::AnyConnection;

use super::{assemble, delivers, event, found, package_of, staff_id};
use crate::delivery::packaged;
use crate::platform::audit::{Action, RequestMeta};
use crate::platform::audit::store::append;
use crate::platform::db::instant_text;
use crate::platform::state::AppState;
use crate::requests::decision::Outcome;
use crate::requests::store::{RequestRow, row_parts};
use kit::access::Caller;
use kit::error::AppError;
use kit::form::{FieldError, Problem};

/// Inside the decision's transaction: a disclosing decision freezes the package, so the
/// approver sees exactly what will be delivered. 一部開示 must leave something out and
/// 全部開示 nothing.
pub(crate) async fn freeze(tx: &mut AnyConnection, state: &AppState, row: &RequestRow, outcome: Outcome) -> Result<(), AppError> {
    let (t, _, _) = row_parts(row)?;
    if !packaged(t) || !delivers(outcome) {
        return Ok(());
    }
    let Some(p) = package_of(&mut *tx, row.id).await? else {
        return Err(AppError::Invalid(vec![FieldError::new("outcome", Problem::PackageMissing)]));
    };
    let withheld: i64 = sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM package_exclusions WHERE package_id = $1) + \
         (SELECT COUNT(*) FROM package_files WHERE package_id = $1 AND replaces_id IS NOT NULL AND withdrawn = 0) + \
         (SELECT COUNT(*) FROM receipt_inquiries WHERE request_id = $2 AND answer = 'objection')",
    )
    .bind(p.id)
    // The レセプト of a 医療機関 that answered 支障あり are withheld (never in the package).
    .bind(row.id)
    .fetch_one(&mut *tx)
    .await?;
    match outcome {
        Outcome::PartialDisclosure if withheld == 0 => return Err(AppError::Invalid(vec![FieldError::new("outcome", Problem::NothingWithheld)])),
        Outcome::FullDisclosure if withheld > 0 => return Err(AppError::Invalid(vec![FieldError::new("outcome", Problem::SomethingWithheld)])),
        _ => {}
    }
    let now = state.clock.now();
    let built = assemble(state, row, p.id, now).await?;
    let archive = built.bytes;
    sqlx::query(
        "UPDATE disclosure_packages SET status = 'frozen', archive = $1, archive_sha256 = $2, archive_bytes = $3, built_at = $4, \
         manifest = $5, revision = revision + 1 WHERE id = $6",
    )
    .bind(archive.clone())
    .bind(hex::encode(Sha256::digest(&archive)))
    .bind(archive.len() as i64)
    .bind(instant_text(now))
    .bind(built.manifest.to_json())
    .bind(p.id)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Inside a send-back: the package can be edited again.
pub async fn unfreeze(tx: &mut AnyConnection, request_id: i64) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE disclosure_packages SET status = 'open', archive = NULL, archive_sha256 = NULL, archive_bytes = NULL, built_at = NULL, \
         manifest = NULL, revision = revision + 1 WHERE request_id = $1 AND status = 'frozen'",
    )
    .bind(request_id)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Inside the approval: the frozen package is released to whoever receives the result.
pub(crate) async fn release(tx: &mut AnyConnection, state: &AppState, row: &RequestRow, recipient: Option<i64>, download: bool) -> Result<(), AppError> {
    let now = state.clock.now();
    let expires = download.then(|| instant_text(now + Duration::days(state.feature::<crate::requests::store::RequestPolicy>().download_days)));
    sqlx::query(
        "UPDATE disclosure_packages SET status = 'released', released_at = $1, expires_at = $2, recipient_member_id = $3, \
         revision = revision + 1 WHERE request_id = $4 AND status = 'frozen'",
    )
    .bind(instant_text(now))
    .bind(expires)
    .bind(recipient)
    .bind(row.id)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// 書面: records the date the package was posted.
pub async fn record_posting(state: &AppState, meta: &RequestMeta, caller: &Caller, receipt: &str, posted_on: &str) -> Result<(), AppError> {
    let staff = staff_id(caller)?;
    let row = found(state, meta, caller, receipt, Action::PackagePosted).await?;
    let date: chrono::NaiveDate = posted_on
        .trim()
        .parse()
        .map_err(|_| AppError::Invalid(vec![FieldError::new("posted_on", Problem::Date(kit::form::DateErrorKind::Format))]))?;
    let today = state.clock.today_tokyo();
    let Some(p) = package_of(&state.db.pool, row.id).await? else { return Err(AppError::NotFound) };
    if date > today || p.released_at.as_deref().and_then(|r| DateTime::parse_from_rfc3339(r).ok()).is_some_and(|r| date < kit::time::tokyo_date(r.with_timezone(&Utc))) {
        return Err(AppError::Invalid(vec![FieldError::new("posted_on", Problem::Date(kit::form::DateErrorKind::Format))]));
    }
    if p.status != "released" || p.expires_at.is_some() {
        return Err(AppError::Conflict);
    }
    let now = state.clock.now();
    let _turn = state.db.write_turn().await;
    let mut tx = state.db.begin().await?;
    sqlx::query("UPDATE disclosure_packages SET posted_on = $1, posted_by = $2 WHERE id = $3")
        .bind(date.to_string())
        .bind(staff)
        .bind(p.id)
        .execute(&mut *tx)
        .await?;
    let a = event(caller, Action::PackagePosted, &row).detail(serde_json::json!({ "posted_on": date.to_string() }));
    append(&mut tx, now, meta, &a).await?;
    tx.commit().await?;
    Ok(())
}

/// 35条 消去 of the files of a member's earlier 開示 (the download archive, the files
/// staff added and a re-issue's archive waiting for approval), for every closed request the member made or that was about them, other
/// than `except`. The package's record stays (what was disclosed, when): only its
/// contents go. In the caller's transaction; returns the package ids emptied.
pub async fn erase_archives(
    tx: &mut AnyConnection,
    backend: crate::platform::db::Backend,
    member: i64,
    except: i64,
) -> Result<Vec<i64>, AppError> {
    let packages = "SELECT p.id FROM disclosure_packages p JOIN requests r ON r.id = p.request_id \
        WHERE (r.subject_member_id = $1 OR r.requester_member_id = $1) AND r.id <> $2 \
        AND r.status IN ('notified', 'completed', 'withdrawn', 'rejected', 'lapsed') \
        AND (p.archive IS NOT NULL OR EXISTS (SELECT 1 FROM package_files f WHERE f.package_id = p.id) \
        OR EXISTS (SELECT 1 FROM package_reissues ri WHERE ri.package_id = p.id AND ri.archive IS NOT NULL))";
    let ids: Vec<i64> = sqlx::query_scalar(&format!("{packages} ORDER BY p.id")).bind(member).bind(except).fetch_all(&mut *tx).await?;
    if ids.is_empty() {
        return Ok(ids);
    }
    let list = serde_json::json!(ids).to_string();
    let rows = match backend {
        crate::platform::db::Backend::Sqlite => "SELECT value FROM json_each($1)",
        crate::platform::db::Backend::Postgres => "SELECT jsonb_array_elements_text($1::jsonb)::bigint",
    };
    sqlx::query(&format!("UPDATE disclosure_packages SET archive = NULL WHERE id IN ({rows})")).bind(&list).execute(&mut *tx).await?;
    sqlx::query(&format!("DELETE FROM package_files WHERE package_id IN ({rows})")).bind(&list).execute(&mut *tx).await?;
    // A re-issue prepared and not yet approved goes too (it cannot be approved without it).
    sqlx::query(&format!("UPDATE package_reissues SET archive = NULL WHERE package_id IN ({rows})")).bind(&list).execute(&mut *tx).await?;
    Ok(ids)
}
