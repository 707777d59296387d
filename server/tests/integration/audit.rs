//! The audit record: written in the transaction of the change it records (so a failed
//! record rolls the change back), before a read (fail closed), and append-only.

use app::platform::db::Backend;
use kit::error::AppError;
use app::publication::store::{load_file, publish};
use app::platform::audit::{Action, Actor, AuditEvent, DataCategory, RequestMeta};
use app::platform::audit::store::audited_read;

use crate::on_both_databases;
use crate::support::{TestApp, demo_dir};

/// Makes every audit insert fail, as a full disk or a broken table would.
async fn break_audit_writes(app: &TestApp) {
    let statements: &[&str] = match app.backend {
        Backend::Sqlite => &[
            "CREATE TRIGGER audit_broken BEFORE INSERT ON audit_events BEGIN SELECT RAISE(ABORT, 'audit store unavailable'); END",
        ],
        Backend::Postgres => &[
            "CREATE FUNCTION audit_broken() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit store unavailable'; END; $$",
            "CREATE TRIGGER audit_broken BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION audit_broken()",
        ],
    };
    for s in statements {
        sqlx::raw_sql(s).execute(&app.state.db.pool).await.unwrap();
    }
}

on_both_databases! {
    async fn a_change_whose_audit_record_fails_is_rolled_back(backend) {
        let app = TestApp::start(backend).await;
        let mut file = load_file(&demo_dir().join("publication-2025-04-01.json")).unwrap();
        file.label = "2027年4月1日版".into();
        file.effective_date = "2027-04-01".parse().unwrap();
        let versions_before = app.count("SELECT COUNT(*) FROM publication_versions").await;
        let events_before = app.count("SELECT COUNT(*) FROM audit_events").await;

        break_audit_writes(&app).await;
        let result = publish(&app.state, &RequestMeta::default(), Actor::System("test"), &file).await;
        assert!(matches!(result, Err(AppError::Internal { .. })), "{result:?}");
        assert_eq!(app.count("SELECT COUNT(*) FROM publication_versions").await, versions_before, "the change stayed without its record");
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_events").await, events_before);
    }
}

on_both_databases! {
    async fn each_published_version_has_its_audit_event(backend) {
        let app = TestApp::start(backend).await;
        let n = app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'publication.publish' AND actor_kind = 'system' AND record_ref LIKE 'publication_versions/%'").await;
        assert_eq!(n, app.count("SELECT COUNT(*) FROM publication_versions").await);
    }
}

on_both_databases! {
    async fn a_read_whose_record_cannot_be_written_is_not_served(backend) {
        let app = TestApp::start(backend).await;
        let meta = RequestMeta { request_id: "r1".into(), ip: Some("192.0.2.1".into()), user_agent: Some("test".into()) };
        let event = AuditEvent::system("test", Action::RegistryView)
            .about(42)
            .data(DataCategory::Registry);

        // Recorded first, then served.
        let served = audited_read(&app.state, &meta, event.clone(), || async { Ok::<_, AppError>("data") }).await;
        assert_eq!(served, Ok("data"));
        let row: (String, Option<i64>, Option<String>, Option<String>, String) = sqlx::query_as(
            "SELECT action, subject_member_id, ip, request_id, outcome FROM audit_events WHERE action = 'registry.view'",
        )
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
        assert_eq!(row, ("registry.view".into(), Some(42), Some("192.0.2.1".into()), Some("r1".into()), "allowed".into()));

        // Without a record, the read never runs.
        break_audit_writes(&app).await;
        let ran = std::sync::atomic::AtomicBool::new(false);
        let served = audited_read(&app.state, &meta, event, || async {
            ran.store(true, std::sync::atomic::Ordering::SeqCst);
            Ok::<_, AppError>("data")
        })
        .await;
        assert!(matches!(served, Err(AppError::Internal { .. })));
        assert!(!ran.load(std::sync::atomic::Ordering::SeqCst), "the read ran without its record");
    }
}

on_both_databases! {
    async fn audit_events_are_append_only(backend) {
        let app = TestApp::start(backend).await;
        assert!(app.count("SELECT COUNT(*) FROM audit_events").await > 0);
        for sql in ["UPDATE audit_events SET action = 'x'", "DELETE FROM audit_events"] {
            assert!(sqlx::query(sql).execute(&app.state.db.pool).await.is_err(), "{sql} succeeded");
        }
        if app.backend == Backend::Postgres {
            assert!(sqlx::query("TRUNCATE audit_events").execute(&app.state.db.pool).await.is_err());
        }
    }
}
