//! レセプト disclosed as insurers do, over real HTTP: a 開示 that asks for レセプト goes
//! through a 照会 to each 医療機関 (proposed from the member's notice lines, or added by
//! name), each with its printable 照会書 and one answer; the decision follows the answers
//! (33条2項1号) and needs the レセプト copies uploaded from the core system, never notice
//! lines. A deceased member's 遺族 is refused at intake with the separate procedure.

use crate::on_both_databases;
use crate::support::{TestApp, form};

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";
const QUESTION: &str = "開示により本人に病名等が知られることで支障が生じるおそれの有無";

impl TestApp {
    async fn inquiries(&self, staff: &str, receipt: &str) -> serde_json::Value {
        self.get_api(&format!("/api/staff/receipts/inquiries?receipt={receipt}"), staff).await.json().await.unwrap()
    }

    async fn ask(&self, staff: &str, receipt: &str, pairs: &[(&str, &str)]) -> reqwest::Response {
        let mut all = vec![("receipt", receipt)];
        all.extend_from_slice(pairs);
        self.post_api("/api/staff/receipts/inquiries/create", Some(staff), &all).await
    }

    async fn answer_inquiry(&self, staff: Option<&str>, receipt: &str, inquiry: i64, answer: &str, reason: &str) -> reqwest::Response {
        let id = inquiry.to_string();
        self.post_api("/api/staff/receipts/inquiries/answer", staff, &[("receipt", receipt), ("inquiry", &id), ("answer", answer), ("objection_reason", reason)]).await
    }
}

fn ids(q: &serde_json::Value) -> Vec<i64> {
    q["inquiries"].as_array().unwrap().iter().map(|i| i["id"].as_i64().unwrap()).collect()
}

async fn refused(res: reqwest::Response, status: u16, problem: &str) {
    let got = res.status().as_u16();
    let body = res.text().await.unwrap();
    assert_eq!(got, status, "{body}");
    assert!(body.contains(problem), "{problem} not in {body}");
}

on_both_databases! {
    async fn a_receipts_disclosure_goes_through_an_inquiry_to_each_provider_and_a_staff_upload_to_a_decision(backend) {
        let app = TestApp::with_registry(backend).await;
        crate::notices::import_demo_notices(&app).await;
        let taro = app.signed_in_member("1001", "23", "00").await;
        let hanako = app.signed_in_member("1001", "23", "01").await;
        let reviewer = app.signed_in_staff("S1201", &["reviewer"]).await;
        let approver = app.signed_in_staff("S1202", &["approver"]).await;
        let auditor = app.signed_in_staff("S1203", &["auditor"]).await;

        // A 開示 without レセプト has no 照会: none is created or answered, nothing is stored.
        let plain = app.request_in_review(&taro, &reviewer, 1201, "disclosure", &[("categories", "qualification"), ("method", "electronic")]).await;
        assert_eq!(app.inquiries(&reviewer, &plain).await["asks"], false);
        refused(app.ask(&reviewer, &plain, &[("provider", "ひだまり耳鼻咽喉科")]).await, 422, "no_receipts_asked").await;
        refused(app.answer_inquiry(Some(&reviewer), &plain, 1, "no_objection", "").await, 422, "no_receipts_asked").await;
        assert_eq!(app.count("SELECT COUNT(*) FROM receipt_inquiries").await, 0);

        let r = app
            .request_in_review(&taro, &reviewer, 1202, "disclosure", &[("categories", "qualification"), ("categories", "receipts"), ("receipts_from", "2025-04"), ("receipts_to", "2026-03"), ("method", "electronic")])
            .await;
        // No decision before a 医療機関 was asked.
        refused(app.decide(&reviewer, &r, &[("outcome", "full_disclosure"), ("ground", "33-1"), ("fee", "paid")]).await, 422, "no_inquiry").await;

        // The 医療機関 of the member's own lines in the period are proposed (no one else's).
        let taro_id = app.member_id("1001", "23", "00").await;
        let providers: Vec<String> = sqlx::query_scalar(&format!(
            "SELECT DISTINCT provider FROM notice_lines WHERE member_id = {taro_id} AND month >= '2025-04' AND month <= '2026-03' ORDER BY provider"
        ))
        .fetch_all(&app.state.db.pool)
        .await
        .unwrap();
        assert!(providers.len() >= 2, "{providers:?}");
        let q = app.inquiries(&reviewer, &r).await;
        assert_eq!(q["asks"], true);
        assert_eq!(q["editable"], true);
        let mut proposed: Vec<String> = q["proposals"].as_array().unwrap().iter().map(|p| p.as_str().unwrap().to_string()).collect();
        proposed.sort();
        assert_eq!(proposed, providers);
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'receipt_inquiry.view' AND outcome = 'allowed'").await, 1);
        // The auditor reads, but does not act.
        assert_eq!(app.inquiries(&auditor, &r).await["editable"], false);
        assert_eq!(app.ask(&auditor, &r, &[("all", "1")]).await.status(), 403);

        // Members and signed-out callers reach none of it.
        assert_eq!(app.get_api(&format!("/api/staff/receipts/inquiries?receipt={r}"), &taro).await.status(), 401);
        assert_eq!(app.ask(&hanako, &r, &[("all", "1")]).await.status(), 401);
        assert_eq!(app.post_api("/api/staff/receipts/inquiries/create", None, &[("receipt", &r), ("all", "1")]).await.status(), 401);

        // Every proposal at once, then one by name; a name twice or none is refused.
        assert!(app.ask(&reviewer, &r, &[("all", "1")]).await.headers().contains_key("location"));
        refused(app.ask(&reviewer, &r, &[("provider", providers[0].as_str())]).await, 422, "duplicate").await;
        refused(app.ask(&reviewer, &r, &[("provider", "  ")]).await, 422, "required").await;
        assert!(app.ask(&reviewer, &r, &[("provider", "みどり眼科（架空）")]).await.headers().contains_key("location"));
        let q = app.inquiries(&reviewer, &r).await;
        assert_eq!(q["proposals"].as_array().unwrap().len(), 0);
        let all = ids(&q);
        assert_eq!(all.len(), providers.len() + 1);
        assert!(q["inquiries"].as_array().unwrap().iter().all(|i| i["state"] == "Pending" && i["reply_by"] == "2026-12-06"), "{q}");
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'receipt_inquiry.create' AND outcome = 'allowed'").await, 2);

        // Each has its 照会書: the society, the 医療機関, the patient, the period, the question, the date.
        let letter: serde_json::Value =
            app.get_api(&format!("/api/staff/receipts/inquiries/letter?receipt={r}&inquiry={}", all[0]), &reviewer).await.json().await.unwrap();
        assert_eq!(letter["provider"], providers[0].as_str());
        assert_eq!(letter["patient_name"], "青葉 太郎");
        assert_eq!(letter["period"], "2025年4月〜2026年3月");
        assert_eq!(letter["reply_by"], "2026年12月6日");
        assert!(letter["society_name"].as_str().unwrap().contains("あおば健康保険組合"));
        let (_, page) = app.get_html(&format!("/staff/requests/{r}/inquiries/{}/letter", all[0]), None).await;
        assert!(!page.contains(QUESTION), "a signed-out reader gets no letter");
        let page = app.get_with(&format!("/staff/requests/{r}/inquiries/{}/letter", all[0]), &reviewer).await.text().await.unwrap();
        assert!(page.contains(QUESTION) && page.contains(providers[0].as_str()) && page.contains("回答書"), "{page}");
        assert_eq!(app.get_api(&format!("/api/staff/receipts/inquiries/letter?receipt={r}&inquiry={}", all[0]), &taro).await.status(), 401);
        assert_eq!(app.get_api(&format!("/api/staff/receipts/inquiries/letter?receipt={plain}&inquiry={}", all[0]), &reviewer).await.status(), 404);

        // Still waiting: no decision.
        refused(app.decide(&reviewer, &r, &[("outcome", "full_disclosure"), ("ground", "33-1"), ("fee", "paid")]).await, 422, "inquiry_pending").await;

        // 支障あり needs its reason; an unknown answer, another request's inquiry and outsiders are refused; nothing is saved.
        refused(app.answer_inquiry(Some(&reviewer), &r, all[1], "objection", "　").await, 422, "required").await;
        refused(app.answer_inquiry(Some(&reviewer), &r, all[1], "perhaps", "").await, 422, "choice").await;
        refused(app.answer_inquiry(Some(&reviewer), &plain, all[1], "no_objection", "").await, 422, "no_receipts_asked").await;
        assert_eq!(app.answer_inquiry(Some(&taro), &r, all[1], "no_objection", "").await.status(), 401);
        assert_eq!(app.answer_inquiry(None, &r, all[1], "no_objection", "").await.status(), 401);
        assert_eq!(app.count("SELECT COUNT(*) FROM receipt_inquiries WHERE answer IS NOT NULL").await, 0);

        // The answers: one 医療機関 sees harm, the others none. An answer is recorded once.
        let reason = "病名を本人にまだ告知していません。";
        assert!(app.answer_inquiry(Some(&reviewer), &r, all[1], "objection", reason).await.headers().contains_key("location"));
        for id in all.iter().filter(|id| **id != all[1]) {
            assert!(app.answer_inquiry(Some(&reviewer), &r, *id, "no_objection", "").await.headers().contains_key("location"));
        }
        refused(app.answer_inquiry(Some(&reviewer), &r, all[1], "no_objection", "").await, 422, "already_answered").await;
        refused(app.answer_inquiry(Some(&reviewer), &r, all[0], "objection", "やはり支障あり").await, 422, "already_answered").await;
        assert_eq!(app.count("SELECT COUNT(*) FROM receipt_inquiries WHERE answer = 'objection'").await, 1);
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'receipt_inquiry.answer' AND outcome = 'allowed'").await, all.len() as i64);
        // The reason is the basis staff read.
        let staff_page = app.get_with(&format!("/staff/requests/{r}"), &reviewer).await.text().await.unwrap();
        assert!(staff_page.contains("医療機関への照会（レセプトの開示）") && staff_page.contains(reason), "the basis is on the staff page");

        // The decision follows: 支障あり withholds under 33条2項1号.
        refused(app.decide(&reviewer, &r, &[("outcome", "full_disclosure"), ("ground", "33-1"), ("fee", "paid")]).await, 422, "objection_withheld").await;
        let why = "一部の医療機関から、開示により支障が生じるおそれがあるとの回答があったため、その医療機関のレセプトを開示しません。";
        refused(app.decide(&reviewer, &r, &[("outcome", "partial_disclosure"), ("ground", "33-2-2"), ("reason", why), ("fee", "paid")]).await, 422, "objection_ground").await;
        // The others' レセプト go out as copies from the core system: needed, and never the objecting one's.
        refused(app.decide(&reviewer, &r, &[("outcome", "partial_disclosure"), ("ground", "33-2-1"), ("reason", why), ("fee", "paid")]).await, 422, "receipt_copy_missing").await;
        assert!(app.post_api("/api/staff/package/start", Some(&reviewer), &[("receipt", &r)]).await.headers().contains_key("location"));
        let p = app.package(&reviewer, &r).await;
        assert!(!p["sections"].as_array().unwrap().iter().any(|s| s["id"] == "notices"), "no レセプト from notice lines");
        assert_eq!(p["receipt_providers"].as_array().unwrap().len(), all.len() - 1);
        let objecting = all[1].to_string();
        refused(app.package_file(&reviewer, &r, &[("title", "レセプト"), ("inquiry", &objecting)], PDF).await, 422, "objection_no_copy").await;
        assert_eq!(app.count("SELECT COUNT(*) FROM package_files").await, 0);
        let cleared = all[0].to_string();
        let res = app.package_file(&reviewer, &r, &[("title", "レセプト 2025年4月〜2026年3月"), ("inquiry", &cleared)], PDF).await;
        assert!(res.headers().contains_key("location"), "{}", res.status());
        let p = app.package(&reviewer, &r).await;
        assert_eq!(p["files"][0]["receipt_of"], providers[0].as_str());
        assert_eq!(app.inquiries(&reviewer, &r).await["inquiries"][0]["copies"], 1);
        let res = app.decide(&reviewer, &r, &[("outcome", "partial_disclosure"), ("ground", "33-2-1"), ("reason", why), ("fee", "paid")]).await;
        assert!(res.headers().contains_key("location"), "{}", res.status());
        assert!(app.review(&approver, &r, "approve", "").await.headers().contains_key("location"));
        let seen = app.request(&taro, &r).await;
        assert_eq!(seen["decision"]["decision"]["ground"], "33-2-1");
        assert_eq!(seen["package"]["by_download"], true);
        // Once decided, nothing more is asked or answered.
        assert_eq!(app.ask(&reviewer, &r, &[("provider", "あとから医院")]).await.status(), 409);
        assert_eq!(app.inquiries(&reviewer, &r).await["editable"], false);
    }
}

on_both_databases! {
    async fn where_every_provider_sees_no_harm_33_2_1_is_not_cited_and_nothing_delivered_needs_no_answer(backend) {
        let app = TestApp::with_registry(backend).await;
        crate::notices::import_demo_notices(&app).await;
        let taro = app.signed_in_member("1001", "23", "00").await;
        let reviewer = app.signed_in_staff("S1211", &["reviewer"]).await;
        let r = app.request_in_review(&taro, &reviewer, 1211, "disclosure", &[("categories", "receipts"), ("method", "paper")]).await;
        // No period: every month held is searched.
        let q = app.inquiries(&reviewer, &r).await;
        assert!(!q["proposals"].as_array().unwrap().is_empty());
        assert!(app.ask(&reviewer, &r, &[("provider", "さくら薬局")]).await.headers().contains_key("location"));
        let id = ids(&app.inquiries(&reviewer, &r).await)[0];
        assert!(app.answer_inquiry(Some(&reviewer), &r, id, "no_objection", "").await.headers().contains_key("location"));
        let reason = "本人等の権利利益を害するおそれがあります。";
        refused(app.decide(&reviewer, &r, &[("outcome", "non_disclosure"), ("ground", "33-2-1"), ("reason", reason), ("fee", "paid")]).await, 422, "no_objection_ground").await;
        refused(app.decide(&reviewer, &r, &[("outcome", "full_disclosure"), ("ground", "33-1"), ("fee", "paid")]).await, 422, "receipt_copy_missing").await;
        assert_eq!(app.count("SELECT COUNT(*) FROM request_decisions").await, 0);

        // 不存在 delivers nothing: it needs no 照会.
        let other = app.request_in_review(&taro, &reviewer, 1212, "disclosure", &[("categories", "receipts"), ("method", "paper")]).await;
        let res = app.decide(&reviewer, &other, &[("outcome", "not_held"), ("ground", "33-3-not-held"), ("reason", "お求めの期間のレセプトを保有していません。"), ("fee", "paid")]).await;
        assert!(res.headers().contains_key("location"), "{}", res.status());
    }
}

on_both_databases! {
    async fn a_deceased_members_family_is_refused_at_intake_with_the_separate_procedure_and_nothing_is_stored(backend) {
        let app = TestApp::with_registry(backend).await;
        let intake = app.signed_in_staff("S1221", &["intake"]).await;
        let checked_by: i64 = sqlx::query_scalar("SELECT id FROM staff WHERE staff_number = 'S1221'").fetch_one(&app.state.db.pool).await.unwrap();
        let checked_by = checked_by.to_string();
        let before = app.count("SELECT COUNT(*) FROM requests").await;
        let f = form(&[
            ("request_type", "disclosure"),
            ("idempotency_key", "bereaved-key-00000001-abc"),
            ("channel", "counter"),
            ("arrived_on", "2026-11-20"),
            ("subject_kind", "registry"),
            ("subject_key", "1002-45-00"),
            ("subject_birth", "1965-11-30"),
            ("capacity", "bereaved"),
            ("requester_name", "緑川 花子"),
            ("requester_address", "〒330-0000 埼玉県さいたま市浦和区緑町九丁目9番（架空）"),
            ("id_document", "drivers_license"),
            ("id_check", "presented"),
            ("checked_by", &checked_by),
            ("categories", "receipts"),
            ("method", "paper"),
        ]);
        let res = app.post_multipart("/api/staff/intake", &intake, f).await;
        refused(res, 422, "bereaved").await;
        assert_eq!(app.count("SELECT COUNT(*) FROM requests").await, before);
        // The form offers the choice, and the public page and the member's form say how to ask.
        let page = app.get_with("/staff/intake/disclosure", &intake).await.text().await.unwrap();
        assert!(page.contains("亡くなった方のご遺族"));
        let (_, public) = app.get_html("/procedure", None).await;
        assert!(public.contains("亡くなった方のご遺族の方へ") && public.contains("死亡の事実") && public.contains("03-0000-0002"), "{public}");
        let member = app.signed_in_member("1001", "23", "00").await;
        let form_page = app.get_with("/requests/new/disclosure?step=what", &member).await.text().await.unwrap();
        assert!(form_page.contains("死亡の事実と続柄がわかる書類"));
    }
}
