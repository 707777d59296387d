//! The member's home over real HTTP on both databases: sign-in lands there; it lists what
//! needs doing, most pressing first (a 補正依頼 to answer before a fee to pay), drops what
//! was done, and only ever the caller's own.

use crate::on_both_databases;
use crate::support::TestApp;

impl TestApp {
    async fn home(&self, member: &str) -> serde_json::Value {
        let res = self.get_api("/api/home", member).await;
        assert_eq!(res.status(), 200);
        res.json().await.unwrap()
    }
}

/// The home's list as (kind, receipt).
fn attention(home: &serde_json::Value) -> Vec<(String, String)> {
    home["attention"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a.as_object()?.iter().next().map(|(kind, v)| (kind.clone(), v["receipt"].as_str().unwrap_or("").to_string())))
        .collect()
}

on_both_databases! {
    async fn the_home_lists_what_needs_doing_most_pressing_first_and_only_the_callers_own(backend) {
        let app = TestApp::with_registry(backend).await;
        let taro = app.signed_in_member("1001", "23", "00").await;
        let other = app.signed_in_member("1003", "7", "00").await;
        let reviewer = app.signed_in_staff("S0701", &["reviewer"]).await;
        assert!(attention(&app.home(&taro).await).is_empty());

        // A 開示 with its 300円 fee, and a 訂正 the society asks more about.
        let fee = app.request_in_review(&taro, &reviewer, 701, "disclosure", &[("categories", "qualification"), ("method", "electronic")]).await;
        let ask = app
            .request_in_review(&taro, &reviewer, 702, "correction", &[("item", "address"), ("requested", "東京都千代田区丸の内九丁目99番99号 あおばハイツ102（架空）"), ("reason", "部屋番号")])
            .await;
        let v = app.version(&ask).await;
        let res = app
            .post_api("/api/staff/requests/act", Some(&reviewer), &[("receipt", &ask), ("action", "ask_member"), ("message", "転居の日付を教えてください。"), ("version", &v)])
            .await;
        assert!(res.headers().contains_key("location"));

        let home = app.home(&taro).await;
        assert_eq!(attention(&home), vec![("Answer".to_string(), ask.clone()), ("PayFee".to_string(), fee.clone())]);
        assert_eq!(home["attention"][1]["PayFee"]["amount_yen"], 300);
        assert_eq!(home["attention"][0]["Answer"]["request_type"], "correction");
        assert_eq!(home["open_requests"], 2);
        // Another member's home shows none of it.
        assert!(attention(&app.home(&other).await).is_empty());

        // Paid: the fee leaves the list, and the member's note of the payment is news to
        // read; the 補正依頼 stays first until answered.
        app.settle_fee(&reviewer, &fee, "paid").await;
        assert_eq!(attention(&app.home(&taro).await), vec![("Answer".to_string(), ask.clone()), ("ReadMessage".to_string(), fee.clone())]);
    }
}

on_both_databases! {
    async fn signing_in_lands_on_the_home_unless_a_page_was_asked_for(backend) {
        let app = TestApp::with_registry(backend).await;
        app.signed_in_member("1001", "23", "00").await;
        let res = app
            .post_form("/api/login", &[("identifier", "1001-23-00"), ("password", TestApp::PASSWORD), ("code", &app.totp(0)), ("next", "")])
            .await;
        assert_eq!(res.headers().get("location").and_then(|l| l.to_str().ok()), Some("/mypage"));
        let res = app
            .post_form("/api/login", &[("identifier", "1001-23-00"), ("password", TestApp::PASSWORD), ("code", &app.totp(1)), ("next", "/notices")])
            .await;
        assert_eq!(res.headers().get("location").and_then(|l| l.to_str().ok()), Some("/notices"));
        // Without a session the home is not shown.
        assert_eq!(app.get_api("/api/home", "").await.status(), 401);
    }
}
