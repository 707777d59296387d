//! The staff workbench (issue 29): taking a request up makes it yours, taking it from a
//! colleague needs a reason (refused next to the field, nothing saved), a step not allowed
//! now is refused with the reason and changes nothing, and the staff timeline says who did
//! what in staff terms.

use kit::flash::FLASH_COOKIE;

use crate::on_both_databases;
use crate::support::TestApp;

impl TestApp {
    async fn staff_row_id(&self, number: &str) -> i64 {
        sqlx::query_scalar("SELECT id FROM staff WHERE staff_number = $1").bind(number).fetch_one(&self.state.db.pool).await.unwrap()
    }

    async fn assignee(&self, receipt: &str) -> Option<i64> {
        sqlx::query_scalar("SELECT assignee_staff_id FROM requests WHERE receipt_number = $1")
            .bind(receipt)
            .fetch_one(&self.state.db.pool)
            .await
            .unwrap()
    }

    /// What a request is now: status, version, its events.
    async fn state_of(&self, receipt: &str) -> (String, String, i64) {
        let events = self
            .count(&format!("SELECT COUNT(*) FROM request_events e JOIN requests r ON r.id = e.request_id WHERE r.receipt_number = '{receipt}'"))
            .await;
        (self.status(receipt).await, self.version(receipt).await, events)
    }

    /// A browser's form post, with the page it is sent back to (the problem shown there).
    pub(crate) async fn post_as_browser(&self, path: &str, cookie: &str, form: &[(&str, &str)]) -> (u16, String) {
        let res = self
            .client
            .post(self.url(path))
            .header("origin", &self.origin)
            .header("accept", "text/html")
            .header("cookie", cookie)
            .form(form)
            .send()
            .await
            .unwrap();
        let status = res.status().as_u16();
        let back = res.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
        let flash = res
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with(&format!("{FLASH_COOKIE}=")))
            .and_then(|v| v.split(';').next())
            .unwrap_or_default()
            .to_string();
        let html = self
            .client
            .get(self.url(&back))
            .header("accept", "text/html")
            .header("cookie", format!("{cookie}; {flash}"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        (status, html)
    }
}

on_both_databases! {
    async fn taking_a_request_up_makes_it_yours_and_taking_it_from_a_colleague_needs_a_reason(backend) {
        let app = TestApp::with_registry(backend).await;
        let taro = app.signed_in_member("1001", "23", "00").await;
        let clerk = app.signed_in_staff("S0701", &["intake"]).await;
        let reviewer = app.signed_in_staff("S0702", &["reviewer"]).await;
        let (clerk_id, reviewer_id) = (app.staff_row_id("S0701").await, app.staff_row_id("S0702").await);
        // 審査を始める: the clerk who took it up has it, and the record says so.
        let r = app.request_in_review(&taro, &clerk, 71, "complaint", &[("body", "窓口の対応について")]).await;
        assert_eq!(app.assignee(&r).await, Some(clerk_id));
        assert_eq!(
            app.count(&format!("SELECT COUNT(*) FROM audit_events WHERE action = 'request.act' AND detail LIKE '%\"assignee\":{clerk_id}%'")).await,
            1
        );
        let case: serde_json::Value = app.get_api(&format!("/api/staff/requests/one?receipt={r}"), &reviewer).await.json().await.unwrap();
        assert_eq!(case["assignee"], clerk_id);
        // The staff timeline says who did what in staff terms; the member's carries no names.
        let timeline = &case["view"]["timeline"];
        assert_eq!((timeline[0]["actor"].clone(), timeline[0]["submission"].clone()), (serde_json::json!("Requester"), serde_json::json!(true)));
        assert_eq!(timeline[1]["actor"], serde_json::json!({ "Staff": { "role": "intake", "name": "職員S0701" } }));
        let html = app.get_with(&format!("/staff/requests/{r}"), &reviewer).await.text().await.unwrap();
        assert!(html.contains("申出人（本人）") && html.contains("受付：職員S0701"), "{html}");
        assert!(!html.contains("あなた"), "the staff timeline does not say 「あなた」");
        let mine = app.request(&taro, &r).await;
        assert!(mine["timeline"].as_array().unwrap().iter().all(|e| e["actor"].is_null()), "{mine}");
        // Taking it from the clerk without a reason: refused next to the field, nothing saved.
        let before = app.state_of(&r).await;
        let (v, rid) = (before.1.clone(), reviewer_id.to_string());
        let form = [("receipt", r.as_str()), ("version", v.as_str()), ("assignee", rid.as_str()), ("importance", "normal"), ("urgency", "normal"), ("reassign_reason", "")];
        let res = app.post_api("/api/staff/requests/assign", Some(&reviewer), &form).await;
        assert_eq!(res.status(), 422);
        let body: serde_json::Value = res.json().await.unwrap();
        assert_eq!(body["Invalid"][0]["field"], "reassign_reason", "{body}");
        assert_eq!(body["Invalid"][0]["problem"], "required", "{body}");
        assert_eq!(app.state_of(&r).await, before, "nothing saved");
        assert_eq!(app.assignee(&r).await, Some(clerk_id));
        // A browser sees the problem beside the reason field.
        let (status, page) = app.post_as_browser("/api/staff/requests/assign", &reviewer, &form).await;
        assert_eq!(status, 302);
        assert!(page.contains("f-reassign_reason-error") && page.contains(kit::texts::IdText::of(kit::i18n::Lang::Ja).p_required), "{page}");
        assert_eq!(app.state_of(&r).await, before, "nothing saved");
        // With the reason: the reviewer has it, and the reason is an internal step.
        let form = [("receipt", r.as_str()), ("version", v.as_str()), ("assignee", rid.as_str()), ("importance", "normal"), ("urgency", "normal"), ("reassign_reason", "審査担当が引き継ぐため")];
        assert!(app.post_api("/api/staff/requests/assign", Some(&reviewer), &form).await.headers().contains_key("location"));
        assert_eq!(app.assignee(&r).await, Some(reviewer_id));
        assert_eq!(
            app.count("SELECT COUNT(*) FROM request_events WHERE action = 'assign' AND message = '審査担当が引き継ぐため' AND member_visible = 0").await,
            1
        );
        assert!(!app.request(&taro, &r).await.to_string().contains("審査担当が引き継ぐため"), "never shown to the member");
        // Keeping it (or setting only the priority) needs no reason.
        let v = app.version(&r).await;
        let res = app
            .post_api("/api/staff/requests/assign", Some(&reviewer), &[("receipt", &r), ("version", &v), ("assignee", &reviewer_id.to_string()), ("importance", "high"), ("urgency", "normal")])
            .await;
        assert!(res.headers().contains_key("location"), "{}", res.status());
        // Taking up a request a colleague already has leaves it with them.
        let q = app.request_in_review(&taro, &clerk, 72, "complaint", &[("body", "二件目")]).await;
        assert_eq!(app.assignee(&q).await, Some(clerk_id));
    }
}

on_both_databases! {
    async fn a_step_not_allowed_now_is_not_offered_and_when_posted_is_refused_with_the_reason(backend) {
        let app = TestApp::with_registry(backend).await;
        let taro = app.signed_in_member("1001", "23", "00").await;
        let clerk = app.signed_in_staff("S0801", &["intake"]).await;
        let auditor = app.signed_in_staff("S0802", &["auditor"]).await;
        let r = app.request_in_review(&taro, &clerk, 81, "complaint", &[("body", "x")]).await;
        // Only what is allowed now is offered, as buttons named for what they do.
        let case: serde_json::Value = app.get_api(&format!("/api/staff/requests/one?receipt={r}"), &clerk).await.json().await.unwrap();
        assert_eq!(case["steps"], serde_json::json!(["ask_member", "message", "note"]));
        let html = app.get_with(&format!("/staff/requests/{r}"), &clerk).await.text().await.unwrap();
        assert!(html.contains("補正を依頼する") && !html.contains("審査を始める") && !html.contains("完了にする"), "{html}");
        let before = app.state_of(&r).await;
        let v = before.1.clone();
        let post = |action: &'static str| [("receipt", r.clone()), ("action", action.to_string()), ("message", String::new()), ("version", v.clone())];
        // Taking it up again, or completing it before it is decided: not now (409), and why.
        for action in ["start_review", "complete"] {
            let f = post(action);
            let form: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
            assert_eq!(app.post_api("/api/staff/requests/act", Some(&clerk), &form).await.status(), 409, "{action}");
            let (status, page) = app.post_as_browser("/api/staff/requests/act", &clerk, &form).await;
            assert_eq!(status, 302);
            assert!(page.contains(kit::i18n::Messages::of(kit::i18n::Lang::Ja).error_conflict), "{action}: {page}");
        }
        // A step that is not a staff step at all, and a role that never acts.
        let f = post("approve");
        let form: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
        assert_eq!(app.post_api("/api/staff/requests/act", Some(&clerk), &form).await.status(), 400);
        let f = post("note");
        let form: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
        assert_eq!(app.post_api("/api/staff/requests/act", Some(&auditor), &form).await.status(), 403);
        // Nothing of any of them was saved.
        assert_eq!(app.state_of(&r).await, before);
    }
}

on_both_databases! {
    async fn several_requests_are_assigned_at_once_all_or_none(backend) {
        let app = TestApp::with_registry(backend).await;
        let taro = app.signed_in_member("1001", "23", "00").await;
        let clerk = app.signed_in_staff("S0901", &["intake"]).await;
        app.signed_in_staff("S0902", &["reviewer"]).await;
        let reviewer_id = app.staff_row_id("S0902").await.to_string();
        let mut rs = Vec::new();
        for n in 91..94 {
            rs.push(app.request_in_review(&taro, &clerk, n, "complaint", &[("body", "まとめて担当替え")]).await);
        }
        let picks: Vec<String> = rs.iter().map(|r| format!("pick[r{r}]")).collect();
        let form = |reason: &'static str, extra: Option<&'static str>| {
            let mut f: Vec<(String, String)> = picks.iter().map(|p| (p.clone(), "1".to_string())).collect();
            if let Some(e) = extra {
                f.push((e.to_string(), "1".to_string()));
            }
            f.extend([("assignee".to_string(), reviewer_id.clone()), ("reassign_reason".to_string(), reason.to_string()), ("back".to_string(), "/staff/requests?status=open".to_string())]);
            f
        };
        let (app, clerk) = (&app, &clerk);
        let post = |f: Vec<(String, String)>| async move {
            let pairs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            app.post_api("/api/staff/requests/assign-many", Some(clerk), &pairs).await
        };
        let assignees = || async { assignees_of(app, &rs).await };
        let before = assignees().await;
        // Taken from the clerk who has them: the reason is required, and nothing is saved.
        let res = post(form("", None)).await;
        assert_eq!(res.status(), 422);
        assert!(res.text().await.unwrap().contains("reassign_reason"));
        // One of them does not exist: none is saved either.
        let res = post(form("審査担当へ引き継ぎ", Some("pick[r20990101-9999]"))).await;
        assert_eq!(res.status(), 404);
        assert_eq!(assignees().await, before);
        // Nothing ticked: said next to the list.
        let none = [("assignee", reviewer_id.as_str()), ("reassign_reason", "x")];
        let res = app.post_api("/api/staff/requests/assign-many", Some(clerk), &none).await;
        assert_eq!(res.status(), 422);
        assert!(res.text().await.unwrap().contains("none_picked"));
        // With the reason, all three at once, back to the queue as it was filtered.
        let res = post(form("審査担当へ引き継ぎ", None)).await;
        assert_eq!(res.headers().get("location").and_then(|l| l.to_str().ok()), Some("/staff/requests?status=open&assigned=3"));
        let reviewer_row: i64 = reviewer_id.parse().unwrap();
        assert_eq!(assignees().await, vec![Some(reviewer_row); 3]);
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'request.assign' AND outcome = 'allowed'").await, 3);
        // An auditor reads the queue but assigns nothing.
        let auditor = app.signed_in_staff("S0903", &["auditor"]).await;
        let pairs = [(picks[0].as_str(), "1"), ("assignee", "")];
        assert_eq!(app.post_api("/api/staff/requests/assign-many", Some(&auditor), &pairs).await.status(), 403);
    }
}

async fn assignees_of(app: &TestApp, receipts: &[String]) -> Vec<Option<i64>> {
    let mut out = Vec::new();
    for r in receipts {
        out.push(app.assignee(r).await);
    }
    out
}
