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
mod reissue;
mod release;
mod summary;
mod tickets;

pub(crate) use archive::assemble;
pub use archive::{assemble_receipt, staff_archive, zip_files};
pub use assembly::{NewFile, add_file, set_exclusion, start, view, withdraw_file};
pub use contents::{scoped, sections};
pub(crate) use release::{freeze, release};
pub use reissue::{decide as reissue_decide, prepare as reissue_prepare};
pub use release::{erase_archives, record_posting, unfreeze};
pub use summary::summary_pdf;
pub use tickets::{Expiring, Part, download, expiring_for_member, for_member, ticket};

use crate::platform::audit::{Action, AuditEvent, DataCategory, RequestMeta};
use crate::platform::state::AppState;
use crate::requests::decision::Outcome;
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

/// Whether the result goes out as a download (the rule the decision letter states too).
pub use crate::requests::decision::result_by_download as by_download;

/// A request's disclosure package as stored (without its archive's bytes; the subject
/// is the request's).
#[derive(sqlx::FromRow)]
struct PackageRow {
    id: i64,
    status: String,
    /// Bumped by every edit, so a stale form is told.
    revision: i64,
    archive_sha256: Option<String>,
    /// The archive's size.
    archive_bytes: Option<i64>,
    released_at: Option<String>,
    /// The end of the download period (none for a posted package).
    expires_at: Option<String>,
    recipient_member_id: Option<i64>,
    posted_on: Option<String>,
}

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
        .about(row.subject_member_id)
        .data(DataCategory::DisclosurePackage)
        .record(format!("requests/{}/package", row.id))
        .purpose(row.receipt.clone())
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

/// A file of a package (without its content and digest).
#[derive(Clone, sqlx::FromRow)]
struct FileRow {
    id: i64,
    title: String,
    file_name: String,
    kind: String,
    size_bytes: i64,
    /// The original this file is the redacted version of.
    replaces_id: Option<i64>,
    /// The 33条2項 ground of the redaction.
    ground: Option<String>,
    note: Option<String>,
    withdrawn: i64,
    /// A レセプト copy: the 照会 of its 医療機関, and that 医療機関's name.
    receipt_inquiry_id: Option<i64>,
    receipt_provider: Option<String>,
}

async fn file_rows(conn: impl sqlx::Executor<'_, Database = sqlx::Any>, package_id: i64) -> Result<Vec<FileRow>, AppError> {
    Ok(sqlx::query_as(
        "SELECT f.id, f.title, f.file_name, f.kind, f.size_bytes, f.sha256, f.replaces_id, f.ground, f.note, f.withdrawn, \
         f.receipt_inquiry_id, q.provider AS receipt_provider FROM package_files f \
         LEFT JOIN receipt_inquiries q ON q.id = f.receipt_inquiry_id WHERE f.package_id = $1 ORDER BY f.id",
    )
    .bind(package_id)
    .fetch_all(conn)
    .await?)
}

/// An item of the subject's data left out of the package, with its 33条2項 ground.
#[derive(sqlx::FromRow)]
struct ExclusionRow {
    item: String,
    ground: String,
    note: String,
}

async fn exclusions(conn: impl sqlx::Executor<'_, Database = sqlx::Any>, package_id: i64) -> Result<Vec<ExclusionRow>, AppError> {
    Ok(sqlx::query_as("SELECT item, ground, note FROM package_exclusions WHERE package_id = $1 ORDER BY id")
        .bind(package_id)
        .fetch_all(conn)
        .await?)
}

/// The archive's bytes; Gone once retention disposed of it after its download period.
async fn archive_bytes(conn: impl sqlx::Executor<'_, Database = sqlx::Any>, package_id: i64) -> Result<Vec<u8>, AppError> {
    let b: Option<Option<Vec<u8>>> =
        sqlx::query_scalar("SELECT archive FROM disclosure_packages WHERE id = $1").bind(package_id).fetch_optional(conn).await?;
    match b {
        None => Err(AppError::NotFound),
        Some(None) => Err(AppError::Gone),
        Some(Some(bytes)) => Ok(bytes),
    }
}

/// A stored instant as the member reads it: Tokyo time to the minute.
fn minutes(stored: &str) -> String {
    kit::time::tokyo_time(stored).chars().take(16).collect()
}
