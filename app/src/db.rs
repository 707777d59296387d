//! The database: SQLite embedded by default, PostgreSQL in production, one portable SQL
//! text for both through sqlx's `Any` driver. Instants are stored as RFC 3339 UTC text
//! and civil dates as `YYYY-MM-DD`, because `Any` carries only basic types.

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::Migrator;
use sqlx::{AnyPool, Executor};
use std::str::FromStr;
use std::time::Duration;

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("../migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("../migrations/postgres");

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn of_url(url: &str) -> Option<Backend> {
        if url.starts_with("sqlite:") {
            Some(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Some(Backend::Postgres)
        } else {
            None
        }
    }
}

#[derive(Clone, Debug)]
pub struct Db {
    pub pool: AnyPool,
    pub backend: Backend,
    /// SQLite has one writer at a time. Busy connections poll with growing sleeps, which
    /// stretches the tail under load; hot write paths queue here instead, in order.
    writer: std::sync::Arc<tokio::sync::Mutex<()>>,
    /// Audit events written on their own (reads, refusals) waiting for the next group
    /// commit on SQLite (see `records::append_alone`).
    pub(crate) audit_pending: std::sync::Arc<std::sync::Mutex<Vec<crate::records::Pending>>>,
}

impl Db {
    /// Waits for the turn to write (SQLite); PostgreSQL writers need no turn.
    pub async fn write_turn(&self) -> Option<tokio::sync::MutexGuard<'_, ()>> {
        match self.backend {
            Backend::Sqlite => Some(self.writer.lock().await),
            Backend::Postgres => None,
        }
    }

    /// Refreshes the query planner's statistics of tables that grew (SQLite's `PRAGMA
    /// optimize` over all tables). Without them SQLite sorts the whole open queue instead of
    /// walking the index that already has its order. The analysis is complete, not sampled:
    /// a sample of the status index (a few values, each in one run) misleads the planner
    /// the same way. It takes about 0.1 s per 100,000 requests. PostgreSQL's autovacuum
    /// does this by itself.
    pub async fn optimize(&self) -> Result<(), sqlx::Error> {
        if self.backend == Backend::Sqlite {
            let _turn = self.write_turn().await;
            self.pool.execute("PRAGMA analysis_limit = 0; PRAGMA optimize = 0x10002;").await?;
        }
        Ok(())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DbSetupError {
    #[error("unsupported database URL (use sqlite:… or postgres://…)")]
    UnsupportedUrl,
    #[error("cannot open the database: {0}")]
    Connect(#[from] sqlx::Error),
    #[error("cannot migrate the database: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

/// Opens (and for SQLite creates) the database. SQLite runs with WAL, `synchronous=FULL`
/// (a receipt must survive a power cut) and foreign keys on.
pub async fn connect(url: &str, max_connections: u32) -> Result<Db, DbSetupError> {
    sqlx::any::install_default_drivers();
    let backend = Backend::of_url(url).ok_or(DbSetupError::UnsupportedUrl)?;
    let url = match backend {
        Backend::Sqlite if !url.contains('?') && !url.contains(":memory:") => format!("{url}?mode=rwc"),
        _ => url.to_string(),
    };
    let options = AnyConnectOptions::from_str(&url)?;
    let pool = AnyPoolOptions::new()
        .max_connections(max_connections)
        .acquire_timeout(Duration::from_secs(10))
        .after_connect(move |conn, _meta| {
            Box::pin(async move {
                if backend == Backend::Sqlite {
                    // A 16 MiB page cache per connection (the default is 2 MiB): the
                    // queue's indexes stay in memory instead of being read again and again.
                    conn.execute(
                        "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; \
                         PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; \
                         PRAGMA cache_size = -16384;",
                    )
                    .await?;
                }
                Ok(())
            })
        })
        .connect_with(options)
        .await?;
    Ok(Db { pool, backend, writer: Default::default(), audit_pending: Default::default() })
}

/// Applies the migrations of the backend (idempotent).
pub async fn migrate(db: &Db) -> Result<(), DbSetupError> {
    match db.backend {
        Backend::Sqlite => SQLITE_MIGRATIONS.run(&db.pool).await?,
        Backend::Postgres => POSTGRES_MIGRATIONS.run(&db.pool).await?,
    }
    Ok(())
}

/// RFC 3339 text of an instant, as stored.
pub fn instant_text(at: chrono::DateTime<chrono::Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

/// A value bound to SQL built at run time (search filters): the text holds only `$n`
/// placeholders, the values travel separately.
#[derive(Clone, Debug)]
pub enum Bind {
    Text(String),
    Int(i64),
}

/// Adds a value to `binds` and returns its placeholder.
pub fn param(b: Bind, binds: &mut Vec<Bind>) -> String {
    binds.push(b);
    format!("${}", binds.len())
}

/// Binds `binds` to the query in order.
pub fn bind_all<'q, O>(
    mut q: sqlx::query::QueryAs<'q, sqlx::Any, O, sqlx::any::AnyArguments<'q>>,
    binds: &[Bind],
) -> sqlx::query::QueryAs<'q, sqlx::Any, O, sqlx::any::AnyArguments<'q>> {
    for b in binds {
        q = match b {
            Bind::Text(t) => q.bind(t.clone()),
            Bind::Int(i) => q.bind(*i),
        };
    }
    q
}
