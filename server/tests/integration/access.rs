//! The access matrix: every server function is a public HTTP endpoint, so each one must be
//! declared here with who may call it, and is called over HTTP to prove the server
//! enforces it. A server function missing from the matrix fails the test.
//!
//! Callers today: anonymous. Member and staff callers join the matrix with sessions.

use std::collections::BTreeSet;

use crate::on_both_databases;
use crate::support::TestApp;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Who {
    /// Anyone (the 公表事項 is public by law).
    Public,
}

struct Entry {
    path: &'static str,
    method: &'static str,
    who: Who,
    /// Query (GET) or form body (POST) that exercises the function.
    args: &'static str,
}

const MATRIX: &[Entry] = &[
    Entry { path: "/api/publication/current", method: "GET", who: Who::Public, args: "" },
    Entry { path: "/api/publication/versions", method: "GET", who: Who::Public, args: "" },
    Entry { path: "/api/publication/version", method: "GET", who: Who::Public, args: "id=1" },
    Entry { path: "/api/publication/compare", method: "GET", who: Who::Public, args: "from=1&to=2" },
    Entry { path: "/api/language", method: "POST", who: Who::Public, args: "lang=en&return_to=%2F" },
];

#[test]
fn every_server_function_is_in_the_matrix() {
    // Linking the app registers its server functions.
    let _ = app::App;
    let registered: BTreeSet<(String, String)> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, method)| (path.to_string(), method.to_string()))
        .collect();
    let declared: BTreeSet<(String, String)> =
        MATRIX.iter().map(|e| (e.path.to_string(), e.method.to_string())).collect();
    let missing: Vec<_> = registered.difference(&declared).collect();
    let stale: Vec<_> = declared.difference(&registered).collect();
    assert!(missing.is_empty(), "server functions without a declared access policy: {missing:?}");
    assert!(stale.is_empty(), "matrix entries for functions that no longer exist: {stale:?}");
}

on_both_databases! {
    async fn each_server_function_admits_exactly_the_declared_callers(backend) {
        let app = TestApp::start(backend).await;
        for e in MATRIX {
            let res = match e.method {
                "GET" => app.client.get(app.url(&format!("{}?{}", e.path, e.args))).send().await.unwrap(),
                _ => app
                    .client
                    .post(app.url(e.path))
                    .header("origin", &app.origin)
                    .header("content-type", "application/x-www-form-urlencoded")
                    .body(e.args)
                    .send()
                    .await
                    .unwrap(),
            };
            let status = res.status().as_u16();
            match e.who {
                Who::Public => assert!(status < 400, "anonymous call to {} refused with {status}", e.path),
            }
        }
    }
}
