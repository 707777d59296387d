//! Files that come with a request or a step: checked by content before they are stored,
//! and read back only by someone who may see the request.

use sqlx::AnyConnection;

use super::reading::{may_see, request_by_receipt};
use crate::platform::audit::{Action, AuditEvent, DataCategory, RequestMeta};
use crate::platform::audit::store::{audited_read, record_standalone};
use crate::platform::db::instant_text;
use crate::platform::state::AppState;
use crate::requests::agency::Document;
use crate::requests::attachments::{self, FileKind};
use kit::access::Caller;
use kit::error::AppError;
use kit::form::{FieldError, Problem};

/// At most this many files in one post.
pub const MAX_FILES: usize = 3;

/// A file as posted.
pub struct Upload {
    pub document: Document,
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// A checked file, ready to store.
pub(crate) struct Checked<'a> {
    // Visible to the store: a submission rebuilds its checked files inside the write.
    pub(super) upload: &'a Upload,
    pub(super) kind: FileKind,
    pub(super) sha256: String,
}

/// Checks every file by content; problems are reported on the file's field.
pub(crate) fn check_files<'a>(uploads: &'a [Upload], max: usize, errors: &mut Vec<FieldError>) -> Vec<Checked<'a>> {
    use sha2::Digest;
    if uploads.len() > MAX_FILES {
        errors.push(FieldError::new("supporting", Problem::TooManyFiles));
        return Vec::new();
    }
    let mut ok = Vec::new();
    for u in uploads {
        match attachments::inspect(&u.bytes, max) {
            Ok(kind) => ok.push(Checked { upload: u, kind, sha256: hex::encode(sha2::Sha256::digest(&u.bytes)) }),
            Err(p) => {
                if !errors.iter().any(|e| e.field == u.document.code()) {
                    errors.push(FieldError::new(u.document.code(), Problem::File(p)));
                }
            }
        }
    }
    ok
}

pub(crate) async fn store_files(
    conn: &mut AnyConnection,
    now: chrono::DateTime<chrono::Utc>,
    request_id: i64,
    event_id: i64,
    files: &[Checked<'_>],
) -> Result<(), AppError> {
    for f in files {
        sqlx::query(
            "INSERT INTO request_attachments (request_id, event_id, document, file_name, kind, size_bytes, sha256, \
             content, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(request_id)
        .bind(event_id)
        .bind(f.upload.document.code())
        .bind(attachments::display_name(&f.upload.file_name))
        .bind(f.kind.code())
        .bind(i64::try_from(f.upload.bytes.len()).unwrap_or(i64::MAX))
        .bind(&f.sha256)
        .bind(f.upload.bytes.clone())
        .bind(instant_text(now))
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// A stored file, for download by someone who may see its request.
pub async fn attachment(
    state: &AppState,
    meta: &RequestMeta,
    caller: &Caller,
    receipt: &str,
    attachment_id: i64,
) -> Result<(FileKind, String, Vec<u8>), AppError> {
    let found = request_by_receipt(state, receipt).await?.map(|found| found.request).filter(|row| may_see(row, caller));
    let event = AuditEvent::by(caller.clone(), Action::RequestAttachment)
        .data(DataCategory::RequestAttachment)
        .record(format!("request_attachments/{attachment_id}"));
    let Some(row) = found else {
        record_standalone(state, meta, &event.refused()).await;
        return Err(AppError::NotFound);
    };
    let event = event.about(row.subject_member_id).purpose(row.receipt.clone());
    // A member sees a file only where the timeline shows its event (an internal note's
    // file stays with staff), exactly as `reading::one` filters the timeline.
    let staff = i64::from(matches!(caller, Caller::Staff { .. }));
    audited_read(state, meta, event, || async {
        let file: Option<StoredFile> = sqlx::query_as(
            "SELECT a.kind, a.file_name, a.content FROM request_attachments a JOIN request_events e ON e.id = a.event_id \
             WHERE a.id = $1 AND a.request_id = $2 AND (e.member_visible = 1 OR $3 = 1)",
        )
        .bind(attachment_id)
        .bind(row.id)
        .bind(staff)
        .fetch_optional(&state.db.pool)
        .await?;
        let file = file.ok_or(AppError::NotFound)?;
        Ok((FileKind::from_code(&file.kind).ok_or(AppError::NotFound)?, file.file_name, file.content))
    })
    .await
}

/// A stored attachment's type, name and bytes.
#[derive(sqlx::FromRow)]
struct StoredFile {
    kind: String,
    file_name: String,
    content: Vec<u8>,
}

/// Reads a multipart post: its text fields (bounded in size and number) and its files
/// (each read only up to one byte past the limit, so the check can say "too large").
pub async fn read_multipart(
    data: leptos::server_fn::codec::MultipartData,
    max_file: usize,
) -> Result<(crate::requests::draft::Fields, Vec<Upload>), AppError> {
    const MAX_FIELDS: usize = 300;
    const MAX_TEXT: usize = 64 * 1024;
    let mut mp = data.into_inner().ok_or(AppError::BadRequest)?;
    let (mut fields, mut uploads) = (Vec::new(), Vec::new());
    while let Some(mut field) = mp.next_field().await.map_err(|_| AppError::BadRequest)? {
        if fields.len() + uploads.len() >= MAX_FIELDS {
            return Err(AppError::BadRequest);
        }
        let name = field.name().unwrap_or("").to_string();
        let file_name = field.file_name().map(str::to_string);
        let limit = if file_name.is_some() { max_file.saturating_add(1) } else { MAX_TEXT };
        let mut bytes = Vec::new();
        while let Some(chunk) = field.chunk().await.map_err(|_| AppError::BadRequest)? {
            if bytes.len() < limit {
                let room = limit - bytes.len();
                bytes.extend_from_slice(&chunk[..chunk.len().min(room)]);
            } else if file_name.is_none() {
                return Err(AppError::BadRequest);
            }
        }
        match file_name {
            // An empty file input (nothing chosen) sends a nameless, empty part.
            Some(f) if f.is_empty() && bytes.is_empty() => {}
            Some(f) => {
                let document = Document::from_code(&name).ok_or(AppError::BadRequest)?;
                uploads.push(Upload { document, file_name: f, bytes });
            }
            None => fields.push((name, String::from_utf8(bytes).map_err(|_| AppError::BadRequest)?)),
        }
    }
    Ok((fields, uploads))
}

/// 35条 消去 of the documents a member's earlier requests carried (本人確認書類・委任状など):
/// the files of every closed request the member made or that was about them, other than
/// `except` (the request being decided keeps its own until its retention ends). In the
/// caller's transaction; returns the ids erased. The permits let exactly these requests'
/// attachments past the append-only trigger, as the retention job's do.
pub async fn erase_documents(tx: &mut AnyConnection, member: i64, except: i64) -> Result<Vec<i64>, AppError> {
    let requests = "SELECT id FROM requests WHERE (subject_member_id = $1 OR requester_member_id = $1) AND id <> $2 \
        AND status IN ('notified', 'completed', 'withdrawn', 'rejected', 'lapsed')";
    let ids: Vec<i64> = sqlx::query_scalar(&format!("SELECT id FROM request_attachments WHERE request_id IN ({requests}) ORDER BY id"))
        .bind(member)
        .bind(except)
        .fetch_all(&mut *tx)
        .await?;
    if ids.is_empty() {
        return Ok(ids);
    }
    sqlx::query(&format!("INSERT INTO request_disposal_permits (request_id) {requests}")).bind(member).bind(except).execute(&mut *tx).await?;
    sqlx::query(&format!("DELETE FROM request_attachments WHERE request_id IN ({requests})"))
        .bind(member)
        .bind(except)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM request_disposal_permits").execute(&mut *tx).await?;
    Ok(ids)
}

/// Deletes one attachment of a request at once (番号法20条: a document showing an 個人番号
/// may not be kept), in the caller's transaction, past the append-only trigger by a
/// permit for that request alone.
pub async fn erase_attachment(tx: &mut AnyConnection, request_id: i64, id: i64) -> Result<(), AppError> {
    sqlx::query("INSERT INTO request_disposal_permits (request_id) VALUES ($1)").bind(request_id).execute(&mut *tx).await?;
    let gone = sqlx::query("DELETE FROM request_attachments WHERE id = $1 AND request_id = $2").bind(id).bind(request_id).execute(&mut *tx).await?;
    sqlx::query("DELETE FROM request_disposal_permits").execute(&mut *tx).await?;
    if gone.rows_affected() != 1 {
        return Err(AppError::Conflict);
    }
    Ok(())
}

/// A multipart post refused before its parts were read (the caller may not post it): the
/// body is read to its end and dropped first. Answered unread, the connection would be
/// closed while the client is still sending, and the client — a browser included — would
/// see a broken connection instead of the refusal. The server's body limit bounds the read.
pub async fn refuse_unread(data: leptos::server_fn::codec::MultipartData, refusal: AppError) -> AppError {
    if let Some(mut mp) = data.into_inner() {
        while let Ok(Some(mut field)) = mp.next_field().await {
            while let Ok(Some(_)) = field.chunk().await {}
        }
    }
    refusal
}
