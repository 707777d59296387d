//! 38条 over real HTTP on both databases: a fee-bearing request tells the member what is
//! owed and how to pay; staff record the payment (or a waiver) once, refused next to the
//! field when wrong; an answer that hands data over waits for it, one that hands nothing
//! over does not; the 領収書 prints; an unpaid fee is reminded and then ends the request.

use crate::on_both_databases;
use crate::support::TestApp;

/// The `Invalid` fields of an error body, as (field, problem code).
fn invalid(body: &serde_json::Value) -> Vec<(String, String)> {
    body["Invalid"]
        .as_array()
        .map(|a| a.iter().map(|f| (f["field"].as_str().unwrap_or("").to_string(), f["problem"].as_str().unwrap_or("").to_string())).collect())
        .unwrap_or_default()
}

impl TestApp {
    async fn pay(&self, staff: &str, receipt: &str, paid_on: &str, method: &str, amount: &str) -> reqwest::Response {
        let form = [("receipt", receipt), ("settle", "paid"), ("paid_on", paid_on), ("method", method), ("amount_yen", amount)];
        self.post_api("/api/staff/requests/fee", Some(staff), &form).await
    }

    async fn fee_sweep(&self) -> app::requests::store::Swept {
        app::requests::store::sweep(&self.state, &app::platform::audit::RequestMeta::default()).await.unwrap()
    }

    fn today(&self) -> chrono::NaiveDate {
        kit::time::tokyo_date(self.state.clock.now())
    }
}

on_both_databases! {
    async fn a_fee_is_guided_paid_once_and_printed_on_a_receipt(backend) {
        let app = TestApp::with_registry(backend).await;
        let taro = app.signed_in_member("1001", "23", "00").await;
        let clerk = app.signed_in_staff("S0601", &["intake"]).await;
        let reviewer = app.signed_in_staff("S0602", &["reviewer"]).await;
        let r = app.request_in_review(&taro, &reviewer, 601, "disclosure", &[("categories", "qualification"), ("method", "electronic")]).await;

        // On receipt the member reads what is owed and every published way to pay.
        let seen = app.request(&taro, &r).await;
        assert_eq!(seen["fee"]["amount_yen"], 300);
        assert_eq!(seen["fee"]["state"], "Due");
        let ways: Vec<&str> = seen["fee"]["methods"].as_array().unwrap().iter().map(|m| m["kind"].as_str().unwrap()).collect();
        assert_eq!(ways, vec!["bank_transfer", "registered_mail", "counter_cash"]);
        assert!(seen["fee"]["methods"][0]["instructions"].as_str().unwrap().contains("普通預金"));

        // An answer that hands data over waits for the fee: refused at the fee, nothing saved.
        assert!(app.post_api("/api/staff/package/start", Some(&reviewer), &[("receipt", &r)]).await.headers().contains_key("location"));
        let res = app.decide(&reviewer, &r, &[("outcome", "full_disclosure"), ("ground", "33-1")]).await;
        assert_eq!(res.status(), 422);
        assert_eq!(invalid(&res.json().await.unwrap()), vec![("fee".to_string(), "fee_unpaid".to_string())]);
        assert_eq!(app.count("SELECT COUNT(*) FROM request_decisions").await, 0);

        // Wrong payments are refused next to their field, and nothing is stored.
        let today = app.today();
        let tomorrow = today.succ_opt().unwrap().to_string();
        let today = today.to_string();
        for (form, want) in [
            ((tomorrow.as_str(), "bank_transfer", "300"), ("paid_on", "future_date")),
            ((today.as_str(), "bank_transfer", "-300"), ("amount_yen", "digits")),
            ((today.as_str(), "bank_transfer", "200"), ("amount_yen", "fee_amount")),
            ((today.as_str(), "cheque", "300"), ("method", "choice")),
            (("2020-01-01", "bank_transfer", "300"), ("paid_on", "before_receipt")),
        ] {
            let res = app.pay(&clerk, &r, form.0, form.1, form.2).await;
            assert_eq!(res.status(), 422, "{form:?}");
            assert_eq!(invalid(&res.json().await.unwrap()), vec![(want.0.to_string(), want.1.to_string())], "{form:?}");
        }
        assert_eq!(app.count("SELECT COUNT(*) FROM fee_settlements").await, 0);
        // A clerk at the counter records payments; waiving is for the request's reviewers.
        let waive = [("receipt", r.as_str()), ("settle", "waived"), ("waiver_reason", "窓口で相談を受けたため")];
        assert_eq!(app.post_api("/api/staff/requests/fee", Some(&clerk), &waive).await.status(), 403);

        // The payment, recorded once: the member is told, with the day and the way.
        let res = app.pay(&clerk, &r, &today, "registered_mail", "３００円").await;
        assert!(res.headers().contains_key("location"), "{}", res.status());
        let res = app.pay(&clerk, &r, &today, "registered_mail", "300").await;
        assert_eq!(invalid(&res.json().await.unwrap()), vec![("fee".to_string(), "fee_settled".to_string())]);
        assert_eq!(app.count("SELECT COUNT(*) FROM fee_settlements").await, 1);
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'fee.record' AND outcome = 'allowed'").await, 1);
        let seen = app.request(&taro, &r).await;
        assert_eq!(seen["fee"]["state"], "Paid");
        assert_eq!(seen["fee"]["settlement"]["Paid"]["method"], "registered_mail");
        let timeline = seen["timeline"].to_string();
        assert!(timeline.contains("fee_paid") && timeline.contains("手数料300円のお支払いを確認しました"), "{timeline}");

        // The 領収書: the member's own (a recorded read); another household's member finds nothing.
        let paper: serde_json::Value = app.get_api(&format!("/api/requests/fee-paper?receipt={r}"), &taro).await.json().await.unwrap();
        assert_eq!(paper["receipt"], r.as_str());
        assert_eq!(paper["fee"]["settlement"]["Paid"]["amount_yen"], 300);
        assert!(paper["society_name"].as_str().unwrap().contains("健康保険組合"));
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'fee.paper' AND outcome = 'allowed'").await, 1);
        let stranger = app.signed_in_member("1003", "7", "00").await;
        assert_eq!(app.get_api(&format!("/api/requests/fee-paper?receipt={r}"), &stranger).await.status(), 404);

        // Now the disclosure can be decided, and the decision records the fee as paid.
        let res = app.decide(&reviewer, &r, &[("outcome", "full_disclosure"), ("ground", "33-1")]).await;
        assert!(res.headers().contains_key("location"), "{}", res.status());
        let fee: String = sqlx::query_scalar("SELECT fee FROM request_decisions").fetch_one(&app.state.db.pool).await.unwrap();
        assert_eq!(fee, "paid");
    }
}

on_both_databases! {
    async fn an_answer_that_hands_nothing_over_does_not_wait_for_the_fee(backend) {
        let app = TestApp::with_registry(backend).await;
        let taro = app.signed_in_member("1001", "23", "00").await;
        let reviewer = app.signed_in_staff("S0611", &["reviewer"]).await;
        let r = app.request_in_review(&taro, &reviewer, 611, "disclosure", &[("categories", "qualification"), ("method", "electronic")]).await;
        let res = app.decide(&reviewer, &r, &[("outcome", "not_held"), ("reason", "お尋ねの情報は保有していません。")]).await;
        assert!(res.headers().contains_key("location"), "{}", res.status());
        let fee: String = sqlx::query_scalar("SELECT fee FROM request_decisions").fetch_one(&app.state.db.pool).await.unwrap();
        assert_eq!(fee, "not_charged");
        // A request that carries no fee takes no payment or waiver.
        let c = app.request_in_review(&taro, &reviewer, 612, "correction", &[("item", "address"), ("requested", "東京都港区2-2"), ("reason", "転居")]).await;
        let res = app.pay(&reviewer, &c, &app.today().to_string(), "bank_transfer", "300").await;
        assert_eq!(invalid(&res.json().await.unwrap()), vec![("fee".to_string(), "no_fee".to_string())]);
        let waive = [("receipt", c.as_str()), ("settle", "waived"), ("waiver_reason", "理由")];
        let res = app.post_api("/api/staff/requests/fee", Some(&reviewer), &waive).await;
        assert_eq!(invalid(&res.json().await.unwrap()), vec![("fee".to_string(), "no_fee".to_string())]);
        assert_eq!(app.count("SELECT COUNT(*) FROM fee_settlements").await, 0);
    }
}

on_both_databases! {
    async fn an_unpaid_fee_is_reminded_then_ends_the_request_and_a_waived_one_is_not(backend) {
        let app = TestApp::with_registry(backend).await;
        let taro = app.signed_in_member("1001", "23", "00").await;
        let reviewer = app.signed_in_staff("S0621", &["reviewer"]).await;
        let unpaid = app.request_in_review(&taro, &reviewer, 621, "disclosure", &[("categories", "qualification"), ("method", "electronic")]).await;
        let waived = app.request_in_review(&taro, &reviewer, 622, "third_party_record_disclosure", &[("method", "paper")]).await;
        let waive = [("receipt", waived.as_str()), ("settle", "waived"), ("waiver_reason", "  ")];
        let res = app.post_api("/api/staff/requests/fee", Some(&reviewer), &waive).await;
        assert_eq!(invalid(&res.json().await.unwrap()), vec![("waiver_reason".to_string(), "reason_required".to_string())]);
        let waive = [("receipt", waived.as_str()), ("settle", "waived"), ("waiver_reason", "災害救助法の適用地域にお住まいのため")];
        assert!(app.post_api("/api/staff/requests/fee", Some(&reviewer), &waive).await.headers().contains_key("location"));

        app.clock.advance(chrono::Duration::days(13));
        assert_eq!(app.fee_sweep().await, app::requests::store::Swept::default());
        app.clock.advance(chrono::Duration::days(1));
        assert_eq!(app.fee_sweep().await.fees_reminded, 1, "only the unpaid one");
        assert_eq!(app.fee_sweep().await, app::requests::store::Swept::default());
        let taro = app.signed_in_member("1001", "23", "00").await;
        let seen = app.request(&taro, &unpaid).await;
        assert!(seen["timeline"].to_string().contains("手数料のお支払いをお待ちしています"), "{}", seen["timeline"]);
        assert!(seen["fee"]["last_day"].is_string(), "the page names the last day: {}", seen["fee"]);
        app.clock.advance(chrono::Duration::days(30));
        assert_eq!(app.fee_sweep().await.fees_closed, 1);
        assert_eq!(app.status(&unpaid).await, "lapsed");
        assert_eq!(app.status(&waived).await, "in_review");
        let taro = app.signed_in_member("1001", "23", "00").await;
        let letter: serde_json::Value = app.get_api(&format!("/api/requests/letter?receipt={unpaid}"), &taro).await.json().await.unwrap();
        assert_eq!(letter["decision"]["decision"]["outcome"], "lapsed");
        assert_eq!(letter["decision"]["decision"]["ground"], "38-unpaid");
        assert!(letter["decision"]["decision"]["reason"].as_str().unwrap().contains("手数料"));
        // Closed: nothing more is recorded on it.
        let reviewer = app.signed_in_staff("S0622", &["reviewer"]).await;
        assert_eq!(app.pay(&reviewer, &unpaid, &app.today().to_string(), "bank_transfer", "300").await.status(), 409);
    }
}
