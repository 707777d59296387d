//! What the benchmarks share: the real app on a free port.
// Each benchmark compiles this module and uses a part of it.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::sync::Arc;

use app::platform::state::AppState;
use kit::time::SystemClock;
use madoguchi_server::middleware::HttpPolicy;
use madoguchi_server::router::router;
use madoguchi_server::startup::state_with;

/// The benchmark's database: `MADOGUCHI_BENCH_DATABASE_URL` (e.g. PostgreSQL), or a fresh
/// SQLite file in `dir`; and how to name it in the figures.
pub fn database(dir: &tempfile::TempDir) -> (String, &'static str) {
    let url = std::env::var("MADOGUCHI_BENCH_DATABASE_URL")
        .unwrap_or_else(|_| format!("sqlite://{}", dir.path().join("bench.sqlite3").display()));
    let backend = if url.starts_with("sqlite") { "SQLite (WAL, synchronous=FULL)" } else { "PostgreSQL" };
    (url, backend)
}

/// Server-side handling times (ms) of every request since the last `take`.
#[derive(Clone, Default)]
pub struct ServerTimes(Arc<std::sync::Mutex<Vec<f64>>>);

impl ServerTimes {
    pub fn take(&self) -> Vec<f64> {
        std::mem::take(&mut *self.0.lock().unwrap())
    }
}

/// Serves the application on `url`'s database; returns its state and origin.
pub async fn serve(url: &str) -> (AppState, String) {
    let (state, origin, _) = serve_timed(url).await;
    (state, origin)
}

/// As [`serve`], also timing each request inside the server: from the moment the router
/// has it to the moment its response is ready (the JSON bodies here are complete by then).
pub async fn serve_timed(url: &str) -> (AppState, String, ServerTimes) {
    let db = app::platform::db::connect(url, 16).await.unwrap();
    app::platform::db::migrate(&db).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let options = leptos::config::LeptosOptions::builder()
        .output_name("madoguchi")
        .site_root("target/site")
        .site_pkg_dir("pkg")
        .site_addr(addr)
        .build();
    let state = state_with(db, Arc::new(SystemClock), options, false);
    let origin = format!("http://{addr}");
    let times = ServerTimes::default();
    let recorder = times.clone();
    let app = router(state.clone(), HttpPolicy::serving_all(vec![origin.clone()], false)).layer(axum::middleware::from_fn(
        move |req: axum::extract::Request, next: axum::middleware::Next| {
            let recorder = recorder.clone();
            async move {
                let t = std::time::Instant::now();
                let res = next.run(req).await;
                recorder.0.lock().unwrap().push(t.elapsed().as_secs_f64() * 1000.0);
                res
            }
        },
    ));
    tokio::spawn(async move {
        axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>()).await.unwrap();
    });
    (state, origin, times)
}

/// Every load task's latencies (ms), together.
pub async fn gather(tasks: Vec<tokio::task::JoinHandle<Vec<f64>>>) -> Vec<f64> {
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap());
    }
    all
}

/// The nearest-rank percentile `p` (0–1) of sorted latencies.
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 * p).ceil() as usize).saturating_sub(1).min(sorted.len() - 1)]
}

/// `connections` tasks each sending GETs for `seconds`, the n-th built by `request(n)`
/// (every answer must succeed): every latency (ms, sorted) and the elapsed seconds.
#[allow(dead_code)] // not every benchmark uses it
pub async fn load(
    connections: usize,
    seconds: u64,
    request: impl Fn(usize) -> reqwest::RequestBuilder + Send + Sync + 'static,
) -> (Vec<f64>, f64) {
    let request = Arc::new(request);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(seconds);
    let started = std::time::Instant::now();
    let mut tasks = Vec::new();
    for c in 0..connections {
        let request = request.clone();
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut n = c * 97;
            while std::time::Instant::now() < deadline {
                let t = std::time::Instant::now();
                let res = request(n).send().await.unwrap();
                assert!(res.status().is_success(), "{}", res.status());
                res.bytes().await.unwrap();
                latencies.push(t.elapsed().as_secs_f64() * 1000.0);
                n += 1;
            }
            latencies
        }));
    }
    let mut all = gather(tasks).await;
    all.sort_by(f64::total_cmp);
    (all, started.elapsed().as_secs_f64())
}
