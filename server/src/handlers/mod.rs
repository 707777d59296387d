//! The axum handlers that sit beside the Leptos app: file downloads, staff CSV uploads
//! and the health check, with the request context they all read.

pub mod downloads;
pub mod health;
pub mod uploads;

use kit::access::Caller;
use app::platform::audit::RequestMeta;
use axum::extract::Request;
use http::header;

/// Who asks, the request's metadata for the audit record, and the language of a refusal.
pub(crate) fn context(req: &Request) -> (Caller, RequestMeta, kit::i18n::Lang) {
    let caller = req.extensions().get::<Caller>().cloned().unwrap_or(Caller::Anonymous);
    let meta = req.extensions().get::<RequestMeta>().cloned().unwrap_or_default();
    let lang = kit::i18n::Lang::from_cookie_header(req.headers().get(header::COOKIE).and_then(|v| v.to_str().ok()));
    (caller, meta, lang)
}
