//! The member's side of a released package: what their request page shows, and one-time
//! download tickets, each minted after step-up and redeemed once.

use chrono::{DateTime, Duration, Utc};
use sha2::{Digest, Sha256};

use super::{archive_bytes, event, found, minutes, package_of};
use crate::delivery::MemberPackage;
use crate::delivery::package::SUMMARY_PDF;
use crate::platform::audit::{Action, AuditEvent, DataCategory, RequestMeta};
use crate::platform::audit::store::{append, record_standalone};
use crate::platform::db::instant_text;
use crate::platform::state::AppState;
use kit::access::Caller;
use kit::error::AppError;

/// A download ticket is good for this long, once.
const TICKET_MINUTES: i64 = 5;

/// What the member's request page shows of the package, if it is theirs to receive.
pub async fn for_member(state: &AppState, member_id: i64, request_id: i64) -> Result<Option<MemberPackage>, AppError> {
    let Some(p) = package_of(&state.db.pool, request_id).await? else { return Ok(None) };
    if p.status != "released" || p.recipient_member_id != Some(member_id) {
        return Ok(None);
    }
    // Released to a minor's representative before the 18th birthday, not fetched by then:
    // it is no longer theirs to receive (the 本人 may ask in their own name).
    if crate::requests::store::representation_ended(&state.db.pool, request_id, state.clock.today_tokyo()).await? {
        return Ok(None);
    }
    let downloads: Vec<String> =
        sqlx::query_scalar("SELECT downloaded_at FROM package_downloads WHERE package_id = $1 ORDER BY id").bind(p.id).fetch_all(&state.db.pool).await?;
    let expires = p.expires_at.as_deref().and_then(|e| DateTime::parse_from_rfc3339(e).ok()).map(|e| e.with_timezone(&Utc));
    let expired = expires.is_some_and(|e| state.clock.now() >= e);
    // A package frozen before the PDF summary existed (or without the font) has none.
    let has_pdf = expires.is_some() && !expired && {
        let bytes = archive_bytes(&state.db.pool, p.id).await;
        bytes.ok().is_some_and(|b| entry(&b, SUMMARY_PDF).is_some())
    };
    Ok(Some(MemberPackage {
        by_download: expires.is_some(),
        expires_at: p.expires_at.as_deref().map(minutes),
        expired,
        has_pdf,
        size_bytes: p.archive_bytes.unwrap_or_default(),
        sha256: p.archive_sha256.unwrap_or_default(),
        posted_on: p.posted_on,
        downloads: downloads.iter().map(|d| minutes(d)).collect(),
    }))
}

/// One file of an archive, by its name.
fn entry(archive: &[u8], name: &str) -> Option<Vec<u8>> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(archive)).ok()?;
    let mut file = zip.by_name(name).ok()?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes).ok()?;
    Some(bytes)
}

/// Which file of the package a download is: the archive, or the PDF summary in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    Archive,
    SummaryPdf,
}

impl Part {
    /// From the download address's `file` (none: the archive); None for any other name.
    pub fn from_query(file: Option<&str>) -> Option<Part> {
        match file {
            None | Some("") => Some(Part::Archive),
            Some(SUMMARY_PDF) => Some(Part::SummaryPdf),
            Some(_) => None,
        }
    }

    fn code(self) -> &'static str {
        match self {
            Part::Archive => "archive",
            Part::SummaryPdf => SUMMARY_PDF,
        }
    }
}

fn ticket_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Mints a one-time download ticket for the member's released package (after step-up).
pub async fn ticket(state: &AppState, meta: &RequestMeta, caller: &Caller, receipt: &str) -> Result<String, AppError> {
    let Caller::Member { member_id } = caller else { return Err(AppError::Unauthorized) };
    let row = found(state, meta, caller, receipt, Action::PackageTicket).await?;
    let row_ref = &row;
    let refuse = |why: &'static str, e: AppError| async move {
        let a = event(caller, Action::PackageTicket, row_ref).detail(serde_json::json!({ "refusal": why })).refused();
        record_standalone(state, meta, &a).await;
        Err(e)
    };
    let Some(mine) = for_member(state, *member_id, row.id).await? else { return refuse("not_released", AppError::NotFound).await };
    if !mine.by_download {
        return refuse("by_post", AppError::NotFound).await;
    }
    if mine.expired {
        return refuse("expired", AppError::Gone).await;
    }
    let token = hex::encode(crate::platform::secrets::random_bytes::<32>());
    let now = state.clock.now();
    let package_id: i64 =
        sqlx::query_scalar("SELECT id FROM disclosure_packages WHERE request_id = $1").bind(row.id).fetch_one(&state.db.pool).await?;
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
    append(&mut tx, now, meta, &event(caller, Action::PackageTicket, &row)).await?;
    tx.commit().await?;
    Ok(token)
}

/// Redeems a ticket: the archive, or the PDF summary inside it (with the receipt number),
/// once; a forged, reused or stale ticket, an expired package, or a file the package does
/// not have (`part` None: an unknown name), is refused and recorded.
pub async fn download(
    state: &AppState,
    meta: &RequestMeta,
    caller: &Caller,
    token: &str,
    part: Option<Part>,
) -> Result<(String, Vec<u8>), AppError> {
    let refuse = |why: &'static str, subject: Option<i64>, e: AppError| async move {
        let a = AuditEvent::by(caller.clone(), Action::PackageDownload)
            .about(subject)
            .data(DataCategory::DisclosurePackage)
            .detail(serde_json::json!({ "refusal": why }))
            .refused();
        record_standalone(state, meta, &a).await;
        Err(e)
    };
    let Caller::Member { member_id } = caller else { return refuse("not_member", None, AppError::Unauthorized).await };
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return refuse("malformed", None, AppError::NotFound).await;
    }
    let Some(part) = part else { return refuse("unknown_file", None, AppError::NotFound).await };
    let found: Option<TicketRow> = sqlx::query_as(
        "SELECT t.package_id, t.member_id, t.expires_at AS ticket_expires_at, t.used_at, p.request_id, r.receipt_number, \
         p.expires_at AS package_expires_at, p.subject_member_id \
         FROM download_tickets t JOIN disclosure_packages p ON p.id = t.package_id JOIN requests r ON r.id = p.request_id \
         WHERE t.token_hash = $1",
    )
    .bind(ticket_hash(token))
    .fetch_optional(&state.db.pool)
    .await?;
    let Some(found) = found else {
        return refuse("unknown", None, AppError::NotFound).await;
    };
    let (package_id, subject, receipt) = (found.package_id, found.subject_member_id, found.receipt_number);
    let now = state.clock.now();
    let past = |t: &str| DateTime::parse_from_rfc3339(t).map(|t| now >= t.with_timezone(&Utc)).unwrap_or(true);
    if found.member_id != *member_id {
        return refuse("other_member", subject, AppError::NotFound).await;
    }
    if found.used_at.is_some() {
        return refuse("reused", subject, AppError::Gone).await;
    }
    if past(&found.ticket_expires_at) || found.package_expires_at.as_deref().is_none_or(past) {
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
    let archive = archive_bytes(&mut *tx, package_id).await?;
    let bytes = match part {
        Part::Archive => archive,
        Part::SummaryPdf => match entry(&archive, SUMMARY_PDF) {
            Some(pdf) => pdf,
            // Nothing claimed: the ticket stays good for the archive.
            None => {
                drop(tx);
                return refuse("no_pdf", subject, AppError::NotFound).await;
            }
        },
    };
    sqlx::query("INSERT INTO package_downloads (package_id, member_id, downloaded_at) VALUES ($1, $2, $3)")
        .bind(package_id)
        .bind(member_id)
        .bind(instant_text(now))
        .execute(&mut *tx)
        .await?;
    let a = AuditEvent::by(caller.clone(), Action::PackageDownload)
        .about(subject)
        .data(DataCategory::DisclosurePackage)
        .record(format!("requests/{}/package", found.request_id))
        .purpose(receipt.clone())
        .detail(serde_json::json!({ "file": part.code() }));
    append(&mut tx, now, meta, &a).await?;
    tx.commit().await?;
    Ok((receipt, bytes))
}

/// A download ticket with its package and request, as the redemption checks them.
#[derive(sqlx::FromRow)]
struct TicketRow {
    package_id: i64,
    /// Whose ticket it is.
    member_id: i64,
    ticket_expires_at: String,
    used_at: Option<String>,
    request_id: i64,
    receipt_number: String,
    /// The end of the package's download period.
    package_expires_at: Option<String>,
    subject_member_id: Option<i64>,
}

/// A released package waiting in the portal, as the member's home lists it.
#[derive(sqlx::FromRow)]
struct ReleasedRow {
    request_id: i64,
    receipt_number: String,
    request_type: String,
    expires_at: String,
}

/// A download the member has not fetched whose period ends within `within`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expiring {
    pub receipt: String,
    /// The request's type code.
    pub request_type: String,
    /// Asia/Tokyo, `YYYY-MM-DD HH:MM`.
    pub until: String,
}

/// The member's packages still to be downloaded whose period ends soon (not yet
/// downloaded, not expired, still theirs to receive).
pub async fn expiring_for_member(state: &AppState, member_id: i64, within: Duration) -> Result<Vec<Expiring>, AppError> {
    let rows: Vec<ReleasedRow> = sqlx::query_as(
        "SELECT p.request_id, r.receipt_number, r.request_type, p.expires_at FROM disclosure_packages p JOIN requests r ON r.id = p.request_id \
         WHERE p.status = 'released' AND p.recipient_member_id = $1 AND p.expires_at IS NOT NULL ORDER BY p.expires_at",
    )
    .bind(member_id)
    .fetch_all(&state.db.pool)
    .await?;
    let now = state.clock.now();
    let mut out = Vec::new();
    for r in rows {
        let Some(ends) = DateTime::parse_from_rfc3339(&r.expires_at).ok().map(|e| e.with_timezone(&Utc)) else { continue };
        if ends <= now || ends > now + within {
            continue;
        }
        match for_member(state, member_id, r.request_id).await? {
            Some(p) if p.by_download && !p.expired && p.downloads.is_empty() => {
                out.push(Expiring { receipt: r.receipt_number, request_type: r.request_type, until: p.expires_at.unwrap_or_default() })
            }
            _ => {}
        }
    }
    Ok(out)
}
