//! The member's request form in steps, over real HTTP: each step keeps its answers only
//! when its part passes, going back keeps what was chosen, the confirmation page reads
//! back everything, and the final post sends only what was confirmed — a skipped
//! confirmation, a subject or answer changed after it, a different fee or a category that
//! does not exist is refused with the reason, and nothing is stored.

use crate::on_both_databases;
use crate::support::{TestApp, form};

const DISCLOSURE: [(&str, &str); 4] = [("request_type", "disclosure"), ("for", "self"), ("categories", "receipts"), ("method", "electronic")];

fn problem(body: &serde_json::Value) -> (String, String) {
    let first = &body["Invalid"][0];
    (first["field"].as_str().unwrap_or_default().to_string(), first["problem"].as_str().unwrap_or_default().to_string())
}

async fn step(app: &TestApp, cookie: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    app.post_multipart("/api/requests/step", cookie, form(fields)).await
}

fn location(res: &reqwest::Response) -> String {
    res.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string()
}

on_both_databases! {
    async fn each_step_leads_to_the_next_going_back_keeps_the_answers_and_the_confirmation_reads_them_back(backend) {
        let app = TestApp::with_registry(backend).await;
        let taro = app.signed_in_member("1001", "23", "00").await;
        // Nothing kept yet: the form starts at its first step (太郎 may act for his family).
        let page = app.get_api("/api/requests/form?kind=disclosure&step=confirm", &taro).await.json::<serde_json::Value>().await.unwrap();
        assert_eq!((page["step"].as_str(), page["steps"].clone()), (Some("who"), serde_json::json!(["who", "what", "how", "confirm"])));

        let what = step(&app, &taro, &[("request_type", "disclosure"), ("step", "what"), ("go", "next"), ("categories", "receipts"), ("categories", "qualification")]).await;
        assert_eq!(location(&what), "/requests/new/disclosure?step=how");
        // 「戻る」 from 受け取り方 keeps the method chosen there and shows 内容 as it was.
        let back = step(&app, &taro, &[("request_type", "disclosure"), ("step", "how"), ("go", "back"), ("method", "paper")]).await;
        assert_eq!(location(&back), "/requests/new/disclosure?step=what");
        let page = app.get_api("/api/requests/form?kind=disclosure&step=what", &taro).await.json::<serde_json::Value>().await.unwrap();
        assert_eq!(page["step"], "what");
        let answers = page["answers"].to_string();
        for kept in [r#"["categories","receipts"]"#, r#"["categories","qualification"]"#, r#"["method","paper"]"#, r#"["for","self"]"#] {
            assert!(answers.contains(kept), "{kept} not in {answers}");
        }
        // The confirmation shows the request as it will be sent, with the fee.
        let page = app.confirmation_page(&taro, "disclosure").await;
        assert_eq!(page["step"], "confirm");
        assert_eq!(page["confirm"]["subject_name"], "青葉 太郎");
        assert_eq!(page["confirm"]["category_names"], serde_json::json!(["資格に関する情報", "レセプトに関する情報"]));
        assert_eq!(page["confirm"]["method_name"], "書面の交付");
        assert_eq!(page["setup"]["fee_yen"], 300);
        // 「すべて」 asks for every published category.
        step(&app, &taro, &[("request_type", "disclosure"), ("step", "what"), ("go", "next"), ("scope", "all")]).await;
        let page = app.confirmation_page(&taro, "disclosure").await;
        assert_eq!(page["confirm"]["category_names"].as_array().map(Vec::len), page["setup"]["categories"].as_array().map(Vec::len));

        let key = page["setup"]["idempotency_key"].as_str().unwrap().to_string();
        let sent = app.send_confirmed(&taro, "disclosure", &[]).await;
        assert!(location(&sent).ends_with("?submitted=1"), "{}", sent.status());
        // The kept answers became the request, in the same transaction.
        assert_eq!(app.count("SELECT COUNT(*) FROM requests").await, 1);
        assert_eq!(app.count("SELECT COUNT(*) FROM request_drafts").await, 0);
        // A second click on 申し出る (the answers already gone) answers with the same request.
        let again = app.post_multipart("/api/requests/submit", &taro, form(&[("request_type", "disclosure"), ("confirmation", "x"), ("fee_yen", "300"), ("idempotency_key", &key)])).await;
        assert_eq!(location(&again), location(&sent));
        assert_eq!(app.count("SELECT COUNT(*) FROM requests").await, 1);
    }
}

on_both_databases! {
    async fn the_confirmation_cannot_be_skipped_or_made_up_and_nothing_is_stored(backend) {
        let app = TestApp::with_registry(backend).await;
        let taro = app.signed_in_member("1001", "23", "00").await;
        // Every answer in one post, straight to 申し出る: refused, the steps were skipped.
        let mut all = DISCLOSURE.to_vec();
        all.push(("idempotency_key", "skip-key-00000001-abc"));
        let res = app.post_multipart("/api/requests/submit", &taro, form(&all)).await;
        assert_eq!(res.status(), 422);
        assert_eq!(problem(&res.json().await.unwrap()), ("confirmation".into(), "confirm_first".into()));
        // With the steps done but no confirmation, or one made up: refused too.
        app.answer_steps(&taro, &DISCLOSURE).await.unwrap();
        let none = app.post_multipart("/api/requests/submit", &taro, form(&[("request_type", "disclosure"), ("fee_yen", "300")])).await;
        assert_eq!(problem(&none.json().await.unwrap()), ("confirmation".into(), "confirm_first".into()));
        let made_up = app.post_multipart("/api/requests/submit", &taro, form(&[("request_type", "disclosure"), ("fee_yen", "300"), ("confirmation", &"0".repeat(64))])).await;
        assert_eq!(problem(&made_up.json().await.unwrap()), ("confirmation".into(), "changed_since_confirmed".into()));
        assert_eq!(app.count("SELECT COUNT(*) FROM requests").await, 0);
    }
}

on_both_databases! {
    async fn a_subject_answer_or_fee_changed_after_confirming_is_refused_with_the_reason(backend) {
        let app = TestApp::with_registry(backend).await;
        let taro = app.signed_in_member("1001", "23", "00").await;
        app.answer_steps(&taro, &DISCLOSURE).await.unwrap();
        let page = app.confirmation_page(&taro, "disclosure").await;
        let confirmation = page["confirm"]["confirmation"].as_str().unwrap().to_string();
        let send = |extra: Vec<(&'static str, String)>| {
            let mut f = vec![("request_type", "disclosure".to_string()), ("confirmation", confirmation.clone())];
            f.extend(extra);
            let app = &app;
            let taro = taro.clone();
            async move {
                let pairs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
                app.post_multipart("/api/requests/submit", &taro, form(&pairs)).await
            }
        };
        // The fee posted is not the one shown (the page's source edited).
        let res = send(vec![("fee_yen", "0".into())]).await;
        assert_eq!(problem(&res.json().await.unwrap()), ("confirmation".into(), "fee_changed".into()));
        // Another person, or another category, put into the final post.
        let res = send(vec![("fee_yen", "300".into()), ("for", "proxy:02".into())]).await;
        assert_eq!(problem(&res.json().await.unwrap()), ("confirmation".into(), "changed_since_confirmed".into()));
        let res = send(vec![("fee_yen", "300".into()), ("categories", "bank-accounts".into())]).await;
        assert_eq!(problem(&res.json().await.unwrap()), ("confirmation".into(), "changed_since_confirmed".into()));
        // The subject changed in another tab after the confirmation was shown.
        let who = step(&app, &taro, &[("request_type", "disclosure"), ("step", "who"), ("go", "next"), ("for", "proxy:02")]).await;
        assert_eq!(location(&who), "/requests/new/disclosure?step=what");
        let res = send(vec![("fee_yen", "300".into())]).await;
        assert_eq!(problem(&res.json().await.unwrap()), ("confirmation".into(), "changed_since_confirmed".into()));
        assert_eq!(app.count("SELECT COUNT(*) FROM requests").await, 0);
        // Confirmed again, it is sent, for the person chosen last (with the 委任状 it needs).
        let page = app.confirmation_page(&taro, "disclosure").await;
        assert_eq!(page["confirm"]["subject_name"], "青葉 美咲");
        assert_eq!(page["confirm"]["documents"], serde_json::json!(["power_of_attorney"]));
        let res = app.send_confirmed(&taro, "disclosure", &[("power_of_attorney", "委任状.pdf", crate::requests::PDF)]).await;
        assert!(location(&res).ends_with("?submitted=1"), "{}", res.status());
    }
}

on_both_databases! {
    async fn a_category_that_does_not_exist_is_refused_at_its_step_and_nothing_is_kept(backend) {
        let app = TestApp::with_registry(backend).await;
        let taro = app.signed_in_member("1001", "23", "00").await;
        let res = step(&app, &taro, &[("request_type", "disclosure"), ("step", "what"), ("go", "next"), ("categories", "receipts"), ("categories", "no-such-thing")]).await;
        assert_eq!(res.status(), 422);
        assert_eq!(problem(&res.json().await.unwrap()), ("categories".into(), "choice".into()));
        assert_eq!(app.count("SELECT COUNT(*) FROM request_drafts").await, 0);
        // Nothing chosen at all is refused the same way, with its own reason.
        let res = step(&app, &taro, &[("request_type", "disclosure"), ("step", "what"), ("go", "next")]).await;
        assert_eq!(problem(&res.json().await.unwrap()), ("categories".into(), "nothing_chosen".into()));
        // A step the request does not have, or no step, is a bad request.
        let res = step(&app, &taro, &[("request_type", "complaint"), ("step", "how"), ("go", "next"), ("method", "paper")]).await;
        assert_eq!(res.status(), 400);
        // Asking for the confirmation before 受け取り方 is done shows 受け取り方, with its problem.
        step(&app, &taro, &[("request_type", "disclosure"), ("step", "what"), ("go", "next"), ("categories", "receipts")]).await;
        let page = app.confirmation_page(&taro, "disclosure").await;
        assert_eq!(page["step"], "how");
        assert_eq!(page["problems"][0]["field"], "method");
        assert!(page["confirm"].is_null());
        // 「最初からやり直す」 forgets the answers.
        let restart = step(&app, &taro, &[("request_type", "disclosure"), ("step", "what"), ("go", "restart")]).await;
        assert_eq!(location(&restart), "/requests/new/disclosure");
        assert_eq!(app.count("SELECT COUNT(*) FROM request_drafts").await, 0);
    }
}

on_both_databases! {
    async fn kept_answers_are_the_members_own_and_go_after_a_day(backend) {
        let app = TestApp::with_registry(backend).await;
        let taro = app.signed_in_member("1001", "23", "00").await;
        let hanako = app.signed_in_member("1001", "23", "01").await;
        app.answer_steps(&taro, &[("request_type", "complaint"), ("for", "self"), ("body", "太郎の相談")]).await.unwrap();
        // Another member sees their own empty form, never 太郎's answers.
        let page = app.get_api("/api/requests/form?kind=complaint&step=confirm", &hanako).await.json::<serde_json::Value>().await.unwrap();
        assert_eq!(page["step"], "who", "花子 may ask for her children: her form begins with 「どなたの」");
        assert!(!page.to_string().contains("太郎の相談"));
        // Nor can anyone without a session.
        assert_eq!(app.get("/api/requests/form?kind=complaint&step=confirm").await.status(), 401);
        // A day later the maintenance purge removes them.
        app.clock.advance(chrono::Duration::hours(25));
        assert_eq!(app::requests::store::drafts::purge_expired(&app.state).await.unwrap(), 1);
        assert_eq!(app.count("SELECT COUNT(*) FROM request_drafts").await, 0);
    }
}
