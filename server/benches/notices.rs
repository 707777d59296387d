//! 医療費のお知らせ benchmark (`make bench`): 100,000 members (synthetic households of
//! three) and about 10,000,000 notice lines — five years of monthly exports from the
//! demo generator, imported one month's file at a time as the society would. Reports the
//! import rate, then the p99 of one member's year view at 8 connections over real HTTP
//! (each view audited, as in production), measured inside the server. SQLite by default,
//! PostgreSQL when `MADOGUCHI_BENCH_DATABASE_URL` is set. `MADOGUCHI_BENCH_MEMBERS`
//! scales it down for a quick look.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Instant;

use app::identity::session::{SessionKind, Stage};
use app::platform::audit::{Actor, RequestMeta};
use madoguchi_server::startup::load_society;

const MONTHS: u32 = 60;
const CONNECTIONS: usize = 8;
const SECONDS: u64 = 15;
const VIEWERS: i64 = 1_000;

#[tokio::main]
async fn main() {
    // RUST_LOG=app::notices=debug shows each file's import phases.
    if std::env::var_os("RUST_LOG").is_some() {
        let _ = tracing_subscriber::fmt().with_env_filter(tracing_subscriber::EnvFilter::from_default_env()).try_init();
    }
    let members: usize = std::env::var("MADOGUCHI_BENCH_MEMBERS").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000);
    let dir = tempfile::tempdir().unwrap();
    let (url, backend) = support::database(&dir);
    let (state, origin, server_times) = support::serve_timed(&url).await;
    load_society(&state, &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("demo")).await.unwrap();
    let pool = &state.db.pool;

    let (registry, people) = madoguchi_server::cli::generate_notices::synthetic_registry(members);
    let t = Instant::now();
    let report = app::registry::store::import(&state, &RequestMeta::default(), Actor::System("bench"), registry.as_bytes(), &app::delivery::corrections::store::Instructions)
        .await
        .unwrap();
    assert!(report.imported());
    println!("registry: {members} members in {:.1} s", t.elapsed().as_secs_f64());

    // Five years of care, split into one file per month of care (how exports arrive).
    let today = kit::time::tokyo_date(state.clock.now());
    let mut all = Vec::new();
    madoguchi_server::cli::generate_notices::generate(&people, today, MONTHS, 2026, &mut all).unwrap();
    let text = String::from_utf8(all).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap().to_string();
    let mut by_month: BTreeMap<String, String> = BTreeMap::new();
    for line in lines {
        let month = line.split(',').nth(3).unwrap().to_string();
        let file = by_month.entry(month).or_insert_with(|| format!("{header}\n"));
        file.push_str(line);
        file.push('\n');
    }
    drop(text);
    let total_lines: usize = by_month.values().map(|f| f.lines().count() - 1).sum();
    println!("generated {total_lines} lines in {} monthly files", by_month.len());

    let started = Instant::now();
    let mut rates = Vec::new();
    for (month, file) in &by_month {
        let t = Instant::now();
        let report = app::notices::store::import(&state, &RequestMeta::default(), Actor::System("bench"), file.as_bytes(), &|_, _| {})
            .await
            .unwrap();
        assert!(report.imported(), "{month}: {:?}", report.rejected.first());
        rates.push(report.lines as f64 / t.elapsed().as_secs_f64());
    }
    let elapsed = started.elapsed().as_secs_f64();
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM notice_lines").fetch_one(pool).await.unwrap();
    assert_eq!(stored as usize, total_lines);
    // Re-importing a month changes nothing (and is measured too: the common retry).
    let (last_month, last_file) = by_month.iter().next_back().unwrap();
    let t = Instant::now();
    let again = app::notices::store::import(&state, &RequestMeta::default(), Actor::System("bench"), last_file.as_bytes(), &|_, _| {})
        .await
        .unwrap();
    assert_eq!(again.inserted + again.updated, 0);
    let again_rate = again.lines as f64 / t.elapsed().as_secs_f64();
    println!(
        "import, {backend}: {total_lines} lines in {:.1} s = {:.0} lines/s overall (first month's file {:.0} lines/s, last {:.0} lines/s); \
         re-import of {last_month} unchanged at {again_rate:.0} lines/s",
        elapsed,
        total_lines as f64 / elapsed,
        rates.first().unwrap(),
        rates.last().unwrap()
    );
    state.db.optimize().await.unwrap();

    // 被保険者 with accounts and signed-in sessions (step-up fresh), viewing last year.
    let insured: Vec<i64> = sqlx::query_scalar(&format!(
        "SELECT id FROM members WHERE relationship = 'insured' ORDER BY id LIMIT {VIEWERS}"
    ))
    .fetch_all(pool)
    .await
    .unwrap();
    let mut cookies = Vec::new();
    for id in &insured {
        let account: i64 = sqlx::query_scalar(
            "INSERT INTO member_accounts (member_id, password_hash, status, created_at) VALUES ($1, 'x', 'active', 'now') RETURNING id",
        )
        .bind(id)
        .fetch_one(pool)
        .await
        .unwrap();
        let mut conn = pool.acquire().await.unwrap();
        let s = app::identity::session::create(&mut conn, &state, &RequestMeta::default(), SessionKind::Member, account, Stage::Full)
            .await
            .unwrap();
        cookies.push(format!("{}={}", SessionKind::Member.cookie(), s.token));
    }
    let cookies = Arc::new(cookies);
    let year = kit::time::tokyo_date(state.clock.now()).format("%Y").to_string().parse::<i32>().unwrap() - 1;
    let client = reqwest::Client::new();
    let first: serde_json::Value =
        client.get(format!("{origin}/api/notices?year={year}")).header("cookie", &cookies[0]).send().await.unwrap().json().await.unwrap();
    let lines_per_view = first["lines"].as_array().map_or(0, Vec::len);
    assert!(lines_per_view > 0, "{first}");
    server_times.take();
    let (all, elapsed) = support::load(CONNECTIONS, SECONDS, move |n| {
        client.get(format!("{origin}/api/notices?year={year}")).header("cookie", &cookies[n % cookies.len()])
    })
    .await;
    let mut server = server_times.take();
    server.sort_by(f64::total_cmp);
    let pct = |v: &[f64], p: f64| support::percentile(v, p);
    println!(
        "year view ({year}, household of 3, ~{lines_per_view} lines), {stored} lines stored, {CONNECTIONS} connections, {backend}, {} cores: \
         {:.0} views/s; server-side p50 {:.1} ms, p99 {:.1} ms; at the client p50 {:.1} ms, p99 {:.1} ms",
        std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1),
        all.len() as f64 / elapsed,
        pct(&server, 0.50),
        pct(&server, 0.99),
        pct(&all, 0.50),
        pct(&all, 0.99)
    );
}
