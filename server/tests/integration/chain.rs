//! The audit record is tamper-evident: the sealer links every committed event into a hash
//! chain; `audit-verify` names the first broken link when an event is changed or deleted
//! behind the application's back, and a chain rebuilt to hide it disagrees with the
//! checkpoints written outside the database. An event added behind the application's back
//! carries no MAC made with the server's key, or repeats another's, and is named too.

use app::platform::db::Backend;
use app::platform::audit::chain::{Break, Broken, Checkpoint, store};

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
        let v = app::records::store::verify(&app.state, &[head.clone(), next.clone()]).await.unwrap();
        assert!(v.ok(), "{v:?}");
        assert_eq!((v.sealed, v.checkpoints_checked), (next.position, 2));

        // Someone with database access rewrites one event: that link is named.
        lift_protection(&app).await;
        let (third,): (i64,) = sqlx::query_as("SELECT event_id FROM audit_chain WHERE position = 3").fetch_one(&app.state.db.pool).await.unwrap();
        sqlx::query("UPDATE audit_events SET actor_id = 'someone else' WHERE id = $1").bind(third).execute(&app.state.db.pool).await.unwrap();
        let v = app::records::store::verify(&app.state, &[]).await.unwrap();
        assert_eq!(v.broken, Some(Broken { position: 3, event_id: Some(third), why: Break::Changed }));

        // A deleted event (and its link) before it is named first.
        let (second,): (i64,) = sqlx::query_as("SELECT event_id FROM audit_chain WHERE position = 2").fetch_one(&app.state.db.pool).await.unwrap();
        delete_event(&app, second).await;
        let v = app::records::store::verify(&app.state, &[]).await.unwrap();
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
        madoguchi_server::jobs::write_checkpoint(&file, &honest).unwrap();
        let written = Checkpoint::parse_file(&std::fs::read_to_string(&file).unwrap()).unwrap();
        assert_eq!(written, vec![honest.clone()]);

        // Delete an event, then throw the chain away and seal everything again: the chain is
        // consistent with itself and every event left carries its MAC, so only the
        // checkpoint can tell.
        lift_protection(&app).await;
        let first = app.count("SELECT MIN(id) FROM audit_events").await;
        delete_event(&app, first).await;
        sqlx::query("DELETE FROM audit_chain").execute(&app.state.db.pool).await.unwrap();
        let rebuilt = store::seal_all(&app.state).await.unwrap().unwrap();
        assert_eq!(rebuilt.position, honest.position - 1);
        let v = app::records::store::verify(&app.state, &[]).await.unwrap();
        assert!(v.ok(), "self-consistent without checkpoints: {v:?}");
        let v = app::records::store::verify(&app.state, &written).await.unwrap();
        assert_eq!(v.broken, Some(Broken { position: honest.position, event_id: None, why: Break::Checkpoint }));

        // The CLI's report says so, and fails.
        let (report, ok) = madoguchi_server::cli::audit_verify::verify(&app.state, &file).await.unwrap();
        assert!(!ok);
        assert!(report.contains(&format!("BROKEN: first broken link at position {}", honest.position)), "{report}");

        // An event changed and the chain rebuilt the same way: the event's MAC, made when it
        // was written, names it, checkpoints or not.
        let changed = app.count("SELECT MIN(id) FROM audit_events").await;
        sqlx::query("UPDATE audit_events SET detail = NULL WHERE id = $1").bind(changed).execute(&app.state.db.pool).await.unwrap();
        sqlx::query("DELETE FROM audit_chain").execute(&app.state.db.pool).await.unwrap();
        store::seal_all(&app.state).await.unwrap();
        let v = app::records::store::verify(&app.state, &[]).await.unwrap();
        assert_eq!(v.broken, Some(Broken { position: 1, event_id: Some(changed), why: Break::Forged }));
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
        let (report, ok) = madoguchi_server::cli::audit_verify::verify(&app.state, &file).await.unwrap();
        assert!(ok, "{report}");
        assert!(report.contains("OK:"), "{report}");
        assert_eq!(Checkpoint::parse_file(&std::fs::read_to_string(&file).unwrap()).unwrap().len(), 1);
        // An event older than a minute that no seal covers is reported (verify alone, no seal).
        some_audited_reads(&app, &staff, 1).await;
        app.clock.advance(chrono::Duration::minutes(2));
        let v = app::records::store::verify(&app.state, &[]).await.unwrap();
        assert!(v.unsealed_stale >= 1 && !v.ok(), "{v:?}");
    }
}

/// SQLite writes each event's canonical form itself during verification (one text per
/// event instead of fifteen columns); it must be the very text the sealer hashed, also for
/// quotes, control characters, non-BMP characters and absent values.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_writes_the_same_canonical_form_as_the_sealer() {
    use app::platform::audit::chain::{EVENT_COLUMNS, EventRow, SQLITE_CANONICAL, canonical};
    use app::platform::audit::{Action, AuditEvent, RequestMeta};
    use app::platform::audit::store::append_alone;
    let app = TestApp::start(app::platform::db::Backend::Sqlite).await;
    let tricky = "引用\"符\\と改行\n、タブ\t、制御\u{1}\u{1f}文字、区切り\u{1e} 空白、\u{7f}、\u{2028}、絵文字😀、</script>";
    let e = AuditEvent::system("test", Action::AuditVerify)
        .purpose(tricky)
        .detail(serde_json::json!({ "text": tricky, "n": 1.5, "list": [1, null] }));
    append_alone(&app.state, &RequestMeta::default(), &e).await.unwrap();
    append_alone(&app.state, &RequestMeta::default(), &AuditEvent::system("test", Action::AuditSearch)).await.unwrap();
    let rows: Vec<EventRow> = sqlx::query_as(&format!("SELECT {EVENT_COLUMNS} FROM audit_events e ORDER BY e.id")).fetch_all(&app.state.db.pool).await.unwrap();
    let texts: Vec<String> = sqlx::query_scalar(&format!("SELECT {SQLITE_CANONICAL} FROM audit_events e ORDER BY e.id")).fetch_all(&app.state.db.pool).await.unwrap();
    assert!(rows.len() >= 2);
    for (row, text) in rows.iter().zip(&texts) {
        assert_eq!(&canonical(row), text);
    }
    // Verification reads links joined by U+001E: one inside an event (escaped in its
    // canonical form) splits nothing.
    store::seal_all(&app.state).await.unwrap();
    let v = app::records::store::verify(&app.state, &[]).await.unwrap();
    assert!(v.ok() && v.sealed >= 2, "{v:?}");
}

/// `n` audit events written in bulk, as the application writes them (each with its MAC).
async fn bulk_events(app: &TestApp, n: i64) {
    use kit::access::{Caller, StaffRole};
    use app::platform::audit::{Action, AuditEvent, DataCategory, RequestMeta};
    let meta = RequestMeta { request_id: "bulk".into(), ip: Some("127.0.0.1".into()), user_agent: Some("test".into()) };
    let event = |i: i64| {
        AuditEvent::by(Caller::Staff { staff_id: 7, roles: vec![StaffRole::Reviewer] }, Action::RegistryView)
            .about(i % 1000 + 1)
            .data(DataCategory::Registry)
            .record(format!("members/{}", i % 1000 + 1))
            .purpose("20261122-0001")
    };
    for start in (0..n).step_by(5_000) {
        let batch: Vec<AuditEvent> = (start..(start + 5_000).min(n)).map(event).collect();
        app::platform::audit::store::append_all(&app.state, &meta, &batch).await.unwrap();
    }
}

/// Every column of an audit event but its id.
const COPY_COLUMNS: &str =
    "occurred_at, actor_kind, actor_id, actor_role, subject_member_id, action, data_category, record_ref, purpose, outcome, ip, user_agent, request_id, detail, mac";

/// An app whose record holds some real, sealed, verified traffic, and the checkpoint file
/// the CLI wrote for it.
async fn verified_app(backend: Backend, staff_number: &str) -> (TestApp, tempfile::TempDir) {
    let app = TestApp::with_registry(backend).await;
    let staff = app.signed_in_staff(staff_number, &["reviewer"]).await;
    some_audited_reads(&app, &staff, 3).await;
    let dir = tempfile::tempdir().unwrap();
    let (report, ok) =
        madoguchi_server::cli::audit_verify::verify(&app.state, &dir.path().join("checkpoints.log")).await.unwrap();
    assert!(ok, "{report}");
    (app, dir)
}

/// The link position of an event.
async fn position_of(app: &TestApp, event_id: i64) -> i64 {
    sqlx::query_scalar("SELECT position FROM audit_chain WHERE event_id = $1").bind(event_id).fetch_one(&app.state.db.pool).await.unwrap()
}

on_both_databases! {
    async fn a_made_up_event_added_as_the_newest_is_named_once_sealed(backend) {
        let (app, dir) = verified_app(backend, "S0905").await;
        // A staff read that never happened, written straight into the table — the append-only
        // triggers allow inserts. The sealer seals it like any new event.
        let now = app::platform::db::instant_text(app.state.clock.now());
        sqlx::query(
            "INSERT INTO audit_events (occurred_at, actor_kind, actor_id, actor_role, subject_member_id, action, data_category, outcome)              VALUES ($1, 'staff', '1', 'reviewer', 1, 'registry.view', 'registry', 'allowed')",
        )
        .bind(now)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
        let forged = app.count("SELECT MAX(id) FROM audit_events").await;
        let (report, ok) = madoguchi_server::cli::audit_verify::verify(&app.state, &dir.path().join("checkpoints.log")).await.unwrap();
        assert!(!ok);
        let position = position_of(&app, forged).await;
        assert!(
            report.contains(&format!(
                "BROKEN: first broken link at position {position} (audit event {forged}): no valid MAC from the application"
            )),
            "{report}"
        );
        // Verification as the auditor's page runs it names it too.
        let v = app::records::store::verify(&app.state, &[]).await.unwrap();
        assert_eq!(v.broken, Some(Broken { position, event_id: Some(forged), why: Break::Forged }));
    }
}

on_both_databases! {
    async fn a_copy_of_a_genuine_event_is_named_by_its_repeated_nonce(backend) {
        let (app, _dir) = verified_app(backend, "S0906").await;
        // A genuine staff read copied, MAC and all: the MAC does not cover the id, which
        // the database assigns, but every MAC's nonce is its own.
        let genuine = app.count("SELECT MIN(id) FROM audit_events WHERE action = 'request.queue'").await;
        sqlx::query(&format!("INSERT INTO audit_events ({COPY_COLUMNS}) SELECT {COPY_COLUMNS} FROM audit_events WHERE id = $1"))
            .bind(genuine)
            .execute(&app.state.db.pool)
            .await
            .unwrap();
        let copy = app.count("SELECT MAX(id) FROM audit_events").await;
        store::seal_all(&app.state).await.unwrap();
        let v = app::records::store::verify(&app.state, &[]).await.unwrap();
        assert_eq!(v.broken, Some(Broken { position: position_of(&app, copy).await, event_id: Some(copy), why: Break::Forged }));
    }
}

on_both_databases! {
    async fn an_event_slipped_in_among_sealed_ones_is_named(backend) {
        let (app, _dir) = verified_app(backend, "S0907").await;
        // A copy placed at a free id below the chain's head: the sealer never looks there,
        // so it stays outside the chain, whatever its MAC.
        let genuine = app.count("SELECT MIN(id) FROM audit_events WHERE action = 'request.queue'").await;
        let overriding = if backend == Backend::Postgres { "OVERRIDING SYSTEM VALUE" } else { "" };
        sqlx::query(&format!(
            "INSERT INTO audit_events (id, {COPY_COLUMNS}) {overriding} SELECT 0, {COPY_COLUMNS} FROM audit_events WHERE id = $1"
        ))
        .bind(genuine)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
        store::seal_all(&app.state).await.unwrap();
        let v = app::records::store::verify(&app.state, &[]).await.unwrap();
        match backend {
            Backend::Sqlite => assert_eq!((v.broken.clone(), v.inserted), (None, Some(0)), "{v:?}"),
            // PostgreSQL's sealer looks 10,000 ids back for events that committed late, so
            // it seals this one too — and its repeated nonce names it.
            Backend::Postgres => assert_eq!(
                v.broken.clone(),
                Some(Broken { position: position_of(&app, 0).await, event_id: Some(0), why: Break::Forged }),
                "{v:?}"
            ),
        }
        assert!(!v.ok());
        let dir = tempfile::tempdir().unwrap();
        let (report, ok) = madoguchi_server::cli::audit_verify::verify(&app.state, &dir.path().join("c.log")).await.unwrap();
        let named = match backend {
            Backend::Sqlite => "INSERTED: audit event 0, outside the chain",
            Backend::Postgres => "(audit event 0): no valid MAC",
        };
        assert!(!ok && report.contains(named), "{report}");
    }
}

on_both_databases! {
    async fn two_sealers_at_once_build_one_chain(backend) {
        // The server's sealer and `madoguchi seal` may run together. On SQLite each reads
        // and hashes its round before taking the write turn: the one that finds the head
        // moved meanwhile must start its round again, not write a second link anywhere.
        let app = TestApp::start(backend).await;
        store::seal_all(&app.state).await.unwrap();
        bulk_events(&app, 8_000).await;
        let (a, b) = tokio::join!(store::seal_all(&app.state), store::seal_all(&app.state));
        let head = [a.unwrap(), b.unwrap()].into_iter().flatten().max_by_key(|c| c.position).expect("sealed");
        let events = app.count("SELECT COUNT(*) FROM audit_events").await;
        assert_eq!(head.position, events, "every event sealed once");
        assert_eq!(app.count("SELECT COUNT(DISTINCT event_id) FROM audit_chain").await, events);
        let v = app::records::store::verify(&app.state, std::slice::from_ref(&head)).await.unwrap();
        assert!(v.ok(), "{v:?}");
    }
}

on_both_databases! {
    async fn a_long_chain_verifies_across_its_batches_and_a_change_deep_inside_is_named(backend) {
        let app = TestApp::start(backend).await;
        // 25,000 events: verification reads them in batches (several at once) and hashes
        // each batch in parallel; links at the batches' edges must build on each other.
        bulk_events(&app, 25_000).await;
        let head = store::seal_all(&app.state).await.unwrap().unwrap();
        assert!(head.position >= 25_000);
        let v = app::records::store::verify(&app.state, std::slice::from_ref(&head)).await.unwrap();
        assert!(v.ok(), "{v:?}");
        assert_eq!(v.sealed, head.position);
        // One event changed in the third batch, and one at the first batch's last link.
        lift_protection(&app).await;
        for position in [20_001, 10_000] {
            sqlx::query("UPDATE audit_events SET purpose = 'changed' WHERE id = (SELECT event_id FROM audit_chain WHERE position = $1)")
                .bind(position as i64)
                .execute(&app.state.db.pool)
                .await
                .unwrap();
        }
        let length = head.position;
        let v = app::records::store::verify(&app.state, &[head]).await.unwrap();
        assert_eq!(v.sealed, length, "every link was walked");
        let broken = v.broken.expect("the change is found");
        assert_eq!((broken.position, broken.why), (10_000, Break::Changed), "the first broken link is named");
    }
}

/// The key the fixture's events were signed with (a test key, 32 bytes of 7).
const FIXTURE_KEY: &str = "BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=";

/// Runs `server audit-verify` on a copy of the fixture database written by an earlier
/// release (51 events of every kind of actor, written alone, grouped and inside a
/// transaction, sealed in two rounds), after `tamper` has run on the copy.
fn verify_fixture(tamper: &str) -> (bool, String) {
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("audit.sqlite3");
    let checkpoints = dir.path().join("audit.checkpoints");
    std::fs::copy(fixtures.join("audit-before.sqlite3"), &db).unwrap();
    std::fs::copy(fixtures.join("audit-before.checkpoints"), &checkpoints).unwrap();
    if !tamper.is_empty() {
        let conn = rusqlite_free_exec(&db, tamper);
        assert!(conn, "the tampering statement ran");
    }
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_server"))
        .env("LEPTOS_OUTPUT_NAME", "madoguchi")
        .env("MADOGUCHI_DATABASE_URL", format!("sqlite://{}", db.display()))
        .env("MADOGUCHI_SECRET_KEY", FIXTURE_KEY)
        .args(["audit-verify", "--checkpoints", checkpoints.to_str().unwrap()])
        .output()
        .unwrap();
    (out.status.success(), String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Runs one statement on a SQLite file through the application's own driver.
fn rusqlite_free_exec(db: &std::path::Path, statements: &str) -> bool {
    let url = format!("sqlite://{}", db.display());
    let statements = statements.to_string();
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async move {
        let db = app::platform::db::connect(&url, 1).await.unwrap();
        sqlx::raw_sql(&statements).execute(&db.pool).await.is_ok()
    })
}

#[test]
fn an_audit_record_written_by_an_earlier_release_still_verifies() {
    let (ok, report) = verify_fixture("");
    assert!(ok, "{report}");
    assert!(report.contains("51 link(s) recomputed, 2 checkpoint(s)"), "{report}");
    assert!(report.contains("OK: every sealed event is intact"), "{report}");
}

#[test]
fn the_earlier_release_s_record_still_shows_a_changed_event() {
    // Not vacuous: the same check finds one changed action code.
    let (ok, report) = verify_fixture(
        "DROP TRIGGER audit_events_no_update; UPDATE audit_events SET action = 'registry.view' WHERE id = 12",
    );
    assert!(!ok, "{report}");
    assert!(report.contains("BROKEN: first broken link at position 12"), "{report}");
}

on_both_databases! {
    async fn a_request_row_deleted_or_slipped_in_behind_the_application_s_back_is_named(backend) {
        let app = TestApp::with_registry(backend).await;
        let taro = app.signed_in_member("1001", "23", "00").await;
        let form = [("request_type", "complaint"), ("idempotency_key", "reconcile-0000001-abcdef"), ("for", "self"), ("body", "窓口の対応")];
        let receipt = app.submit(&taro, &form).await;
        let id = app.count(&format!("SELECT id FROM requests WHERE receipt_number = '{receipt}'")).await;
        let dir = tempfile::tempdir().unwrap();
        let checkpoints = dir.path().join("audit.checkpoints");
        let (report, ok) = madoguchi_server::cli::audit_verify::verify(&app.state, &checkpoints).await.unwrap();
        assert!(ok, "{report}");
        assert!(report.contains("OK: every request, decision, package and correction instruction has its creation event"), "{report}");

        // A row slipped in beside it, with no creation event in the record.
        sqlx::query(
            "INSERT INTO requests (receipt_number, request_type, status, channel, requester_member_id, subject_member_id, \
             capacity, deliver_to_subject, details, fee_yen, publication_version_id, idempotency_key, received_at, received_on, \
             due_business_days, version, updated_at) SELECT '20991231-9999', request_type, status, channel, requester_member_id, \
             subject_member_id, capacity, deliver_to_subject, details, fee_yen, publication_version_id, 'slipped-in', received_at, \
             received_on, due_business_days, version, updated_at FROM requests WHERE id = $1",
        )
        .bind(id)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
        let inserted = app.count("SELECT id FROM requests WHERE receipt_number = '20991231-9999'").await;
        let (report, ok) = madoguchi_server::cli::audit_verify::verify(&app.state, &checkpoints).await.unwrap();
        assert!(!ok, "{report}");
        assert!(report.contains(&format!("ROW WITHOUT RECORD: request requests/{inserted}: 1 row(s), 0 creation event(s)")), "{report}");
        sqlx::query("DELETE FROM requests WHERE id = $1").bind(inserted).execute(&app.state.db.pool).await.unwrap();

        // The acknowledged request deleted, its events and notification with it.
        let sql = match backend {
            Backend::Sqlite => format!("PRAGMA foreign_keys = OFF; DELETE FROM requests WHERE id = {id}; PRAGMA foreign_keys = ON;"),
            Backend::Postgres => format!("ALTER TABLE requests DISABLE TRIGGER ALL; DELETE FROM requests WHERE id = {id}; ALTER TABLE requests ENABLE TRIGGER ALL;"),
        };
        sqlx::raw_sql(&sql).execute(&app.state.db.pool).await.unwrap();
        let (report, ok) = madoguchi_server::cli::audit_verify::verify(&app.state, &checkpoints).await.unwrap();
        assert!(!ok, "{report}");
        assert!(report.contains(&format!("RECORD WITHOUT ROW: request requests/{id}: 1 creation event(s)")), "{report}");
        assert!(report.contains("OK: every sealed event is intact"), "the chain itself is intact: {report}");
    }
}
