//! Test harness: every test starts the real application on a real port, against a fresh
//! database of its own — a temp-file SQLite, or a new database in the throwaway
//! PostgreSQL cluster that `.ci/with-postgres` starts (MADOGUCHI_TEST_POSTGRES_URL).
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use app::db::{self, Backend, Db};
use app::state::AppState;
use app::time::FixedClock;
use leptos::config::LeptosOptions;
use madoguchi_server::middleware::HttpPolicy;
use madoguchi_server::{load_society, router, state_with};

/// A Sunday in Tokyo; both demo versions are in effect by then.
pub const NOW: &str = "2026-11-22T01:00:00Z";

pub struct TestApp {
    pub base: String,
    pub origin: String,
    pub client: reqwest::Client,
    pub state: AppState,
    pub clock: FixedClock,
    pub backend: Backend,
    _dir: tempfile::TempDir,
}

pub fn demo_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("demo")
}

/// A fresh, migrated, empty database.
pub async fn fresh_db(backend: Backend, dir: &tempfile::TempDir) -> Db {
    let url = match backend {
        Backend::Sqlite => format!("sqlite://{}", dir.path().join("test.sqlite3").display()),
        Backend::Postgres => {
            let admin = std::env::var("MADOGUCHI_TEST_POSTGRES_URL").expect(
                "PostgreSQL tests need a cluster: run them with `.ci/with-postgres cargo test` (or `make test`)",
            );
            let name = format!("t_{}", rand_suffix());
            let admin_db = db::connect(&admin, 1).await.expect("connect to the test cluster");
            sqlx::query(&format!("CREATE DATABASE {name}")).execute(&admin_db.pool).await.expect("create database");
            admin_db.pool.close().await;
            let base = admin.rsplit_once('/').map(|(b, _)| b.to_string()).expect("cluster URL has a path");
            format!("{base}/{name}")
        }
    };
    let db = db::connect(&url, 8).await.expect("connect");
    db::migrate(&db).await.expect("migrate");
    db
}

fn rand_suffix() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos();
    format!("{}_{}_{}", std::process::id(), nanos, N.fetch_add(1, Ordering::Relaxed))
}

pub fn leptos_options(addr: SocketAddr) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name("madoguchi")
        .site_root("target/site")
        .site_pkg_dir("pkg")
        .site_addr(addr)
        .build()
}

impl TestApp {
    /// The app with the demo society loaded.
    pub async fn start(backend: Backend) -> TestApp {
        let app = Self::start_empty(backend).await;
        load_society(&app.state, &demo_dir()).await.expect("load demo society");
        app
    }

    /// The app with an empty database.
    pub async fn start_empty(backend: Backend) -> TestApp {
        let dir = tempfile::tempdir().unwrap();
        let db = fresh_db(backend, &dir).await;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let clock = FixedClock::new(NOW.parse().unwrap());
        let state = state_with(db, Arc::new(clock.clone()), leptos_options(addr), false);
        let origin = format!("http://{addr}");
        let policy = HttpPolicy { allowed_origins: Arc::new(vec![origin.clone()]), behind_tls_proxy: false };
        let app = router(state.clone(), policy);
        tokio::spawn(async move {
            axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>()).await.unwrap();
        });
        let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
        TestApp { base: origin.clone(), origin, client, state, clock, backend, _dir: dir }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }

    pub async fn get_html(&self, path: &str, lang: Option<&str>) -> (u16, String) {
        let mut req = self.client.get(self.url(path)).header("accept", "text/html");
        if let Some(lang) = lang {
            req = req.header("cookie", format!("lang={lang}"));
        }
        let res = req.send().await.unwrap();
        let status = res.status().as_u16();
        (status, res.text().await.unwrap())
    }

    /// A browser-like form post from this site's own origin.
    pub async fn post_form(&self, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .header("origin", &self.origin)
            .header("accept", "text/html")
            .form(form)
            .send()
            .await
            .unwrap()
    }

    pub async fn count(&self, sql: &str) -> i64 {
        sqlx::query_scalar::<_, i64>(sql).fetch_one(&self.state.db.pool).await.unwrap()
    }
}

/// Defines a test that runs once on SQLite and once on PostgreSQL.
#[macro_export]
macro_rules! on_both_databases {
    ($(#[$meta:meta])* async fn $name:ident($backend:ident) $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            async fn scenario($backend: app::db::Backend) $body

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                scenario(app::db::Backend::Sqlite).await
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                scenario(app::db::Backend::Postgres).await
            }
        }
    };
}
