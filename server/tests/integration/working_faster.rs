//! Working faster at the 窓口 (issue 29, item 5): 文例 kept by staff and checked when saved
//! (an unknown placeholder is refused, nothing saved), filled from the request they are
//! inserted into and sent in a 補正依頼; saved queue filters that are each person's own;
//! the 「期限3日以内」 filter; single-key shortcuts switched off and kept off.

use crate::on_both_databases;
use crate::support::TestApp;

impl TestApp {
    async fn templates_kept(&self) -> i64 {
        self.count("SELECT COUNT(*) FROM reply_templates").await
    }

    async fn html(&self, path: &str, cookie: &str) -> String {
        self.get_with(path, cookie).await.text().await.unwrap()
    }
}

const ASK: &str = "{申出人氏名} 様\n受付番号 {受付番号}（{申出の種類}、{受付日}受付）について、本人確認書類が読み取れませんでした。{回答期限}までに、もう一度お送りください。\n{組合名} {担当者名}";

on_both_databases! {
    async fn a_template_is_checked_when_saved_and_fills_a_request_for_information(backend) {
        let app = TestApp::with_registry(backend).await;
        let taro = app.signed_in_member("1001", "23", "00").await;
        let clerk = app.signed_in_staff("S1101", &["intake"]).await;
        let auditor = app.signed_in_staff("S1102", &["auditor"]).await;

        // An unknown placeholder, an unclosed one, an empty title: refused next to the
        // field with the names that are wrong, nothing saved.
        for (title, body, shown) in [
            ("書類のお願い", "{氏名} 様、{住所} をご確認ください", vec!["使えない差し込み項目があります", "{氏名}", "{住所}"]),
            ("書類のお願い", "受付番号 {受付番号 について", vec!["閉じられていません"]),
            ("", "本文", vec!["入力してください"]),
        ] {
            let form = [("id", ""), ("title", title), ("kind", "ask_member"), ("body", body)];
            assert_eq!(app.post_api("/api/staff/templates/save", Some(&clerk), &form).await.status(), 422, "{body}");
            let (status, page) = app.post_as_browser("/api/staff/templates/save", &clerk, &form).await;
            assert_eq!(status, 302);
            for s in shown {
                assert!(page.contains(s), "{s}: {page}");
            }
            assert!(page.contains(body), "what was typed is kept");
        }
        assert_eq!(app.templates_kept().await, 0);

        // A good one is kept and listed; a second with the same title is refused.
        let form = [("id", ""), ("title", "本人確認書類の再提出"), ("kind", "ask_member"), ("body", ASK)];
        let res = app.post_api("/api/staff/templates/save", Some(&clerk), &form).await;
        assert_eq!(res.headers()["location"], "/staff/templates?saved=1");
        assert_eq!(app.post_api("/api/staff/templates/save", Some(&clerk), &form).await.status(), 422);
        assert_eq!(app.templates_kept().await, 1);
        let id: i64 = sqlx::query_scalar("SELECT id FROM reply_templates").fetch_one(&app.state.db.pool).await.unwrap();
        let list = app.html("/staff/templates", &clerk).await;
        assert!(list.contains("本人確認書類の再提出") && list.contains("職員S1101"), "{list}");
        // The auditor reads requests but writes to nobody: no 文例.
        assert_eq!(app.get_api("/api/staff/templates", &auditor).await.status(), 403);

        // Inserted on a request: every placeholder is this request's.
        let r = app.request_in_review(&taro, &clerk, 1101, "complaint", &[("body", "窓口の対応について")]).await;
        let name: String = sqlx::query_scalar("SELECT name FROM members WHERE id = $1")
            .bind(app.member_id("1001", "23", "00").await)
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap();
        let page = app.html(&format!("/staff/requests/{r}?template={id}"), &clerk).await;
        let filled = format!("{name} 様\n受付番号 {r}（苦情");
        assert!(page.contains(&filled), "{filled}: {page}");
        assert!(page.contains("職員S1101") && !page.contains("{受付番号}") && !page.contains("{回答期限}"), "{page}");
        // Without a choice, or with one that does not exist, the message is empty.
        assert!(!app.html(&format!("/staff/requests/{r}?template=999999"), &clerk).await.contains(&filled));

        // Sent as a 補正依頼, the member reads it as filled.
        let message = page.split("name=\"message\"").nth(1).and_then(|s| s.split_once('>')).map(|(_, rest)| rest.split("</textarea>").next().unwrap_or_default().to_string()).unwrap();
        let message = message.replace("&amp;", "&");
        let v = app.version(&r).await;
        let res = app.post_api("/api/staff/requests/act", Some(&clerk), &[("receipt", &r), ("action", "ask_member"), ("message", &message), ("version", &v)]).await;
        assert!(res.headers().contains_key("location"), "{}", res.status());
        let mine = app.html(&format!("/requests/{r}"), &taro).await;
        assert!(mine.contains(&format!("受付番号 {r}")) && mine.contains("もう一度お送りください"), "{mine}");

        // Changed, then removed.
        let sid = id.to_string();
        let edit = [("id", sid.as_str()), ("title", "本人確認書類の再提出"), ("kind", "reply"), ("body", "{受付番号} のお問い合わせにお答えします。")];
        assert_eq!(app.post_api("/api/staff/templates/save", Some(&clerk), &edit).await.headers()["location"], "/staff/templates?saved=1");
        let kind: String = sqlx::query_scalar("SELECT kind FROM reply_templates").fetch_one(&app.state.db.pool).await.unwrap();
        assert_eq!(kind, "reply");
        let bad_edit = [("id", sid.as_str()), ("title", "本人確認書類の再提出"), ("kind", "reply"), ("body", "{受付番号} と {宛名}")];
        assert_eq!(app.post_api("/api/staff/templates/save", Some(&clerk), &bad_edit).await.status(), 422);
        let body: String = sqlx::query_scalar("SELECT body FROM reply_templates").fetch_one(&app.state.db.pool).await.unwrap();
        assert_eq!(body, "{受付番号} のお問い合わせにお答えします。", "a refused change leaves the kept text");
        app.post_api("/api/staff/templates/remove", Some(&clerk), &[("id", &sid)]).await;
        assert_eq!(app.templates_kept().await, 0);
        assert_eq!(app.post_api("/api/staff/templates/remove", Some(&clerk), &[("id", &sid)]).await.status(), 404);
    }
}

on_both_databases! {
    async fn saved_filters_are_each_persons_own_and_three_days_means_three_days(backend) {
        let app = TestApp::with_registry(backend).await;
        let taro = app.signed_in_member("1001", "23", "00").await;
        let clerk = app.signed_in_staff("S1201", &["intake"]).await;
        let other = app.signed_in_staff("S1202", &["reviewer"]).await;

        // Saved from the queue as it is filtered: back to it, under its name.
        let res = app.post_api("/api/staff/queue/filters/save", Some(&clerk), &[("name", "自分の担当・期限3日以内"), ("query", "assignee=me&due=3days&page=2")]).await;
        assert_eq!(res.headers()["location"], "/staff/requests?due=3days&assignee=me");
        let queue = app.html("/staff/requests", &clerk).await;
        assert!(queue.contains("自分の担当・期限3日以内") && queue.contains("href=\"/staff/requests?due=3days&amp;assignee=me\""), "{queue}");
        assert!(!app.html("/staff/requests", &other).await.contains("自分の担当・期限3日以内"), "another's filters are not shown");

        // The same name twice, no name, a query the queue does not know: refused, nothing saved.
        for (name, query, status) in [("自分の担当・期限3日以内", "", 422), ("", "due=3days", 422), ("壊れた条件", "due=tomorrow", 422)] {
            assert_eq!(app.post_api("/api/staff/queue/filters/save", Some(&clerk), &[("name", name), ("query", query)]).await.status(), status, "{name} {query}");
        }
        let (_, page) = app.post_as_browser("/api/staff/queue/filters/save", &clerk, &[("name", "自分の担当・期限3日以内"), ("query", "")]).await;
        assert!(page.contains(kit::texts::IdText::of(kit::i18n::Lang::Ja).p_duplicate), "{page}");
        assert_eq!(app.count("SELECT COUNT(*) FROM saved_filters").await, 1);
        // Twenty at most.
        for n in 1..20 {
            let name = format!("条件{n}");
            assert!(app.post_api("/api/staff/queue/filters/save", Some(&clerk), &[("name", &name), ("query", "")]).await.headers().contains_key("location"));
        }
        assert_eq!(app.post_api("/api/staff/queue/filters/save", Some(&clerk), &[("name", "21番目"), ("query", "")]).await.status(), 422);

        // Another person cannot remove it; its owner can.
        let id: i64 = sqlx::query_scalar("SELECT id FROM saved_filters WHERE name = '自分の担当・期限3日以内'").fetch_one(&app.state.db.pool).await.unwrap();
        let id = id.to_string();
        assert_eq!(app.post_api("/api/staff/queue/filters/remove", Some(&other), &[("id", &id)]).await.status(), 404);
        assert!(app.post_api("/api/staff/queue/filters/remove", Some(&clerk), &[("id", &id)]).await.headers().contains_key("location"));
        assert_eq!(app.count("SELECT COUNT(*) FROM saved_filters").await, 19);

        // 「期限3日以内」: due in three days is in, in four is not, overdue is in.
        let mut rs = Vec::new();
        for n in 0..3 {
            rs.push(app.request_in_review(&taro, &clerk, 1201 + n, "complaint", &[("body", "x")]).await);
        }
        let today = app.state.clock.today_tokyo();
        for (r, days) in rs.iter().zip([3, 4, -1]) {
            sqlx::query("UPDATE requests SET due_on = $1 WHERE receipt_number = $2")
                .bind((today + chrono::Duration::days(days)).to_string())
                .bind(r)
                .execute(&app.state.db.pool)
                .await
                .unwrap();
        }
        let page: serde_json::Value = app.get_api("/api/staff/requests?params[due]=3days&params[status]=all", &clerk).await.json().await.unwrap();
        let shown: Vec<&str> = page["lines"].as_array().unwrap().iter().map(|l| l["line"]["receipt"].as_str().unwrap()).collect();
        assert!(shown.contains(&rs[0].as_str()) && shown.contains(&rs[2].as_str()) && !shown.contains(&rs[1].as_str()), "{shown:?}");
    }
}

on_both_databases! {
    async fn single_key_shortcuts_are_on_until_switched_off_and_stay_off(backend) {
        let app = TestApp::with_registry(backend).await;
        let clerk = app.signed_in_staff("S1301", &["intake"]).await;
        let other = app.signed_in_staff("S1302", &["intake"]).await;
        let island = |html: &str| html.contains(r#"data-component="QueueKeys_"#);
        let queue = app.html("/staff/requests", &clerk).await;
        assert!(island(&queue) && queue.contains(r#"data-props="{&quot;on&quot;:true}""#), "{queue}");
        // Switched off (the box unticked posts nothing), back to the queue as it was.
        let res = app.post_api("/api/staff/queue/shortcuts", Some(&clerk), &[("back", "/staff/requests?due=soon")]).await;
        assert_eq!(res.headers()["location"], "/staff/requests?due=soon");
        let queue = app.html("/staff/requests", &clerk).await;
        assert!(queue.contains(r#"data-props="{&quot;on&quot;:false}""#) && queue.contains("data-shortcuts-off"), "{queue}");
        // Only for this person; and a back address elsewhere goes to the queue.
        assert!(app.html("/staff/requests", &other).await.contains(r#"data-props="{&quot;on&quot;:true}""#));
        let res = app.post_api("/api/staff/queue/shortcuts", Some(&clerk), &[("on", "1"), ("back", "https://evil.example/")]).await;
        assert_eq!(res.headers()["location"], "/staff/requests");
        assert!(app.html("/staff/requests", &clerk).await.contains(r#"data-props="{&quot;on&quot;:true}""#));
        assert_eq!(app.post_api("/api/staff/queue/shortcuts", Some(&clerk), &[("on", "yes")]).await.status(), 400);
    }
}
