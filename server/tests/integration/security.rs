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
