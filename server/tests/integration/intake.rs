//! Paper and counter intake over real HTTP: a former member's posted 開示依頼書 enters the
//! lifecycle with the clock running from the day it arrived; someone outside the registry
//! (a 議員) gets a decision letter addressed as the intake recorded; bad input is refused
//! on its field and nothing is half-saved.

use reqwest::multipart::{Form, Part};

use crate::on_both_databases;
use crate::support::{TestApp, form};

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

fn scan(f: Form, bytes: &'static [u8], name: &str) -> Form {
    f.part("supporting", Part::bytes(bytes).file_name(name.to_string()).mime_str("application/pdf").unwrap())
}

fn problems(body: &serde_json::Value) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = body["Invalid"]
        .as_array()
        .map(|a| a.iter().map(|f| (f["field"].as_str().unwrap_or("").to_string(), f["problem"].to_string())).collect())
        .unwrap_or_default();
    v.sort();
    v
}

impl TestApp {
    async fn staff_id(&self, number: &str) -> String {
        sqlx::query_scalar::<_, i64>("SELECT id FROM staff WHERE staff_number = $1")
            .bind(number)
            .fetch_one(&self.state.db.pool)
            .await
            .unwrap()
            .to_string()
    }

    /// Enters a paper request; returns the receipt from the redirect to the staff page.
    async fn enter(&self, cookie: &str, f: Form) -> String {
        let res = self.post_multipart("/api/staff/intake", cookie, f).await;
        let status = res.status();
        let location = res.headers().get("location").and_then(|v| v.to_str().ok()).map(str::to_string);
        let body = res.text().await.unwrap();
        let location = location.unwrap_or_else(|| panic!("no redirect ({status}): {body}"));
        assert!(location.starts_with("/staff/requests/") && location.ends_with("?entered=1"), "{location}");
        location.trim_start_matches("/staff/requests/").split('?').next().unwrap().to_string()
    }
}

/// 緑川 次郎 lost his status on 2025-03-31: a former member, with no portal account.
fn former_member_disclosure<'a>(key: &'a str, checked_by: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("request_type", "disclosure"),
        ("idempotency_key", key),
        ("channel", "paper"),
        ("arrived_on", "2026-11-19"),
        ("subject_kind", "registry"),
        ("subject_key", "1002-45-00"),
        ("subject_birth", "1965-11-30"),
        ("capacity", "self"),
        ("requester_address", "〒330-0000 埼玉県さいたま市浦和区緑町九丁目9番（架空）"),
        ("requester_phone", "048-000-0000"),
        ("id_document", "drivers_license"),
        ("id_check", "copy_by_post"),
        ("checked_by", checked_by),
        ("categories", "qualification"),
        ("receipts_from", "2024-04"),
        ("receipts_to", "2025-03"),
        ("method", "paper"),
    ]
}

on_both_databases! {
    async fn a_former_members_posted_disclosure_runs_on_the_clock_from_the_day_it_arrived(backend) {
        let app = TestApp::with_registry(backend).await;
        let intake = app.signed_in_staff("S0701", &["intake"]).await;
        let checker = app.signed_in_staff("S0702", &["intake"]).await;
        let checked_by = app.staff_id("S0702").await;
        let key = "intake-key-0000001-abc";
        let receipt = app.enter(&intake, scan(form(&former_member_disclosure(key, &checked_by)), PDF, "様式1.pdf")).await;

        type Row = (String, String, Option<i64>, Option<i64>, String, Option<String>, String);
        let (channel, status, requester, subject, received_on, due_on, capacity): Row = sqlx::query_as(
            "SELECT channel, status, requester_member_id, subject_member_id, received_on, due_on, capacity FROM requests WHERE receipt_number = $1",
        )
        .bind(&receipt)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
        assert_eq!((channel.as_str(), status.as_str(), capacity.as_str()), ("paper", "received", "self"));
        assert_eq!(requester, None, "nobody signed in asked: the requester has no account");
        assert_eq!(subject, Some(app.member_id("1002", "45", "00").await));
        // The clock runs from the arrival (Thursday 19th), not from the entry (Sunday 22nd).
        assert_eq!(received_on, "2026-11-19");
        let arrived = chrono::NaiveDate::from_ymd_opt(2026, 11, 19).unwrap();
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let days = app.state.feature::<app::requests::store::RequestPolicy>().due_business_days;
        let from_arrival = app.state.feature::<app::requests::store::RequestPolicy>().calendar.deadline(arrived, days, &[], today).due.map(|d| d.to_string());
        let from_entry = app.state.feature::<app::requests::store::RequestPolicy>().calendar.deadline(today, days, &[], today).due.map(|d| d.to_string());
        assert_eq!(due_on, from_arrival);
        assert_ne!(from_arrival, from_entry);

        // The intake record, the scan (checked as PDF) and the audit event, together.
        let (who_checked, who_entered, doc, how): (i64, i64, String, String) = sqlx::query_as(
            "SELECT i.checked_by, i.entered_by, i.id_document, i.id_check FROM request_intakes i \
             JOIN requests r ON r.id = i.request_id WHERE r.receipt_number = $1",
        )
        .bind(&receipt)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
        assert_eq!(who_checked.to_string(), checked_by);
        assert_eq!(who_entered.to_string(), app.staff_id("S0701").await);
        assert_eq!((doc.as_str(), how.as_str()), ("drivers_license", "copy_by_post"));
        assert_eq!(app.count("SELECT COUNT(*) FROM request_attachments WHERE document = 'supporting' AND kind = 'pdf'").await, 1);
        assert_eq!(
            app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'request.intake' AND outcome = 'allowed' AND subject_member_id IS NOT NULL").await,
            1
        );

        // A double click (the same form again) is the same request.
        let again = app.enter(&intake, scan(form(&former_member_disclosure(key, &checked_by)), PDF, "様式1.pdf")).await;
        assert_eq!(again, receipt);
        assert_eq!(app.count("SELECT COUNT(*) FROM requests").await, 1);

        // Staff see how it came in; the request is in the queue with the subject's name.
        let case: serde_json::Value = app.get_api(&format!("/api/staff/requests/one?receipt={receipt}"), &checker).await.json().await.unwrap();
        assert_eq!(case["intake"]["channel"], "paper");
        assert_eq!(case["intake"]["arrived_on"], "2026-11-19");
        assert_eq!(case["intake"]["requester_name"], "緑川 次郎");
        assert_eq!(case["view"]["line"]["subject_name"], "緑川 次郎");
        let queue: serde_json::Value = app.get_api("/api/staff/requests?params[q]=%E7%B7%91%E5%B7%9D", &checker).await.json().await.unwrap();
        assert!(queue.to_string().contains(&receipt), "{queue}");
        // The staff page shows the intake record.
        let html = app.get_with(&format!("/staff/requests/{receipt}"), &checker).await.text().await.unwrap();
        assert!(html.contains("data-intake=\"paper\"") && html.contains("さいたま市浦和区緑町"), "intake card missing");
    }
}

on_both_databases! {
    async fn a_councillors_counter_complaint_gets_a_letter_to_the_address_the_intake_recorded(backend) {
        let app = TestApp::with_registry(backend).await;
        let staff = app.signed_in_staff("S0711", &["intake", "reviewer"]).await;
        let me = app.staff_id("S0711").await;
        let pairs = vec![
            ("request_type", "complaint"),
            ("idempotency_key", "intake-key-0000002-abc"),
            ("channel", "counter"),
            ("arrived_on", "2026-11-22"),
            ("subject_kind", "councillor"),
            ("subject_name", "議員 花子"),
            ("capacity", "self"),
            ("requester_address", "〒461-0000 名古屋市東区（架空）"),
            ("id_document", "mynumber_card"),
            ("id_check", "presented"),
            ("checked_by", me.as_str()),
            ("body", "会議資料に私の住所が載っていました。"),
        ];
        // At the counter no scan is needed.
        let receipt = app.enter(&staff, form(&pairs)).await;
        let subject: Option<i64> = sqlx::query_scalar("SELECT subject_member_id FROM requests WHERE receipt_number = $1")
            .bind(&receipt)
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap();
        assert_eq!(subject, None, "a 議員 is not in the member registry");
        let res = app.post_api("/api/staff/requests/act", Some(&staff), &[("receipt", &receipt), ("action", "start_review"), ("message", ""), ("version", "")]).await;
        assert!(res.headers().contains_key("location"), "start_review: {}", res.status());
        let v: i64 = sqlx::query_scalar("SELECT version FROM requests WHERE receipt_number = $1").bind(&receipt).fetch_one(&app.state.db.pool).await.unwrap();
        let res = app
            .post_api("/api/staff/requests/decide", Some(&staff), &[("receipt", &receipt), ("version", &v.to_string()), ("outcome", "responded"), ("reason", "資料を回収し、お詫びしました。")])
            .await;
        assert!(res.headers().contains_key("location"), "decide: {}", res.status());
        let letter: serde_json::Value = app.get_api(&format!("/api/staff/requests/letter?receipt={receipt}"), &staff).await.json().await.unwrap();
        assert_eq!(letter["addressee"], "議員 花子");
        assert_eq!(letter["addressee_address"], "〒461-0000 名古屋市東区(架空)", "stored as entered, NFKC-normalised");
        assert_eq!(letter["subject_name"], "議員 花子");
        // Nobody's portal inbox gets it: it is posted.
        assert_eq!(app.count("SELECT COUNT(*) FROM member_notifications").await, 0);
    }
}

on_both_databases! {
    async fn bad_intake_input_is_refused_on_its_field_and_nothing_is_saved(backend) {
        let app = TestApp::with_registry(backend).await;
        let staff = app.signed_in_staff("S0721", &["intake"]).await;
        let me = app.staff_id("S0721").await;
        let base = former_member_disclosure("intake-key-0000003-abc", &me);
        let with = |changes: &[(&'static str, &'static str)]| {
            let mut v = base.clone();
            for (k, val) in changes {
                match v.iter_mut().find(|(n, _)| n == k) {
                    Some(slot) => slot.1 = val,
                    None => v.push((k, val)),
                }
            }
            v
        };
        let cases: Vec<(Form, Vec<(&str, &str)>)> = vec![
            // The birth date does not match the registry's.
            (scan(form(&with(&[("subject_birth", "1965-12-01")])), PDF, "a.pdf"), vec![("subject_key", "\"not_in_registry\"")]),
            // A posted form without its scan.
            (form(&base), vec![("supporting", "\"file_missing\"")]),
            // A "PDF" that is really a script.
            (scan(form(&base), b"<script>alert(1)</script>", "scan.pdf"), vec![("supporting", "{\"file\":\"not_allowed_type\"}")]),
            // Arrival tomorrow; and a 法定代理人 for an adult.
            (
                scan(form(&with(&[("arrived_on", "2026-11-23"), ("capacity", "legal_representative"), ("requester_name", "親")])), PDF, "a.pdf"),
                vec![("arrived_on", "\"arrival_date\"")],
            ),
            (
                scan(form(&with(&[("capacity", "legal_representative"), ("requester_name", "親")])), PDF, "a.pdf"),
                vec![("capacity", "\"not_a_minor\""), ("kinship_record", "\"file_missing\"")],
            ),
            // A method the publication does not offer.
            (scan(form(&with(&[("method", "fax")])), PDF, "a.pdf"), vec![("method", "\"choice\"")]),
            // The download is the 本人's own: an agent chooses a medium or paper.
            (
                scan(form(&with(&[("method", "electronic"), ("capacity", "proxy"), ("requester_name", "代理 人")])), PDF, "a.pdf")
                    .part("power_of_attorney", Part::bytes(PDF).file_name("委任状.pdf").mime_str("application/pdf").unwrap()),
                vec![("method", "\"download_for_own_account\"")],
            ),
        ];
        for (f, expected) in cases {
            let res = app.post_multipart("/api/staff/intake", &staff, f).await;
            assert_eq!(res.status(), 422);
            let got = problems(&res.json().await.unwrap());
            let expected: Vec<(String, String)> = expected.into_iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
            assert_eq!(got, expected);
        }
        for table in ["requests", "request_intakes", "request_attachments", "request_events"] {
            assert_eq!(app.count(&format!("SELECT COUNT(*) FROM {table}")).await, 0, "{table}");
        }
        // A member cannot enter paper requests: refused, and answered only once the body was
        // read (the client is not cut off mid-upload).
        let member = app.signed_in_member("1001", "23", "00").await;
        let res = app.post_multipart("/api/staff/intake", &member, scan(form(&base), PDF, "a.pdf")).await;
        assert_eq!(res.status(), 401);
    }
}

on_both_databases! {
    async fn the_procedure_page_offers_blank_forms_drawn_from_the_publication(backend) {
        let app = TestApp::start(backend).await;
        let (status, page) = app.get_html("/procedure", None).await;
        assert_eq!(status, 200);
        assert!(page.contains("href=\"/procedure/form-1\"") && page.contains("href=\"/procedure/form-2\""));
        let (_, privacy) = app.get_html("/privacy", None).await;
        assert!(privacy.contains("href=\"/procedure\""), "the publication's procedure section links to the forms");

        let (_, p) = app::publication::store::current_shared(&app.state).await.unwrap().unwrap();
        let (status, form1) = app.get_html("/procedure/form-1", None).await;
        assert_eq!(status, 200);
        assert!(form1.contains("様式1 保有個人データ等開示依頼書"));
        // Every published category and every method can be ticked (33条1項: the person
        // chooses), the download marked as the 本人's own.
        for c in &p.categories {
            assert!(form1.contains(&c.name), "category {} missing", c.name);
        }
        for m in &p.procedure.delivery_methods {
            assert!(form1.contains(&m.name), "method {}", m.id);
        }
        assert!(form1.contains("ご本人がご自分のポータルのアカウントで受け取る方法です"));
        assert!(form1.contains(&p.society.name) && form1.contains("組合記入欄"));
        let (status, form2) = app.get_html("/procedure/form-2", None).await;
        assert_eq!(status, 200);
        assert!(form2.contains("様式2 保有個人データ等利用停止等依頼書") && form2.contains("35条3項"));
    }
}

on_both_databases! {
    async fn a_counter_request_for_electronic_records_is_kept_and_answered_as_the_act_allows(backend) {
        let app = TestApp::with_registry(backend).await;
        let clerk = app.signed_in_staff("S0731", &["intake", "reviewer"]).await;
        let approver = app.signed_in_staff("S0732", &["approver"]).await;
        let me = app.staff_id("S0731").await;
        let at_the_counter = |key: &'static str| {
            let mut pairs = former_member_disclosure(key, &me);
            // Without レセプト, which would first need a 照会 to each 医療機関 (receipts.rs).
            pairs.retain(|(k, _)| !k.starts_with("receipts_"));
            for (k, v) in pairs.iter_mut() {
                match *k {
                    "channel" => *v = "counter",
                    "id_check" => *v = "presented",
                    "method" => *v = "electronic",
                    _ => {}
                }
            }
            form(&pairs)
        };
        // 緑川 chooses 電磁的記録 (the portal's download) at the counter: it is recorded, and
        // the result is to reach his own account.
        let first = app.enter(&clerk, at_the_counter("intake-key-0000031-abc")).await;
        let (details, to_subject): (String, i64) =
            sqlx::query_as("SELECT details, deliver_to_subject FROM requests WHERE receipt_number = $1")
                .bind(&first)
                .fetch_one(&app.state.db.pool)
                .await
                .unwrap();
        assert!(details.contains(r#""method":"electronic""#), "{details}");
        assert_eq!(to_subject, 1);
        let html = app.get_with(&format!("/staff/requests/{first}"), &clerk).await.text().await.unwrap();
        assert!(html.contains("電磁的記録の提供"), "the staff page shows the chosen method");

        // He has no account: a disclosure by download cannot reach him, and is refused on
        // the outcome; paper instead, with the reason (33条3項), goes out by post.
        let act = [("receipt", first.as_str()), ("action", "start_review"), ("message", ""), ("version", "")];
        assert!(app.post_api("/api/staff/requests/act", Some(&clerk), &act).await.headers().contains_key("location"));
        assert!(app.post_api("/api/staff/package/start", Some(&clerk), &[("receipt", &first)]).await.headers().contains_key("location"));
        let res = app.decide(&clerk, &first, &[("outcome", "full_disclosure"), ("ground", "33-1"), ("reason", ""), ("fee", "paid")]).await;
        assert_eq!(res.status(), 422);
        assert_eq!(problems(&res.json().await.unwrap()), vec![("outcome".to_string(), "\"no_account_for_download\"".to_string())]);
        assert_eq!(app.count("SELECT COUNT(*) FROM request_decisions").await, 0, "nothing half-saved");
        let why = "ポータルのアカウントをお持ちでなく、電磁的記録をお渡しする方法がないため。";
        let res = app.decide(&clerk, &first, &[("outcome", "method_difficult"), ("ground", "33-3-method"), ("reason", why), ("fee", "paid")]).await;
        assert!(res.headers().contains_key("location"), "{}", res.status());
        assert!(app.review(&approver, &first, "approve", "").await.headers().contains_key("location"));
        let posted: (Option<String>, Option<String>) = sqlx::query_as(
            "SELECT p.released_at, p.expires_at FROM disclosure_packages p JOIN requests r ON r.id = p.request_id WHERE r.receipt_number = $1",
        )
        .bind(&first)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
        assert!(posted.0.is_some() && posted.1.is_none(), "released for posting, no download period: {posted:?}");
        let letter: serde_json::Value = app.get_api(&format!("/api/staff/requests/letter?receipt={first}"), &clerk).await.json().await.unwrap();
        assert_eq!(letter["decision"]["decision"]["ground"], "33-3-method");
        assert_eq!(letter["decision"]["decision"]["reason"], why);

        // Once he has an account, the next request's result is his to download.
        let member = app.member_id("1002", "45", "00").await;
        app.member_account(member).await;
        let second = app.enter(&clerk, at_the_counter("intake-key-0000032-abc")).await;
        let act = [("receipt", second.as_str()), ("action", "start_review"), ("message", ""), ("version", "")];
        assert!(app.post_api("/api/staff/requests/act", Some(&clerk), &act).await.headers().contains_key("location"));
        assert!(app.post_api("/api/staff/package/start", Some(&clerk), &[("receipt", &second)]).await.headers().contains_key("location"));
        let res = app.decide(&clerk, &second, &[("outcome", "full_disclosure"), ("ground", "33-1"), ("reason", ""), ("fee", "paid")]).await;
        assert!(res.headers().contains_key("location"), "{}", res.status());
        assert!(app.review(&approver, &second, "approve", "").await.headers().contains_key("location"));
        let download: (Option<i64>, Option<String>) = sqlx::query_as(
            "SELECT p.recipient_member_id, p.expires_at FROM disclosure_packages p JOIN requests r ON r.id = p.request_id WHERE r.receipt_number = $1",
        )
        .bind(&second)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
        assert_eq!(download.0, Some(member));
        assert!(download.1.is_some(), "a download period runs");
    }
}

on_both_databases! {
    async fn a_phone_complaint_without_identity_is_recorded_as_such_and_reaches_the_officer_at_once(backend) {
        let app = TestApp::with_registry_configured(backend, |s| {
            s.set_feature(app::requests::store::RequestPolicy {
                officer_email: Some("privacy-officer@example.jp".into()),
                ..Default::default()
            })
        })
        .await;
        let clerk = app.signed_in_staff("S0741", &["intake"]).await;
        let approver = app.signed_in_staff("S0742", &["approver"]).await;
        let body = "組合から届いた封筒に、別の方の医療費のお知らせが入っていました。";
        let pairs = [
            ("request_type", "complaint"),
            ("idempotency_key", "intake-key-0000041-abc"),
            ("channel", "phone"),
            ("arrived_on", "2026-11-22"),
            ("subject_kind", "anonymous"),
            ("capacity", "self"),
            ("id_check", "none"),
            ("category", "suspected_leak"),
            ("body", body),
        ];
        let receipt = app.enter(&clerk, form(&pairs)).await;

        // Recorded as it came: by phone, from nobody named, identity not checked — and tied
        // to no member's data.
        let (channel, subject): (String, Option<i64>) =
            sqlx::query_as("SELECT channel, subject_member_id FROM requests WHERE receipt_number = $1")
                .bind(&receipt)
                .fetch_one(&app.state.db.pool)
                .await
                .unwrap();
        assert_eq!((channel.as_str(), subject), ("phone", None));
        let (kind, name, check, checked_by, document): (String, String, String, Option<i64>, String) = sqlx::query_as(
            "SELECT i.subject_kind, i.subject_name, i.id_check, i.checked_by, i.id_document FROM request_intakes i \
             JOIN requests r ON r.id = i.request_id WHERE r.receipt_number = $1",
        )
        .bind(&receipt)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
        assert_eq!((kind.as_str(), name.as_str(), check.as_str(), checked_by, document.as_str()), ("anonymous", "匿名", "none", None, ""));
        let case: serde_json::Value = app.get_api(&format!("/api/staff/requests/one?receipt={receipt}"), &clerk).await.json().await.unwrap();
        assert_eq!(case["intake"]["channel"], "phone");
        assert_eq!(case["intake"]["id_check"], "not_checked");

        // A suspected leak goes to the 責任者 at once: recorded, mailed (the receipt only),
        // audited, and shown above every staff queue until a 責任者 has seen it.
        assert_eq!(app.count("SELECT COUNT(*) FROM request_escalations WHERE acknowledged_at IS NULL").await, 1);
        let (to, subject_line, mail): (String, String, String) =
            sqlx::query_as("SELECT to_address, subject, body FROM mail_outbox").fetch_one(&app.state.db.pool).await.unwrap();
        assert_eq!(to, "privacy-officer@example.jp");
        assert!(subject_line.contains(&receipt) && mail.contains(&receipt));
        assert!(!mail.contains("医療費のお知らせが入って"), "the mail carries no personal data");
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'request.escalate'").await, 1);
        let queue: serde_json::Value = app.get_api("/api/staff/requests", &clerk).await.json().await.unwrap();
        assert_eq!(queue["escalations"][0]["receipt"], receipt.as_str());
        let html = app.get_with("/staff/requests", &approver).await.text().await.unwrap();
        assert!(html.contains("data-escalations=\"1\"") && html.contains(&format!("/staff/requests/{receipt}")), "banner missing");

        // Only a 責任者 acknowledges it; then it leaves the banner and the page says who.
        let res = app.post_api("/api/staff/requests/acknowledge", Some(&clerk), &[("receipt", &receipt)]).await;
        assert_eq!(res.status(), 403);
        assert_eq!(app.count("SELECT COUNT(*) FROM request_escalations WHERE acknowledged_at IS NULL").await, 1);
        let res = app.post_api("/api/staff/requests/acknowledge", Some(&approver), &[("receipt", &receipt)]).await;
        assert!(res.headers().contains_key("location"), "{}", res.status());
        assert_eq!(app.count("SELECT COUNT(*) FROM request_escalations WHERE acknowledged_at IS NOT NULL").await, 1);
        assert_eq!(
            app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'request.escalation_acknowledge' AND outcome = 'allowed'").await,
            1
        );
        let queue: serde_json::Value = app.get_api("/api/staff/requests", &clerk).await.json().await.unwrap();
        assert_eq!(queue["escalations"], serde_json::json!([]));
        let page = app.get_with(&format!("/staff/requests/{receipt}"), &clerk).await.text().await.unwrap();
        assert!(page.contains("data-escalation=\"acknowledged\"") && page.contains("S0742"), "who acknowledged is shown");

        // A complaint about something else waits its turn in the queue.
        let mut other = pairs.to_vec();
        other.retain(|(k, _)| !matches!(*k, "idempotency_key" | "category"));
        other.push(("idempotency_key", "intake-key-0000042-abc"));
        other.push(("category", "service"));
        app.enter(&clerk, form(&other)).await;
        assert_eq!(app.count("SELECT COUNT(*) FROM request_escalations").await, 1);
        assert_eq!(app.count("SELECT COUNT(*) FROM mail_outbox").await, 1);

        // Answered and kept its five years, the complaint leaves with its escalation.
        let officer = app.signed_in_staff("S0743", &["reviewer"]).await;
        let act = [("receipt", receipt.as_str()), ("action", "start_review"), ("message", ""), ("version", "")];
        assert!(app.post_api("/api/staff/requests/act", Some(&officer), &act).await.headers().contains_key("location"));
        let res = app.decide(&officer, &receipt, &[("outcome", "responded"), ("reason", "封入の手順を改め、誤って届いた方にお詫びしました。")]).await;
        assert!(res.headers().contains_key("location"), "{}", res.status());
        use kit::time::Clock;
        app.clock.set(app.clock.now() + chrono::Duration::days(5 * 365 + 3));
        app::retention::store::purge(&app.state, &app::retention::RetentionPolicy::default()).await.unwrap();
        assert_eq!(app.count("SELECT COUNT(*) FROM request_escalations").await, 0);
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM requests WHERE receipt_number = '{receipt}'")).await, 0);
    }
}
