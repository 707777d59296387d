//! CSV uploads from staff pages (plain multipart forms, so they work without JavaScript):
//! a 医療費のお知らせ export, imported in the background with a progress page, and a
//! provision-ledger file, imported at once. Each checks the caller's role (recording a
//! refusal); the Origin check and the body limit are the middleware's.

use kit::error::AppError;
use app::platform::state::AppState;
use app::platform::audit::{Action, DataCategory};
use axum::extract::{Request, State};
use axum::response::{IntoResponse, Redirect, Response};

use super::context;

/// The `file` field of a multipart post: its name and bytes, or None when it is missing
/// or empty.
async fn read_file(req: Request) -> Result<Option<(String, Vec<u8>)>, AppError> {
    let boundary = req
        .headers()
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|ct| multer::parse_boundary(ct).ok())
        .ok_or(AppError::BadRequest)?;
    let mut form = multer::Multipart::new(req.into_body().into_data_stream(), boundary);
    let mut file = None;
    // A broken or over-long upload is a bad request.
    while let Some(field) = form.next_field().await.map_err(|_| AppError::BadRequest)? {
        if field.name() == Some("file") {
            let name = field.file_name().unwrap_or("upload.csv").chars().take(100).collect::<String>();
            let bytes = field.bytes().await.map_err(|_| AppError::BadRequest)?;
            file = Some((name, bytes.to_vec()));
        }
    }
    Ok(file.filter(|(_, b)| !b.is_empty()))
}

/// `POST /staff/notices/import/upload`: starts the import in the background and sends the
/// browser to its progress page.
pub async fn notices(State(state): State<AppState>, req: Request) -> Response {
    let (caller, meta, lang) = context(&req);
    let refuse = |e: AppError| crate::middleware::refusal_page(e.status_code(), lang, e.message(lang.messages()));
    let roles = app::notices::imports::IMPORT_ROLES;
    if let Err(e) = app::platform::audit::store::require_staff(&state, &meta, &caller, roles, Action::NoticeImport, DataCategory::Notices).await {
        return refuse(e);
    }
    match read_file(req).await {
        Err(e) => refuse(e),
        Ok(None) => Redirect::to("/staff/notices/import?missing=1").into_response(),
        Ok(Some((name, bytes))) => {
            let id = state.feature::<app::csv_import::store::Jobs>().start("notices", app::notices::imports::IMPORT_ROLES, &name);
            tokio::spawn(app::notices::imports::store::run(state.clone(), meta, caller, id, bytes));
            Redirect::to(&format!("/staff/notices/import?job={id}")).into_response()
        }
    }
}

/// `POST /staff/provisions/import/upload`: imports the ledger file (all or nothing) and
/// shows the outcome on the ledger page.
pub async fn provisions(State(state): State<AppState>, req: Request) -> Response {
    let (caller, meta, lang) = context(&req);
    let refuse = |e: AppError| crate::middleware::refusal_page(e.status_code(), lang, e.message(lang.messages()));
    let roles = app::ledger::RECORD_ROLES;
    if let Err(e) = app::platform::audit::store::require_staff(&state, &meta, &caller, roles, Action::ProvisionImport, DataCategory::Provision).await {
        return refuse(e);
    }
    match read_file(req).await {
        Err(e) => refuse(e),
        Ok(None) => Redirect::to("/staff/provisions?missing=1").into_response(),
        Ok(Some((name, bytes))) => {
            let id = state.feature::<app::csv_import::store::Jobs>().start("provisions", app::ledger::RECORD_ROLES, &name);
            let status = app::ledger::store::import(&state, &meta, &caller, &bytes).await;
            let (cp932, status) = status.unwrap_or_else(|e| {
                tracing::error!(job = id, error = ?e, "provision import failed");
                (false, app::csv_import::JobStatus::Failed)
            });
            state.feature::<app::csv_import::store::Jobs>().finish(id, cp932, status);
            Redirect::to(&format!("/staff/provisions?job={id}")).into_response()
        }
    }
}
