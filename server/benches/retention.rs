//! Retention benchmark (`make bench`): a database holding 10,000,000 医療費のお知らせ lines
//! (100,000 members, eight years of care, 2019–2026) and 1,000,000 sealed audit events
//! spread over the same eight years, filled in bulk (notice lines by a recursive CTE, a
//! month at a time; audit events through the application's append path, each with its
//! MAC). The clock is then set to 2025-01-01 (Tokyo), when the lines of 2019 and the
//! events of 2019 are past their periods (five years), and the retention job runs: the
//! number of batches, and how long each held the write lock (the batch's transaction,
//! from taking the write turn to the commit). Then the dry run of what is left (nothing)
//! and the job again. SQLite by default, PostgreSQL when `MADOGUCHI_BENCH_DATABASE_URL` is
//! set; `MADOGUCHI_BENCH_NOTICE_LINES` and `MADOGUCHI_BENCH_AUDIT_EVENTS` scale it down.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::sync::Arc;
use std::time::{Duration, Instant};

use app::platform::audit::{Action, AuditEvent, DataCategory, RequestMeta};
use app::retention::{Kind, RetentionPolicy};
use kit::access::{Caller, StaffRole};
use kit::time::FixedClock;

const MEMBERS: i64 = 100_000;
const MONTHS: i64 = 96; // 2019-01 … 2026-12

fn env_or(name: &str, default: i64) -> i64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

#[tokio::main]
async fn main() {
    let lines = env_or("MADOGUCHI_BENCH_NOTICE_LINES", 10_000_000);
    let events = env_or("MADOGUCHI_BENCH_AUDIT_EVENTS", 1_000_000);
    let dir = tempfile::tempdir().unwrap();
    let (url, backend) = support::database(&dir);
    let db = app::platform::db::connect(&url, 16).await.unwrap();
    app::platform::db::migrate(&db).await.unwrap();
    let clock = FixedClock::new("2019-01-01T00:00:00Z".parse().unwrap());
    let options = leptos::config::LeptosOptions::builder().output_name("madoguchi").site_addr(std::net::SocketAddr::from(([127, 0, 0, 1], 0))).build();
    let state = madoguchi_server::startup::state_with(db, Arc::new(clock.clone()), options, false);
    let pool = &state.db.pool;

    // Members, then a month of lines per statement, in key order (month first).
    let t = Instant::now();
    sqlx::query(&format!(
        "INSERT INTO members (insurer_number, symbol, number, branch, name, name_kana, birth_date, sex, relationship, postal_code, address, \
         acquired_on, created_at, updated_at) \
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {MEMBERS}) \
         SELECT '06139999', '9' || CAST(i AS TEXT), '1', '00', '加入者', 'カニュウシャ', '1980-01-01', 'male', 'insured', '1000005', '東京都', \
         '2000-04-01', 'x', 'x' FROM n"
    ))
    .execute(pool)
    .await
    .unwrap();
    let per_month = (lines + MONTHS - 1) / MONTHS;
    let mut filled = 0;
    for m in 0..MONTHS {
        let n = per_month.min(lines - filled);
        if n <= 0 {
            break;
        }
        let month = format!("{:04}-{:02}", 2019 + m / 12, m % 12 + 1);
        // j → (member, provider): member j % MEMBERS + 1, provider by j / MEMBERS, unique.
        sqlx::query(&format!(
            "INSERT INTO notice_lines (member_id, month, provider, category, days, total_cost, copay, high_cost, additional, source, imported_at) \
             WITH RECURSIVE n(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM n WHERE j < {last}) \
             SELECT j % {MEMBERS} + 1, '{month}', 'clinic-' || CAST(j / {MEMBERS} AS TEXT), 'outpatient', 1, 10000, 3000, 0, 0, 'import:bench', 'x' \
             FROM n ORDER BY j % {MEMBERS} + 1, j / {MEMBERS}",
            last = n - 1
        ))
        .execute(pool)
        .await
        .unwrap();
        filled += n;
    }
    sqlx::query("INSERT INTO notice_latest (member_id, month) SELECT member_id, MAX(month) FROM notice_lines GROUP BY member_id")
        .execute(pool)
        .await
        .unwrap();
    println!("filled {filled} notice lines ({MEMBERS} members, {MONTHS} months) in {:.1} s", t.elapsed().as_secs_f64());

    // Audit events, 10,000 to a statement, the clock moving evenly across the eight years.
    let t = Instant::now();
    let start: chrono::DateTime<chrono::Utc> = "2019-01-01T00:00:00Z".parse().unwrap();
    let span = chrono::Duration::days(8 * 365);
    let meta = RequestMeta { request_id: "bulk".into(), ip: Some("127.0.0.1".into()), user_agent: Some("bench".into()) };
    let mut n = 0;
    while n < events {
        clock.set(start + chrono::Duration::seconds(span.num_seconds() * n / events));
        let batch: Vec<AuditEvent> = (n..(n + 10_000).min(events))
            .map(|i| {
                AuditEvent::by(Caller::Staff { staff_id: 7, roles: vec![StaffRole::Reviewer] }, Action::RegistryView)
                    .about(i % MEMBERS + 1)
                    .data(DataCategory::Registry)
                    .record(format!("members/{}", i % MEMBERS + 1))
            })
            .collect();
        n += batch.len() as i64;
        app::platform::audit::store::append_all(&state, &meta, &batch).await.unwrap();
    }
    let sealing = Instant::now();
    app::platform::audit::chain::store::seal_all(&state).await.unwrap();
    println!(
        "filled {events} audit events (2019–2026) in {:.1} s, sealed in {:.1} s",
        sealing.duration_since(t).as_secs_f64(),
        sealing.elapsed().as_secs_f64()
    );
    state.db.optimize().await.unwrap();

    // 2025-01-01 in Tokyo: the lines of 2019 and the events of 2019 are due.
    clock.set("2024-12-31T15:00:00Z".parse().unwrap());
    let policy = RetentionPolicy::default();
    let t = Instant::now();
    let planned = app::retention::store::dry_run(&state, &policy).await.unwrap();
    let dry = t.elapsed();
    let t = Instant::now();
    let (report, held) = app::retention::store::run_measured(&state, &policy).await.unwrap();
    let took = t.elapsed();
    assert_eq!(
        planned.iter().map(|d| (d.kind, d.count)).collect::<Vec<_>>(),
        report.iter().map(|d| (d.kind, d.count)).collect::<Vec<_>>(),
        "the dry run said what the run did"
    );
    let mut offset = 0;
    for d in &report {
        let mine = &held[offset..offset + d.batches as usize];
        offset += d.batches as usize;
        if d.count == 0 {
            continue;
        }
        let mut sorted: Vec<f64> = mine.iter().copied().map(ms).collect();
        sorted.sort_by(f64::total_cmp);
        println!(
            "retention, {backend}: {} {} in {} batches; write lock per batch p50 {:.1} ms, p99 {:.1} ms, longest {:.1} ms",
            d.count,
            d.kind.code(),
            d.batches,
            support::percentile(&sorted, 0.50),
            support::percentile(&sorted, 0.99),
            sorted.last().copied().unwrap_or(0.0)
        );
    }
    let longest = held.iter().copied().max().unwrap_or_default();
    println!(
        "retention run, {backend}: {} batches, longest batch {:.1} ms (target ≤ 200 ms), whole run {:.1} s; the dry run before it {:.1} s",
        held.len(),
        ms(longest),
        took.as_secs_f64(),
        dry.as_secs_f64()
    );
    let lines_due = report.iter().find(|d| d.kind == Kind::NoticeLines).map_or(0, |d| d.count);
    assert!(lines_due > 0);
    // Nothing is left due: the dry run and the run find nothing, and say so quickly.
    let t = Instant::now();
    assert!(app::retention::store::dry_run(&state, &policy).await.unwrap().iter().all(|d| d.count == 0));
    let (again, _) = app::retention::store::run_measured(&state, &policy).await.unwrap();
    assert!(again.iter().all(|d| d.count == 0));
    println!("nothing left due: dry run and run again in {:.2} s", t.elapsed().as_secs_f64());
}
