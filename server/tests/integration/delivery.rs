//! Decisions carried out, over real HTTP: the 開示 package (built by staff, redacted by
//! removal, frozen with the decision, released on approval, downloaded with one-time
//! tickets after step-up until it expires), corrections sent to the core system and
//! settled by a later import, and 利用停止等 markings.

use std::io::Read;

use kit::time::Clock;
use chrono::Duration;
use reqwest::multipart::Part;
use sha2::{Digest, Sha256};

use crate::on_both_databases;
use crate::support::{TestApp, form};

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";
const REDACTED_PDF: &[u8] = b"%PDF-1.4\n% redacted, rendered to images\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";
/// As the registry stores it (imports normalise full-width brackets).
const TARO_ADDRESS: &str = "東京都千代田区丸の内九丁目99番99号 あおばハイツ101(架空)";

fn unzip(bytes: &[u8]) -> Vec<(String, String)> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut raw = Vec::new();
            f.read_to_end(&mut raw).unwrap();
            (f.name().unwrap().to_string(), String::from_utf8_lossy(&raw).into_owned())
        })
        .collect()
}

fn location(res: &reqwest::Response) -> String {
    res.headers().get("location").and_then(|v| v.to_str().ok()).map(str::to_string).unwrap_or_else(|| panic!("no redirect: {}", res.status()))
}

impl TestApp {
    pub(crate) async fn package(&self, staff: &str, receipt: &str) -> serde_json::Value {
        self.get_api(&format!("/api/staff/package?receipt={receipt}"), staff).await.json().await.unwrap()
    }

    pub(crate) async fn revision(&self, staff: &str, receipt: &str) -> String {
        self.package(staff, receipt).await["revision"].to_string()
    }

    pub(crate) async fn exclude(&self, staff: &str, receipt: &str, item: &str, ground: &str) -> reqwest::Response {
        let rev = self.revision(staff, receipt).await;
        self.post_api("/api/staff/package/exclude", Some(staff), &[("receipt", receipt), ("revision", &rev), ("item", item), ("ground", ground), ("note", "")]).await
    }

    pub(crate) async fn package_file(&self, staff: &str, receipt: &str, fields: &[(&str, &str)], file: &[u8]) -> reqwest::Response {
        let rev = self.revision(staff, receipt).await;
        let mut f = form(&[("receipt", receipt), ("revision", &rev)]);
        for (k, v) in fields {
            f = f.text(k.to_string(), v.to_string());
        }
        let f = f.part("supporting", Part::bytes(file.to_vec()).file_name("kenshin.pdf").mime_str("application/pdf").unwrap());
        self.post_multipart("/api/staff/package/file", staff, f).await
    }

    /// Asks for a download ticket as the member's browser does; returns the response.
    pub(crate) async fn ask_download(&self, member: &str, receipt: &str) -> reqwest::Response {
        self.post_api("/api/package/download", Some(member), &[("receipt", receipt)]).await
    }
}

on_both_databases! {
    async fn a_partial_disclosure_removes_the_withheld_field_from_every_file_and_reaches_only_its_recipient(backend) {
        let app = TestApp::with_registry(backend).await;
        crate::notices::import_demo_notices(&app).await;
        let taro = app.signed_in_member("1001", "23", "00").await;
        let hanako = app.signed_in_member("1001", "23", "01").await;
        let reviewer = app.signed_in_staff("S0801", &["reviewer"]).await;
        let approver = app.signed_in_staff("S0802", &["approver"]).await;
        // A correction request quotes the address: the package must not carry it there either.
        app.request_in_review(&taro, &reviewer, 1, "correction", &[("item", "address"), ("requested", "東京都千代田区丸の内九丁目99番99号 あおばハイツ102（架空）"), ("reason", "部屋番号が違います")]).await;
        let r = app
            // レセプト go through a 照会 and come as copies from the core system (receipts.rs):
            // this package is the portal's own data.
            .request_in_review(&taro, &reviewer, 2, "disclosure", &[("categories", "qualification"), ("method", "electronic")])
            .await;
        // No decision to disclose before there is a package.
        let res = app.decide(&reviewer, &r, &[("outcome", "full_disclosure"), ("ground", "33-1"), ("fee", "paid")]).await;
        assert_eq!(res.status(), 422);
        assert!(res.text().await.unwrap().contains("package_missing"));
        // Members cannot touch packages; staff start one.
        assert_eq!(app.post_api("/api/staff/package/start", Some(&taro), &[("receipt", &r)]).await.status(), 401);
        assert!(app.post_api("/api/staff/package/start", Some(&reviewer), &[("receipt", &r)]).await.headers().contains_key("location"));
        let p = app.package(&reviewer, &r).await;
        assert_eq!(p["status"], "open");
        let sections: Vec<&str> = p["sections"].as_array().unwrap().iter().map(|s| s["id"].as_str().unwrap()).collect();
        assert_eq!(sections, ["registry", "registry_history", "requests", "messages", "access_history", "third_party_provisions", "restrictions"]);
        let taro_id = app.member_id("1001", "23", "00").await;
        // Withhold the address under 33条2項2号. A stale revision and an unknown item are refused.
        let res = app.post_api("/api/staff/package/exclude", Some(&reviewer), &[("receipt", &r), ("revision", "0"), ("item", "registry.address"), ("ground", "business")]).await;
        assert_eq!(res.status(), 409);
        assert_eq!(app.exclude(&reviewer, &r, "registry.nonexistent", "business").await.status(), 422);
        assert_eq!(app.exclude(&reviewer, &r, "registry.address", "because").await.status(), 422);
        assert!(app.exclude(&reviewer, &r, "registry.address", "business").await.headers().contains_key("location"));
        // 全部開示 cannot withhold anything; 一部開示 freezes the archive the approver will see.
        let res = app.decide(&reviewer, &r, &[("outcome", "full_disclosure"), ("ground", "33-1"), ("fee", "paid")]).await;
        assert!(res.text().await.unwrap().contains("something_withheld"));
        let reason = "住所は、業務の適正な実施に著しい支障を及ぼすおそれがあるため開示しません。";
        let res = app.decide(&reviewer, &r, &[("outcome", "partial_disclosure"), ("ground", "33-2-2"), ("reason", reason), ("fee", "paid")]).await;
        assert!(res.headers().contains_key("location"), "{}", res.status());
        let p = app.package(&approver, &r).await;
        assert_eq!(p["status"], "frozen");
        assert_eq!(p["withheld"], serde_json::json!([{ "item": "資格情報: 住所", "ground": "business" }]));
        assert_eq!(app.exclude(&reviewer, &r, "registry.name", "business").await.status(), 409, "a frozen package is not edited");
        // The approver reads exactly what will go out.
        let res = app.get_with(&format!("/staff/requests/{r}/package.zip"), &approver).await;
        assert_eq!(res.status(), 200);
        assert_eq!(res.headers()["content-type"], "application/zip");
        let archive = res.bytes().await.unwrap().to_vec();
        // The printable summary holds the member's own words: a sandboxed download, never a
        // page of the portal.
        let summary = app.get_with(&format!("/staff/requests/{r}/package/summary"), &approver).await;
        assert_eq!(summary.status(), 200);
        assert_eq!(summary.headers()["content-disposition"], format!("attachment; filename=\"kaiji-{r}-summary.html\""));
        assert!(summary.headers()["content-security-policy"].to_str().unwrap().ends_with("sandbox"));
        assert!(summary.text().await.unwrap().contains("33条2項2号"));
        let files = unzip(&archive);
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert!(names.contains(&"summary.html") && names.contains(&"data.json") && names.contains(&"csv/registry.csv"), "{names:?}");
        let all: String = files.iter().map(|(_, t)| t.as_str()).collect();
        assert!(!all.contains(TARO_ADDRESS) && !all.contains("ハイツ101"), "the withheld address is in no file");
        assert!(all.contains("［不開示］"), "where it was quoted, it is taken out");
        assert!(all.contains("青葉 太郎") && all.contains("1980-01-15"));
        for other in ["青葉 花子", "青葉 美咲", "青葉 翔", "1982-06-20", "2007-05-10"] {
            assert!(!all.contains(other), "a household member's data ({other}) is not in the subject's package");
        }
        assert!(all.contains("33条2項2号"));
        // A member cannot read the staff copy; approval releases it to the requester.
        assert_eq!(app.get_with(&format!("/staff/requests/{r}/package.zip"), &taro).await.status(), 401);
        assert!(app.review(&approver, &r, "approve", "").await.headers().contains_key("location"));
        let seen = app.request(&taro, &r).await;
        assert_eq!(seen["package"]["by_download"], true);
        assert_eq!(seen["package"]["expired"], false);
        assert_eq!(seen["package"]["expires_at"], "2026-12-06 10:00");
        assert!(app.request(&hanako, &r).await["package"].is_null(), "another member sees no package");

        // The member downloads with a one-time ticket.
        let res = app.ask_download(&taro, &r).await;
        let ticket = location(&res);
        assert!(ticket.starts_with("/packages/") && ticket.len() == "/packages/".len() + 64, "{ticket}");
        // Someone else's session cannot use it, and that attempt is recorded.
        assert_eq!(app.get_with(&ticket, &hanako).await.status(), 404);
        let res = app.get_with(&ticket, &taro).await;
        assert_eq!(res.status(), 200);
        assert!(res.headers()["content-disposition"].to_str().unwrap().contains(&format!("kaiji-{r}.zip")));
        let got = res.bytes().await.unwrap().to_vec();
        assert_eq!(got, archive, "the member gets the very archive that was approved");
        let stored: String = sqlx::query_scalar("SELECT archive_sha256 FROM disclosure_packages").fetch_one(&app.state.db.pool).await.unwrap();
        assert_eq!(stored, hex::encode(Sha256::digest(&got)));
        // Reused and forged tickets are refused and recorded.
        assert_eq!(app.get_with(&ticket, &taro).await.status(), 410);
        assert_eq!(app.get_with(&format!("/packages/{}", "ab".repeat(32)), &taro).await.status(), 404);
        assert_eq!(app.get_with("/packages/../../etc/passwd", &taro).await.status(), 404);
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'package.download' AND outcome = 'refused'").await, 3);
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'package.download' AND outcome = 'allowed'").await, 1);
        assert_eq!(app.request(&taro, &r).await["package"]["downloads"].as_array().unwrap().len(), 1);
        // Another member cannot get a ticket for it.
        assert_eq!(app.ask_download(&hanako, &r).await.status(), 404);

        // Step-up: eleven minutes after signing in, a ticket needs the password and code again.
        app.clock.set(app.clock.now() + Duration::minutes(11));
        assert_eq!(app.ask_download(&taro, &r).await.status(), 401);
        // After the download period: refused with an explanation, and the page says so.
        app.clock.set(app.clock.now() + Duration::days(15));
        let fresh = app.signed_in_member_session_for(taro_id).await;
        let res = app.ask_download(&fresh, &r).await;
        assert_eq!(res.status(), 410);
        assert_eq!(app.request(&fresh, &r).await["package"]["expired"], true);
        let (status, html) = {
            let res = app.client.get(app.url(&ticket)).header("cookie", &fresh).header("accept", "text/html").send().await.unwrap();
            (res.status().as_u16(), res.text().await.unwrap())
        };
        assert_eq!(status, 410);
        assert!(html.contains("期限"), "{html}");
        // Retention then disposes of the archive, with a record; staff are told it is gone.
        let report = app::retention::store::purge(&app.state, &Default::default()).await.unwrap();
        assert!(report.contains(&(app::retention::Kind::PackageArchives, 1)), "{report:?}");
        assert_eq!(app.count("SELECT COUNT(*) FROM disposal_records WHERE kind = 'package_archives' AND count = 1").await, 1);
        let approver = app.signed_in_staff("S0803", &["approver"]).await;
        assert_eq!(app.get_with(&format!("/staff/requests/{r}/package.zip"), &approver).await.status(), 410);
        let p = app.package(&approver, &r).await;
        assert_eq!(p["archive"], serde_json::json!([]));
        assert_eq!(p["archive_sha256"].as_str().map(str::len), Some(64), "the digest stays on record");
    }
}

on_both_databases! {
    async fn files_are_replaced_by_their_redacted_version_and_a_send_back_reopens_the_package(backend) {
        let app = TestApp::with_registry(backend).await;
        let taro = app.signed_in_member("1001", "23", "00").await;
        let reviewer = app.signed_in_staff("S0811", &["reviewer"]).await;
        let approver = app.signed_in_staff("S0812", &["approver"]).await;
        let r = app.request_in_review(&taro, &reviewer, 3, "disclosure", &[("categories", "qualification"), ("method", "paper")]).await;
        app.post_api("/api/staff/package/start", Some(&reviewer), &[("receipt", &r)]).await;
        // A file that is not what it claims is refused, and the package is unchanged.
        let before = app.revision(&reviewer, &r).await;
        let res = app.package_file(&reviewer, &r, &[("title", "健診結果 2025")], b"<html><script>alert(1)</script></html>").await;
        assert_eq!(res.status(), 422);
        assert_eq!(app.revision(&reviewer, &r).await, before);
        assert_eq!(app.count("SELECT COUNT(*) FROM package_files").await, 0);
        let res = app.package_file(&reviewer, &r, &[("title", "")], PDF).await;
        assert!(res.text().await.unwrap().contains("required"));
        assert!(app.package_file(&reviewer, &r, &[("title", "健診結果 2025")], PDF).await.headers().contains_key("location"));
        let original: i64 = sqlx::query_scalar("SELECT id FROM package_files").fetch_one(&app.state.db.pool).await.unwrap();
        // The redacted version replaces it; the ground is required.
        let res = app.package_file(&reviewer, &r, &[("replaces", &original.to_string()), ("ground", "")], REDACTED_PDF).await;
        assert_eq!(res.status(), 422);
        let res = app.package_file(&reviewer, &r, &[("replaces", &original.to_string()), ("ground", "harm_to_person"), ("note", "第三者の記載")], REDACTED_PDF).await;
        assert!(res.headers().contains_key("location"), "{}", res.status());
        // Something is withheld (the file), so this is 一部開示.
        let res = app.decide(&reviewer, &r, &[("outcome", "partial_disclosure"), ("ground", "33-2-1"), ("reason", "健診結果の一部に第三者の情報があるため"), ("fee", "paid")]).await;
        assert!(res.headers().contains_key("location"), "{}", res.status());
        let archive = app.get_with(&format!("/staff/requests/{r}/package.zip"), &approver).await.bytes().await.unwrap().to_vec();
        let files = unzip(&archive);
        let delivered: Vec<&(String, String)> = files.iter().filter(|(n, _)| n.starts_with("files/")).collect();
        assert_eq!(delivered.len(), 1, "only the redacted version goes out");
        assert!(delivered[0].1.contains("redacted, rendered to images"));
        assert!(files.iter().any(|(n, t)| n == "summary.html" && t.contains("一部不開示: 33条2項1号")));
        // Sent back: the package can be edited again and its archive is gone.
        assert!(app.review(&approver, &r, "send_back", "ファイル名を確認してください").await.headers().contains_key("location"));
        let p = app.package(&reviewer, &r).await;
        assert_eq!(p["status"], "open");
        assert!(p["archive_sha256"].is_null());
        let rev = app.revision(&reviewer, &r).await;
        let res = app.post_api("/api/staff/package/withdraw", Some(&reviewer), &[("receipt", &r), ("revision", &rev), ("file", &original.to_string())]).await;
        assert!(res.headers().contains_key("location"));
        // Decided again (nothing withheld now) and approved: 書面, so no download, a posting record.
        let res = app.decide(&reviewer, &r, &[("outcome", "full_disclosure"), ("ground", "33-1"), ("fee", "paid")]).await;
        assert!(res.headers().contains_key("location"), "{}", res.status());
        assert!(app.review(&approver, &r, "approve", "").await.headers().contains_key("location"));
        let seen = app.request(&taro, &r).await;
        assert_eq!(seen["package"]["by_download"], false);
        assert_eq!(app.ask_download(&taro, &r).await.status(), 404);
        let res = app.post_api("/api/staff/package/posted", Some(&reviewer), &[("receipt", &r), ("posted_on", "2026-12-31")]).await;
        assert_eq!(res.status(), 422, "not in the future");
        assert!(app.post_api("/api/staff/package/posted", Some(&reviewer), &[("receipt", &r), ("posted_on", "2026-11-22")]).await.headers().contains_key("location"));
        assert_eq!(app.request(&taro, &r).await["package"]["posted_on"], "2026-11-22");
    }
}

/// The demo registry with one field of one person changed.
fn registry_with(symbol_number_branch: &str, from: &str, to: &str) -> Vec<u8> {
    let text = std::fs::read_to_string(crate::support::demo_dir().join("registry.csv")).unwrap();
    text.lines()
        .map(|l| if l.contains(symbol_number_branch) { l.replace(from, to) } else { l.to_string() })
        .collect::<Vec<_>>()
        .join("\n")
        .into_bytes()
}

on_both_databases! {
    async fn an_approved_correction_waits_for_the_core_system_and_an_import_that_would_undo_it_is_flagged(backend) {
        let app = TestApp::with_registry(backend).await;
        let taro = app.signed_in_member("1001", "23", "00").await;
        let reviewer = app.signed_in_staff("S0821", &["reviewer"]).await;
        let new_address = "東京都千代田区丸の内九丁目99番99号 あおばハイツ102(架空)";
        let r = app.request_in_review(&taro, &reviewer, 4, "correction", &[("item", "address"), ("requested", new_address), ("reason", "部屋番号が違います")]).await;
        let res = app.decide(&reviewer, &r, &[("outcome", "corrected"), ("corrected_value", new_address)]).await;
        assert!(res.headers().contains_key("location"), "{}", res.status());
        // The portal's copy is not edited: an instruction waits for the core system.
        let taro_id = app.member_id("1001", "23", "00").await;
        let address = || async { sqlx::query_scalar::<_, String>("SELECT address FROM members WHERE id = $1").bind(taro_id).fetch_one(&app.state.db.pool).await.unwrap() };
        assert_eq!(address().await, TARO_ADDRESS);
        let seen = app.request(&taro, &r).await;
        assert_eq!(seen["corrections"][0]["done"], false);
        assert_eq!(seen["corrections"][0]["item_label"], "住所");
        // Exported for the core system (recorded), then marked exported.
        // Exporting marks them exported: a POST only (a link elsewhere cannot do it).
        assert_eq!(app.get_with("/staff/corrections.csv", &reviewer).await.status(), 405);
        assert_eq!(app.count("SELECT COUNT(*) FROM correction_instructions WHERE exported_at IS NOT NULL").await, 0);
        let export = |cookie: String| app.client.post(app.url("/staff/corrections.csv")).header("origin", &app.origin).header("cookie", cookie).send();
        let csv = export(reviewer.clone()).await.unwrap().text().await.unwrap();
        assert!(csv.contains(&format!(",{r},06139999,1001・23・00,住所,{TARO_ADDRESS},{new_address},2026-11-22")), "{csv}");
        assert_eq!(app.count("SELECT COUNT(*) FROM correction_instructions WHERE exported_at IS NOT NULL").await, 1);
        assert_eq!(export(taro.clone()).await.unwrap().status(), 401);
        // An import that does not carry it yet changes nothing about the instruction.
        let meta = app::platform::audit::RequestMeta::default();
        let import = |bytes: Vec<u8>| {
            let (state, meta) = (app.state.clone(), meta.clone());
            async move { app::registry::store::import(&state, &meta, app::platform::audit::Actor::System("test"), &bytes, &app::delivery::corrections::store::Instructions).await.unwrap() }
        };
        let report = import(registry_with("1001,23,00", "青葉 太郎", "青葉 太朗")).await;
        assert_eq!((report.corrections_done, report.flagged), (0, 0));
        // The core system made the change: the next import carries it, the instruction is
        // done and the member is told what changed (34条3項).
        let report = import(registry_with("1001,23,00", "あおばハイツ101", "あおばハイツ102")).await;
        assert_eq!((report.corrections_done, report.flagged), (1, 0), "{report:?}");
        assert_eq!(address().await, new_address);
        let seen = app.request(&taro, &r).await;
        assert_eq!(seen["corrections"][0]["done"], true);
        assert!(seen["timeline"].to_string().contains("第34条第3項"), "{}", seen["timeline"]);
        assert_eq!(app.count("SELECT COUNT(*) FROM member_notifications WHERE kind = 'correction_done'").await, 1);
        // An older export would put the old value back: kept, flagged for staff, while
        // the same import's other change goes through.
        let report = import(registry_with("1001,23,00", "青葉 太郎", "青葉 太朗")).await;
        assert_eq!(report.flagged, 1, "{report:?}");
        assert_eq!(address().await, new_address);
        let page: serde_json::Value = app.get_api("/api/staff/corrections", &reviewer).await.json().await.unwrap();
        assert_eq!(page["conflicts"][0]["imported_value"], TARO_ADDRESS);
        assert_eq!(page["conflicts"][0]["kept_value"], new_address);
        let name: String = sqlx::query_scalar("SELECT name FROM members WHERE id = $1").bind(taro_id).fetch_one(&app.state.db.pool).await.unwrap();
        assert_eq!(name, "青葉 太朗");
        let id = page["conflicts"][0]["id"].to_string();
        assert!(app.post_api("/api/staff/corrections/conflict", Some(&reviewer), &[("id", &id), ("choice", "keep")]).await.headers().contains_key("location"));
        assert_eq!(app.post_api("/api/staff/corrections/conflict", Some(&reviewer), &[("id", &id), ("choice", "keep")]).await.status(), 409);
        assert_eq!(address().await, new_address);
        // Every change of the item is on record: old, new, when, by which import.
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM member_history WHERE member_id = {taro_id} AND field = 'address'")).await, 1);
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM member_history WHERE field = 'address' AND source = 'correction:{r}'")).await, 1);
        // A corrected value that is not a value of the item is refused next to its field.
        let r2 = app.request_in_review(&taro, &reviewer, 5, "correction", &[("item", "birth_date"), ("requested", "1980-01-16"), ("reason", "誕生日が違います")]).await;
        let res = app.decide(&reviewer, &r2, &[("outcome", "corrected"), ("corrected_value", "1980-02-30")]).await;
        assert_eq!(res.status(), 422);
        assert!(res.text().await.unwrap().contains("correction_value"));
        assert_eq!(app.count("SELECT COUNT(*) FROM correction_instructions").await, 1);
    }
}

on_both_databases! {
    async fn a_deletion_is_decided_instructed_and_told_to_the_member_once_staff_mark_it_done(backend) {
        let app = TestApp::with_registry(backend).await;
        let taro = app.signed_in_member("1001", "23", "00").await;
        let reviewer = app.signed_in_staff("S0822", &["reviewer"]).await;
        // A registry item cannot be deleted (the insurance needs it): refused next to the field.
        let refused = app.send_request(&taro, &[("request_type", "correction"), ("for", "self"), ("item", "address"), ("change", "delete"), ("reason", "x")], &[]).await;
        assert_eq!(refused.status(), 422);
        assert!(refused.text().await.unwrap().contains("delete_held_item"));
        assert_eq!(app.count("SELECT COUNT(*) FROM requests").await, 0);
        // 削除 of something held that the member names (34条1項).
        let fields = [("item", "other"), ("item_other", "旧勤務先の電話番号"), ("change", "delete"), ("reason", "退職しました")];
        let r = app.request_in_review(&taro, &reviewer, 4, "correction", &fields).await;
        // The decision needs no value after; anything typed there is not taken for one.
        let res = app.decide(&reviewer, &r, &[("outcome", "corrected"), ("corrected_value", "")]).await;
        assert!(res.headers().contains_key("location"), "{}: {}", res.status(), res.text().await.unwrap_or_default());
        let seen = app.request(&taro, &r).await;
        assert_eq!(seen["decision"]["previous_value"], "旧勤務先の電話番号", "{}", seen["decision"]);
        assert_eq!(seen["decision"]["decision"]["corrected_value"], "");
        assert_eq!(seen["corrections"][0]["done"], false);
        // The instruction for the core system says what goes.
        let export = app.client.post(app.url("/staff/corrections.csv")).header("origin", &app.origin).header("cookie", reviewer.clone()).send();
        let csv = export.await.unwrap().text().await.unwrap();
        assert!(csv.contains(&format!(",{r},06139999,1001・23・00,その他,旧勤務先の電話番号,（削除）,")), "{csv}");
        // No import carries その他: staff mark it done once the core system has it, and
        // the member is told (34条3項) — once.
        let page: serde_json::Value = app.get_api("/api/staff/corrections", &reviewer).await.json().await.unwrap();
        let id = page["pending"][0]["id"].to_string();
        assert_eq!(app.post_api("/api/staff/corrections/done", Some(&taro), &[("id", &id)]).await.status(), 401);
        assert!(app.post_api("/api/staff/corrections/done", Some(&reviewer), &[("id", &id)]).await.headers().contains_key("location"));
        assert_eq!(app.post_api("/api/staff/corrections/done", Some(&reviewer), &[("id", &id)]).await.status(), 409);
        let seen = app.request(&taro, &r).await;
        assert_eq!(seen["corrections"][0]["done"], true);
        let timeline = seen["timeline"].to_string();
        assert!(timeline.contains("第34条第3項") && timeline.contains("（削除）"), "{timeline}");
        assert_eq!(app.count("SELECT COUNT(*) FROM member_notifications WHERE kind = 'correction_done'").await, 1);
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'correction.done' AND actor_kind = 'staff'").await, 1);
    }
}

on_both_databases! {
    async fn a_suspension_carried_out_marks_the_data_for_staff_and_the_next_package(backend) {
        let app = TestApp::with_registry(backend).await;
        let taro = app.signed_in_member("1001", "23", "00").await;
        let reviewer = app.signed_in_staff("S0831", &["reviewer"]).await;
        let r = app
            .request_in_review(&taro, &reviewer, 6, "suspension", &[("measure", "stop_use"), ("target", "健診結果の保健指導への利用"), ("ground", "rights_harmed"), ("explanation", "保健指導を希望しません")])
            .await;
        let res = app.decide(&reviewer, &r, &[("outcome", "suspended"), ("ground", "35-6-rights"), ("scope[notice_lines]", "1")]).await;
        assert!(res.headers().contains_key("location"), "{}", res.status());
        assert_eq!(app.count("SELECT COUNT(*) FROM data_restrictions WHERE marking = 'use_stopped' AND scope = 'notice_lines'").await, 1);
        let d = app.request_in_review(&taro, &reviewer, 7, "disclosure", &[("categories", "qualification"), ("method", "electronic")]).await;
        app.post_api("/api/staff/package/start", Some(&reviewer), &[("receipt", &d)]).await;
        let p = app.package(&reviewer, &d).await;
        let restrictions = p["sections"].as_array().unwrap().iter().find(|s| s["id"] == "restrictions").unwrap();
        assert_eq!(restrictions["rows"][0]["cells"][1], "医療費のお知らせの明細（受診した医療機関・日数・医療費）");
        assert_eq!(restrictions["rows"][0]["cells"][2], "利用を停止");
        // Staff deciding a later request about the person see the marking with the held data.
        let held: serde_json::Value = app.get_api(&format!("/api/staff/requests/held?receipt={d}"), &reviewer).await.json().await.unwrap();
        let items = held["items"].to_string();
        assert!(items.contains("利用停止等の措置") && items.contains("医療費のお知らせの明細"), "{items}");
    }
}
