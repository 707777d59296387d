//! Storage of publication versions (server only). Versions are immutable (the database
//! refuses UPDATE and DELETE), so their parsed bodies are cached for good; the list of
//! versions is cached briefly and dropped whenever this process publishes.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::model::Publication;
use super::{PublishedVersion, VersionSummary, classify};
use crate::platform::db::instant_text;
use kit::error::AppError;
use crate::platform::audit::{Action, Actor, AuditEvent, DataCategory, RequestMeta};
use crate::platform::audit::store::append;
use crate::platform::state::AppState;

/// Other processes (a second server, a CLI publish) become visible within this time.
const LIST_TTL: Duration = Duration::from_secs(2);

#[derive(Clone, Debug)]
struct VersionRow {
    id: i64,
    label: String,
    effective_date: NaiveDate,
}

/// The version list as read at an instant.
type CachedList = Option<(Instant, Arc<Vec<VersionRow>>)>;

#[derive(Clone, Default)]
pub struct PublicationCache {
    list: Arc<RwLock<CachedList>>,
    bodies: Arc<RwLock<HashMap<i64, Arc<Publication>>>>,
}

impl PublicationCache {
    pub fn invalidate(&self) {
        if let Ok(mut list) = self.list.write() {
            *list = None;
        }
    }
}

/// A published version as stored: its effective date is a civil date's text.
#[derive(sqlx::FromRow)]
struct StoredVersion {
    id: i64,
    label: String,
    effective_date: String,
}

async fn rows(state: &AppState) -> Result<Arc<Vec<VersionRow>>, AppError> {
    if let Ok(guard) = state.feature::<crate::publication::store::PublicationCache>().list.read()
        && let Some((at, rows)) = guard.as_ref()
        && at.elapsed() < LIST_TTL
    {
        return Ok(rows.clone());
    }
    let raw: Vec<StoredVersion> =
        sqlx::query_as("SELECT id, label, effective_date FROM publication_versions ORDER BY effective_date, id")
            .fetch_all(&state.db.pool)
            .await?;
    let mut list = Vec::with_capacity(raw.len());
    for StoredVersion { id, label, effective_date } in raw {
        let effective_date = effective_date
            .parse::<NaiveDate>()
            .map_err(|e| AppError::internal("publication_versions.effective_date", e))?;
        list.push(VersionRow { id, label, effective_date });
    }
    let list = Arc::new(list);
    if let Ok(mut guard) = state.feature::<crate::publication::store::PublicationCache>().list.write() {
        *guard = Some((Instant::now(), list.clone()));
    }
    Ok(list)
}

/// What the public pages depend on besides their URL and language: the published
/// versions, and today's date in Tokyo (a version's status changes at midnight).
pub async fn public_fingerprint(state: &AppState) -> Result<String, AppError> {
    use std::fmt::Write;
    let rows = rows(state).await?;
    let mut fingerprint = state.clock.today_tokyo().to_string();
    for r in rows.iter() {
        let _ = write!(fingerprint, "|{}", r.id);
    }
    Ok(fingerprint)
}

/// All versions with their status today, oldest first.
pub async fn summaries(state: &AppState) -> Result<Vec<VersionSummary>, AppError> {
    let rows = rows(state).await?;
    let today = state.clock.today_tokyo();
    let pairs: Vec<(i64, NaiveDate)> = rows.iter().map(|r| (r.id, r.effective_date)).collect();
    Ok(rows
        .iter()
        .zip(classify(&pairs, today))
        .map(|(r, (_, status))| VersionSummary {
            id: r.id,
            label: r.label.clone(),
            effective_date: r.effective_date,
            status,
        })
        .collect())
}

pub async fn body(state: &AppState, id: i64) -> Result<Option<Arc<Publication>>, AppError> {
    if let Ok(bodies) = state.feature::<crate::publication::store::PublicationCache>().bodies.read()
        && let Some(p) = bodies.get(&id)
    {
        return Ok(Some(p.clone()));
    }
    let text: Option<String> = sqlx::query_scalar("SELECT body FROM publication_versions WHERE id = $1")
        .bind(id)
        .fetch_optional(&state.db.pool)
        .await?;
    let Some(text) = text else { return Ok(None) };
    let publication: Publication =
        serde_json::from_str(&text).map_err(|e| AppError::internal("publication_versions.body", e))?;
    let publication = Arc::new(publication);
    if let Ok(mut bodies) = state.feature::<crate::publication::store::PublicationCache>().bodies.write() {
        bodies.insert(id, publication.clone());
    }
    Ok(Some(publication))
}

pub async fn version(state: &AppState, id: i64) -> Result<PublishedVersion, AppError> {
    let summary = summaries(state).await?.into_iter().find(|s| s.id == id).ok_or(AppError::VersionNotFound)?;
    let publication = body(state, id).await?.ok_or(AppError::VersionNotFound)?;
    Ok(PublishedVersion { summary, publication: (*publication).clone(), retention: None })
}

pub async fn current(state: &AppState) -> Result<Option<PublishedVersion>, AppError> {
    let current = summaries(state).await?.into_iter().find(|s| s.status == super::VersionStatus::Current);
    match current {
        None => Ok(None),
        Some(summary) => {
            let publication = body(state, summary.id).await?.ok_or(AppError::VersionNotFound)?;
            Ok(Some(PublishedVersion { summary, publication: (*publication).clone(), retention: None }))
        }
    }
}

/// The version in force and its (shared, cached) text, without copying it.
pub async fn current_shared(state: &AppState) -> Result<Option<(i64, Arc<Publication>)>, AppError> {
    let current = summaries(state).await?.into_iter().find(|s| s.status == super::VersionStatus::Current);
    match current {
        None => Ok(None),
        Some(summary) => Ok(Some((summary.id, body(state, summary.id).await?.ok_or(AppError::VersionNotFound)?))),
    }
}

/// A publication data file: the society's text for one version.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VersionFile {
    pub label: String,
    pub effective_date: NaiveDate,
    pub publication: Publication,
}

/// Why a publication file cannot be loaded; always names the file (and line).
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{path}: cannot read: {source}")]
    Read { path: String, source: std::io::Error },
    #[error("{path}:{line}:{column}: {message}")]
    Syntax { path: String, line: usize, column: usize, message: String },
    #[error("{path}: invalid publication: {issues}")]
    Invalid { path: String, issues: String },
}

/// Reads and validates one publication file.
pub fn load_file(path: &Path) -> Result<VersionFile, LoadError> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| LoadError::Read { path: shown.clone(), source })?;
    parse_file(&shown, &text)
}

pub fn parse_file(shown: &str, text: &str) -> Result<VersionFile, LoadError> {
    let file: VersionFile = serde_json::from_str(text).map_err(|e| LoadError::Syntax {
        path: shown.to_string(),
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })?;
    file.publication.validate().map_err(|issues| LoadError::Invalid {
        path: shown.to_string(),
        issues: issues.iter().map(|i| i.to_string()).collect::<Vec<_>>().join("; "),
    })?;
    Ok(file)
}

/// Every `*.json` file of a society directory, in name order, all validated before any
/// is stored (a corrupt file stops start-up instead of half-loading).
pub fn load_dir(dir: &Path) -> Result<Vec<VersionFile>, LoadError> {
    let shown = dir.display().to_string();
    let entries = std::fs::read_dir(dir).map_err(|source| LoadError::Read { path: shown, source })?;
    let mut paths: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension().is_some_and(|x| x == "json")
                && p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("publication"))
        })
        .collect();
    paths.sort();
    paths.iter().map(|p| load_file(p)).collect()
}

/// Publishes a version (idempotent: the same text for the same date is stored once).
/// The version and its audit event are written in one transaction. Returns the new id,
/// or `None` when it was already published.
pub async fn publish(
    state: &AppState,
    meta: &RequestMeta,
    actor: Actor,
    file: &VersionFile,
) -> Result<Option<i64>, AppError> {
    let mut tx = state.db.begin().await?;
    let Some(id) = insert_version(&mut tx, state.clock.now(), meta, actor, file).await? else {
        tx.rollback().await?;
        return Ok(None);
    };
    tx.commit().await?;
    state.feature::<crate::publication::store::PublicationCache>().invalidate();
    Ok(Some(id))
}

/// Stores a version and its `publication.publish` audit event on `conn` (the caller's
/// transaction); `None` when the same text for the same date is already published.
/// The caller drops the version cache after committing.
pub async fn insert_version(
    conn: &mut sqlx::AnyConnection,
    now: chrono::DateTime<chrono::Utc>,
    meta: &RequestMeta,
    actor: Actor,
    file: &VersionFile,
) -> Result<Option<i64>, AppError> {
    let body = serde_json::to_string(&file.publication).map_err(|e| AppError::internal("publication body", e))?;
    let sha = hex::encode(Sha256::digest(body.as_bytes()));
    let source_key = format!("{}:{sha}", file.effective_date);
    let inserted: Option<i64> = sqlx::query_scalar(
        "INSERT INTO publication_versions (source_key, label, effective_date, body, body_sha256, published_at) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (source_key) DO NOTHING RETURNING id",
    )
    .bind(&source_key)
    .bind(&file.label)
    .bind(file.effective_date.to_string())
    .bind(&body)
    .bind(&sha)
    .bind(instant_text(now))
    .fetch_optional(&mut *conn)
    .await?;
    let Some(id) = inserted else { return Ok(None) };
    let event = AuditEvent::new(actor, Action::PublicationPublish)
        .data(DataCategory::Publication)
        .record(format!("publication_versions/{id}"))
        .detail(serde_json::json!({
            "label": file.label,
            "effective_date": file.effective_date.to_string(),
            "sha256": sha,
        }));
    append(conn, now, meta, &event).await?;
    Ok(Some(id))
}
