//! A page cache for the public pages (`/`, `/privacy`, `/privacy/history…`).
//!
//! These pages are the same for every anonymous reader of a language until a version is
//! published or a scheduled one takes effect at midnight (Tokyo), so each is rendered once
//! per (URL, language, versions, date) and then served from memory. Each response still
//! gets a fresh CSP nonce: the cached page's nonce is replaced by this response's.
//! Requests carrying any cookie other than the language are never served from here, so
//! a signed-in person's pages are always rendered for them.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use kit::i18n::Lang;
use app::shell::CspNonce;
use app::platform::state::AppState;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use http::{HeaderValue, Method, StatusCode, header};

/// Bounded, because query strings are the client's to choose.
const MAX_ENTRIES: usize = 512;
const MAX_BODY: usize = 1024 * 1024;
const MAX_QUERY: usize = 128;

#[derive(Default, Clone)]
pub struct PageCache {
    inner: Arc<RwLock<Inner>>,
}

#[derive(Default)]
struct Inner {
    fingerprint: String,
    pages: HashMap<String, Arc<Page>>,
}

struct Page {
    status: StatusCode,
    content_type: HeaderValue,
    body: Bytes,
    nonce: String,
}

impl PageCache {
    fn get(&self, fingerprint: &str, key: &str) -> Option<Arc<Page>> {
        let inner = self.inner.read().ok()?;
        (inner.fingerprint == fingerprint).then(|| inner.pages.get(key).cloned()).flatten()
    }

    fn put(&self, fingerprint: &str, key: String, page: Page) {
        if let Ok(mut inner) = self.inner.write() {
            if inner.fingerprint != fingerprint {
                inner.fingerprint = fingerprint.to_string();
                inner.pages.clear();
            }
            if inner.pages.len() < MAX_ENTRIES {
                inner.pages.insert(key, Arc::new(page));
            }
        }
    }

    pub fn len(&self) -> usize {
        self.inner.read().map(|i| i.pages.len()).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

fn is_public_page(path: &str) -> bool {
    path == "/" || path == "/privacy" || path == "/privacy/history" || path.starts_with("/privacy/history/")
}

/// Only the language cookie (or none) may be present.
fn anonymous(req: &Request) -> bool {
    req.headers().get_all(header::COOKIE).iter().all(|v| {
        v.to_str()
            .is_ok_and(|s| s.split(';').map(str::trim).filter(|kv| !kv.is_empty()).all(|kv| kv.starts_with("lang=")))
    })
}

pub async fn page_cache(State((cache, state)): State<(PageCache, AppState)>, req: Request, next: Next) -> Response {
    let eligible = req.method() == Method::GET
        && is_public_page(req.uri().path())
        && req.uri().query().is_none_or(|q| q.len() <= MAX_QUERY)
        && anonymous(&req);
    let nonce = req.extensions().get::<CspNonce>().map(|n| n.0.clone());
    let (true, Some(nonce)) = (eligible, nonce) else {
        return next.run(req).await;
    };
    let Ok(fingerprint) = app::publication::store::public_fingerprint(&state).await else {
        return next.run(req).await;
    };
    let lang = Lang::from_cookie_header(req.headers().get(header::COOKIE).and_then(|v| v.to_str().ok()));
    let key = format!("{}\n{}", lang.code(), req.uri().path_and_query().map_or("", |p| p.as_str()));

    if let Some(page) = cache.get(&fingerprint, &key) {
        return respond(&page, &nonce);
    }
    let res = next.run(req).await;
    let cacheable = matches!(res.status(), StatusCode::OK | StatusCode::BAD_REQUEST | StatusCode::NOT_FOUND)
        && res.headers().get(header::SET_COOKIE).is_none()
        && res.headers().get(header::CONTENT_ENCODING).is_none()
        && res.headers().get(header::CONTENT_TYPE).is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
    if !cacheable {
        return res;
    }
    let (parts, body) = res.into_parts();
    let Ok(body) = axum::body::to_bytes(body, MAX_BODY).await else {
        return Response::builder().status(StatusCode::INTERNAL_SERVER_ERROR).body(Body::empty()).unwrap_or_default();
    };
    if let Some(content_type) = parts.headers.get(header::CONTENT_TYPE).cloned() {
        cache.put(&fingerprint, key, Page { status: parts.status, content_type, body: body.clone(), nonce });
    }
    Response::from_parts(parts, Body::from(body))
}

fn respond(page: &Page, nonce: &str) -> Response {
    // Nonces are base64 of random bytes: replacing the old one cannot touch page text.
    let body = match std::str::from_utf8(&page.body) {
        Ok(text) => Bytes::from(text.replace(&page.nonce, nonce)),
        Err(_) => page.body.clone(),
    };
    let mut res = Response::new(Body::from(body));
    *res.status_mut() = page.status;
    res.headers_mut().insert(header::CONTENT_TYPE, page.content_type.clone());
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_public_pages_are_cached() {
        for p in ["/", "/privacy", "/privacy/history", "/privacy/history/2"] {
            assert!(is_public_page(p), "{p}");
        }
        for p in ["/api/publication/current", "/requests", "/privacyx", "/healthz", "/pkg/madoguchi.js"] {
            assert!(!is_public_page(p), "{p}");
        }
    }

    #[test]
    fn any_cookie_but_the_language_bypasses_the_cache() {
        let req = |cookie: Option<&str>| {
            let mut b = Request::builder().uri("/privacy");
            if let Some(c) = cookie {
                b = b.header(header::COOKIE, c);
            }
            b.body(Body::empty()).unwrap()
        };
        assert!(anonymous(&req(None)));
        assert!(anonymous(&req(Some("lang=en"))));
        assert!(!anonymous(&req(Some("lang=en; __Host-session=abc"))));
        assert!(!anonymous(&req(Some("session=abc"))));
    }

    #[test]
    fn a_new_fingerprint_empties_the_cache() {
        let cache = PageCache::default();
        let page = || Page {
            status: StatusCode::OK,
            content_type: HeaderValue::from_static("text/html"),
            body: Bytes::from_static(b"x"),
            nonce: "n".into(),
        };
        cache.put("2026-11-22|1|2", "ja\n/privacy".into(), page());
        assert!(cache.get("2026-11-22|1|2", "ja\n/privacy").is_some());
        assert!(cache.get("2026-11-23|1|2", "ja\n/privacy").is_none());
        cache.put("2026-11-23|1|2", "ja\n/".into(), page());
        assert_eq!(cache.len(), 1);
    }
}
