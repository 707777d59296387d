//! A GET changes nothing. A link on another site, clicked by a signed-in member or clerk,
//! travels with their cookies (SameSite=Lax lets top-level GETs through), so any state a
//! GET changed would be changed in their name. (The one thing a GET does change, a
//! member's own notices marked seen when they open their request, happens only when they
//! open it from the portal or the address bar, never from another site's link.) Every GET the portal answers — each page,
//! each download, each GET server function — is requested by every kind of caller, and
//! every table is compared before and after. The only changes allowed are listed once,
//! below: the audit events of reads (and their chain links), a session's last-seen time
//! and the sign-in throttle's counters.

use std::collections::{BTreeMap, BTreeSet};

use app::platform::db::Backend;

use crate::access::MATRIX;
use crate::on_both_databases;
use crate::support::TestApp;

/// Every page route of the app, with the values its parameters take here.
const PAGES: &[&str] = &[
    "/",
    "/privacy",
    "/privacy/history",
    "/privacy/history/:id",
    "/procedure",
    "/procedure/form-1",
    "/procedure/form-2",
    "/login",
    "/register",
    "/register/sent",
    "/register/complete",
    "/reset",
    "/reset/sent",
    "/reset/complete",
    "/recover/second-factor",
    "/mypage",
    "/account",
    "/account/second-factor",
    "/account/recovery-codes",
    "/account/password",
    "/account/sessions",
    "/account/passkeys",
    "/account/email",
    "/account/email/verify",
    "/account/email/verified",
    "/account/confirm",
    "/account/access-history",
    "/requests",
    "/requests/new",
    "/requests/new/:kind",
    "/requests/:receipt",
    "/requests/:receipt/letter",
    "/requests/:receipt/fee",
    "/notices",
    "/notices/statement",
    "/notices/sharing",
    "/staff",
    "/staff/login",
    "/staff/setup",
    "/staff/setup/second-factor",
    "/staff/letters",
    "/staff/letters/:id",
    "/staff/access",
    "/staff/passkeys",
    "/staff/members",
    "/staff/requests",
    "/staff/requests/:receipt",
    "/staff/requests/:receipt/letter",
    "/staff/requests/:receipt/fee",
    "/staff/requests/:receipt/package",
    "/staff/requests/:receipt/inquiries/:id/letter",
    "/staff/reports",
    "/staff/templates",
    "/staff/intake",
    "/staff/intake/:kind",
    "/staff/corrections",
    "/staff/audit",
    "/staff/audit/disposals",
    "/staff/provisions",
    "/staff/publication",
    "/staff/publication/preview",
    "/staff/notices",
    "/staff/notices/import",
];

/// The GET routes the server adds beside the pages (downloads, the health check).
const FILES: &[&str] = &[
    "/healthz",
    "/requests/:receipt/files/1",
    "/staff/requests/:receipt/files/1",
    "/staff/requests.csv",
    "/packages/not-a-ticket",
    "/packages/not-a-ticket?file=summary.pdf",
    "/staff/requests/:receipt/package.zip",
    "/staff/requests/:receipt/package/summary",
    "/staff/audit.csv",
    "/notices/statement.csv?year=2026",
    "/notices/statement.pdf?year=2026",
    "/notices/statement.xlsx?year=2026",
];

/// Audit actions a GET may record: reads, and refusals of callers who may not read.
const READ_ACTIONS: &[&str] = &[
    // Refusals: a caller without the right, a cookie that names no session.
    "guard",
    "guard.step_up",
    "session.invalid",
    "package.download",
    // Reads of personal data, each recorded (APPI 記録; docs/AUDIT.md).
    "access_history.view",
    "account.view",
    "audit.export",
    "audit.search",
    "correction.list",
    "fee.paper",
    "letters.list",
    "letter.view",
    "notice.export",
    "notice.sharing_view",
    "notice.statement",
    "notice.view",
    "package.archive",
    "package.view",
    "provision.list",
    "receipt_inquiry.letter",
    "receipt_inquiry.view",
    "registry.view",
    "report.view",
    "request.attachment",
    "request.export",
    "request.form",
    "request.letter",
    "request.list",
    "request.queue",
    "request.view",
    "session.list",
    "staff.member_lookup",
];

/// Tables whose every change a GET may make (the audit events are checked one by one).
const APPEND_ONLY: &[&str] = &["audit_events", "audit_chain", "login_failures"];

/// Columns a GET may change: when a session was last used.
const TOUCHED: &[(&str, &str)] = &[("sessions", "last_seen_at")];

/// Every row of every table, as text, per table (sorted: only the rows matter).
async fn snapshot(app: &TestApp) -> BTreeMap<String, Vec<String>> {
    let pool = &app.state.db.pool;
    let sqlite = app.backend == Backend::Sqlite;
    let tables: Vec<String> = sqlx::query_scalar(if sqlite {
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
    } else {
        "SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema() \
         AND table_type = 'BASE TABLE' ORDER BY table_name"
    })
    .fetch_all(pool)
    .await
    .unwrap();
    let mut all = BTreeMap::new();
    for table in tables.into_iter().filter(|t| t != "_sqlx_migrations" && !APPEND_ONLY.contains(&t.as_str())) {
        let columns: Vec<String> = sqlx::query_scalar(if sqlite {
            "SELECT name FROM pragma_table_info($1) ORDER BY cid"
        } else {
            "SELECT column_name::text FROM information_schema.columns WHERE table_schema = current_schema() \
             AND table_name = $1 ORDER BY ordinal_position"
        })
        .bind(&table)
        .fetch_all(pool)
        .await
        .unwrap();
        let kept: Vec<String> = columns
            .iter()
            .filter(|c| !TOUCHED.contains(&(table.as_str(), c.as_str())))
            .map(|c| if sqlite { format!("quote(\"{c}\")") } else { format!("\"{c}\"") })
            .collect();
        let row = if sqlite { kept.join(" || '|' || ") } else { format!("ROW({})::text", kept.join(", ")) };
        let mut rows: Vec<String> =
            sqlx::query_scalar(&format!("SELECT {row} FROM \"{table}\"")).fetch_all(pool).await.unwrap();
        rows.sort();
        all.insert(table, rows);
    }
    all
}

/// The tables whose rows differ, with the first differing rows.
fn changes(before: &BTreeMap<String, Vec<String>>, after: &BTreeMap<String, Vec<String>>) -> Vec<String> {
    after
        .iter()
        .filter(|(t, rows)| before.get(*t) != Some(rows))
        .map(|(t, rows)| {
            let old: BTreeSet<&String> = before.get(t).map(|r| r.iter().collect()).unwrap_or_default();
            let new: Vec<&String> = rows.iter().filter(|r| !old.contains(r)).take(3).collect();
            format!("{t}: {new:?}")
        })
        .collect()
}

async fn last_audit_id(app: &TestApp) -> i64 {
    app.count("SELECT COALESCE(MAX(id), 0) FROM audit_events").await
}

on_both_databases! {
    async fn no_get_changes_anything_but_the_record_of_reads(backend) {
        let app = TestApp::with_registry(backend).await;
        crate::notices::import_demo_notices(&app).await;
        let taro = app.signed_in_member("1001", "23", "00").await;
        // Something for every parameter to name: a request, a letter.
        let form = [("request_type", "complaint"), ("idempotency_key", "sweep-key-00000001-abcdef"), ("for", "self"), ("body", "窓口の対応について")];
        let receipt = app.submit(&taro, &form).await;
        let res = app.post_api("/api/register/request", None, &[("symbol", "1001"), ("number", "23"), ("branch", "01"), ("birth_date", "1982-06-20")]).await;
        assert!(res.status().is_success() || res.status().is_redirection(), "{}", res.status());
        let letter = app.count("SELECT MAX(id) FROM letters").await;
        assert!(letter > 0);

        // The list above is every page there is.
        let routes: BTreeSet<String> = leptos_axum::generate_route_list(app::App)
            .iter()
            .map(|r| r.path().split('/').map(|s| if s.starts_with('{') { format!(":{}", s.trim_matches(['{', '}'])) } else { s.to_string() }).collect::<Vec<_>>().join("/"))
            .map(|p| if p.is_empty() { "/".to_string() } else { p })
            .collect();
        let listed: BTreeSet<String> = PAGES.iter().map(|p| p.to_string()).collect();
        assert_eq!(routes, listed, "a page route is missing from the sweep (or the list names one that is gone)");

        let fill = |p: &str| {
            p.replace(":receipt", &receipt).replace(":kind", "disclosure").replace(":id", &letter.to_string())
        };
        let mut targets: Vec<String> = PAGES.iter().chain(FILES).map(|p| fill(p)).collect();
        targets.extend(MATRIX.iter().filter(|e| e.method == "GET").map(|e| format!("{}?{}", e.path, fill(e.args))));

        let mut callers: Vec<(String, Option<String>)> = vec![
            ("anonymous".into(), None),
            ("member 青葉 太郎".into(), Some(taro.clone())),
            ("member 青葉 美咲".into(), Some(app.signed_in_member("1001", "23", "02").await)),
            ("member 桜井 三郎".into(), Some(app.signed_in_member("1003", "7", "00").await)),
        ];
        for (i, role) in ["intake", "reviewer", "approver", "auditor", "admin"].iter().enumerate() {
            callers.push((format!("staff {role}"), Some(app.signed_in_staff(&format!("G{i}"), &[role]).await)));
        }

        let mut found = Vec::new();
        for target in &targets {
            let before = snapshot(&app).await;
            let first_event = last_audit_id(&app).await;
            for (who, cookie) in &callers {
                // As a link on another site opens it.
            let mut req = app.client.get(app.url(target)).header("accept", "text/html").header("sec-fetch-site", "cross-site");
                if let Some(c) = cookie {
                    req = req.header("cookie", c);
                }
                let res = req.send().await.unwrap();
                assert!(res.status().as_u16() < 500, "GET {target} as {who}: {}", res.status());
            }
            let after = snapshot(&app).await;
            for change in changes(&before, &after) {
                found.push(format!("GET {target} changed {change}"));
            }
            let actions: Vec<String> = sqlx::query_scalar("SELECT action FROM audit_events WHERE id > $1 ORDER BY id")
                .bind(first_event)
                .fetch_all(&app.state.db.pool)
                .await
                .unwrap();
            for action in actions.iter().filter(|a| !READ_ACTIONS.contains(&a.as_str())) {
                found.push(format!("GET {target} recorded {action}, which is not a read"));
            }
        }
        assert!(found.is_empty(), "state changed by GET:\n{}", found.join("\n"));
    }
}
