//! Requests over real HTTP: submission of each type (multipart, as the browser posts it),
//! agents and their documents, idempotency under concurrency, tracking, 補正依頼 and the
//! answer, withdrawal, and that nobody reaches another member's request.

use reqwest::multipart::{Form, Part};

use crate::on_both_databases;
use crate::support::{TestApp, form};

pub(crate) const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

fn key(n: u32) -> String {
    format!("test-key-{n:08}-abcdef")
}

/// A successful form post: the client is sent on (a JSON client gets the Location header).
fn assert_done(res: reqwest::Response) {
    assert!(res.headers().contains_key("location"), "not done: {}", res.status());
}

impl TestApp {
    /// A multipart post as a JSON client: errors come back as themselves.
    pub async fn post_multipart(&self, path: &str, cookie: &str, form: Form) -> reqwest::Response {
        self.client.post(self.url(path)).header("origin", &self.origin).header("cookie", cookie).multipart(form).send().await.unwrap()
    }

    /// Answers the member's form in steps as a browser does: each step is posted with all
    /// of `fields` (a step keeps only its own). Stops at the first step refused.
    pub async fn answer_steps(&self, cookie: &str, fields: &[(&str, &str)]) -> Result<(), reqwest::Response> {
        let value = |name: &str| fields.iter().find(|(k, _)| *k == name).map_or("", |(_, v)| *v);
        let kind = kit::rights::RequestType::from_code(value("request_type")).expect("a request type");
        // 「どなたの」 first (a form without it answers 400: oneself is then implied).
        let mut steps = vec!["who", "what"];
        if matches!(kind, kit::rights::RequestType::Disclosure | kit::rights::RequestType::ThirdPartyRecordDisclosure) {
            steps.push("how");
        }
        for step in steps {
            let mut all = fields.to_vec();
            all.extend([("step", step), ("go", "next")]);
            let res = self.post_multipart("/api/requests/step", cookie, form(&all)).await;
            if step == "who" && res.status() == 400 {
                continue;
            }
            if !res.headers().contains_key("location") {
                return Err(res);
            }
        }
        Ok(())
    }

    /// The confirmation page's data for the member's kept answers.
    pub async fn confirmation_page(&self, cookie: &str, request_type: &str) -> serde_json::Value {
        let kind = kit::rights::RequestType::from_code(request_type).expect("a request type");
        self.get_api(&format!("/api/requests/form?kind={}&step=confirm", kind.slug()), cookie).await.json().await.unwrap()
    }

    /// The final post from the confirmation page: what it shows returned, with `files`
    /// (field, file name, bytes).
    pub async fn send_confirmed(&self, cookie: &str, request_type: &str, files: &[(&str, &str, &[u8])]) -> reqwest::Response {
        let page = self.confirmation_page(cookie, request_type).await;
        let confirmation = page["confirm"]["confirmation"].as_str().unwrap_or_else(|| panic!("no confirmation: {page}")).to_string();
        let fee = page["setup"]["fee_yen"].to_string();
        let key = page["setup"]["idempotency_key"].as_str().unwrap_or_default().to_string();
        let mut f = form(&[("request_type", request_type), ("confirmation", &confirmation), ("fee_yen", &fee), ("idempotency_key", &key)]);
        for (name, file_name, bytes) in files {
            f = f.part(name.to_string(), Part::bytes(bytes.to_vec()).file_name(file_name.to_string()));
        }
        self.post_multipart("/api/requests/submit", cookie, f).await
    }

    /// The whole form (steps, confirmation, send) with `files`; the final post's answer,
    /// or the first refused step's.
    pub async fn send_request(&self, cookie: &str, fields: &[(&str, &str)], files: &[(&str, &str, &[u8])]) -> reqwest::Response {
        if let Err(refused) = self.answer_steps(cookie, fields).await {
            return refused;
        }
        let request_type = fields.iter().find(|(k, _)| *k == "request_type").map_or("", |(_, v)| *v);
        self.send_confirmed(cookie, request_type, files).await
    }

    /// Makes a request through the form and returns its receipt number.
    pub async fn submit(&self, cookie: &str, fields: &[(&str, &str)]) -> String {
        self.submit_with_files(cookie, fields, &[]).await
    }

    /// [`TestApp::submit`] with files (field, file name, bytes).
    pub async fn submit_with_files(&self, cookie: &str, fields: &[(&str, &str)], files: &[(&str, &str, &[u8])]) -> String {
        let res = self.send_request(cookie, fields, files).await;
        let status = res.status();
        let location = res.headers().get("location").and_then(|v| v.to_str().ok()).map(str::to_string);
        let body = res.text().await.unwrap();
        let location = location.unwrap_or_else(|| panic!("no redirect ({status}): {body}"));
        let receipt = location.trim_start_matches("/requests/").split('?').next().unwrap().to_string();
        assert!(location.ends_with("?submitted=1"), "{location}");
        receipt
    }

    pub async fn request(&self, cookie: &str, receipt: &str) -> serde_json::Value {
        self.get_api(&format!("/api/requests/one?receipt={receipt}"), cookie).await.json().await.unwrap()
    }
}

on_both_databases! {
    async fn each_type_is_received_with_a_receipt_number_and_due_date(backend) {
        let app = TestApp::with_registry(backend).await;
        let taro = app.signed_in_member("1001", "23", "00").await;
        let forms: Vec<(&str, Vec<(&str, &str)>)> = vec![
            ("purpose_notice", vec![("categories", "receipts")]),
            ("disclosure", vec![("categories", "qualification"), ("categories", "receipts"), ("receipts_from", "2025-04"), ("receipts_to", "2026-03"), ("method", "electronic")]),
            ("third_party_record_disclosure", vec![("method", "paper")]),
            ("correction", vec![("item", "address"), ("requested", "東京都千代田区丸の内九丁目99番99号 あおばハイツ102（架空）"), ("reason", "部屋番号が違います")]),
            ("suspension", vec![("measure", "erase"), ("target", "口座情報"), ("ground", "no_longer_needed"), ("explanation", "給付の受取口座を解約しました")]),
            ("complaint", vec![("body", "窓口の説明がわかりにくかったです。")]),
        ];
        let mut receipts = Vec::new();
        for (i, (kind, fields)) in forms.iter().enumerate() {
            let k = key(i as u32);
            let mut all = vec![("request_type", *kind), ("idempotency_key", k.as_str()), ("for", "self")];
            all.extend(fields.iter().copied());
            receipts.push(app.submit(&taro, &all).await);
        }
        // 受付番号: the Tokyo date and a daily sequence.
        assert_eq!(receipts, (1..=6).map(|n| format!("20261122-{n:04}")).collect::<Vec<_>>());
        let list: Vec<serde_json::Value> = app.get_api("/api/requests/mine", &taro).await.json().await.unwrap();
        assert_eq!(list.len(), 6);
        // Received on Sunday 22 Nov 2026: Mon 23 is 勤労感謝の日, so the tenth business day is Mon 7 Dec.
        for line in &list {
            assert_eq!(line["stage"], "received");
            assert_eq!(line["deadline"]["due"], "2026-12-07");
            assert_eq!(line["deadline"]["business_days_left"], 10);
        }
        // The fee and the method come from the publication; the current value from the registry.
        let disclosure = app.request(&taro, &receipts[1]).await;
        assert_eq!(disclosure["fee_yen"], 300);
        assert_eq!(disclosure["method_name"], "電磁的記録の提供");
        let correction = app.request(&taro, &receipts[3]).await;
        assert_eq!(correction["details"]["current"], "東京都千代田区丸の内九丁目99番99号 あおばハイツ101(架空)");
        assert_eq!(correction["fee_yen"], 0);
        // Request, first event and audit event were written together.
        assert_eq!(app.count("SELECT COUNT(*) FROM request_events WHERE action = 'submit'").await, 6);
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'request.submit'").await, 6);
    }
}

on_both_databases! {
    async fn bad_input_is_refused_field_by_field_and_nothing_is_saved(backend) {
        let app = TestApp::with_registry(backend).await;
        let taro = app.signed_in_member("1001", "23", "00").await;
        let k = key(1);
        // Each step refuses its own fields, in the form's order: who, what, how.
        let mut answers = vec![("request_type", "disclosure"), ("for", "proxy:77"), ("method", "fax"), ("receipts_from", "2026-05"), ("receipts_to", "2025-01")];
        for expected in ["for", "receipts_to", "method"] {
            let res = app.send_request(&taro, &answers, &[]).await;
            assert_eq!(res.status(), 422);
            let body: serde_json::Value = res.json().await.unwrap();
            let fields: Vec<&str> = body["Invalid"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
            assert_eq!(fields, vec![expected]);
            // Put right, the next step's problem shows.
            match expected {
                "for" => answers[1] = ("for", "self"),
                "receipts_to" => answers[4] = ("receipts_to", "2026-06"),
                _ => {}
            }
        }
        assert_eq!(app.count("SELECT COUNT(*) FROM requests").await, 0);
        // A file that is not what it claims: refused on its field, by content.
        let res = app.send_request(&taro, &[("request_type", "complaint"), ("for", "self"), ("body", "x")], &[("supporting", "委任状.pdf", b"<html><script>alert(1)</script>")]).await;
        assert_eq!(res.status(), 422);
        let body: serde_json::Value = res.json().await.unwrap();
        assert_eq!(body["Invalid"][0], serde_json::json!({ "field": "supporting", "problem": { "file": "not_allowed_type" } }));
        // Oversized: the body limit refuses before anything is read.
        let huge = Part::bytes(vec![b'%'; 11 * 1024 * 1024 * 3]).file_name("big.pdf");
        let f = form(&[("request_type", "complaint"), ("idempotency_key", &k), ("for", "self"), ("body", "x")]).part("supporting", huge);
        let res = app.client.post(app.url("/api/requests/submit")).header("origin", &app.origin).header("cookie", &taro).multipart(f).send().await;
        if let Ok(res) = res {
            assert_eq!(res.status(), 413);
        }
        // Not multipart at all: a clear client error, not a crash.
        let res = app.post_api("/api/requests/submit", Some(&taro), &[("request_type", "complaint")]).await;
        assert_eq!(res.status(), 415);
        assert_eq!(app.count("SELECT COUNT(*) FROM requests").await, 0);
        assert_eq!(app.count("SELECT COUNT(*) FROM request_attachments").await, 0);
        assert_eq!(app.count("SELECT COUNT(*) FROM receipt_counters").await, 0);
    }
}

on_both_databases! {
    async fn the_same_key_posted_fifty_times_at_once_makes_one_request(backend) {
        let app = TestApp::with_registry(backend).await;
        let taro = app.signed_in_member("1001", "23", "00").await;
        // The confirmation page's 申し出る, pressed fifty times at once.
        app.answer_steps(&taro, &[("request_type", "disclosure"), ("for", "self"), ("categories", "receipts"), ("method", "paper")]).await.unwrap();
        let page = app.confirmation_page(&taro, "disclosure").await;
        let confirmation = page["confirm"]["confirmation"].as_str().unwrap().to_string();
        let key = page["setup"]["idempotency_key"].as_str().unwrap().to_string();
        let posts = (0..50).map(|_| {
            let f = form(&[("request_type", "disclosure"), ("confirmation", &confirmation), ("fee_yen", "300"), ("idempotency_key", &key)]);
            app.post_multipart("/api/requests/submit", &taro, f)
        });
        let receipts: Vec<String> = futures::future::join_all(posts)
            .await
            .iter()
            .map(|res| res.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or("refused").to_string())
            .collect();
        assert!(receipts.iter().all(|r| r == &receipts[0]), "{receipts:?}");
        assert_eq!(app.count("SELECT COUNT(*) FROM requests").await, 1);
        assert_eq!(app.count("SELECT COUNT(*) FROM request_events").await, 1);
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'request.submit'").await, 1);
    }
}

on_both_databases! {
    async fn agents_act_for_the_household_with_documents_checked_first(backend) {
        let app = TestApp::with_registry(backend).await;
        let taro = app.signed_in_member("1001", "23", "00").await;
        // 翔 (born 2015) is a minor, 太郎's 子: 太郎 may act as legal representative, proving it
        // with a 戸籍謄抄本 or 住民票の写し; the request waits in 本人確認中 until staff accept it.
        let unproven = app.send_request(&taro, &[("request_type", "complaint"), ("for", "legal_representative:03"), ("body", "学校健診の件")], &[]).await;
        assert_eq!(unproven.status(), 422);
        assert!(unproven.text().await.unwrap().contains("kinship_record"));
        let r = app.submit_with_files(&taro, &[("request_type", "complaint"), ("for", "legal_representative:03"), ("body", "学校健診の件")], &[("kinship_record", "住民票.pdf", PDF)]).await;
        let v = app.request(&taro, &r).await;
        assert_eq!((v["line"]["stage"].as_str(), v["line"]["capacity"].as_str()), (Some("identity_check"), Some("legal_representative")));
        assert_eq!(v["line"]["subject_name"], "青葉 翔");
        // 美咲 (born 2007) is an adult: only with a 委任状, and the request waits in 本人確認中.
        let without = app.send_request(&taro, &[("request_type", "disclosure"), ("for", "proxy:02"), ("categories", "receipts"), ("method", "paper")], &[]).await;
        assert_eq!(without.status(), 422);
        let body: serde_json::Value = without.json().await.unwrap();
        assert_eq!(body["Invalid"][0]["field"], "power_of_attorney");
        let r = app.submit_with_files(&taro, &[("request_type", "disclosure"), ("for", "proxy:02"), ("categories", "receipts"), ("method", "paper"), ("deliver_to_subject", "1")], &[("power_of_attorney", "委任状.pdf", PDF)]).await;
        let v = app.request(&taro, &r).await;
        assert_eq!(v["line"]["stage"], "identity_check");
        assert_eq!(v["deliver_to_subject"], true);
        let file = &v["timeline"][0]["attachments"][0];
        assert_eq!(file["file_name"], "委任状.pdf");
        // The file comes back as what it is, as a download, to those who may see it.
        let res = app.get_with(&format!("/requests/{r}/files/{}", file["id"]), &taro).await;
        assert_eq!(res.status(), 200);
        assert_eq!(res.headers()["content-type"], "application/pdf");
        assert_eq!(res.headers()["x-content-type-options"], "nosniff");
        assert!(res.headers()["content-disposition"].to_str().unwrap().starts_with("attachment"));
        // The download's own sandbox policy survives the page headers.
        assert_eq!(res.headers()["content-security-policy"], "default-src 'none'; sandbox");
        assert_eq!(res.bytes().await.unwrap().as_ref(), PDF);
        // A file on an event the member does not see (an internal note) is not theirs to fetch.
        let file_url = format!("/requests/{r}/files/{}", file["id"]);
        let lift = match backend {
            app::platform::db::Backend::Sqlite => "DROP TRIGGER request_events_no_update",
            app::platform::db::Backend::Postgres => "ALTER TABLE request_events DISABLE TRIGGER request_events_append_only",
        };
        sqlx::raw_sql(lift).execute(&app.state.db.pool).await.unwrap();
        sqlx::query("UPDATE request_events SET member_visible = 0 WHERE id = (SELECT event_id FROM request_attachments WHERE id = $1)")
            .bind(file["id"].as_i64().unwrap())
            .execute(&app.state.db.pool)
            .await
            .unwrap();
        assert_eq!(app.get_with(&file_url, &taro).await.status(), 404);
        let staff_url = format!("/staff/requests/{r}/files/{}", file["id"]);
        let reviewer = app.signed_in_staff("R9", &["reviewer"]).await;
        assert_eq!(app.get_with(&staff_url, &reviewer).await.status(), 200, "staff still read it");
        sqlx::query("UPDATE request_events SET member_visible = 1").execute(&app.state.db.pool).await.unwrap();
        // 美咲 is the subject and sees it; 三郎 of another household does not, even by guessing.
        let misaki = app.signed_in_member("1001", "23", "02").await;
        assert_eq!(app.request(&misaki, &r).await["line"]["receipt"], r.as_str());
        let saburo = app.signed_in_member("1003", "7", "00").await;
        assert_eq!(app.get_api(&format!("/api/requests/one?receipt={r}"), &saburo).await.status(), 404);
        assert_eq!(app.get_with(&format!("/requests/{r}/files/{}", file["id"]), &saburo).await.status(), 404);
        let withdraw = form(&[("receipt", &r), ("action", "withdraw"), ("confirm", "1")]);
        assert_eq!(app.post_multipart("/api/requests/act", &saburo, withdraw).await.status(), 404);
        // Only the requester acts: the subject may read but not withdraw.
        let withdraw = form(&[("receipt", &r), ("action", "withdraw"), ("confirm", "1")]);
        assert_eq!(app.post_multipart("/api/requests/act", &misaki, withdraw).await.status(), 404);
        // Staff return the document; the reply form asks for a new 委任状, and answering
        // with one returns the request to 本人確認中.
        let intake = app.signed_in_staff("I1", &["intake"]).await;
        let res = app.post_api("/api/staff/requests/act", Some(&intake), &[("receipt", &r), ("action", "reject_documents"), ("message", "委任状に日付がありません。"), ("version", "")]).await;
        assert_done(res);
        let page = app.get_with(&format!("/requests/{r}"), &taro).await.text().await.unwrap();
        assert!(page.contains(r#"name="power_of_attorney""#) && page.contains("委任状に日付がありません。"));
        let f = form(&[("receipt", &r), ("action", "answer"), ("message", "日付を入れました。")])
            .part("power_of_attorney", Part::bytes(PDF.to_vec()).file_name("委任状2.pdf"));
        assert_done(app.post_multipart("/api/requests/act", &taro, f).await);
        assert_eq!(app.request(&taro, &r).await["line"]["stage"], "identity_check");
        // Another household's minor is out of reach.
        let other = app.send_request(&taro, &[("request_type", "complaint"), ("for", "legal_representative:01@1003"), ("body", "x")], &[]).await;
        assert_eq!(other.status(), 422);
    }
}

on_both_databases! {
    async fn a_request_for_input_pauses_the_clock_until_the_member_answers(backend) {
        let app = TestApp::with_registry(backend).await;
        let taro = app.signed_in_member("1001", "23", "00").await;
        let reviewer = app.signed_in_staff("R1", &["reviewer"]).await;
        let r = app.submit(&taro, &[("request_type", "correction"), ("idempotency_key", &key(1)), ("for", "self"), ("item", "name_kana"), ("requested", "アオバ タロー"), ("reason", "長音です")]).await;
        let staff_act = |cookie: String, action: &'static str, message: &'static str| {
            let r = r.clone();
            let app = &app;
            async move { app.post_api("/api/staff/requests/act", Some(&cookie), &[("receipt", &r), ("action", action), ("message", message), ("version", "")]).await }
        };
        assert_done(staff_act(reviewer, "start_review", "").await);
        // Wednesday 25 Nov (new sessions: the old ones idled out): the reviewer asks for a document.
        app.clock.set("2026-11-25T01:00:00Z".parse().unwrap());
        let (taro, reviewer) = (app.signed_in_member("1001", "23", "00").await, app.signed_in_staff("R2", &["reviewer"]).await);
        assert_eq!(staff_act(reviewer.clone(), "ask_member", "").await.status(), 422, "a 補正依頼 needs its reason");
        assert_done(staff_act(reviewer, "ask_member", "戸籍の写しを添付してください。").await);
        // The member is told of every change they can see (receipt, review started, 補正依頼), until they look.
        let list: Vec<serde_json::Value> = app.get_api("/api/requests/mine", &taro).await.json().await.unwrap();
        assert_eq!(list[0]["unread"], 3);
        let unread = || async { app.get_api("/api/requests/mine", &taro).await.json::<Vec<serde_json::Value>>().await.unwrap()[0]["unread"].clone() };
        let open = |site: &'static str| {
            app.client.get(app.url(&format!("/requests/{r}"))).header("cookie", &taro).header("accept", "text/html").header("sec-fetch-site", site).send()
        };
        // Opened from a link on another site: a GET changes nothing, so still unread.
        assert_eq!(open("cross-site").await.unwrap().status(), 200);
        assert_eq!(unread().await, 3);
        // Opened by the member from the portal: seen.
        assert_eq!(open("same-origin").await.unwrap().status(), 200);
        assert_eq!(unread().await, 0);
        let v = app.request(&taro, &r).await;
        assert_eq!(v["line"]["stage"], "needs_input");
        assert_eq!(v["line"]["deadline"]["paused"], true);
        assert_eq!(v["can_answer"], true);
        let list: Vec<serde_json::Value> = app.get_api("/api/requests/mine", &taro).await.json().await.unwrap();
        assert_eq!(list[0]["unread"], 0);
        // Friday 27 Nov: the member answers with a document.
        app.clock.set("2026-11-27T01:00:00Z".parse().unwrap());
        let taro = app.signed_in_member("1001", "23", "00").await;
        let f = form(&[("receipt", &r), ("action", "answer"), ("message", "添付しました。"), ("version", &v["version"].to_string())])
            .part("supporting", Part::bytes(PDF.to_vec()).file_name("koseki.pdf"));
        let res = app.post_multipart("/api/requests/act", &taro, f).await;
        assert_done(res);
        let v = app.request(&taro, &r).await;
        assert_eq!(v["line"]["stage"], "in_review");
        // Received Sun 22: due Mon 7 Dec; 26 and 27 Nov paused → Wed 9 Dec.
        assert_eq!(v["line"]["deadline"]["due"], "2026-12-09");
        // The member's list and the staff queue read the pauses with the request: the same date.
        let list: Vec<serde_json::Value> = app.get_api("/api/requests/mine", &taro).await.json().await.unwrap();
        assert_eq!(list[0]["deadline"]["due"], "2026-12-09");
        let reviewer = app.signed_in_staff("R3", &["reviewer"]).await;
        let queue: serde_json::Value = app.get_api(&format!("/api/staff/requests?params[q]={r}"), &reviewer).await.json().await.unwrap();
        assert_eq!(queue["lines"][0]["line"]["deadline"]["due"], "2026-12-09");
        let actions: Vec<&str> = v["timeline"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
        assert_eq!(actions, vec!["message", "start_review", "ask_member", "answer"]);
        assert_eq!(v["timeline"][2]["message"], "戸籍の写しを添付してください。");
        // An auditor reads but never acts; a member cannot take staff steps.
        let auditor = app.signed_in_staff("A1", &["auditor"]).await;
        let res = app.post_api("/api/staff/requests/act", Some(&auditor), &[("receipt", &r), ("action", "ask_member"), ("message", "x"), ("version", "")]).await;
        assert_eq!(res.status(), 403);
    }
}

on_both_databases! {
    async fn a_member_withdraws_until_the_decision_and_a_stale_page_is_told(backend) {
        let app = TestApp::with_registry(backend).await;
        let taro = app.signed_in_member("1001", "23", "00").await;
        let r = app.submit(&taro, &[("request_type", "purpose_notice"), ("idempotency_key", &key(1)), ("for", "self")]).await;
        let v = app.request(&taro, &r).await;
        let version = v["version"].to_string();
        // Without the confirmation box nothing happens.
        let res = app.post_multipart("/api/requests/act", &taro, form(&[("receipt", &r), ("action", "withdraw"), ("version", &version)])).await;
        assert_eq!(res.status(), 422);
        // A message changes the version: a withdrawal from the older page is refused as stale.
        let res = app.post_multipart("/api/requests/act", &taro, form(&[("receipt", &r), ("action", "message"), ("message", "よろしくお願いします"), ("version", &version)])).await;
        assert_done(res);
        let res = app.post_multipart("/api/requests/act", &taro, form(&[("receipt", &r), ("action", "withdraw"), ("confirm", "1"), ("version", &version)])).await;
        assert_eq!(res.status(), 409);
        let fresh = app.request(&taro, &r).await["version"].to_string();
        let res = app.post_multipart("/api/requests/act", &taro, form(&[("receipt", &r), ("action", "withdraw"), ("confirm", "1"), ("version", &fresh)])).await;
        assert_done(res);
        let v = app.request(&taro, &r).await;
        assert_eq!(v["line"]["stage"], "withdrawn");
        assert_eq!(v["line"]["deadline"], serde_json::Value::Null);
        assert_eq!(v["can_withdraw"], false);
        // Withdrawn is final.
        let res = app.post_multipart("/api/requests/act", &taro, form(&[("receipt", &r), ("action", "message"), ("message", "x")])).await;
        assert_eq!(res.status(), 409);
    }
}

on_both_databases! {
    async fn the_outbox_mails_the_verified_address_without_personal_data(backend) {
        let app = TestApp::with_registry(backend).await;
        let taro = app.signed_in_member("1001", "23", "00").await;
        sqlx::query("UPDATE member_accounts SET email = 'taro@example.jp', email_verified_at = '2026-11-01T00:00:00Z'")
            .execute(&app.state.db.pool)
            .await
            .unwrap();
        let r = app.submit(&taro, &[("request_type", "complaint"), ("idempotency_key", &key(1)), ("for", "self"), ("body", "医療費通知の件で相談です")]).await;
        let (to, body): (String, String) = sqlx::query_as("SELECT to_address, body FROM mail_outbox").fetch_one(&app.state.db.pool).await.unwrap();
        assert_eq!(to, "taro@example.jp");
        assert!(body.contains(&r));
        assert!(!body.contains("青葉") && !body.contains("医療費通知"));
        let dir = tempfile::tempdir().unwrap();
        let mut state = app.state.clone();
        state.mail = app::platform::mail::Mailer::DropDir(dir.path().to_path_buf());
        assert_eq!(app::platform::mail::deliver_outbox(&state).await.unwrap(), 1);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        assert_eq!(app::platform::mail::deliver_outbox(&state).await.unwrap(), 0, "sent once");

        // Through an SMTP relay: the message arrives over the protocol, to the verified address.
        let (relay, received) = smtp_sink().await;
        sqlx::query("UPDATE mail_outbox SET sent_at = NULL").execute(&app.state.db.pool).await.unwrap();
        state.mail = app::platform::mail::Mailer::Smtp { host: "127.0.0.1".into(), port: relay };
        assert_eq!(app::platform::mail::deliver_outbox(&state).await.unwrap(), 1);
        let data = received.await.unwrap();
        assert!(data.contains("RCPT TO:<taro@example.jp>"), "{data}");
        assert!(!data.contains("青葉"));
    }
}

/// A minimal SMTP server that accepts one message and hands back the whole dialogue.
async fn smtp_sink() -> (u16, tokio::sync::oneshot::Receiver<String>) {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let (tx, rx) = tokio::sync::oneshot::channel();
    tokio::spawn(async move {
        let (socket, _) = listener.accept().await.unwrap();
        let (read, mut write) = socket.into_split();
        let mut lines = BufReader::new(read).lines();
        let mut log = String::new();
        write.write_all(b"220 sink ESMTP\r\n").await.unwrap();
        let mut in_data = false;
        while let Ok(Some(line)) = lines.next_line().await {
            log.push_str(&line);
            log.push('\n');
            let reply: &[u8] = if in_data {
                if line == "." {
                    in_data = false;
                    b"250 queued\r\n"
                } else {
                    continue;
                }
            } else if line.starts_with("EHLO") || line.starts_with("HELO") {
                b"250 sink\r\n"
            } else if line == "DATA" {
                in_data = true;
                b"354 go on\r\n"
            } else if line == "QUIT" {
                write.write_all(b"221 bye\r\n").await.unwrap();
                break;
            } else {
                b"250 ok\r\n"
            };
            write.write_all(reply).await.unwrap();
        }
        let _ = tx.send(log);
    });
    (port, rx)
}

on_both_databases! {
    async fn writes_sharing_a_group_commit_fail_only_for_their_own_reason_and_each_gets_its_own_result(backend) {
        let app = TestApp::start(backend).await;
        let writers: Vec<_> = (0..16)
            .map(|i| {
                let db = app.state.db.clone();
                tokio::spawn(async move {
                    db.write_grouped(move |conn| {
                        Box::pin(async move {
                            // Each writes its own day; the eighth writes its day twice, which
                            // the table refuses.
                            let times = if i == 7 { 2 } else { 1 };
                            for _ in 0..times {
                                sqlx::query("INSERT INTO receipt_counters (day, last) VALUES ($1, 1)")
                                    .bind(format!("2099{i:04}"))
                                    .execute(&mut *conn)
                                    .await?;
                            }
                            Ok(format!("day {i}"))
                        })
                    })
                    .await
                })
            })
            .collect();
        let mut failed = Vec::new();
        for (i, w) in writers.into_iter().enumerate() {
            match w.await.unwrap() {
                Ok(result) => assert_eq!(result, format!("day {i}"), "each writer gets the result of its own write"),
                Err(_) => failed.push(i),
            }
        }
        assert_eq!(failed, vec![7], "only the write that broke a rule fails");
        assert_eq!(app.count("SELECT COUNT(*) FROM receipt_counters WHERE day LIKE '2099%'").await, 15, "the others are all stored, once");
        assert_eq!(app.count("SELECT COUNT(*) FROM receipt_counters WHERE day = '20990007'").await, 0, "nothing of the failed one");
    }
}

on_both_databases! {
    async fn a_members_complaint_of_a_suspected_leak_reaches_the_officer_at_once_and_others_wait_their_turn(backend) {
        let app = TestApp::with_registry(backend).await;
        let taro = app.signed_in_member("1001", "23", "00").await;
        let plain = app
            .submit(&taro, &[("request_type", "complaint"), ("idempotency_key", "leak-key-00000001-abc"), ("for", "self"), ("body", "窓口の説明が分かりにくかった")])
            .await;
        assert_eq!(app.count("SELECT COUNT(*) FROM request_escalations").await, 0, "unsorted is 「その他」, not escalated");
        let leak = app
            .submit(
                &taro,
                &[
                    ("request_type", "complaint"),
                    ("for", "self"),
                    ("category", "suspected_leak"),
                    ("body", "私宛ての通知が隣の家に届いていました"),
                ],
            )
            .await;
        assert_ne!(plain, leak);
        let escalated: String = sqlx::query_scalar(
            "SELECT r.receipt_number FROM request_escalations e JOIN requests r ON r.id = e.request_id WHERE e.acknowledged_at IS NULL",
        )
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
        assert_eq!(escalated, leak);
        let taro_id = app.member_id("1001", "23", "00").await;
        assert_eq!(
            app.count(&format!("SELECT COUNT(*) FROM audit_events WHERE action = 'request.escalate' AND subject_member_id = {taro_id}")).await,
            1
        );
        // The member reads the category as chosen.
        let seen = app.request(&taro, &leak).await;
        assert_eq!(seen["details"]["category"], "suspected_leak");
    }
}

on_both_databases! {
    async fn a_person_asks_for_their_specific_personal_information_online_and_on_the_paper_form(backend) {
        let app = TestApp::with_registry(backend).await;
        let taro = app.signed_in_member("1001", "23", "00").await;
        // The form offers it where the publication describes it, with where to see the
        // record of 情報連携 (マイナポータル, 番号法23条), and warns against sending the number.
        let page = app.get_with("/requests/new/disclosure?step=what", &taro).await.text().await.unwrap();
        assert!(page.contains("value=\"specific_personal_info\"") && page.contains("マイナポータル"), "{page}");
        app.answer_steps(&taro, &[("request_type", "complaint"), ("for", "self"), ("body", "書類について")]).await.unwrap();
        let confirm = app.get_with("/requests/new/complaint?step=confirm", &taro).await.text().await.unwrap();
        assert!(confirm.contains("マイナンバーカードの裏面"), "the upload warns");
        let r = app
            .submit(&taro, &[("request_type", "disclosure"), ("idempotency_key", &key(40)), ("for", "self"), ("categories", "specific_personal_info"), ("method", "paper")])
            .await;
        let v = app.request(&taro, &r).await;
        assert_eq!(v["category_names"][0].as_str().map(|n| n.starts_with("特定個人情報")), Some(true), "{v}");
        // 様式1 carries the same box.
        let (_, paper) = app.get_html("/procedure/form-1", None).await;
        assert!(paper.contains("特定個人情報（マイナンバーと、マイナンバーを使ってやりとりした情報）"), "{paper}");
        // A category the publication does not have is still refused.
        let res = app.send_request(&taro, &[("request_type", "disclosure"), ("for", "self"), ("categories", "my_number_itself"), ("method", "paper")], &[]).await;
        assert_eq!(res.status(), 422);
    }
}

on_both_databases! {
    async fn a_refused_upload_is_answered_not_cut_off_mid_body(backend) {
        let app = TestApp::with_registry(backend).await;
        // Signed out, with a few megabytes on the way: the refusal arrives as an answer.
        for path in ["/api/requests/submit", "/api/requests/act", "/api/staff/intake", "/api/staff/package/file"] {
            let f = form(&[("request_type", "complaint"), ("idempotency_key", &key(50)), ("for", "self"), ("body", "大きな書類")])
                .part("supporting", Part::bytes(vec![b'%'; 4 * 1024 * 1024]).file_name("big.pdf"));
            let res = app.client.post(app.url(path)).header("origin", &app.origin).multipart(f).send().await;
            let res = res.unwrap_or_else(|e| panic!("{path}: cut off: {e}"));
            assert_eq!(res.status(), 401, "{path}");
        }
    }
}
