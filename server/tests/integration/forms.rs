//! Forms keep what was typed: a browser's failed post comes back to its form with the
//! values (secrets excepted) and the messages, kept on the server for that browser's
//! next page only; the URL carries an opaque token and nothing typed.

use kit::flash::FLASH_COOKIE;
use kit::i18n::Lang;
use kit::texts::IdText;

use crate::on_both_databases;
use crate::support::{TestApp, form};

fn location(res: &reqwest::Response) -> String {
    res.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string()
}

/// The binding cookie the failed post set (`name=value`), with its attributes checked.
fn flash_cookie(res: &reqwest::Response) -> String {
    let raw = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{FLASH_COOKIE}=")))
        .unwrap_or_else(|| panic!("no {FLASH_COOKIE} cookie"))
        .to_string();
    for attr in ["HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(raw.contains(attr), "{attr} in {raw}");
    }
    raw.split(';').next().unwrap().to_string()
}

/// Nothing typed, and no JSON, in the URL the browser is sent to.
fn assert_opaque(location: &str, typed: &[&str]) {
    let decoded = urlencoding::decode(location).unwrap().to_string();
    for t in typed {
        assert!(!decoded.contains(t), "{t} in {location}");
    }
    for c in ["{", "}", "\"", "field", "problem"] {
        assert!(!decoded.contains(c), "{c} in {location}");
    }
    let token = location.split("e=").nth(1).unwrap().split(['&', '#']).next().unwrap();
    assert!(kit::flash::well_formed(token), "{location}");
}

async fn page(app: &TestApp, path: &str, cookie: Option<&str>) -> String {
    let mut req = app.client.get(app.url(path)).header("accept", "text/html");
    if let Some(c) = cookie {
        req = req.header("cookie", c);
    }
    let res = req.send().await.unwrap();
    assert_eq!(res.status(), 200, "{path}");
    res.text().await.unwrap()
}

on_both_databases! {
    async fn a_failed_registration_comes_back_as_typed_for_that_browser_once(backend) {
        let app = TestApp::with_registry(backend).await;
        let typed = [("symbol", "1001"), ("number", "23"), ("branch", "07"), ("birth_date", "平成32年1月1日")];
        let res = app.post_form("/api/register/request", &typed).await;
        assert_eq!(res.status(), 302);
        let back = location(&res);
        assert!(back.starts_with("/register?e="), "{back}");
        assert_opaque(&back, &["1001", "平成32", "birth_date"]);
        let cookie = flash_cookie(&res);
        assert_eq!(app.count("SELECT COUNT(*) FROM letters").await, 0, "nothing saved");

        // Another browser (no cookie, or its own) sees an empty form and leaves the entry.
        let other = page(&app, &back, None).await;
        assert!(!other.contains("value=\"1001\"") && !other.contains("平成32年1月1日"));
        let stranger = page(&app, &back, Some(&format!("{FLASH_COOKIE}={}", "ab".repeat(16)))).await;
        assert!(!stranger.contains("value=\"1001\""));

        let html = page(&app, &back, Some(&cookie)).await;
        assert!(html.contains("value=\"1001\"") && html.contains("value=\"23\"") && html.contains("value=\"07\""), "{html}");
        assert!(html.contains("value=\"平成32年1月1日\""));
        assert!(html.contains(IdText::of(Lang::Ja).p_no_such_date), "the message beside the field");
        assert!(html.contains("aria-invalid=\"true\""));

        // The next page view has forgotten it.
        let again = page(&app, &back, Some(&cookie)).await;
        assert!(!again.contains("value=\"1001\"") && !again.contains(IdText::of(Lang::Ja).p_no_such_date));
    }
}

on_both_databases! {
    async fn a_failed_sign_in_keeps_the_identifier_and_never_the_password_or_code(backend) {
        let app = TestApp::with_registry(backend).await;
        let taro = app.member_id("1001", "23", "00").await;
        app.member_account(taro).await;
        let res = app
            .post_form("/api/login", &[("identifier", "1001-23-00"), ("password", "Kagi-no-himitsu-42"), ("code", "987123"), ("next", "")])
            .await;
        let back = location(&res);
        assert!(back.starts_with("/login?e="), "{back}");
        assert_opaque(&back, &["1001-23-00", "Kagi", "987123"]);
        let html = page(&app, &back, Some(&flash_cookie(&res))).await;
        assert!(html.contains("value=\"1001-23-00\""), "{html}");
        assert!(!html.contains("Kagi-no-himitsu-42"), "a password is never shown again");
        assert!(!html.contains("987123"), "nor a code");
    }
}

on_both_databases! {
    async fn the_letter_code_is_kept_when_another_field_is_refused(backend) {
        let app = TestApp::with_registry(backend).await;
        let fields = |code: &'static str, confirm: &'static str| {
            vec![("symbol", "1001"), ("number", "23"), ("branch", "00"), ("code", code),
                 ("password", "うちの猫はミケです"), ("password_confirm", confirm)]
        };
        // The passwords differ: the code from the letter stays, the passwords do not.
        let res = app.post_form("/api/register/complete", &fields("ABCD-EFGH-JKLM", "うちの犬はポチです")).await;
        let back = location(&res);
        assert!(back.starts_with("/register/complete?e="), "{back}");
        assert_opaque(&back, &["ABCD", "猫"]);
        let html = page(&app, &back, Some(&flash_cookie(&res))).await;
        assert!(html.contains("value=\"ABCD-EFGH-JKLM\""), "{html}");
        assert!(!html.contains("ミケ") && !html.contains("ポチ"));
        assert!(html.contains(IdText::of(Lang::Ja).p_mismatch));
        assert_eq!(app.count("SELECT COUNT(*) FROM member_accounts").await, 0, "nothing half-saved");

        // The code itself refused: it is not shown again.
        let res = app.post_form("/api/register/complete", &fields("ABCD-EFGH-JKLM", "うちの猫はミケです")).await;
        let back = location(&res);
        let html = page(&app, &back, Some(&flash_cookie(&res))).await;
        assert!(html.contains(IdText::of(Lang::Ja).p_code_invalid), "{html}");
        assert!(!html.contains("ABCD-EFGH-JKLM"));
        assert!(html.contains("value=\"1001\""));
    }
}

on_both_databases! {
    async fn a_failed_request_keeps_its_choices_but_not_its_files(backend) {
        let app = TestApp::with_registry(backend).await;
        let taro = app.signed_in_member("1001", "23", "00").await;
        // 太郎 may ask for his family: the form begins with 「どなたの」; he chooses himself.
        let who = form(&[("request_type", "disclosure"), ("step", "who"), ("go", "next"), ("for", "self")]);
        let res = app.client.post(app.url("/api/requests/step")).header("origin", &app.origin)
            .header("accept", "text/html").header("cookie", &taro).multipart(who).send().await.unwrap();
        assert_eq!(location(&res), "/requests/new/disclosure?step=what");
        let f = form(&[("request_type", "disclosure"), ("step", "what"), ("go", "next"),
            ("categories", "qualification"), ("categories", "receipts"), ("receipts_from", "2026-01"), ("receipts_to", "2025-01"),
            ("note", "窓口で受け取りたい")]);
        let res = app.client.post(app.url("/api/requests/step")).header("origin", &app.origin)
            .header("accept", "text/html").header("cookie", &taro).multipart(f).send().await.unwrap();
        assert_eq!(res.status(), 302);
        let back = location(&res);
        assert!(back.starts_with("/requests/new/disclosure?step=what&e="), "{back}");
        assert_opaque(&back, &["2026-01", "窓口", "receipts"]);
        let cookie = format!("{taro}; {}", flash_cookie(&res));
        let html = app.get_with(&back, &cookie).await.text().await.unwrap();
        assert!(html.contains(IdText::of(Lang::Ja).p_period_order), "{html}");
        assert!(html.contains("value=\"2026-01\"") && html.contains("value=\"2025-01\""));
        assert!(html.contains("窓口で受け取りたい</textarea>"));
        let checked = |id: &str| html.split(&format!("id=\"{id}\"")).nth(1).is_some_and(|rest| rest.split('>').next().unwrap_or_default().contains("checked"));
        assert!(checked("f-cat-qualification") && checked("f-cat-receipts") && !checked("f-cat-income"), "the chosen categories");
        assert_eq!(app.count("SELECT COUNT(*) FROM requests").await, 0, "nothing half-saved");
        // Without a failed post the text area is empty (no hydration marker inside it).
        let fresh = app.get_with("/requests/new/disclosure?step=what", &taro).await.text().await.unwrap();
        assert!(fresh.contains("></textarea>") && !fresh.contains("<!></textarea>") && !fresh.contains("窓口で受け取りたい"));
        assert!(!fresh.contains("data-choose-again"));
        // The files come on the confirmation page: a refused file sends the browser back
        // there, the answers kept and the files asked for again.
        app.answer_steps(&taro, &[("request_type", "disclosure"), ("for", "self"), ("categories", "receipts"), ("method", "paper")]).await.unwrap();
        let page = app.confirmation_page(&taro, "disclosure").await;
        let f = form(&[("request_type", "disclosure"), ("confirmation", page["confirm"]["confirmation"].as_str().unwrap()), ("fee_yen", "300")])
            .part("supporting", reqwest::multipart::Part::bytes(b"<html></html>".to_vec()).file_name("a.pdf"));
        let res = app.client.post(app.url("/api/requests/submit")).header("origin", &app.origin)
            .header("accept", "text/html").header("cookie", &taro).multipart(f).send().await.unwrap();
        let back = location(&res);
        assert!(back.starts_with("/requests/new/disclosure?step=confirm&e="), "{back}");
        let cookie = format!("{taro}; {}", flash_cookie(&res));
        let html = app.get_with(&back, &cookie).await.text().await.unwrap();
        assert!(html.contains("data-choose-again") && html.contains("data-confirm"), "files are asked for again on the confirmation");
        assert_eq!(app.count("SELECT COUNT(*) FROM requests").await, 0, "nothing half-saved");
    }
}
