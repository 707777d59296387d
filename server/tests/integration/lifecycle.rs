//! Every request ends: a 却下 proposed with its ground and reason and approved by the
//! 責任者 (even before review, for an agent whose authority is not shown), 完了 by staff,
//! and a 補正依頼 left unanswered reminded and then closed by the system with a letter.


use crate::on_both_databases;
use crate::support::{TestApp, form};

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

impl TestApp {
    async fn act(&self, staff: &str, receipt: &str, action: &str, message: &str) -> reqwest::Response {
        let v = self.version(receipt).await;
        self.post_api("/api/staff/requests/act", Some(staff), &[("receipt", receipt), ("action", action), ("message", message), ("version", &v)]).await
    }

    async fn sweep(&self) -> app::requests::store::Swept {
        app::requests::store::sweep(&self.state, &app::platform::audit::RequestMeta::default()).await.unwrap()
    }
}

on_both_databases! {
    async fn an_agents_request_is_dismissed_with_a_ground_and_reason_only_once_the_responsible_person_approves(backend) {
        let app = TestApp::with_registry(backend).await;
        let taro = app.signed_in_member("1001", "23", "00").await;
        let reviewer = app.signed_in_staff("S0301", &["reviewer"]).await;
        let approver = app.signed_in_staff("S0302", &["approver"]).await;
        // 太郎 asks for 美咲's data as her 任意代理人; the 委任状 does not show her consent.
        let r = app.submit_with_files(&taro, &[("request_type", "disclosure"), ("for", "proxy:02"), ("categories", "receipts"), ("method", "paper")], &[("power_of_attorney", "委任状.pdf", PDF)]).await;
        assert_eq!(app.status(&r).await, "identity_check");
        // Before any review only a 却下 is offered, and it needs its ground and reason.
        let case: serde_json::Value = app.get_api(&format!("/api/staff/requests/one?receipt={r}"), &reviewer).await.json().await.unwrap();
        let offered: Vec<&str> = case["outcomes"].as_array().unwrap().iter().map(|o| o[0].as_str().unwrap()).collect();
        assert_eq!(offered, vec!["dismissed"]);
        let res = app.decide(&reviewer, &r, &[("outcome", "dismissed"), ("ground", "37-identity"), ("reason", " ")]).await;
        assert_eq!(res.status(), 422);
        assert!(res.text().await.unwrap().contains("reason_required"));
        let res = app.decide(&reviewer, &r, &[("outcome", "full_disclosure"), ("fee", "waived")]).await;
        assert_eq!(res.status(), 409, "no decision on the merits before the documents are accepted");
        assert_eq!(app.count("SELECT COUNT(*) FROM request_decisions").await, 0);
        let reason = "委任状にご本人の署名・押印がなく、代理権を確認できませんでした。";
        let res = app.decide(&reviewer, &r, &[("outcome", "dismissed"), ("ground", "37-identity"), ("reason", reason)]).await;
        assert!(res.headers().contains_key("location"), "{}", res.status());
        // Proposed, not yet decided: the member sees 審査中 and no letter.
        assert_eq!(app.status(&r).await, "pending_dismissal");
        assert_eq!(app.request(&taro, &r).await["line"]["stage"], "in_review");
        assert_eq!(app.get_api(&format!("/api/requests/letter?receipt={r}"), &taro).await.status(), 404);
        // Never one person's act: the reviewer cannot approve their own proposal.
        assert_eq!(app.review(&reviewer, &r, "approve", "").await.status(), 403);
        // Sent back, it returns to 本人確認中 (documents are still to be accepted).
        assert!(app.review(&approver, &r, "send_back", "書類の再提出をお願いしてから判断してください").await.headers().contains_key("location"));
        assert_eq!(app.status(&r).await, "identity_check");
        let res = app.decide(&reviewer, &r, &[("outcome", "dismissed"), ("ground", "37-identity"), ("reason", reason)]).await;
        assert!(res.headers().contains_key("location"));
        assert!(app.review(&approver, &r, "approve", "").await.headers().contains_key("location"));
        // 却下: closed, with the letter naming the outcome, the article and the reason.
        assert_eq!(app.status(&r).await, "rejected");
        let seen = app.request(&taro, &r).await;
        assert_eq!(seen["line"]["stage"], "rejected");
        let letter: serde_json::Value = app.get_api(&format!("/api/requests/letter?receipt={r}"), &taro).await.json().await.unwrap();
        assert_eq!(letter["decision"]["decision"]["outcome"], "dismissed");
        assert_eq!(letter["decision"]["decision"]["ground"], "37-identity");
        assert_eq!(letter["decision"]["decision"]["reason"], reason);
        let html = app.get_with(&format!("/requests/{r}/letter"), &taro).await.text().await.unwrap();
        assert!(html.contains("却下") && html.contains("個人情報保護法第37条第1項"), "{html}");
        // Nothing more happens to a closed request.
        assert_eq!(app.act(&reviewer, &r, "message", "x").await.status(), 409);
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'request.decide' AND record_ref IS NOT NULL").await, 2);
    }
}

on_both_databases! {
    async fn staff_complete_a_notified_request(backend) {
        let app = TestApp::with_registry(backend).await;
        let taro = app.signed_in_member("1001", "23", "00").await;
        let reviewer = app.signed_in_staff("S0311", &["reviewer"]).await;
        let r = app.request_in_review(&taro, &reviewer, 11, "purpose_notice", &[("categories", "receipts")]).await;
        assert!(app.decide(&reviewer, &r, &[("outcome", "purpose_notified")]).await.headers().contains_key("location"));
        assert_eq!(app.status(&r).await, "notified");
        let case: serde_json::Value = app.get_api(&format!("/api/staff/requests/one?receipt={r}"), &reviewer).await.json().await.unwrap();
        assert!(case["steps"].as_array().unwrap().iter().any(|s| s == "complete"), "{}", case["steps"]);
        assert!(app.act(&reviewer, &r, "complete", "").await.headers().contains_key("location"));
        assert_eq!(app.status(&r).await, "completed");
        assert_eq!(app.request(&taro, &r).await["line"]["stage"], "completed");
    }
}

on_both_databases! {
    async fn an_unanswered_request_for_information_is_reminded_then_closed_with_a_letter(backend) {
        let app = TestApp::with_registry(backend).await;
        let taro = app.signed_in_member("1001", "23", "00").await;
        let reviewer = app.signed_in_staff("S0321", &["reviewer"]).await;
        let r = app.request_in_review(&taro, &reviewer, 21, "correction", &[("item", "address"), ("requested", "東京都千代田区丸の内九丁目99番99号 あおばハイツ102（架空）"), ("reason", "部屋番号")]).await;
        assert!(app.act(&reviewer, &r, "ask_member", "転居の日付を教えてください。").await.headers().contains_key("location"));
        assert_eq!(app.status(&r).await, "needs_input");
        // Staff find it among the requests waiting on the requester.
        let waiting: serde_json::Value = app.get_api("/api/staff/requests?params[status]=waiting", &reviewer).await.json().await.unwrap();
        let listed: Vec<&str> = waiting["lines"].as_array().unwrap().iter().map(|l| l["line"]["receipt"].as_str().unwrap()).collect();
        assert_eq!(listed, vec![r.as_str()], "{waiting}");
        // Thirteen days on: nothing yet.
        app.clock.advance(chrono::Duration::days(13));
        assert_eq!(app.sweep().await, app::requests::store::Swept::default());
        // Fourteen: one reminder (and only one, however often the job runs).
        app.clock.advance(chrono::Duration::days(1));
        assert_eq!(app.sweep().await.reminded, 1);
        assert_eq!(app.sweep().await, app::requests::store::Swept::default());
        assert_eq!(app.status(&r).await, "needs_input");
        // (Sessions do not last weeks: sign in again on the later days.)
        let taro = app.signed_in_member("1001", "23", "00").await;
        let timeline = app.request(&taro, &r).await["timeline"].to_string();
        assert!(timeline.contains("ご回答をお待ちしています"), "{timeline}");
        assert_eq!(app.count("SELECT COUNT(*) FROM member_notifications WHERE kind = 'reminder'").await, 1);
        // Thirty days after the reminder: closed by the system, with a letter saying why and
        // that the member may ask again.
        app.clock.advance(chrono::Duration::days(29));
        assert_eq!(app.sweep().await.closed, 0);
        app.clock.advance(chrono::Duration::days(1));
        assert_eq!(app.sweep().await.closed, 1);
        assert_eq!(app.status(&r).await, "lapsed");
        let taro = app.signed_in_member("1001", "23", "00").await;
        let reviewer = app.signed_in_staff("S0322", &["reviewer"]).await;
        let seen = app.request(&taro, &r).await;
        assert_eq!(seen["line"]["stage"], "lapsed");
        let letter: serde_json::Value = app.get_api(&format!("/api/requests/letter?receipt={r}"), &taro).await.json().await.unwrap();
        assert_eq!(letter["decision"]["decision"]["outcome"], "lapsed");
        assert!(letter["decision"]["decision"]["reason"].as_str().unwrap().contains("いつでも改めてお申し出いただけます"));
        // Staff read that the system decided.
        let case: serde_json::Value = app.get_api(&format!("/api/staff/requests/one?receipt={r}"), &reviewer).await.json().await.unwrap();
        assert!(case["view"]["decision"]["decided_by"].as_str().unwrap().starts_with("システム"), "{}", case["view"]["decision"]);
        // The member answering now is too late: the request is closed.
        let answer = form(&[("receipt", &r), ("action", "answer"), ("message", "2026-10-01です")]);
        assert_eq!(app.post_multipart("/api/requests/act", &taro, answer).await.status(), 409);
        // Every decision row has its audit event, the system's included.
        assert!(app::records::store::reconcile(&app.state).await.unwrap().is_empty());
        // An answered 補正 is not reminded: a new wait starts its own periods.
        let r2 = app.request_in_review(&taro, &reviewer, 22, "purpose_notice", &[("categories", "receipts")]).await;
        assert!(app.act(&reviewer, &r2, "ask_member", "どの利用目的ですか。").await.headers().contains_key("location"));
        let answer = form(&[("receipt", &r2), ("action", "answer"), ("message", "健診です")]);
        assert!(app.post_multipart("/api/requests/act", &taro, answer).await.headers().contains_key("location"));
        app.clock.advance(chrono::Duration::days(60));
        assert_eq!(app.sweep().await, app::requests::store::Swept::default());
        assert_eq!(app.status(&r2).await, "in_review");
    }
}

on_both_databases! {
    async fn a_parents_request_releases_nothing_once_the_child_has_turned_18(backend) {
        let app = TestApp::with_registry(backend).await;
        // 三郎's son 健太 turns 18 on 2026-12-01; today is 2026-11-22.
        let saburo = app.signed_in_member("1003", "7", "00").await;
        let reviewer = app.signed_in_staff("S0331", &["reviewer"]).await;
        let approver = app.signed_in_staff("S0332", &["approver"]).await;
        let ask = [("request_type", "disclosure"), ("for", "legal_representative:01"), ("categories", "qualification"), ("method", "electronic")];
        let mut receipts = Vec::new();
        for _ in 1..=2 {
            let r = app.submit_with_files(&saburo, &ask, &[("kinship_record", "戸籍謄本.pdf", PDF)]).await;
            // The 法定代理人 waits in 本人確認中 until staff accept the 戸籍 document.
            assert_eq!(app.status(&r).await, "identity_check");
            assert!(app.act(&reviewer, &r, "accept_documents", "").await.headers().contains_key("location"));
            assert!(app.post_api("/api/staff/package/start", Some(&reviewer), &[("receipt", &r)]).await.headers().contains_key("location"));
            assert!(app.decide(&reviewer, &r, &[("outcome", "full_disclosure"), ("fee", "waived")]).await.headers().contains_key("location"));
            receipts.push(r);
        }
        // The first is approved and released before the birthday.
        assert!(app.review(&approver, &receipts[0], "approve", "").await.headers().contains_key("location"));
        assert_eq!(app.request(&saburo, &receipts[0]).await["package"]["by_download"], true);
        // 健太 turns 18.
        app.clock.advance(chrono::Duration::days(9));
        let saburo = app.signed_in_member("1003", "7", "00").await;
        let reviewer = app.signed_in_staff("S0333", &["reviewer"]).await;
        let approver = app.signed_in_staff("S0334", &["approver"]).await;
        // The package released before is no longer his father's to fetch.
        assert!(app.request(&saburo, &receipts[0]).await["package"].is_null());
        assert_eq!(app.post_api("/api/package/download", Some(&saburo), &[("receipt", &receipts[0])]).await.status(), 404);
        // The second cannot be approved for him: refused next to the field, nothing released.
        let res = app.review(&approver, &receipts[1], "approve", "").await;
        assert_eq!(res.status(), 422);
        let body: serde_json::Value = res.json().await.unwrap();
        assert_eq!(body["Invalid"][0]["field"], "approve", "told next to the approval, where the 責任者 acts");
        assert_eq!(body["Invalid"][0]["problem"], "representation_ended");
        assert_eq!(app.status(&receipts[1]).await, "pending_approval");
        // Sent back and dismissed on that ground: both are written to.
        assert!(app.review(&approver, &receipts[1], "send_back", "18歳になられたため却下").await.headers().contains_key("location"));
        let reason = "健太様が18歳になられたため、お父様からのお申し出にはお答えできません。ご本人から改めてお申し出いただけます。";
        let res = app.decide(&reviewer, &receipts[1], &[("outcome", "dismissed"), ("ground", "37-representation-ended"), ("reason", reason)]).await;
        assert!(res.headers().contains_key("location"), "{}", res.status());
        assert!(app.review(&approver, &receipts[1], "approve", "").await.headers().contains_key("location"));
        assert_eq!(app.status(&receipts[1]).await, "rejected");
        let kenta = app.member_id("1003", "7", "01").await;
        let told: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM member_notifications n JOIN requests r ON r.id = n.request_id WHERE r.receipt_number = $1 AND n.member_id = $2")
            .bind(&receipts[1])
            .bind(kenta)
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap();
        assert_eq!(told, 1, "the person, now of age, is told");
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM disclosure_packages p JOIN requests r ON r.id = p.request_id WHERE r.receipt_number = '{}' AND p.status = 'released'", receipts[1])).await, 0);
    }
}

on_both_databases! {
    async fn a_grandparent_cannot_claim_the_parents_capacity_and_the_attempt_is_recorded(backend) {
        let app = TestApp::with_registry(backend).await;
        // 白石 正男 is the 被保険者; his grandson 蓮 (孫, born 2016) is his 被扶養者.
        let masao = app.signed_in_member("1006", "3", "00").await;
        let res = app.send_request(&masao, &[("request_type", "complaint"), ("for", "legal_representative:01"), ("body", "孫の件")], &[("kinship_record", "戸籍.pdf", PDF)]).await;
        assert_eq!(res.status(), 422);
        assert!(res.text().await.unwrap().contains("\"for\""));
        assert_eq!(app.count("SELECT COUNT(*) FROM requests").await, 0);
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'request.submit' AND outcome = 'refused'").await, 1);
        // As 未成年後見人, with the grandson's 戸籍謄抄本, it is received and waits for staff.
        let res = app.send_request(&masao, &[("request_type", "complaint"), ("for", "minor_guardian:01"), ("body", "孫の件")], &[]).await;
        assert_eq!(res.status(), 422);
        assert!(res.text().await.unwrap().contains("minor_guardian_record"));
        let r = app.submit_with_files(&masao, &[("request_type", "complaint"), ("for", "minor_guardian:01"), ("body", "孫の件")], &[("minor_guardian_record", "戸籍謄本.pdf", PDF)]).await;
        assert_eq!(app.status(&r).await, "identity_check");
        // As 任意代理人 for a minor: the 委任状 and the proof of whoever gave it.
        let res = app.send_request(&masao, &[("request_type", "complaint"), ("for", "proxy:01"), ("body", "孫の件")], &[("power_of_attorney", "委任状.pdf", PDF)]).await;
        assert_eq!(res.status(), 422);
        assert!(res.text().await.unwrap().contains("kinship_record"));
    }
}

on_both_databases! {
    async fn the_person_a_proxy_asks_about_is_told_and_can_stop_it(backend) {
        let app = TestApp::with_registry(backend).await;
        // 美咲 (an adult, with an account) is asked about by 太郎 as her 任意代理人.
        let misaki = app.signed_in_member("1001", "23", "02").await;
        let taro = app.signed_in_member("1001", "23", "00").await;
        let reviewer = app.signed_in_staff("S0341", &["reviewer"]).await;
        let misaki_id = app.member_id("1001", "23", "02").await;
        let r = app.submit_with_files(&taro, &[("request_type", "disclosure"), ("for", "proxy:02"), ("categories", "qualification"), ("method", "paper")], &[("power_of_attorney", "委任状.pdf", PDF)]).await;
        let told = format!("SELECT COUNT(*) FROM member_notifications WHERE member_id = {misaki_id} AND kind = 'asked_for_you'");
        assert_eq!(app.count(&told).await, 1, "the person asked about is told");
        // Only she is offered the way to say she did not ask.
        assert_eq!(app.request(&misaki, &r).await["can_disown"], true);
        assert_eq!(app.request(&taro, &r).await["can_disown"], false);
        // It went as far as a decision waiting for approval.
        assert!(app.act(&reviewer, &r, "accept_documents", "").await.headers().contains_key("location"));
        assert!(app.post_api("/api/staff/package/start", Some(&reviewer), &[("receipt", &r)]).await.headers().contains_key("location"));
        assert!(app.decide(&reviewer, &r, &[("outcome", "full_disclosure"), ("fee", "waived")]).await.headers().contains_key("location"));
        assert_eq!(app.status(&r).await, "pending_approval");
        // The agent cannot use her words; someone of another household cannot reach it.
        let v = app.version(&r).await;
        let disown = [("receipt", r.as_str()), ("version", v.as_str()), ("message", "頼んでいません")];
        assert_eq!(app.post_api("/api/requests/disown", Some(&taro), &disown).await.status(), 403);
        let saburo = app.signed_in_member("1003", "7", "00").await;
        assert_eq!(app.post_api("/api/requests/disown", Some(&saburo), &disown).await.status(), 404);
        assert_eq!(app.post_multipart("/api/requests/act", &misaki, form(&[("receipt", &r), ("action", "disown")])).await.status(), 400);
        // She says she did not ask: it stops, waits for the agent's proof, and staff see it first.
        let res = app.post_api("/api/requests/disown", Some(&misaki), &disown).await;
        assert!(res.headers().contains_key("location"), "{}", res.status());
        assert_eq!(app.status(&r).await, "needs_documents");
        assert_eq!(app.count("SELECT COUNT(*) FROM request_decisions WHERE state = 'pending'").await, 0, "nothing waits to be approved");
        assert_eq!(app.count("SELECT COUNT(*) FROM disclosure_packages WHERE status = 'open'").await, 1, "its package can be worked on again");
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM requests WHERE receipt_number = '{r}' AND importance = 'high' AND urgency = 'high'")).await, 1);
        let taro_id = app.member_id("1001", "23", "00").await;
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM member_notifications WHERE member_id = {taro_id} AND kind = 'disown'")).await, 1);
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'request.act' AND outcome = 'allowed' AND detail LIKE '%disown%'").await, 1);
        let timeline = app.request(&taro, &r).await["timeline"].to_string();
        assert!(timeline.contains(r#""action":"disown""#) && timeline.contains(r#""stage":"needs_input""#), "{timeline}");
        // A request in her own name offers nothing of the kind.
        let own = app.request_in_review(&misaki, &reviewer, 41, "purpose_notice", &[("categories", "receipts")]).await;
        assert_eq!(app.request(&misaki, &own).await["can_disown"], false);
    }
}
