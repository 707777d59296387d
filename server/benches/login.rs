//! Login benchmark (`make bench`): member sign-ins over real HTTP against the real app on
//! SQLite, 8 connections at once. Each sign-in checks a password (Argon2id) and a TOTP
//! code, writes the session and the audit record. Every account signs in once, because a
//! TOTP step is accepted only once per account. Prints throughput and latency percentiles.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::sync::Arc;
use std::time::Instant;


const ACCOUNTS: usize = 240;
const CONNECTIONS: usize = 8;
const PASSWORD: &str = "benchmark passphrase 2026";

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("bench.sqlite3").display());
    let (state, origin) = support::serve(&url).await;

    // Synthetic members and accounts (one hash, shared: hashing is what is measured at login).
    let secret = *b"bench-totp-secret-20";
    let hash = app::identity::password::store::hash(PASSWORD).unwrap();
    let sealed = state.secrets.seal(&secret).unwrap();
    for i in 0..ACCOUNTS {
        let member_id: i64 = sqlx::query_scalar(
            "INSERT INTO members (insurer_number, symbol, number, branch, name, name_kana, birth_date, sex, \
             relationship, postal_code, address, acquired_on, created_at, updated_at) VALUES ('06139999', '9000', $1, \
             '00', 'ベンチ', 'ベンチ', '1980-01-01', 'male', 'insured', '100-0000', '架空', '2020-04-01', 'now', 'now') \
             RETURNING id",
        )
        .bind(i.to_string())
        .fetch_one(&state.db.pool)
        .await
        .unwrap();
        sqlx::query(
            "INSERT INTO member_accounts (member_id, password_hash, totp_sealed, status, created_at) \
             VALUES ($1, $2, $3, 'active', 'now')",
        )
        .bind(member_id)
        .bind(&hash)
        .bind(&sealed)
        .execute(&state.db.pool)
        .await
        .unwrap();
    }

    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..CONNECTIONS {
        let (client, next, origin) = (client.clone(), next.clone(), origin.clone());
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if i >= ACCOUNTS {
                    return latencies;
                }
                let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
                let code = app::identity::totp::code_at(&secret, i64::try_from(now).unwrap());
                let identifier = format!("9000-{i}-00");
                let t = Instant::now();
                let res = client
                    .post(format!("{origin}/api/login"))
                    .header("origin", &origin)
                    .form(&[("identifier", identifier.as_str()), ("password", PASSWORD), ("code", &code), ("next", "")])
                    .send()
                    .await
                    .unwrap();
                assert_eq!(res.status(), 200, "login {identifier} failed");
                latencies.push(t.elapsed().as_secs_f64() * 1000.0);
            }
        }));
    }
    let mut all = support::gather(tasks).await;
    let elapsed = started.elapsed().as_secs_f64();
    all.sort_by(f64::total_cmp);
    let pct = |p: f64| support::percentile(&all, p);
    println!(
        "member login, {ACCOUNTS} sign-ins, {CONNECTIONS} connections, SQLite, {} cores: {:.1} logins/s, p50 {:.0} ms, p99 {:.0} ms",
        std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1),
        all.len() as f64 / elapsed,
        pct(0.50),
        pct(0.99)
    );
}
