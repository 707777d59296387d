//! Retention over real databases: authentication records past their period are disposed
//! of in batches with a 廃棄記録 each, the audit chain still verifies (and still catches an
//! event removed without one), and an interrupted run leaves nothing half done.

use app::platform::db::Backend;
use app::platform::audit::chain::store::seal_all;
use app::records::store::verify;
use app::retention::store::{BATCH, purge};
use app::retention::{Kind, RetentionPolicy};
use kit::time::Clock;
use chrono::Duration;

use crate::on_both_databases;
use crate::support::TestApp;

impl TestApp {
    /// A member signing in over HTTP (and a second, replayed code refused): two
    /// authentication events; a staff look-up of that member: a read that is kept.
    async fn some_authentication(&self) {
        self.signed_in_member("1001", "23", "00").await;
        let code = self.totp(0);
        for _ in 0..2 {
            self.post_api("/api/login", None, &[("identifier", "1001-23-00"), ("password", TestApp::PASSWORD), ("code", &code), ("next", "")]).await;
        }
        let clerk = self.signed_in_staff("S0701", &["intake"]).await;
        assert_eq!(self.get_api("/api/staff/member?key=1001-23-00", &clerk).await.status(), 200);
    }

    async fn auth_events(&self) -> i64 {
        self.count("SELECT COUNT(*) FROM audit_events WHERE action IN ('login.succeeded', 'login.failed')").await
    }
}

on_both_databases! {
    async fn authentication_records_past_their_period_are_disposed_of_and_the_chain_still_verifies(backend) {
        let app = TestApp::with_registry(backend).await;
        app.some_authentication().await;
        seal_all(&app.state).await.unwrap();
        let logins = app.auth_events().await;
        assert_eq!(logins, 2);
        let kept = app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'staff.member_lookup'").await;
        assert_eq!(kept, 1);
        let policy = RetentionPolicy::default();
        // Within the period nothing goes.
        let report = purge(&app.state, &policy).await.unwrap();
        assert!(report.iter().all(|(_, n)| *n == 0), "{report:?}");
        assert_eq!(app.count("SELECT COUNT(*) FROM disposal_records").await, 0);

        // A year and a day later: sign-ins, sessions and failures go; the look-up stays.
        app.clock.set(app.clock.now() + Duration::days(366));
        let report = purge(&app.state, &policy).await.unwrap();
        let removed = |k: Kind| report.iter().find(|(kind, _)| *kind == k).map(|(_, n)| *n).unwrap();
        assert!(removed(Kind::AuthenticationEvents) >= logins, "{report:?}");
        assert!(removed(Kind::Sessions) >= 2, "{report:?}");
        assert_eq!(app.auth_events().await, 0);
        assert_eq!(app.count("SELECT COUNT(*) FROM sessions").await, 0);
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'staff.member_lookup'").await, kept);
        // Each batch has its 廃棄記録, recorded in the audit record too.
        let (count, items): (i64, String) =
            sqlx::query_as("SELECT count, items FROM disposal_records WHERE kind = 'authentication_events'").fetch_one(&app.state.db.pool).await.unwrap();
        assert_eq!(count, removed(Kind::AuthenticationEvents));
        assert_eq!(serde_json::from_str::<Vec<i64>>(&items).unwrap().len() as i64, count);
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'retention.dispose'").await, app.count("SELECT COUNT(*) FROM disposal_records").await);
        // The chain still verifies: the disposed events' links stand in for them.
        seal_all(&app.state).await.unwrap();
        let v = verify(&app.state, &[]).await.unwrap();
        assert!(v.ok(), "{v:?}");
        // Nothing more is due: a second run removes and records nothing.
        let before = app.count("SELECT COUNT(*) FROM disposal_records").await;
        assert!(purge(&app.state, &policy).await.unwrap().iter().all(|(_, n)| *n == 0));
        assert_eq!(app.count("SELECT COUNT(*) FROM disposal_records").await, before);
        // An event removed without a 廃棄記録 is still a break, named by verification.
        let victim: i64 = sqlx::query_scalar("SELECT id FROM audit_events WHERE action = 'staff.member_lookup'").fetch_one(&app.state.db.pool).await.unwrap();
        sqlx::query("INSERT INTO audit_disposal_permits (event_id) VALUES ($1)").bind(victim).execute(&app.state.db.pool).await.unwrap();
        sqlx::query("DELETE FROM audit_events WHERE id = $1").bind(victim).execute(&app.state.db.pool).await.unwrap();
        let v = verify(&app.state, &[]).await.unwrap();
        let broken = v.broken.expect("the removed event is found");
        assert_eq!((broken.event_id, broken.why), (Some(victim), app::platform::audit::chain::Break::Missing));
        // Nor can a forged 廃棄記録 cover it: its digest is not the one the sealed event carries.
        let event_id: i64 = sqlx::query_scalar("SELECT audit_event_id FROM disposal_records").fetch_one(&app.state.db.pool).await.unwrap();
        let forged = serde_json::json!([victim]).to_string();
        sqlx::query(
            "INSERT INTO disposal_records (kind, older_than, count, items, items_sha256, audit_event_id, disposed_at) \
             VALUES ('authentication_events', 'x', 1, $1, $2, $3, 'x')",
        )
        .bind(&forged)
        .bind(app::retention::store::digest(&[victim]))
        .bind(event_id)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
        assert!(!verify(&app.state, &[]).await.unwrap().ok());
    }
}

on_both_databases! {
    async fn an_interrupted_purge_leaves_nothing_half_done_and_the_next_run_resumes_in_batches(backend) {
        let app = TestApp::with_registry(backend).await;
        app.some_authentication().await;
        seal_all(&app.state).await.unwrap();
        // 2,500 old failed sign-ins: three batches
        sqlx::query(
            "INSERT INTO login_failures (account_key, ip, failed_at) \
             WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2500) \
             SELECT 'member:1', '192.0.2.1', '2025-01-01T00:00:00.000000Z' FROM n",
        )
        .execute(&app.state.db.pool)
        .await
        .unwrap();
        // (and the replayed code's failure)
        let failures = app.count("SELECT COUNT(*) FROM login_failures").await;
        assert_eq!(failures, 2501);
        app.clock.set(app.clock.now() + Duration::days(366));
        // A fault part-way: the 廃棄記録 cannot be written.
        let (fail, heal): (&[&str], &[&str]) = match app.state.db.backend {
            Backend::Sqlite => (
                &["CREATE TRIGGER injected_fault BEFORE INSERT ON disposal_records BEGIN SELECT RAISE(ABORT, 'injected fault'); END"],
                &["DROP TRIGGER injected_fault"],
            ),
            Backend::Postgres => (
                &[
                    "CREATE FUNCTION injected_fault() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected fault'; END; $$",
                    "CREATE TRIGGER injected_fault BEFORE INSERT ON disposal_records FOR EACH ROW EXECUTE FUNCTION injected_fault()",
                ],
                &["DROP TRIGGER injected_fault ON disposal_records", "DROP FUNCTION injected_fault()"],
            ),
        };
        for sql in fail {
            sqlx::query(sql).execute(&app.state.db.pool).await.unwrap();
        }
        let logins = app.auth_events().await;
        assert!(purge(&app.state, &RetentionPolicy::default()).await.is_err());
        assert_eq!(app.auth_events().await, logins, "nothing removed without its record");
        assert_eq!(app.count("SELECT COUNT(*) FROM login_failures").await, failures);
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_disposal_permits").await, 0);
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'retention.dispose'").await, 0);
        for sql in heal {
            sqlx::query(sql).execute(&app.state.db.pool).await.unwrap();
        }
        // The next run does it all, once, in batches.
        purge(&app.state, &RetentionPolicy::default()).await.unwrap();
        assert_eq!(app.auth_events().await, 0);
        assert_eq!(app.count("SELECT COUNT(*) FROM login_failures").await, 0);
        let counts: Vec<i64> = sqlx::query_scalar("SELECT count FROM disposal_records WHERE kind = 'login_failures' ORDER BY id")
            .fetch_all(&app.state.db.pool)
            .await
            .unwrap();
        assert_eq!(counts, vec![BATCH, BATCH, failures - 2 * BATCH]);
        seal_all(&app.state).await.unwrap();
        assert!(verify(&app.state, &[]).await.unwrap().ok());
    }
}

on_both_databases! {
    async fn closed_requests_leave_with_everything_they_hold_after_five_years_and_others_stay(backend) {
        let app = TestApp::with_registry(backend).await;
        let taro = app.signed_in_member("1001", "23", "00").await;
        let reviewer = app.signed_in_staff("S0711", &["reviewer"]).await;
        let approver = app.signed_in_staff("S0712", &["approver"]).await;
        // A 開示 decided, approved and released with its package: closed.
        let done = app.request_in_review(&taro, &reviewer, 71, "disclosure", &[("categories", "qualification"), ("method", "electronic")]).await;
        app.post_api("/api/staff/package/start", Some(&reviewer), &[("receipt", &done)]).await;
        let res = app.decide(&reviewer, &done, &[("outcome", "full_disclosure"), ("ground", "33-1"), ("fee", "paid")]).await;
        assert!(res.headers().contains_key("location"), "{}", res.status());
        assert!(app.review(&approver, &done, "approve", "").await.headers().contains_key("location"));
        assert_eq!(app.status(&done).await, "notified");
        // A 利用停止 carried out: its instruction to the core system is still open, so it stays.
        // One still in review stays.
        let suspended = app
            .request_in_review(&taro, &reviewer, 72, "suspension", &[("measure", "stop_use"), ("target", "健診結果の保健指導への利用"), ("ground", "rights_harmed"), ("explanation", "希望しません")])
            .await;
        assert!(app.decide(&reviewer, &suspended, &[("outcome", "suspended"), ("ground", "35-6-rights"), ("scope[notice_lines]", "1")]).await.headers().contains_key("location"));
        let open = app.request_in_review(&taro, &reviewer, 73, "purpose_notice", &[]).await;
        let id_of = |receipt: String| {
            let pool = app.state.db.pool.clone();
            async move { sqlx::query_scalar::<_, i64>("SELECT id FROM requests WHERE receipt_number = $1").bind(receipt).fetch_one(&pool).await.unwrap() }
        };
        let done_id = id_of(done.clone()).await;
        let parts = |id: i64| {
            let app = &app;
            async move {
                let mut n = 0;
                for table in ["request_events", "request_decisions", "member_notifications", "disclosure_packages"] {
                    n += app.count(&format!("SELECT COUNT(*) FROM {table} WHERE request_id = {id}")).await;
                }
                n + app.count(&format!("SELECT COUNT(*) FROM package_exclusions x JOIN disclosure_packages p ON p.id = x.package_id WHERE p.request_id = {id}")).await
            }
        };
        assert!(parts(done_id).await >= 5, "events, decision, notification and package exist");
        let requests = app.count("SELECT COUNT(*) FROM requests").await;
        let policy = RetentionPolicy::default();
        let removed = |report: &[(Kind, i64)]| report.iter().find(|(k, _)| *k == Kind::ClosedRequests).map(|(_, n)| *n).unwrap();

        // Four years and eleven months on, nothing of them goes.
        app.clock.set(app.clock.now() + Duration::days(5 * 365 - 30));
        assert_eq!(removed(&purge(&app.state, &policy).await.unwrap()), 0);
        assert_eq!(app.count("SELECT COUNT(*) FROM requests").await, requests);

        // Five years and a day after it closed, the 開示 goes with all its parts, in one record.
        app.clock.set(app.clock.now() + Duration::days(32));
        assert_eq!(removed(&purge(&app.state, &policy).await.unwrap()), 1);
        assert_eq!(app.count("SELECT COUNT(*) FROM requests").await, requests - 1);
        assert_eq!(parts(done_id).await, 0, "nothing of the request is left");
        assert_eq!(app.count("SELECT COUNT(*) FROM request_disposal_permits").await, 0);
        for kept in [&suspended, &open] {
            let id = id_of(kept.to_string()).await;
            assert!(app.count(&format!("SELECT COUNT(*) FROM request_events WHERE request_id = {id}")).await > 0, "{kept} stays");
        }
        let (count, first, items): (i64, String, String) =
            sqlx::query_as("SELECT count, first_ref, items FROM disposal_records WHERE kind = 'closed_requests'").fetch_one(&app.state.db.pool).await.unwrap();
        assert_eq!((count, first.as_str()), (1, done.as_str()), "the 廃棄記録 names the 受付番号");
        assert_eq!(serde_json::from_str::<Vec<i64>>(&items).unwrap(), vec![done_id]);
        // The member's list no longer has it; the audit record of it stays and verifies.
        let taro = app.signed_in_member("1001", "23", "00").await;
        let list = app.get_api("/api/requests/mine", &taro).await.text().await.unwrap();
        assert!(!list.contains(&done) && list.contains(&open), "{list}");
        seal_all(&app.state).await.unwrap();
        assert!(verify(&app.state, &[]).await.unwrap().ok());
        // A request's records still cannot be deleted outside a disposal.
        let sid = id_of(suspended.clone()).await;
        assert!(sqlx::query("DELETE FROM request_events WHERE request_id = $1").bind(sid).execute(&app.state.db.pool).await.is_err());
        assert!(sqlx::query("DELETE FROM request_decisions WHERE request_id = $1").bind(sid).execute(&app.state.db.pool).await.is_err());
        // Nothing more is due.
        assert_eq!(removed(&purge(&app.state, &policy).await.unwrap()), 0);
    }
}
