//! The package as one zip archive: building it from the sections, exclusions and files, and
//! reading it back (its entries, and the bytes staff see exactly as they go out).

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

use super::{FileRow, archive_bytes, event, exclusions, file_rows, found, package_of, sections};
use crate::delivery::ArchiveEntry;
use crate::delivery::package::{self, ExcludedItem, Exclusion, Ground, Heading, PackageFile, Section};
use crate::delivery::reissue::{Manifest, ManifestEntry, ManifestSection, ManifestWithheld};
use crate::platform::audit::{Action, RequestMeta};
use crate::platform::audit::store::audited_read;
use crate::platform::state::AppState;
use crate::requests::attachments::FileKind;
use crate::requests::store::{RequestRow, request_by_receipt, row_parts};
use kit::access::Caller;
use kit::error::AppError;

/// The files that go out: not withdrawn, not replaced; a replacement in its original's place.
fn delivered(files: &[FileRow]) -> Vec<&FileRow> {
    files.iter().filter(|f| f.withdrawn == 0 && !files.iter().any(|r| r.replaces_id == Some(f.id) && r.withdrawn == 0)).collect()
}

pub(super) async fn archive_entries(state: &AppState, package_id: i64) -> Result<Vec<ArchiveEntry>, AppError> {
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

/// An archive built, with the record of what it contains.
pub(crate) struct Built {
    pub bytes: Vec<u8>,
    pub manifest: Manifest,
}

/// The record of an archive's files (name, size, SHA-256) and of what they hold.
fn manifest(files: &[(String, Vec<u8>)], kept: &[Section], excluded: &[ExcludedItem], added: &[PackageFile]) -> Manifest {
    let digest = |b: &[u8]| hex::encode(Sha256::digest(b));
    let entries: Vec<ManifestEntry> =
        files.iter().map(|(name, b)| ManifestEntry { name: name.clone(), size_bytes: b.len() as i64, sha256: digest(b) }).collect();
    let csv_digest = |id: &str| entries.iter().find(|e| e.name == format!("csv/{id}.csv")).map(|e| e.sha256.clone()).unwrap_or_default();
    Manifest {
        sections: kept
            .iter()
            .map(|s| ManifestSection { id: s.id.clone(), title: s.title.clone(), rows: s.rows.len(), sha256: csv_digest(&s.id) })
            .collect(),
        files: added
            .iter()
            .map(|f| match f.redacted_under {
                Some(g) => format!("{}（{}）", f.title, g.article()),
                None => f.title.clone(),
            })
            .collect(),
        withheld: excluded.iter().map(|e| ManifestWithheld { section: e.section.clone(), label: e.label.clone(), ground: e.ground }).collect(),
        entries,
    }
}

/// Assembles the archive of a package as it stands (exclusions applied), with its manifest.
pub(crate) async fn assemble(state: &AppState, row: &RequestRow, package_id: i64, now: DateTime<Utc>) -> Result<Built, AppError> {
    let (t, _, details) = row_parts(row)?;
    let sections = sections(state, row.subject_member_id, t, &details).await?;
    let ex: Vec<Exclusion> = exclusions(&state.db.pool, package_id)
        .await?
        .into_iter()
        .filter_map(|e| Some(Exclusion { ground: Ground::from_code(&e.ground)?, item: e.item }))
        .collect();
    let rows = file_rows(&state.db.pool, package_id).await?;
    let mut added = Vec::new();
    for (i, f) in delivered(&rows).into_iter().enumerate() {
        let content: Vec<u8> =
            sqlx::query_scalar("SELECT content FROM package_files WHERE id = $1").bind(f.id).fetch_one(&state.db.pool).await?;
        let kind = FileKind::from_code(&f.kind).unwrap_or(FileKind::Pdf);
        added.push(PackageFile {
            title: f.title.clone(),
            name: package::archive_name(i, &f.file_name, kind.extension()),
            bytes: content,
            redacted_under: f.ground.as_deref().and_then(Ground::from_code),
        });
    }
    let society = crate::publication::store::current_shared(state).await?.map(|(_, p)| p.society.name.clone()).unwrap_or_default();
    let heading = Heading { society, receipt: row.receipt.clone(), built_on: kit::time::tokyo_date(now).to_string() };
    let font = state.pdf_font.clone();
    if font.is_none() {
        tracing::warn!(receipt = %row.receipt, "no PDF font: the package is built without its PDF summary");
    }
    // Drawing the PDF and compressing take a moment of CPU: off the async workers.
    tokio::task::spawn_blocking(move || {
        let draw = |s: &package::Summary<'_>| super::summary_pdf(s, font.clone().unwrap_or_default());
        let pdf: Option<package::SummaryPdf<'_>> = if font.is_some() { Some(&draw) } else { None };
        let files = package::files(&heading, &sections, &ex, &added, pdf)?;
        let (kept, excluded) = package::redact(&sections, &ex);
        let manifest = manifest(&files, &kept, &excluded, &added);
        Ok(Built { bytes: zip_files(&files, now)?, manifest })
    })
    .await
    .unwrap_or_else(|e| Err(AppError::internal("package archive", e.to_string())))
}

/// The archive a request's package would have now (for the benchmark).
pub async fn assemble_receipt(state: &AppState, receipt: &str) -> Result<Vec<u8>, AppError> {
    let row = request_by_receipt(state, receipt).await?.ok_or(AppError::NotFound)?.request;
    let p = package_of(&state.db.pool, row.id).await?.ok_or(AppError::NotFound)?;
    Ok(assemble(state, &row, p.id, state.clock.now()).await?.bytes)
}

/// Staff read the frozen (or released) archive exactly as it goes out.
pub async fn staff_archive(state: &AppState, meta: &RequestMeta, caller: &Caller, receipt: &str) -> Result<Vec<u8>, AppError> {
    let row = found(state, meta, caller, receipt, Action::PackageArchive).await?;
    let Some(p) = package_of(&state.db.pool, row.id).await? else { return Err(AppError::NotFound) };
    audited_read(state, meta, event(caller, Action::PackageArchive, &row), || archive_bytes(&state.db.pool, p.id)).await
}
