//! 再交付 over real HTTP: a 開示 result whose download period ended is prepared again from
//! the data as it is now (withheld items stay withheld), compared with the first delivery,
//! approved by a 責任者 other than the preparer, and downloaded by the member with the
//! existing tickets; every refusal saves nothing.

use std::io::Read;

use chrono::Duration;
use kit::time::Clock;
use sha2::{Digest, Sha256};

use crate::on_both_databases;
use crate::support::TestApp;

fn location(res: &reqwest::Response) -> String {
    res.headers().get("location").and_then(|v| v.to_str().ok()).map(str::to_string).unwrap_or_else(|| panic!("no redirect: {}", res.status()))
}

fn texts(bytes: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut raw = Vec::new();
            f.read_to_end(&mut raw).unwrap();
            String::from_utf8_lossy(&raw).into_owned()
        })
        .collect()
}

impl TestApp {
    async fn prepare_reissue(&self, staff: &str, receipt: &str, reason: &str) -> reqwest::Response {
        self.post_api("/api/staff/package/reissue", Some(staff), &[("receipt", receipt), ("reason", reason)]).await
    }

    async fn decide_reissue(&self, staff: &str, receipt: &str, id: i64, decision: &str) -> reqwest::Response {
        self.post_api("/api/staff/package/reissue/decide", Some(staff), &[("receipt", receipt), ("reissue", &id.to_string()), ("decision", decision)]).await
    }

    /// A 開示 by download, the address withheld, decided and released; returns its receipt.
    async fn released_disclosure(&self, taro: &str, reviewer: &str, approver: &str, seq: u32, method: &str) -> String {
        let r = self.request_in_review(taro, reviewer, seq, "disclosure", &[("categories", "qualification"), ("method", method)]).await;
        assert!(self.post_api("/api/staff/package/start", Some(reviewer), &[("receipt", &r)]).await.headers().contains_key("location"));
        assert!(self.exclude(reviewer, &r, "registry.address", "business").await.headers().contains_key("location"));
        let reason = "住所は、業務の適正な実施に著しい支障を及ぼすおそれがあるため開示しません。";
        let res = self.decide(reviewer, &r, &[("outcome", "partial_disclosure"), ("ground", "33-2-2"), ("reason", reason), ("fee", "paid")]).await;
        assert!(res.headers().contains_key("location"), "{}", res.status());
        assert!(self.review(approver, &r, "approve", "").await.headers().contains_key("location"));
        r
    }
}

on_both_databases! {
    async fn an_expired_result_is_prepared_again_compared_approved_by_another_officer_and_downloaded(backend) {
        let app = TestApp::with_registry(backend).await;
        let taro = app.signed_in_member("1001", "23", "00").await;
        let taro_id = app.member_id("1001", "23", "00").await;
        let reviewer = app.signed_in_staff("S0901", &["reviewer"]).await;
        let first_approver = app.signed_in_staff("S0902", &["approver"]).await;
        let r = app.released_disclosure(&taro, &reviewer, &first_approver, 1, "electronic").await;
        let first = app.get_with(&location(&app.ask_download(&taro, &r).await), &taro).await.bytes().await.unwrap().to_vec();
        let first_manifest: Option<String> = sqlx::query_scalar("SELECT manifest FROM disclosure_packages").fetch_one(&app.state.db.pool).await.unwrap();
        assert!(first_manifest.unwrap().contains("csv/registry.csv"), "the freeze keeps the record of the archive");
        let reason = "期限切れのため本人から電話で依頼";

        // Within the download period there is nothing to re-issue.
        assert_eq!(app.prepare_reissue(&reviewer, &r, reason).await.status(), 409);
        assert_eq!(app.package(&reviewer, &r).await["reissue"]["eligible"], false);
        app.clock.set(app.clock.now() + Duration::days(15));
        let report = app::retention::store::purge(&app.state, &Default::default()).await.unwrap();
        assert!(report.contains(&(app::retention::Kind::PackageArchives, 1)), "{report:?}");
        // Fifteen days on, with sessions of today.
        let reviewer = app.signed_in_staff("S0905", &["reviewer"]).await;
        let first_approver = app.signed_in_staff("S0906", &["approver"]).await;
        let second_approver = app.signed_in_staff("S0907", &["approver"]).await;
        let intake = app.signed_in_staff("S0908", &["intake"]).await;
        let taro = app.signed_in_member_session_for(taro_id).await;
        assert_eq!(app.request(&taro, &r).await["package"]["expired"], true);

        // Members and intake cannot prepare; the reason is required and bounded. Nothing is saved.
        assert_eq!(app.prepare_reissue(&taro, &r, reason).await.status(), 401);
        assert_eq!(app.prepare_reissue(&intake, &r, reason).await.status(), 403);
        let res = app.prepare_reissue(&reviewer, &r, "  ").await;
        assert_eq!(res.status(), 422);
        assert!(res.text().await.unwrap().contains("required"));
        let res = app.prepare_reissue(&reviewer, &r, &"あ".repeat(201)).await;
        assert_eq!(res.status(), 422);
        assert!(res.text().await.unwrap().contains("too_long"));
        assert_eq!(app.count("SELECT COUNT(*) FROM package_reissues").await, 0);
        assert_eq!(app.package(&reviewer, &r).await["reissue"]["can_prepare"], true);

        // The member's data changed since: another request of theirs.
        app.request_in_review(&taro, &reviewer, 2, "purpose_notice", &[]).await;

        // A reviewer prepares one; a second while it waits is refused.
        assert!(app.prepare_reissue(&reviewer, &r, reason).await.headers().contains_key("location"));
        let res = app.prepare_reissue(&first_approver, &r, "もう一度").await;
        assert_eq!(res.status(), 422);
        assert!(res.text().await.unwrap().contains("reissue_pending"));
        assert_eq!(app.count("SELECT COUNT(*) FROM package_reissues").await, 1);
        let p = app.package(&first_approver, &r).await;
        let pending = &p["reissue"]["pending"];
        assert_eq!(pending["reason"], reason);
        let sections = pending["diff"]["sections"].as_array().unwrap();
        let requests = sections.iter().find(|s| s["title"].as_str().unwrap().contains("申出")).unwrap_or_else(|| panic!("{sections:?}"));
        assert_eq!(requests["change"], "Count", "{requests}");
        assert_eq!(requests["after"].as_i64().unwrap(), requests["before"].as_i64().unwrap() + 1);
        assert!(sections.iter().any(|s| s["change"] == "Same"), "{sections:?}");
        assert_eq!(pending["diff"]["withheld"]["kept"], 1, "the address stays withheld");
        assert!(pending["diff"]["withheld"]["added"].as_array().unwrap().is_empty());
        let id = pending["id"].as_i64().unwrap();
        // The staff page says it in staff words.
        let html = app.get_with(&format!("/staff/requests/{r}/package"), &first_approver).await.text().await.unwrap();
        assert!(html.contains("前回交付したものとの違い") && html.contains("（変わりました）") && html.contains("変わりません"), "{html}");

        // A reviewer cannot decide; a 責任者 cancels; a cancelled one cannot be approved.
        assert_eq!(app.decide_reissue(&reviewer, &r, id, "approve").await.status(), 403);
        assert!(app.decide_reissue(&first_approver, &r, id, "cancel").await.headers().contains_key("location"));
        assert_eq!(app.decide_reissue(&second_approver, &r, id, "approve").await.status(), 409);
        assert_eq!(app.count("SELECT COUNT(*) FROM package_reissues WHERE archive IS NOT NULL").await, 0, "a cancelled one keeps no archive");

        // A 責任者 prepares one; they cannot approve it themselves; another 責任者 approves.
        assert!(app.prepare_reissue(&first_approver, &r, reason).await.headers().contains_key("location"));
        let id = app.package(&first_approver, &r).await["reissue"]["pending"]["id"].as_i64().unwrap();
        let res = app.decide_reissue(&first_approver, &r, id, "approve").await;
        assert_eq!(res.status(), 422);
        assert!(res.text().await.unwrap().contains("own_reissue"));
        assert_eq!(app.count("SELECT COUNT(*) FROM package_reissues WHERE status = 'pending'").await, 1, "nothing half-saved");
        assert_eq!(app.request(&taro, &r).await["package"]["expired"], true);
        assert!(app.decide_reissue(&second_approver, &r, id, "approve").await.headers().contains_key("location"));
        assert_eq!(app.decide_reissue(&second_approver, &r, id, "approve").await.status(), 409, "approved once");
        assert_eq!(app.count("SELECT COUNT(*) FROM package_reissues WHERE archive IS NOT NULL").await, 0, "the archive moved into the package");

        // The member is told and downloads the new archive through the existing tickets.
        let seen = app.request(&taro, &r).await;
        assert_eq!(seen["package"]["expired"], false);
        let until = kit::time::tokyo_time(&app::platform::db::instant_text(app.clock.now() + Duration::days(14)));
        assert_eq!(seen["package"]["expires_at"].as_str().unwrap(), &until[..16]);
        assert_eq!(app.count("SELECT COUNT(*) FROM member_notifications WHERE kind = 'reissue'").await, 1);
        assert_eq!(app.count("SELECT COUNT(*) FROM request_events WHERE action = 'reissue' AND member_visible = 1").await, 1);
        assert_eq!(app.count("SELECT COUNT(*) FROM request_events WHERE action IN ('reissue_prepare', 'reissue_cancel') AND member_visible = 0").await, 3);
        let page = app.get_with(&format!("/requests/{r}"), &taro).await.text().await.unwrap();
        assert!(page.contains("もう一度ダウンロードできるようにしました"), "the timeline says it");
        let got = app.get_with(&location(&app.ask_download(&taro, &r).await), &taro).await;
        assert_eq!(got.status(), 200);
        let got = got.bytes().await.unwrap().to_vec();
        assert_ne!(got, first, "the data as it is now");
        let stored: String = sqlx::query_scalar("SELECT archive_sha256 FROM disclosure_packages").fetch_one(&app.state.db.pool).await.unwrap();
        assert_eq!(stored, hex::encode(Sha256::digest(&got)));
        let all = texts(&got);
        assert!(all.contains("青葉 太郎") && !all.contains("ハイツ101"), "withheld stays withheld");
        for (action, n) in [("package.reissue.prepare", 2), ("package.reissue.cancel", 1), ("package.reissue.approve", 1)] {
            let q = format!("SELECT COUNT(*) FROM audit_events WHERE action = '{action}' AND outcome = 'allowed' AND subject_member_id = {taro_id}");
            assert_eq!(app.count(&q).await, n, "{action}");
        }
        // No longer eligible: the new period runs.
        assert_eq!(app.prepare_reissue(&reviewer, &r, reason).await.status(), 409);
        let history = app.package(&reviewer, &r).await["reissue"]["history"].as_array().unwrap().len();
        assert_eq!(history, 2);
    }
}

on_both_databases! {
    async fn a_posted_result_is_not_re_issued_and_one_without_a_first_record_shows_its_digest(backend) {
        let app = TestApp::with_registry(backend).await;
        let taro = app.signed_in_member("1001", "23", "00").await;
        let reviewer = app.signed_in_staff("S0911", &["reviewer"]).await;
        let approver = app.signed_in_staff("S0912", &["approver"]).await;
        let posted = app.released_disclosure(&taro, &reviewer, &approver, 1, "paper").await;
        let download = app.released_disclosure(&taro, &reviewer, &approver, 2, "electronic").await;
        // Frozen before the portal kept a record of the archive's files.
        sqlx::query("UPDATE disclosure_packages SET manifest = NULL").execute(&app.state.db.pool).await.unwrap();
        app.clock.set(app.clock.now() + Duration::days(15));
        let reviewer = app.signed_in_staff("S0913", &["reviewer"]).await;
        assert_eq!(app.prepare_reissue(&reviewer, &posted, "郵便が戻ってきたため").await.status(), 409, "書面: print and post again");
        assert_eq!(app.package(&reviewer, &posted).await["reissue"]["eligible"], false);
        assert!(app.prepare_reissue(&reviewer, &download, "期限切れのため").await.headers().contains_key("location"));
        let p = app.package(&reviewer, &download).await;
        let pending = &p["reissue"]["pending"];
        assert!(pending["diff"].is_null(), "no file-by-file record to compare with");
        assert_eq!(pending["first_sha256"], p["archive_sha256"]);
        let html = app.get_with(&format!("/staff/requests/{download}/package"), &reviewer).await.text().await.unwrap();
        assert!(html.contains("ファイルごとの記録がありません"), "{html}");
        assert_eq!(app.count("SELECT COUNT(*) FROM package_reissues WHERE archive IS NOT NULL").await, 1);
        // Five years after the requests closed, their disposal takes the re-issue with them.
        app.clock.set(app.clock.now() + Duration::days(5 * 365 + 30));
        let report = app::retention::store::purge(&app.state, &Default::default()).await.unwrap();
        assert!(report.contains(&(app::retention::Kind::ClosedRequests, 2)), "{report:?}");
        assert_eq!(app.count("SELECT COUNT(*) FROM package_reissues").await, 0);
        assert_eq!(app.count("SELECT COUNT(*) FROM disclosure_packages").await, 0);
    }
}
