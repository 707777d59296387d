//! Passkeys over real HTTP, with a software passkey (real P-256 keys and signatures, see
//! `support/softkey.rs`): enrolment with a passkey alone, sign-in with it, adding and
//! removing passkeys, staff; and every bad input refused, recorded, and nothing saved: a
//! replayed assertion, a foreign one (another origin, another RP id), a passkey of another
//! account, an assertion without user verification, a registration ceremony finished by
//! another member's session. A lost passkey follows the lost-app path.

use app::identity::passkeys::store::{CEREMONY_COOKIE, RelyingParty};
use app::identity::session::{self, SessionKind, Stage};
use chrono::Duration;
use serde_json::Value;

use crate::on_both_databases;
use crate::support::TestApp;
use crate::support::softkey::{SoftKey, Twist};

const ORIGIN: &str = "https://madoguchi.example";

async fn app_with_passkeys(backend: app::platform::db::Backend) -> TestApp {
    TestApp::with_registry_configured(backend, |s| {
        s.set_feature(RelyingParty::from_origins(&[ORIGIN.to_string()], "madoguchi"))
    })
    .await
}

fn set_cookie(res: &reqwest::Response, name: &str) -> Option<String> {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")) && !v.contains("Max-Age=0"))
        .map(|v| v.split(';').next().unwrap_or_default().to_string())
}

/// A server function's `String` answer, read as JSON.
async fn answer(res: reqwest::Response) -> Value {
    assert_eq!(res.status(), 200);
    let text: String = res.json().await.unwrap();
    serde_json::from_str(&text).unwrap_or(Value::String(text))
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    app.count(sql).await
}

/// How many `passkey.refused` events give this reason.
async fn refused(app: &TestApp, reason: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'passkey.refused' AND outcome = 'refused' AND detail LIKE $1")
        .bind(format!("%{reason}%"))
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap()
}

/// A member account in the middle of enrolment (password set from the letter), and its
/// enrolment session cookie.
async fn enrolling_member(app: &TestApp, key: (&str, &str, &str)) -> (i64, String) {
    let member_id = app.member_id(key.0, key.1, key.2).await;
    let account_id = app.member_account(member_id).await;
    sqlx::query("UPDATE member_accounts SET status = 'enrolling' WHERE id = $1")
        .bind(account_id)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    let mut conn = app.state.db.pool.acquire().await.unwrap();
    let meta = app::platform::audit::RequestMeta::default();
    let token = session::create(&mut conn, &app.state, &meta, SessionKind::Member, account_id, Stage::Enrolment)
        .await
        .unwrap()
        .token;
    (account_id, format!("{}={token}", SessionKind::Member.cookie()))
}

/// Starts a registration with `cookie`'s session: the ceremony id and the options.
async fn start_registration(app: &TestApp, prefix: &str, cookie: &str) -> (String, Value) {
    let v = answer(app.post_api(&format!("{prefix}/passkey/register/start"), Some(cookie), &[]).await).await;
    (v["ceremony"].as_str().unwrap().to_string(), v["options"].clone())
}

/// Registers a passkey with `cookie`'s session; the key and the finish's answer.
async fn register(app: &TestApp, prefix: &str, cookie: &str, twist: Twist<'_>) -> (SoftKey, reqwest::Response) {
    let (ceremony, options) = start_registration(app, prefix, cookie).await;
    let (key, credential) = SoftKey::register(&options, ORIGIN, twist);
    let res = app
        .post_api(&format!("{prefix}/passkey/register/finish"), Some(cookie), &[("ceremony", &ceremony), ("credential", &credential)])
        .await;
    (key, res)
}

/// Starts a sign-in: the ceremony cookie and the options.
async fn start_sign_in(app: &TestApp, prefix: &str) -> (String, Value) {
    let res = app.post_api(&format!("{prefix}/passkey/sign-in/start"), None, &[]).await;
    let cookie = set_cookie(&res, CEREMONY_COOKIE).expect("the ceremony cookie");
    (cookie, answer(res).await)
}

async fn finish_sign_in(app: &TestApp, prefix: &str, ceremony: &str, assertion: &str) -> reqwest::Response {
    let mut form = vec![("credential", assertion)];
    if prefix == "/api" {
        form.push(("next", ""));
    }
    app.post_api(&format!("{prefix}/passkey/sign-in/finish"), Some(ceremony), &form).await
}

/// A whole sign-in with `key`, twisted as asked.
async fn sign_in(app: &TestApp, prefix: &str, key: &mut SoftKey, twist: Twist<'_>) -> reqwest::Response {
    let (ceremony, options) = start_sign_in(app, prefix).await;
    let assertion = key.assert(&options, ORIGIN, twist);
    finish_sign_in(app, prefix, &ceremony, &assertion).await
}

/// A member with an active account and one passkey added from the account page.
async fn member_with_passkey(app: &TestApp, key: (&str, &str, &str)) -> (i64, String, SoftKey) {
    let cookie = app.signed_in_member(key.0, key.1, key.2).await;
    let (soft, res) = register(app, "/api", &cookie, Twist::default()).await;
    assert_eq!(answer(res).await, "/account/passkeys?added=1");
    let member_id = app.member_id(key.0, key.1, key.2).await;
    (member_id, cookie, soft)
}

on_both_databases! {
    async fn a_member_enrols_with_a_passkey_alone_and_signs_in_with_it(backend) {
        let app = app_with_passkeys(backend).await;
        // Offered on the portal's host name only (a page opened at an IP address cannot use it).
        let on_host: bool =
            app.client.get(app.url("/api/passkey/available")).header("host", "madoguchi.example").send().await.unwrap().json().await.unwrap();
        let on_ip: bool = app.get("/api/passkey/available").await.json().await.unwrap();
        assert!(on_host && !on_ip);
        let (account_id, enrolment) = enrolling_member(&app, ("1001", "23", "00")).await;

        // Without user verification the passkey is refused, and nothing is saved.
        let (_, res) = register(&app, "/api", &enrolment, Twist { no_user_verification: true, ..Twist::default() }).await;
        assert_eq!(res.status(), 400);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM passkeys").await, 0);
        assert_eq!(refused(&app, "registration").await, 1);

        // The passkey finishes enrolment: the account is active, passkey only, with
        // recovery codes, in a new full session.
        let (mut key, res) = register(&app, "/api", &enrolment, Twist::default()).await;
        let full = set_cookie(&res, SessionKind::Member.cookie()).expect("a new session");
        assert_eq!(answer(res).await, "/account/recovery-codes");
        assert_eq!(count(&app, "SELECT COUNT(*) FROM member_accounts WHERE status = 'active' AND totp_sealed IS NULL").await, 1);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM passkeys WHERE account_kind = 'member'").await, 1);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM audit_events WHERE action = 'second_factor.enrolled' AND detail LIKE '%passkey%'").await, 1);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM passkey_ceremonies").await, 0, "ceremonies are single use");
        let codes: Vec<String> = app.get_api("/api/account/recovery-codes/show", &full).await.json().await.unwrap();
        assert_eq!(codes.len(), 10);
        assert_eq!(app.get_api("/api/account/overview", &enrolment).await.status(), 401, "the enrolment session ended");

        // Signing in with the passkey alone: a full session, recorded as a passkey sign-in;
        // the credential's counter is kept.
        let res = sign_in(&app, "/api", &mut key, Twist::default()).await;
        let session = set_cookie(&res, SessionKind::Member.cookie()).expect("signed in");
        assert_eq!(answer(res).await, "/mypage");
        assert_eq!(app.get_api("/api/account/overview", &session).await.status(), 200);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM audit_events WHERE action = 'login.succeeded' AND detail LIKE '%\"factor\":\"passkey\"%'").await, 1);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM passkeys WHERE last_used_at IS NOT NULL AND passkey LIKE '%\"counter\":1%'").await, 1);

        // A replayed assertion: once with the spent ceremony, once into a fresh one.
        let (ceremony, options) = start_sign_in(&app, "/api").await;
        let assertion = key.assert(&options, ORIGIN, Twist::default());
        assert_eq!(finish_sign_in(&app, "/api", &ceremony, &assertion).await.status(), 200);
        let sessions = count(&app, "SELECT COUNT(*) FROM sessions").await;
        assert_eq!(finish_sign_in(&app, "/api", &ceremony, &assertion).await.status(), 401);
        assert_eq!(refused(&app, "no_ceremony").await, 1);
        let (fresh, _) = start_sign_in(&app, "/api").await;
        assert_eq!(finish_sign_in(&app, "/api", &fresh, &assertion).await.status(), 401);
        assert_eq!(refused(&app, "assertion").await, 1);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM sessions").await, sessions, "no session from a replay");
        assert!(count(&app, "SELECT COUNT(*) FROM audit_events WHERE action = 'login.failed'").await >= 1);

        // Without JavaScript: password and a recovery code still sign in.
        let res = app
            .post_api("/api/login", None, &[("identifier", "1001-23-00"), ("password", TestApp::PASSWORD), ("code", &codes[0]), ("next", "")])
            .await;
        assert_eq!(res.status(), 200);
        assert!(set_cookie(&res, SessionKind::Member.cookie()).is_some());
        // A six-digit code is no way in for a passkey-only account.
        let res = app
            .post_api("/api/login", None, &[("identifier", "1001-23-00"), ("password", TestApp::PASSWORD), ("code", &app.totp(0)), ("next", "")])
            .await;
        assert_eq!(res.status(), 401);
        let _ = account_id;
    }
}

on_both_databases! {
    async fn foreign_and_unverified_assertions_are_refused_and_recorded(backend) {
        let app = app_with_passkeys(backend).await;
        let (_, _, mut taro) = member_with_passkey(&app, ("1001", "23", "00")).await;
        let (_, _, mut saburo) = member_with_passkey(&app, ("1003", "7", "00")).await;
        let sessions = count(&app, "SELECT COUNT(*) FROM sessions").await;
        let reset = || async { sqlx::query("DELETE FROM login_failures").execute(&app.state.db.pool).await.unwrap() };

        // Signed for another origin, or for another RP id.
        let res = sign_in(&app, "/api", &mut taro, Twist { origin: Some("https://evil.example"), ..Twist::default() }).await;
        assert_eq!(res.status(), 401);
        let res = sign_in(&app, "/api", &mut taro, Twist { rp_id: Some("evil.example"), ..Twist::default() }).await;
        assert_eq!(res.status(), 401);
        assert_eq!(refused(&app, "assertion").await, 2);
        reset().await;

        // Without user verification.
        let res = sign_in(&app, "/api", &mut taro, Twist { no_user_verification: true, ..Twist::default() }).await;
        assert_eq!(res.status(), 401);
        assert_eq!(refused(&app, "assertion").await + refused(&app, "no_user_verification").await, 3);

        // A passkey of another account: 三郎's key claiming 太郎's user handle.
        let handle = taro.user_handle.clone();
        let res = sign_in(&app, "/api", &mut saburo, Twist { user_handle: Some(&handle), ..Twist::default() }).await;
        assert_eq!(res.status(), 401);
        assert_eq!(refused(&app, "passkey_of_another_account").await, 1);
        reset().await;

        // A member's passkey at the staff sign-in.
        let res = sign_in(&app, "/api/staff", &mut taro, Twist::default()).await;
        assert_eq!(res.status(), 401);
        assert_eq!(refused(&app, "unknown_credential").await, 1);

        // None of these signed anyone in or touched a passkey; each failure counted for the
        // throttle like a wrong password.
        assert_eq!(count(&app, "SELECT COUNT(*) FROM sessions").await, sessions);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM passkeys WHERE last_used_at IS NOT NULL").await, 0);
        assert!(count(&app, "SELECT COUNT(*) FROM audit_events WHERE action = 'login.failed'").await >= 4);

        // The real thing still works.
        let res = sign_in(&app, "/api", &mut taro, Twist::default()).await;
        assert_eq!(res.status(), 200);
    }
}

on_both_databases! {
    async fn a_registration_belongs_to_the_session_that_started_it(backend) {
        let app = app_with_passkeys(backend).await;
        let taro = app.signed_in_member("1001", "23", "00").await;
        let saburo = app.signed_in_member("1003", "7", "00").await;
        let (ceremony, options) = start_registration(&app, "/api", &taro).await;
        let (_, credential) = SoftKey::register(&options, ORIGIN, Twist::default());
        // 三郎's session finishes 太郎's ceremony: refused, recorded, nothing saved.
        let res = app
            .post_api("/api/passkey/register/finish", Some(&saburo), &[("ceremony", &ceremony), ("credential", &credential)])
            .await;
        assert_eq!(res.status(), 400);
        assert_eq!(refused(&app, "no_ceremony_for_this_session").await, 1);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM passkeys").await, 0);
        // The ceremony is still 太郎's to finish; a second finish is refused.
        let finish = [("ceremony", ceremony.as_str()), ("credential", credential.as_str())];
        assert_eq!(app.post_api("/api/passkey/register/finish", Some(&taro), &finish).await.status(), 200);
        assert_eq!(app.post_api("/api/passkey/register/finish", Some(&taro), &finish).await.status(), 400);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM passkeys").await, 1);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM audit_events WHERE action = 'passkey.added' AND actor_kind = 'member'").await, 1);

        // A passkey for another origin is refused at registration too.
        let (_, res) = register(&app, "/api", &taro, Twist { origin: Some("https://evil.example"), ..Twist::default() }).await;
        assert_eq!(res.status(), 400);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM passkeys").await, 1);

        // Adding a passkey is a change of credentials: a sign-in older than the step-up
        // window is asked to confirm first.
        app.clock.advance(Duration::minutes(11));
        let res = app.post_api("/api/passkey/register/start", Some(&taro), &[]).await;
        assert_eq!(res.status(), 401);
        assert!(res.text().await.unwrap().contains("StepUpRequired"));
    }
}

on_both_databases! {
    async fn members_list_and_remove_their_own_passkeys_only(backend) {
        let app = app_with_passkeys(backend).await;
        let (_, taro, _) = member_with_passkey(&app, ("1001", "23", "00")).await;
        let (_, saburo, _) = member_with_passkey(&app, ("1003", "7", "00")).await;
        let mine: Vec<Value> = app.get_api("/api/account/passkeys", &taro).await.json().await.unwrap();
        assert_eq!(mine.len(), 1);
        let theirs: Vec<Value> = app.get_api("/api/account/passkeys", &saburo).await.json().await.unwrap();
        let (mine, theirs) = (mine[0]["id"].to_string(), theirs[0]["id"].to_string());
        assert_eq!(app.post_api("/api/account/passkeys/remove", Some(&taro), &[("id", &theirs)]).await.status(), 404);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM audit_events WHERE action = 'passkey.removed' AND outcome = 'refused'").await, 1);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM passkeys").await, 2);
        assert_eq!(app.post_api("/api/account/passkeys/remove", Some(&taro), &[("id", &mine)]).await.status(), 200);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM passkeys").await, 1);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM audit_events WHERE action = 'passkey.removed' AND outcome = 'allowed'").await, 1);
        // The page lists them, in Japanese first.
        let html = app.get_with("/account/passkeys", &saburo).await.text().await.unwrap();
        assert!(html.contains("指紋・顔認証"), "{html}");
        assert!(html.contains("data-passkeys=\"1\""));
    }
}

on_both_databases! {
    async fn a_lost_passkey_follows_the_lost_app(backend) {
        let app = app_with_passkeys(backend).await;
        let (taro, _, mut key) = member_with_passkey(&app, ("1001", "23", "00")).await;
        let intake = app.signed_in_staff("S1", &["intake"]).await;
        let res = app
            .post_api("/api/staff/member/reset-second-factor", Some(&intake),
                &[("member_id", &taro.to_string()), ("key", "1001-23-00"), ("document", "drivers_license")])
            .await;
        assert_eq!(res.status(), 200);
        let letters: Vec<Value> = app.get_api("/api/staff/letters", &intake).await.json().await.unwrap();
        let id = letters[0]["id"].as_i64().unwrap();
        let letter: Value = app.get_api(&format!("/api/staff/letter?id={id}"), &intake).await.json().await.unwrap();
        let code = letter["code"].as_str().unwrap().to_string();
        let res = app
            .post_form("/api/second-factor/restart",
                &[("symbol", "1001"), ("number", "23"), ("branch", "00"), ("code", &code), ("password", TestApp::PASSWORD)])
            .await;
        assert_eq!(res.status(), 302);
        assert_eq!(res.headers()["location"], "/account/second-factor");
        assert_eq!(count(&app, "SELECT COUNT(*) FROM passkeys").await, 0, "the lost passkey is removed");
        assert_eq!(count(&app, "SELECT COUNT(*) FROM audit_events WHERE action = 'second_factor.restarted' AND detail LIKE '%\"passkeys_removed\":1%'").await, 1);
        assert_eq!(sign_in(&app, "/api", &mut key, Twist::default()).await.status(), 401);
        assert_eq!(refused(&app, "unknown_credential").await, 1);
    }
}

on_both_databases! {
    async fn staff_add_a_passkey_and_sign_in_with_it(backend) {
        let app = app_with_passkeys(backend).await;
        let staff = app.signed_in_staff("S1", &["intake"]).await;
        let (mut key, res) = register(&app, "/api/staff", &staff, Twist::default()).await;
        assert_eq!(answer(res).await, "/staff/passkeys?added=1");
        let listed: Vec<Value> = app.get_api("/api/staff/passkeys", &staff).await.json().await.unwrap();
        assert_eq!(listed.len(), 1);
        // A member's session cannot add a staff passkey (the staff cookie is not read outside).
        let member = app.signed_in_member("1001", "23", "00").await;
        assert_eq!(app.post_api("/api/staff/passkey/register/start", Some(&member), &[]).await.status(), 401);

        let res = sign_in(&app, "/api/staff", &mut key, Twist::default()).await;
        let session = set_cookie(&res, SessionKind::Staff.cookie()).expect("signed in");
        assert_eq!(answer(res).await, "/staff");
        assert_eq!(app.get_api("/api/staff/home", &session).await.status(), 200);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM audit_events WHERE action = 'staff.login_succeeded' AND detail LIKE '%passkey%'").await, 1);
        // A staff passkey is no way into the member side.
        assert_eq!(sign_in(&app, "/api", &mut key, Twist::default()).await.status(), 401);

        // A leaver's passkey signs in no more.
        sqlx::query("UPDATE staff SET status = 'left'").execute(&app.state.db.pool).await.unwrap();
        assert_eq!(sign_in(&app, "/api/staff", &mut key, Twist::default()).await.status(), 401);
        assert_eq!(refused(&app, "account_not_active").await, 1);
    }
}

on_both_databases! {
    /// A passkey answers a step-up (the confirmation page offers it): a passkey-only member
    /// spends no recovery code to download or change a setting.
    async fn a_passkey_answers_the_step_up(backend) {
        let app = app_with_passkeys(backend).await;
        let (_, cookie, mut key) = member_with_passkey(&app, ("1001", "23", "00")).await;
        app.clock.advance(chrono::Duration::minutes(11));
        let stale = app.post_api("/api/account/recovery-codes", Some(&cookie), &[]).await;
        assert_eq!(stale.status(), 401);
        assert!(stale.text().await.unwrap().contains("StepUpRequired"));
        let res = sign_in(&app, "/api", &mut key, Twist::default()).await;
        let fresh = set_cookie(&res, "__Host-madoguchi").expect("a fresh session");
        assert_eq!(app.post_api("/api/account/recovery-codes", Some(&fresh), &[]).await.status(), 200);
    }
}
