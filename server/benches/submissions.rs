//! Request submission benchmark (`make bench`): authenticated 開示 submissions over real
//! HTTP (multipart, as browsers post them) against the real app, 32 connections at once,
//! each through the form's steps (内容 and 受け取り方 kept, the confirmation read, then the
//! final post: the latencies are the final post's),
//! audit on, SQLite with `synchronous=FULL` (or PostgreSQL when
//! `MADOGUCHI_BENCH_DATABASE_URL` is set). Each submission validates against the current
//! publication and the registry, and writes the request, its first event, its audit event,
//! the member's notification and the daily receipt counter in one transaction.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::sync::Arc;
use std::time::{Duration, Instant};

use app::identity::session::{SessionKind, Stage};
use madoguchi_server::startup::load_society;

const MEMBERS: usize = 256;
const CONNECTIONS: usize = 32;
const SECONDS: u64 = 15;

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().unwrap();
    let (url, backend) = support::database(&dir);
    let (state, origin) = support::serve(&url).await;
    load_society(&state, &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("demo")).await.unwrap();

    // Synthetic members, each with an account and a signed-in session.
    let mut cookies = Vec::new();
    let run = app::platform::secrets::random_bytes::<4>();
    for i in 0..MEMBERS {
        let member_id: i64 = sqlx::query_scalar(
            "INSERT INTO members (insurer_number, symbol, number, branch, name, name_kana, birth_date, sex, \
             relationship, postal_code, address, acquired_on, created_at, updated_at) VALUES ('06139999', $1, $2, \
             '00', 'ベンチ', 'ベンチ', '1980-01-01', 'male', 'insured', '100-0000', '架空', '2020-04-01', 'now', 'now') \
             RETURNING id",
        )
        .bind(format!("B{}", hex::encode(run)))
        .bind(i.to_string())
        .fetch_one(&state.db.pool)
        .await
        .unwrap();
        let account_id: i64 = sqlx::query_scalar(
            "INSERT INTO member_accounts (member_id, password_hash, status, created_at) VALUES ($1, 'x', 'active', 'now') RETURNING id",
        )
        .bind(member_id)
        .fetch_one(&state.db.pool)
        .await
        .unwrap();
        let mut conn = state.db.pool.acquire().await.unwrap();
        let meta = app::platform::audit::RequestMeta::default();
        let started =
            app::identity::session::create(&mut conn, &state, &meta, SessionKind::Member, account_id, Stage::Full).await.unwrap();
        cookies.push(format!("{}={}", SessionKind::Member.cookie(), started.token));
    }
    let cookies = Arc::new(cookies);

    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let deadline = Instant::now() + Duration::from_secs(SECONDS);
    let counter = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for c in 0..CONNECTIONS {
        let (client, origin, cookies, counter) = (client.clone(), origin.clone(), cookies.clone(), counter.clone());
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut mine = 0;
            while Instant::now() < deadline {
                counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                // Each connection has members of its own: a member's kept answers are one per form.
                let cookie = &cookies[(c + mine * CONNECTIONS) % cookies.len()];
                mine += 1;
                for step in ["what", "how"] {
                    let form = reqwest::multipart::Form::new()
                        .text("request_type", "disclosure")
                        .text("step", step)
                        .text("go", "next")
                        .text("categories", "receipts")
                        .text("categories", "qualification")
                        .text("method", "electronic");
                    let res = client.post(format!("{origin}/api/requests/step")).header("origin", &origin).header("cookie", cookie).multipart(form).send().await.unwrap();
                    assert!(res.headers().contains_key("location"), "step {step} refused: {}", res.status());
                }
                let page: serde_json::Value = client
                    .get(format!("{origin}/api/requests/form?kind=disclosure&step=confirm"))
                    .header("cookie", cookie)
                    .send()
                    .await
                    .unwrap()
                    .json()
                    .await
                    .unwrap();
                let form = reqwest::multipart::Form::new()
                    .text("request_type", "disclosure")
                    .text("confirmation", page["confirm"]["confirmation"].as_str().unwrap().to_string())
                    .text("fee_yen", page["setup"]["fee_yen"].to_string())
                    .text("idempotency_key", page["setup"]["idempotency_key"].as_str().unwrap().to_string());
                let t = Instant::now();
                let res = client
                    .post(format!("{origin}/api/requests/submit"))
                    .header("origin", &origin)
                    .header("cookie", cookie)
                    .multipart(form)
                    .send()
                    .await
                    .unwrap();
                assert!(res.headers().contains_key("location"), "submission failed: {}", res.status());
                latencies.push(t.elapsed().as_secs_f64() * 1000.0);
            }
            latencies
        }));
    }
    let mut all = support::gather(tasks).await;
    let elapsed = started.elapsed().as_secs_f64();
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM requests").fetch_one(&state.db.pool).await.unwrap();
    assert_eq!(usize::try_from(stored).unwrap(), all.len(), "every submission stored once");
    all.sort_by(f64::total_cmp);
    let pct = |p: f64| support::percentile(&all, p);
    println!(
        "開示 submissions, {} in {SECONDS} s, {CONNECTIONS} connections, {backend}, {} cores: {:.0} submissions/s, p50 {:.1} ms, p99 {:.1} ms",
        all.len(),
        std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1),
        all.len() as f64 / elapsed,
        pct(0.50),
        pct(0.99)
    );
}
