//! Reading the record back: a member sees staff access to their data in 「アクセス履歴」;
//! the auditor searches the record, sees reads with no open request in the unusual-access
//! report, exports a search as a streamed CSV (recorded), and verifies the chain — and
//! nobody else can.

use reqwest::multipart::Form;

use crate::on_both_databases;
use crate::support::TestApp;

impl TestApp {
    async fn record_provision(&self, cookie: &str, fields: Vec<(String, String)>) -> reqwest::Response {
        let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        self.post_api("/api/staff/provisions/record", Some(cookie), &refs).await
    }

    async fn history(&self, member: &str) -> serde_json::Value {
        let res = self.get_api("/api/account/access-history", member).await;
        assert_eq!(res.status(), 200);
        res.json().await.unwrap()
    }

    async fn audit(&self, auditor: &str, query: &str) -> serde_json::Value {
        let res = self.get_api(&format!("/api/staff/audit?{}", as_params(query)), auditor).await;
        assert_eq!(res.status(), 200, "{query}");
        res.json().await.unwrap()
    }

    /// Staff looks the member up at the counter (a read of registry data, no request).
    async fn counter_lookup(&self, staff: &str, key: &str) {
        let res = self.get_api(&format!("/api/staff/member?key={key}"), staff).await;
        assert_eq!(res.status(), 200);
    }
}

/// `a=1&b=2` as the server function's struct argument: `params[a]=1&params[b]=2`.
fn as_params(query: &str) -> String {
    query.split('&').filter(|p| !p.is_empty()).map(|p| format!("params[{p}")).map(|p| p.replacen('=', "]=", 1)).collect::<Vec<_>>().join("&")
}

fn actions(lines: &serde_json::Value) -> Vec<String> {
    lines.as_array().unwrap().iter().map(|l| l["action"].as_str().unwrap().to_string()).collect()
}

on_both_databases! {
    async fn a_staff_read_appears_in_that_members_access_history_only(backend) {
        let app = TestApp::with_registry(backend).await;
        let taro = app.signed_in_member("1001", "23", "00").await;
        let misaki = app.signed_in_member("1001", "23", "02").await;
        let intake = app.signed_in_staff("S0701", &["intake"]).await;
        assert!(app.history(&taro).await["lines"].as_array().unwrap().is_empty());

        app.counter_lookup(&intake, "1001-23-00").await;
        let h = app.history(&taro).await;
        let lines = h["lines"].as_array().unwrap();
        assert_eq!(lines.len(), 1, "{h}");
        assert_eq!(lines[0]["action"], "staff.member_lookup");
        assert_eq!(lines[0]["staff_number"], "S0701");
        assert_eq!(lines[0]["roles"], serde_json::json!(["intake"]));
        assert_eq!(lines[0]["purpose"], "account help");
        assert_eq!(lines[0]["at"], "2026-11-22 10:00:00");
        // Nobody else's history shows it; the member's own reads are not "staff access".
        assert!(app.history(&misaki).await["lines"].as_array().unwrap().is_empty());
        assert_eq!(app.history(&taro).await["lines"].as_array().unwrap().len(), 1);

        // The page says what it covers, in plain words, with the staff number and role.
        let page = app.get_with("/account/access-history", &taro).await.text().await.unwrap();
        assert!(page.contains("このポータルを通じたアクセスだけ"), "{page}");
        assert!(page.contains("受付（S0701）"), "{page}");
        assert!(page.contains("窓口・電話でのお手伝いのため"), "{page}");

        // Signed out: sign in first; a malformed page number is a 400.
        assert_eq!(app.get("/api/account/access-history").await.status(), 401);
        assert_eq!(app.get_api("/api/account/access-history?page=abc", &taro).await.status(), 400);
    }
}

on_both_databases! {
    async fn the_auditor_searches_the_record_and_sees_reads_without_an_open_request(backend) {
        let app = TestApp::with_registry(backend).await;
        let taro = app.signed_in_member("1001", "23", "00").await;
        let taro_id = app.member_id("1001", "23", "00").await;
        let intake = app.signed_in_staff("S0711", &["intake"]).await;
        let reviewer = app.signed_in_staff("S0712", &["reviewer"]).await;
        let auditor = app.signed_in_staff("S0713", &["auditor"]).await;

        // A counter lookup while taro has no request: unusual.
        app.counter_lookup(&intake, "1001-23-00").await;
        app.clock.advance(chrono::Duration::minutes(5));
        // Then taro asks, and the reviewer reads his registry for that request: explained.
        let receipt = app.submit(&taro, &[("request_type", "complaint"), ("for", "self"), ("body", "窓口の対応について")]).await;
        let res = app.post_api("/api/staff/requests/act", Some(&reviewer), &[("receipt", &receipt), ("action", "start_review"), ("message", ""), ("version", "")]).await;
        assert!(res.headers().contains_key("location"));
        assert_eq!(app.get_api(&format!("/api/staff/requests/held?receipt={receipt}"), &reviewer).await.status(), 200);

        let page = app.audit(&auditor, &format!("subject={taro_id}")).await;
        let found = actions(&page["results"]["lines"]);
        assert!(found.contains(&"staff.member_lookup".to_string()) && found.contains(&"registry.view".to_string()), "{found:?}");
        let unusual = &page["unusual"];
        assert_eq!(actions(unusual), vec!["staff.member_lookup"], "{unusual}");
        assert_eq!(unusual[0]["actor"], "staff S0711");
        assert_eq!(unusual[0]["subject_member_id"], taro_id);

        // Each filter narrows.
        assert_eq!(actions(&app.audit(&auditor, "actor=S0711").await["results"]["lines"]), vec!["staff.member_lookup"]);
        let registry = actions(&app.audit(&auditor, &format!("action=registry.&subject={taro_id}")).await["results"]["lines"]);
        assert_eq!(registry, vec!["registry.view"]);
        let today = app.audit(&auditor, &format!("from=2026-11-22&to=2026-11-22&subject={taro_id}")).await;
        assert!(!today["results"]["lines"].as_array().unwrap().is_empty());
        let later = app.audit(&auditor, &format!("from=2026-11-23&subject={taro_id}")).await;
        assert!(later["results"]["lines"].as_array().unwrap().is_empty());
        assert!(later["unusual"].as_array().unwrap().is_empty());
        let refused = app.audit(&auditor, "outcome=refused").await;
        assert!(refused["results"]["lines"].as_array().unwrap().iter().all(|l| l["allowed"] == false));

        // Malformed filters: a 400 naming the field.
        for (query, field) in [("from=2026/11/01", "from"), ("to=2026-02-30", "to"), ("subject=abc", "subject"), ("page=0", "page"), ("from=2026-11-10&to=2026-11-01", "to")] {
            let res = app.get_api(&format!("/api/staff/audit?{}", as_params(query)), &auditor).await;
            assert_eq!(res.status(), 400, "{query}");
            assert!(res.text().await.unwrap().contains(field), "{query}");
        }
        let html = app.get_with("/staff/audit?from=2026%2F11%2F01", &auditor).await;
        assert_eq!(html.status(), 200);
        assert!(html.text().await.unwrap().contains("日付として読み取れません"));

        // Every search is itself recorded; other staff are refused, and that is recorded too.
        assert!(app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'audit.search' AND outcome = 'allowed'").await == 6);
        assert_eq!(app.get_api("/api/staff/audit", &reviewer).await.status(), 403);
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'audit.search' AND outcome = 'refused'").await, 1);
    }
}

on_both_databases! {
    async fn the_export_streams_every_matching_event_for_the_auditor_only_and_is_recorded(backend) {
        let app = TestApp::with_registry(backend).await;
        let auditor = app.signed_in_staff("S0721", &["auditor"]).await;
        let approver = app.signed_in_staff("S0722", &["approver"]).await;
        // 2,345 events of a system job: more than two of the export's batches.
        sqlx::query(
            "INSERT INTO audit_events (occurred_at, actor_kind, actor_id, action, outcome) \
             WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2345) \
             SELECT '2026-11-20T01:00:00.000000Z', 'system', 'bulk', 'bulk.job', 'allowed' FROM n",
        )
        .execute(&app.state.db.pool)
        .await
        .unwrap();
        let res = app.get_with("/staff/audit.csv?actor=system&action=bulk.job", &auditor).await;
        assert_eq!(res.status(), 200);
        assert_eq!(res.headers()["content-type"], "text/csv; charset=utf-8");
        assert!(res.headers()["content-disposition"].to_str().unwrap().starts_with("attachment"));
        let body = res.text().await.unwrap();
        let lines: Vec<&str> = body.trim_start_matches('\u{FEFF}').lines().collect();
        assert!(lines[0].starts_with("id,occurred_at_jst,actor"));
        assert_eq!(lines.len(), 1 + 2345);
        // In id order, each once.
        let ids: Vec<i64> = lines[1..].iter().map(|l| l.split(',').next().unwrap().parse().unwrap()).collect();
        assert!(ids.windows(2).all(|w| w[0] < w[1]));
        assert!(lines[1].contains(",system bulk,") && lines[1].contains("2026-11-20 10:00:00"));
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'audit.export' AND outcome = 'allowed'").await, 1);

        // Not the auditor: refused and recorded. A malformed filter: 400.
        assert_eq!(app.get_with("/staff/audit.csv", &approver).await.status(), 403);
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'audit.export' AND outcome = 'refused'").await, 1);
        assert_eq!(app.get_with("/staff/audit.csv?from=yesterday", &auditor).await.status(), 400);
        assert_eq!(app.get("/staff/audit.csv").await.status(), 401);
    }
}

on_both_databases! {
    async fn the_auditor_verifies_the_chain_and_sees_where_it_broke(backend) {
        let app = TestApp::with_registry(backend).await;
        let auditor = app.signed_in_staff("S0731", &["auditor"]).await;
        assert_eq!(app.audit(&auditor, "").await["chain"], serde_json::Value::Null);
        app::platform::audit::chain::store::seal_all(&app.state).await.unwrap();
        let res = app.post_api("/api/staff/audit/verify", Some(&auditor), &[]).await;
        assert!(res.headers().contains_key("location"), "{}", res.status());
        let chain = &app.audit(&auditor, "").await["chain"];
        assert_eq!(chain["ok"], true, "{chain}");
        assert!(chain["sealed"].as_i64().unwrap() > 0);
        assert_eq!(chain["checkpoint_file"], false);

        // Someone rewrites a sealed event: the next verification names it.
        match app.backend {
            app::platform::db::Backend::Sqlite => sqlx::raw_sql("DROP TRIGGER audit_events_no_update").execute(&app.state.db.pool).await.unwrap(),
            app::platform::db::Backend::Postgres => sqlx::raw_sql("ALTER TABLE audit_events DISABLE TRIGGER ALL").execute(&app.state.db.pool).await.unwrap(),
        };
        let (first,): (i64,) = sqlx::query_as("SELECT event_id FROM audit_chain WHERE position = 1").fetch_one(&app.state.db.pool).await.unwrap();
        sqlx::query("UPDATE audit_events SET action = 'nothing.here' WHERE id = $1").bind(first).execute(&app.state.db.pool).await.unwrap();
        app.post_api("/api/staff/audit/verify", Some(&auditor), &[]).await;
        let chain = &app.audit(&auditor, "").await["chain"];
        assert_eq!(chain["ok"], false, "{chain}");
        assert_eq!(chain["broken"]["position"], 1);
        assert_eq!(chain["broken"]["why"], "changed");
        let page = app.get_with("/staff/audit", &auditor).await.text().await.unwrap();
        assert!(page.contains("位置 1"), "{page}");
    }
}

on_both_databases! {
    async fn events_written_together_are_each_written_once_and_durable_before_the_read(backend) {
        let app = TestApp::with_registry(backend).await;
        let before = app.count("SELECT COUNT(*) FROM audit_events").await;
        // 64 readers at once: on SQLite they share commits (group commit); each returns only
        // once its own event is stored.
        let tasks: Vec<_> = (0..64)
            .map(|i| {
                let state = app.state.clone();
                tokio::spawn(async move {
                    let meta = app::platform::audit::RequestMeta { request_id: format!("together-{i}"), ..Default::default() };
                    let e = app::platform::audit::AuditEvent::system("test", app::platform::audit::Action::RegistryView);
                    app::platform::audit::store::append_alone(&state, &meta, &e).await.unwrap();
                    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_events WHERE request_id = $1")
                        .bind(&meta.request_id)
                        .fetch_one(&state.db.pool)
                        .await
                        .unwrap();
                    assert_eq!(stored, 1, "{}", meta.request_id);
                })
            })
            .collect();
        for t in tasks {
            t.await.unwrap();
        }
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_events").await, before + 64);
        assert_eq!(app.count("SELECT COUNT(DISTINCT request_id) FROM audit_events WHERE request_id LIKE 'together-%'").await, 64);
    }
}

on_both_databases! {
    async fn staff_keep_the_third_party_provision_ledger_and_it_feeds_a_33_5_disclosure(backend) {
        let app = TestApp::with_registry(backend).await;
        let taro = app.signed_in_member("1001", "23", "00").await;
        let taro_id = app.member_id("1001", "23", "00").await;
        let reviewer = app.signed_in_staff("S0741", &["reviewer"]).await;
        let auditor = app.signed_in_staff("S0742", &["auditor"]).await;
        let ledger: serde_json::Value = app.get_api("/api/staff/provisions", &reviewer).await.json().await.unwrap();
        // The demo publication types the 損保 求償 as a provision with consent (the 同意書 of
        // the 第三者行為による傷病届), so each one is recorded (29条).
        let by_law = ledger["with_consent"][0].as_str().unwrap().to_string();
        assert!(by_law.contains("求償"), "{ledger}");
        assert!(ledger["kept_apart"].to_string().contains("健康保険組合連合会"));
        let entry = |pairs: &[(&'static str, &str)]| -> Vec<(String, String)> {
            let mut all: Vec<(String, String)> = [
                ("direction", "provided"),
                ("occurred_on", "2026-11-20"),
                ("counterparty", "架空損害保険株式会社"),
                ("counterparty_address", ""),
                ("subject_key", "1001-23-00"),
                ("items", "氏名、記号・番号、受傷日、療養費"),
                ("basis", by_law.as_str()),
                ("basis_detail", ""),
                ("acquisition", ""),
            ]
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
            for (k, v) in pairs {
                all.iter_mut().filter(|(n, _)| n == k).for_each(|(_, old)| *old = v.to_string());
            }
            all.into_iter().map(|(k, v)| (format!("entry[{k}]"), v)).collect()
        };

        // 委託・共同利用 are refused by name, a receipt needs 30条's items; nothing is saved.
        let res = app.record_provision(&reviewer, entry(&[("counterparty", "健康保険組合連合会")])).await;
        assert_eq!(res.status(), 422);
        assert!(res.text().await.unwrap().contains("not_third_party"));
        let res = app.record_provision(&reviewer, entry(&[("direction", "received")])).await;
        assert_eq!(res.status(), 422);
        let body = res.text().await.unwrap();
        assert!(body.contains("counterparty_address") && body.contains("acquisition"), "{body}");
        assert_eq!(app.count("SELECT COUNT(*) FROM provision_records").await, 0);
        // The auditor reads the ledger but does not write it.
        assert_eq!(app.record_provision(&auditor, entry(&[])).await.status(), 403);

        // A provision with consent (第三者行為の求償), recorded with its audit event.
        let res = app.record_provision(&reviewer, entry(&[])).await;
        assert!(res.headers().contains_key("location"), "{}", res.status());
        assert_eq!(app.count("SELECT COUNT(*) FROM provision_records").await, 1);
        assert_eq!(
            app.count(&format!("SELECT COUNT(*) FROM audit_events WHERE action = 'provision.record' AND subject_member_id = {taro_id}")).await,
            1
        );
        let mine: serde_json::Value = app.get_api("/api/staff/provisions?key=1001-23-00", &auditor).await.json().await.unwrap();
        assert_eq!(mine["lines"].as_array().unwrap().len(), 1);
        assert_eq!(mine["lines"][0]["basis"], "consent");
        assert!(mine["lines"][0]["basis_detail"].as_str().unwrap().contains("求償"));
        assert_eq!(mine["lines"][0]["recorded_by"], "S0741");
        assert_eq!(mine["can_record"], false);
        let other: serde_json::Value = app.get_api("/api/staff/provisions?key=1003-7-00", &reviewer).await.json().await.unwrap();
        assert!(other["lines"].as_array().unwrap().is_empty());
        assert_eq!(app.get_api("/api/staff/provisions?key=9-9-9", &reviewer).await.status(), 400);

        // 33条5項: the reviewer deciding taro's 第三者提供記録の開示 sees the entry.
        let receipt = app.submit(&taro, &[("request_type", "third_party_record_disclosure"), ("for", "self"), ("method", "paper")]).await;
        let held: serde_json::Value = app.get_api(&format!("/api/staff/requests/held?receipt={receipt}"), &reviewer).await.json().await.unwrap();
        let text = held["items"].to_string();
        assert!(text.contains("架空損害保険株式会社") && text.contains("2026-11-20 提供"), "{text}");
    }
}

impl TestApp {
    /// Uploads a ledger CSV as the staff page's form does; returns the job's page.
    async fn upload_provisions(&self, cookie: &str, csv: &str) -> reqwest::Response {
        let part = reqwest::multipart::Part::bytes(csv.as_bytes().to_vec()).file_name("ledger.csv").mime_str("text/csv").unwrap();
        self.client
            .post(self.url("/staff/provisions/import/upload"))
            .header("origin", &self.origin)
            .header("cookie", cookie)
            .multipart(Form::new().part("file", part))
            .send()
            .await
            .unwrap()
    }
}

on_both_databases! {
    async fn the_ledger_imports_a_csv_by_the_forms_rules_all_or_nothing(backend) {
        let app = TestApp::with_registry(backend).await;
        let reviewer = app.signed_in_staff("S0743", &["reviewer"]).await;
        let auditor = app.signed_in_staff("S0744", &["auditor"]).await;
        let header = "区分,年月日,相手方,相手方の住所,相手方の代表者氏名,記号・番号・枝番,項目,根拠,根拠の内容,取得の経緯";
        let good = "提供,2026-11-10,架空損害保険株式会社,,,1001-23-00,氏名、受傷日,同意,2026-11-01 同意書受領,";
        let received = "受領,2026-11-12,架空市役所,東京都千代田区（架空）,,1003-7-00,資格情報,法令,国民健康保険法に基づく照会,住民基本台帳から";
        let jointly = "提供,2026-11-12,健康保険組合連合会,,,1001-23-00,氏名,同意,同意書,";
        let stranger = "提供,2026-11-12,架空保険株式会社,,,9-9-99,氏名,同意,同意書,";
        let future = "提供,2027-01-01,架空保険株式会社,,,1001-23-00,氏名,同意,同意書,";
        // 30条1項1号: a corporation's representative.
        let unrepresented = "受領,2026-11-12,架空損害保険株式会社,東京都千代田区（架空）,,1003-7-00,受傷日,同意,同意書,事故の当事者から";
        // Bad lines: nothing imported, each line named with its reasons in words.
        let res = app.upload_provisions(&reviewer, &format!("{header}\n{good}\n{jointly}\n{stranger}\n{future}\n{unrepresented}\n")).await;
        assert_eq!(res.status(), 303);
        let job = res.headers()["location"].to_str().unwrap().trim_start_matches("/staff/provisions?job=").to_string();
        let status: serde_json::Value = app.get_api(&format!("/api/staff/imports/status?job={job}"), &reviewer).await.json().await.unwrap();
        let lines: Vec<String> = serde_json::from_value(status["status"]["Rejected"]["lines"].clone()).unwrap();
        assert_eq!(lines.len(), 4, "{status}");
        assert!(lines[0].starts_with("3行目: 「相手方」: 公表している委託先"), "{lines:?}");
        assert!(lines[1].starts_with("4行目: その記号・番号・枝番の方は資格情報にありません"), "{lines:?}");
        assert!(lines[2].starts_with("5行目: 「年月日」: 未来の日付"), "{lines:?}");
        assert!(lines[3].starts_with("6行目: 「相手方の代表者氏名」"), "{lines:?}");
        assert_eq!(app.count("SELECT COUNT(*) FROM provision_records").await, 0, "half-imported");
        // The page shows it.
        let html = app.get_with(&format!("/staff/provisions?job={job}"), &reviewer).await.text().await.unwrap();
        assert!(html.contains("1行も登録していません") && html.contains("3行目"), "{html}");
        // A good file: every entry, each recorded naming its subject; Shift_JIS too.
        let file = format!("{header}\n{good}\n{received}\n");
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(&file);
        let res = app
            .client
            .post(app.url("/staff/provisions/import/upload"))
            .header("origin", &app.origin)
            .header("cookie", &reviewer)
            .multipart(Form::new().part("file", reqwest::multipart::Part::bytes(sjis.to_vec()).file_name("sjis.csv")))
            .send()
            .await
            .unwrap();
        let job = res.headers()["location"].to_str().unwrap().trim_start_matches("/staff/provisions?job=").to_string();
        let status: serde_json::Value = app.get_api(&format!("/api/staff/imports/status?job={job}"), &reviewer).await.json().await.unwrap();
        assert_eq!(status["status"]["Imported"]["inserted"], 2, "{status}");
        assert_eq!(status["cp932"], true);
        assert_eq!(app.count("SELECT COUNT(*) FROM provision_records").await, 2);
        let saburo = app.member_id("1003", "7", "00").await;
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM audit_events WHERE action = 'provision.record' AND subject_member_id = {saburo}")).await, 1);
        // The auditor reads the ledger but cannot import; the refusal is recorded.
        let res = app.upload_provisions(&auditor, &format!("{header}\n{good}\n")).await;
        assert_eq!(res.status(), 403);
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'provision.import' AND outcome = 'refused'").await, 1);
        assert_eq!(app.count("SELECT COUNT(*) FROM provision_records").await, 2);
    }
}
