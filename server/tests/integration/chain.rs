//! The audit record is tamper-evident: the sealer links every committed event into a hash
//! chain; `audit-verify` names the first broken link when an event is changed or deleted
//! behind the application's back, and a chain rebuilt to hide it disagrees with the
//! checkpoints written outside the database.

use app::db::Backend;
use app::records::chain::{Break, Broken, Checkpoint, store};

use crate::on_both_databases;
use crate::support::TestApp;

/// Lifts the append-only triggers, as someone with database access could.
async fn lift_protection(app: &TestApp) {
    let statements: &[&str] = match app.backend {
        Backend::Sqlite => &[
            "DROP TRIGGER audit_events_no_update",
            "DROP TRIGGER audit_events_no_delete",
            "DROP TRIGGER audit_chain_no_delete",
        ],
        // ALL: the foreign-key triggers too (the test cluster's user is a superuser).
        Backend::Postgres => &["ALTER TABLE audit_events DISABLE TRIGGER ALL", "ALTER TABLE audit_chain DISABLE TRIGGER ALL"],
    };
    for s in statements {
        sqlx::raw_sql(s).execute(&app.state.db.pool).await.unwrap();
    }
}

/// Real traffic that reads personal data: a reviewer opens the queue a few times.
async fn some_audited_reads(app: &TestApp, staff: &str, n: usize) {
    for _ in 0..n {
        assert!(app.get_api("/api/staff/requests", staff).await.status().is_success());
    }
}

/// Deletes an audit event behind the application's back (foreign keys off on SQLite).
async fn delete_event(app: &TestApp, id: i64) {
    let sql = match app.backend {
        Backend::Sqlite => format!("PRAGMA foreign_keys = OFF; DELETE FROM audit_events WHERE id = {id}; PRAGMA foreign_keys = ON;"),
        Backend::Postgres => format!("DELETE FROM audit_events WHERE id = {id}"),
    };
    sqlx::raw_sql(&sql).execute(&app.state.db.pool).await.unwrap();
}

on_both_databases! {
    async fn every_event_is_sealed_and_a_changed_or_deleted_event_is_named(backend) {
        let app = TestApp::with_registry(backend).await;
        let staff = app.signed_in_staff("S0901", &["reviewer"]).await;
        some_audited_reads(&app, &staff, 5).await;
        let events = app.count("SELECT COUNT(*) FROM audit_events").await;
        assert!(events >= 5);
        let head = store::seal_all(&app.state).await.unwrap().expect("something to seal");
        assert_eq!(head.position, events);
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_chain").await, events);
        // Nothing new: nothing sealed; new events continue the chain.
        assert_eq!(store::seal(&app.state).await.unwrap(), None);
        some_audited_reads(&app, &staff, 1).await;
        let next = store::seal_all(&app.state).await.unwrap().unwrap();
        assert!(next.position > head.position);
        let v = store::verify(&app.state, &[head.clone(), next.clone()]).await.unwrap();
        assert!(v.ok(), "{v:?}");
        assert_eq!((v.sealed, v.checkpoints_checked), (next.position, 2));

        // Someone with database access rewrites one event: that link is named.
        lift_protection(&app).await;
        let (third,): (i64,) = sqlx::query_as("SELECT event_id FROM audit_chain WHERE position = 3").fetch_one(&app.state.db.pool).await.unwrap();
        sqlx::query("UPDATE audit_events SET actor_id = 'someone else' WHERE id = $1").bind(third).execute(&app.state.db.pool).await.unwrap();
        let v = store::verify(&app.state, &[]).await.unwrap();
        assert_eq!(v.broken, Some(Broken { position: 3, event_id: Some(third), why: Break::Changed }));

        // A deleted event (and its link) before it is named first.
        let (second,): (i64,) = sqlx::query_as("SELECT event_id FROM audit_chain WHERE position = 2").fetch_one(&app.state.db.pool).await.unwrap();
        delete_event(&app, second).await;
        let v = store::verify(&app.state, &[]).await.unwrap();
        assert_eq!(v.broken, Some(Broken { position: 2, event_id: Some(second), why: Break::Missing }));
    }
}

on_both_databases! {
    async fn a_rebuilt_chain_is_caught_by_the_checkpoints_outside_the_database(backend) {
        let app = TestApp::with_registry(backend).await;
        let staff = app.signed_in_staff("S0902", &["reviewer"]).await;
        some_audited_reads(&app, &staff, 4).await;
        let honest = store::seal_all(&app.state).await.unwrap().unwrap();
        // The server writes each head to the checkpoint file; read it back as the CLI does.
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("audit-checkpoints.log");
        madoguchi_server::write_checkpoint(&file, &honest).unwrap();
        let written = Checkpoint::parse_file(&std::fs::read_to_string(&file).unwrap()).unwrap();
        assert_eq!(written, vec![honest.clone()]);

        // Change an event, then throw the chain away and seal everything again: the chain is
        // consistent with itself, so only the checkpoint can tell.
        lift_protection(&app).await;
        sqlx::query("UPDATE audit_events SET detail = NULL WHERE id = (SELECT MIN(id) FROM audit_events)").execute(&app.state.db.pool).await.unwrap();
        sqlx::query("DELETE FROM audit_chain").execute(&app.state.db.pool).await.unwrap();
        let forged = store::seal_all(&app.state).await.unwrap().unwrap();
        assert_eq!(forged.position, honest.position);
        assert_ne!(forged.hash, honest.hash);
        assert!(store::verify(&app.state, &[]).await.unwrap().broken.is_none(), "self-consistent without checkpoints");
        let v = store::verify(&app.state, &written).await.unwrap();
        assert_eq!(v.broken, Some(Broken { position: honest.position, event_id: None, why: Break::Checkpoint }));

        // The CLI's report says so, and fails.
        let (report, ok) = madoguchi_server::audit_verify(&app.state, &file).await.unwrap();
        assert!(!ok);
        assert!(report.contains(&format!("BROKEN: first broken link at position {}", honest.position)), "{report}");
    }
}

on_both_databases! {
    async fn the_cli_verifies_an_intact_record_and_reports_unsealed_events(backend) {
        let app = TestApp::with_registry(backend).await;
        let staff = app.signed_in_staff("S0903", &["reviewer"]).await;
        some_audited_reads(&app, &staff, 2).await;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("checkpoints.log");
        // The CLI seals what waits, writes that checkpoint, and verifies.
        let (report, ok) = madoguchi_server::audit_verify(&app.state, &file).await.unwrap();
        assert!(ok, "{report}");
        assert!(report.contains("OK:"), "{report}");
        assert_eq!(Checkpoint::parse_file(&std::fs::read_to_string(&file).unwrap()).unwrap().len(), 1);
        // An event older than a minute that no seal covers is reported (verify alone, no seal).
        some_audited_reads(&app, &staff, 1).await;
        app.clock.advance(chrono::Duration::minutes(2));
        let v = store::verify(&app.state, &[]).await.unwrap();
        assert!(v.unsealed_stale >= 1 && !v.ok(), "{v:?}");
    }
}

/// SQLite writes each event's canonical form itself during verification (one text per
/// event instead of fifteen columns); it must be the very text the sealer hashed, also for
/// quotes, control characters, non-BMP characters and absent values.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_writes_the_same_canonical_form_as_the_sealer() {
    use app::records::chain::{EVENT_COLUMNS, EventRow, SQLITE_CANONICAL, canonical};
    use app::records::{Actor, AuditEvent, RequestMeta, append_alone};
    let app = TestApp::start(app::db::Backend::Sqlite).await;
    let tricky = "引用\"符\\と改行\n、タブ\t、制御\u{1}\u{1f}文字、\u{7f}、\u{2028}、絵文字😀、</script>";
    let mut e = AuditEvent::new(Actor::System("test"), "test.canonical");
    e.purpose = Some(tricky.into());
    e.detail = Some(serde_json::json!({ "text": tricky, "n": 1.5, "list": [1, null] }));
    append_alone(&app.state, &RequestMeta::default(), &e).await.unwrap();
    append_alone(&app.state, &RequestMeta::default(), &AuditEvent::new(Actor::System("test"), "test.plain")).await.unwrap();
    let rows: Vec<EventRow> = sqlx::query_as(&format!("SELECT {EVENT_COLUMNS} FROM audit_events e ORDER BY e.id")).fetch_all(&app.state.db.pool).await.unwrap();
    let texts: Vec<String> = sqlx::query_scalar(&format!("SELECT {SQLITE_CANONICAL} FROM audit_events e ORDER BY e.id")).fetch_all(&app.state.db.pool).await.unwrap();
    assert!(rows.len() >= 2);
    for (row, text) in rows.iter().zip(&texts) {
        assert_eq!(&canonical(row), text);
    }
}
