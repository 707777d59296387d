//! The member's own account: a password change (the current password, a recent sign-in,
//! the registration rules for the new one; the other devices signed out).

use chrono::Duration;

use crate::identity::audit_count;
use crate::on_both_databases;
use crate::support::TestApp;

const NEW: &str = "a quiet river in autumn";

async fn password_hash(app: &TestApp, member_id: i64) -> String {
    sqlx::query_scalar("SELECT password_hash FROM member_accounts WHERE member_id = $1")
        .bind(member_id)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap()
}

on_both_databases! {
    async fn a_member_changes_their_password_and_other_devices_are_signed_out(backend) {
        let app = TestApp::with_registry(backend).await;
        let me = app.member_id("1001", "23", "00").await;
        let cookie = app.signed_in_member("1001", "23", "00").await;
        let phone = app.signed_in_member_session_for(me).await;
        let before = password_hash(&app, me).await;
        let change = |current: &'static str, new: &'static str, again: &'static str| {
            [("current_password", current), ("password", new), ("password_confirm", again)]
        };

        // A wrong current password: refused next to that field, counted, nothing changed.
        let res = app.post_api("/api/account/password", Some(&cookie), &change("not my password", NEW, NEW)).await;
        assert_eq!(res.status(), 422);
        let body = res.text().await.unwrap();
        assert!(body.contains(r#"{"field":"current_password","problem":"current_password"}"#), "{body}");
        assert_eq!(audit_count(&app, "password_change.refused").await, 1);
        assert_eq!(password_hash(&app, me).await, before);

        // The new password follows the registration rules; the check comes first.
        for (new, again, field) in [("password", "password", "\"password\""), ("19800115abcdefgh", "19800115abcdefgh", "\"password\""), (NEW, "something else entirely", "password_confirm")] {
            let res = app.post_api("/api/account/password", Some(&cookie), &[("current_password", TestApp::PASSWORD), ("password", new), ("password_confirm", again)]).await;
            assert_eq!(res.status(), 422, "{new}");
            assert!(res.text().await.unwrap().contains(field), "{new}");
        }
        assert_eq!(password_hash(&app, me).await, before);

        // Done: the new password holds, this device stays signed in, the phone is signed out.
        let res = app.post_api("/api/account/password", Some(&cookie), &change(TestApp::PASSWORD, NEW, NEW)).await;
        assert_eq!(res.status(), 200);
        let after = password_hash(&app, me).await;
        assert!(app::identity::password::store::verify(NEW, &after));
        assert!(!app::identity::password::store::verify(TestApp::PASSWORD, &after));
        assert_eq!(app.get_api("/api/account/overview", &cookie).await.status(), 200);
        assert_eq!(app.get_api("/api/account/overview", &phone).await.status(), 401);
        assert_eq!(audit_count(&app, "password.changed").await, 1);

        // A change of credentials needs a recent sign-in.
        app.clock.advance(Duration::minutes(11));
        let res = app.post_api("/api/account/password", Some(&cookie), &change(NEW, TestApp::PASSWORD, TestApp::PASSWORD)).await;
        assert_eq!(res.status(), 401);
        assert!(res.text().await.unwrap().contains("StepUpRequired"));
        assert!(app::identity::password::store::verify(NEW, &password_hash(&app, me).await));
    }
}

on_both_databases! {
    /// Acting for family is step-up protected: without a recent sign-in the form offers
    /// only oneself (none of the family's registry values), and a post for a family member
    /// is refused until the member confirms.
    async fn asking_for_family_needs_a_recent_sign_in(backend) {
        let app = TestApp::with_registry(backend).await;
        let cookie = app.signed_in_member("1001", "23", "00").await;
        let fresh: serde_json::Value = app.get_api("/api/requests/form?kind=complaint", &cookie).await.json::<serde_json::Value>().await.unwrap()["setup"].clone();
        assert!(fresh["subjects"].as_array().unwrap().len() > 1, "the household is offered after a recent sign-in");
        assert_eq!(fresh["others_after_step_up"], false);

        app.clock.advance(Duration::minutes(11));
        let stale: serde_json::Value = app.get_api("/api/requests/form?kind=complaint", &cookie).await.json::<serde_json::Value>().await.unwrap()["setup"].clone();
        let subjects = stale["subjects"].as_array().unwrap();
        assert_eq!(subjects.len(), 1, "only oneself");
        assert_eq!(subjects[0]["capacities"], serde_json::json!(["own"]));
        assert_eq!(stale["others_after_step_up"], true);

        let other = fresh["subjects"].as_array().unwrap().iter().find(|s| s["capacities"] != serde_json::json!(["own"])).unwrap().clone();
        let choice = format!("{}:{}", other["capacities"][0].as_str().unwrap(), other["branch"].as_str().unwrap());
        // Choosing them at the form's 「どなたの」 step asks for the sign-in again.
        let form = reqwest::multipart::Form::new()
            .text("request_type", "complaint")
            .text("step", "who")
            .text("go", "next")
            .text("for", choice)
            .text("body", "説明をお願いします");
        let res = app.client.post(app.url("/api/requests/step")).header("origin", &app.origin).header("cookie", &cookie).multipart(form).send().await.unwrap();
        assert_eq!(res.status(), 401);
        assert!(res.text().await.unwrap().contains("StepUpRequired"));
        assert_eq!(app.count("SELECT COUNT(*) FROM requests").await, 0);
    }
}

on_both_databases! {
    /// The registration letter stands on its own: who sends it (from the publication), the
    /// date it is issued, the page's full address and a QR code of it — and never the code
    /// in that address.
    async fn the_letter_names_its_sender_date_and_page_and_keeps_the_code_out_of_the_address(backend) {
        let app = TestApp::with_registry_configured(backend, |state| {
            state.set_feature(app::identity::PortalAddress("https://madoguchi.example.jp".into()));
        })
        .await;
        let res = app
            .post_api("/api/register/request", None, &[("symbol", "1001"), ("number", "23"), ("branch", "00"), ("birth_date", "1980-01-15")])
            .await;
        assert!(res.status().is_success() || res.status().is_redirection());
        let letter_id: i64 = sqlx::query_scalar("SELECT MAX(id) FROM letters").fetch_one(&app.state.db.pool).await.unwrap();
        let intake = app.signed_in_staff("S1", &["intake"]).await;
        let letter: serde_json::Value = app.get_api(&format!("/api/staff/letter?id={letter_id}"), &intake).await.json().await.unwrap();
        assert_eq!(letter["page_url"], "https://madoguchi.example.jp/register/complete");
        assert!(letter["qr_svg"].as_str().unwrap().starts_with("<svg"));
        assert_eq!(letter["issued"], "令和8年11月22日");
        let sender = &letter["sender"];
        assert!(sender["name"].as_str().unwrap().contains("健康保険組合"), "{sender}");
        for field in ["postal_code", "address", "phone", "hours"] {
            assert!(!sender[field].as_str().unwrap().is_empty(), "{field}");
        }
        let code = letter["code"].as_str().unwrap().replace('-', "");
        assert_eq!(code.len(), 12);
        assert!(!letter["page_url"].as_str().unwrap().replace('-', "").contains(&code));
    }
}
