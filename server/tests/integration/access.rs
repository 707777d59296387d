//! The access matrix: every server function is a public HTTP endpoint, so each one must be
//! declared here with who may call it, and is called over HTTP to prove the server
//! enforces it. A server function missing from the matrix fails the test.
//!
//! Callers: anonymous, three members (an adult dependent, the 被保険者 of her household,
//! a member of another household) and one staff member per role.

use std::collections::BTreeSet;

use crate::on_both_databases;
use crate::support::TestApp;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Who {
    /// Anyone (the 公表事項 is public by law; sign-in and registration forms).
    Public,
    /// Only a session in the middle of second-factor enrolment (none of the callers here).
    Enrolment,
    /// A signed-in member, for their own data.
    Member,
    /// A signed-in member who signed in (or confirmed it) within the last minutes: the
    /// step-up table (`kit::access::MemberAction`), proven by `step_up_is_asked_exactly_where_the_table_says`.
    MemberStepUp,
    /// Staff holding one of these roles.
    Staff(&'static [&'static str]),
}

pub(crate) struct Entry {
    pub(crate) path: &'static str,
    pub(crate) method: &'static str,
    who: Who,
    /// Query (GET) or form body (POST) that exercises the function.
    pub(crate) args: &'static str,
}

const ANY_STAFF: &[&str] = &["intake", "reviewer", "approver", "auditor", "admin"];
const READ_ROLES: &[&str] = &["intake", "reviewer", "approver", "auditor"];
const REPORT_ROLES: &[&str] = &["approver", "auditor"];
const REG: &str = "symbol=1001&number=23&branch=00";

pub(crate) const MATRIX: &[Entry] = &[
    Entry { path: "/api/publication/current", method: "GET", who: Who::Public, args: "" },
    Entry { path: "/api/publication/versions", method: "GET", who: Who::Public, args: "" },
    Entry { path: "/api/publication/version", method: "GET", who: Who::Public, args: "id=1" },
    Entry { path: "/api/publication/compare", method: "GET", who: Who::Public, args: "from=1&to=2" },
    Entry { path: "/api/publication/news", method: "GET", who: Who::Public, args: "" },
    Entry { path: "/api/publication/news/acknowledge", method: "POST", who: Who::Member, args: "version=1" },
    Entry { path: "/api/staff/publication/draft", method: "GET", who: Who::Staff(&["admin", "approver"]), args: "" },
    Entry {
        path: "/api/staff/publication/draft/edit",
        method: "POST",
        who: Who::Staff(&["admin", "approver"]),
        args: "form[draft]=999&form[rev]=1&form[section]=category&form[op]=save&form[name]=x&form[purposes]=y",
    },
    Entry {
        path: "/api/staff/publication/draft/discard",
        method: "POST",
        who: Who::Staff(&["admin", "approver"]),
        args: "form[draft]=999&form[rev]=1",
    },
    Entry {
        path: "/api/staff/publication/draft/purpose",
        method: "POST",
        who: Who::Staff(&["admin", "approver"]),
        args: "form[draft]=999&form[rev]=1&form[index]=0&form[answer]=related",
    },
    Entry {
        path: "/api/staff/publication/draft/approve",
        method: "POST",
        who: Who::Staff(&["approver"]),
        args: "form[draft]=999&form[rev]=1&form[effective_date]=2026-12-01",
    },
    Entry { path: "/api/staff/publication/draft/start", method: "POST", who: Who::Staff(&["admin", "approver"]), args: "" },
    Entry { path: "/api/language", method: "POST", who: Who::Public, args: "lang=en&return_to=%2F" },
    Entry {
        path: "/api/register/request",
        method: "POST",
        who: Who::Public,
        args: "symbol=1001&number=23&branch=00&birth_date=1980-01-15",
    },
    Entry {
        path: "/api/register/complete",
        method: "POST",
        who: Who::Public,
        args: "symbol=1001&number=23&branch=00&code=XXXX&password=a&password_confirm=a",
    },
    Entry {
        path: "/api/reset/request",
        method: "POST",
        who: Who::Public,
        args: "symbol=1001&number=23&branch=00&birth_date=1980-01-15",
    },
    Entry {
        path: "/api/reset/complete",
        method: "POST",
        who: Who::Public,
        args: "symbol=1001&number=23&branch=00&code=XXXX&password=a&password_confirm=a&second_factor=1",
    },
    Entry {
        path: "/api/second-factor/restart",
        method: "POST",
        who: Who::Public,
        args: "symbol=1001&number=23&branch=00&code=XXXX&password=a",
    },
    Entry {
        path: "/api/login",
        method: "POST",
        who: Who::Public,
        args: "identifier=9999-1-00&password=wrong&code=000000&next=",
    },
    Entry { path: "/api/account/email/verify", method: "POST", who: Who::Public, args: "token=nope" },
    Entry {
        path: "/api/staff/login",
        method: "POST",
        who: Who::Public,
        args: "staff_number=X1&password=wrong&code=000000",
    },
    Entry {
        path: "/api/staff/setup",
        method: "POST",
        who: Who::Public,
        args: "staff_number=X1&code=XXXX&password=a&password_confirm=a",
    },
    Entry { path: "/api/second-factor/enrolment", method: "GET", who: Who::Enrolment, args: "kind=member" },
    Entry { path: "/api/second-factor/confirm", method: "POST", who: Who::Enrolment, args: "code=000000" },
    Entry { path: "/api/staff/second-factor/confirm", method: "POST", who: Who::Enrolment, args: "code=000000" },
    Entry { path: "/api/account/overview", method: "GET", who: Who::Member, args: "" },
    Entry { path: "/api/account/sessions", method: "GET", who: Who::Member, args: "" },
    Entry { path: "/api/account/sessions/revoke", method: "POST", who: Who::Member, args: "id=999999" },
    Entry { path: "/api/account/recovery-codes", method: "POST", who: Who::MemberStepUp, args: "" },
    Entry { path: "/api/account/recovery-codes/show", method: "GET", who: Who::Member, args: "" },
    Entry { path: "/api/account/recovery-codes/stored", method: "POST", who: Who::Member, args: "" },
    Entry { path: "/api/account/password", method: "POST", who: Who::MemberStepUp, args: "current_password=" },
    Entry {
        path: "/api/account/confirm",
        method: "POST",
        who: Who::Member,
        args: "password=wrong&code=000000&next=%2Faccount",
    },
    Entry { path: "/api/account/email", method: "POST", who: Who::MemberStepUp, args: "email=not-an-address" },
    Entry { path: "/api/account/login-id", method: "POST", who: Who::MemberStepUp, args: "login_id=1" },
    Entry { path: "/api/staff/home", method: "GET", who: Who::Staff(ANY_STAFF), args: "" },
    Entry { path: "/api/staff/letters", method: "GET", who: Who::Staff(&["intake", "admin"]), args: "" },
    Entry { path: "/api/staff/letter/print", method: "POST", who: Who::Staff(&["intake", "admin"]), args: "id=999" },
    Entry { path: "/api/staff/letter", method: "GET", who: Who::Staff(&["intake", "admin"]), args: "id=999999" },
    Entry {
        path: "/api/staff/letter/posted",
        method: "POST",
        who: Who::Staff(&["intake", "admin"]),
        args: "id=999999",
    },
    Entry { path: "/api/staff/grants", method: "GET", who: Who::Staff(&["admin", "auditor"]), args: "" },
    Entry { path: "/api/staff/grants/review", method: "POST", who: Who::Staff(&["admin"]), args: "id=999999" },
    Entry {
        path: "/api/staff/admin/add",
        method: "POST",
        who: Who::Staff(&["admin"]),
        args: "staff_number=&name=&valid_from=",
    },
    Entry {
        path: "/api/staff/admin/end-grant",
        method: "POST",
        who: Who::Staff(&["admin"]),
        args: "id=999999&valid_until=2026-12-31",
    },
    Entry {
        path: "/api/staff/admin/leaver",
        method: "POST",
        who: Who::Staff(&["admin"]),
        args: "leaver_number=NOBODY&left_on=2026-12-31",
    },
    Entry { path: "/api/staff/admin/new-code", method: "GET", who: Who::Staff(&["admin", "auditor"]), args: "" },
    Entry { path: "/api/staff/member", method: "GET", who: Who::Staff(&["intake", "admin"]), args: "key=1001-23-00" },
    Entry {
        path: "/api/staff/member/reissue-letter",
        method: "POST",
        who: Who::Staff(&["intake", "admin"]),
        args: "member_id=999999&key=1-1-1",
    },
    Entry {
        path: "/api/staff/member/reset-second-factor",
        method: "POST",
        who: Who::Staff(&["intake", "admin"]),
        args: "member_id=999999&key=1-1-1&document=passport",
    },
    Entry {
        path: "/api/staff/member/close",
        method: "POST",
        who: Who::Staff(&["approver", "admin"]),
        args: "member_id=999999&key=1-1-1&confirm=death",
    },
    Entry { path: "/api/requests/form", method: "GET", who: Who::Member, args: "kind=complaint" },
    Entry { path: "/api/requests/mine", method: "GET", who: Who::Member, args: "" },
    Entry { path: "/api/home", method: "GET", who: Who::Member, args: "" },
    Entry { path: "/api/requests/one", method: "GET", who: Who::Member, args: "receipt=20261122-0001" },
    Entry { path: "/api/requests/submit", method: "MULTIPART", who: Who::Member, args: "request_type=complaint" },
    Entry { path: "/api/requests/step", method: "MULTIPART", who: Who::Member, args: "request_type=complaint&step=what&go=next" },
    Entry { path: "/api/requests/act", method: "MULTIPART", who: Who::Member, args: "receipt=20261122-0001" },
    Entry { path: "/api/requests/disown", method: "POST", who: Who::Member, args: "receipt=20261122-0001&version=1" },
    Entry { path: "/api/staff/requests", method: "GET", who: Who::Staff(READ_ROLES), args: "" },
    Entry { path: "/api/staff/requests/one", method: "GET", who: Who::Staff(READ_ROLES), args: "receipt=1" },
    Entry {
        path: "/api/staff/requests/act",
        method: "POST",
        who: Who::Staff(&["intake", "reviewer", "approver"]),
        args: "receipt=1&action=message&message=x&version=",
    },
    Entry { path: "/api/requests/letter", method: "GET", who: Who::Member, args: "receipt=20261122-0001" },
    Entry {
        path: "/api/staff/requests/decide",
        method: "POST",
        who: Who::Staff(&["intake", "reviewer", "approver"]),
        args: "receipt=1&version=1&outcome=responded",
    },
    Entry {
        path: "/api/staff/requests/review",
        method: "POST",
        who: Who::Staff(&["approver"]),
        args: "receipt=1&version=1&decision=approve",
    },
    Entry {
        path: "/api/staff/requests/assign",
        method: "POST",
        who: Who::Staff(&["intake", "reviewer", "approver"]),
        args: "receipt=1&version=1&assignee=&importance=high&urgency=normal",
    },
    Entry {
        path: "/api/staff/requests/assign-many",
        method: "POST",
        who: Who::Staff(&["intake", "reviewer", "approver"]),
        args: "pick[r1]=1&assignee=",
    },
    Entry { path: "/api/staff/requests/acknowledge", method: "POST", who: Who::Staff(&["approver"]), args: "receipt=1" },
    Entry { path: "/api/staff/requests/held", method: "GET", who: Who::Staff(&["intake", "reviewer", "approver"]), args: "receipt=1" },
    Entry { path: "/api/staff/requests/attachment/my-number", method: "POST", who: Who::Staff(&["intake", "reviewer", "approver"]), args: "receipt=1&attachment=1" },
    Entry { path: "/api/staff/requests/letter", method: "GET", who: Who::Staff(READ_ROLES), args: "receipt=1" },
    Entry { path: "/api/staff/requests/fee", method: "POST", who: Who::Staff(&["intake", "reviewer", "approver"]), args: "receipt=1&settle=paid" },
    Entry { path: "/api/staff/requests/fee-paper", method: "GET", who: Who::Staff(READ_ROLES), args: "receipt=1" },
    Entry { path: "/api/requests/fee-paper", method: "GET", who: Who::Member, args: "receipt=20261122-0001" },
    Entry { path: "/api/staff/receipts/inquiries", method: "GET", who: Who::Staff(READ_ROLES), args: "receipt=1" },
    Entry { path: "/api/staff/receipts/inquiries/letter", method: "GET", who: Who::Staff(READ_ROLES), args: "receipt=1&inquiry=1" },
    Entry { path: "/api/staff/receipts/inquiries/create", method: "POST", who: Who::Staff(&["intake", "reviewer", "approver"]), args: "receipt=1&provider=x" },
    Entry {
        path: "/api/staff/receipts/inquiries/answer",
        method: "POST",
        who: Who::Staff(&["intake", "reviewer", "approver"]),
        args: "receipt=1&inquiry=1&answer=no_objection",
    },
    Entry { path: "/api/staff/reports", method: "GET", who: Who::Staff(REPORT_ROLES), args: "" },
    Entry { path: "/api/staff/templates", method: "GET", who: Who::Staff(&["intake", "reviewer", "approver"]), args: "" },
    Entry { path: "/api/staff/templates/save", method: "POST", who: Who::Staff(&["intake", "reviewer", "approver"]), args: "id=&title=&kind=reply&body=" },
    Entry { path: "/api/staff/templates/remove", method: "POST", who: Who::Staff(&["intake", "reviewer", "approver"]), args: "id=999999" },
    Entry { path: "/api/staff/queue/filters/save", method: "POST", who: Who::Staff(READ_ROLES), args: "name=&query=" },
    Entry { path: "/api/staff/queue/filters/remove", method: "POST", who: Who::Staff(READ_ROLES), args: "id=999999" },
    Entry { path: "/api/staff/queue/shortcuts", method: "POST", who: Who::Staff(READ_ROLES), args: "on=1" },
    Entry { path: "/api/staff/intake/form", method: "GET", who: Who::Staff(&["intake", "reviewer", "approver"]), args: "kind=complaint" },
    Entry { path: "/api/staff/intake", method: "MULTIPART", who: Who::Staff(&["intake", "reviewer", "approver"]), args: "request_type=complaint" },
    Entry { path: "/api/account/access-history", method: "GET", who: Who::Member, args: "" },
    Entry { path: "/api/staff/audit", method: "GET", who: Who::Staff(&["auditor"]), args: "" },
    Entry { path: "/api/staff/audit/disposals", method: "GET", who: Who::Staff(&["auditor"]), args: "" },
    Entry { path: "/api/staff/audit/verify", method: "POST", who: Who::Staff(&["auditor"]), args: "" },
    Entry { path: "/api/staff/provisions", method: "GET", who: Who::Staff(READ_ROLES), args: "" },
    Entry {
        path: "/api/staff/provisions/record",
        method: "POST",
        who: Who::Staff(&["intake", "reviewer", "approver"]),
        args: "entry[direction]=provided&entry[occurred_on]=x&entry[counterparty]=&entry[subject_key]=&entry[items]=&entry[basis]=",
    },
    Entry { path: "/api/notices", method: "GET", who: Who::Member, args: "year=2026" },
    Entry { path: "/api/notices/statement", method: "GET", who: Who::Member, args: "year=2026" },
    Entry { path: "/api/notices/sharing", method: "GET", who: Who::Member, args: "" },
    Entry { path: "/api/notices/sharing/set", method: "POST", who: Who::MemberStepUp, args: "choice=nope" },
    Entry {
        path: "/api/staff/notices/consent",
        method: "POST",
        who: Who::Staff(&["intake", "reviewer"]),
        args: "form[key]=&form[choice]=&form[signed_on]=",
    },
    Entry { path: "/api/staff/imports/status", method: "GET", who: Who::Staff(ANY_STAFF), args: "job=1" },
    Entry { path: "/api/staff/package", method: "GET", who: Who::Staff(READ_ROLES), args: "receipt=1" },
    Entry { path: "/api/staff/package/start", method: "POST", who: Who::Staff(&["reviewer", "approver"]), args: "receipt=1" },
    Entry {
        path: "/api/staff/package/exclude",
        method: "POST",
        who: Who::Staff(&["reviewer", "approver"]),
        args: "receipt=1&revision=1&item=registry.address&ground=business",
    },
    Entry { path: "/api/staff/package/file", method: "MULTIPART", who: Who::Staff(&["reviewer", "approver"]), args: "receipt=1&revision=1&title=x" },
    Entry { path: "/api/staff/package/withdraw", method: "POST", who: Who::Staff(&["reviewer", "approver"]), args: "receipt=1&revision=1&file=1" },
    Entry {
        path: "/api/staff/package/posted",
        method: "POST",
        who: Who::Staff(&["intake", "reviewer", "approver"]),
        args: "receipt=1&posted_on=2026-11-22",
    },
    Entry { path: "/api/package/download", method: "POST", who: Who::MemberStepUp, args: "receipt=20261122-0001" },
    // 再交付: prepared by a reviewer or 責任者, approved or cancelled by a 責任者.
    Entry { path: "/api/staff/package/reissue", method: "POST", who: Who::Staff(&["reviewer", "approver"]), args: "receipt=1&reason=x" },
    Entry { path: "/api/staff/package/reissue/decide", method: "POST", who: Who::Staff(&["approver"]), args: "receipt=1&reissue=1&decision=approve" },
    Entry { path: "/api/staff/corrections", method: "GET", who: Who::Staff(&["reviewer", "approver"]), args: "" },
    Entry { path: "/api/staff/corrections/conflict", method: "POST", who: Who::Staff(&["reviewer", "approver"]), args: "id=999&choice=keep" },
    Entry { path: "/api/staff/corrections/done", method: "POST", who: Who::Staff(&["reviewer", "approver"]), args: "id=999" },
    Entry { path: "/api/passkey/available", method: "GET", who: Who::Public, args: "" },
    Entry { path: "/api/passkey/register/start", method: "POST", who: Who::MemberStepUp, args: "" },
    Entry { path: "/api/passkey/register/finish", method: "POST", who: Who::MemberStepUp, args: "ceremony=x&credential=y" },
    Entry { path: "/api/passkey/sign-in/start", method: "POST", who: Who::Public, args: "" },
    Entry { path: "/api/passkey/sign-in/finish", method: "POST", who: Who::Public, args: "credential=x&next=" },
    Entry { path: "/api/account/passkeys", method: "GET", who: Who::Member, args: "" },
    Entry { path: "/api/account/passkeys/remove", method: "POST", who: Who::MemberStepUp, args: "id=999" },
    Entry { path: "/api/staff/passkey/available", method: "GET", who: Who::Public, args: "" },
    Entry { path: "/api/staff/passkey/register/start", method: "POST", who: Who::Staff(ANY_STAFF), args: "" },
    Entry { path: "/api/staff/passkey/register/finish", method: "POST", who: Who::Staff(ANY_STAFF), args: "ceremony=x&credential=y" },
    Entry { path: "/api/staff/passkey/sign-in/start", method: "POST", who: Who::Public, args: "" },
    Entry { path: "/api/staff/passkey/sign-in/finish", method: "POST", who: Who::Public, args: "credential=x" },
    Entry { path: "/api/staff/passkeys", method: "GET", who: Who::Staff(ANY_STAFF), args: "" },
    Entry { path: "/api/staff/passkeys/remove", method: "POST", who: Who::Staff(ANY_STAFF), args: "id=999" },
    // Last: signing out ends the callers' sessions.
    Entry { path: "/api/logout", method: "POST", who: Who::Public, args: "" },
    Entry { path: "/api/staff/logout", method: "POST", who: Who::Public, args: "" },
];

#[test]
fn every_server_function_is_in_the_matrix() {
    // Linking the app registers its server functions.
    let _ = app::App;
    let registered: BTreeSet<(String, String)> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, method)| (path.to_string(), method.to_string()))
        .collect();
    let declared: BTreeSet<(String, String)> =
        MATRIX.iter().map(|e| (e.path.to_string(), e.method.replace("MULTIPART", "POST"))).collect();
    let missing: Vec<_> = registered.difference(&declared).collect();
    let stale: Vec<_> = declared.difference(&registered).collect();
    assert!(missing.is_empty(), "server functions without a declared access policy: {missing:?}");
    assert!(stale.is_empty(), "matrix entries for functions that no longer exist: {stale:?}");
}

/// Who is calling in the matrix.
#[derive(Clone, Debug)]
enum Caller {
    Anonymous,
    /// A member (name, cookie).
    Member(&'static str, String),
    Staff(&'static str, String),
}

/// The guard's refusal, if the response is one (other errors are the function's own).
async fn guard_refusal(res: reqwest::Response) -> Option<u16> {
    let status = res.status().as_u16();
    let body = res.text().await.unwrap_or_default();
    match status {
        401 if body.contains("Unauthorized") => Some(401),
        403 if body.contains("Forbidden") => Some(403),
        _ => None,
    }
}

/// Calls one matrix entry over HTTP as a browser's script would (JSON answer).
async fn call(app: &TestApp, e: &Entry, cookie: Option<&str>) -> reqwest::Response {
    let req = match e.method {
        "GET" => app.client.get(app.url(&format!("{}?{}", e.path, e.args))),
        "MULTIPART" => {
            let form = e.args.split('&').filter_map(|kv| kv.split_once('=')).fold(reqwest::multipart::Form::new(), |f, (k, v)| {
                f.text(k.to_string(), v.to_string())
            });
            app.client.post(app.url(e.path)).header("origin", &app.origin).multipart(form)
        }
        _ => app
            .client
            .post(app.url(e.path))
            .header("origin", &app.origin)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(e.args),
    };
    let req = match cookie {
        Some(c) => req.header("cookie", c),
        None => req,
    };
    req.send().await.unwrap()
}

on_both_databases! {
    async fn each_server_function_admits_exactly_the_declared_callers(backend) {
        let app = TestApp::with_registry(backend).await;
        let _ = REG;
        // Member A is an adult dependent; the 被保険者 of A's household; member B elsewhere.
        let mut callers = vec![
            Caller::Anonymous,
            Caller::Member("青葉 美咲", app.signed_in_member("1001", "23", "02").await),
            Caller::Member("青葉 太郎", app.signed_in_member("1001", "23", "00").await),
            Caller::Member("桜井 三郎", app.signed_in_member("1003", "7", "00").await),
        ];
        for (i, role) in ANY_STAFF.iter().enumerate() {
            callers.push(Caller::Staff(role, app.signed_in_staff(&format!("S{i}"), &[role]).await));
        }
        // Each member reaches their own data only.
        for caller in &callers {
            if let Caller::Member(name, cookie) = caller {
                let overview: serde_json::Value = app.get_api("/api/account/overview", cookie).await.json().await.unwrap();
                assert_eq!(overview["name"], *name);
            }
        }
        for e in MATRIX {
            for caller in &callers {
                let cookie = match caller {
                    Caller::Anonymous => None,
                    Caller::Member(_, c) | Caller::Staff(_, c) => Some(c.as_str()),
                };
                let res = call(&app, e, cookie).await;
                let status = res.status().as_u16();
                assert!(status < 500, "{} by {caller:?}: {status}", e.path);
                let refusal = guard_refusal(res).await;
                let expected = match (e.who, caller) {
                    (Who::Public, _) => None,
                    (Who::Enrolment, _) => Some(401),
                    (Who::Member | Who::MemberStepUp, Caller::Member(..)) => None,
                    // A staff cookie is not read outside the staff area: anonymous there.
                    (Who::Member | Who::MemberStepUp, _) => Some(401),
                    (Who::Staff(roles), Caller::Staff(role, _)) => (!roles.contains(role)).then_some(403),
                    (Who::Staff(_), _) => Some(401),
                };
                assert_eq!(refusal, expected, "{} {} by {caller:?}", e.method, e.path);
            }
        }
    }
}

on_both_databases! {
    /// Reading one's own pages needs a sign-in only; what takes data away, changes how one
    /// signs in, consents or acts for others needs a recent one. A member signed in 11
    /// minutes ago (past the 10-minute window, inside the 30-minute idle limit) is asked to
    /// confirm exactly for the `MemberStepUp` entries.
    async fn step_up_is_asked_exactly_where_the_table_says(backend) {
        let app = TestApp::with_registry(backend).await;
        let cookie = app.signed_in_member("1001", "23", "00").await;
        app.clock.advance(chrono::Duration::minutes(11));
        for e in MATRIX.iter().filter(|e| matches!(e.who, Who::Member | Who::MemberStepUp)) {
            let res = call(&app, e, Some(&cookie)).await;
            let status = res.status().as_u16();
            let body = res.text().await.unwrap_or_default();
            let asked = status == 401 && body.contains("StepUpRequired");
            assert_eq!(asked, e.who == Who::MemberStepUp, "{} {}: {status} {body}", e.method, e.path);
        }
        // Reading notices needs no step-up; their files do (back to them after confirming).
        let statement = app.client.get(app.url("/notices/statement.csv?year=2025")).header("cookie", &cookie).send().await.unwrap();
        assert_eq!(statement.status().as_u16(), 303);
        let to = statement.headers()["location"].to_str().unwrap().to_string();
        assert_eq!(to, "/account/confirm?next=%2Fnotices%2Fstatement.csv%3Fyear%3D2025");
        // The session itself is still good for reading.
        assert_eq!(app.get_api("/api/notices?year=2025", &cookie).await.status(), 200);
    }
}
