//! Staff queue benchmark (`make bench`): 100,000 requests in the database, 8 connections
//! asking for filtered, sorted pages over real HTTP as a signed-in reviewer (each read is
//! audited). Three queries rotate: one type in review by due date (page 3), the open queue
//! by 重要度・緊急度 (page 10), and all requests received on one day (a 受付番号's date part). SQLite by default, PostgreSQL
//! when `MADOGUCHI_BENCH_DATABASE_URL` is set. Latency is measured at the client, so it
//! bounds the server's time from above.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::sync::Arc;
use std::time::Instant;

use app::identity::session::{SessionKind, Stage};
use madoguchi_server::startup::load_society;

const REQUESTS: i64 = 100_000;
const MEMBERS: i64 = 1_000;
const CONNECTIONS: usize = 8;
const SECONDS: u64 = 15;

const QUERIES: [&str; 3] = [
    "params[type]=disclosure&params[status]=in_review&params[sort]=due&params[page]=3",
    "params[sort]=priority&params[page]=10",
    "params[q]=20261115&params[status]=all",
];

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().unwrap();
    let (url, backend) = support::database(&dir);
    let (state, origin, server_times) = support::serve_timed(&url).await;
    load_society(&state, &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("demo")).await.unwrap();
    let pool = &state.db.pool;

    // Synthetic members and requests, written in SQL (portable: a recursive CTE).
    sqlx::query(&format!(
        "INSERT INTO members (insurer_number, symbol, number, branch, name, name_kana, birth_date, sex, relationship, \
         postal_code, address, acquired_on, created_at, updated_at) \
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {MEMBERS}) \
         SELECT '06139999', 'Q', CAST(i AS TEXT), '00', 'ベンチ' || CAST(i AS TEXT), 'ベンチ', '1980-01-01', 'male', \
         'insured', '100-0000', '架空', '2020-04-01', 'now', 'now' FROM n"
    ))
    .execute(pool)
    .await
    .unwrap();
    let first_member: i64 = sqlx::query_scalar("SELECT MIN(id) FROM members WHERE symbol = 'Q'").fetch_one(pool).await.unwrap();
    let version: i64 = sqlx::query_scalar("SELECT MAX(id) FROM publication_versions").fetch_one(pool).await.unwrap();
    let day = |col: &str, month: &str| {
        format!("'2026-{month}-' || CASE WHEN {col} < 10 THEN '0' ELSE '' END || CAST({col} AS TEXT)")
    };
    let seeded = Instant::now();
    sqlx::query(&format!(
        "INSERT INTO requests (receipt_number, request_type, status, channel, requester_member_id, subject_member_id, \
         capacity, deliver_to_subject, details, fee_yen, publication_version_id, idempotency_key, received_at, \
         received_on, due_business_days, version, updated_at, importance, urgency, priority_rank, due_on) \
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {REQUESTS}) \
         SELECT {} || '-' || CAST(i AS TEXT), \
         CASE i % 6 WHEN 0 THEN 'purpose_notice' WHEN 1 THEN 'disclosure' WHEN 2 THEN 'third_party_record_disclosure' \
           WHEN 3 THEN 'correction' WHEN 4 THEN 'suspension' ELSE 'complaint' END, \
         CASE i % 5 WHEN 0 THEN 'received' WHEN 1 THEN 'in_review' WHEN 2 THEN 'in_review' WHEN 3 THEN 'notified' \
           ELSE 'completed' END, \
         'portal', {first_member} + i % {MEMBERS}, {first_member} + i % {MEMBERS}, 'self', 0, \
         '{{\"type\":\"complaint\",\"body\":\"x\"}}', 0, {version}, 'bench-' || CAST(i AS TEXT), \
         '2026-11-01T00:00:00.000000Z', {}, 10, 1, 'now', \
         CASE i % 3 WHEN 0 THEN 'high' WHEN 1 THEN 'normal' ELSE 'low' END, \
         CASE i % 4 WHEN 0 THEN 'high' ELSE 'normal' END, \
         (CASE i % 3 WHEN 0 THEN 0 WHEN 1 THEN 3 ELSE 6 END) + (CASE i % 4 WHEN 0 THEN 0 ELSE 1 END), \
         CASE WHEN i % 5 IN (3, 4) THEN NULL ELSE {} END FROM n",
        "'202611' || CASE WHEN i % 28 + 1 < 10 THEN '0' ELSE '' END || CAST(i % 28 + 1 AS TEXT)",
        day("(i % 28 + 1)", "11"),
        day("(i % 28 + 1)", "12"),
    ))
    .execute(pool)
    .await
    .unwrap();
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM requests").fetch_one(pool).await.unwrap();
    assert_eq!(count, REQUESTS);
    println!("seeded {count} requests in {:.1} s", seeded.elapsed().as_secs_f64());
    // The planner's statistics, as the server's hourly maintenance job refreshes them.
    state.db.optimize().await.unwrap();

    // A reviewer with a signed-in session.
    let staff_id: i64 = sqlx::query_scalar(
        "INSERT INTO staff (staff_number, name, status, created_at) VALUES ('B001', 'ベンチ', 'active', 'now') RETURNING id",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    sqlx::query("INSERT INTO staff_grants (staff_id, role, valid_from, approved_by, approved_at) VALUES ($1, 'reviewer', '2000-01-01', 'bench', 'now')")
        .bind(staff_id)
        .execute(pool)
        .await
        .unwrap();
    let mut conn = pool.acquire().await.unwrap();
    let session = app::identity::session::create(&mut conn, &state, &app::platform::audit::RequestMeta::default(), SessionKind::Staff, staff_id, Stage::Full)
        .await
        .unwrap();
    drop(conn);
    let cookie = Arc::new(format!("{}={}", SessionKind::Staff.cookie(), session.token));

    let client = reqwest::Client::new();
    // Every query answers, with lines (checked once before timing).
    for q in QUERIES {
        let page: serde_json::Value =
            client.get(format!("{origin}/api/staff/requests?{q}")).header("cookie", cookie.as_str()).send().await.unwrap().json().await.unwrap();
        assert!(page["lines"].as_array().is_some_and(|l| !l.is_empty()), "{q}: {page}");
    }
    // Each query alone, one at a time (the median of 30), to tell them apart.
    for q in QUERIES {
        let mut alone = Vec::new();
        for _ in 0..30 {
            let t = Instant::now();
            client.get(format!("{origin}/api/staff/requests?{q}")).header("cookie", cookie.as_str()).send().await.unwrap().bytes().await.unwrap();
            alone.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        alone.sort_by(f64::total_cmp);
        println!("  alone, median {:.1} ms: {q}", alone[alone.len() / 2]);
    }
    server_times.take();
    let (all, elapsed) = support::load(CONNECTIONS, SECONDS, move |n| {
        client.get(format!("{origin}/api/staff/requests?{}", QUERIES[n % QUERIES.len()])).header("cookie", cookie.as_str())
    })
    .await;
    let mut server = server_times.take();
    server.sort_by(f64::total_cmp);
    let pct = |v: &[f64], p: f64| support::percentile(v, p);
    println!(
        "staff queue pages, {REQUESTS} requests stored, {} pages in {SECONDS} s, {CONNECTIONS} connections, {backend}, {} cores: {:.0} pages/s; \
         server-side p50 {:.1} ms, p99 {:.1} ms; at the client (sharing the cores) p50 {:.1} ms, p99 {:.1} ms",
        all.len(),
        std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1),
        all.len() as f64 / elapsed,
        pct(&server, 0.50),
        pct(&server, 0.99),
        pct(&all, 0.50),
        pct(&all, 0.99)
    );
}
