//! Members prove who they are: registration by a mailed code, second-factor enrolment,
//! sign-in with throttling, sessions and step-up, reset by letter; staff and member
//! sessions never mix.

use app::identity::totp;
use chrono::Duration;

use crate::on_both_databases;
use crate::support::TestApp;

const TARO: [(&str, &str); 4] =
    [("symbol", "1001"), ("number", "23"), ("branch", "00"), ("birth_date", "昭和55年1月15日")];

fn location(res: &reqwest::Response) -> String {
    res.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string()
}

fn set_cookie(res: &reqwest::Response, name: &str) -> Option<String> {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .map(|v| v.split(';').next().unwrap_or_default().to_string())
}

/// The code of the newest letter for a member, as staff would print it.
async fn letter_code(app: &TestApp, member_id: i64) -> String {
    let sealed: String = sqlx::query_scalar(
        "SELECT code_sealed FROM letters WHERE member_id = $1 AND code_sealed IS NOT NULL ORDER BY id DESC LIMIT 1",
    )
    .bind(member_id)
    .fetch_one(&app.state.db.pool)
    .await
    .unwrap();
    String::from_utf8(app.state.secrets.open(&sealed).unwrap()).unwrap()
}

/// How many audit events of `action` were written (account.rs counts with it too).
pub(crate) async fn audit_count(app: &TestApp, action: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM audit_events WHERE action = $1")
        .bind(action)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap()
}

on_both_databases! {
    async fn a_member_registers_with_the_mailed_code_and_enrols_a_second_factor(backend) {
        let app = TestApp::with_registry(backend).await;
        let taro = app.member_id("1001", "23", "00").await;

        // Full-width digits and a 和暦 birth date, as people type them.
        let form = [("symbol", "１００１"), ("number", "２３"), ("branch", "００"), ("birth_date", "昭和55年1月15日")];
        let res = app.post_form("/api/register/request", &form).await;
        assert_eq!(location(&res), "/register/sent");
        let code = letter_code(&app, taro).await;
        assert_eq!(app.count("SELECT COUNT(*) FROM one_time_codes WHERE code_hash IS NOT NULL").await, 1);
        let stored: String = sqlx::query_scalar("SELECT code_hash FROM one_time_codes").fetch_one(&app.state.db.pool).await.unwrap();
        assert_ne!(stored, code, "codes are stored hashed");

        // The code with a password; lower case and spaces are fine.
        let typed = code.to_lowercase().replace('-', " ");
        let res = app
            .post_form(
                "/api/register/complete",
                &[("symbol", "1001"), ("number", "23"), ("branch", "00"), ("code", &typed),
                  ("password", "うちの猫はミケです"), ("password_confirm", "うちの猫はミケです")],
            )
            .await;
        assert_eq!(location(&res), "/account/second-factor");
        let enrolment = set_cookie(&res, "__Host-madoguchi").expect("enrolment session cookie");

        // The enrolment page shows a QR code; an enrolment session is not a signed-in member.
        let page = app.get_with("/account/second-factor", &enrolment).await.text().await.unwrap();
        assert!(page.contains("<svg"), "QR code rendered");
        assert_eq!(app.get_api("/api/account/overview", &enrolment).await.status(), 401);

        let sealed: String = sqlx::query_scalar("SELECT totp_sealed FROM member_accounts").fetch_one(&app.state.db.pool).await.unwrap();
        let secret = app.state.secrets.open(&sealed).unwrap();
        let now = app.state.clock.now().timestamp();
        let wrong = app.post_form("/api/second-factor/confirm", &[("code", "000000")]).await;
        assert!(location(&wrong).starts_with("/login?next="), "no enrolment session: sign in first");
        let res = app
            .client
            .post(app.url("/api/second-factor/confirm"))
            .header("origin", &app.origin)
            .header("accept", "text/html")
            .header("cookie", &enrolment)
            .form(&[("code", totp::code_at(&secret, now).as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(location(&res), "/account/recovery-codes");
        let full = set_cookie(&res, "__Host-madoguchi").expect("rotated session");
        assert_ne!(full, enrolment, "the session is rotated when enrolment completes");
        assert_eq!(app.get_api("/api/account/overview", &enrolment).await.status(), 401, "old session is dead");

        // Recovery codes stay on their page until the member confirms keeping them, then never again.
        let codes: Vec<String> = app.get_api("/api/account/recovery-codes/show", &full).await.json().await.unwrap();
        assert_eq!(codes.len(), 10);
        let again: Vec<String> = app.get_api("/api/account/recovery-codes/show", &full).await.json().await.unwrap();
        assert_eq!(again, codes, "a reload or a print does not lose them");
        let unticked = app.post_api("/api/account/recovery-codes/stored", Some(&full), &[]).await;
        assert_eq!(unticked.status(), 422);
        assert!(unticked.text().await.unwrap().contains("stored"), "the box is named as missing");
        assert_eq!(app.get_api("/api/account/recovery-codes/show", &full).await.json::<Vec<String>>().await.unwrap(), codes);
        let stored = app.post_api("/api/account/recovery-codes/stored", Some(&full), &[("stored", "1")]).await;
        assert_eq!(stored.status(), 200);
        let gone: Vec<String> = app.get_api("/api/account/recovery-codes/show", &full).await.json().await.unwrap();
        assert!(gone.is_empty());
        assert_eq!(app.count("SELECT COUNT(*) FROM recovery_codes WHERE used_at IS NULL").await, 10);

        // The code was single-use.
        let reuse = app
            .post_api("/api/register/complete", None, &[("symbol", "1001"), ("number", "23"), ("branch", "00"),
                ("code", &code), ("password", "うちの猫はミケです"), ("password_confirm", "うちの猫はミケです")])
            .await;
        assert_eq!(reuse.status(), 422);
        assert!(reuse.text().await.unwrap().contains("code_invalid"));
        assert!(audit_count(&app, "code.refused").await >= 1);

        // Sign in: the TOTP step used at enrolment cannot be replayed; the next one works.
        let replay = app
            .post_api("/api/login", None, &[("identifier", "1001-23-00"), ("password", "うちの猫はミケです"),
                ("code", &totp::code_at(&secret, now)), ("next", "")])
            .await;
        assert_eq!(replay.status(), 401);
        let res = app
            .post_form("/api/login", &[("identifier", "1001 23 00"), ("password", "うちの猫はミケです"),
                ("code", &totp::code_at(&secret, now + 30)), ("next", "/account/sessions")])
            .await;
        assert_eq!(location(&res), "/account/sessions");
        let cookie = set_cookie(&res, "__Host-madoguchi").unwrap();
        let overview: serde_json::Value = app.get_api("/api/account/overview", &cookie).await.json().await.unwrap();
        assert_eq!(overview["name"], "青葉 太郎");
        assert_eq!(overview["failures_since_last"], 1, "the failed replay is reported at the next sign-in");

        // A login id of the member's choosing works in place of 記号・番号・枝番; taken ids are refused.
        assert_eq!(app.post_api("/api/account/login-id", Some(&cookie), &[("login_id", "Aoba.Taro")]).await.status(), 200);
        let other = app.signed_in_member("1003", "7", "00").await;
        assert_eq!(app.post_api("/api/account/login-id", Some(&other), &[("login_id", "aoba.taro")]).await.status(), 422);
        app.clock.advance(Duration::seconds(30));
        let res = app
            .post_api("/api/login", None, &[("identifier", "aoba.taro"), ("password", "うちの猫はミケです"),
                ("code", &totp::code_at(&secret, now + 60)), ("next", "")])
            .await;
        assert_eq!(res.status(), 200);
        assert_eq!(audit_count(&app, "login.succeeded").await, 2, "by key and by login id");
        assert!(audit_count(&app, "account.view").await >= 1, "reads of personal data are recorded");
    }
}

on_both_databases! {
    async fn the_registration_screen_never_reveals_whether_the_details_matched(backend) {
        let app = TestApp::with_registry(backend).await;
        let matched = app.post_form("/api/register/request", &TARO).await;
        let unknown = app
            .post_form("/api/register/request", &[("symbol", "9999"), ("number", "1"), ("branch", "00"), ("birth_date", "1980-01-15")])
            .await;
        let wrong_birth = app
            .post_form("/api/register/request", &[("symbol", "1001"), ("number", "23"), ("branch", "01"), ("birth_date", "1999-01-01")])
            .await;
        for res in [&matched, &unknown, &wrong_birth] {
            assert_eq!(res.status(), 302);
            assert_eq!(location(res), "/register/sent");
        }
        assert_eq!(app.count("SELECT COUNT(*) FROM letters").await, 1, "only the match got a letter");
        assert_eq!(audit_count(&app, "letter.request_declined").await, 2);
        // Asking again the same day does not mail the member again.
        app.post_form("/api/register/request", &TARO).await;
        assert_eq!(app.count("SELECT COUNT(*) FROM letters").await, 1);
        // Bad input is answered next to the field, nothing stored.
        let res = app
            .post_form("/api/register/request", &[("symbol", "abc"), ("number", ""), ("branch", "00"), ("birth_date", "平成32年1月1日")])
            .await;
        let back = location(&res);
        assert!(back.starts_with("/register?e="), "{back}");
        let cookie = set_cookie(&res, kit::flash::FLASH_COOKIE).unwrap();
        let html = app.get_with(&back, &cookie).await.text().await.unwrap();
        let t = kit::texts::IdText::of(kit::i18n::Lang::Ja);
        for message in [t.p_digits, t.p_required, t.p_no_such_date] {
            assert!(html.contains(message), "{message}");
        }
        assert_eq!(app.count("SELECT COUNT(*) FROM letters").await, 1);
    }
}

on_both_databases! {
    async fn expired_codes_are_refused_and_recorded(backend) {
        let app = TestApp::with_registry(backend).await;
        let taro = app.member_id("1001", "23", "00").await;
        app.post_form("/api/register/request", &TARO).await;
        let code = letter_code(&app, taro).await;
        app.clock.advance(Duration::days(31));
        let res = app
            .post_api("/api/register/complete", None, &[("symbol", "1001"), ("number", "23"), ("branch", "00"),
                ("code", &code), ("password", "うちの猫はミケです"), ("password_confirm", "うちの猫はミケです")])
            .await;
        assert_eq!(res.status(), 422);
        let body: serde_json::Value = res.json().await.unwrap();
        assert_eq!(body["Invalid"][0]["problem"], "code_invalid");
        assert_eq!(app.count("SELECT COUNT(*) FROM member_accounts").await, 0, "nothing half-saved");
        assert_eq!(audit_count(&app, "code.refused").await, 1);
    }
}

on_both_databases! {
    async fn a_wrong_password_and_an_unknown_member_get_the_same_answer(backend) {
        let app = TestApp::with_registry(backend).await;
        let taro = app.member_id("1001", "23", "00").await;
        app.member_account(taro).await;
        let wrong = app
            .post_form("/api/login", &[("identifier", "1001-23-00"), ("password", "not the password"), ("code", &app.totp(0)), ("next", "")])
            .await;
        let unknown = app
            .post_form("/api/login", &[("identifier", "9999-99-00"), ("password", "not the password"), ("code", &app.totp(0)), ("next", "")])
            .await;
        // The same answer: the same page and the same message; only the opaque token of the
        // kept feedback differs.
        let answer = |res: &reqwest::Response| {
            let l = location(res);
            let (page, token) = l.split_once("?e=").unwrap_or((&l, ""));
            assert!(kit::flash::well_formed(token), "{l}");
            (res.status(), page.to_string())
        };
        assert_eq!(answer(&wrong), answer(&unknown));
        assert!(location(&wrong).starts_with("/login?e="));
        assert_eq!(audit_count(&app, "login.failed").await, 2);
        /// The form-level message the page shows after the failed post.
        async fn shown(app: &TestApp, res: reqwest::Response) -> String {
            let cookie = crate::support::kept_cookie(&res);
            let html = app.get_with(&location(&res), &cookie).await.text().await.unwrap();
            html.split("role=\"alert\"").nth(1).unwrap_or_default().split("</div>").next().unwrap_or_default().to_string()
        }

        // A right password with a wrong code is the same answer again.
        let wrong_code = app
            .post_form("/api/login", &[("identifier", "1001-23-00"), ("password", TestApp::PASSWORD), ("code", "123456"), ("next", "")])
            .await;
        assert_eq!(answer(&wrong_code), answer(&wrong));
        let (a, b, c) = (shown(&app, wrong).await, shown(&app, unknown).await, shown(&app, wrong_code).await);
        assert!(!a.is_empty() && a == b && b == c, "{a} / {b} / {c}");
    }
}

on_both_databases! {
    async fn repeated_failures_slow_down_but_never_lock_out(backend) {
        let app = TestApp::with_registry(backend).await;
        let taro = app.member_id("1001", "23", "00").await;
        app.member_account(taro).await;
        let attempt = |password: &'static str, code: String| {
            let app = &app;
            async move {
                app.post_api("/api/login", None, &[("identifier", "1001-23-00"), ("password", password), ("code", &code), ("next", "")])
                    .await
            }
        };
        for _ in 0..3 {
            assert_eq!(attempt("wrong password!", app.totp(0)).await.status(), 401);
        }
        // Now even the right password must wait (and is not checked).
        let res = attempt(TestApp::PASSWORD, app.totp(0)).await;
        assert_eq!(res.status(), 429);
        let body: serde_json::Value = res.json().await.unwrap();
        assert_eq!(body["TooManyAttempts"]["wait_seconds"], 2);
        assert_eq!(audit_count(&app, "login.throttled").await, 1);
        // After the wait the member gets in: no lockout.
        app.clock.advance(Duration::seconds(3));
        assert_eq!(attempt(TestApp::PASSWORD, app.totp(0)).await.status(), 200);
    }
}

on_both_databases! {
    async fn sessions_expire_rotate_and_can_be_revoked(backend) {
        let app = TestApp::with_registry(backend).await;
        let cookie = app.signed_in_member("1001", "23", "00").await;
        assert_eq!(app.get_api("/api/account/overview", &cookie).await.status(), 200);

        // Forged cookie: refused, recorded, cleared.
        let forged = "__Host-madoguchi=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        let res = app.get_api("/api/account/overview", forged).await;
        assert_eq!(res.status(), 401);
        assert!(res.headers().get_all("set-cookie").iter().any(|v| v.to_str().unwrap().contains("Max-Age=0")));
        assert_eq!(audit_count(&app, "session.invalid").await, 1);
        // A sign-in required page sends the browser to sign in, with the way back.
        let page = app.get_with("/account", forged).await;
        assert_eq!(location(&page), "/login?next=%2Faccount");

        // A second device, listed and revoked from the first.
        let other = app.signed_in_member("1001", "23", "00").await;
        let sessions: Vec<serde_json::Value> = app.get_api("/api/account/sessions", &cookie).await.json().await.unwrap();
        assert_eq!(sessions.len(), 2);
        let other_id = sessions.iter().find(|s| s["current"] == false).unwrap()["id"].as_i64().unwrap();
        let res = app.post_api("/api/account/sessions/revoke", Some(&cookie), &[("id", &other_id.to_string())]).await;
        assert_eq!(res.status(), 200);
        assert_eq!(app.get_api("/api/account/overview", &other).await.status(), 401);

        // Another member cannot revoke this member's session.
        let saburo = app.signed_in_member("1003", "7", "00").await;
        let mine: Vec<serde_json::Value> = app.get_api("/api/account/sessions", &cookie).await.json().await.unwrap();
        let my_id = mine[0]["id"].as_i64().unwrap().to_string();
        assert_eq!(app.post_api("/api/account/sessions/revoke", Some(&saburo), &[("id", &my_id)]).await.status(), 404);
        assert_eq!(app.get_api("/api/account/overview", &cookie).await.status(), 200);

        // Step-up: after 10 minutes a protected action asks for the password and code again.
        app.clock.advance(Duration::minutes(11));
        assert_eq!(app.get_api("/api/account/overview", &cookie).await.status(), 200);
        let res = app.post_api("/api/account/recovery-codes", Some(&cookie), &[]).await;
        assert_eq!(res.status(), 401);
        assert!(res.text().await.unwrap().contains("StepUpRequired"));
        let res = app
            .post_api("/api/account/confirm", Some(&cookie), &[("password", TestApp::PASSWORD), ("code", &app.totp(0)), ("next", "/account")])
            .await;
        assert_eq!(res.status(), 200);
        assert_eq!(app.post_api("/api/account/recovery-codes", Some(&cookie), &[]).await.status(), 200);

        // Idle for more than 30 minutes: the session is over.
        app.clock.advance(Duration::minutes(31));
        assert_eq!(app.get_api("/api/account/overview", &cookie).await.status(), 401);
    }
}

on_both_databases! {
    async fn staff_and_member_sessions_never_mix(backend) {
        let app = TestApp::with_registry(backend).await;
        let member = app.signed_in_member("1001", "23", "00").await;
        let staff = app.signed_in_staff("S001", &["intake"]).await;
        assert_eq!(app.get_api("/api/staff/home", &staff).await.status(), 200);
        assert_eq!(app.get_api("/api/staff/home", &member).await.status(), 401, "a member cookie is not read in the staff area");
        assert_eq!(app.get_api("/api/account/overview", &staff).await.status(), 401, "a staff cookie is not read in the member area");
        // A staff page without a staff session goes to the staff sign-in.
        assert_eq!(location(&app.get_with("/staff", &member).await), "/staff/login");
        // The intake role reads the letter outbox; it cannot review access rights.
        assert_eq!(app.get_api("/api/staff/letters", &staff).await.status(), 200);
        assert_eq!(app.get_api("/api/staff/grants", &staff).await.status(), 403);
    }
}

on_both_databases! {
    async fn a_password_reset_needs_the_letter_and_the_second_factor(backend) {
        let app = TestApp::with_registry(backend).await;
        let taro = app.member_id("1001", "23", "00").await;
        app.member_account(taro).await;
        let old_session = app.signed_in_member_session_for(taro).await;
        app.post_form("/api/reset/request", &TARO).await;
        let code = letter_code(&app, taro).await;
        let form = |second: String| {
            vec![("symbol", "1001".to_string()), ("number", "23".into()), ("branch", "00".into()), ("code", code.clone()),
                 ("password", "新しいパスワードは長い文".into()), ("password_confirm", "新しいパスワードは長い文".into()),
                 ("second_factor", second)]
        };
        let as_pairs = |v: &Vec<(&'static str, String)>| v.iter().map(|(k, v)| (*k, v.clone())).collect::<Vec<_>>();
        let wrong = app.client.post(app.url("/api/reset/complete")).header("origin", &app.origin)
            .form(&as_pairs(&form("000000".into()))).send().await.unwrap();
        assert_eq!(wrong.status(), 422);
        let ok = app.client.post(app.url("/api/reset/complete")).header("origin", &app.origin)
            .form(&as_pairs(&form(app.totp(0)))).send().await.unwrap();
        assert_eq!(ok.status(), 200);
        assert_eq!(app.get_api("/api/account/overview", &old_session).await.status(), 401, "every session ended");
        let res = app
            .post_api("/api/login", None, &[("identifier", "1001-23-00"), ("password", "新しいパスワードは長い文"), ("code", &app.totp(1)), ("next", "")])
            .await;
        assert_eq!(res.status(), 200);
        assert_eq!(audit_count(&app, "password.reset").await, 1);
    }
}

on_both_databases! {
    async fn the_household_follows_the_eighteenth_birthday(backend) {
        let app = TestApp::with_registry(backend).await;
        // 桜井健太 turns 18 on 2026-12-01.
        let saburo = app.signed_in_member("1003", "7", "00").await;
        let before: serde_json::Value = app.get_api("/api/account/overview", &saburo).await.json().await.unwrap();
        assert_eq!(before["household"][0]["access"], "legal_representative");
        assert_eq!(before["household"][0]["adult_from"], "2026-12-01");
        app.clock.set("2026-11-30T15:00:00Z".parse().unwrap()); // 2026-12-01 00:00 in Tokyo
        let saburo = app.signed_in_member_session_for(app.member_id("1003", "7", "00").await).await;
        let after: serde_json::Value = app.get_api("/api/account/overview", &saburo).await.json().await.unwrap();
        assert_eq!(after["household"][0]["access"], "adult_needs_consent");
        // A dependent sees no household; the 被保険者 sees the spouse only as an adult.
        let hanako = app.signed_in_member("1001", "23", "01").await;
        let h: serde_json::Value = app.get_api("/api/account/overview", &hanako).await.json().await.unwrap();
        assert_eq!(h["household"].as_array().unwrap().len(), 0);
    }
}

on_both_databases! {
    async fn oversized_input_is_refused_cleanly(backend) {
        let app = TestApp::with_registry(backend).await;
        let huge = "あ".repeat(5000);
        for (path, form) in [
            ("/api/login", vec![("identifier", huge.as_str()), ("password", huge.as_str()), ("code", huge.as_str()), ("next", huge.as_str())]),
            ("/api/register/request", vec![("symbol", huge.as_str()), ("number", huge.as_str()), ("branch", huge.as_str()), ("birth_date", huge.as_str())]),
            ("/api/register/complete", vec![("symbol", "1001"), ("number", "23"), ("branch", "00"), ("code", huge.as_str()), ("password", huge.as_str()), ("password_confirm", huge.as_str())]),
        ] {
            let res = app.post_api(path, None, &form).await;
            let status = res.status().as_u16();
            assert!((400..500).contains(&status), "{path}: {status}");
            assert!(!res.text().await.unwrap().to_lowercase().contains("sql"), "{path}");
        }
    }
}

on_both_databases! {
    async fn staff_print_letters_reset_a_lost_second_factor_and_close_an_account(backend) {
        let app = TestApp::with_registry(backend).await;
        let taro = app.member_id("1001", "23", "00").await;
        app.member_account(taro).await;
        let member = app.signed_in_member_session_for(taro).await;
        let intake = app.signed_in_staff("S1", &["intake"]).await;
        let approver = app.signed_in_staff("S2", &["approver"]).await;

        // Lost phone and recovery codes: identity checked at the counter, then a letter.
        let res = app
            .post_api("/api/staff/member/reset-second-factor", Some(&intake),
                &[("member_id", &taro.to_string()), ("key", "1001-23-00"), ("document", "drivers_license")])
            .await;
        assert_eq!(res.status(), 200);
        assert_eq!(audit_count(&app, "staff.identity_checked").await, 1);
        assert_eq!(app.get_api("/api/account/overview", &member).await.status(), 401, "sessions ended");

        // Staff print the letter (printing is recorded), then mark it posted: the code is erased.
        let letters: Vec<serde_json::Value> = app.get_api("/api/staff/letters", &intake).await.json().await.unwrap();
        assert_eq!(letters.len(), 1);
        assert_eq!(letters[0]["purpose"], "second_factor_reset");
        assert!(letters[0]["code"].is_null(), "the list never shows codes");
        let id = letters[0]["id"].as_i64().unwrap().to_string();
        // Reading the letter is a read, recorded; printing is a POST, stamped on the letter.
        let letter: serde_json::Value = app.get_api(&format!("/api/staff/letter?id={id}"), &intake).await.json().await.unwrap();
        assert_eq!((audit_count(&app, "letter.view").await, audit_count(&app, "letter.print").await), (1, 0));
        assert_eq!(app.count("SELECT COUNT(*) FROM letters WHERE printed_at IS NOT NULL").await, 0, "a GET stamps nothing");
        assert_eq!(app.post_api("/api/staff/letter/print", Some(&intake), &[("id", &id)]).await.status(), 200);
        assert_eq!(audit_count(&app, "letter.print").await, 1);
        assert_eq!(app.count("SELECT COUNT(*) FROM letters WHERE printed_at IS NOT NULL AND printed_by IS NOT NULL").await, 1);
        let code = letter["code"].as_str().unwrap().to_string();
        assert_eq!(app.post_api("/api/staff/letter/posted", Some(&intake), &[("id", &id)]).await.status(), 200);
        assert_eq!(app.count("SELECT COUNT(*) FROM letters WHERE code_sealed IS NOT NULL").await, 0);

        // The member starts again with the letter and their password, and enrols a new app.
        let res = app
            .post_form("/api/second-factor/restart",
                &[("symbol", "1001"), ("number", "23"), ("branch", "00"), ("code", &code), ("password", TestApp::PASSWORD)])
            .await;
        assert_eq!(location(&res), "/account/second-factor");
        let enrolment = set_cookie(&res, "__Host-madoguchi").unwrap();
        let sealed: String = sqlx::query_scalar("SELECT totp_sealed FROM member_accounts").fetch_one(&app.state.db.pool).await.unwrap();
        let secret = app.state.secrets.open(&sealed).unwrap();
        assert_ne!(secret.as_slice(), TestApp::TOTP_SECRET.as_slice(), "a new secret");
        let code_now = totp::code_at(&secret, app.state.clock.now().timestamp());
        let res = app.post_api("/api/second-factor/confirm", Some(&enrolment), &[("code", &code_now)]).await;
        assert_eq!(res.status(), 200);

        // Closing on death: intake may not, the approver may; the member cannot sign in again.
        let close = [("member_id", taro.to_string()), ("key", "1001-23-00".into()), ("confirm", "death".into())];
        let close: Vec<(&str, &str)> = close.iter().map(|(k, v)| (*k, v.as_str())).collect();
        assert_eq!(app.post_api("/api/staff/member/close", Some(&intake), &close).await.status(), 403);
        assert_eq!(app.post_api("/api/staff/member/close", Some(&approver), &close).await.status(), 200);
        let res = app
            .post_api("/api/login", None, &[("identifier", "1001-23-00"), ("password", TestApp::PASSWORD),
                ("code", &totp::code_at(&secret, app.state.clock.now().timestamp() + 30)), ("next", "")])
            .await;
        assert_eq!(res.status(), 401);
        assert_eq!(audit_count(&app, "account.closed").await, 1);
    }
}

on_both_databases! {
    async fn administrators_grant_roles_with_dates_and_end_them(backend) {
        let app = TestApp::with_registry(backend).await;
        let admin = app.signed_in_staff("A1", &["admin"]).await;
        let res = app
            .post_api("/api/staff/admin/add", Some(&admin),
                &[("staff_number", "ｓ２００"), ("name", "受付 二郎"), ("valid_from", "令和8年11月22日"), ("intake", "on"), ("reviewer", "on")])
            .await;
        assert_eq!(res.status(), 200);
        let code: serde_json::Value = app.get_api("/api/staff/admin/new-code", &admin).await.json().await.unwrap();
        assert_eq!(code["staff_number"], "S200", "full-width input, normalised");
        let again: serde_json::Value = app.get_api("/api/staff/admin/new-code", &admin).await.json().await.unwrap();
        assert!(again.is_null(), "the setup code is shown once");
        let register: serde_json::Value = app.get_api("/api/staff/grants", &admin).await.json().await.unwrap();
        let s200: Vec<&serde_json::Value> = register["lines"].as_array().unwrap().iter().filter(|g| g["staff_number"] == "S200").collect();
        assert_eq!(s200.len(), 2);
        assert!(s200.iter().all(|g| g["approved_by"] == "A1" && g["valid_from"] == "2026-11-22"));
        assert_eq!(register["can_admin"], true);

        // An administrator cannot end their own grant; another's ends on the date given.
        let own = register["lines"].as_array().unwrap().iter().find(|g| g["staff_number"] == "A1").unwrap()["id"].to_string();
        assert_eq!(app.post_api("/api/staff/admin/end-grant", Some(&admin), &[("id", &own), ("valid_until", "2026-11-22")]).await.status(), 403);
        let intake_grant = s200.iter().find(|g| g["role"] == "intake").unwrap()["id"].to_string();
        assert_eq!(app.post_api("/api/staff/admin/end-grant", Some(&admin), &[("id", &intake_grant), ("valid_until", "2026-11-21")]).await.status(), 422, "before it began");
        assert_eq!(app.post_api("/api/staff/admin/end-grant", Some(&admin), &[("id", &intake_grant), ("valid_until", "2026-11-22")]).await.status(), 200);
        assert_eq!(audit_count(&app, "grant.ended").await, 1);

        // A leaver's session ends and their access with it.
        let reviewer = app.signed_in_staff("R9", &["reviewer"]).await;
        assert_eq!(app.get_api("/api/staff/home", &reviewer).await.status(), 200);
        assert_eq!(app.post_api("/api/staff/admin/leaver", Some(&admin), &[("leaver_number", "R9"), ("left_on", "2026-11-21")]).await.status(), 200);
        assert_eq!(app.get_api("/api/staff/home", &reviewer).await.status(), 401);
        // An auditor reads the register but cannot act on it.
        let auditor = app.signed_in_staff("K1", &["auditor"]).await;
        let seen: serde_json::Value = app.get_api("/api/staff/grants", &auditor).await.json().await.unwrap();
        assert_eq!(seen["can_admin"], false);
        assert_eq!(app.post_api("/api/staff/grants/review", Some(&auditor), &[("id", &intake_grant)]).await.status(), 403);
    }
}

on_both_databases! {
    async fn a_busy_session_still_ends_after_twelve_hours(backend) {
        let app = TestApp::with_registry(backend).await;
        let cookie = app.signed_in_member("1001", "23", "00").await;
        // Used every 25 minutes: never idle, but the absolute limit holds.
        for _ in 0..28 {
            app.clock.advance(Duration::minutes(25));
            assert_eq!(app.get_api("/api/account/overview", &cookie).await.status(), 200);
        }
        app.clock.advance(Duration::minutes(25)); // 12 h 5 min after sign-in
        assert_eq!(app.get_api("/api/account/overview", &cookie).await.status(), 401);
    }
}

on_both_databases! {
    async fn a_former_member_signs_in_during_the_retention_period_only(backend) {
        let app = TestApp::with_registry(backend).await;
        // 緑川次郎 lost coverage on 2025-03-31; the default retention is 5 years.
        let jiro = app.member_id("1002", "45", "00").await;
        app.member_account(jiro).await;
        let login = |steps: i64| {
            let app = &app;
            async move {
                app.post_api("/api/login", None, &[("identifier", "1002-45-00"), ("password", TestApp::PASSWORD),
                    ("code", &app.totp(steps)), ("next", "")]).await.status()
            }
        };
        assert_eq!(login(0).await, 200);
        let overview: serde_json::Value = app
            .get_api("/api/account/overview", &app.signed_in_member_session_for(jiro).await)
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(overview["former_member_since"], "2025-03-31");
        app.clock.set("2030-04-01T00:00:00Z".parse().unwrap()); // 2030-04-01 09:00 in Tokyo
        assert_eq!(login(0).await, 401);
        // And no letter is issued for an account whose retention is over.
        app.post_form("/api/reset/request", &[("symbol", "1002"), ("number", "45"), ("branch", "00"), ("birth_date", "1965-11-30")]).await;
        assert_eq!(app.count("SELECT COUNT(*) FROM letters").await, 0);
    }
}

on_both_databases! {
    async fn a_member_cannot_list_who_holds_login_ids(backend) {
        let app = TestApp::with_registry(backend).await;
        let taro = app.signed_in_member("1001", "23", "00").await;
        assert_eq!(app.post_api("/api/account/login-id", Some(&taro), &[("login_id", "aoba.taro")]).await.status(), 200);
        let other = app.signed_in_member("1003", "7", "00").await;
        // A held id and a malformed one get the same words; each refusal of a held one is recorded.
        for id in ["aoba.taro", "1234"] {
            let res = app.post_api("/api/account/login-id", Some(&other), &[("login_id", id)]).await;
            assert_eq!(res.status(), 422);
            assert!(res.text().await.unwrap().contains("login_id_unavailable"), "{id}");
        }
        let refused = "SELECT COUNT(*) FROM audit_events WHERE action = 'login_id.set' AND outcome = 'refused'";
        assert_eq!(app.count(refused).await, 1);
        for i in 1..app::identity::accounts::REFUSED_IDS_PER_DAY {
            let res = app.post_api("/api/account/login-id", Some(&other), &[("login_id", "aoba.taro")]).await;
            assert!(res.text().await.unwrap().contains("login_id_unavailable"), "try {i}");
        }
        // Past the day's allowance nothing more is looked up, held or free.
        for id in ["aoba.taro", "free.name"] {
            let res = app.post_api("/api/account/login-id", Some(&other), &[("login_id", id)]).await;
            assert_eq!(res.status(), 422);
            assert!(res.text().await.unwrap().contains("login_id_tries"), "{id}");
        }
        assert_eq!(app.count("SELECT COUNT(*) FROM member_accounts WHERE login_id = 'free.name'").await, 0);
        // Tomorrow the member may choose again.
        app.clock.advance(chrono::Duration::hours(25));
        let other = app.signed_in_member("1003", "7", "00").await;
        let res = app.post_api("/api/account/login-id", Some(&other), &[("login_id", "free.name")]).await;
        assert_eq!(res.status(), 200);
    }
}
