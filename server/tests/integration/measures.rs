//! 35条 carried out, over real HTTP on both databases: a decided 消去 erases the portal's
//! copies (and an import does not bring them back), records a 廃棄記録 and instructs the
//! core system; a decided 利用停止 stops the notices being shown; a decided 第三者提供の
//! 停止 refuses later provisions to that recipient unless the law requires or permits
//! them; what the law keeps cannot be erased; a measure outlives its request's record.

use app::platform::audit::chain::store::seal_all;
use app::records::store::verify;
use app::retention::RetentionPolicy;
use app::retention::store::purge;
use chrono::Duration;
use kit::time::Clock;

use crate::on_both_databases;
use crate::support::TestApp;

/// The `Invalid` fields of an error body, as (field, problem code).
fn invalid(body: &serde_json::Value) -> Vec<(String, String)> {
    body["Invalid"]
        .as_array()
        .map(|a| a.iter().map(|f| (f["field"].as_str().unwrap_or("").to_string(), f["problem"].as_str().unwrap_or("").to_string())).collect())
        .unwrap_or_default()
}

const TARO_LINES: &str = "SELECT COUNT(*) FROM notice_lines n JOIN members m ON m.id = n.member_id \
    WHERE m.symbol = '1001' AND m.number = '23' AND m.branch = '00'";

impl TestApp {
    async fn provision(&self, staff: &str, counterparty: &str, basis: &str, detail: &str) -> reqwest::Response {
        self.post_api(
            "/api/staff/provisions/record",
            Some(staff),
            &[
                ("entry[direction]", "provided"),
                ("entry[occurred_on]", "2026-11-20"),
                ("entry[counterparty]", counterparty),
                ("entry[subject_key]", "1001-23-00"),
                ("entry[items]", "氏名、記号・番号、受傷日"),
                ("entry[basis]", basis),
                ("entry[basis_detail]", detail),
            ],
        )
        .await
    }
}

on_both_databases! {
    async fn an_erasure_decided_leaves_nothing_of_the_notice_lines_and_says_what_was_done(backend) {
        let app = TestApp::with_registry(backend).await;
        crate::notices::import_demo_notices(&app).await;
        let taro = app.signed_in_member("1001", "23", "00").await;
        let reviewer = app.signed_in_staff("S0901", &["reviewer"]).await;
        let held = app.count(TARO_LINES).await;
        assert!(held > 0);
        let others = app.count("SELECT COUNT(*) FROM notice_lines").await - held;
        let r = app
            .request_in_review(&taro, &reviewer, 91, "suspension", &[("measure", "erase"), ("target", "受診の記録"), ("ground", "no_longer_needed"), ("explanation", "不要になりました")])
            .await;

        // What the law keeps cannot be erased: refused with the reason, nothing saved.
        let res = app.decide(&reviewer, &r, &[("outcome", "suspended"), ("scope[provision_ledger]", "1")]).await;
        assert_eq!(invalid(&res.json().await.unwrap()), vec![("scope".to_string(), "kept_by_law".to_string())]);
        let res = app.decide(&reviewer, &r, &[("outcome", "suspended")]).await;
        assert_eq!(invalid(&res.json().await.unwrap()), vec![("scope".to_string(), "required".to_string())]);
        assert_eq!(app.count("SELECT COUNT(*) FROM request_decisions").await, 0);
        assert_eq!(app.count("SELECT COUNT(*) FROM data_restrictions").await, 0);
        assert_eq!(app.count(TARO_LINES).await, held);

        // 実施: the portal's copies go at once.
        let res = app.decide(&reviewer, &r, &[("outcome", "suspended"), ("scope[notice_lines]", "1"), ("scope[documents]", "1")]).await;
        assert!(res.headers().contains_key("location"), "{}", res.status());
        assert_eq!(app.status(&r).await, "notified");
        assert_eq!(app.count(TARO_LINES).await, 0);
        assert_eq!(app.count("SELECT COUNT(*) FROM notice_lines").await, others, "only the person's lines");
        assert_eq!(app.count("SELECT COUNT(*) FROM notice_latest l JOIN members m ON m.id = l.member_id WHERE m.symbol = '1001' AND m.number = '23' AND m.branch = '00'").await, 0);
        // One 廃棄記録 per kind, naming the decision; the notice lines' records what it erased.
        let (count, reason): (i64, String) = sqlx::query_as("SELECT count, reason FROM disposal_records WHERE kind = 'erasure' AND last_ref = 'notice_lines'")
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap();
        assert_eq!(count, held);
        assert!(reason.contains(&r) && reason.contains("第35条"), "{reason}");
        assert_eq!(app.count("SELECT COUNT(*) FROM disposal_records WHERE kind = 'erasure'").await, 2);
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'erasure.carry_out'").await, 2);
        // The core system holds the lines too: one instruction, for them only.
        assert_eq!(app.count("SELECT COUNT(*) FROM correction_instructions WHERE field = 'measure_erase' AND status = 'pending'").await, 1);

        // The member reads what was done, and what is kept and why.
        let page: serde_json::Value = app.get_api(&format!("/api/requests/one?receipt={r}"), &taro).await.json().await.unwrap();
        let lines = &page["measures"][0];
        assert_eq!((lines["measure"].as_str(), lines["scope"].as_str(), lines["erased"].as_i64()), (Some("erase"), Some("notice_lines"), Some(held)));
        assert_eq!((lines["instructed"].as_bool(), lines["instruction_done"].as_bool()), (Some(true), Some(false)));
        let letter: serde_json::Value = app.get_api(&format!("/api/requests/letter?receipt={r}"), &taro).await.json().await.unwrap();
        assert_eq!(letter["measures"].as_array().map(Vec::len), Some(2));
        let taro_id: i64 = sqlx::query_scalar("SELECT id FROM members WHERE symbol = '1001' AND number = '23' AND branch = '00'")
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap();
        let year: serde_json::Value = app.get_api("/api/notices?year=2025", &taro).await.json().await.unwrap();
        assert!(year["lines"].as_array().unwrap().iter().all(|l| l["member_id"].as_i64() != Some(taro_id)), "{}", year["lines"]);

        // The core system's next export still carries them: they are not taken in again.
        let demo = std::fs::read(crate::support::demo_dir().join("notices.csv")).unwrap();
        let report = app::notices::store::import(&app.state, &app::platform::audit::RequestMeta::default(), app::platform::audit::Actor::System("test"), &demo, &|_, _| {})
            .await
            .unwrap();
        assert!(report.imported());
        assert_eq!(report.withheld as i64, held);
        assert_eq!(app.count(TARO_LINES).await, 0);

        // A later 開示 tells what was erased. (Its レセプト, had it asked for them, would come
        // as copies from the core system after a 照会, never from notice lines: receipts.rs.)
        let d = app.request_in_review(&taro, &reviewer, 92, "disclosure", &[("categories", "qualification"), ("method", "electronic")]).await;
        app.post_api("/api/staff/package/start", Some(&reviewer), &[("receipt", &d)]).await;
        let p = app.package(&reviewer, &d).await;
        assert!(!p["sections"].as_array().unwrap().iter().any(|s| s["id"] == "notices"));
        let restrictions = p["sections"].as_array().unwrap().iter().find(|s| s["id"] == "restrictions").unwrap();
        assert_eq!(restrictions["rows"][0]["cells"][2], "消去");

        // The auditor reads the 廃棄記録; the record of all this still verifies.
        let auditor = app.signed_in_staff("S0903", &["auditor"]).await;
        let records = app.get_api("/api/staff/audit/disposals", &auditor).await.text().await.unwrap();
        assert!(records.contains("ご本人の請求による消去（35条）") && records.contains(&r), "{records}");
        assert_eq!(app.get_api("/api/staff/audit/disposals", &reviewer).await.status(), 403);
        seal_all(&app.state).await.unwrap();
        assert!(verify(&app.state, &[]).await.unwrap().ok());

        // Staff confirm the core system has done it: the member is told (35条7項).
        let id: i64 = sqlx::query_scalar("SELECT id FROM correction_instructions WHERE field = 'measure_erase'").fetch_one(&app.state.db.pool).await.unwrap();
        assert!(app.post_api("/api/staff/corrections/done", Some(&reviewer), &[("id", &id.to_string())]).await.headers().contains_key("location"));
        let page: serde_json::Value = app.get_api(&format!("/api/requests/one?receipt={r}"), &taro).await.json().await.unwrap();
        assert_eq!(page["measures"][0]["instruction_done"].as_bool(), Some(true));
        assert!(page["timeline"].to_string().contains("第35条第7項"), "{}", page["timeline"]);
    }
}

on_both_databases! {
    async fn a_stop_of_use_hides_the_notices_but_keeps_them_disclosable(backend) {
        let app = TestApp::with_registry(backend).await;
        crate::notices::import_demo_notices(&app).await;
        let taro = app.signed_in_member("1001", "23", "00").await;
        let reviewer = app.signed_in_staff("S0911", &["reviewer"]).await;
        let before: serde_json::Value = app.get_api("/api/notices?year=2025", &taro).await.json().await.unwrap();
        assert!(!before["lines"].as_array().unwrap().is_empty());
        let r = app
            .request_in_review(&taro, &reviewer, 93, "suspension", &[("measure", "stop_use"), ("target", "医療費通知"), ("ground", "rights_harmed"), ("explanation", "表示を止めたい")])
            .await;
        // Files of earlier requests serve only those requests: erasure, not a stop, applies.
        let res = app.decide(&reviewer, &r, &[("outcome", "suspended"), ("ground", "35-6-rights"), ("scope[documents]", "1")]).await;
        assert_eq!(invalid(&res.json().await.unwrap()), vec![("scope".to_string(), "scope_not_for_measure".to_string())]);
        let res = app.decide(&reviewer, &r, &[("outcome", "suspended"), ("ground", "35-6-rights"), ("scope[notice_lines]", "1")]).await;
        assert!(res.headers().contains_key("location"), "{}", res.status());
        let after: serde_json::Value = app.get_api("/api/notices?year=2025", &taro).await.json().await.unwrap();
        assert_eq!(after["use_stopped"][0][1].as_str(), Some(r.as_str()));
        let taro_id = after["use_stopped"][0][0].as_i64().unwrap();
        assert!(after["lines"].as_array().unwrap().iter().all(|l| l["member_id"].as_i64() != Some(taro_id)));
        // Held, not erased: still there for a 開示.
        assert!(app.count(TARO_LINES).await > 0);
        assert_eq!(app.count("SELECT COUNT(*) FROM correction_instructions WHERE field = 'measure_stop_use'").await, 1);
    }
}

on_both_databases! {
    async fn a_stop_of_provision_refuses_later_provisions_to_that_recipient_unless_by_law(backend) {
        let app = TestApp::with_registry(backend).await;
        let taro = app.signed_in_member("1001", "23", "00").await;
        let reviewer = app.signed_in_staff("S0921", &["reviewer"]).await;
        let r = app
            .request_in_review(&taro, &reviewer, 94, "suspension", &[("measure", "stop_provision"), ("target", "損保会社への提供"), ("ground", "unlawful_provision"), ("explanation", "同意していません")])
            .await;
        let res = app.decide(&reviewer, &r, &[("outcome", "suspended")]).await;
        assert_eq!(invalid(&res.json().await.unwrap()), vec![("recipient".to_string(), "required".to_string())]);
        let res = app.decide(&reviewer, &r, &[("outcome", "suspended"), ("recipient", "架空損害保険株式会社")]).await;
        assert!(res.headers().contains_key("location"), "{}", res.status());

        // With consent (or none named by law): refused next to the recipient, and audited.
        let entries = app.count("SELECT COUNT(*) FROM provision_records").await;
        let res = app.provision(&reviewer, "架空損害保険株式会社　東京支店", "consent", "同意書 2026-11-01").await;
        assert_eq!(invalid(&res.json().await.unwrap()), vec![("counterparty".to_string(), "provision_stopped".to_string())]);
        assert_eq!(app.count("SELECT COUNT(*) FROM provision_records").await, entries, "nothing saved");
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'provision.record' AND outcome = 'refused'").await, 1);
        // Under a law: recorded, with the warning that names the decision.
        let res = app.provision(&reviewer, "架空損害保険株式会社", "law", "民事訴訟法第186条（調査嘱託）").await;
        let to = res.headers().get("location").and_then(|l| l.to_str().ok()).unwrap_or_default().to_string();
        assert!(to.contains(&format!("stopped={r}")), "{to}");
        assert_eq!(app.count("SELECT COUNT(*) FROM provision_records").await, entries + 1);
        // Another recipient is not affected.
        let res = app.provision(&reviewer, "別の保険株式会社", "consent", "同意書 2026-11-02").await;
        assert!(res.headers().contains_key("location"));
        // The ledger shows the stop; the core system is instructed.
        let ledger: serde_json::Value = app.get_api("/api/staff/provisions?key=1001-23-00", &reviewer).await.json().await.unwrap();
        assert_eq!((ledger["stops"][0]["recipient"].as_str(), ledger["stops"][0]["receipt"].as_str()), (Some("架空損害保険株式会社"), Some(r.as_str())));
        assert_eq!(app.count("SELECT COUNT(*) FROM correction_instructions WHERE field = 'measure_stop_provision'").await, 1);

        // The stop outlives its request: once the core system has it and the request's
        // period is over, the request goes and the stop stays in force.
        let id: i64 = sqlx::query_scalar("SELECT id FROM correction_instructions WHERE field = 'measure_stop_provision'").fetch_one(&app.state.db.pool).await.unwrap();
        assert!(app.post_api("/api/staff/corrections/done", Some(&reviewer), &[("id", &id.to_string())]).await.headers().contains_key("location"));
        app.clock.set(app.clock.now() + Duration::days(6 * 365));
        purge(&app.state, &RetentionPolicy::default()).await.unwrap();
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM requests WHERE receipt_number = '{r}'")).await, 0, "the request's record went");
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM data_restrictions WHERE receipt_number = '{r}' AND request_id IS NULL")).await, 1);
        let reviewer = app.signed_in_staff("S0922", &["reviewer"]).await;
        let res = app.provision(&reviewer, "架空損害保険株式会社", "consent", "同意書 2032-01-01").await;
        assert_eq!(invalid(&res.json().await.unwrap()), vec![("counterparty".to_string(), "provision_stopped".to_string())]);
    }
}

on_both_databases! {
    async fn a_document_showing_an_individual_number_is_deleted_at_once_with_its_disposal_record(backend) {
        let app = TestApp::with_registry(backend).await;
        let taro = app.signed_in_member("1001", "23", "00").await;
        let reviewer = app.signed_in_staff("S0931", &["reviewer"]).await;
        let auditor = app.signed_in_staff("S0932", &["auditor"]).await;
        let r = app
            .submit_with_files(&taro, &[("request_type", "complaint"), ("for", "self"), ("body", "書類を送ります")], &[("supporting", "マイナンバーカード裏面.pdf", crate::requests::PDF)])
            .await;
        let id: i64 = sqlx::query_scalar("SELECT id FROM request_attachments").fetch_one(&app.state.db.pool).await.unwrap();
        let erase = |who: String| {
            let app = &app;
            let r = r.clone();
            async move { app.post_api("/api/staff/requests/attachment/my-number", Some(&who), &[("receipt", &r), ("attachment", &id.to_string())]).await }
        };
        // Only those who handle the request's documents; the member cannot.
        assert_eq!(erase(auditor.clone()).await.status(), 403);
        assert_eq!(erase(taro.clone()).await.status(), 401);
        assert_eq!(app.count("SELECT COUNT(*) FROM request_attachments").await, 1);
        assert!(erase(reviewer.clone()).await.headers().contains_key("location"));
        // Gone, no copy kept; a 廃棄記録 and its audit event name why; the person is told.
        assert_eq!(app.count("SELECT COUNT(*) FROM request_attachments").await, 0);
        let reason: String = sqlx::query_scalar("SELECT reason FROM disposal_records WHERE kind = 'erasure' AND last_ref = 'my_number_document'")
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap();
        assert!(reason.contains("番号法第20条") && reason.contains(&r), "{reason}");
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'attachment.my_number_erase' AND outcome = 'allowed'").await, 1);
        let page: serde_json::Value = app.get_api(&format!("/api/requests/one?receipt={r}"), &taro).await.json().await.unwrap();
        assert!(page["timeline"].to_string().contains("マイナンバーカード裏面.pdf"), "{}", page["timeline"]);
        assert_eq!(app.get_with(&format!("/staff/requests/{r}/files/{id}"), &reviewer).await.status(), 404);
        // A second click finds nothing to delete.
        assert_eq!(erase(reviewer.clone()).await.status(), 409);
        seal_all(&app.state).await.unwrap();
        assert!(verify(&app.state, &[]).await.unwrap().ok());
    }
}
