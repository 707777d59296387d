//! The database: SQLite embedded by default, PostgreSQL in production, one portable SQL
//! text for both through sqlx's `Any` driver. Instants are stored as RFC 3339 UTC text
//! and civil dates as `YYYY-MM-DD`, because `Any` carries only basic types.

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::Migrator;
use sqlx::{AnyPool, Executor};
use std::str::FromStr;
use std::time::Duration;

use kit::error::AppError;

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
    /// For hot pages that only read (the staff queue, the notice pages). On SQLite a second
    /// pool whose connections map the file into memory and may not write: every commit makes
    /// the other connections drop their page caches, and mapped pages need no copying back
    /// in. The writers keep no map, which would be remapped as the file grows. Each read after
    /// a commit remaps, though (`munmap` was a seventh of a queue page's time), so reads
    /// that are not hot stay on the pool: moving the session lookup here made the queue
    /// slower. PostgreSQL: the pool.
    pub reads: AnyPool,
    pub backend: Backend,
    /// SQLite has one writer at a time. Busy connections poll with growing sleeps, which
    /// stretches the tail under load; hot write paths queue here instead, in order.
    writer: std::sync::Arc<tokio::sync::Mutex<()>>,
    /// Audit events written on their own (reads, refusals) waiting for their group commit
    /// on SQLite (see `audit::append_alone`): each writer's rows.
    pub(crate) audit_pending: GroupQueue<Vec<String>, ()>,
    /// Writes waiting for their group commit on SQLite (see [`Db::write_grouped`]).
    grouped: GroupQueue<GroupWork, Box<dyn std::any::Any + Send>>,
}

/// A write that can share a transaction with others: it runs on the connection it is given
/// and may run again (alone) if another write in its group fails. Its result is kept for
/// its writer, whatever its type (see [`Db::write_grouped`]).
type GroupWork = Box<
    dyn for<'c> Fn(&'c mut sqlx::AnyConnection) -> futures::future::BoxFuture<'c, Result<Box<dyn std::any::Any + Send>, AppError>>
        + Send
        + Sync,
>;

/// A writer waiting for its group commit: what it brought, and where its own result goes.
pub(crate) struct Waiting<I, O> {
    pub(crate) item: I,
    done: tokio::sync::oneshot::Sender<Result<O, AppError>>,
}

impl<I, O> Waiting<I, O> {
    /// Hands the writer its result (a writer that went away no longer needs it).
    pub(crate) fn answer(self, result: Result<O, AppError>) {
        let _ = self.done.send(result);
    }
}

/// The writers waiting for the next group commit of one kind (SQLite).
pub(crate) type GroupQueue<I, O> = std::sync::Arc<std::sync::Mutex<Vec<Waiting<I, O>>>>;

impl std::fmt::Debug for Waiting<GroupWork, Box<dyn std::any::Any + Send>> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Waiting")
    }
}

impl std::fmt::Debug for Waiting<Vec<String>, ()> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Waiting({} rows)", self.item.len())
    }
}

impl Db {
    /// Opens a transaction that will write. On SQLite it takes the write lock at once
    /// (`BEGIN IMMEDIATE`), waiting for it as long as `busy_timeout` allows. A plain `BEGIN`
    /// takes it only at the first write, and SQLite refuses that upgrade at once, without
    /// waiting, when another connection holds the lock or has committed since the
    /// transaction's first read ("database is locked"): a draft edit failed that way while
    /// the sealer wrote. PostgreSQL: `BEGIN`.
    pub async fn begin(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>, sqlx::Error> {
        begin(&self.pool, self.backend).await
    }

    /// Waits for the turn to write (SQLite); PostgreSQL writers need no turn.
    pub async fn write_turn(&self) -> Option<tokio::sync::MutexGuard<'_, ()>> {
        match self.backend {
            Backend::Sqlite => Some(self.writer.lock().await),
            Backend::Postgres => None,
        }
    }

    /// The group commit (SQLite), the one way writers share a transaction: `item` joins
    /// `queue`; whoever gets the write turn takes everything waiting at that moment and
    /// writes it with `write` — one commit and one WAL sync for them all, where the single
    /// writer would otherwise sync once per write — and `write` answers each writer with its
    /// own result. A writer whose item was taken by the turn's holder only waits for its
    /// answer. The group runs in its own task, so a caller that goes away abandons no one
    /// else's write.
    pub(crate) async fn in_group<I, O, Fut>(
        &self,
        queue: &GroupQueue<I, O>,
        item: I,
        write: impl FnOnce(AnyPool, Vec<Waiting<I, O>>) -> Fut,
    ) -> Result<O, AppError>
    where
        Fut: std::future::Future<Output = ()> + Send + 'static,
    {
        let (done, mut outcome) = tokio::sync::oneshot::channel();
        queue.lock().unwrap_or_else(|p| p.into_inner()).push(Waiting { item, done });
        let abandoned = |_| Err(AppError::internal("group commit", "abandoned"));
        let turn = std::pin::pin!(self.writer.clone().lock_owned());
        match futures::future::select(&mut outcome, turn).await {
            futures::future::Either::Left((result, _)) => result.unwrap_or_else(abandoned),
            futures::future::Either::Right((turn, _)) => {
                // Ours is in this batch, or a previous holder of the turn already took it.
                let batch = std::mem::take(&mut *queue.lock().unwrap_or_else(|p| p.into_inner()));
                let written = write(self.pool.clone(), batch);
                let group = tokio::spawn(async move {
                    written.await;
                    drop(turn);
                });
                if group.await.is_err() {
                    return Err(AppError::internal("group commit", "the group's task failed"));
                }
                outcome.await.unwrap_or_else(abandoned)
            }
        }
    }

    /// Runs `work` in a transaction and returns its result once it is durable. On SQLite it
    /// shares a group commit with the writes waiting at the same moment ([`Db::in_group`]);
    /// if one write of a group fails, the group is rolled back and each runs again alone, so
    /// a write fails only for its own reason. PostgreSQL: one transaction per write.
    pub async fn write_grouped<T, W>(&self, work: W) -> Result<T, AppError>
    where
        T: Send + 'static,
        W: for<'c> Fn(&'c mut sqlx::AnyConnection) -> futures::future::BoxFuture<'c, Result<T, AppError>> + Send + Sync + 'static,
    {
        let work: GroupWork = Box::new(move |conn| {
            let written = work(conn);
            Box::pin(async move { written.await.map(|value| Box::new(value) as Box<dyn std::any::Any + Send>) })
        });
        let value = match self.backend {
            Backend::Postgres => run_alone(&self.pool, self.backend, &work).await?,
            Backend::Sqlite => self.in_group(&self.grouped, work, |pool, batch| run_group(pool, batch)).await?,
        };
        // The value is the one `work` returned: a `T`.
        value.downcast::<T>().map(|v| *v).map_err(|_| AppError::internal("group commit", "result of another type"))
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
    #[error("after migrating, {0} rows refer to rows that do not exist (PRAGMA foreign_key_check)")]
    BrokenReferences(usize),
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
    let open = |extra: &'static str| {
        AnyPoolOptions::new()
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
                        if !extra.is_empty() {
                            conn.execute(extra).await?;
                        }
                    }
                    Ok(())
                })
            })
            .connect_with(options.clone())
    };
    let pool = open("").await?;
    let reads = if backend == Backend::Sqlite && !url.contains(":memory:") {
        open("PRAGMA mmap_size = 1073741824; PRAGMA query_only = ON;").await?
    } else {
        pool.clone()
    };
    Ok(Db { pool, reads, backend, writer: Default::default(), audit_pending: Default::default(), grouped: Default::default() })
}

/// How a write transaction opens on `backend` (see [`Db::begin`]).
fn begin_statement(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => "BEGIN IMMEDIATE",
        Backend::Postgres => "BEGIN",
    }
}

/// See [`Db::begin`].
async fn begin(pool: &AnyPool, backend: Backend) -> Result<sqlx::Transaction<'static, sqlx::Any>, sqlx::Error> {
    pool.begin_with(begin_statement(backend)).await
}

/// [`Db::begin`] on a connection already in hand.
pub async fn begin_on(conn: &mut sqlx::AnyConnection, backend: Backend) -> Result<sqlx::Transaction<'_, sqlx::Any>, sqlx::Error> {
    use sqlx::Connection;
    conn.begin_with(begin_statement(backend)).await
}

/// One write in its own transaction.
async fn run_alone(pool: &AnyPool, backend: Backend, work: &GroupWork) -> Result<Box<dyn std::any::Any + Send>, AppError> {
    let mut tx = begin(pool, backend).await?;
    let value = work(&mut tx).await?;
    tx.commit().await?;
    Ok(value)
}

/// A group of writes in one transaction (SQLite); if any fails, each again on its own.
async fn run_group(pool: AnyPool, batch: Vec<Waiting<GroupWork, Box<dyn std::any::Any + Send>>>) {
    let together = async {
        let mut tx = begin(&pool, Backend::Sqlite).await?;
        let mut values = Vec::with_capacity(batch.len());
        for w in &batch {
            values.push((w.item)(&mut tx).await?);
        }
        tx.commit().await?;
        Ok::<_, AppError>(values)
    }
    .await;
    match together {
        Ok(values) => {
            for (w, value) in batch.into_iter().zip(values) {
                w.answer(Ok(value));
            }
        }
        Err(e) if batch.len() == 1 => {
            if let Some(w) = batch.into_iter().next() {
                w.answer(Err(e));
            }
        }
        Err(_) => {
            for w in batch {
                let alone = run_alone(&pool, Backend::Sqlite, &w.item).await;
                w.answer(alone);
            }
        }
    }
}

/// Applies the migrations of the backend (idempotent).
pub async fn migrate(db: &Db) -> Result<(), DbSetupError> {
    match db.backend {
        Backend::Sqlite => {
            // SQLite's procedure for schema changes: a CHECK or a key cannot be altered in
            // place, so a table is rebuilt, which foreign keys would refuse (dropping a
            // parent). They are off on this one connection while the migrations run (the
            // pragma cannot change inside their transactions), then every reference is
            // checked and they are on again before the connection serves anything else.
            let mut conn = db.pool.acquire().await?;
            conn.execute("PRAGMA foreign_keys = OFF").await?;
            let ran = SQLITE_MIGRATIONS.run(&mut *conn).await;
            let broken = sqlx::query("PRAGMA foreign_key_check").fetch_all(&mut *conn).await.map(|rows| rows.len());
            if let Err(e) = conn.execute("PRAGMA foreign_keys = ON").await {
                // Never back into the pool without its foreign keys.
                conn.detach();
                return Err(e.into());
            }
            ran?;
            match broken? {
                0 => {}
                n => return Err(DbSetupError::BrokenReferences(n)),
            }
        }
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
