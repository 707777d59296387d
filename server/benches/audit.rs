//! Audit record benchmark (`make bench`): 32 concurrent writers appending audit events as
//! the application does for reads and refusals (`records::append_alone`: durable before it
//! returns; group-committed on SQLite), with the sealer running as in the server; then the
//! sealing lag under that load; then verification of the whole chain at 1,000,000 events.
//! SQLite (WAL, `synchronous=FULL`) by default, PostgreSQL when
//! `MADOGUCHI_BENCH_DATABASE_URL` is set.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::time::{Duration, Instant};

use kit::access::{Caller, StaffRole};
use app::platform::audit::chain::store;
use app::platform::audit::{Action, AuditEvent, DataCategory, RequestMeta};

const WRITERS: usize = 32;
const SECONDS: u64 = 10;
const VERIFY_EVENTS: i64 = 1_000_000;

fn event(n: i64) -> AuditEvent {
    AuditEvent::by(Caller::Staff { staff_id: 7, roles: vec![StaffRole::Reviewer] }, Action::RegistryView)
        .about(n % 1000 + 1)
        .data(DataCategory::Registry)
        .record(format!("members/{}", n % 1000 + 1))
        .purpose(format!("20261122-{:04}", n % 9999))
}

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().unwrap();
    let (url, backend) = support::database(&dir);
    let (state, _origin) = support::serve(&url).await;
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);

    // The sealer, as the server runs it (every two seconds), recording how far behind it is.
    let stop = Arc::new(AtomicBool::new(false));
    let max_lag_ms = Arc::new(AtomicI64::new(0));
    let sealer = {
        let (state, stop, max_lag_ms) = (state.clone(), stop.clone(), max_lag_ms.clone());
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(2));
            while !stop.load(Ordering::Relaxed) {
                tick.tick().await;
                store::seal_all(&state).await.unwrap();
                // Lag: the oldest event still outside the chain right after a seal.
                // Within the sealer's own window: a scan of the whole table every two
                // seconds would charge the benchmark's measuring to the writers.
                let oldest: Option<String> = sqlx::query_scalar(
                    "SELECT MIN(occurred_at) FROM audit_events e \
                     WHERE e.id > (SELECT COALESCE(MAX(event_id), 0) FROM audit_chain) - $1 \
                     AND NOT EXISTS (SELECT 1 FROM audit_chain c WHERE c.event_id = e.id)",
                )
                .bind(app::platform::audit::chain::store::straggler_window(state.db.backend))
                .fetch_one(&state.db.pool)
                .await
                .unwrap();
                if let Some(t) = oldest.and_then(|t| chrono::DateTime::parse_from_rfc3339(&t).ok()) {
                    let lag = (chrono::Utc::now() - t.with_timezone(&chrono::Utc)).num_milliseconds();
                    max_lag_ms.fetch_max(lag, Ordering::Relaxed);
                }
            }
        })
    };

    let deadline = Instant::now() + Duration::from_secs(SECONDS);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for w in 0..WRITERS {
        let state = state.clone();
        tasks.push(tokio::spawn(async move {
            let meta = RequestMeta { request_id: format!("bench-{w}"), ip: Some("127.0.0.1".into()), user_agent: Some("bench".into()) };
            let mut latencies = Vec::new();
            let mut n = w as i64;
            while Instant::now() < deadline {
                let t = Instant::now();
                app::platform::audit::store::append_alone(&state, &meta, &event(n)).await.unwrap();
                latencies.push(t.elapsed().as_secs_f64() * 1000.0);
                n += WRITERS as i64;
            }
            latencies
        }));
    }
    let mut all = support::gather(tasks).await;
    let elapsed = started.elapsed().as_secs_f64();
    all.sort_by(f64::total_cmp);
    // The seal that follows the load, and the lag measured at each seal during it.
    let seal_started = Instant::now();
    store::seal_all(&state).await.unwrap();
    let final_seal = seal_started.elapsed().as_secs_f64();
    stop.store(true, Ordering::Relaxed);
    sealer.await.unwrap();
    println!(
        "audit append, {WRITERS} writers, {SECONDS} s, {backend}, {cores} cores: {} events, {:.0} events/s, p50 {:.2} ms, p99 {:.2} ms",
        all.len(),
        all.len() as f64 / elapsed,
        support::percentile(&all, 0.50),
        support::percentile(&all, 0.99)
    );
    println!(
        "sealing under that load: oldest unsealed event right after a seal at most {} ms old; sealing what was left after the load took {:.2} s",
        max_lag_ms.load(Ordering::Relaxed),
        final_seal
    );

    // Verification of a 1,000,000-event chain (filled in bulk, then sealed). The events are
    // written as the application writes them, each with its MAC, 10,000 to a statement.
    let have: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_events").fetch_one(&state.db.pool).await.unwrap();
    if have < VERIFY_EVENTS {
        let fill = Instant::now();
        let meta = RequestMeta { request_id: "bulk".into(), ip: Some("127.0.0.1".into()), user_agent: Some("bench".into()) };
        let mut n = have;
        while n < VERIFY_EVENTS {
            let batch: Vec<AuditEvent> = (n..(n + 10_000).min(VERIFY_EVENTS)).map(event).collect();
            n += batch.len() as i64;
            app::platform::audit::store::append_all(&state, &meta, &batch).await.unwrap();
        }
        let sealed = Instant::now();
        store::seal_all(&state).await.unwrap();
        println!(
            "  (filled to {VERIFY_EVENTS} events in {:.1} s, sealed in {:.1} s)",
            sealed.duration_since(fill).as_secs_f64(),
            sealed.elapsed().as_secs_f64()
        );
    }
    let t = Instant::now();
    let v = app::records::store::verify(&state, &[]).await.unwrap();
    assert!(v.ok(), "{v:?}");
    println!("verify {} sealed events: {:.2} s", v.sealed, t.elapsed().as_secs_f64());
}
