//! The 開示 result as promised on the form, over real HTTP: the PDF summary in Japanese
//! inside the package and on its own for the phone (the same one-time ticket, the same
//! owner and expiry checks, the same record of the download as the archive), and the
//! decision letter saying where and until when to download.

use std::io::Read;

use chrono::Duration;
use kit::time::Clock;

use crate::on_both_databases;
use crate::support::TestApp;

/// As the registry stores it (imports normalise full-width brackets).
const TARO_ADDRESS: &str = "東京都千代田区丸の内九丁目99番99号 あおばハイツ101(架空)";

fn location(res: &reqwest::Response) -> String {
    res.headers().get("location").and_then(|v| v.to_str().ok()).map(str::to_string).unwrap_or_else(|| panic!("no redirect: {}", res.status()))
}

fn entry(archive: &[u8], name: &str) -> Vec<u8> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(archive.to_vec())).unwrap();
    let mut f = zip.by_name(name).unwrap();
    let mut raw = Vec::new();
    f.read_to_end(&mut raw).unwrap();
    raw
}

impl TestApp {
    /// Asks for a ticket to the PDF summary alone, as the member's phone does.
    async fn ask_pdf(&self, member: &str, receipt: &str) -> reqwest::Response {
        self.post_api("/api/package/download", Some(member), &[("receipt", receipt), ("file", "summary.pdf")]).await
    }
}

on_both_databases! {
    async fn the_member_reads_the_pdf_summary_on_its_own_and_the_letter_says_where_and_until_when(backend) {
        let app = TestApp::with_registry(backend).await;
        let taro = app.signed_in_member("1001", "23", "00").await;
        let hanako = app.signed_in_member("1001", "23", "01").await;
        let reviewer = app.signed_in_staff("S0821", &["reviewer"]).await;
        let approver = app.signed_in_staff("S0822", &["approver"]).await;
        let r = app.request_in_review(&taro, &reviewer, 21, "disclosure", &[("categories", "qualification"), ("method", "electronic")]).await;
        app.post_api("/api/staff/package/start", Some(&reviewer), &[("receipt", &r)]).await;
        assert!(app.exclude(&reviewer, &r, "registry.address", "business").await.headers().contains_key("location"));
        let reason = "住所は、業務の適正な実施に著しい支障を及ぼすおそれがあるため開示しません。";
        let res = app.decide(&reviewer, &r, &[("outcome", "partial_disclosure"), ("ground", "33-2-2"), ("reason", reason), ("fee", "paid")]).await;
        assert!(res.headers().contains_key("location"), "{}", res.status());
        // Before approval the letter gives the period in days: the date is set on approval.
        let letter: serde_json::Value = app.get_api(&format!("/api/staff/requests/letter?receipt={r}"), &approver).await.json().await.unwrap();
        assert_eq!(letter["delivery"]["Download"]["until"], serde_json::Value::Null);
        assert_eq!(letter["delivery"]["Download"]["days"], 14, "{letter}");
        // The archive the approver reads holds the PDF, without the withheld address.
        let archive = app.get_with(&format!("/staff/requests/{r}/package.zip"), &approver).await.bytes().await.unwrap().to_vec();
        let pdf_in_archive = entry(&archive, "summary.pdf");
        let text = app::platform::pdf::text_of(&pdf_in_archive);
        assert!(text.contains("保有個人データの開示") && text.contains("青葉 太郎") && text.contains("1980-01-15"), "{text}");
        assert!(!text.contains(TARO_ADDRESS) && !text.contains("ハイツ101"), "the withheld address is not in the PDF");
        assert!(text.contains("33条2項2号"));
        assert!(app.review(&approver, &r, "approve", "").await.headers().contains_key("location"));

        // The letter now says where (the request page) and until when.
        let letter: serde_json::Value = app.get_api(&format!("/api/requests/letter?receipt={r}"), &taro).await.json().await.unwrap();
        assert_eq!(letter["delivery"]["Download"]["until"], "2026-12-06 10:00", "{letter}");
        let (status, html) = {
            let res = app.client.get(app.url(&format!("/requests/{r}/letter"))).header("cookie", &taro).header("accept", "text/html").send().await.unwrap();
            (res.status().as_u16(), res.text().await.unwrap())
        };
        assert_eq!(status, 200);
        assert!(html.contains("data-letter-delivery=\"download\"") && html.contains("2026年12月6日"), "{html}");
        assert!(html.contains("マイページの「お申し出」"));
        let seen = app.request(&taro, &r).await;
        assert_eq!(seen["package"]["has_pdf"], true);

        // The PDF alone, with a ticket of its own.
        let ticket = location(&app.ask_pdf(&taro, &r).await);
        assert!(ticket.starts_with("/packages/") && ticket.ends_with("?file=summary.pdf"), "{ticket}");
        // Nobody else, signed in or not, can use it (each attempt recorded).
        assert_eq!(app.get_with(&ticket, &hanako).await.status(), 404);
        assert_eq!(app.get(&ticket).await.status(), 401);
        // Another member cannot get a ticket for it.
        assert_eq!(app.ask_pdf(&hanako, &r).await.status(), 404);
        let res = app.get_with(&ticket, &taro).await;
        assert_eq!(res.status(), 200);
        assert_eq!(res.headers()["content-type"], "application/pdf");
        assert_eq!(res.headers()["content-disposition"], format!("attachment; filename=\"kaiji-{r}.pdf\""));
        assert_eq!(res.headers()["x-content-type-options"], "nosniff");
        let pdf = res.bytes().await.unwrap().to_vec();
        assert!(pdf.starts_with(b"%PDF-"));
        assert_eq!(pdf, pdf_in_archive, "the member reads the very PDF that was approved");
        // Once.
        assert_eq!(app.get_with(&ticket, &taro).await.status(), 410);
        // A file the package does not have is refused, and leaves the ticket unused.
        let zip_ticket = location(&app.ask_download(&taro, &r).await);
        assert_eq!(app.get_with(&format!("{zip_ticket}?file=../data.json"), &taro).await.status(), 404);
        let res = app.get_with(&zip_ticket, &taro).await;
        assert_eq!(res.status(), 200);
        assert_eq!(res.headers()["content-type"], "application/zip");
        // Both downloads are on record: what was fetched, by whom, about whom.
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'package.download' AND outcome = 'allowed'").await, 2);
        assert_eq!(
            app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'package.download' AND outcome = 'allowed' AND detail LIKE '%summary.pdf%' AND actor_kind = 'member' AND subject_member_id IS NOT NULL").await,
            1
        );
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'package.download' AND outcome = 'refused'").await, 3);
        assert_eq!(app.count("SELECT COUNT(*) FROM package_downloads").await, 2);
        assert_eq!(app.request(&taro, &r).await["package"]["downloads"].as_array().unwrap().len(), 2);

        // A ticket taken just before the period ends is refused once it has ended.
        app.clock.set(app.clock.now() + Duration::days(14) - Duration::minutes(2));
        let fresh = app.signed_in_member_session_for(app.member_id("1001", "23", "00").await).await;
        let late = location(&app.ask_pdf(&fresh, &r).await);
        app.clock.set(app.clock.now() + Duration::minutes(3));
        assert_eq!(app.get_with(&late, &fresh).await.status(), 410);
        assert_eq!(app.ask_pdf(&fresh, &r).await.status(), 410);
        assert_eq!(app.request(&fresh, &r).await["package"]["has_pdf"], false);
    }
}

on_both_databases! {
    async fn a_posted_result_says_so_in_the_letter(backend) {
        let app = TestApp::with_registry(backend).await;
        let taro = app.signed_in_member("1001", "23", "00").await;
        let reviewer = app.signed_in_staff("S0823", &["reviewer"]).await;
        let approver = app.signed_in_staff("S0824", &["approver"]).await;
        let r = app.request_in_review(&taro, &reviewer, 22, "disclosure", &[("categories", "qualification"), ("method", "paper")]).await;
        app.post_api("/api/staff/package/start", Some(&reviewer), &[("receipt", &r)]).await;
        let res = app.decide(&reviewer, &r, &[("outcome", "full_disclosure"), ("ground", "33-1"), ("fee", "paid")]).await;
        assert!(res.headers().contains_key("location"), "{}", res.status());
        assert!(app.review(&approver, &r, "approve", "").await.headers().contains_key("location"));
        let letter: serde_json::Value = app.get_api(&format!("/api/requests/letter?receipt={r}"), &taro).await.json().await.unwrap();
        assert_eq!(letter["delivery"], "Post");
        // Nothing to download: no ticket, for the PDF or the archive.
        assert_eq!(app.ask_pdf(&taro, &r).await.status(), 404);
    }
}
