//! Downloads of stored files. A file goes back only to someone who may see its request,
//! with the type its content was checked to be, as an attachment, never sniffed: an
//! uploaded file can never run as a page of the portal.

use kit::error::AppError;
use kit::access::Caller;
use app::platform::audit::{Action, DataCategory, RequestMeta};
use app::platform::state::AppState;
use axum::extract::{Path, Request, State};
use axum::response::{IntoResponse, Response};
use http::{HeaderValue, StatusCode, header};

use super::context;

/// `GET /requests/{receipt}/files/{id}` (members) and `/staff/requests/{receipt}/files/{id}`.
pub async fn attachment(
    State(state): State<AppState>,
    Path((receipt, id)): Path<(String, String)>,
    req: Request,
) -> Response {
    let (caller, meta, lang) = context(&req);
    let refuse = |e: AppError| crate::middleware::refusal_page(e.status_code(), lang, e.message(lang.messages()));
    if caller == Caller::Anonymous {
        return refuse(AppError::Unauthorized);
    }
    let Ok(id) = id.parse::<i64>() else { return refuse(AppError::NotFound) };
    match app::requests::store::attachment(&state, &meta, &caller, &receipt, id).await {
        Ok((kind, name, bytes)) => {
            // The saved file always ends in the extension of its checked type.
            let name = app::requests::attachments::download_name(&name, kind);
            let disposition = format!(
                "attachment; filename=\"{}\"; filename*=UTF-8''{}",
                name.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '.').take(44).collect::<String>(),
                urlencoding::encode(&name)
            );
            let mut res = (StatusCode::OK, bytes).into_response();
            let h = res.headers_mut();
            h.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind.content_type()));
            h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("default-src 'none'; sandbox"));
            if let Ok(v) = HeaderValue::from_str(&disposition) {
                h.insert(header::CONTENT_DISPOSITION, v);
            }
            res
        }
        Err(e) => refuse(e),
    }
}


/// `GET /staff/requests.csv?…`: the queue's current filter as CSV, for the roles granted
/// export (the 責任者 and the auditor); refused and audited for anyone else.
pub async fn queue_csv(
    State(state): State<AppState>,
    query: Result<axum::extract::Query<app::staff::queue::QueueParams>, axum::extract::rejection::QueryRejection>,
    req: Request,
) -> Response {
    let (caller, meta, lang) = context(&req);
    let refuse = |e: AppError| crate::middleware::refusal_page(e.status_code(), lang, e.message(lang.messages()));
    if !matches!(caller, Caller::Staff { .. }) {
        return refuse(AppError::Unauthorized);
    }
    let Ok(axum::extract::Query(params)) = query else { return refuse(AppError::BadRequest) };
    let Ok(parsed) = params.parse() else { return refuse(AppError::BadRequest) };
    match app::staff::queue::store::export(&state, &meta, &caller, parsed).await {
        Ok(csv) => {
            // A BOM so that spreadsheet software reads the Japanese headers as UTF-8.
            let mut res = (StatusCode::OK, csv).into_response();
            let h = res.headers_mut();
            h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
            h.insert(header::CONTENT_DISPOSITION, HeaderValue::from_static("attachment; filename=\"requests.csv\""));
            h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            res
        }
        Err(e) => refuse(e),
    }
}

/// `GET /staff/audit.csv?…`: every event matching the auditor's search, streamed in
/// batches (an export of any period holds one batch in memory). For the audit role only;
/// the export is recorded with its filter before the first row leaves, and a refusal is
/// recorded too. A malformed filter is a 400.
pub async fn audit_csv(
    State(state): State<AppState>,
    query: Result<axum::extract::Query<app::records::access::AuditParams>, axum::extract::rejection::QueryRejection>,
    req: Request,
) -> Response {
    use app::platform::audit::AuditEvent;
    use futures::StreamExt;
    let (caller, meta, lang) = context(&req);
    let refuse = |e: AppError| crate::middleware::refusal_page(e.status_code(), lang, e.message(lang.messages()));
    if let Err(e) = app::records::store::audit_caller(&state, &meta, &caller, Action::AuditExport).await {
        return refuse(e);
    }
    let Ok(axum::extract::Query(params)) = query else { return refuse(AppError::BadRequest) };
    let Ok(parsed) = params.parse() else { return refuse(AppError::BadRequest) };
    let event = AuditEvent::by(caller, Action::AuditExport)
        .data(DataCategory::Audit)
        .about(parsed.subject)
        .detail(serde_json::json!({ "query": parsed.to_params(1) }));
    // Recorded before anything is read, or not served (fail closed).
    if let Err(e) = app::platform::audit::store::audited_read(&state, &meta, event, || async { Ok(()) }).await {
        return refuse(e);
    }
    let head = futures::stream::once(async { Ok::<String, AppError>(format!("{}{}", kit::csv::BOM, kit::csv::line(app::records::access::CSV_COLUMNS))) });
    let rows = app::records::store::export(state, parsed).map(|chunk| {
        // Headers are gone once streaming starts: a failure ends the body early (the
        // file then lacks its last rows) and is logged with a reference.
        chunk.inspect_err(|e| tracing::error!(error = ?e, "audit export stopped"))
    });
    let mut res = axum::body::Body::from_stream(head.chain(rows)).into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
    h.insert(header::CONTENT_DISPOSITION, HeaderValue::from_static("attachment; filename=\"audit.csv\""));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// The files of the 医療費控除 statement a member can download.
#[derive(Clone, Copy, Debug)]
pub enum StatementFile {
    Csv,
    Pdf,
    Xlsx,
}

/// `GET /notices/statement.{csv,pdf,xlsx}?year=…`: the member's 医療費控除 statement as a
/// file. Step-up protected like the page; the read is recorded for each person whose
/// lines it carries. The PDF embeds (a subset of) the configured Japanese font.
pub async fn notice_statement(
    kind: StatementFile,
    State(state): State<AppState>,
    query: axum::extract::Query<std::collections::HashMap<String, String>>,
    req: Request,
) -> Response {
    use app::notices::documents;
    use app::platform::audit::Actor;
    let (caller, meta, lang) = context(&req);
    let refuse = |e: AppError| crate::middleware::refusal_page(e.status_code(), lang, e.message(lang.messages()));
    let Caller::Member { member_id } = caller else { return refuse(AppError::Unauthorized) };
    let recent = req
        .extensions()
        .get::<app::identity::session::SessionInfo>()
        .is_some_and(|s| s.is_recent(state.clock.now(), &state.feature::<app::identity::SessionPolicy>()));
    if app::identity::MemberAction::DownloadMedicalFile.needs_step_up() && !recent {
        // Confirm the sign-in, then come straight back to this file.
        let here = req.uri().path_and_query().map_or("/notices/statement", |pq| pq.as_str());
        let next = urlencoding::encode(kit::page::safe_return_path(here)).into_owned();
        return axum::response::Redirect::to(&format!("/account/confirm?next={next}")).into_response();
    }
    let year = match app::notices::pages::parse_year(query.get("year").map_or("", String::as_str)) {
        Ok(y) => y,
        Err(e) => return refuse(e),
    };
    let font = match (kind, &state.pdf_font) {
        (StatementFile::Pdf, None) => return refuse(AppError::Unavailable),
        (_, font) => font.clone(),
    };
    let s = match app::notices::pages::store::statement(&state, &meta, Actor::Caller(caller), member_id, year, Action::NoticeExport).await {
        Ok(s) => s,
        Err(e) => return refuse(e),
    };
    let file_year = s.year;
    let (content_type, extension, body) = match kind {
        StatementFile::Csv => ("text/csv; charset=utf-8", "csv", Ok(app::notices::model::statement_csv(&s).into_bytes())),
        // Rendering a long year takes a moment of CPU: off the async workers.
        StatementFile::Pdf => {
            let rendered = tokio::task::spawn_blocking(move || documents::statement_pdf(&s, font.unwrap_or_default())).await;
            ("application/pdf", "pdf", rendered.unwrap_or_else(|e| Err(AppError::internal("pdf", e.to_string()))))
        }
        StatementFile::Xlsx => (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
            documents::statement_xlsx(&s),
        ),
    };
    match body {
        Ok(bytes) => {
            let name = format!("attachment; filename=\"iryohi-{}.{extension}\"", file_year);
            let mut res = (StatusCode::OK, bytes).into_response();
            let h = res.headers_mut();
            h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
            if let Ok(v) = HeaderValue::from_str(&name) {
                h.insert(header::CONTENT_DISPOSITION, v);
            }
            h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            res
        }
        Err(e) => refuse(e),
    }
}

/// A file response that is never sniffed, cached or rendered in the portal's origin.
fn file_response(bytes: Vec<u8>, content_type: &'static str, file_name: &str) -> Response {
    let mut res = (StatusCode::OK, bytes).into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("default-src 'none'; style-src 'unsafe-inline'; sandbox"));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{file_name}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    res
}

fn archive_name(receipt: &str) -> String {
    format!("kaiji-{}.zip", safe_receipt(receipt))
}

fn pdf_name(receipt: &str) -> String {
    format!("kaiji-{}.pdf", safe_receipt(receipt))
}

fn summary_name(receipt: &str) -> String {
    format!("kaiji-{}-summary.html", safe_receipt(receipt))
}

/// The receipt number as it may appear in a file name.
fn safe_receipt(receipt: &str) -> String {
    receipt.chars().filter(|c| c.is_ascii_digit() || *c == '-').take(32).collect()
}

/// `GET /packages/{token}` (and `?file=summary.pdf`): a one-time download ticket of the
/// member's 開示 package, redeemed for the whole archive or for the PDF summary inside it
/// (which a phone opens as it is). A forged, reused or stale ticket, an expired package or
/// an unknown file gets an explanation (and is recorded); a good one gets the file, once.
pub async fn package(
    State(state): State<AppState>,
    Path(token): Path<String>,
    query: axum::extract::Query<std::collections::HashMap<String, String>>,
    req: Request,
) -> Response {
    use app::delivery::store::Part;
    let (caller, meta, lang) = context(&req);
    let refuse = |e: AppError| crate::middleware::refusal_page(e.status_code(), lang, e.message(lang.messages()));
    if caller == Caller::Anonymous {
        return refuse(AppError::Unauthorized);
    }
    let part = Part::from_query(query.get("file").map(String::as_str));
    match app::delivery::store::download(&state, &meta, &caller, &token, part).await {
        Ok((receipt, bytes)) if part == Some(Part::SummaryPdf) => file_response(bytes, "application/pdf", &pdf_name(&receipt)),
        Ok((receipt, bytes)) => file_response(bytes, "application/zip", &archive_name(&receipt)),
        Err(e) => refuse(e),
    }
}

/// `GET /staff/requests/{receipt}/package.zip`: the frozen archive exactly as it will be
/// (or was) delivered, for the reviewer and the approver (recorded).
pub async fn staff_package(State(state): State<AppState>, Path(receipt): Path<String>, req: Request) -> Response {
    let (caller, meta, lang) = context(&req);
    match frozen_archive(&state, &receipt, &caller, &meta).await {
        Ok(bytes) => file_response(bytes, "application/zip", &archive_name(&receipt)),
        Err(e) => crate::middleware::refusal_page(e.status_code(), lang, e.message(lang.messages())),
    }
}

/// The package archive of a request, for the staff who read requests (each read recorded).
async fn frozen_archive(state: &AppState, receipt: &str, caller: &Caller, meta: &RequestMeta) -> Result<Vec<u8>, AppError> {
    let roles = app::requests::READ_ROLES;
    app::platform::audit::store::require_staff(state, meta, caller, roles, Action::PackageArchive, DataCategory::DisclosurePackage).await?;
    app::delivery::store::staff_archive(state, meta, caller, receipt).await
}

/// `GET /staff/requests/{receipt}/package/summary`: the archive's printable summary, as a
/// file to open and print. It holds text the member wrote, so it is never rendered as a
/// page of the portal's origin (a download opens outside it, whatever a browser makes of
/// the sandbox policy); it is the very file the member receives.
pub async fn staff_package_summary(State(state): State<AppState>, Path(receipt): Path<String>, req: Request) -> Response {
    let (caller, meta, lang) = context(&req);
    let refuse = |e: AppError| crate::middleware::refusal_page(e.status_code(), lang, e.message(lang.messages()));
    let summary = frozen_archive(&state, &receipt, &caller, &meta).await.and_then(|bytes| {
        use std::io::Read;
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| AppError::internal("package archive", e))?;
        let mut file = zip.by_name("summary.html").map_err(|_| AppError::NotFound)?;
        let mut html = Vec::new();
        file.read_to_end(&mut html).map_err(|e| AppError::internal("package archive", e))?;
        Ok(html)
    });
    match summary {
        Ok(html) => file_response(html, "text/html; charset=utf-8", &summary_name(&receipt)),
        Err(e) => refuse(e),
    }
}

/// `POST /staff/corrections.csv`: pending correction instructions for the core system
/// (marked exported, recorded). A POST, behind the Origin check: exporting changes them.
pub async fn corrections_csv(State(state): State<AppState>, req: Request) -> Response {
    let (caller, meta, lang) = context(&req);
    let refuse = |e: AppError| crate::middleware::refusal_page(e.status_code(), lang, e.message(lang.messages()));
    let roles = app::delivery::corrections::CORRECTION_ROLES;
    if let Err(e) = app::platform::audit::store::require_staff(&state, &meta, &caller, roles, Action::CorrectionExport, DataCategory::Registry).await {
        return refuse(e);
    }
    match app::delivery::corrections::store::export(&state, &meta, &caller).await {
        Ok(csv) => file_response(csv.into_bytes(), "text/csv; charset=utf-8", "corrections.csv"),
        Err(e) => refuse(e),
    }
}
