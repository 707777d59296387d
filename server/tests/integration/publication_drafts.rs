//! Changing the 公表事項 over HTTP: one draft at a time, edits with optimistic versions,
//! approval by a second 責任者 only, effective dates (past refused, future scheduled and
//! switched by the clock, 27条6項 for joint uses), members told in the portal and by
//! email, their acknowledgement recorded, fees flowing to the request forms, an
//! interrupted publication leaving the previous version in force, and no purpose added or
//! reworded without staff's answer on 17条2項 (or 18条1項's consent), kept and audited.

use serde_json::Value;

use crate::on_both_databases;
use crate::support::TestApp;

struct Staff {
    admin: String,
    approver: String,
}

async fn staff(app: &TestApp) -> Staff {
    Staff {
        admin: app.signed_in_staff("S700", &["admin"]).await,
        approver: app.signed_in_staff("S701", &["approver"]).await,
    }
}

impl TestApp {
    async fn editor(&self, cookie: &str) -> Value {
        let res = self.get_api("/api/staff/publication/draft", cookie).await;
        assert_eq!(res.status(), 200);
        res.json().await.unwrap()
    }

    /// Posts one editor form for the open draft at its current revision.
    async fn edit(&self, cookie: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        let page = self.editor(cookie).await;
        let (draft, rev) = (page["draft"]["id"].to_string(), page["draft"]["revision"].to_string());
        self.edit_at(cookie, &draft, &rev, fields).await
    }

    async fn edit_at(&self, cookie: &str, draft: &str, rev: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        let mut form: Vec<(String, String)> =
            vec![("form[draft]".into(), draft.into()), ("form[rev]".into(), rev.into())];
        form.extend(fields.iter().map(|(k, v)| (format!("form[{k}]"), v.to_string())));
        let refs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        self.post_api("/api/staff/publication/draft/edit", Some(cookie), &refs).await
    }

    async fn approve(&self, cookie: &str, date: &str) -> reqwest::Response {
        let page = self.editor(cookie).await;
        let (draft, rev) = (page["draft"]["id"].to_string(), page["draft"]["revision"].to_string());
        self.post_api(
            "/api/staff/publication/draft/approve",
            Some(cookie),
            &[("form[draft]", &draft), ("form[rev]", &rev), ("form[effective_date]", date)],
        )
        .await
    }

    /// Answers the question at `index` of the open draft's changed purposes.
    async fn answer(&self, cookie: &str, index: usize, answer: &str, note: &str) -> reqwest::Response {
        let page = self.editor(cookie).await;
        let (draft, rev) = (page["draft"]["id"].to_string(), page["draft"]["revision"].to_string());
        let index = index.to_string();
        self.post_api(
            "/api/staff/publication/draft/purpose",
            Some(cookie),
            &[
                ("form[draft]", &draft),
                ("form[rev]", &rev),
                ("form[index]", &index),
                ("form[answer]", answer),
                ("form[note]", note),
            ],
        )
        .await
    }

    /// Answers every open question of the draft: within the related range (17条2項).
    async fn answer_all(&self, cookie: &str) {
        let page = self.editor(cookie).await;
        for (i, q) in page["draft"]["purposes"].as_array().unwrap().iter().enumerate() {
            if q["answer"].is_null() {
                let res = self.answer(cookie, i, "related", "").await;
                assert!(res.status().is_success(), "{}", res.text().await.unwrap());
            }
        }
    }

    async fn start_draft(&self, cookie: &str) -> reqwest::Response {
        self.post_api("/api/staff/publication/draft/start", Some(cookie), &[]).await
    }

    async fn current_publication(&self) -> Value {
        self.get("/api/publication/current").await.json().await.unwrap()
    }

    async fn audit_actions(&self, prefix: &str) -> Vec<String> {
        sqlx::query_scalar::<_, String>("SELECT action FROM audit_events WHERE action LIKE $1 ORDER BY id")
            .bind(format!("{prefix}%"))
            .fetch_all(&self.state.db.pool)
            .await
            .unwrap()
    }
}

async fn problem_of(res: reqwest::Response) -> (u16, String) {
    (res.status().as_u16(), res.text().await.unwrap())
}

const NEW_CATEGORY: &[(&str, &str)] =
    &[("section", "category"), ("op", "save"), ("name", "マイナ保険証に関する情報"), ("purposes", "資格確認のため\nオンライン資格確認等システムへの登録")];

on_both_databases! {
    async fn a_draft_is_edited_approved_by_another_responsible_person_and_members_are_told(backend) {
        let app = TestApp::with_registry(backend).await;
        let s = staff(&app).await;
        let taro = app.signed_in_member("1001", "23", "00").await;
        let taro_id = app.member_id("1001", "23", "00").await;
        sqlx::query("UPDATE member_accounts SET email = 'taro@example.jp', email_verified_at = '2026-11-01T00:00:00.000000Z' WHERE member_id = $1")
            .bind(taro_id).execute(&app.state.db.pool).await.unwrap();
        app.signed_in_member("1001", "23", "01").await;
        let before = app.current_publication().await;
        let before_id = before["summary"]["id"].as_i64().unwrap();

        assert!(app.start_draft(&s.admin).await.status().is_success());
        // One draft at a time: a second is refused with the reason.
        let (status, body) = problem_of(app.start_draft(&s.approver).await).await;
        assert_eq!((status, body.contains("draft_exists")), (422, true), "{body}");

        assert!(app.edit(&s.admin, NEW_CATEGORY).await.status().is_success());
        // Renaming category 0 keeps its purposes and id.
        let page = app.editor(&s.admin).await;
        let first = &page["draft"]["publication"]["categories"][0];
        let purposes: Vec<&str> = first["purposes"].as_array().unwrap().iter().map(|p| p.as_str().unwrap()).collect();
        let joined = purposes.join("\n");
        let rename = [("section", "category"), ("op", "save"), ("index", "0"), ("name", "被保険者等の資格に関する情報"), ("purposes", joined.as_str())];
        assert!(app.edit(&s.admin, &rename).await.status().is_success());
        // An edit from a page shown before the last save is told the draft changed.
        let stale = app.edit_at(&s.admin, &page["draft"]["id"].to_string(), &page["draft"]["revision"].to_string(), NEW_CATEGORY).await;
        assert_eq!(stale.status(), 409);
        // Empty and duplicate names come back as field problems and save nothing.
        let rev_before = app.editor(&s.admin).await["draft"]["revision"].clone();
        let (status, body) = problem_of(app.edit(&s.admin, &[("section", "category"), ("op", "save"), ("name", " "), ("purposes", "x")]).await).await;
        assert_eq!(status, 422);
        assert!(body.contains("category.new.name") && body.contains("required"), "{body}");
        let (status, body) = problem_of(app.edit(&s.admin, NEW_CATEGORY).await).await;
        assert_eq!(status, 422);
        assert!(body.contains("duplicate"), "{body}");
        assert_eq!(app.editor(&s.admin).await["draft"]["revision"], rev_before);

        // The diff against the current version, category by category.
        let page = app.editor(&s.admin).await;
        let changes = page["draft"]["diff"]["categories"].as_array().unwrap();
        assert_eq!(changes.len(), 2, "{changes:?}");
        assert!(changes.iter().any(|c| c["change"]["Added"]["name"] == "マイナ保険証に関する情報"));
        assert!(changes.iter().any(|c| c["id"] == first["id"] && c["change"]["Changed"]["renamed"][1] == "被保険者等の資格に関する情報"));

        // Only a 責任者 approves; not with a past or missing date.
        assert_eq!(app.approve(&s.admin, "2026-11-22").await.status(), 403);
        let (status, body) = problem_of(app.approve(&s.approver, "2026-11-21").await).await;
        assert_eq!(status, 422);
        assert!(body.contains("past_effective_date"), "{body}");
        let (status, body) = problem_of(app.approve(&s.approver, "").await).await;
        assert_eq!((status, body.contains("effective_date")), (422, true), "{body}");
        assert_eq!(app.current_publication().await["summary"]["id"].as_i64(), Some(before_id), "nothing published yet");

        // The new category's two purposes need an answer each; the rename needs none.
        assert_eq!(page["draft"]["purposes"].as_array().unwrap().len(), 2);
        app.answer_all(&s.admin).await;
        assert!(app.approve(&s.approver, "2026-11-22").await.status().is_success());
        let now = app.current_publication().await;
        assert_ne!(now["summary"]["id"].as_i64(), Some(before_id));
        assert_eq!(now["summary"]["label"], "2026年11月22日改定");
        let names: Vec<&str> = now["publication"]["categories"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
        assert!(names.contains(&"マイナ保険証に関する情報") && names.contains(&"被保険者等の資格に関する情報"), "{names:?}");
        assert_eq!(app.count("SELECT COUNT(*) FROM publication_drafts WHERE status = 'published'").await, 1);
        // The published version cannot be edited in place.
        assert!(sqlx::query("UPDATE publication_versions SET body = '{}'").execute(&app.state.db.pool).await.is_err());

        // Every registered member is told in the portal; verified addresses by email.
        assert_eq!(app.count("SELECT COUNT(*) FROM publication_notices").await, app.count("SELECT COUNT(*) FROM member_accounts WHERE status = 'active'").await);
        assert_eq!(app.count("SELECT COUNT(*) FROM mail_outbox WHERE to_address = 'taro@example.jp'").await, 1);
        let news: Value = app.get_api("/api/publication/news", &taro).await.json().await.unwrap();
        assert_eq!(news.as_array().unwrap().len(), 1);
        assert_eq!(news[0]["from_version_id"].as_i64(), Some(before_id));
        assert_eq!(news[0]["diff"]["categories"].as_array().unwrap().len(), 2);
        let home = app.get_with("/", &taro).await.text().await.unwrap();
        assert!(home.contains("data-news-version") && home.contains("マイナ保険証に関する情報"), "the home page shows the banner");
        let version = news[0]["version"]["id"].to_string();
        assert!(app.post_api("/api/publication/news/acknowledge", Some(&taro), &[("version", &version)]).await.status().is_success());
        let news: Value = app.get_api("/api/publication/news", &taro).await.json().await.unwrap();
        assert_eq!(news, serde_json::json!([]));
        assert!(!app.get_with("/", &taro).await.text().await.unwrap().contains("data-news-version"));
        let (subject, actor): (Option<i64>, String) = sqlx::query_as("SELECT subject_member_id, actor_kind FROM audit_events WHERE action = 'publication.acknowledge'")
            .fetch_one(&app.state.db.pool).await.unwrap();
        assert_eq!((subject, actor.as_str()), (Some(taro_id), "member"));
        // An anonymous visitor has no news.
        assert_eq!(app.get("/api/publication/news").await.json::<Value>().await.unwrap(), serde_json::json!([]));

        assert_eq!(
            app.audit_actions("publication.").await,
            [
                // The demo society's two versions, loaded at start.
                "publication.publish", "publication.publish",
                "publication.draft.create", "publication.draft.edit", "publication.draft.edit",
                "publication.purpose.answer", "publication.purpose.answer",
                "publication.publish", "publication.draft.approve", "publication.acknowledge",
            ]
        );
    }
}

on_both_databases! {
    async fn whoever_edited_a_draft_cannot_approve_it(backend) {
        let app = TestApp::start(backend).await;
        let boss = app.signed_in_staff("S702", &["approver"]).await;
        let other = app.signed_in_staff("S703", &["approver"]).await;
        assert!(app.start_draft(&boss).await.status().is_success());
        assert!(app.edit(&other, NEW_CATEGORY).await.status().is_success());
        for who in [&boss, &other] {
            let (status, body) = problem_of(app.approve(who, "2026-11-22").await).await;
            assert_eq!(status, 422);
            assert!(body.contains("own_draft"), "{body}");
            assert!(app.editor(who).await["own_draft"].as_bool().unwrap());
        }
        assert_eq!(app.count("SELECT COUNT(*) FROM publication_versions").await, 2);
        // Answering a changed purpose is not editing: an editor may answer, and so may the
        // one who approves.
        assert!(app.answer(&boss, 0, "related", "").await.status().is_success());
        let third = app.signed_in_staff("S704", &["approver"]).await;
        assert!(app.answer(&third, 1, "related", "").await.status().is_success());
        assert!(!app.editor(&third).await["own_draft"].as_bool().unwrap());
        assert!(app.approve(&third, "2026-11-22").await.status().is_success());
        assert_eq!(app.count("SELECT COUNT(*) FROM publication_versions").await, 3);
    }
}

on_both_databases! {
    async fn an_unchanged_draft_cannot_be_published_and_a_discarded_one_frees_the_slot(backend) {
        let app = TestApp::start(backend).await;
        let s = staff(&app).await;
        assert!(app.start_draft(&s.admin).await.status().is_success());
        let (status, body) = problem_of(app.approve(&s.approver, "2026-11-22").await).await;
        assert_eq!(status, 422);
        assert!(body.contains("unchanged"), "{body}");
        let page = app.editor(&s.admin).await;
        let (draft, rev) = (page["draft"]["id"].to_string(), page["draft"]["revision"].to_string());
        let res = app.post_api("/api/staff/publication/draft/discard", Some(&s.admin), &[("form[draft]", &draft), ("form[rev]", &rev)]).await;
        assert!(res.status().is_success());
        assert_eq!(app.editor(&s.admin).await["draft"], Value::Null);
        assert!(app.start_draft(&s.admin).await.status().is_success(), "a new draft after discarding");
        assert_eq!(app.count("SELECT COUNT(*) FROM publication_versions").await, 2);
        assert_eq!(app.audit_actions("publication.draft.").await, ["publication.draft.create", "publication.draft.discard", "publication.draft.create"]);
    }
}

on_both_databases! {
    async fn a_future_version_is_scheduled_and_becomes_current_on_its_date_without_anyone_acting(backend) {
        let app = TestApp::start(backend).await;
        let s = staff(&app).await;
        let before = app.current_publication().await["summary"]["id"].as_i64();
        app.start_draft(&s.admin).await;
        assert!(app.edit(&s.admin, NEW_CATEGORY).await.status().is_success());
        app.answer_all(&s.admin).await;
        assert!(app.approve(&s.approver, "2026-11-23").await.status().is_success());
        assert_eq!(app.current_publication().await["summary"]["id"].as_i64(), before, "still the old version today");
        let versions: Value = app.get("/api/publication/versions").await.json().await.unwrap();
        assert_eq!(versions[0]["status"], "Scheduled");
        let (_, history) = app.get_html("/privacy/history", None).await;
        assert!(history.contains("予定"));
        // Midnight in Tokyo: 2026-11-22T15:00Z.
        app.clock.set("2026-11-22T15:00:00Z".parse().unwrap());
        let now = app.current_publication().await;
        assert_eq!(now["summary"]["id"], versions[0]["id"]);
        assert_eq!(now["summary"]["status"], "Current");
    }
}

on_both_databases! {
    async fn a_joint_use_change_must_be_published_before_it_takes_effect(backend) {
        let app = TestApp::start(backend).await;
        let s = staff(&app).await;
        app.start_draft(&s.admin).await;
        let joint = [("section", "use"), ("op", "save"), ("area", "0"), ("text", "健保連との高額医療の共同事業"), ("kind", "joint_use"),
            ("items", "氏名\n医療費"), ("joint_users", "健康保険組合連合会"), ("purpose", "高額医療交付金の交付"),
            ("rp_name", "健康保険組合連合会"), ("rp_address", "東京都港区"), ("rp_representative", "会長")];
        let res = app.edit(&s.admin, &joint).await;
        assert!(res.status().is_success(), "{}", res.text().await.unwrap());
        let (status, body) = problem_of(app.approve(&s.approver, "2026-11-22").await).await;
        assert_eq!(status, 422);
        assert!(body.contains("advance_publication"), "{body}");
        // The new use and the joint use's purpose are both new purposes.
        let scopes: Vec<Value> = app.editor(&s.admin).await["draft"]["purposes"].as_array().unwrap().iter().map(|q| q["change"]["key"]["scope"].clone()).collect();
        assert_eq!(scopes, ["use", "joint_use"]);
        app.answer_all(&s.admin).await;
        assert!(app.approve(&s.approver, "2026-11-23").await.status().is_success());

        // Once in force, adding an item to the joint use (or widening who uses it) is a
        // change of it too (27条5項3号・6項): published the day before at the latest.
        let widenings = [
            ("items", "氏名\n医療費\n住所", "2026-11-22T15:00:00Z", "2026-11-23", "2026-11-24"),
            ("joint_users", "健康保険組合連合会及び加盟の健康保険組合", "2026-11-23T15:00:00Z", "2026-11-24", "2026-11-25"),
        ];
        for (n, (field, value, midnight, today, tomorrow)) in widenings.into_iter().enumerate() {
            // Each draft builds on the version the one before scheduled, now in force; the
            // staff sign in again that day.
            app.clock.set(midnight.parse().unwrap());
            let s = Staff {
                admin: app.signed_in_staff(&format!("S71{n}"), &["admin"]).await,
                approver: app.signed_in_staff(&format!("S72{n}"), &["approver"]).await,
            };
            assert!(app.start_draft(&s.admin).await.status().is_success());
            let page = app.editor(&s.admin).await;
            let index = page["draft"]["publication"]["purpose_areas"][0]["uses"].as_array().unwrap().len() - 1;
            let index = index.to_string();
            let widened: Vec<(&str, &str)> = joint.iter().map(|&(k, v)| if k == field { (k, value) } else { (k, v) }).chain([("index", index.as_str())]).collect();
            let res = app.edit(&s.admin, &widened).await;
            assert!(res.status().is_success(), "{}", res.text().await.unwrap());
            assert_eq!(app.editor(&s.admin).await["draft"]["purposes"], serde_json::json!([]), "no purpose changed ({field})");
            let (status, body) = problem_of(app.approve(&s.approver, today).await).await;
            assert_eq!(status, 422, "{field}");
            assert!(body.contains("advance_publication"), "{field}: {body}");
            assert!(app.approve(&s.approver, tomorrow).await.status().is_success(), "{field}");
        }
    }
}

on_both_databases! {
    async fn fees_and_categories_on_the_request_forms_follow_the_publication(backend) {
        let app = TestApp::with_registry(backend).await;
        let s = staff(&app).await;
        let taro = app.signed_in_member("1001", "23", "00").await;
        app.start_draft(&s.admin).await;
        let page = app.editor(&s.admin).await;
        let procedure = &page["draft"]["publication"]["procedure"];
        let docs: Vec<&str> = procedure["identity_documents"].as_array().unwrap().iter().map(|d| d.as_str().unwrap()).collect();
        let (docs, description, inquiry) = (docs.join("\n"), procedure["description"].as_str().unwrap().to_string(), procedure["inquiry"].as_str().unwrap().to_string());
        let fees = [("section", "procedure"), ("op", "save"), ("description", description.as_str()), ("inquiry", inquiry.as_str()),
            ("identity_documents", docs.as_str()), ("fee_disclosure", "700"), ("fee_purpose_notice", ""), ("fee_provision_record", "")];
        // 38条: a fee nobody can pay is refused until a way to pay it is given.
        assert_eq!(app.edit(&s.admin, &fees).await.status(), 422);
        let mut fees = fees.to_vec();
        fees.push(("pay_counter_cash", "業務課の窓口（平日9時〜17時）"));
        assert!(app.edit(&s.admin, &fees).await.status().is_success());
        assert!(app.edit(&s.admin, NEW_CATEGORY).await.status().is_success());
        app.answer_all(&s.admin).await;
        assert!(app.approve(&s.approver, "2026-11-22").await.status().is_success());
        let form: Value = app.get_api("/api/requests/form?kind=disclosure", &taro).await.json().await.unwrap();
        let form = &form["setup"];
        assert_eq!(form["fee_yen"], 700);
        assert_eq!(form["payment_methods"], serde_json::json!([{ "kind": "counter_cash", "instructions": "業務課の窓口（平日9時〜17時）" }]));
        assert!(form["categories"].as_array().unwrap().iter().any(|c| c[1] == "マイナ保険証に関する情報"), "{form}");
    }
}

on_both_databases! {
    async fn an_interrupted_publication_leaves_the_previous_version_in_force(backend) {
        let app = TestApp::with_registry(backend).await;
        let s = staff(&app).await;
        app.signed_in_member("1001", "23", "00").await;
        app.start_draft(&s.admin).await;
        assert!(app.edit(&s.admin, NEW_CATEGORY).await.status().is_success());
        app.answer_all(&s.admin).await;
        let before = app.current_publication().await;
        // The database fails part-way: while members' notices are written.
        let sabotage = match backend {
            app::platform::db::Backend::Sqlite => "CREATE TRIGGER sabotage BEFORE INSERT ON publication_notices BEGIN SELECT RAISE(ABORT, 'disk full'); END",
            app::platform::db::Backend::Postgres => "CREATE TRIGGER sabotage BEFORE INSERT ON publication_notices FOR EACH ROW EXECUTE FUNCTION refuse_change()",
        };
        sqlx::query(sabotage).execute(&app.state.db.pool).await.unwrap();
        let res = app.approve(&s.approver, "2026-11-22").await;
        assert_eq!(res.status(), 500);
        let body = res.text().await.unwrap();
        assert!(!body.contains("disk full") && !body.contains("immutable"), "no internals reach the client: {body}");
        assert_eq!(app.current_publication().await, before);
        assert_eq!(app.count("SELECT COUNT(*) FROM publication_versions").await, 2);
        assert_eq!(app.count("SELECT COUNT(*) FROM publication_drafts WHERE status = 'open'").await, 1);
        assert_eq!(app.count("SELECT COUNT(*) FROM mail_outbox").await, 0);
        sqlx::query("DROP TRIGGER sabotage ON publication_notices").execute(&app.state.db.pool).await.ok();
        sqlx::query("DROP TRIGGER sabotage").execute(&app.state.db.pool).await.ok();
        assert!(app.approve(&s.approver, "2026-11-22").await.status().is_success(), "the same draft publishes once the fault is gone");
        assert_eq!(app.count("SELECT COUNT(*) FROM publication_versions").await, 3);
    }
}

on_both_databases! {
    async fn the_editor_pages_render_for_staff_without_javascript(backend) {
        let app = TestApp::start(backend).await;
        let s = staff(&app).await;
        let html = app.get_with("/staff/publication", &s.admin).await.text().await.unwrap();
        assert!(html.contains("現行版から下書きを作る"));
        app.start_draft(&s.admin).await;
        app.edit(&s.admin, NEW_CATEGORY).await;
        let html = app.get_with("/staff/publication", &s.admin).await.text().await.unwrap();
        for expected in ["id=\"category\"", "id=\"area\"", "id=\"procedure\"", "id=\"desk\"", "name=\"form[op]\"", "マイナ保険証に関する情報", "data-change=\"added\"",
            "id=\"purposes\"", "name=\"form[answer]\"", "value=\"consent\"", "data-purpose-answer=\"none\"", "回答のない利用目的の変更: 2件"] {
            assert!(html.contains(expected), "{expected}");
        }
        // A browser's post with a mistake comes back to the same section of the editor,
        // with the message next to the field.
        let page = app.editor(&s.admin).await;
        let form = [("form[draft]", page["draft"]["id"].to_string()), ("form[rev]", page["draft"]["revision"].to_string()),
            ("form[section]", "category".into()), ("form[op]", "save".into()), ("form[name]", "".into()), ("form[purposes]", "x".into())];
        let res = app.client.post(app.url("/api/staff/publication/draft/edit")).header("origin", &app.origin)
            .header("accept", "text/html").header("cookie", &s.admin).form(&form).send().await.unwrap();
        let location = res.headers()["location"].to_str().unwrap().to_string();
        assert!(location.starts_with("/staff/publication?e=") && location.ends_with("#category"), "{location}");
        let html = app.get_with(&location, &format!("{}; {}", s.admin, crate::support::kept_cookie(&res))).await.text().await.unwrap();
        assert!(html.contains("id=\"e-category-new-name-error\"") && html.contains("入力してください。"));
        let preview = app.get_with("/staff/publication/preview", &s.admin).await.text().await.unwrap();
        assert!(preview.contains("<li>オンライン資格確認等システムへの登録</li>"), "the preview shows the draft as the public page would");
        // The public page still shows the published text.
        let (_, public) = app.get_html("/privacy", None).await;
        assert!(!public.contains("マイナ保険証に関する情報"));
        // Members and other staff roles are refused.
        let clerk = app.signed_in_staff("S705", &["intake"]).await;
        assert_eq!(app.get_api("/api/staff/publication/draft", &clerk).await.status(), 403);
    }
}

on_both_databases! {
    async fn a_changed_purpose_is_approved_only_with_an_answer_which_is_kept_and_audited(backend) {
        let app = TestApp::start(backend).await;
        let s = staff(&app).await;
        assert!(app.start_draft(&s.admin).await.status().is_success());
        // Reword the first category's first purpose.
        let page = app.editor(&s.admin).await;
        let first = &page["draft"]["publication"]["categories"][0];
        let name = first["name"].as_str().unwrap().to_string();
        let mut purposes: Vec<String> = first["purposes"].as_array().unwrap().iter().map(|p| p.as_str().unwrap().to_string()).collect();
        let old_wording = purposes[0].clone();
        purposes[0] = "加入者の管理及び保健事業の案内".into();
        let joined = purposes.join("\n");
        let reword = [("section", "category"), ("op", "save"), ("index", "0"), ("name", name.as_str()), ("purposes", joined.as_str())];
        assert!(app.edit(&s.admin, &reword).await.status().is_success());
        let page = app.editor(&s.admin).await;
        let question = &page["draft"]["purposes"][0];
        assert_eq!(page["draft"]["purposes"].as_array().unwrap().len(), 1, "{page}");
        assert_eq!(question["change"]["key"]["purpose"], "加入者の管理及び保健事業の案内");
        assert_eq!(question["change"]["previous"].as_str(), Some(old_wording.as_str()));
        assert_eq!(question["answer"], Value::Null);

        // Refused while the answer is missing, next to the question; nothing published.
        let (status, body) = problem_of(app.approve(&s.approver, "2026-11-22").await).await;
        assert_eq!(status, 422);
        assert!(body.contains("purpose.0.answer") && body.contains("required"), "{body}");
        assert_eq!(app.count("SELECT COUNT(*) FROM publication_versions").await, 2);
        let form = [("form[draft]", page["draft"]["id"].to_string()), ("form[rev]", page["draft"]["revision"].to_string()),
            ("form[effective_date]", "2026-11-22".into())];
        let res = app.client.post(app.url("/api/staff/publication/draft/approve")).header("origin", &app.origin)
            .header("accept", "text/html").header("cookie", &s.approver).form(&form).send().await.unwrap();
        let location = res.headers()["location"].to_str().unwrap().to_string();
        assert!(location.starts_with("/staff/publication?e=") && location.ends_with("#approve"), "{location}");
        let html = app.get_with(&location, &format!("{}; {}", s.approver, crate::support::kept_cookie(&res))).await.text().await.unwrap();
        assert!(html.contains("利用目的の変更に回答のないものがあるため、承認できません。"), "the approval says why");
        assert!(html.contains("id=\"e-purpose-0-answer-error\"") && html.contains("承認するには、この利用目的についての回答が必要です。"), "and the question says what is missing");
        assert!(html.contains("この利用目的は、変更前の利用目的と関連性を有すると合理的に認められる範囲内ですか。"));

        // Consent without how it is obtained, no choice, a stale page and another site's
        // post are refused, and nothing is stored.
        let (status, body) = problem_of(app.answer(&s.admin, 0, "consent", "  ").await).await;
        assert_eq!(status, 422);
        assert!(body.contains("purpose.0.note") && body.contains("required"), "{body}");
        let (status, body) = problem_of(app.answer(&s.admin, 0, "", "").await).await;
        assert_eq!((status, body.contains("purpose.0.answer") && body.contains("choice")), (422, true), "{body}");
        assert_eq!(app.answer(&s.admin, 1, "related", "").await.status(), 409, "no such question");
        let stale = app.post_api("/api/staff/publication/draft/purpose", Some(&s.admin), &[("form[draft]", &page["draft"]["id"].to_string()),
            ("form[rev]", "1"), ("form[index]", "0"), ("form[answer]", "related")]).await;
        assert_eq!(stale.status(), 409);
        let page = app.editor(&s.admin).await;
        let cross = app.client.post(app.url("/api/staff/publication/draft/purpose")).header("origin", "http://evil.example")
            .header("cookie", &s.admin)
            .form(&[("form[draft]", page["draft"]["id"].to_string()), ("form[rev]", page["draft"]["revision"].to_string()),
                ("form[index]", "0".into()), ("form[answer]", "related".into())])
            .send().await.unwrap();
        assert_eq!(cross.status(), 403);
        assert_eq!(app.count("SELECT COUNT(*) FROM publication_purpose_answers").await, 0);

        // Beyond the related range: consent, and how it is obtained.
        let note = "対象の加入者全員に書面で説明し、同意書の返送をもって同意を得る。";
        let res = app.answer(&s.admin, 0, "consent", note).await;
        assert!(res.status().is_success(), "{}", res.text().await.unwrap());
        let page = app.editor(&s.approver).await;
        let answer = &page["draft"]["purposes"][0]["answer"];
        assert_eq!((answer["answer"].as_str(), answer["consent_note"].as_str(), answer["answered_by"].as_str()), (Some("consent"), Some(note), Some("S700")));
        assert!(!page["own_draft"].as_bool().unwrap(), "answering does not make the approver's own draft");
        let html = app.get_with("/staff/publication", &s.approver).await.text().await.unwrap();
        assert!(html.contains("範囲を超える — 本人の同意（18条1項）を得る") && html.contains(note) && html.contains("回答した職員: S700（2026-11-22 10:00:00）"), "the answer and who gave it");

        // Rewording it again asks again: the answer was about the words.
        let reworded = joined.replace("加入者の管理及び保健事業の案内", "加入者の管理及び保健事業のご案内");
        let reword = [("section", "category"), ("op", "save"), ("index", "0"), ("name", name.as_str()), ("purposes", reworded.as_str())];
        assert!(app.edit(&s.admin, &reword).await.status().is_success());
        assert_eq!(app.editor(&s.admin).await["draft"]["purposes"][0]["answer"], Value::Null);
        assert_eq!(app.approve(&s.approver, "2026-11-22").await.status(), 422);
        assert!(app.edit(&s.admin, &[("section", "category"), ("op", "save"), ("index", "0"), ("name", name.as_str()), ("purposes", joined.as_str())]).await.status().is_success());
        assert_eq!(app.editor(&s.admin).await["draft"]["purposes"][0]["answer"]["answer"], "consent", "the answer to these words holds again");

        assert!(app.approve(&s.approver, "2026-11-22").await.status().is_success());
        assert_eq!(app.count("SELECT COUNT(*) FROM publication_versions").await, 3);

        // Stored with who answered, and kept as given.
        #[derive(sqlx::FromRow)]
        struct Stored {
            scope: String,
            scope_id: String,
            purpose: String,
            previous: Option<String>,
            answer: String,
            consent_note: Option<String>,
            staff_number: String,
            answered_at: String,
        }
        let stored: Vec<Stored> = sqlx::query_as(
            "SELECT a.scope, a.scope_id, a.purpose, a.previous, a.answer, a.consent_note, s.staff_number, a.answered_at \
             FROM publication_purpose_answers a JOIN staff s ON s.id = a.answered_by ORDER BY a.id",
        )
        .fetch_all(&app.state.db.pool).await.unwrap();
        assert_eq!(stored.len(), 1);
        let row = &stored[0];
        assert_eq!(
            (row.scope.as_str(), row.scope_id.as_str(), row.purpose.as_str(), row.previous.as_deref(), row.answer.as_str(), row.consent_note.as_deref(), row.staff_number.as_str(), row.answered_at.as_str()),
            ("category", first["id"].as_str().unwrap(), "加入者の管理及び保健事業の案内", Some(old_wording.as_str()), "consent", Some(note), "S700", "2026-11-22T01:00:00.000000Z")
        );
        assert!(sqlx::query("UPDATE publication_purpose_answers SET answer = 'related', consent_note = NULL").execute(&app.state.db.pool).await.is_err());
        assert!(sqlx::query("DELETE FROM publication_purpose_answers").execute(&app.state.db.pool).await.is_err());

        // Audited: the answer itself, by whom, and the approval naming it.
        #[derive(sqlx::FromRow)]
        struct Event {
            actor_kind: String,
            actor_id: Option<String>,
            data_category: Option<String>,
            record_ref: Option<String>,
            detail: Option<String>,
        }
        let events: Vec<Event> = sqlx::query_as(
            "SELECT actor_kind, actor_id, data_category, record_ref, detail FROM audit_events WHERE action = 'publication.purpose.answer' ORDER BY id",
        )
        .fetch_all(&app.state.db.pool).await.unwrap();
        assert_eq!(events.len(), 1);
        let e = &events[0];
        let admin_id: i64 = sqlx::query_scalar("SELECT id FROM staff WHERE staff_number = 'S700'").fetch_one(&app.state.db.pool).await.unwrap();
        let draft_id = page["draft"]["id"].as_i64().unwrap();
        assert_eq!(
            (e.actor_kind.as_str(), e.actor_id.clone(), e.data_category.as_deref(), e.record_ref.clone()),
            ("staff", Some(admin_id.to_string()), Some("publication"), Some(format!("publication_drafts/{draft_id}")))
        );
        let detail: Value = serde_json::from_str(e.detail.as_deref().unwrap()).unwrap();
        assert_eq!((detail["answer"].as_str(), detail["consent_note"].as_str(), detail["purpose"].as_str()), (Some("consent"), Some(note), Some("加入者の管理及び保健事業の案内")));
        let approval: String = sqlx::query_scalar("SELECT detail FROM audit_events WHERE action = 'publication.draft.approve'").fetch_one(&app.state.db.pool).await.unwrap();
        let approval: Value = serde_json::from_str(&approval).unwrap();
        assert_eq!(approval["purpose_changes"][0]["answer"], "consent");
        assert_eq!(approval["purpose_changes"][0]["answered_by"], "S700");
    }
}
