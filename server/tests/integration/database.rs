//! How the application uses the database itself.

use app::platform::db::Backend;

use crate::support::TestApp;

/// A transaction that will write holds SQLite's write lock from its start. With a plain
/// `BEGIN` it would take the lock only at its first write, and SQLite refuses that upgrade at
/// once, without waiting, if another connection wrote after the transaction's first read:
/// a publication draft edit (read the draft, then update it) failed that way while the
/// sealer wrote.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_transaction_that_reads_then_writes_is_not_refused_because_another_connection_wrote_meanwhile() {
    let app = TestApp::start(Backend::Sqlite).await;
    let pool = &app.state.db.pool;
    sqlx::query("CREATE TABLE scratch (n INTEGER NOT NULL)").execute(pool).await.unwrap();

    let mut tx = app.state.db.begin().await.unwrap();
    let before: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM scratch").fetch_one(&mut *tx).await.unwrap();

    // Another writer comes along (unwilling to wait, so the test needs no timing): it is
    // the one told to wait its turn, not the transaction that began first.
    let mut other = pool.acquire().await.unwrap();
    sqlx::query("PRAGMA busy_timeout = 0").execute(&mut *other).await.unwrap();
    let meanwhile = sqlx::query("INSERT INTO scratch (n) VALUES (2)").execute(&mut *other).await;
    assert!(meanwhile.is_err(), "the other connection wrote while the transaction was open");

    sqlx::query("INSERT INTO scratch (n) VALUES ($1)").bind(before + 1).execute(&mut *tx).await.unwrap();
    tx.commit().await.unwrap();

    // Its turn now.
    sqlx::query("INSERT INTO scratch (n) VALUES (2)").execute(&mut *other).await.unwrap();
    sqlx::query("PRAGMA busy_timeout = 10000").execute(&mut *other).await.unwrap();
    drop(other);
    let rows: Vec<i64> = sqlx::query_scalar("SELECT n FROM scratch ORDER BY rowid").fetch_all(pool).await.unwrap();
    assert_eq!(rows, vec![1, 2]);
}
