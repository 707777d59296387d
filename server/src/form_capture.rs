//! Forms keep what was typed: the text fields of a browser's form post are read here and
//! handed to the server function beside its body ([`kit::flash::Typed`]); on the page view
//! after a failed post, the kept feedback is taken from the store for the page to render
//! ([`kit::flash::Kept`]). What is kept, and for how long, is [`kit::flash`]'s to say.

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use http::{Method, StatusCode, header};
use kit::flash::{FlashStore, Kept, Typed, browser_id, well_formed};

/// A text field longer than this is not kept (it is still posted).
const MAX_FIELD: usize = 16 * 1024;
/// How many fields are read at most.
const MAX_FIELDS: usize = 500;

#[derive(Clone, Copy, PartialEq, Eq)]
enum FormKind {
    UrlEncoded,
    Multipart,
}

fn form_kind(req: &Request) -> Option<FormKind> {
    let ct = req.headers().get(header::CONTENT_TYPE)?.to_str().ok()?.to_ascii_lowercase();
    if ct.starts_with("application/x-www-form-urlencoded") {
        Some(FormKind::UrlEncoded)
    } else if ct.starts_with("multipart/form-data") {
        Some(FormKind::Multipart)
    } else {
        None
    }
}

fn wants_html(req: &Request) -> bool {
    req.headers().get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|a| a.contains("text/html"))
}

/// The text fields of an urlencoded body.
pub fn urlencoded_fields(body: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(body)
        .take(MAX_FIELDS)
        .filter(|(_, v)| v.len() <= MAX_FIELD)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// The text fields of a multipart body; file parts are skipped, a malformed body ends
/// the reading (the handler judges the body itself).
pub async fn multipart_fields(body: Bytes, content_type: &str) -> Vec<(String, String)> {
    let Ok(boundary) = multer::parse_boundary(content_type) else {
        return Vec::new();
    };
    let stream = futures::stream::once(async move { Ok::<Bytes, std::io::Error>(body) });
    let mut multipart = multer::Multipart::new(stream, boundary);
    let mut fields = Vec::new();
    while let Ok(Some(field)) = multipart.next_field().await {
        if fields.len() >= MAX_FIELDS {
            break;
        }
        if field.file_name().is_some() {
            continue;
        }
        let Some(name) = field.name().map(str::to_string) else {
            continue;
        };
        match field.text().await {
            Ok(text) if text.len() <= MAX_FIELD => fields.push((name, text)),
            Ok(_) => {}
            Err(_) => break,
        }
    }
    fields
}

/// Gives server functions the store and a browser's typed fields, and a page view after
/// a failed post its kept feedback. Runs inside the body limit.
pub async fn keep_typed(State(store): State<FlashStore>, mut req: Request, next: Next) -> Response {
    req.extensions_mut().insert(store.clone());
    if matches!(*req.method(), Method::GET | Method::HEAD) {
        let token = req
            .uri()
            .query()
            .and_then(|q| form_urlencoded::parse(q.as_bytes()).find(|(k, _)| k == "e").map(|(_, v)| v.into_owned()))
            .filter(|t| well_formed(t));
        if let Some(token) = token {
            let cookies: Vec<&str> =
                req.headers().get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).collect();
            let joined = cookies.join("; ");
            if let Some(feedback) = store.take(&token, browser_id(Some(&joined))) {
                req.extensions_mut().insert(Kept(feedback));
            }
        }
        return next.run(req).await;
    }
    let kind = form_kind(&req);
    if req.method() != Method::POST || !req.uri().path().starts_with("/api/") || !wants_html(&req) || kind.is_none() {
        return next.run(req).await;
    }
    let content_type =
        req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    let (mut parts, body) = req.into_parts();
    // The body is already bounded by `body_limit`: going over it ends here as there.
    let bytes = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(b) => b,
        Err(_) => {
            let lang = kit::i18n::Lang::from_cookie_header(
                parts.headers.get(header::COOKIE).and_then(|v| v.to_str().ok()),
            );
            return crate::middleware::refusal_page(StatusCode::PAYLOAD_TOO_LARGE, lang, lang.messages().too_large);
        }
    };
    let fields = match kind {
        Some(FormKind::UrlEncoded) => urlencoded_fields(&bytes),
        _ => multipart_fields(bytes.clone(), &content_type).await,
    };
    parts.extensions.insert(Typed(fields));
    next.run(Request::from_parts(parts, Body::from(bytes))).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urlencoded_fields_keep_order_and_repeats() {
        let f = urlencoded_fields(b"a=1&c=x&c=y&name=%E5%B1%B1%E7%94%B0+%E5%A4%AA%E9%83%8E");
        assert_eq!(f[1], ("c".into(), "x".into()));
        assert_eq!(f[2], ("c".into(), "y".into()));
        assert_eq!(f[3].1, "山田 太郎");
    }

    #[tokio::test]
    async fn multipart_text_fields_are_read_and_files_skipped() {
        let body = "--XyZ\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n\
                    --XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\
                    Content-Type: application/pdf\r\n\r\n%PDF-1.4\r\n\
                    --XyZ\r\nContent-Disposition: form-data; name=\"categories\"\r\n\r\nclaims\r\n--XyZ--\r\n";
        let f = multipart_fields(Bytes::from(body), "multipart/form-data; boundary=XyZ").await;
        assert_eq!(f, vec![("note".into(), "hello".into()), ("categories".into(), "claims".into())]);
        assert!(multipart_fields(Bytes::from("garbage"), "multipart/form-data; boundary=XyZ").await.is_empty());
    }
}
