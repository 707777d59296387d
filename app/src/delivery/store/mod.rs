//! Disclosure packages in the database (server only): staff assemble one per 開示 request,
//! the decision freezes the archive the approver sees, approval releases it, and the
//! member downloads it with one-time tickets until it expires. Every read of the
//! subject's data and every download is an audit event.
//!
//! What the parts share lives here: the package's stored rows and the audit event of a
//! package action.

mod archive;
mod assembly;
mod contents;
mod release;
mod tickets;

pub use archive::{assemble, assemble_receipt, staff_archive, zip_files};
pub use assembly::{add_file, set_exclusion, start, view, withdraw_file};
pub use contents::sections;
pub use release::{freeze, record_posting, release, unfreeze};
pub use tickets::{download, for_member, ticket};

use crate::platform::audit::{Action, AuditEvent, DataCategory, RequestMeta};
use crate::platform::state::AppState;
use crate::requests::decision::Outcome;
use crate::requests::draft::Details;
use crate::requests::store::RequestRow;
use kit::access::Caller;
use kit::error::AppError;

pub use crate::requests::store::DEFAULT_DOWNLOAD_DAYS;

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

fn event(caller: &Caller, action: Action, row: &RequestRow) -> AuditEvent {
    AuditEvent::by(caller.clone(), action)
        .about(row.5)
        .data(DataCategory::DisclosurePackage)
        .record(format!("requests/{}/package", row.0))
        .purpose(row.1.clone())
}

/// The request, if this caller may see it; a refusal is recorded.
async fn found(state: &AppState, meta: &RequestMeta, caller: &Caller, receipt: &str, action: Action) -> Result<RequestRow, AppError> {
    crate::requests::store::seen_by(state, meta, caller, receipt, action, DataCategory::DisclosurePackage).await
}

fn staff_id(caller: &Caller) -> Result<i64, AppError> {
    match caller {
        Caller::Staff { staff_id, .. } => Ok(*staff_id),
        _ => Err(AppError::Forbidden),
    }
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

/// A stored instant as the member reads it: Tokyo time to the minute.
fn minutes(stored: &str) -> String {
    kit::time::tokyo_time(stored).chars().take(16).collect()
}
