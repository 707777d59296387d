//! The HTTP security baseline: Origin/CSRF check, security headers, error hygiene.

use crate::on_both_databases;
use crate::support::TestApp;

const LANG_SWITCH: &str = "/api/language";

async fn csrf_refusals(app: &TestApp) -> i64 {
    app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'csrf.refused' AND outcome = 'refused'").await
}

on_both_databases! {
    async fn a_cross_origin_post_to_the_language_switch_is_refused(backend) {
        let app = TestApp::start(backend).await;
        let form = [("lang", "en"), ("return_to", "/privacy")];
        let attempts = [
            vec![("origin", "http://evil.example")],
            vec![("origin", "null")],
            vec![("referer", "http://evil.example/page")],
            vec![("origin", app.origin.as_str()), ("sec-fetch-site", "cross-site")],
            vec![],
        ];
        for (i, headers) in attempts.iter().enumerate() {
            let mut req = app.client.post(app.url(LANG_SWITCH)).header("accept", "text/html").form(&form);
            for (k, v) in headers {
                req = req.header(*k, *v);
            }
            let res = req.send().await.unwrap();
            assert_eq!(res.status(), 403, "attempt {i} {headers:?}");
            assert!(res.headers().get("set-cookie").is_none(), "attempt {i} changed state");
            let body = res.text().await.unwrap();
            assert!(body.contains("この操作は受け付けられませんでした"), "localised refusal");
            assert_eq!(csrf_refusals(&app).await, i as i64 + 1, "refusal {i} recorded");
        }
    }
}

on_both_databases! {
    async fn the_language_switch_sets_the_cookie_and_returns_to_the_page(backend) {
        let app = TestApp::start(backend).await;
        let res = app.post_form(LANG_SWITCH, &[("lang", "en"), ("return_to", "/privacy/history?from=1&to=2")]).await;
        assert!(res.status().is_redirection(), "{}", res.status());
        assert_eq!(res.headers()["location"], "/privacy/history?from=1&to=2");
        let cookie = res.headers()["set-cookie"].to_str().unwrap().to_string();
        assert!(cookie.starts_with("lang=en;"), "{cookie}");
        assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
        // An off-site return path is not followed.
        let res = app.post_form(LANG_SWITCH, &[("lang", "ja"), ("return_to", "//evil.example/")]).await;
        assert_eq!(res.headers()["location"], "/");
        // An unknown language is a clear 400, no cookie.
        let res = app
            .client
            .post(app.url(LANG_SWITCH))
            .header("origin", &app.origin)
            .form(&[("lang", "xx"), ("return_to", "/")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 400);
        assert!(res.headers().get("set-cookie").is_none());
        assert_eq!(csrf_refusals(&app).await, 0);
    }
}

on_both_databases! {
    async fn malformed_server_function_arguments_get_the_portals_error_not_internals(backend) {
        let app = TestApp::start(backend).await;
        let res = app
            .client
            .post(app.url(LANG_SWITCH))
            .header("origin", &app.origin)
            .header("content-type", "application/x-www-form-urlencoded")
            .body("lang=%FF%FE&&&=")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 400);
        let text = res.text().await.unwrap();
        assert_eq!(text, "\"BadRequest\"");
    }
}

on_both_databases! {
    async fn pages_carry_security_headers_and_a_matching_csp_nonce(backend) {
        let app = TestApp::start(backend).await;
        let res = app.client.get(app.url("/privacy")).header("accept", "text/html").send().await.unwrap();
        let h = res.headers().clone();
        let csp = h["content-security-policy"].to_str().unwrap().to_string();
        assert!(csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe-inline"), "{csp}");
        assert_eq!(h["x-content-type-options"], "nosniff");
        assert_eq!(h["x-frame-options"], "DENY");
        assert_eq!(h["referrer-policy"], "same-origin");
        assert_eq!(h["cache-control"], "no-store");
        assert!(h.get("x-request-id").is_some());
        assert!(h.get("strict-transport-security").is_none(), "no HSTS over plain HTTP");
        let nonce = csp.split("'nonce-").nth(1).and_then(|s| s.split('\'').next()).unwrap().to_string();
        let html = res.text().await.unwrap();
        assert_eq!(html.matches(&format!("<script type=\"module\" nonce=\"{nonce}\"")).count(), 1);
        for tag in html.split("<script").skip(1) {
            let tag = tag.split('>').next().unwrap();
            assert!(tag.contains(&format!("nonce=\"{nonce}\"")), "script without this response's nonce: {tag}");
        }
        // A second response gets a different nonce.
        let res2 = app.get("/privacy").await;
        assert_ne!(res2.headers()["content-security-policy"].to_str().unwrap(), csp);
    }
}

on_both_databases! {
    async fn health_check_reports_the_database(backend) {
        let app = TestApp::start(backend).await;
        let res = app.get("/healthz").await;
        assert_eq!(res.status(), 200);
        assert_eq!(res.text().await.unwrap(), r#"{"status":"ok"}"#);
    }
}

#[tokio::test]
async fn sqlite_runs_with_wal_full_sync_and_foreign_keys() {
    let dir = tempfile::tempdir().unwrap();
    let db = crate::support::fresh_db(app::platform::db::Backend::Sqlite, &dir).await;
    let mut conn = db.pool.acquire().await.unwrap();
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode").fetch_one(&mut *conn).await.unwrap();
    let sync: i64 = sqlx::query_scalar("PRAGMA synchronous").fetch_one(&mut *conn).await.unwrap();
    let fk: i64 = sqlx::query_scalar("PRAGMA foreign_keys").fetch_one(&mut *conn).await.unwrap();
    assert_eq!((mode.as_str(), sync, fk), ("wal", 2, 1));
}

#[test]
fn a_network_address_without_tls_is_refused() {
    use clap::Parser;
    #[derive(clap::Parser)]
    struct Cli {
        #[command(flatten)]
        config: madoguchi_server::config::Config,
    }
    let cli = Cli::parse_from(["server"]);
    assert!(madoguchi_server::startup::check_transport("127.0.0.1:3000".parse().unwrap(), &cli.config).is_ok());
    assert!(madoguchi_server::startup::check_transport("0.0.0.0:3000".parse().unwrap(), &cli.config).is_err());
    let cli = Cli::parse_from(["server", "--behind-tls-proxy"]);
    assert!(madoguchi_server::startup::check_transport("0.0.0.0:3000".parse().unwrap(), &cli.config).is_ok());
}

on_both_databases! {
    async fn signing_in_with_a_stale_cookie_keeps_the_new_session(backend) {
        let app = TestApp::with_registry(backend).await;
        let member = app.member_id("1001", "23", "00").await;
        app.member_account(member).await;
        // Yesterday's session cookie, long gone on the server, is still in the browser.
        let res = app
            .post_api(
                "/api/login",
                Some("__Host-madoguchi=long-expired-session"),
                &[("identifier", "1001-23-00"), ("password", TestApp::PASSWORD), ("code", &app.totp(0)), ("next", "")],
            )
            .await;
        assert_eq!(res.status(), 200);
        let cookies: Vec<String> = res
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .filter(|v| v.starts_with("__Host-madoguchi="))
            .map(str::to_string)
            .collect();
        assert_eq!(cookies.len(), 1, "one session cookie, not a new one then a clearing: {cookies:?}");
        let session = cookies[0].split(';').next().unwrap().to_string();
        assert_ne!(session, "__Host-madoguchi=", "{cookies:?}");
        assert_eq!(app.get_api("/api/account/overview", &session).await.status(), 200, "signed in");
        // Without a sign-in, the stale cookie is still cleared.
        let res = app.get_with("/privacy", "__Host-madoguchi=long-expired-session").await;
        let cleared = res.headers().get_all("set-cookie").iter().filter_map(|v| v.to_str().ok()).any(|v| v.starts_with("__Host-madoguchi=;"));
        assert!(cleared);
    }
}

on_both_databases! {
    async fn an_oversized_body_without_a_declared_length_gets_the_413_page(backend) {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let app = TestApp::start(backend).await;
        let host = app.base.trim_start_matches("http://").to_string();
        let stream = tokio::net::TcpStream::connect(&host).await.unwrap();
        let (mut read, mut write) = stream.into_split();
        let head = format!(
            "POST /api/language HTTP/1.1\r\nHost: {host}\r\nOrigin: {}\r\nAccept: text/html\r\n\
             Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n",
            app.origin
        );
        // 2 MiB in 64 KiB chunks, with no Content-Length: twice what an ordinary form may weigh.
        let sender = tokio::spawn(async move {
            write.write_all(head.as_bytes()).await?;
            let chunk = vec![b'a'; 64 * 1024];
            for _ in 0..32 {
                write.write_all(format!("{:x}\r\n", chunk.len()).as_bytes()).await?;
                write.write_all(&chunk).await?;
                write.write_all(b"\r\n").await?;
            }
            write.write_all(b"0\r\n\r\n").await
        });
        let mut answer = Vec::new();
        let mut buf = [0u8; 8192];
        while !String::from_utf8_lossy(&answer).contains("</html>") {
            let n = read.read(&mut buf).await.unwrap();
            if n == 0 {
                break;
            }
            answer.extend_from_slice(&buf[..n]);
        }
        let _ = sender.await;
        let answer = String::from_utf8_lossy(&answer).to_string();
        assert!(answer.starts_with("HTTP/1.1 413"), "{}", answer.lines().next().unwrap_or_default());
        assert!(answer.contains("送信された内容が大きすぎます"), "the localised page");
    }
}
