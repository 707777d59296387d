//! Staff take requests to a decision over real HTTP: the legal ground and the 36条 reason,
//! the 責任者's approval by a second person, concurrent decisions, the letter reaching
//! the member, and the queue's filters and export. Carrying decisions out (packages,
//! corrections in the core system) is in delivery.rs.


use crate::on_both_databases;
use crate::support::TestApp;

fn fields(body: &serde_json::Value) -> Vec<(String, String)> {
    body["Invalid"]
        .as_array()
        .map(|a| a.iter().map(|f| (f["field"].as_str().unwrap_or("").to_string(), f["problem"].to_string())).collect())
        .unwrap_or_default()
}

impl TestApp {
    /// A member's request of `kind`, taken up by `staff`; returns its receipt.
    pub(crate) async fn request_in_review(&self, member: &str, staff: &str, n: u32, kind: &str, extra: &[(&str, &str)]) -> String {
        let key = format!("decision-key-{n:08}-abc");
        let mut all = vec![("request_type", kind), ("idempotency_key", key.as_str()), ("for", "self")];
        all.extend_from_slice(extra);
        let receipt = self.submit(member, &all).await;
        let res = self
            .post_api("/api/staff/requests/act", Some(staff), &[("receipt", &receipt), ("action", "start_review"), ("message", ""), ("version", "")])
            .await;
        assert!(res.headers().contains_key("location"), "start_review: {}", res.status());
        receipt
    }

    pub(crate) async fn version(&self, receipt: &str) -> String {
        sqlx::query_scalar::<_, i64>("SELECT version FROM requests WHERE receipt_number = $1")
            .bind(receipt)
            .fetch_one(&self.state.db.pool)
            .await
            .unwrap()
            .to_string()
    }

    pub(crate) async fn status(&self, receipt: &str) -> String {
        sqlx::query_scalar("SELECT status FROM requests WHERE receipt_number = $1").bind(receipt).fetch_one(&self.state.db.pool).await.unwrap()
    }

    /// Decides. A `("fee", "paid" | "waived")` pair is what the decision expects of the fee:
    /// it is recorded first, as staff record it on the fee's own form (the decision reads
    /// the record, never a tick of its own).
    pub(crate) async fn decide(&self, staff: &str, receipt: &str, pairs: &[(&str, &str)]) -> reqwest::Response {
        if let Some((_, how)) = pairs.iter().find(|(k, _)| *k == "fee") {
            self.settle_fee(staff, receipt, how).await;
        }
        let v = self.version(receipt).await;
        let mut all = vec![("receipt", receipt), ("version", v.as_str())];
        all.extend(pairs.iter().filter(|(k, _)| *k != "fee"));
        self.post_api("/api/staff/requests/decide", Some(staff), &all).await
    }

    /// Records the request's fee as paid today in full by transfer, or waived; nothing when
    /// it carries none or is settled already.
    pub(crate) async fn settle_fee(&self, staff: &str, receipt: &str, how: &str) {
        let (fee, settled): (i64, i64) = sqlx::query_as(
            "SELECT r.fee_yen, (SELECT COUNT(*) FROM fee_settlements f WHERE f.request_id = r.id) FROM requests r WHERE r.receipt_number = $1",
        )
        .bind(receipt)
        .fetch_one(&self.state.db.pool)
        .await
        .unwrap();
        if fee == 0 || settled > 0 {
            return;
        }
        let today = kit::time::tokyo_date(self.state.clock.now()).to_string();
        let amount = fee.to_string();
        let form: Vec<(&str, &str)> = match how {
            "waived" => vec![("receipt", receipt), ("settle", "waived"), ("waiver_reason", "生活保護を受けているため")],
            _ => vec![("receipt", receipt), ("settle", "paid"), ("paid_on", &today), ("method", "bank_transfer"), ("amount_yen", &amount)],
        };
        let res = self.post_api("/api/staff/requests/fee", Some(staff), &form).await;
        assert!(res.headers().contains_key("location"), "the fee is recorded: {}", res.status());
    }

    pub(crate) async fn review(&self, staff: &str, receipt: &str, decision: &str, note: &str) -> reqwest::Response {
        let v = self.version(receipt).await;
        self.post_api("/api/staff/requests/review", Some(staff), &[("receipt", receipt), ("version", &v), ("decision", decision), ("note", note)]).await
    }
}

on_both_databases! {
    async fn a_partial_disclosure_needs_a_reason_and_another_persons_approval_before_the_member_sees_it(backend) {
        let app = TestApp::with_registry(backend).await;
        let taro = app.signed_in_member("1001", "23", "00").await;
        let reviewer = app.signed_in_staff("S0101", &["reviewer", "approver"]).await;
        let approver = app.signed_in_staff("S0102", &["approver"]).await;
        let r = app
            .request_in_review(&taro, &reviewer, 1, "disclosure", &[("categories", "qualification"), ("method", "electronic")])
            .await;
        // The package, with one item withheld (delivery.rs tests packages in depth).
        assert!(app.post_api("/api/staff/package/start", Some(&reviewer), &[("receipt", &r)]).await.headers().contains_key("location"));
        assert!(app.exclude(&reviewer, &r, "registry.address", "business").await.headers().contains_key("location"));
        // 36条: a partial disclosure without a reason is not saved.
        let res = app.decide(&reviewer, &r, &[("outcome", "partial_disclosure"), ("ground", "33-2-2"), ("reason", " "), ("fee", "paid")]).await;
        assert_eq!(res.status(), 422);
        assert_eq!(fields(&res.json().await.unwrap()), vec![("reason".to_string(), "\"reason_required\"".to_string())]);
        assert_eq!(app.count("SELECT COUNT(*) FROM request_decisions").await, 0);
        assert_eq!(app.status(&r).await, "in_review");
        // A ground of another outcome is refused.
        let res = app.decide(&reviewer, &r, &[("outcome", "partial_disclosure"), ("ground", "32-2-1"), ("reason", "r"), ("fee", "paid")]).await;
        assert_eq!(fields(&res.json().await.unwrap()), vec![("ground".to_string(), "\"ground_mismatch\"".to_string())]);
        // With ground and reason it waits for approval; the member sees nothing yet.
        let reason = "審査中の給付に関する記録は、業務に著しい支障があるため開示しません。";
        let res = app.decide(&reviewer, &r, &[("outcome", "partial_disclosure"), ("ground", "33-2-2"), ("reason", reason), ("fee", "paid")]).await;
        assert!(res.headers().contains_key("location"), "{}", res.status());
        assert_eq!(app.status(&r).await, "pending_approval");
        let seen = app.request(&taro, &r).await;
        assert_eq!(seen["line"]["stage"], "in_review");
        assert!(seen["decision"].is_null());
        assert_eq!(app.get_api(&format!("/api/requests/letter?receipt={r}"), &taro).await.status(), 404);
        // Four eyes: the decider, though a 責任者, cannot approve their own decision.
        let res = app.review(&reviewer, &r, "approve", "").await;
        assert_eq!(res.status(), 422);
        assert_eq!(fields(&res.json().await.unwrap()), vec![("approve".to_string(), "\"own_decision\"".to_string())]);
        assert_eq!(app.status(&r).await, "pending_approval");
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'request.approve' AND outcome = 'refused'").await, 1);
        // Another 責任者 approves: the letter reaches the member's inbox.
        assert!(app.review(&approver, &r, "approve", "").await.headers().contains_key("location"));
        assert_eq!(app.status(&r).await, "notified");
        let seen = app.request(&taro, &r).await;
        assert_eq!(seen["line"]["stage"], "notified");
        assert_eq!(seen["decision"]["decision"]["outcome"], "partial_disclosure");
        assert_eq!(seen["decision"]["decision"]["ground"], "33-2-2");
        assert_eq!(seen["decision"]["decision"]["reason"], reason);
        assert!(seen["decision"]["decided_by"].is_null(), "members are not told which staff decided");
        let letter: serde_json::Value = app.get_api(&format!("/api/requests/letter?receipt={r}"), &taro).await.json().await.unwrap();
        assert_eq!(letter["decision"]["decision"]["outcome"], "partial_disclosure");
        assert_eq!(letter["society_name"].as_str().map(|s| !s.is_empty()), Some(true));
        assert_eq!(app.count("SELECT COUNT(*) FROM member_notifications WHERE kind = 'decision'").await, 1);
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'request.decide'").await, 1);
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'request.approve' AND outcome = 'allowed'").await, 1);
        // The answer stops the clock.
        assert_eq!(app.count("SELECT COUNT(*) FROM requests WHERE due_on IS NULL AND decided_on IS NOT NULL").await, 1);
    }
}

on_both_databases! {
    async fn a_send_back_needs_a_note_and_returns_the_request_to_review(backend) {
        let app = TestApp::with_registry(backend).await;
        let taro = app.signed_in_member("1001", "23", "00").await;
        let reviewer = app.signed_in_staff("S0201", &["reviewer"]).await;
        let approver = app.signed_in_staff("S0202", &["approver"]).await;
        let r = app.request_in_review(&taro, &reviewer, 2, "purpose_notice", &[]).await;
        let res = app.decide(&reviewer, &r, &[("outcome", "purpose_not_notified"), ("ground", "32-2-1"), ("reason", "公表済みの利用目的のとおりです。"), ("fee", "waived")]).await;
        assert!(res.headers().contains_key("location"));
        // A reviewer is not a 責任者.
        assert_eq!(app.review(&reviewer, &r, "approve", "").await.status(), 403);
        let res = app.review(&approver, &r, "send_back", "").await;
        assert_eq!(fields(&res.json().await.unwrap()), vec![("note".to_string(), "\"required\"".to_string())]);
        assert!(app.review(&approver, &r, "send_back", "根拠の説明を具体的に。").await.headers().contains_key("location"));
        assert_eq!(app.status(&r).await, "in_review");
        // The send-back is internal: the member's timeline does not show it.
        let seen = app.request(&taro, &r).await;
        assert!(!seen["timeline"].to_string().contains("根拠の説明"));
        // Decided again and approved: 通知しない under 32条2項1号 reaches the member with that ground.
        let res = app.decide(&reviewer, &r, &[("outcome", "purpose_not_notified"), ("ground", "32-2-1"), ("reason", "利用目的はホームページで公表しています。"), ("fee", "waived")]).await;
        assert!(res.headers().contains_key("location"));
        assert!(app.review(&approver, &r, "approve", "").await.headers().contains_key("location"));
        let seen = app.request(&taro, &r).await;
        assert_eq!(seen["decision"]["decision"]["ground"], "32-2-1");
        // The demo society publishes no fee for a 利用目的の通知: none is recorded.
        assert_eq!(seen["fee_yen"], 0);
        assert_eq!(seen["decision"]["decision"]["fee"], "not_charged");
        assert_eq!(app.count("SELECT COUNT(*) FROM request_decisions").await, 2);
    }
}

on_both_databases! {
    async fn two_staff_deciding_at_once_one_wins_and_the_other_is_told(backend) {
        let app = TestApp::with_registry(backend).await;
        let taro = app.signed_in_member("1001", "23", "00").await;
        let a = app.signed_in_staff("S0301", &["reviewer"]).await;
        let b = app.signed_in_staff("S0302", &["reviewer"]).await;
        let r = app.request_in_review(&taro, &a, 3, "complaint", &[("body", "説明がわかりにくかった。")]).await;
        let v = app.version(&r).await;
        let post = |cookie: String, text: &'static str| {
            let (app, r, v) = (&app, r.clone(), v.clone());
            async move {
                app.post_api("/api/staff/requests/decide", Some(&cookie), &[("receipt", &r), ("version", &v), ("outcome", "responded"), ("reason", text)]).await
            }
        };
        let (x, y) = tokio::join!(post(a.clone(), "お詫びし、説明資料を改めました。"), post(b.clone(), "窓口で再度ご説明しました。"));
        let mut statuses = vec![x.status().as_u16(), y.status().as_u16()];
        statuses.sort_unstable();
        // One is sent on (200 with Location), the other is told of the conflict.
        assert_eq!(statuses, vec![200, 409]);
        assert_eq!(app.count("SELECT COUNT(*) FROM request_decisions").await, 1);
        // A 苦情's response needs no approval: it reached the member.
        assert_eq!(app.status(&r).await, "notified");
        // A stale version is refused too.
        let res = app.post_api("/api/staff/requests/decide", Some(&a), &[("receipt", &r), ("version", &v), ("outcome", "responded"), ("reason", "x")]).await;
        assert_eq!(res.status(), 409);
    }
}

on_both_databases! {
    async fn the_queue_filters_sorts_and_pages_on_the_server_and_exports_only_for_granted_roles(backend) {
        let app = TestApp::with_registry(backend).await;
        let taro = app.signed_in_member("1001", "23", "00").await;
        let reviewer = app.signed_in_staff("S0501", &["reviewer"]).await;
        let approver = app.signed_in_staff("S0502", &["approver"]).await;
        let d = app.request_in_review(&taro, &reviewer, 5, "disclosure", &[("categories", "qualification"), ("method", "electronic")]).await;
        let c = app.request_in_review(&taro, &reviewer, 6, "complaint", &[("body", "x")]).await;
        let page: serde_json::Value = app.get_api("/api/staff/requests?params[type]=disclosure", &reviewer).await.json().await.unwrap();
        assert_eq!(page["total"], 1);
        assert_eq!(page["lines"][0]["line"]["receipt"], d.as_str());
        assert_eq!(page["can_export"], false);
        // A page past the end still has the count.
        let past: serde_json::Value = app.get_api("/api/staff/requests?params[type]=disclosure&params[page]=2", &reviewer).await.json().await.unwrap();
        assert_eq!((past["total"].clone(), past["lines"].as_array().map(Vec::len)), (serde_json::json!(1), Some(0)));
        let page: serde_json::Value = app.get_api(&format!("/api/staff/requests?params[q]={c}"), &reviewer).await.json().await.unwrap();
        assert_eq!(page["total"], 1);
        assert_eq!(page["lines"][0]["line"]["receipt"], c.as_str());
        // By name (prefix), newest first.
        let page: serde_json::Value =
            app.get_api("/api/staff/requests?params[q]=%E9%9D%92%E8%91%89&params[sort]=received", &reviewer).await.json().await.unwrap();
        let receipts: Vec<&str> = page["lines"].as_array().unwrap().iter().map(|l| l["line"]["receipt"].as_str().unwrap()).collect();
        assert_eq!(receipts, vec![c.as_str(), d.as_str()]);
        // Malformed filters are answered field by field.
        let res = app.get_api("/api/staff/requests?params[page]=0&params[sort]=drop", &reviewer).await;
        assert_eq!(res.status(), 422);
        let problems = fields(&res.json().await.unwrap());
        assert_eq!(problems, vec![("sort".to_string(), "\"choice\"".to_string()), ("page".to_string(), "\"page\"".to_string())]);
        // Export: refused (and recorded) for a reviewer, the minimum fields for the 責任者.
        assert_eq!(app.get_with("/staff/requests.csv?type=disclosure", &reviewer).await.status(), 403);
        let res = app.get_with("/staff/requests.csv?type=disclosure", &approver).await;
        assert_eq!(res.status(), 200);
        assert_eq!(res.headers()["content-type"], "text/csv; charset=utf-8");
        let csv = res.text().await.unwrap();
        let lines: Vec<&str> = csv.trim_start_matches('\u{FEFF}').lines().collect();
        assert_eq!(lines[0], "受付番号,種類,状況,受付日,期限,担当,重要度,緊急度");
        assert_eq!(lines.len(), 2);
        assert!(lines[1].starts_with(&format!("{d},disclosure,in_review,2026-11-22,")), "{}", lines[1]);
        assert!(!csv.contains("青葉"), "no names in the export");
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'request.export' AND outcome = 'refused'").await, 1);
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'request.export' AND outcome = 'allowed'").await, 1);
        // Assignment: taking both up made them the reviewer's; the queue filters on it.
        let page: serde_json::Value = app.get_api("/api/staff/requests?params[assignee]=me", &reviewer).await.json().await.unwrap();
        assert_eq!(page["total"], 2);
        let res = app
            .post_api("/api/staff/requests/assign", Some(&reviewer), &[("receipt", &c), ("version", &app.version(&c).await), ("assignee", ""), ("importance", "normal"), ("urgency", "normal"), ("reassign_reason", "苦情担当に回すため")])
            .await;
        assert!(res.headers().contains_key("location"), "{}", res.status());
        let v = app.version(&d).await;
        let staff_id: i64 = sqlx::query_scalar("SELECT id FROM staff WHERE staff_number = 'S0501'").fetch_one(&app.state.db.pool).await.unwrap();
        let res = app
            .post_api("/api/staff/requests/assign", Some(&reviewer), &[("receipt", &d), ("version", &v), ("assignee", &staff_id.to_string()), ("importance", "high"), ("urgency", "high")])
            .await;
        assert!(res.headers().contains_key("location"), "{}", res.status());
        let page: serde_json::Value = app.get_api("/api/staff/requests?params[assignee]=me", &reviewer).await.json().await.unwrap();
        assert_eq!(page["total"], 1);
        assert_eq!(page["lines"][0]["assignee"], "S0501");
        assert_eq!(page["lines"][0]["importance"], "high");
        let res = app
            .post_api("/api/staff/requests/assign", Some(&reviewer), &[("receipt", &d), ("version", &app.version(&d).await), ("assignee", "999999"), ("importance", "high"), ("urgency", "top")])
            .await;
        assert_eq!(res.status(), 422);
    }
}

on_both_databases! {
    async fn the_subjects_held_data_is_shown_for_the_request_and_each_view_is_recorded(backend) {
        let app = TestApp::with_registry(backend).await;
        let taro = app.signed_in_member("1001", "23", "00").await;
        let reviewer = app.signed_in_staff("S0601", &["reviewer"]).await;
        let auditor = app.signed_in_staff("S0602", &["auditor"]).await;
        let r = app.request_in_review(&taro, &reviewer, 7, "complaint", &[("body", "x")]).await;
        let held: serde_json::Value = app.get_api(&format!("/api/staff/requests/held?receipt={r}"), &reviewer).await.json().await.unwrap();
        assert!(held["items"].to_string().contains("1001・23・00"), "{held}");
        assert_eq!(
            app.count(&format!("SELECT COUNT(*) FROM audit_events WHERE action = 'registry.view' AND purpose = '{r}'")).await,
            1
        );
        // The auditor reads requests but not the registry through a case.
        assert_eq!(app.get_api(&format!("/api/staff/requests/held?receipt={r}"), &auditor).await.status(), 403);
        // Internal notes never reach the member.
        let res = app.post_api("/api/staff/requests/act", Some(&reviewer), &[("receipt", &r), ("action", "note"), ("message", "内部メモ：電話で確認済み"), ("version", "")]).await;
        assert!(res.headers().contains_key("location"));
        let seen = app.request(&taro, &r).await;
        assert!(!seen["timeline"].to_string().contains("内部メモ"));
        let staff_view: serde_json::Value = app.get_api(&format!("/api/staff/requests/one?receipt={r}"), &reviewer).await.json().await.unwrap();
        assert!(staff_view["view"]["timeline"].to_string().contains("内部メモ"));
    }
}

on_both_databases! {
    async fn the_report_counts_by_month_type_and_decision_with_business_days_and_lists_the_overdue(backend) {
        let app = TestApp::with_registry(backend).await;
        let taro = app.signed_in_member("1001", "23", "00").await;
        let reviewer = app.signed_in_staff("S0601", &["reviewer"]).await;
        // Received on Sunday 2026-11-22.
        let quick = app.request_in_review(&taro, &reviewer, 61, "complaint", &[("body", "x")]).await;
        let slow = app.request_in_review(&taro, &reviewer, 62, "complaint", &[("body", "y")]).await;
        let open = app.request_in_review(&taro, &reviewer, 63, "disclosure", &[("categories", "qualification"), ("method", "electronic")]).await;
        let res = app.decide(&reviewer, &quick, &[("outcome", "responded"), ("reason", "ご説明しました。")]).await;
        assert!(res.headers().contains_key("location"), "{}", res.status());
        // Decided on Wednesday 11-25: Monday 11-23 is a holiday, so 2 business days.
        app.clock.advance(chrono::Duration::days(3));
        let reviewer = app.signed_in_staff("S0602", &["reviewer"]).await;
        let res = app.decide(&reviewer, &slow, &[("outcome", "responded"), ("reason", "資料を改めました。")]).await;
        assert!(res.headers().contains_key("location"), "{}", res.status());
        // Two months on, the 開示 is past its due date.
        app.clock.advance(chrono::Duration::days(60));
        let auditor = app.signed_in_staff("S0603", &["auditor"]).await;
        let reviewer = app.signed_in_staff("S0604", &["reviewer"]).await;

        let report: serde_json::Value = app.get_api("/api/staff/reports?fy=2026", &auditor).await.json().await.unwrap();
        assert_eq!(report["fiscal_year"], 2026);
        let mut received: Vec<(String, String, i64)> = report["received"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| (r[0].as_str().unwrap().to_string(), r[1].as_str().unwrap().to_string(), r[2].as_i64().unwrap()))
            .collect();
        received.sort();
        assert_eq!(received, vec![("2026-11".into(), "complaint".into(), 2), ("2026-11".into(), "disclosure".into(), 1)]);
        assert_eq!(report["decisions"], serde_json::json!([["complaint", "responded", 2]]));
        assert_eq!(report["timings"], serde_json::json!([{ "request_type": "complaint", "decided": 2, "median_days": 1.0, "p90_days": 2 }]));
        let overdue = report["overdue"].as_array().unwrap();
        assert_eq!(overdue.len(), 1);
        assert_eq!(overdue[0]["receipt"], open.as_str());
        assert!(overdue[0]["business_days_over"].as_i64().unwrap() > 0);
        // Another year is empty; a year that cannot be chosen is answered on its field.
        let other: serde_json::Value = app.get_api("/api/staff/reports?fy=2025", &auditor).await.json().await.unwrap();
        assert_eq!(other["received"], serde_json::json!([]));
        let res = app.get_api("/api/staff/reports?fy=2099", &auditor).await;
        assert_eq!(res.status(), 422);
        assert_eq!(fields(&res.json().await.unwrap()), vec![("fy".to_string(), "\"choice\"".to_string())]);
        // Only the 責任者 and the auditor read reports; every read is recorded.
        assert_eq!(app.get_api("/api/staff/reports", &reviewer).await.status(), 403);
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'report.view' AND outcome = 'allowed'").await, 2);
        // The page, server-rendered.
        let res = app.get_with("/staff/reports?fy=2026", &auditor).await;
        assert_eq!(res.status(), 200);
        let html = res.text().await.unwrap();
        assert!(html.contains("data-report=\"received\""));
        assert!(html.contains(&format!("data-receipt=\"{open}\"")));
        assert!(html.contains("1営業日"), "the median is shown");
    }
}
