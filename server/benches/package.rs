//! 開示 package benchmark (`make bench`): one member with five years of 医療費のお知らせ
//! (about 100 lines a year), their requests, messages and 2,000 recorded staff accesses;
//! the package (CSV, JSON, printable summary, README, zipped) is assembled 30 times.
//! Prints the median and slowest assembly and the archive's size. SQLite by default,
//! PostgreSQL when `MADOGUCHI_BENCH_DATABASE_URL` is set.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::time::Instant;

use app::requests::draft::{Details, Period};
use kit::time::Month;
use madoguchi_server::startup::load_society;

const YEARS: i32 = 5;
const LINES_PER_MONTH: i64 = 8;
const ACCESSES: i64 = 2_000;
const RUNS: usize = 30;

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().unwrap();
    let (url, backend) = support::database(&dir);
    let (state, _) = support::serve(&url).await;
    load_society(&state, &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("demo")).await.unwrap();
    let pool = &state.db.pool;
    let member: i64 = sqlx::query_scalar(
        "INSERT INTO members (insurer_number, symbol, number, branch, name, name_kana, birth_date, sex, relationship, \
         postal_code, address, acquired_on, created_at, updated_at) VALUES ('06139999', 'P', '1', '00', 'ベンチ 太郎', \
         'ベンチ タロウ', '1980-01-01', 'male', 'insured', '100-0000', '東京都千代田区（架空）', '2010-04-01', 'now', 'now') RETURNING id",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    let staff: i64 = sqlx::query_scalar("INSERT INTO staff (staff_number, name, status, created_at) VALUES ('B001', 'ベンチ', 'active', 'now') RETURNING id")
        .fetch_one(pool)
        .await
        .unwrap();
    let mut tx = pool.begin().await.unwrap();
    let mut lines = 0;
    for y in 0..YEARS {
        for m in 1..=12 {
            for k in 0..LINES_PER_MONTH {
                sqlx::query(
                    "INSERT INTO notice_lines (member_id, month, provider, category, days, total_cost, copay, high_cost, additional, source, imported_at) \
                     VALUES ($1, $2, $3, 'outpatient', 1, 12000, 3600, 0, 0, 'bench', 'now')",
                )
                .bind(member)
                .bind(format!("{:04}-{m:02}", 2021 + y))
                .bind(format!("ベンチ医療機関{k}"))
                .execute(&mut *tx)
                .await
                .unwrap();
                lines += 1;
            }
        }
    }
    for i in 0..ACCESSES {
        sqlx::query(
            "INSERT INTO audit_events (occurred_at, actor_kind, actor_id, actor_role, subject_member_id, action, data_category, purpose, outcome) \
             VALUES ('2026-11-01T00:00:00.000000Z', 'staff', $1, 'reviewer', $2, 'registry.view', 'registry', $3, 'allowed')",
        )
        .bind(staff.to_string())
        .bind(member)
        .bind(format!("bench {i}"))
        .execute(&mut *tx)
        .await
        .unwrap();
    }
    let version: i64 = sqlx::query_scalar("SELECT MAX(id) FROM publication_versions").fetch_one(&mut *tx).await.unwrap();
    let period = Period { from: Month { year: 2021, month: 1 }, to: Month { year: 2025, month: 12 } };
    let details = Details::Disclosure { categories: vec!["receipts".into()], receipts: Some(period), checkups: None, method: "electronic".into(), note: String::new() };
    let request: i64 = sqlx::query_scalar(
        "INSERT INTO requests (receipt_number, request_type, status, channel, requester_member_id, subject_member_id, capacity, \
         deliver_to_subject, details, fee_yen, publication_version_id, idempotency_key, received_at, received_on, due_business_days, \
         version, updated_at) VALUES ('20261101-0001', 'disclosure', 'in_review', 'portal', $1, $1, 'self', 0, $2, 300, $3, \
         'bench-key-0000000001', '2026-11-01T00:00:00.000000Z', '2026-11-01', 10, 1, 'now') RETURNING id",
    )
    .bind(member)
    .bind(serde_json::to_string(&details).unwrap())
    .bind(version)
    .fetch_one(&mut *tx)
    .await
    .unwrap();
    sqlx::query("INSERT INTO disclosure_packages (request_id, subject_member_id, status, revision, created_by, created_at) VALUES ($1, $2, 'open', 1, $3, 'now')")
        .bind(request)
        .bind(member)
        .bind(staff)
        .execute(&mut *tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();

    let mut times = Vec::new();
    let mut size = 0;
    for _ in 0..RUNS {
        let t = Instant::now();
        let archive = app::delivery::store::assemble_receipt(&state, "20261101-0001").await.unwrap();
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        size = archive.len();
    }
    times.sort_by(f64::total_cmp);
    println!(
        "package assembly, {lines} notice lines over {YEARS} years + {ACCESSES} access records, {backend}, {} cores: \
         median {:.1} ms, slowest {:.1} ms of {RUNS}; archive {size} bytes ({:.0} KB)",
        std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1),
        support::percentile(&times, 0.5),
        times.last().copied().unwrap_or_default(),
        size as f64 / 1024.0
    );
}
