//! The HTTP baseline every request passes: request ids and metadata, structured logs,
//! the Origin/CSRF check on state-changing requests, security headers with a CSP
//! nonce, and server-function errors mapped to their HTTP status.

use std::net::SocketAddr;
use std::sync::Arc;

use kit::error::AppError;
use kit::access::Caller;
use app::identity::session::{Resolved, SessionKind, clear_cookie, cookie_value, resolve};
use app::platform::audit::{Action, AuditEvent, RequestMeta};
use app::platform::audit::store::record_standalone;
use app::shell::CspNonce;
use app::platform::state::AppState;
use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use http::{HeaderValue, Method, StatusCode, header};
use rand::RngCore;

/// What the middleware needs besides the application state.
#[derive(Clone)]
pub struct HttpPolicy {
    pub allowed_origins: Arc<Vec<String>>,
    pub behind_tls_proxy: bool,
    /// Which part of the portal this listener serves.
    pub area: Area,
    /// Networks allowed to reach the staff area (empty: any).
    pub staff_allow: Arc<Vec<ipnet::IpNet>>,
}

impl HttpPolicy {
    /// One listener serving both areas to these origins, with no address restriction.
    pub fn serving_all(allowed_origins: Vec<String>, behind_tls_proxy: bool) -> HttpPolicy {
        HttpPolicy {
            allowed_origins: Arc::new(allowed_origins),
            behind_tls_proxy,
            area: Area::All,
            staff_allow: Arc::new(Vec::new()),
        }
    }
}

/// The staff area can be bound to its own address (seed 003 keeps staff terminals off
/// the open network).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Area {
    All,
    MembersOnly,
    StaffOnly,
}

/// Paths both areas serve: assets, the health check, the language switch.
fn shared_path(path: &str) -> bool {
    path.starts_with("/pkg/") || path == "/healthz" || path == "/api/language"
}

/// Whether a path may be served on this listener from this address.
pub fn area_verdict(policy: &HttpPolicy, path: &str, ip: Option<std::net::IpAddr>) -> Result<(), StatusCode> {
    let staff_path = SessionKind::of_path(path) == SessionKind::Staff;
    match policy.area {
        Area::MembersOnly if staff_path => return Err(StatusCode::NOT_FOUND),
        Area::StaffOnly if !staff_path && !shared_path(path) => return Err(StatusCode::NOT_FOUND),
        _ => {}
    }
    if staff_path && !policy.staff_allow.is_empty() {
        let allowed = ip.is_some_and(|ip| policy.staff_allow.iter().any(|net| net.contains(&ip)));
        if !allowed {
            return Err(StatusCode::FORBIDDEN);
        }
    }
    Ok(())
}

/// Keeps each area on its listener and the staff area within its allowed networks.
pub async fn area_guard(State((policy, state)): State<(HttpPolicy, AppState)>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    let meta = req.extensions().get::<RequestMeta>().cloned().unwrap_or_default();
    let ip = meta.ip.as_deref().and_then(|i| i.parse().ok());
    match area_verdict(&policy, &path, ip) {
        Ok(()) => next.run(req).await,
        Err(status) if policy.area == Area::StaffOnly && path == "/" => {
            let _ = status;
            (StatusCode::SEE_OTHER, [(header::LOCATION, "/staff")]).into_response()
        }
        Err(status) => {
            if status == StatusCode::FORBIDDEN {
                let event = AuditEvent::by(Caller::Anonymous, Action::StaffAreaAddressRefused)
                    .detail(serde_json::json!({ "path": path }))
                    .refused();
                record_standalone(&state, &meta, &event).await;
            }
            let lang =
                kit::i18n::Lang::from_cookie_header(req.headers().get(header::COOKIE).and_then(|v| v.to_str().ok()));
            let error = if status == StatusCode::FORBIDDEN { AppError::Forbidden } else { AppError::NotFound };
            refusal_page(status, lang, error.message(lang.messages()))
        }
    }
}

/// A minimal localised page for refusals made before the app renders.
pub fn refusal_page(status: StatusCode, lang: kit::i18n::Lang, message: &str) -> Response {
    let body = format!(
        "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" \
         content=\"width=device-width, initial-scale=1\"><title>{}</title></head><body><main>\
         <h1>{}</h1><p>{message}</p><p><a href=\"/\">{}</a></p></main></body></html>",
        lang.code(),
        status.as_u16(),
        status.as_u16(),
        lang.messages().go_home
    );
    (status, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], body).into_response()
}

/// Resolves the session cookie of the path's area into the request's caller. A cookie
/// that matches no live session (forged, revoked, expired) is recorded and cleared.
pub async fn session(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let kind = SessionKind::of_path(req.uri().path());
    let cookies: Vec<&str> = req.headers().get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).collect();
    let joined = cookies.join("; ");
    let token = cookie_value(Some(&joined), kind.cookie()).map(str::to_string);
    let mut clear = false;
    if let Some(token) = token {
        match resolve(&state, kind, &token).await {
            Ok(Resolved::Session(info, caller)) => {
                req.extensions_mut().insert(info);
                req.extensions_mut().insert(caller);
            }
            Ok(Resolved::Invalid { expired }) => {
                clear = true;
                let meta = req.extensions().get::<RequestMeta>().cloned().unwrap_or_default();
                let event = AuditEvent::by(Caller::Anonymous, Action::SessionInvalid)
                    .detail(serde_json::json!({ "kind": kind.code(), "expired": expired }))
                    .refused();
                record_standalone(&state, &meta, &event).await;
            }
            Ok(Resolved::None) => {}
            Err(_) => {
                let lang = kit::i18n::Lang::from_cookie_header(Some(&joined));
                return refusal_page(
                    StatusCode::SERVICE_UNAVAILABLE,
                    lang,
                    AppError::Unavailable.message(lang.messages()),
                );
            }
        }
    }
    let mut res = next.run(req).await;
    // A sign-in posted with a stale cookie sets a new session: clearing after it would
    // sign the member straight out again.
    if clear
        && !sets_cookie(res.headers(), kind.cookie())
        && let Ok(v) = HeaderValue::from_str(&clear_cookie(kind))
    {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    res
}

/// Whether a response already sets the cookie `name` (to a new value or to nothing).
fn sets_cookie(headers: &http::HeaderMap, name: &str) -> bool {
    headers.get_all(header::SET_COOKIE).iter().filter_map(|v| v.to_str().ok()).any(|v| {
        v.split_once('=').is_some_and(|(k, _)| k.trim() == name)
    })
}

/// Gives every request an id and records where it came from.
pub async fn request_meta(State(policy): State<HttpPolicy>, mut req: Request, next: Next) -> Response {
    let mut id = [0u8; 12];
    rand::thread_rng().fill_bytes(&mut id);
    let request_id = hex_id(&id);
    let peer = req.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip().to_string());
    // Behind a proxy the peer is the proxy; the client is the first X-Forwarded-For hop.
    let forwarded = policy
        .behind_tls_proxy
        .then(|| req.headers().get("x-forwarded-for").and_then(|v| v.to_str().ok()))
        .flatten()
        .and_then(|v| v.split(',').next())
        .map(|v| v.trim().chars().take(64).collect::<String>());
    let user_agent = req
        .headers()
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.chars().take(512).collect::<String>());
    let meta = RequestMeta { request_id: request_id.clone(), ip: forwarded.or(peer), user_agent };
    req.extensions_mut().insert(meta);
    let span = tracing::info_span!("request", id = %request_id, method = %req.method(), path = %req.uri().path());
    let started = std::time::Instant::now();
    let mut res = tracing::Instrument::instrument(next.run(req), span.clone()).await;
    let status = res.status().as_u16();
    span.in_scope(|| {
        tracing::info!(status, elapsed_ms = started.elapsed().as_secs_f64() * 1000.0, "response");
    });
    if let Ok(v) = HeaderValue::from_str(&request_id) {
        res.headers_mut().insert("x-request-id", v);
    }
    res
}

fn hex_id(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Why a state-changing request is refused, if it is.
pub fn origin_verdict(
    method: &Method,
    origin: Option<&str>,
    referer: Option<&str>,
    fetch_site: Option<&str>,
    allowed: &[String],
) -> Result<(), &'static str> {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return Ok(());
    }
    if let Some(site) = fetch_site
        && !matches!(site, "same-origin" | "none")
    {
        return Err("sec-fetch-site");
    }
    // Browsers send Origin on every POST; Referer is the fallback for old ones.
    let claimed = match (origin, referer) {
        (Some(o), _) if o != "null" => o.trim_end_matches('/').to_string(),
        (_, Some(r)) => match origin_of(r) {
            Some(o) => o,
            None => return Err("referer"),
        },
        _ => return Err("missing"),
    };
    if allowed.contains(&claimed) { Ok(()) } else { Err("origin") }
}

/// `scheme://host[:port]` of a URL.
fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let host = rest.split(['/', '?', '#']).next()?;
    (!host.is_empty()).then(|| format!("{scheme}://{host}"))
}

/// Refuses state-changing requests from other origins (CSRF). Leptos does no such check.
pub async fn origin_check(State((policy, state)): State<(HttpPolicy, AppState)>, req: Request, next: Next) -> Response {
    let h = req.headers();
    let text = |name: header::HeaderName| h.get(name).and_then(|v| v.to_str().ok());
    let verdict = origin_verdict(
        req.method(),
        text(header::ORIGIN),
        text(header::REFERER),
        h.get("sec-fetch-site").and_then(|v| v.to_str().ok()),
        &policy.allowed_origins,
    );
    let Err(reason) = verdict else {
        return next.run(req).await;
    };
    let meta = req.extensions().get::<RequestMeta>().cloned().unwrap_or_default();
    tracing::warn!(reason, path = %req.uri().path(), "cross-origin state-changing request refused");
    let event = AuditEvent::by(Caller::Anonymous, Action::CsrfRefused)
        .detail(serde_json::json!({ "path": req.uri().path(), "reason": reason }))
        .refused();
    record_standalone(&state, &meta, &event).await;
    let lang = kit::i18n::Lang::from_cookie_header(text(header::COOKIE));
    let message = AppError::Forbidden.message(lang.messages());
    let wants_html = text(header::ACCEPT).is_some_and(|a| a.contains("text/html"));
    if wants_html {
        let body = format!(
            "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" \
             content=\"width=device-width, initial-scale=1\"><title>403</title></head><body><main>\
             <h1>403</h1><p>{message}</p><p><a href=\"/\">{}</a></p></main></body></html>",
            lang.code(),
            lang.messages().go_home
        );
        (StatusCode::FORBIDDEN, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], body).into_response()
    } else {
        let body = serde_json::to_string(&AppError::Forbidden).unwrap_or_default();
        (StatusCode::FORBIDDEN, [(header::CONTENT_TYPE, "application/json")], body).into_response()
    }
}

/// The Content-Security-Policy for a response with this nonce. WebAssembly needs
/// `wasm-unsafe-eval`; nothing else runs unless it carries the nonce.
pub fn content_security_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; \
         frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
    )
}

/// Security headers, with a fresh CSP nonce per response (handed to the page renderer).
pub async fn security_headers(State(policy): State<HttpPolicy>, mut req: Request, next: Next) -> Response {
    let mut raw = [0u8; 18];
    rand::thread_rng().fill_bytes(&mut raw);
    let nonce = base64::engine::general_purpose::STANDARD.encode(raw);
    req.extensions_mut().insert(CspNonce(nonce.clone()));
    let is_asset = req.uri().path().starts_with("/pkg/");
    let mut res = next.run(req).await;
    // A handler's own policy stands: downloads carry `default-src 'none'; sandbox`.
    let own_policy = res.headers().contains_key(header::CONTENT_SECURITY_POLICY);
    let headers = res.headers_mut();
    let mut set = |name: &'static str, value: &str| {
        if let Ok(v) = HeaderValue::from_str(value) {
            headers.insert(name, v);
        }
    };
    if !own_policy {
        set("content-security-policy", &content_security_policy(&nonce));
    }
    set("x-content-type-options", "nosniff");
    set("x-frame-options", "DENY");
    set("referrer-policy", "same-origin");
    set("cross-origin-opener-policy", "same-origin");
    set("permissions-policy", "camera=(), microphone=(), geolocation=(), payment=()");
    if policy.behind_tls_proxy {
        set("strict-transport-security", "max-age=63072000; includeSubDomains");
    }
    if is_asset {
        set("cache-control", "public, max-age=3600");
    } else {
        // Pages will carry personal data: never stored by browsers or proxies.
        set("cache-control", "no-store");
    }
    res
}

/// Server functions answer errors with status 500 and the error's JSON; give them the
/// status the error stands for (400 for malformed arguments, 403, 404 …).
pub async fn server_fn_status(req: Request, next: Next) -> Response {
    if !req.uri().path().starts_with("/api/") {
        return next.run(req).await;
    }
    let res = next.run(req).await;
    if res.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let bytes = match axum::body::to_bytes(body, 64 * 1024).await {
        Ok(b) => b,
        Err(_) => return (StatusCode::INTERNAL_SERVER_ERROR, "").into_response(),
    };
    match serde_json::from_slice::<AppError>(&bytes) {
        Ok(e) => {
            parts.status = e.status_code();
            Response::from_parts(parts, Body::from(bytes))
        }
        // Never pass through text that is not the portal's own error.
        Err(_) => {
            let e = AppError::internal("server function response", String::from_utf8_lossy(&bytes));
            let body = serde_json::to_string(&e).unwrap_or_default();
            parts.headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
            parts.headers.remove(header::CONTENT_LENGTH);
            Response::from_parts(parts, Body::from(body))
        }
    }
}

/// Server functions that take files (multipart form posts).
pub fn takes_files(path: &str) -> bool {
    path.starts_with("/api/requests/submit") || path == "/api/requests/act" || path == "/api/staff/package/file" || path == "/api/staff/intake"
}

/// The staff pages' uploads: a 医療費のお知らせ export, a provision-ledger CSV.
pub const NOTICE_UPLOAD: &str = "/staff/notices/import/upload";
pub const PROVISION_UPLOAD: &str = "/staff/provisions/import/upload";

/// Bounds every request body: file posts to what their files may weigh, everything else
/// to 1 MiB. A file post must be well-formed multipart (the decoder would otherwise
/// fail hard on a missing boundary).
pub async fn body_limit(State(state): State<AppState>, req: Request, next: Next) -> Response {
    const ORDINARY: usize = 1024 * 1024;
    let path = req.uri().path().to_string();
    let files = takes_files(&path) || path == NOTICE_UPLOAD || path == PROVISION_UPLOAD;
    let limit = if path == NOTICE_UPLOAD {
        app::notices::imports::MAX_UPLOAD_BYTES.saturating_add(ORDINARY)
    } else if path == PROVISION_UPLOAD {
        app::ledger::MAX_UPLOAD_BYTES.saturating_add(ORDINARY)
    } else if files {
        state.feature::<app::requests::store::RequestPolicy>().max_attachment_bytes.saturating_mul(app::requests::store::MAX_FILES).saturating_add(ORDINARY)
    } else {
        ORDINARY
    };
    let lang = kit::i18n::Lang::from_cookie_header(req.headers().get(header::COOKIE).and_then(|v| v.to_str().ok()));
    if files && req.method() == Method::POST {
        let boundary_ok = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|ct| multer::parse_boundary(ct).is_ok());
        if !boundary_ok {
            return refusal_page(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                lang,
                AppError::BadRequest.message(lang.messages()),
            );
        }
    }
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > limit) {
        return refusal_page(StatusCode::PAYLOAD_TOO_LARGE, lang, lang.messages().too_large);
    }
    let (parts, body) = req.into_parts();
    if declared.is_none() && parts.method != Method::GET && parts.method != Method::HEAD {
        // A body without a declared length (chunked) is read here, within the limit, so
        // that going over it is this page and not a failure deep inside a handler.
        return match axum::body::to_bytes(body, limit).await {
            Ok(bytes) => next.run(Request::from_parts(parts, Body::from(bytes))).await,
            Err(_) => refusal_page(StatusCode::PAYLOAD_TOO_LARGE, lang, lang.messages().too_large),
        };
    }
    let body = Body::new(http_body_util::Limited::new(body, limit));
    next.run(Request::from_parts(parts, body)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn allowed() -> Vec<String> {
        vec!["http://127.0.0.1:3000".into(), "http://localhost:3000".into()]
    }

    #[test]
    fn safe_methods_pass() {
        assert!(
            origin_verdict(&Method::GET, Some("http://evil.example"), None, Some("cross-site"), &allowed()).is_ok()
        );
    }

    #[test]
    fn same_origin_post_passes() {
        assert!(
            origin_verdict(&Method::POST, Some("http://127.0.0.1:3000"), None, Some("same-origin"), &allowed()).is_ok()
        );
        assert!(
            origin_verdict(&Method::POST, None, Some("http://localhost:3000/privacy?x=1"), None, &allowed()).is_ok()
        );
    }

    #[test]
    fn cross_origin_or_unlabelled_post_is_refused() {
        let a = allowed();
        assert_eq!(origin_verdict(&Method::POST, Some("http://evil.example"), None, None, &a), Err("origin"));
        assert_eq!(
            origin_verdict(&Method::POST, Some("http://127.0.0.1:3000"), None, Some("cross-site"), &a),
            Err("sec-fetch-site")
        );
        assert_eq!(origin_verdict(&Method::POST, None, None, None, &a), Err("missing"));
        assert_eq!(origin_verdict(&Method::POST, Some("null"), None, None, &a), Err("missing"));
        assert_eq!(origin_verdict(&Method::DELETE, None, Some("garbage"), None, &a), Err("referer"));
        assert_eq!(
            origin_verdict(&Method::PUT, Some("http://127.0.0.1:3000.evil.example"), None, None, &a),
            Err("origin")
        );
    }

    fn policy(area: Area, allow: &[&str]) -> HttpPolicy {
        HttpPolicy {
            area,
            staff_allow: Arc::new(allow.iter().map(|n| n.parse().unwrap()).collect()),
            ..HttpPolicy::serving_all(allowed(), false)
        }
    }

    #[test]
    fn each_listener_serves_its_own_area() {
        let members = policy(Area::MembersOnly, &[]);
        assert_eq!(area_verdict(&members, "/staff/login", None), Err(StatusCode::NOT_FOUND));
        assert_eq!(area_verdict(&members, "/api/staff/login", None), Err(StatusCode::NOT_FOUND));
        assert_eq!(area_verdict(&members, "/privacy", None), Ok(()));
        let staff = policy(Area::StaffOnly, &[]);
        assert_eq!(area_verdict(&staff, "/privacy", None), Err(StatusCode::NOT_FOUND));
        assert_eq!(area_verdict(&staff, "/api/login", None), Err(StatusCode::NOT_FOUND));
        assert_eq!(area_verdict(&staff, "/staff", None), Ok(()));
        assert_eq!(area_verdict(&staff, "/pkg/madoguchi.css", None), Ok(()));
        let both = policy(Area::All, &[]);
        assert_eq!(area_verdict(&both, "/staff", None), Ok(()));
        assert_eq!(area_verdict(&both, "/account", None), Ok(()));
    }

    #[test]
    fn the_staff_area_admits_only_allowed_networks() {
        let p = policy(Area::All, &["10.1.0.0/16", "127.0.0.1/32"]);
        assert_eq!(area_verdict(&p, "/staff", Some("10.1.2.3".parse().unwrap())), Ok(()));
        assert_eq!(area_verdict(&p, "/staff", Some("127.0.0.1".parse().unwrap())), Ok(()));
        assert_eq!(area_verdict(&p, "/staff", Some("192.0.2.1".parse().unwrap())), Err(StatusCode::FORBIDDEN));
        assert_eq!(area_verdict(&p, "/api/staff/login", None), Err(StatusCode::FORBIDDEN));
        assert_eq!(area_verdict(&p, "/privacy", Some("192.0.2.1".parse().unwrap())), Ok(()), "members anywhere");
    }

    #[test]
    fn a_new_session_cookie_is_seen_whatever_its_attributes() {
        let mut h = http::HeaderMap::new();
        h.append(header::SET_COOKIE, HeaderValue::from_static("lang=ja; Path=/"));
        assert!(!sets_cookie(&h, "__Host-madoguchi"));
        h.append(header::SET_COOKIE, HeaderValue::from_static("__Host-madoguchi=abc; Path=/; Secure; HttpOnly"));
        assert!(sets_cookie(&h, "__Host-madoguchi"));
        assert!(!sets_cookie(&h, "__Host-madoguchi-staff"), "another area's cookie is another cookie");
    }

    #[test]
    fn csp_carries_the_nonce_and_forbids_framing() {
        let csp = content_security_policy("abc");
        assert!(csp.contains("'nonce-abc'"));
        assert!(csp.contains("frame-ancestors 'none'"));
        assert!(!csp.contains("unsafe-inline"));
    }
}
