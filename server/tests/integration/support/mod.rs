//! Test harness: every test starts the real application on a real port, against a fresh
//! database of its own — a temp-file SQLite, or a new database in the throwaway
//! PostgreSQL cluster that `.ci/with-postgres` starts (MADOGUCHI_TEST_POSTGRES_URL).
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

pub mod softkey;

use app::platform::db;
use app::platform::db::{Backend, Db};
use app::identity::session::{SessionKind, Stage};
use app::platform::state::AppState;
use kit::time::FixedClock;
use leptos::config::LeptosOptions;
use madoguchi_server::middleware::HttpPolicy;
use madoguchi_server::router::router;
use madoguchi_server::startup::{load_society, state_with};

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
        Self::start_configured(backend, |_| {}).await
    }

    /// The app with the demo society loaded, its state configured first (a policy the
    /// server runs with, as configuration would set it).
    pub async fn start_configured(backend: Backend, configure: impl FnOnce(&mut app::platform::state::AppState)) -> TestApp {
        let app = Self::start_empty_configured(backend, configure).await;
        load_society(&app.state, &demo_dir()).await.expect("load demo society");
        app
    }

    /// The app with an empty database.
    pub async fn start_empty(backend: Backend) -> TestApp {
        Self::start_empty_configured(backend, |_| {}).await
    }

    async fn start_empty_configured(backend: Backend, configure: impl FnOnce(&mut app::platform::state::AppState)) -> TestApp {
        let dir = tempfile::tempdir().unwrap();
        let db = fresh_db(backend, &dir).await;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let clock = FixedClock::new(NOW.parse().unwrap());
        let mut state = state_with(db, Arc::new(clock.clone()), leptos_options(addr), false);
        configure(&mut state);
        let origin = format!("http://{addr}");
        let policy = HttpPolicy::serving_all(vec![origin.clone()], false);
        let app = router(state.clone(), policy);
        tokio::spawn(async move {
            axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>()).await.unwrap();
        });
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            // A hang must fail with the test's name, not stall CI.
            .timeout(std::time::Duration::from_secs(60))
            .build()
            .unwrap();
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

    /// The demo society and the demo registry.
    pub async fn with_registry(backend: Backend) -> TestApp {
        Self::with_registry_configured(backend, |_| {}).await
    }

    /// [`TestApp::with_registry`], its state configured first.
    pub async fn with_registry_configured(backend: Backend, configure: impl FnOnce(&mut app::platform::state::AppState)) -> TestApp {
        let app = Self::start_configured(backend, configure).await;
        let bytes = std::fs::read(demo_dir().join("registry.csv")).unwrap();
        let meta = app::platform::audit::RequestMeta::default();
        let report = app::registry::store::import(&app.state, &meta, app::platform::audit::Actor::System("test"), &bytes, &app::delivery::corrections::store::Instructions)
            .await
            .unwrap();
        assert!(report.imported(), "{report:?}");
        app
    }

    pub async fn member_id(&self, symbol: &str, number: &str, branch: &str) -> i64 {
        sqlx::query_scalar::<_, i64>("SELECT id FROM members WHERE symbol = $1 AND number = $2 AND branch = $3")
            .bind(symbol)
            .bind(number)
            .bind(branch)
            .fetch_one(&self.state.db.pool)
            .await
            .unwrap()
    }

    /// An active member account (password "correct horse battery staple", a known TOTP
    /// secret) and a signed-in session cookie for it.
    pub async fn signed_in_member(&self, symbol: &str, number: &str, branch: &str) -> String {
        let member_id = self.member_id(symbol, number, branch).await;
        let existing: Option<i64> = sqlx::query_scalar("SELECT id FROM member_accounts WHERE member_id = $1")
            .bind(member_id)
            .fetch_optional(&self.state.db.pool)
            .await
            .unwrap();
        let account_id = match existing {
            Some(id) => id,
            None => self.member_account(member_id).await,
        };
        self.session_cookie(SessionKind::Member, account_id).await
    }

    /// A new session for the member's existing account.
    pub async fn signed_in_member_session_for(&self, member_id: i64) -> String {
        let account_id: i64 = sqlx::query_scalar("SELECT id FROM member_accounts WHERE member_id = $1")
            .bind(member_id)
            .fetch_one(&self.state.db.pool)
            .await
            .unwrap();
        self.session_cookie(SessionKind::Member, account_id).await
    }

    pub const TOTP_SECRET: &'static [u8; 20] = b"12345678901234567890";
    pub const PASSWORD: &'static str = "correct horse battery staple";

    pub async fn member_account(&self, member_id: i64) -> i64 {
        let hash = app::identity::password::store::hash(Self::PASSWORD).unwrap();
        let sealed = self.state.secrets.seal(Self::TOTP_SECRET).unwrap();
        sqlx::query_scalar::<_, i64>(
            "INSERT INTO member_accounts (member_id, password_hash, totp_sealed, status, created_at) \
             VALUES ($1, $2, $3, 'active', '2026-11-01T00:00:00.000000Z') RETURNING id",
        )
        .bind(member_id)
        .bind(hash)
        .bind(sealed)
        .fetch_one(&self.state.db.pool)
        .await
        .unwrap()
    }

    /// A staff member holding `roles` from 2026-01-01, with a session cookie.
    pub async fn signed_in_staff(&self, number: &str, roles: &[&str]) -> String {
        let hash = app::identity::password::store::hash(Self::PASSWORD).unwrap();
        let sealed = self.state.secrets.seal(Self::TOTP_SECRET).unwrap();
        let staff_id = sqlx::query_scalar::<_, i64>(
            "INSERT INTO staff (staff_number, name, password_hash, totp_sealed, status, created_at) \
             VALUES ($1, $2, $3, $4, 'active', '2026-01-01T00:00:00.000000Z') RETURNING id",
        )
        .bind(number)
        .bind(format!("職員{number}"))
        .bind(hash)
        .bind(sealed)
        .fetch_one(&self.state.db.pool)
        .await
        .unwrap();
        for role in roles {
            sqlx::query(
                "INSERT INTO staff_grants (staff_id, role, valid_from, approved_by, approved_at) \
                 VALUES ($1, $2, '2026-01-01', 'test', '2026-01-01T00:00:00.000000Z')",
            )
            .bind(staff_id)
            .bind(*role)
            .execute(&self.state.db.pool)
            .await
            .unwrap();
        }
        self.session_cookie(SessionKind::Staff, staff_id).await
    }

    pub async fn session_cookie(&self, kind: SessionKind, account_id: i64) -> String {
        let mut conn = self.state.db.pool.acquire().await.unwrap();
        let meta = app::platform::audit::RequestMeta::default();
        let token = app::identity::session::create(&mut conn, &self.state, &meta, kind, account_id, Stage::Full)
            .await
            .unwrap()
            .token;
        format!("{}={token}", kind.cookie())
    }

    /// The current TOTP code of the test secret at the app's clock (+ `steps` × 30 s).
    pub fn totp(&self, steps: i64) -> String {
        app::identity::totp::code_at(Self::TOTP_SECRET, self.state.clock.now().timestamp() + steps * 30)
    }

    /// A POST as a JSON client (no `Accept: text/html`): errors come back as themselves.
    pub async fn post_api(&self, path: &str, cookie: Option<&str>, form: &[(&str, &str)]) -> reqwest::Response {
        let mut req = self.client.post(self.url(path)).header("origin", &self.origin).form(form);
        if let Some(c) = cookie {
            req = req.header("cookie", c);
        }
        req.send().await.unwrap()
    }

    /// A GET as a JSON client, with a cookie.
    pub async fn get_api(&self, path: &str, cookie: &str) -> reqwest::Response {
        self.client.get(self.url(path)).header("cookie", cookie).send().await.unwrap()
    }

    /// A page as a browser asks for it, with a cookie.
    pub async fn get_with(&self, path: &str, cookie: &str) -> reqwest::Response {
        self.client.get(self.url(path)).header("cookie", cookie).header("accept", "text/html").send().await.unwrap()
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

            async fn scenario($backend: app::platform::db::Backend) $body

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                scenario(app::platform::db::Backend::Sqlite).await
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                scenario(app::platform::db::Backend::Postgres).await
            }
        }
    };
}

/// A multipart form of text fields, as a browser posts one.
pub fn form(pairs: &[(&str, &str)]) -> reqwest::multipart::Form {
    pairs.iter().fold(reqwest::multipart::Form::new(), |f, (k, v)| f.text(k.to_string(), v.to_string()))
}

/// The cookie (`name=value`) binding a failed post's kept feedback to this client, to send
/// with the redirect's page view.
pub fn kept_cookie(res: &reqwest::Response) -> String {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{}=", kit::flash::FLASH_COOKIE)))
        .and_then(|v| v.split(';').next())
        .unwrap_or_default()
        .to_string()
}
