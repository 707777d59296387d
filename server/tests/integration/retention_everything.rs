//! Retention of everything the portal holds, over real databases: a database with every
//! kind of record, some past its period and some within, loses exactly what is due — as
//! the dry run said beforehand — in batches with one 廃棄記録 each; the audit chain still
//! verifies and still names an event removed by hand; an interrupted run leaves whole
//! batches only; a former member stays while a request of theirs is kept.

use app::platform::audit::chain::store::seal_all;
use app::platform::audit::{Action, AuditEvent, DataCategory, RequestMeta};
use app::platform::db::Backend;
use app::records::store::verify;
use app::retention::store::{BATCH, dry_run, run};
use app::retention::{Disposal, Kind, RetentionPolicy};
use kit::access::{Caller, StaffRole};
use kit::time::Clock;

use crate::on_both_databases;
use crate::support::TestApp;

/// What a report says of one kind, without the batches (a dry run makes none).
fn said(report: &[Disposal]) -> Vec<(Kind, i64, String, Option<String>, Option<String>)> {
    report.iter().map(|d| (d.kind, d.count, d.cutoff.shown(), d.first.clone(), d.last.clone())).collect()
}

fn count_of(report: &[Disposal], kind: Kind) -> i64 {
    report.iter().find(|d| d.kind == kind).map(|d| d.count).unwrap()
}

impl TestApp {
    async fn at(&self, instant: &str) {
        self.clock.set(instant.parse().unwrap());
    }

    /// An audit event by a staff member, now by the test's clock, about `member`, naming
    /// `record`; its id.
    async fn staff_event(&self, action: Action, member: Option<i64>, record: &str) -> i64 {
        let caller = Caller::Staff { staff_id: 1, roles: vec![StaffRole::Reviewer] };
        let event = AuditEvent::by(caller, action).about(member).data(DataCategory::Registry).record(record.to_string());
        app::platform::audit::store::append_alone(&self.state, &RequestMeta::default(), &event).await.unwrap();
        sqlx::query_scalar("SELECT MAX(id) FROM audit_events").fetch_one(&self.state.db.pool).await.unwrap()
    }

    async fn ledger_entry(&self, member: i64, occurred_on: &str, recorded_at: &str) -> i64 {
        let staff: i64 = sqlx::query_scalar("SELECT MIN(id) FROM staff").fetch_one(&self.state.db.pool).await.unwrap();
        sqlx::query_scalar(
            "INSERT INTO provision_records (direction, occurred_on, counterparty, subject_member_id, items, basis, basis_detail, recorded_by, recorded_at) \
             VALUES ('provided', $1, '損害保険会社', $2, '氏名', 'law', '第三者行為の求償', $3, $4) RETURNING id",
        )
        .bind(occurred_on)
        .bind(member)
        .bind(staff)
        .bind(recorded_at)
        .fetch_one(&self.state.db.pool)
        .await
        .unwrap()
    }

    async fn notice_line(&self, member: i64, month: &str, provider: &str) {
        sqlx::query(
            "INSERT INTO notice_lines (member_id, month, provider, category, days, total_cost, copay, high_cost, additional, source, imported_at) \
             VALUES ($1, $2, $3, 'outpatient', 1, 10000, 3000, 0, 0, 'import:test', '2026-11-22T00:00:00.000000Z')",
        )
        .bind(member)
        .bind(month)
        .bind(provider)
        .execute(&self.state.db.pool)
        .await
        .unwrap();
        sqlx::query(
            "INSERT INTO notice_latest (member_id, month) VALUES ($1, $2) ON CONFLICT (member_id) \
             DO UPDATE SET month = excluded.month WHERE excluded.month > notice_latest.month",
        )
        .bind(member)
        .bind(month)
        .execute(&self.state.db.pool)
        .await
        .unwrap();
    }

    async fn table_counts(&self, tables: &[&str]) -> Vec<i64> {
        let mut out = Vec::new();
        for t in tables {
            out.push(self.count(&format!("SELECT COUNT(*) FROM {t}")).await);
        }
        out
    }

    async fn ids(&self, sql: &str) -> Vec<i64> {
        sqlx::query_scalar(sql).fetch_all(&self.state.db.pool).await.unwrap()
    }

    async fn texts(&self, sql: &str) -> Vec<String> {
        sqlx::query_scalar(sql).fetch_all(&self.state.db.pool).await.unwrap()
    }

    async fn request_id(&self, receipt: &str) -> i64 {
        sqlx::query_scalar("SELECT id FROM requests WHERE receipt_number = $1").bind(receipt).fetch_one(&self.state.db.pool).await.unwrap()
    }

    /// Every batch has its 廃棄記録 and its `retention.dispose` event, and the records of a
    /// kind add up to what the run reported.
    async fn one_record_per_batch(&self, report: &[Disposal]) {
        for d in report {
            let (records, total): (i64, Option<i64>) =
                sqlx::query_as("SELECT COUNT(*), CAST(SUM(count) AS BIGINT) FROM disposal_records WHERE kind = $1 AND disposed_at = $2")
                    .bind(d.kind.code())
                    .bind(app::platform::db::instant_text(self.clock.now()))
                    .fetch_one(&self.state.db.pool)
                    .await
                    .unwrap();
            assert_eq!((records, total.unwrap_or(0)), (d.batches, d.count), "{d:?}");
        }
        assert_eq!(
            self.count("SELECT COUNT(*) FROM audit_events WHERE action = 'retention.dispose'").await,
            self.count("SELECT COUNT(*) FROM disposal_records").await
        );
    }
}

on_both_databases! {
    async fn every_kind_past_its_period_goes_exactly_as_the_dry_run_said_and_the_rest_stays(backend) {
        let app = TestApp::with_registry(backend).await;
        // Audit events kept one year (configurable): old enough to show what keeps them.
        let policy = RetentionPolicy { audit_years: 1, ..RetentionPolicy::default() };
        // 2026-11-22. 太郎 signs in over HTTP (authentication events), and has a request
        // answered and one still open.
        let taro = app.member_id("1001", "23", "00").await;
        let cookie = app.signed_in_member("1001", "23", "00").await;
        let code = app.totp(0);
        let login = [("identifier", "1001-23-00"), ("password", TestApp::PASSWORD), ("code", code.as_str()), ("next", "")];
        assert_eq!(app.post_api("/api/login", None, &login).await.status(), 200);
        let reviewer = app.signed_in_staff("S0901", &["reviewer"]).await;
        let answered = app.request_in_review(&cookie, &reviewer, 901, "purpose_notice", &[("categories", "receipts")]).await;
        assert!(app.decide(&reviewer, &answered, &[("outcome", "purpose_notified")]).await.headers().contains_key("location"));
        assert_eq!(app.status(&answered).await, "notified");
        let open = app.request_in_review(&cookie, &reviewer, 902, "purpose_notice", &[("categories", "receipts")]).await;
        let (answered_id, open_id) = (app.request_id(&answered).await, app.request_id(&open).await);
        // 次郎 lost coverage on 2025-03-31; he has an account and what hangs off it, and
        // staff looked him up.
        let jiro = app.member_id("1002", "45", "00").await;
        app.signed_in_member("1002", "45", "00").await;
        let clerk = app.signed_in_staff("S0902", &["intake"]).await;
        assert_eq!(app.get_api("/api/staff/member?key=1002-45-00", &clerk).await.status(), 200);
        let account: i64 = sqlx::query_scalar("SELECT id FROM member_accounts WHERE member_id = $1").bind(jiro).fetch_one(&app.state.db.pool).await.unwrap();
        for sql in [
            "INSERT INTO household_display (member_id, choice, source, recorded_at) VALUES ($1, 'opt_out', 'self', '2026-11-22T00:00:00.000000Z')",
            "INSERT INTO member_history (member_id, field, old_value, new_value, source, changed_at) VALUES ($1, 'address', 'a', 'b', 'import:x', '2026-11-22T00:00:00.000000Z')",
            "INSERT INTO member_notifications (member_id, kind, created_at) VALUES ($1, 'publication', '2026-11-22T00:00:00.000000Z')",
        ] {
            sqlx::query(sql).bind(jiro).execute(&app.state.db.pool).await.unwrap();
        }
        sqlx::query("INSERT INTO recovery_codes (account_id, code_hash, created_at) VALUES ($1, 'x', '2026-11-22T00:00:00.000000Z')")
            .bind(account)
            .execute(&app.state.db.pool)
            .await
            .unwrap();
        // 三郎 lost coverage on 2026-06-30 and has a request open.
        let saburo = app.member_id("1003", "7", "00").await;
        sqlx::query("UPDATE members SET lost_on = '2026-06-30' WHERE id = $1").bind(saburo).execute(&app.state.db.pool).await.unwrap();
        let saburo_cookie = app.signed_in_member("1003", "7", "00").await;
        let saburos = app.request_in_review(&saburo_cookie, &reviewer, 903, "purpose_notice", &[("categories", "receipts")]).await;
        // 医療費のお知らせ: 花子 only in 2026, 次郎 in 2025, 太郎 in 2026 and 2027.
        let hanako = app.member_id("1001", "23", "01").await;
        app.notice_line(hanako, "2026-05", "丸の内クリニック").await;
        app.notice_line(jiro, "2025-02", "浦和医院").await;
        app.notice_line(jiro, "2025-02", "緑町薬局").await;
        app.notice_line(taro, "2026-12", "丸の内クリニック").await;
        app.notice_line(taro, "2027-01", "丸の内クリニック").await;
        // The ledger: two entries made now, one imported in 2029 about a provision of 2020,
        // one of 2029; events naming an entry of each kind.
        let due_entry = app.ledger_entry(taro, "2026-11-01", "2026-11-22T00:00:00.000000Z").await;
        let jiros_entry = app.ledger_entry(jiro, "2026-10-01", "2026-11-22T00:00:00.000000Z").await;
        let event_of_due_entry = app.staff_event(Action::ProvisionRecord, Some(taro), &format!("provision_records/{due_entry}")).await;
        seal_all(&app.state).await.unwrap();
        app.at("2029-06-02T00:00:00Z").await;
        let late_entry = app.ledger_entry(taro, "2020-01-01", "2029-06-01T00:00:00.000000Z").await;
        let recent_entry = app.ledger_entry(taro, "2029-06-01", "2029-06-02T00:00:00.000000Z").await;
        let event_of_late_entry = app.staff_event(Action::ProvisionRecord, Some(taro), &format!("provision_records/{late_entry}")).await;
        // A read of 太郎's data in 2031 (within a year of the run below).
        app.at("2031-06-01T00:00:00Z").await;
        let recent_read = app.staff_event(Action::RegistryView, Some(taro), &format!("members/{taro}")).await;
        seal_all(&app.state).await.unwrap();
        let events_about_open = app.count(&format!("SELECT COUNT(*) FROM audit_events WHERE record_ref = 'requests/{open_id}'")).await;
        assert!(events_about_open >= 2, "the submission and the review");

        // 2032-02-01: everything of 2026 is past its period, except what something kept needs;
        // the events of 2029 are past theirs (a year) too.
        app.at("2032-02-01T01:00:00Z").await;
        let tables = [
            "requests", "request_events", "notice_lines", "notice_latest", "provision_records", "audit_events", "members",
            "member_accounts", "sessions", "household_display", "member_history", "recovery_codes", "member_notifications", "disposal_records",
        ];
        let before = app.table_counts(&tables).await;
        let planned = dry_run(&app.state, &policy).await.unwrap();
        assert_eq!(app.table_counts(&tables).await, before, "a dry run changes nothing");
        assert_eq!(said(&dry_run(&app.state, &policy).await.unwrap()), said(&planned), "and says the same twice");
        let report = run(&app.state, &policy).await.unwrap();
        assert_eq!(said(&report), said(&planned), "the run disposes of what the dry run said");
        app.one_record_per_batch(&report).await;

        // Requests: the answered one is gone; the open ones stay, 三郎's too.
        assert_eq!(count_of(&report, Kind::ClosedRequests), 1);
        let first = report.iter().find(|d| d.kind == Kind::ClosedRequests).unwrap().first.clone();
        assert_eq!(first.as_deref(), Some(answered.as_str()), "named by its 受付番号");
        assert_eq!(app.ids("SELECT id FROM requests ORDER BY id").await, vec![open_id, app.request_id(&saburos).await]);
        // Notice lines: only 太郎's of 2027 (the year ends in 2027; five more years); the
        // newest month stays only for those with lines left.
        assert_eq!(count_of(&report, Kind::NoticeLines), 4);
        assert_eq!(app.texts("SELECT month FROM notice_lines").await, vec!["2027-01".to_string()]);
        assert_eq!(app.ids("SELECT member_id FROM notice_latest").await, vec![taro]);
        // The ledger: the entries made in 2026 go; one recorded in 2029 stays however old its
        // provision, and so does one of 2029.
        assert_eq!(count_of(&report, Kind::ProvisionRecords), 2);
        assert_eq!(app.ids("SELECT id FROM provision_records ORDER BY id").await, vec![late_entry, recent_entry]);
        assert!(jiros_entry < late_entry);
        // Audit events: sign-ins and the old reads go; the events about the open requests and
        // about a kept ledger entry stay however old; the read of 2031 stays.
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_events WHERE action IN ('login.succeeded', 'staff.member_lookup')").await, 0);
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM audit_events WHERE record_ref = 'requests/{answered_id}'")).await, 0);
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM audit_events WHERE record_ref = 'requests/{open_id}'")).await, events_about_open);
        let kept = app.ids(&format!("SELECT id FROM audit_events WHERE id IN ({event_of_due_entry}, {event_of_late_entry}, {recent_read}) ORDER BY id")).await;
        assert_eq!(kept, vec![event_of_late_entry, recent_read]);
        assert!(count_of(&report, Kind::AuditEvents) > 0 && count_of(&report, Kind::AuthenticationEvents) > 0);
        // Former members: 次郎 (nothing kept names him any more) goes with his account and what
        // hangs off it, in the same run; 三郎 stays for his open request.
        assert_eq!(count_of(&report, Kind::FormerMembers), 1);
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM members WHERE id IN ({jiro}, {saburo}, {taro})")).await, 2);
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM members WHERE id = {saburo}")).await, 1);
        for t in ["member_accounts", "household_display", "member_history", "member_notifications"] {
            assert_eq!(app.count(&format!("SELECT COUNT(*) FROM {t} WHERE member_id = {jiro}")).await, 0, "{t}");
        }
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM recovery_codes WHERE account_id = {account}")).await, 0);
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM member_accounts WHERE member_id = {saburo}")).await, 1);
        assert_eq!(app.count("SELECT COUNT(*) FROM member_disposal_permits").await + app.count("SELECT COUNT(*) FROM audit_disposal_permits").await, 0);

        // The chain verifies, and the tables still reconcile with the record.
        seal_all(&app.state).await.unwrap();
        let v = verify(&app.state, &[]).await.unwrap();
        assert!(v.ok(), "{v:?}");
        assert_eq!(app::records::store::reconcile(&app.state).await.unwrap(), vec![]);
        // Nothing more is due: the dry run and the run both find nothing.
        assert!(dry_run(&app.state, &policy).await.unwrap().iter().all(|d| d.count == 0));
        let records = app.count("SELECT COUNT(*) FROM disposal_records").await;
        assert!(run(&app.state, &policy).await.unwrap().iter().all(|d| d.count == 0));
        assert_eq!(app.count("SELECT COUNT(*) FROM disposal_records").await, records);
        // One more event deleted by hand is a break, named by verification.
        sqlx::query("INSERT INTO audit_disposal_permits (event_id) VALUES ($1)").bind(recent_read).execute(&app.state.db.pool).await.unwrap();
        sqlx::query("DELETE FROM audit_events WHERE id = $1").bind(recent_read).execute(&app.state.db.pool).await.unwrap();
        let broken = verify(&app.state, &[]).await.unwrap().broken.expect("the removed event is found");
        assert_eq!((broken.event_id, broken.why), (Some(recent_read), app::platform::audit::chain::Break::Missing));
    }
}

on_both_databases! {
    async fn a_former_member_stays_while_a_request_of_theirs_is_kept_and_goes_after_it(backend) {
        let app = TestApp::with_registry(backend).await;
        let policy = RetentionPolicy::default();
        let (saburo, jiro) = (app.member_id("1003", "7", "00").await, app.member_id("1002", "45", "00").await);
        sqlx::query("UPDATE members SET lost_on = '2026-06-30' WHERE id = $1").bind(saburo).execute(&app.state.db.pool).await.unwrap();
        let cookie = app.signed_in_member("1003", "7", "00").await;
        let reviewer = app.signed_in_staff("S0911", &["reviewer"]).await;
        let r = app.request_in_review(&cookie, &reviewer, 911, "purpose_notice", &[("categories", "receipts")]).await;
        seal_all(&app.state).await.unwrap();
        let members = app.count("SELECT COUNT(*) FROM members").await;
        // Ten years on, his sign-in period long over and his events past five years: the
        // open request keeps him (and the events about it).
        app.at("2036-11-22T01:00:00Z").await;
        let report = run(&app.state, &policy).await.unwrap();
        let gone = report.iter().find(|d| d.kind == Kind::FormerMembers).unwrap();
        assert_eq!((gone.count, gone.first.clone()), (1, Some(jiro.to_string())), "次郎 (資格喪失 2025-03-31, nothing of his held), not 三郎");
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM members WHERE id = {saburo}")).await, 1);
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM member_accounts WHERE member_id = {saburo}")).await, 1);
        // Staff answer it then; five years later it goes, and he with it (and no one else:
        // the registry's current members stay).
        let reviewer = app.signed_in_staff("S0912", &["reviewer"]).await;
        assert!(app.decide(&reviewer, &r, &[("outcome", "purpose_notified")]).await.headers().contains_key("location"));
        seal_all(&app.state).await.unwrap();
        app.at("2041-11-01T01:00:00Z").await;
        assert_eq!(count_of(&run(&app.state, &policy).await.unwrap(), Kind::FormerMembers), 0, "the answer's events are within five years");
        app.at("2042-01-01T01:00:00Z").await;
        let planned = dry_run(&app.state, &policy).await.unwrap();
        let report = run(&app.state, &policy).await.unwrap();
        assert_eq!(said(&report), said(&planned));
        assert_eq!(count_of(&report, Kind::ClosedRequests), 1);
        let gone = report.iter().find(|d| d.kind == Kind::FormerMembers).unwrap();
        assert_eq!((gone.count, gone.first.clone()), (1, Some(saburo.to_string())), "{report:?}");
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM members WHERE id = {saburo}")).await, 0);
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM member_accounts WHERE member_id = {saburo}")).await, 0);
        // 次郎 went at the first run; the rest stay.
        assert_eq!(app.count("SELECT COUNT(*) FROM members").await, members - 2);
        seal_all(&app.state).await.unwrap();
        assert!(verify(&app.state, &[]).await.unwrap().ok());
        assert_eq!(app::records::store::reconcile(&app.state).await.unwrap(), vec![]);
    }
}

on_both_databases! {
    async fn notice_lines_interrupted_mid_run_leave_whole_batches_and_the_next_run_finishes(backend) {
        let app = TestApp::with_registry(backend).await;
        let taro = app.member_id("1001", "23", "00").await;
        // 2,500 lines of 2020 and one of 2026: three batches due.
        sqlx::query(&format!(
            "INSERT INTO notice_lines (member_id, month, provider, category, days, total_cost, copay, high_cost, additional, source, imported_at) \
             WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2500) \
             SELECT {taro}, '2020-01', 'clinic-' || CAST(i AS TEXT), 'outpatient', 1, 100, 30, 0, 0, 'import:test', 'x' FROM n"
        ))
        .execute(&app.state.db.pool)
        .await
        .unwrap();
        app.notice_line(taro, "2026-01", "丸の内クリニック").await;
        let hanako = app.member_id("1001", "23", "01").await;
        app.notice_line(hanako, "2020-02", "丸の内クリニック").await;
        // The second batch's 廃棄記録 cannot be written: the run stops after one batch.
        let (fail, heal): (&[&str], &[&str]) = match app.state.db.backend {
            Backend::Sqlite => (
                &["CREATE TRIGGER injected_fault BEFORE INSERT ON disposal_records WHEN (SELECT COUNT(*) FROM disposal_records) >= 1 \
                   BEGIN SELECT RAISE(ABORT, 'injected fault'); END"],
                &["DROP TRIGGER injected_fault"],
            ),
            Backend::Postgres => (
                &[
                    "CREATE FUNCTION injected_fault() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
                     IF (SELECT COUNT(*) FROM disposal_records) >= 1 THEN RAISE EXCEPTION 'injected fault'; END IF; RETURN NEW; END; $$",
                    "CREATE TRIGGER injected_fault BEFORE INSERT ON disposal_records FOR EACH ROW EXECUTE FUNCTION injected_fault()",
                ],
                &["DROP TRIGGER injected_fault ON disposal_records", "DROP FUNCTION injected_fault()"],
            ),
        };
        for sql in fail {
            sqlx::query(sql).execute(&app.state.db.pool).await.unwrap();
        }
        app.at("2026-01-01T00:00:00Z").await; // 2026-01-01 09:00 in Tokyo: the lines of 2020 are due
        let policy = RetentionPolicy::default();
        let planned = dry_run(&app.state, &policy).await.unwrap();
        assert_eq!(count_of(&planned, Kind::NoticeLines), 2501);
        assert!(run(&app.state, &policy).await.is_err());
        assert_eq!(app.count("SELECT COUNT(*) FROM notice_lines").await, 2502 - BATCH, "one whole batch, no more");
        assert_eq!(app.ids("SELECT count FROM disposal_records").await, vec![BATCH]);
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'retention.dispose'").await, 1);
        assert_eq!(app.ids("SELECT member_id FROM notice_latest ORDER BY member_id").await, vec![taro, hanako], "both still have lines");
        for sql in heal {
            sqlx::query(sql).execute(&app.state.db.pool).await.unwrap();
        }
        // The next run finishes, in whole batches, each with its record; 花子's newest month
        // goes with her last line, 太郎's stays with his line of 2026.
        let report = run(&app.state, &policy).await.unwrap();
        assert_eq!(count_of(&report, Kind::NoticeLines), 2501 - BATCH);
        assert_eq!(app.texts("SELECT month FROM notice_lines").await, vec!["2026-01".to_string()]);
        assert_eq!(app.ids("SELECT count FROM disposal_records WHERE kind = 'notice_lines' ORDER BY id").await, vec![BATCH, BATCH, 501]);
        let refs: Vec<(String, String)> =
            sqlx::query_as("SELECT first_ref, last_ref FROM disposal_records ORDER BY id").fetch_all(&app.state.db.pool).await.unwrap();
        assert_eq!(refs.last().unwrap(), &("2020-01".to_string(), "2020-02".to_string()), "months, not who was treated where");
        let items: Vec<Option<String>> = sqlx::query_scalar("SELECT items FROM disposal_records").fetch_all(&app.state.db.pool).await.unwrap();
        assert!(items.iter().all(Option::is_none));
        assert_eq!(app.ids("SELECT member_id FROM notice_latest").await, vec![taro]);
        assert_eq!(app.texts("SELECT month FROM notice_latest").await, vec!["2026-01".to_string()]);
        seal_all(&app.state).await.unwrap();
        assert!(verify(&app.state, &[]).await.unwrap().ok());
    }
}

on_both_databases! {
    async fn the_public_page_states_the_periods_configured_under_the_safety_measures(backend) {
        let policy = RetentionPolicy { notice_years: 7, audit_years: 6, ..RetentionPolicy::default() };
        let app = TestApp::start_configured(backend, |s| s.set_feature(policy)).await;
        let (status, html) = app.get_html("/privacy", None).await;
        assert_eq!(status, 200);
        let safety = &html[html.find("id=\"sec-safety\"").unwrap()..html.find("id=\"sec-procedure\"").unwrap()];
        for line in [
            "医療費のお知らせの明細: 診療を受けた年の翌年から7年間",
            "終了したお申し出（経過・添付書類・決定・開示資料を含む）: 最後の処理から5年間",
            "第三者提供の記録（提供・受領）: 提供・受領の日と記録した日から3年間",
            "操作の記録（監査記録）: 6年間",
            "ログイン・ログアウトなど認証の記録: 365日間",
            "資格を喪失した方の資格情報とアカウント: 資格喪失日から5年間",
        ] {
            assert!(safety.contains(line), "{line} in {safety}");
        }
        let (_, en) = app.get_html("/privacy", Some("en")).await;
        assert!(en.contains("Medical cost notice lines: 7 years after the end of the year of care"), "{en}");
        // A past version is the society's text as it was: the portal's periods are today's.
        let id: i64 = sqlx::query_scalar("SELECT MIN(id) FROM publication_versions").fetch_one(&app.state.db.pool).await.unwrap();
        let (status, old) = app.get_html(&format!("/privacy/history/{id}"), None).await;
        assert_eq!(status, 200);
        assert!(old.contains("id=\"sec-safety\"") && !old.contains("このポータルでの保存期間と廃棄"));
    }
}

/// `madoguchi purge --dry-run`, then `madoguchi purge`, on a SQLite file whose registry was
/// imported in 2026 (次郎 lost coverage in 2025) and whose record was sealed, with the
/// clock in 2032: the same per-kind report, first as a plan that changes nothing, then as
/// what was done.
#[test]
fn purge_prints_per_kind_what_it_would_dispose_of_then_what_it_did() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str], now: Option<&str>| {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_server"));
        cmd.env("LEPTOS_OUTPUT_NAME", "madoguchi")
            .env("MADOGUCHI_DATABASE_URL", format!("sqlite://{}", dir.path().join("m.sqlite3").display()))
            .env("MADOGUCHI_SECRET_KEY_FILE", dir.path().join("key"))
            .env("MADOGUCHI_AUDIT_CHECKPOINT_FILE", dir.path().join("checkpoints"))
            .env_remove("MADOGUCHI_FIXED_NOW")
            .args(args);
        if let Some(now) = now {
            cmd.env("MADOGUCHI_FIXED_NOW", now);
        }
        let out = cmd.output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        // The report, after the log lines (the frozen clock's warning) on the same stdout.
        let text = String::from_utf8(out.stdout).unwrap();
        text[text.find("廃棄の").unwrap_or(0)..].to_string()
    };
    let registry = crate::support::demo_dir().join("registry.csv");
    run(&["import-registry", registry.to_str().unwrap()], Some("2026-11-22T01:00:00Z"));
    run(&["audit-verify"], None);
    let plan = run(&["purge", "--dry-run"], Some("2032-06-01T00:00:00Z"));
    assert!(plan.starts_with("廃棄の予定（試行：何も変更していません）\n"), "{plan}");
    for kind in Kind::ALL {
        assert!(plan.contains(&format!("（{}）\n", kind.code())), "{kind:?} in {plan}");
    }
    assert!(plan.contains("（former_members）\n  件数: 1 件\n  基準日（これより前）: 2027-06-01\n"), "{plan}");
    assert_eq!(run(&["purge", "--dry-run"], Some("2032-06-01T00:00:00Z")), plan, "the dry run changed nothing");
    let done = run(&["purge"], Some("2032-06-01T00:00:00Z"));
    assert!(done.starts_with("廃棄の結果\n"), "{done}");
    // The same counts, cutoffs and records, now as done, with one 廃棄記録 per batch.
    let as_done = plan
        .replace("廃棄の予定（試行：何も変更していません）", "廃棄の結果")
        .replace("件数: 0 件\n", "件数: 0 件を廃棄しました\n")
        .replace("件数: 1 件\n", "件数: 1 件を廃棄しました\n");
    let without_records: String = done.lines().filter(|l| !l.starts_with("  廃棄記録: ")).map(|l| format!("{l}\n")).collect();
    assert_eq!(without_records, as_done);
    assert!(done.contains("（former_members）\n  件数: 1 件を廃棄しました\n") && done.contains("  廃棄記録: 1 件\n"), "{done}");
    let again = run(&["purge", "--dry-run"], Some("2032-06-01T00:00:00Z"));
    assert!(again.ends_with("合計: 0 件\n"), "{again}");
}
