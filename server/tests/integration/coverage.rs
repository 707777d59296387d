//! Coverage of the audit record: every server function is declared here as reading or
//! changing a member's data (and then it is called, successfully, and must have written a
//! record naming the actor and their role, the subject member, the data category and
//! record, the time, the IP address and user agent, the purpose and the outcome), or as
//! touching no member's data, with the reason. A function missing from the list fails.
//!
//! Known gaps, stated rather than hidden: the flows that need a code from a posted letter
//! or a mail (register, reset, second-factor restart and enrolment, e-mail) are declared
//! `Elsewhere` with the reason, and not called here.

use std::collections::BTreeSet;

use reqwest::multipart::{Form, Part};

use crate::on_both_databases;
use crate::support::TestApp;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Records {
    /// Reads or changes one member's data: the record names that member.
    Member(&'static str),
    /// Reads many members' data at once (a list): the record names no single subject.
    Many(&'static str),
    /// Not called here, for this reason (a stated gap).
    Elsewhere(&'static str),
    /// Touches no member's data, for this reason.
    None(&'static str),
}

const LETTER: &str = "needs a code from a posted letter or mail; the flow is tested in identity.rs";

const COVERAGE: &[(&str, Records)] = &[
    ("/api/publication/current", Records::None("the 公表事項 is public")),
    ("/api/publication/versions", Records::None("the 公表事項 is public")),
    ("/api/publication/version", Records::None("the 公表事項 is public")),
    ("/api/publication/compare", Records::None("the 公表事項 is public")),
    ("/api/publication/news", Records::None("which published (public) changes the caller has not yet acknowledged")),
    ("/api/publication/news/acknowledge", Records::Elsewhere("needs a published change; publication_drafts.rs checks its record (publication.acknowledge naming the member)")),
    ("/api/staff/publication/draft", Records::None("the draft of the public 公表事項; no member's data")),
    ("/api/staff/publication/draft/start", Records::None("the public 公表事項; recorded as publication.draft.create")),
    ("/api/staff/publication/draft/edit", Records::None("the public 公表事項; recorded as publication.draft.edit")),
    ("/api/staff/publication/draft/purpose", Records::None("staff's answer on a changed purpose of the public 公表事項; recorded as publication.purpose.answer")),
    ("/api/staff/publication/draft/discard", Records::None("the public 公表事項; recorded as publication.draft.discard")),
    ("/api/staff/publication/draft/approve", Records::None("the public 公表事項; recorded as publication.draft.approve and publication.publish")),
    ("/api/language", Records::None("a language cookie")),
    ("/api/login", Records::Member("login.succeeded")),
    ("/api/logout", Records::None("ends the caller's own session")),
    ("/api/register/request", Records::Elsewhere(LETTER)),
    ("/api/register/complete", Records::Elsewhere(LETTER)),
    ("/api/reset/request", Records::Elsewhere(LETTER)),
    ("/api/reset/complete", Records::Elsewhere(LETTER)),
    ("/api/second-factor/restart", Records::Elsewhere(LETTER)),
    ("/api/second-factor/enrolment", Records::Elsewhere(LETTER)),
    ("/api/second-factor/confirm", Records::Elsewhere(LETTER)),
    ("/api/account/confirm", Records::Member("step_up.succeeded")),
    ("/api/account/overview", Records::Member("account.view")),
    ("/api/account/sessions", Records::Member("session.list")),
    ("/api/account/sessions/revoke", Records::Member("session.revoke")),
    ("/api/account/recovery-codes", Records::Member("recovery_codes.regenerated")),
    ("/api/account/recovery-codes/show", Records::None("shows codes just issued to the caller, from the session, until they confirm keeping them")),
    ("/api/account/recovery-codes/stored", Records::Member("recovery_codes.stored")),
    ("/api/account/password", Records::Member("password.changed")),
    ("/api/account/email", Records::Elsewhere("needs the mail service, which the test server runs without")),
    ("/api/account/email/verify", Records::Elsewhere(LETTER)),
    ("/api/account/login-id", Records::Member("login_id.set")),
    ("/api/account/access-history", Records::Member("access_history.view")),
    ("/api/requests/form", Records::Member("request.form")),
    ("/api/requests/submit", Records::Member("request.submit")),
    ("/api/requests/step", Records::None("the member's own answers, kept between the form's pages until sent; the request is recorded when sent (request.submit)")),
    ("/api/requests/mine", Records::Member("request.list")),
    ("/api/home", Records::Member("request.list")),
    ("/api/requests/one", Records::Member("request.view")),
    ("/api/requests/act", Records::Member("request.act")),
    ("/api/requests/letter", Records::Member("request.letter")),
    ("/api/staff/login", Records::None("staff's own sign-in")),
    ("/api/staff/logout", Records::None("ends the caller's own session")),
    ("/api/staff/setup", Records::None("staff's own account setup")),
    ("/api/staff/second-factor/confirm", Records::None("staff's own account setup")),
    ("/api/staff/home", Records::None("the staff member's own roles and a count")),
    ("/api/staff/grants", Records::None("staff access rights, not member data")),
    ("/api/staff/grants/review", Records::None("staff access rights, not member data")),
    ("/api/staff/admin/add", Records::None("staff accounts, not member data")),
    ("/api/staff/admin/end-grant", Records::None("staff accounts, not member data")),
    ("/api/staff/admin/leaver", Records::None("staff accounts, not member data")),
    ("/api/staff/admin/new-code", Records::None("staff accounts, not member data")),
    ("/api/staff/member", Records::Member("staff.member_lookup")),
    ("/api/staff/member/reissue-letter", Records::Member("letter.issued")),
    ("/api/staff/member/reset-second-factor", Records::Member("staff.identity_checked")),
    ("/api/staff/member/close", Records::Member("account.closed")),
    ("/api/staff/letters", Records::Many("letters.list")),
    ("/api/staff/letter", Records::Member("letter.view")),
    ("/api/staff/letter/print", Records::Member("letter.print")),
    ("/api/staff/letter/posted", Records::Member("letter.posted")),
    ("/api/staff/requests", Records::Many("request.queue")),
    ("/api/staff/requests/one", Records::Member("request.view")),
    ("/api/staff/requests/held", Records::Member("registry.view")),
    ("/api/staff/requests/act", Records::Member("request.act")),
    ("/api/staff/requests/attachment/my-number", Records::Elsewhere("needs a request with a file; measures.rs deletes one and checks its record")),
    ("/api/staff/requests/assign", Records::Member("request.assign")),
    ("/api/staff/requests/assign-many", Records::Member("request.assign")),
    ("/api/staff/requests/decide", Records::Member("request.decide")),
    ("/api/staff/requests/review", Records::Member("request.approve")),
    ("/api/staff/requests/acknowledge", Records::Elsewhere("needs a complaint suggesting a leak; intake.rs checks its request.escalation_acknowledge record")),
    ("/api/staff/requests/letter", Records::Member("request.letter")),
    ("/api/staff/requests/fee", Records::Member("fee.record")),
    ("/api/staff/requests/fee-paper", Records::Member("fee.paper")),
    ("/api/requests/fee-paper", Records::Member("fee.paper")),
    ("/api/staff/receipts/inquiries", Records::Elsewhere("needs a 開示 asking for レセプト; receipts.rs checks its receipt_inquiry.view record")),
    ("/api/staff/receipts/inquiries/create", Records::Elsewhere("needs a 開示 asking for レセプト; receipts.rs checks its receipt_inquiry.create record")),
    ("/api/staff/receipts/inquiries/answer", Records::Elsewhere("needs an inquiry; receipts.rs checks its receipt_inquiry.answer record")),
    ("/api/staff/receipts/inquiries/letter", Records::Elsewhere("needs an inquiry; receipts.rs checks its receipt_inquiry.letter record")),
    ("/api/staff/package", Records::Member("package.view")),
    ("/api/staff/package/start", Records::Member("package.start")),
    ("/api/staff/package/exclude", Records::Member("package.exclude")),
    ("/api/staff/package/file", Records::Member("package.file.add")),
    ("/api/staff/package/withdraw", Records::Member("package.file.withdraw")),
    ("/api/staff/package/posted", Records::Elsewhere("needs a package released for posting (書面); delivery.rs checks it")),
    ("/api/package/download", Records::Member("package.ticket")),
    ("/api/staff/package/reissue", Records::Elsewhere("needs a released package past its download period; reissue.rs checks its package.reissue.prepare record")),
    ("/api/staff/package/reissue/decide", Records::Elsewhere("needs a prepared re-issue; reissue.rs checks its package.reissue.approve and .cancel records")),
    ("/api/staff/corrections", Records::Many("correction.list")),
    ("/api/staff/corrections/conflict", Records::Elsewhere("needs an import flagged against a correction; delivery.rs settles one")),
    ("/api/requests/disown", Records::Elsewhere("needs an agent's request about a member with an account; lifecycle.rs checks its request.act record")),
    ("/api/staff/corrections/done", Records::Elsewhere("needs an approved その他 correction; delivery.rs marks one done and checks its record")),
    ("/api/staff/reports", Records::Many("report.view")),
    ("/api/staff/templates", Records::None("the 文例 staff keep: texts with placeholders, no member's data")),
    ("/api/staff/templates/save", Records::None("a 文例: a text with placeholders, filled only on a request's page (whose view is recorded)")),
    ("/api/staff/templates/remove", Records::None("a 文例: no member's data")),
    ("/api/staff/queue/filters/save", Records::None("the caller's own saved filter; the queue it opens records its read")),
    ("/api/staff/queue/filters/remove", Records::None("the caller's own saved filter")),
    ("/api/staff/queue/shortcuts", Records::None("the caller's own keyboard setting")),
    ("/api/staff/intake/form", Records::None("a blank form and the colleagues list")),
    ("/api/staff/intake", Records::Member("request.intake")),
    ("/api/staff/audit", Records::Many("audit.search")),
    ("/api/staff/audit/disposals", Records::Many("audit.search")),
    ("/api/staff/provisions", Records::Many("provision.list")),
    ("/api/staff/provisions/record", Records::Member("provision.record")),
    ("/api/notices", Records::Member("notice.view")),
    ("/api/notices/statement", Records::Member("notice.statement")),
    ("/api/notices/sharing", Records::Member("notice.sharing_view")),
    ("/api/notices/sharing/set", Records::Member("notice.display_choice")),
    ("/api/staff/notices/consent", Records::Member("notice.display_choice")),
    ("/api/staff/imports/status", Records::None("the progress of an import started from a staff page; the import itself records each entry")),
    ("/api/staff/audit/verify", Records::None("recomputes hashes; records its result, reads no member data")),
    ("/api/passkey/available", Records::None("whether the portal offers passkeys")),
    ("/api/passkey/register/start", Records::None("starts a ceremony for the caller's own account; nothing is kept but its challenge")),
    ("/api/passkey/register/finish", Records::Elsewhere(PASSKEY)),
    ("/api/passkey/sign-in/start", Records::None("starts a sign-in ceremony; no account is known yet")),
    ("/api/passkey/sign-in/finish", Records::Elsewhere(PASSKEY)),
    ("/api/account/passkeys", Records::None("the caller's own passkeys: two dates each, no registry data")),
    ("/api/account/passkeys/remove", Records::Elsewhere(PASSKEY)),
    ("/api/staff/passkey/available", Records::None("whether the portal offers passkeys")),
    ("/api/staff/passkey/register/start", Records::None("staff's own account")),
    ("/api/staff/passkey/register/finish", Records::Elsewhere(PASSKEY)),
    ("/api/staff/passkey/sign-in/start", Records::None("staff's own sign-in")),
    ("/api/staff/passkey/sign-in/finish", Records::None("staff's own sign-in")),
    ("/api/staff/passkeys", Records::None("staff's own account")),
    ("/api/staff/passkeys/remove", Records::None("staff's own account; recorded as passkey.removed")),
];

const PASSKEY: &str = "needs an authenticator; passkeys.rs runs the ceremonies with a software passkey and checks their records (passkey.added, second_factor.enrolled, login.succeeded, passkey.removed, passkey.refused)";

#[test]
fn every_server_function_is_declared_with_what_it_records() {
    let _ = app::App;
    let registered: BTreeSet<String> = leptos::server_fn::axum::server_fn_paths().map(|(p, _)| p.to_string()).collect();
    let declared: BTreeSet<String> = COVERAGE.iter().map(|(p, _)| p.to_string()).collect();
    let missing: Vec<_> = registered.difference(&declared).collect();
    let stale: Vec<_> = declared.difference(&registered).collect();
    assert!(missing.is_empty(), "server functions not declared in the audit coverage: {missing:?}");
    assert!(stale.is_empty(), "coverage entries for functions that no longer exist: {stale:?}");
}

const UA: &str = "coverage-test/1.0 (madoguchi)";

/// The calls of the scenario, with the member whose data each touched.
struct Run<'a> {
    app: &'a TestApp,
    proven: BTreeSet<&'static str>,
    /// What is missing, call by call (all are reported together).
    failures: Vec<String>,
}

impl Run<'_> {
    async fn last_id(&self) -> i64 {
        sqlx::query_scalar::<_, Option<i64>>("SELECT MAX(id) FROM audit_events").fetch_one(&self.app.state.db.pool).await.unwrap().unwrap_or(0)
    }

    async fn get(&self, path: &str, cookie: &str, query: &str) -> reqwest::Response {
        let url = if query.is_empty() { self.app.url(path) } else { format!("{}?{query}", self.app.url(path)) };
        self.app.client.get(url).header("cookie", cookie).header("user-agent", UA).send().await.unwrap()
    }

    async fn post(&self, path: &str, cookie: Option<&str>, form: &[(&str, &str)]) -> reqwest::Response {
        let mut req = self.app.client.post(self.app.url(path)).header("origin", &self.app.origin).header("user-agent", UA).form(form);
        if let Some(c) = cookie {
            req = req.header("cookie", c);
        }
        req.send().await.unwrap()
    }

    async fn multipart(&self, path: &str, cookie: &str, form: Form) -> reqwest::Response {
        self.app
            .client
            .post(self.app.url(path))
            .header("origin", &self.app.origin)
            .header("cookie", cookie)
            .header("user-agent", UA)
            .multipart(form)
            .send()
            .await
            .unwrap()
    }

    /// Checks the call to `path` (made after event `before`) succeeded and wrote its record,
    /// complete, about `subject` (None for a list).
    async fn proves(&mut self, path: &'static str, res: reqwest::Response, before: i64, actor_kind: &str, subject: Option<i64>) {
        let status = res.status();
        assert!(status.is_success() || status.is_redirection(), "{path}: {status} {}", res.text().await.unwrap_or_default());
        let action = match COVERAGE.iter().find(|(p, _)| *p == path).map(|(_, r)| *r) {
            Some(Records::Member(a) | Records::Many(a)) => a,
            other => panic!("{path} is declared {other:?}, not as recording"),
        };
        type Row = (Option<String>, Option<String>, Option<i64>, Option<String>, Option<String>, String, Option<String>, Option<String>, Option<String>, String, String);
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT actor_id, actor_role, subject_member_id, data_category, record_ref, occurred_at, ip, user_agent, purpose, outcome, actor_kind \
             FROM audit_events WHERE id > $1 AND action = $2 ORDER BY id",
        )
        .bind(before)
        .bind(action)
        .fetch_all(&self.app.state.db.pool)
        .await
        .unwrap();
        let all: Vec<(String,)> = sqlx::query_as("SELECT action FROM audit_events WHERE id > $1").bind(before).fetch_all(&self.app.state.db.pool).await.unwrap();
        let Some(r) = rows.first() else {
            self.failures.push(format!("{path}: no `{action}` record; written: {all:?}"));
            return;
        };
        let mut problems = Vec::new();
        if r.10 != actor_kind {
            problems.push("actor kind");
        }
        if r.0.is_none() {
            problems.push("actor");
        }
        if actor_kind == "staff" && r.1.as_deref().is_none_or(str::is_empty) {
            problems.push("role");
        }
        if r.2 != subject {
            problems.push("subject member");
        }
        if r.3.is_none() {
            problems.push("data category");
        }
        if subject.is_some() && r.4.is_none() {
            problems.push("record");
        }
        if subject.is_some() && r.8.is_none() {
            problems.push("purpose");
        }
        if !r.5.starts_with("2026-11-") {
            problems.push("when");
        }
        if r.6.as_deref() != Some("127.0.0.1") {
            problems.push("ip");
        }
        if r.7.as_deref() != Some(UA) {
            problems.push("user agent");
        }
        if r.9 != "allowed" {
            problems.push("outcome");
        }
        if !problems.is_empty() {
            self.failures.push(format!("{path} `{action}`: {problems:?} in {r:?}"));
            return;
        }
        self.proven.insert(path);
    }
}

fn text_form(pairs: &[(&str, &str)]) -> Form {
    pairs.iter().fold(Form::new(), |f, (k, v)| f.text(k.to_string(), v.to_string()))
}

fn receipt_of(res: &reqwest::Response, prefix: &str) -> String {
    let location = res.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default();
    location.trim_start_matches(prefix).split('?').next().unwrap_or_default().to_string()
}

on_both_databases! {
    async fn every_function_that_touches_member_data_records_who_whose_what_when_where_why_and_how_it_ended(backend) {
        let app = TestApp::with_registry(backend).await;
        let mut run = Run { app: &app, proven: BTreeSet::new(), failures: Vec::new() };
        let taro = app.member_id("1001", "23", "00").await;
        let saburo = app.member_id("1003", "7", "00").await;
        let member = app.signed_in_member("1001", "23", "00").await;
        let intake = app.signed_in_staff("S0901", &["intake"]).await;
        let reviewer = app.signed_in_staff("S0902", &["reviewer"]).await;
        let approver = app.signed_in_staff("S0903", &["approver"]).await;
        let auditor = app.signed_in_staff("S0904", &["auditor"]).await;
        let me = Some(taro);

        // The member's own account.
        let b = run.last_id().await;
        let code = app.totp(0);
        let res = run.post("/api/login", None, &[("identifier", "1001-23-00"), ("password", TestApp::PASSWORD), ("code", &code), ("next", "")]).await;
        run.proves("/api/login", res, b, "member", me).await;
        let b = run.last_id().await;
        let res = run.post("/api/account/confirm", Some(&member), &[("password", TestApp::PASSWORD), ("code", &app.totp(1)), ("next", "/account")]).await;
        run.proves("/api/account/confirm", res, b, "member", me).await;
        for path in ["/api/account/overview", "/api/account/sessions", "/api/account/access-history", "/api/requests/mine", "/api/home"] {
            let b = run.last_id().await;
            let res = run.get(path, &member, "").await;
            run.proves(path, res, b, "member", me).await;
        }
        let b = run.last_id().await;
        let res = run.get("/api/requests/form", &member, "kind=correction").await;
        run.proves("/api/requests/form", res, b, "member", me).await;
        let b = run.last_id().await;
        let res = run.post("/api/account/login-id", Some(&member), &[("login_id", "coverage.taro")]).await;
        run.proves("/api/account/login-id", res, b, "member", me).await;
        let b = run.last_id().await;
        let res = run.post("/api/account/recovery-codes", Some(&member), &[]).await;
        run.proves("/api/account/recovery-codes", res, b, "member", me).await;
        let b = run.last_id().await;
        let res = run.post("/api/account/recovery-codes/stored", Some(&member), &[("stored", "1")]).await;
        run.proves("/api/account/recovery-codes/stored", res, b, "member", me).await;
        let b = run.last_id().await;
        let changed = [("current_password", TestApp::PASSWORD), ("password", "a new and longer passphrase"), ("password_confirm", "a new and longer passphrase")];
        let res = run.post("/api/account/password", Some(&member), &changed).await;
        run.proves("/api/account/password", res, b, "member", me).await;
        let back = [("current_password", "a new and longer passphrase"), ("password", TestApp::PASSWORD), ("password_confirm", TestApp::PASSWORD)];
        assert!(run.post("/api/account/password", Some(&member), &back).await.status().is_success());
        let other_session = app.signed_in_member("1001", "23", "00").await;
        let sessions: Vec<serde_json::Value> = run.get("/api/account/sessions", &member, "").await.json().await.unwrap();
        let other = sessions.iter().find(|s| s["current"] == false).expect("another session")["id"].to_string();
        let b = run.last_id().await;
        let res = run.post("/api/account/sessions/revoke", Some(&member), &[("id", &other)]).await;
        run.proves("/api/account/sessions/revoke", res, b, "member", me).await;
        drop(other_session);

        // 医療費のお知らせ: the year, the statement, the sharing setting, and a paper consent.
        crate::notices::import_demo_notices(&app).await;
        for (path, query) in [("/api/notices", "year=2026"), ("/api/notices/statement", "year=2026"), ("/api/notices/sharing", "")] {
            let b = run.last_id().await;
            let res = run.get(path, &member, query).await;
            run.proves(path, res, b, "member", me).await;
        }
        let b = run.last_id().await;
        let res = run.post("/api/notices/sharing/set", Some(&member), &[("choice", "consent")]).await;
        run.proves("/api/notices/sharing/set", res, b, "member", me).await;
        let b = run.last_id().await;
        let paper = [("form[key]", "1001-23-01"), ("form[choice]", "consent"), ("form[signed_on]", "2026-11-20")];
        let res = run.post("/api/staff/notices/consent", Some(&intake), &paper).await;
        run.proves("/api/staff/notices/consent", res, b, "staff", Some(app.member_id("1001", "23", "01").await)).await;

        // A request, from submission to its letter.
        app.answer_steps(&member, &[("request_type", "disclosure"), ("for", "self"), ("categories", "qualification"), ("method", "electronic")]).await.unwrap();
        let page = app.confirmation_page(&member, "disclosure").await;
        let confirmation = page["confirm"]["confirmation"].as_str().unwrap_or_default().to_string();
        let b = run.last_id().await;
        let res = run
            .multipart("/api/requests/submit", &member, text_form(&[("request_type", "disclosure"), ("confirmation", &confirmation), ("fee_yen", &page["setup"]["fee_yen"].to_string())]))
            .await;
        let receipt = receipt_of(&res, "/requests/");
        run.proves("/api/requests/submit", res, b, "member", me).await;
        let b = run.last_id().await;
        let res = run.get("/api/requests/one", &member, &format!("receipt={receipt}")).await;
        run.proves("/api/requests/one", res, b, "member", me).await;

        let b = run.last_id().await;
        let res = run.get("/api/staff/requests", &reviewer, "").await;
        run.proves("/api/staff/requests", res, b, "staff", None).await;
        for path in ["/api/staff/requests/one", "/api/staff/requests/held"] {
            let b = run.last_id().await;
            let res = run.get(path, &reviewer, &format!("receipt={receipt}")).await;
            run.proves(path, res, b, "staff", me).await;
        }
        let version = || async {
            sqlx::query_scalar::<_, i64>("SELECT version FROM requests WHERE receipt_number = $1").bind(&receipt).fetch_one(&app.state.db.pool).await.unwrap().to_string()
        };
        let b = run.last_id().await;
        let res = run.post("/api/staff/requests/act", Some(&reviewer), &[("receipt", &receipt), ("action", "start_review"), ("message", ""), ("version", "")]).await;
        run.proves("/api/staff/requests/act", res, b, "staff", me).await;
        let b = run.last_id().await;
        let v = version().await;
        let res = run.post("/api/staff/requests/assign", Some(&reviewer), &[("receipt", &receipt), ("version", &v), ("assignee", ""), ("importance", "high"), ("urgency", "normal"), ("reassign_reason", "x")]).await;
        run.proves("/api/staff/requests/assign", res, b, "staff", me).await;
        let b = run.last_id().await;
        let pick = format!("pick[r{receipt}]");
        let res = run.post("/api/staff/requests/assign-many", Some(&reviewer), &[(pick.as_str(), "1"), ("assignee", ""), ("back", "/staff/requests")]).await;
        run.proves("/api/staff/requests/assign-many", res, b, "staff", me).await;
        // The package: started, read, a file added and taken out again, the address withheld.
        let b = run.last_id().await;
        let res = run.post("/api/staff/package/start", Some(&reviewer), &[("receipt", &receipt)]).await;
        run.proves("/api/staff/package/start", res, b, "staff", me).await;
        let b = run.last_id().await;
        let res = run.get("/api/staff/package", &reviewer, &format!("receipt={receipt}")).await;
        let revision = || async {
            let p: serde_json::Value = app.get_api(&format!("/api/staff/package?receipt={receipt}"), &reviewer).await.json().await.unwrap();
            p["revision"].to_string()
        };
        run.proves("/api/staff/package", res, b, "staff", me).await;
        let b = run.last_id().await;
        let rev = revision().await;
        let form = text_form(&[("receipt", &receipt), ("revision", &rev), ("title", "健診結果")])
            .part("supporting", Part::bytes(b"%PDF-1.4\n%%EOF\n".to_vec()).file_name("kenshin.pdf").mime_str("application/pdf").unwrap());
        let res = run.multipart("/api/staff/package/file", &reviewer, form).await;
        run.proves("/api/staff/package/file", res, b, "staff", me).await;
        let file: i64 = sqlx::query_scalar("SELECT id FROM package_files").fetch_one(&app.state.db.pool).await.unwrap();
        let b = run.last_id().await;
        let rev = revision().await;
        let res = run.post("/api/staff/package/withdraw", Some(&reviewer), &[("receipt", &receipt), ("revision", &rev), ("file", &file.to_string())]).await;
        run.proves("/api/staff/package/withdraw", res, b, "staff", me).await;
        let b = run.last_id().await;
        let rev = revision().await;
        let res = run.post("/api/staff/package/exclude", Some(&reviewer), &[("receipt", &receipt), ("revision", &rev), ("item", "registry.address"), ("ground", "business")]).await;
        run.proves("/api/staff/package/exclude", res, b, "staff", me).await;
        let b = run.last_id().await;
        let res = run.get("/api/staff/corrections", &reviewer, "").await;
        run.proves("/api/staff/corrections", res, b, "staff", None).await;

        // The fee (38条): its payment recorded, the 領収書 read by the member and by staff.
        let b = run.last_id().await;
        let today = kit::time::tokyo_date(app.state.clock.now()).to_string();
        let payment = [("receipt", receipt.as_str()), ("settle", "paid"), ("paid_on", &today), ("method", "bank_transfer"), ("amount_yen", "300")];
        let res = run.post("/api/staff/requests/fee", Some(&reviewer), &payment).await;
        run.proves("/api/staff/requests/fee", res, b, "staff", me).await;
        let b = run.last_id().await;
        let res = run.get("/api/requests/fee-paper", &member, &format!("receipt={receipt}")).await;
        run.proves("/api/requests/fee-paper", res, b, "member", me).await;
        let b = run.last_id().await;
        let res = run.get("/api/staff/requests/fee-paper", &reviewer, &format!("receipt={receipt}")).await;
        run.proves("/api/staff/requests/fee-paper", res, b, "staff", me).await;

        // A partial disclosure needs the 責任者's approval: decide, then review.
        let b = run.last_id().await;
        let v = version().await;
        let decision = [("receipt", receipt.as_str()), ("version", &v), ("outcome", "partial_disclosure"), ("ground", "33-2-2"), ("reason", "審査中の記録は開示しません。")];
        let res = run.post("/api/staff/requests/decide", Some(&reviewer), &decision).await;
        run.proves("/api/staff/requests/decide", res, b, "staff", me).await;
        let b = run.last_id().await;
        let v = version().await;
        let res = run.post("/api/staff/requests/review", Some(&approver), &[("receipt", &receipt), ("version", &v), ("decision", "approve"), ("note", "")]).await;
        run.proves("/api/staff/requests/review", res, b, "staff", me).await;
        let b = run.last_id().await;
        let res = run.get("/api/requests/letter", &member, &format!("receipt={receipt}")).await;
        run.proves("/api/requests/letter", res, b, "member", me).await;
        let b = run.last_id().await;
        let res = run.post("/api/package/download", Some(&member), &[("receipt", &receipt)]).await;
        run.proves("/api/package/download", res, b, "member", me).await;
        let b = run.last_id().await;
        let res = run.get("/api/staff/requests/letter", &reviewer, &format!("receipt={receipt}")).await;
        run.proves("/api/staff/requests/letter", res, b, "staff", me).await;

        // A second request, withdrawn by the member.
        let second = app.submit(&member, &[("request_type", "complaint"), ("for", "self"), ("body", "取り下げます")]).await;
        let b = run.last_id().await;
        let res = run.multipart("/api/requests/act", &member, text_form(&[("receipt", &second), ("action", "withdraw"), ("confirm", "1")])).await;
        run.proves("/api/requests/act", res, b, "member", me).await;

        // A paper request entered at the counter for 桜井 三郎.
        let intake_id: i64 = sqlx::query_scalar("SELECT id FROM staff WHERE staff_number = 'S0901'").fetch_one(&app.state.db.pool).await.unwrap();
        let intake_id = intake_id.to_string();
        let b = run.last_id().await;
        let form = text_form(&[
            ("request_type", "complaint"),
            ("idempotency_key", "coverage-key-00000003"),
            ("channel", "counter"),
            ("arrived_on", "2026-11-20"),
            ("subject_kind", "registry"),
            ("subject_key", "1003-7-00"),
            ("subject_birth", "1975-03-03"),
            ("capacity", "self"),
            ("requester_address", "〒150-0000 東京都渋谷区桜丘九丁目9番9号（架空）"),
            ("requester_phone", "03-0000-0000"),
            ("id_document", "drivers_license"),
            ("id_check", "presented"),
            ("checked_by", &intake_id),
            ("body", "窓口での苦情"),
        ])
        .part("supporting", Part::bytes(b"%PDF-1.4\n%%EOF\n".to_vec()).file_name("form.pdf").mime_str("application/pdf").unwrap());
        let res = run.multipart("/api/staff/intake", &intake, form).await;
        run.proves("/api/staff/intake", res, b, "staff", Some(saburo)).await;

        // Account help at the counter: look-up, a new letter, print and post it, a reset.
        let key = [("key", "1001-23-00")];
        let b = run.last_id().await;
        let res = run.get("/api/staff/member", &intake, "key=1001-23-00").await;
        run.proves("/api/staff/member", res, b, "staff", me).await;
        let _ = key;
        let taro_id = taro.to_string();
        let b = run.last_id().await;
        let res = run.post("/api/staff/member/reissue-letter", Some(&intake), &[("member_id", &taro_id), ("key", "1001-23-00")]).await;
        run.proves("/api/staff/member/reissue-letter", res, b, "staff", me).await;
        let b = run.last_id().await;
        let res = run.get("/api/staff/letters", &intake, "").await;
        let letters: Vec<serde_json::Value> = serde_json::from_slice(&res.bytes().await.unwrap()).unwrap();
        let res = run.get("/api/staff/letters", &intake, "").await;
        run.proves("/api/staff/letters", res, b, "staff", None).await;
        let id = letters.last().expect("a letter")["id"].to_string();
        let b = run.last_id().await;
        let res = run.post("/api/staff/letter/print", Some(&intake), &[("id", &id)]).await;
        run.proves("/api/staff/letter/print", res, b, "staff", me).await;
        let b = run.last_id().await;
        let res = run.get("/api/staff/letter", &intake, &format!("id={id}")).await;
        run.proves("/api/staff/letter", res, b, "staff", me).await;
        let b = run.last_id().await;
        let res = run.post("/api/staff/letter/posted", Some(&intake), &[("id", &id)]).await;
        run.proves("/api/staff/letter/posted", res, b, "staff", me).await;
        let b = run.last_id().await;
        let res = run.post("/api/staff/member/reset-second-factor", Some(&intake), &[("member_id", &taro_id), ("key", "1001-23-00"), ("document", "drivers_license")]).await;
        run.proves("/api/staff/member/reset-second-factor", res, b, "staff", me).await;

        // The third-party provision ledger: the list, and an entry for taro.
        let b = run.last_id().await;
        let res = run.get("/api/staff/provisions", &reviewer, "").await;
        let ledger: serde_json::Value = serde_json::from_slice(&res.bytes().await.unwrap()).unwrap();
        let res = run.get("/api/staff/provisions", &reviewer, "").await;
        run.proves("/api/staff/provisions", res, b, "staff", None).await;
        let by_law = ledger["with_consent"][0].as_str().unwrap().to_string();
        let b = run.last_id().await;
        let entry = [
            ("entry[direction]", "provided"),
            ("entry[occurred_on]", "2026-11-20"),
            ("entry[counterparty]", "架空損害保険株式会社"),
            ("entry[subject_key]", "1001-23-00"),
            ("entry[items]", "氏名、受傷日"),
            ("entry[basis]", by_law.as_str()),
        ];
        let res = run.post("/api/staff/provisions/record", Some(&reviewer), &entry).await;
        run.proves("/api/staff/provisions/record", res, b, "staff", me).await;

        // Reports, the auditor's search, and (last) closing an account on death.
        let b = run.last_id().await;
        let res = run.get("/api/staff/reports", &approver, "").await;
        run.proves("/api/staff/reports", res, b, "staff", None).await;
        let b = run.last_id().await;
        let res = run.get("/api/staff/audit", &auditor, "").await;
        run.proves("/api/staff/audit", res, b, "staff", None).await;
        let b = run.last_id().await;
        let res = run.get("/api/staff/audit/disposals", &auditor, "").await;
        run.proves("/api/staff/audit/disposals", res, b, "staff", None).await;
        app.signed_in_member("1003", "7", "00").await;
        let saburo_id = saburo.to_string();
        let b = run.last_id().await;
        let res = run.post("/api/staff/member/close", Some(&approver), &[("member_id", &saburo_id), ("key", "1003-7-00"), ("confirm", "death")]).await;
        run.proves("/api/staff/member/close", res, b, "staff", Some(saburo)).await;

        assert!(run.failures.is_empty(), "incomplete records:\n{}", run.failures.join("\n"));
        // Every function declared as recording was proven.
        let declared: BTreeSet<&str> =
            COVERAGE.iter().filter(|(_, r)| matches!(r, Records::Member(_) | Records::Many(_))).map(|(p, _)| *p).collect();
        let unproven: Vec<_> = declared.difference(&run.proven).collect();
        assert!(unproven.is_empty(), "declared as recording but not exercised: {unproven:?}");
    }
}

on_both_databases! {
    async fn a_refused_call_is_recorded_with_who_tried_from_where(backend) {
        let app = TestApp::with_registry(backend).await;
        let intake = app.signed_in_staff("S0911", &["intake"]).await;
        let run = Run { app: &app, proven: BTreeSet::new(), failures: Vec::new() };
        let b = run.last_id().await;
        // A clerk calling a function of the 責任者 and the auditor.
        assert_eq!(run.get("/api/staff/reports", &intake, "").await.status(), 403);
        let row: (String, Option<String>, String, Option<String>, Option<String>) = sqlx::query_as(
            "SELECT actor_kind, actor_id, outcome, ip, user_agent FROM audit_events WHERE id > $1 AND outcome = 'refused' ORDER BY id LIMIT 1",
        )
        .bind(b)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
        let intake_id: i64 = sqlx::query_scalar("SELECT id FROM staff WHERE staff_number = 'S0911'").fetch_one(&app.state.db.pool).await.unwrap();
        assert_eq!(row.0, "staff");
        assert_eq!(row.1, Some(intake_id.to_string()));
        assert_eq!(row.2, "refused");
        assert_eq!(row.3.as_deref(), Some("127.0.0.1"));
        assert_eq!(row.4.as_deref(), Some(UA));
    }
}

/// The CLI commands, declared the same way.
const CLI: &[(&str, Records)] = &[
    ("serve", Records::None("serves the portal; each request records itself")),
    ("migrate", Records::None("the schema only")),
    ("publish", Records::None("the 公表事項 is public")),
    ("measure-password-hash", Records::None("a benchmark of the hash parameters")),
    ("audit-verify", Records::None("recomputes hashes; records its result, reads no member data")),
    ("check-data", Records::None("validates publication files without a database")),
    ("import-registry", Records::Many("registry.import")),
    ("import-notices", Records::Many("notice.import")),
    ("generate-notices", Records::None("writes generated data to a file; opens no database")),
    ("add-staff", Records::None("staff accounts, not member data")),
    ("purge", Records::Elsewhere("retention.rs proves each batch writes its 廃棄記録 and a retention.dispose event")),
    ("sweep-waiting", Records::Elsewhere("lifecycle.rs runs the sweep: a reminder is request.act, a close request.decide, both by the system")),
    ("help", Records::None("prints help")),
];

#[test]
fn every_cli_command_is_declared_with_what_it_records() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_server")).arg("help").output().unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    let commands: BTreeSet<String> = help
        .split("Commands:")
        .nth(1)
        .and_then(|rest| rest.split("\n\n").next())
        .unwrap_or_default()
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_string)
        .collect();
    let declared: BTreeSet<String> = CLI.iter().map(|(c, _)| c.to_string()).collect();
    assert!(commands.len() >= 8, "{help}");
    assert_eq!(commands, declared, "CLI commands and their audit declaration differ");
}

on_both_databases! {
    async fn the_registry_import_command_records_what_it_changed(backend) {
        let app = TestApp::start(backend).await;
        let Some(Records::Many(action)) = CLI.iter().find(|(c, _)| *c == "import-registry").map(|(_, r)| *r) else { panic!() };
        let file = crate::support::demo_dir().join("registry.csv");
        let report = madoguchi_server::cli::import_registry::import_file(&app.state, &file).await.unwrap();
        assert!(report.imported());
        let row: (String, Option<String>, Option<String>, String) = sqlx::query_as(
            "SELECT actor_kind, actor_id, data_category, outcome FROM audit_events WHERE action = $1",
        )
        .bind(action)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
        assert_eq!(row, ("system".to_string(), Some("import-registry".to_string()), Some("registry".to_string()), "allowed".to_string()));
    }
}
