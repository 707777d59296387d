//! Downloads of stored files. A file goes back only to someone who may see its request,
//! with the type its content was checked to be, as an attachment, never sniffed: an
//! uploaded file can never run as a page of the portal.

use app::error::AppError;
use app::identity::Caller;
use app::records::RequestMeta;
use app::state::AppState;
use axum::extract::{Path, Request, State};
use axum::response::{IntoResponse, Response};
use http::{HeaderValue, StatusCode, header};

/// `GET /requests/{receipt}/files/{id}` (members) and `/staff/requests/{receipt}/files/{id}`.
pub async fn attachment(
    State(state): State<AppState>,
    Path((receipt, id)): Path<(String, String)>,
    req: Request,
) -> Response {
    let caller = req.extensions().get::<Caller>().cloned().unwrap_or(Caller::Anonymous);
    let meta = req.extensions().get::<RequestMeta>().cloned().unwrap_or_default();
    let lang = app::i18n::Lang::from_cookie_header(req.headers().get(header::COOKIE).and_then(|v| v.to_str().ok()));
    let refuse = |e: AppError| crate::middleware::refusal_page(e.status_code(), lang, e.message(lang.messages()));
    if caller == Caller::Anonymous {
        return refuse(AppError::Unauthorized);
    }
    let Ok(id) = id.parse::<i64>() else { return refuse(AppError::NotFound) };
    match app::requests::store::attachment(&state, &meta, &caller, &receipt, id).await {
        Ok((kind, name, bytes)) => {
            let disposition = format!(
                "attachment; filename=\"{}\"; filename*=UTF-8''{}",
                name.chars().filter(char::is_ascii_alphanumeric).take(40).collect::<String>() + "." + kind.extension(),
                urlencode(&name)
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

fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => char::from(b).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
