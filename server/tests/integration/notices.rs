//! 医療費のお知らせ: the import (idempotent, all-or-nothing, both encodings, the CLI), the
//! household rules over HTTP (minors shown, adults only with consent, opt-out, the 18th
//! birthday), refusals of other years and people, the statement and its CSV, step-up,
//! and the record of every view naming whose lines were shown.

use std::collections::BTreeSet;

use app::csv_import::LineProblem;
use app::notices::store::{ImportReport, import};
use app::platform::audit::{Actor, RequestMeta};

use crate::on_both_databases;
use crate::support::{TestApp, demo_dir};

fn demo_notices() -> String {
    std::fs::read_to_string(demo_dir().join("notices.csv")).unwrap()
}

async fn run(app: &TestApp, bytes: &[u8]) -> ImportReport {
    import(&app.state, &RequestMeta::default(), Actor::System("test"), bytes, &|_, _| {}).await.unwrap()
}

/// The demo registry's notices, imported.
pub async fn import_demo_notices(app: &TestApp) {
    let report = run(app, demo_notices().as_bytes()).await;
    assert!(report.imported(), "{report:?}");
}

/// The demo file's lines of one person (記号・番号・枝番) in one year, as
/// (month, provider, copay) — computed from the file, not from the portal.
fn expected_lines(card: (&str, &str, &str), year: &str) -> Vec<(String, String, i64)> {
    let prefix = format!("{},{},{},{year}-", card.0, card.1, card.2);
    let mut lines: Vec<(String, String, i64)> = demo_notices()
        .lines()
        .filter(|l| l.starts_with(&prefix))
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (f[3].to_string(), f[4].to_string(), f[8].parse().unwrap())
        })
        .collect();
    lines.sort();
    lines
}

impl TestApp {
    async fn notices(&self, cookie: &str, query: &str) -> reqwest::Response {
        self.get_api(&format!("/api/notices?{query}"), cookie).await
    }

    async fn notices_json(&self, cookie: &str, query: &str) -> serde_json::Value {
        let res = self.notices(cookie, query).await;
        assert_eq!(res.status(), 200, "{query}");
        res.json().await.unwrap()
    }
}

fn member_ids_of_lines(year: &serde_json::Value) -> BTreeSet<i64> {
    year["lines"].as_array().unwrap().iter().map(|l| l["member_id"].as_i64().unwrap()).collect()
}

fn visibility_of(year: &serde_json::Value, member_id: i64) -> String {
    year["people"].as_array().unwrap().iter().find(|p| p["member_id"] == member_id).unwrap()["visibility"]
        .as_str()
        .unwrap()
        .to_string()
}

on_both_databases! {
    async fn importing_the_same_file_twice_changes_nothing_and_a_correction_updates_one_line(backend) {
        let app = TestApp::with_registry(backend).await;
        let csv = demo_notices();
        let lines = csv.lines().count() as u64 - 1;
        let first = run(&app, csv.as_bytes()).await;
        assert!(first.imported(), "{first:?}");
        assert_eq!((first.inserted, first.updated, first.unchanged), (lines, 0, 0));
        let second = run(&app, csv.as_bytes()).await;
        assert_eq!((second.inserted, second.updated, second.unchanged), (0, 0, lines));
        assert_eq!(app.count("SELECT COUNT(*) FROM notice_lines").await, lines as i64);
        // A corrected レセプト (a new 窓口負担額 for one line) updates that line only.
        let first_line = csv.lines().nth(1).unwrap();
        let mut fields: Vec<String> = first_line.split(',').map(str::to_string).collect();
        fields[8] = (fields[8].parse::<i64>().unwrap() - 10).to_string();
        let corrected = csv.replacen(first_line, &fields.join(","), 1);
        let third = run(&app, corrected.as_bytes()).await;
        assert_eq!((third.inserted, third.updated, third.unchanged), (0, 1, lines - 1));
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'notice.import'").await, 3);
    }
}

on_both_databases! {
    async fn a_malformed_file_is_refused_line_by_line_and_nothing_is_imported(backend) {
        let app = TestApp::with_registry(backend).await;
        let mut csv = demo_notices();
        let good = csv.lines().count();
        csv.push_str("1001,23,00,2026-07,あおば内科クリニック,医科外来,1,-5000,1500,0,0\n");
        csv.push_str("9999,1,00,2026-07,あおば内科クリニック,医科外来,1,5000,1500,0,0\n");
        csv.push_str("1001,23,00,2030-01,あおば内科クリニック,医科外来,1,5000,1500,0,0\n");
        csv.push_str("1001,23,00,2026-07\n");
        let report = run(&app, csv.as_bytes()).await;
        assert!(!report.imported());
        let lines: Vec<usize> = report.rejected.iter().map(|r| r.line).collect();
        assert_eq!(lines, vec![good + 1, good + 2, good + 3, good + 4]);
        assert_eq!(report.rejected[0].problems, vec![LineProblem::Negative("医療費総額"), LineProblem::Exceeds { part: "窓口負担額", whole: "医療費総額" }]);
        assert_eq!(report.rejected[1].problems, vec![LineProblem::UnknownMember]);
        assert_eq!(report.rejected[2].problems, vec![LineProblem::MonthOutOfRange]);
        assert_eq!(report.rejected[3].problems, vec![LineProblem::WrongFieldCount { expected: 11, found: 4 }]);
        assert_eq!(app.count("SELECT COUNT(*) FROM notice_lines").await, 0, "half-imported");
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'notice.import'").await, 0);
        // A missing column rejects the header; so does a file that is not CSV of this kind.
        let report = run(&app, "記号,番号,枝番\n1001,23,00\n".as_bytes()).await;
        assert_eq!(report.rejected[0].line, 1);
        assert!(report.rejected[0].problems.contains(&LineProblem::MissingColumn("医療費総額".into())));
        // Bytes that are neither UTF-8 nor mappable CP932 are named as unmappable.
        let mut bytes = "記号,番号,枝番,診療年月,医療機関等名称,区分,日数,医療費総額,窓口負担額,高額療養費,付加給付\n1001,23,00,2026-07,".as_bytes().to_vec();
        let (sjis_header, _, _) = encoding_rs::SHIFT_JIS.encode(std::str::from_utf8(&bytes).unwrap());
        bytes = sjis_header.to_vec();
        bytes.extend_from_slice(&[0xF0, 0x40]);
        let (rest, _, _) = encoding_rs::SHIFT_JIS.encode("医院,医科外来,1,5000,1500,0,0\n");
        bytes.extend_from_slice(&rest);
        let report = run(&app, &bytes).await;
        assert!(report.decoded_as_cp932);
        assert_eq!(report.rejected[0].problems, vec![LineProblem::Unmappable("医療機関等名称")]);
        assert_eq!(app.count("SELECT COUNT(*) FROM notice_lines").await, 0);
    }
}

on_both_databases! {
    async fn a_shift_jis_export_imports_like_utf8(backend) {
        let app = TestApp::with_registry(backend).await;
        let text = demo_notices();
        let (sjis, _, unmappable) = encoding_rs::SHIFT_JIS.encode(&text);
        assert!(!unmappable);
        let report = run(&app, &sjis).await;
        assert!(report.decoded_as_cp932 && report.imported(), "{report:?}");
        let again = run(&app, demo_notices().as_bytes()).await;
        assert_eq!(again.unchanged, report.inserted);
    }
}

on_both_databases! {
    async fn the_insured_sees_minors_and_adults_only_with_their_consent(backend) {
        let app = TestApp::with_registry(backend).await;
        import_demo_notices(&app).await;
        let taro = app.member_id("1001", "23", "00").await;
        let hanako = app.member_id("1001", "23", "01").await;
        let misaki = app.member_id("1001", "23", "02").await;
        let sho = app.member_id("1001", "23", "03").await;
        let taro_cookie = app.signed_in_member("1001", "23", "00").await;

        let year = app.notices_json(&taro_cookie, "year=2026").await;
        assert_eq!(visibility_of(&year, taro), "own");
        assert_eq!(visibility_of(&year, sho), "minor");
        assert_eq!(visibility_of(&year, hanako), "needs_consent");
        assert_eq!(visibility_of(&year, misaki), "needs_consent");
        assert_eq!(member_ids_of_lines(&year), BTreeSet::from([taro, sho]));
        // Exactly the file's lines of the two, and totals that add up.
        let got: Vec<(String, String, i64)> = year["lines"].as_array().unwrap().iter()
            .filter(|l| l["member_id"] == sho)
            .map(|l| (l["month"].as_str().unwrap().to_string(), l["provider"].as_str().unwrap().to_string(), l["copay"].as_i64().unwrap()))
            .collect::<BTreeSet<_>>().into_iter().collect();
        assert_eq!(got, expected_lines(("1001", "23", "03"), "2026"));
        let sum: i64 = expected_lines(("1001", "23", "00"), "2026").iter().chain(expected_lines(("1001", "23", "03"), "2026").iter()).map(|l| l.2).sum();
        assert_eq!(year["monthly_copay"].as_array().unwrap().iter().map(|m| m.as_i64().unwrap()).sum::<i64>(), sum);

        // 花子 consents in her own account: 太郎 now sees her lines.
        let hanako_cookie = app.signed_in_member("1001", "23", "01").await;
        let own = app.notices_json(&hanako_cookie, "year=2026").await;
        assert_eq!(member_ids_of_lines(&own), BTreeSet::from([hanako]), "a dependent sees only her own lines");
        assert_eq!(own["people"].as_array().unwrap().len(), 1);
        let res = app.post_api("/api/notices/sharing/set", Some(&hanako_cookie), &[("choice", "consent")]).await;
        assert!(res.status().is_success(), "{}", res.status());
        let year = app.notices_json(&taro_cookie, "year=2026").await;
        assert_eq!(visibility_of(&year, hanako), "consented");
        assert_eq!(member_ids_of_lines(&year), BTreeSet::from([taro, hanako, sho]));
        // She withdraws it: hidden again; the history of both choices is kept.
        app.post_api("/api/notices/sharing/set", Some(&hanako_cookie), &[("choice", "opt_out")]).await;
        let year = app.notices_json(&taro_cookie, "year=2026").await;
        assert_eq!(visibility_of(&year, hanako), "opted_out");
        assert_eq!(member_ids_of_lines(&year), BTreeSet::from([taro, sho]));
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM household_display WHERE member_id = {hanako}")).await, 2);
        // A minor may opt out too.
        let sho_cookie = app.signed_in_member("1001", "23", "03").await;
        app.post_api("/api/notices/sharing/set", Some(&sho_cookie), &[("choice", "opt_out")]).await;
        let year = app.notices_json(&taro_cookie, "year=2026").await;
        assert_eq!(member_ids_of_lines(&year), BTreeSet::from([taro]));
        // A made-up choice is refused and saves nothing.
        let res = app.post_api("/api/notices/sharing/set", Some(&hanako_cookie), &[("choice", "everyone")]).await;
        assert_eq!(res.status(), 422);
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM household_display WHERE member_id = {hanako}")).await, 2);
    }
}

on_both_databases! {
    async fn other_people_and_years_are_refused_next_to_their_field(backend) {
        let app = TestApp::with_registry(backend).await;
        import_demo_notices(&app).await;
        let taro_cookie = app.signed_in_member("1001", "23", "00").await;
        let misaki = app.member_id("1001", "23", "02").await;
        let sho = app.member_id("1001", "23", "03").await;
        let stranger = app.member_id("1003", "7", "01").await;
        for (query, field) in [
            (format!("year=2026&person={misaki}"), "person"),
            (format!("year=2026&person={stranger}"), "person"),
            ("year=2026&person=abc".to_string(), "person"),
            ("year=2019".to_string(), "year"),
            ("year=2027".to_string(), "year"),
            ("year=twenty".to_string(), "year"),
        ] {
            let res = app.notices(&taro_cookie, &query).await;
            assert_eq!(res.status(), 400, "{query}");
            let body = res.text().await.unwrap();
            assert!(body.contains(field), "{query}: {body}");
            assert!(!body.contains("サクライ") && !body.contains("桜井"), "{query} leaked a name: {body}");
        }
        // One person of his own: only that person's lines.
        let year = app.notices_json(&taro_cookie, &format!("year=2026&person={sho}")).await;
        assert_eq!(member_ids_of_lines(&year), BTreeSet::from([sho]));
        // The page says so in words, next to the field.
        let res = app.get_with(&format!("/notices?year=2026&person={stranger}"), &taro_cookie).await;
        let html = res.text().await.unwrap();
        assert!(html.contains("id=\"f-person-error\""), "{html}");
        assert!(html.contains("この方の医療費のお知らせは表示できません"));
        // Nobody signed out, and no staff member, reads a member's notices.
        assert_eq!(app.get("/api/notices?year=2026").await.status(), 401);
        let staff = app.signed_in_staff("S0801", &["reviewer"]).await;
        assert_eq!(app.notices(&staff, "year=2026").await.status(), 401);
    }
}

on_both_databases! {
    async fn the_18th_birthday_hides_a_childs_lines_until_they_consent(backend) {
        let app = TestApp::with_registry(backend).await;
        import_demo_notices(&app).await;
        let kenta = app.member_id("1003", "7", "01").await; // born 2008-12-01
        let saburo_cookie = app.signed_in_member("1003", "7", "00").await;
        let year = app.notices_json(&saburo_cookie, "year=2026").await;
        assert_eq!(visibility_of(&year, kenta), "minor");
        assert!(member_ids_of_lines(&year).contains(&kenta));
        // 2026-12-01 in Tokyo: he is 18.
        app.clock.set("2026-11-30T15:00:00Z".parse().unwrap());
        let saburo_cookie = app.signed_in_member("1003", "7", "00").await;
        let year = app.notices_json(&saburo_cookie, "year=2026").await;
        assert_eq!(visibility_of(&year, kenta), "needs_consent");
        assert!(!member_ids_of_lines(&year).contains(&kenta));
    }
}

on_both_databases! {
    async fn a_paper_consent_recorded_by_staff_shows_the_adults_lines(backend) {
        let app = TestApp::with_registry(backend).await;
        import_demo_notices(&app).await;
        let kazuko = app.member_id("1005", "8", "01").await;
        let makoto_cookie = app.signed_in_member("1005", "8", "00").await;
        assert_eq!(visibility_of(&app.notices_json(&makoto_cookie, "year=2026").await, kazuko), "needs_consent");
        let clerk = app.signed_in_staff("S0802", &["intake"]).await;
        // Bad input: every field named, nothing saved.
        let bad = [("form[key]", "1005-8"), ("form[choice]", "maybe"), ("form[signed_on]", "2027-01-01")];
        let res = app.post_api("/api/staff/notices/consent", Some(&clerk), &bad).await;
        assert_eq!(res.status(), 422);
        let body = res.text().await.unwrap();
        for field in ["key", "choice", "signed_on"] {
            assert!(body.contains(field), "{field}: {body}");
        }
        assert_eq!(app.count("SELECT COUNT(*) FROM household_display").await, 0);
        // A member cannot record a paper consent, not even their own household's.
        let res = app.post_api("/api/staff/notices/consent", Some(&makoto_cookie), &[("form[key]", "1005-8-01"), ("form[choice]", "consent"), ("form[signed_on]", "2026-11-20")]).await;
        assert!(res.status() == 401 || res.status() == 403, "{}", res.status());
        let res = app.post_api("/api/staff/notices/consent", Some(&clerk), &[("form[key]", "1005-8-01"), ("form[choice]", "consent"), ("form[signed_on]", "2026-11-20")]).await;
        assert!(res.status().is_success(), "{}", res.status());
        let year = app.notices_json(&makoto_cookie, "year=2026").await;
        assert_eq!(visibility_of(&year, kazuko), "consented");
        assert!(member_ids_of_lines(&year).contains(&kazuko));
        let (source, paper_date): (String, Option<String>) = sqlx::query_as("SELECT source, paper_date FROM household_display WHERE member_id = $1")
            .bind(kazuko).fetch_one(&app.state.db.pool).await.unwrap();
        assert_eq!((source.as_str(), paper_date.as_deref()), ("paper", Some("2026-11-20")));
    }
}

on_both_databases! {
    async fn every_view_is_recorded_naming_whose_lines_were_shown(backend) {
        let app = TestApp::with_registry(backend).await;
        import_demo_notices(&app).await;
        let taro = app.member_id("1001", "23", "00").await;
        let sho = app.member_id("1001", "23", "03").await;
        let cookie = app.signed_in_member("1001", "23", "00").await;
        app.notices_json(&cookie, "year=2025").await;
        let subjects: Vec<(i64, String)> = sqlx::query_as(
            "SELECT subject_member_id, record_ref FROM audit_events WHERE action = 'notice.view' ORDER BY subject_member_id",
        )
        .fetch_all(&app.state.db.pool)
        .await
        .unwrap();
        assert_eq!(subjects, vec![(taro, format!("notice_lines?member={taro}&year=2025")), (sho, format!("notice_lines?member={sho}&year=2025"))]);
        // The statement and its CSV are recorded too.
        let res = app.get_with("/notices/statement.csv?year=2025", &cookie).await;
        assert_eq!(res.status(), 200);
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'notice.export'").await, 2);
    }
}

on_both_databases! {
    /// Without `?year=` the notices open on the last complete year (the one a tax return is
    /// filed for); a member with no lines in it gets the newest year that has lines. A
    /// year that is not over yet, or whose last bills have not all arrived, says so on the
    /// page, the statement and in the data; a complete year says nothing of the kind.
    async fn the_notices_open_on_the_last_complete_year_and_a_partial_year_says_so(backend) {
        let app = TestApp::with_registry(backend).await;
        import_demo_notices(&app).await;
        let cookie = app.signed_in_member("1001", "23", "00").await;
        // support::NOW is in November 2026; the demo's bills reach August 2026.
        let reach = demo_notices().lines().skip(1).filter_map(|l| l.split(',').nth(3)).max().unwrap().to_string();
        assert!(reach.starts_with("2026-"), "{reach}");
        let year = app.notices_json(&cookie, "").await;
        assert_eq!(year["year"], 2025);
        assert_eq!(year["coverage"], serde_json::json!({ "kind": "complete" }));
        assert_eq!(year["lines"].as_array().unwrap().len(), expected_lines(("1001", "23", "00"), "2025").len() + expected_lines(("1001", "23", "03"), "2025").len());
        let statement: serde_json::Value = app.get_api("/api/notices/statement", &cookie).await.json().await.unwrap();
        assert_eq!((statement["year"].as_i64(), &statement["coverage"]), (Some(2025), &serde_json::json!({ "kind": "complete" })));
        let page = app.get_with("/notices", &cookie).await.text().await.unwrap();
        assert!(page.contains("2025年分の医療費控除<") && !page.contains("data-partial"), "{page}");
        let html = app.get_with("/notices/statement", &cookie).await.text().await.unwrap();
        assert!(html.contains("2025年分・医療費控除用") && !html.contains("data-partial"));

        // This year: not over, and each place says how far it reaches.
        let this_year = app.notices_json(&cookie, "year=2026").await;
        assert_eq!(this_year["coverage"], serde_json::json!({ "kind": "not_over", "through": reach }));
        let statement: serde_json::Value = app.get_api("/api/notices/statement?year=2026", &cookie).await.json().await.unwrap();
        assert_eq!(statement["coverage"], this_year["coverage"]);
        let month = format!("{}年{}月", &reach[..4], reach[5..].trim_start_matches('0'));
        for path in ["/notices?year=2026", "/notices/statement?year=2026"] {
            let html = app.get_with(path, &cookie).await.text().await.unwrap();
            assert!(html.contains("data-partial"), "{path}");
            assert!(html.contains(&format!("2026年はまだ終わっていないため、この明細は{month}診療分までの途中のものです")), "{path}: {html}");
        }

        // A member whose only lines are this year's opens on this year; one with none on
        // the last complete year, empty.
        let masao = app.signed_in_member("1006", "3", "00").await;
        let empty = app.notices_json(&masao, "").await;
        assert_eq!((empty["year"].as_i64(), empty["lines"].as_array().unwrap().len()), (Some(2025), 0));
        let header = demo_notices().lines().next().unwrap().to_string();
        let report = run(&app, format!("{header}\n1006,3,00,2026-07,しろいし内科（架空）,医科外来,1,5000,1500,0,0\n").as_bytes()).await;
        assert!(report.imported(), "{report:?}");
        let only_this_year = app.notices_json(&masao, "").await;
        assert_eq!((only_this_year["year"].as_i64(), only_this_year["lines"].as_array().unwrap().len()), (Some(2026), 1));
        assert_eq!(only_this_year["coverage"]["kind"], "not_over");

        // In February 2027, 2026 is the default; it is over, but its last bills have not
        // all arrived, so it is still marked, and says up to when it reaches.
        app.clock.set("2027-02-10T01:00:00Z".parse().unwrap());
        let cookie = app.signed_in_member("1001", "23", "00").await;
        let next_year = app.notices_json(&cookie, "").await;
        assert_eq!(next_year["year"], 2026);
        assert_eq!(next_year["coverage"], serde_json::json!({ "kind": "arriving", "through": reach }));
        let html = app.get_with("/notices/statement", &cookie).await.text().await.unwrap();
        assert!(html.contains(&format!("2026年の分は、まだすべて届いていません。この明細は{month}診療分までです")), "{html}");
        // An explicit year still works, and a malformed one is a plain refusal.
        assert_eq!(app.notices_json(&cookie, "year=2024").await["coverage"]["kind"], "complete");
        assert_eq!(app.notices(&cookie, "year=last").await.status(), 400);
        let html = app.get_with("/notices?year=last", &cookie).await.text().await.unwrap();
        assert!(html.contains("id=\"f-year-error\""), "{html}");
    }
}

on_both_databases! {
    async fn the_statement_carries_the_six_items_with_the_numbers_masked(backend) {
        let app = TestApp::with_registry(backend).await;
        import_demo_notices(&app).await;
        let cookie = app.signed_in_member("1001", "23", "00").await;
        let res = app.get_api("/api/notices/statement?year=2026", &cookie).await;
        assert_eq!(res.status(), 200);
        let s: serde_json::Value = res.json().await.unwrap();
        assert_eq!(s["insured_name"], "青葉 太郎");
        assert!(s["insurer_name"].as_str().unwrap().contains("健康保険組合"));
        let rows = s["rows"].as_array().unwrap();
        let expected = expected_lines(("1001", "23", "00"), "2026").len() + expected_lines(("1001", "23", "03"), "2026").len();
        assert_eq!(rows.len(), expected);
        assert!(rows.iter().all(|r| ["month", "patient", "provider", "paid"].iter().all(|k| !r[k].is_null())));
        assert_eq!(s["total_paid"].as_i64().unwrap(), rows.iter().map(|r| r["paid"].as_i64().unwrap()).sum::<i64>());
        // The CSV: a BOM, the six items' header, the rows; the numbers nowhere.
        let res = app.get_with("/notices/statement.csv?year=2026", &cookie).await;
        assert_eq!(res.headers()["content-type"], "text/csv; charset=utf-8");
        let csv = res.text().await.unwrap();
        assert!(csv.starts_with('\u{FEFF}'));
        assert!(csv.contains("被保険者等の氏名,療養を受けた年月,療養を受けた者,医療機関等の名称"));
        assert_eq!(csv.lines().count(), expected + 1);
        // The print page: the masked numbers, no 記号・番号 or 保険者番号 anywhere.
        let html = app.get_with("/notices/statement?year=2026", &cookie).await.text().await.unwrap();
        assert!(html.contains("data-item=\"card\">＊＊＊＊<"), "{html}");
        for text in [&csv, &html] {
            assert!(!text.contains("06139999") && !text.contains("1001-23"), "unmasked number");
        }
    }
}

on_both_databases! {
    /// Reading needs a sign-in, not a recent one; a 医療費 file leaving the portal asks for
    /// the password and code again, then leads straight back to it.
    async fn notices_are_read_on_a_sign_in_and_their_files_ask_for_a_recent_one(backend) {
        let app = TestApp::with_registry(backend).await;
        import_demo_notices(&app).await;
        let cookie = app.signed_in_member("1001", "23", "00").await;
        assert_eq!(app.notices(&cookie, "year=2026").await.status(), 200);
        app.clock.advance(chrono::Duration::minutes(11));
        assert_eq!(app.notices(&cookie, "year=2026").await.status(), 200);
        let page = app.get_with("/notices?year=2026", &cookie).await;
        assert_eq!(page.status(), 200);
        let res = app.get_with("/notices/statement.csv?year=2026", &cookie).await;
        assert!(res.status().is_redirection(), "{}", res.status());
        assert_eq!(res.headers()["location"].to_str().unwrap(), "/account/confirm?next=%2Fnotices%2Fstatement.csv%3Fyear%3D2026");
        // After the confirmation, the file.
        let confirmed = app
            .post_api("/api/account/confirm", Some(&cookie), &[("password", TestApp::PASSWORD), ("code", &app.totp(0)), ("next", "/account")])
            .await;
        assert_eq!(confirmed.status(), 200);
        let file = app.get_with("/notices/statement.csv?year=2026", &cookie).await;
        assert_eq!(file.status(), 200);
    }
}

on_both_databases! {
    async fn the_import_command_shows_progress_and_records_the_import(backend) {
        let app = TestApp::with_registry(backend).await;
        let calls = std::sync::Mutex::new(Vec::new());
        let report = madoguchi_server::cli::import_notices::import_file(&app.state, &demo_dir().join("notices.csv"), &|done, total| {
            calls.lock().unwrap().push((done, total));
        })
        .await
        .unwrap();
        assert!(report.imported());
        let calls = calls.into_inner().unwrap();
        assert_eq!(calls.last(), Some(&(report.lines, report.lines)));
        let row: (String, Option<String>, String) =
            sqlx::query_as("SELECT actor_kind, data_category, outcome FROM audit_events WHERE action = 'notice.import'")
                .fetch_one(&app.state.db.pool)
                .await
                .unwrap();
        assert_eq!(row, ("system".into(), Some("notices".into()), "allowed".into()));
    }
}

#[test]
fn the_generator_is_deterministic_and_its_output_imports_cleanly() {
    let people = madoguchi_server::cli::generate_notices::people_of_registry(&demo_dir().join("registry.csv")).unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let mut a = Vec::new();
    let mut b = Vec::new();
    let n = madoguchi_server::cli::generate_notices::generate(&people, today, 24, 7, &mut a).unwrap();
    madoguchi_server::cli::generate_notices::generate(&people, today, 24, 7, &mut b).unwrap();
    assert_eq!(a, b);
    let text = String::from_utf8(a).unwrap();
    let (lines, rejected) = app::notices::store::parse_csv(&text, today);
    assert!(rejected.is_empty(), "{rejected:?}");
    assert_eq!(lines.len(), n);
    // About 20 lines per person and year.
    let per_person_year = n as f64 / people.len() as f64 / 2.0;
    assert!((15.0..=25.0).contains(&per_person_year), "{per_person_year}");
}

#[test]
fn the_cli_imports_with_a_progress_bar_and_refuses_a_bad_file_whole() {
    let dir = tempfile::tempdir().unwrap();
    let server = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_server"))
            .env("LEPTOS_OUTPUT_NAME", "madoguchi")
            .env("MADOGUCHI_DATABASE_URL", format!("sqlite://{}", dir.path().join("db.sqlite3").display()))
            .args(args)
            .output()
            .unwrap()
    };
    let registry = demo_dir().join("registry.csv");
    assert!(server(&["import-registry", registry.to_str().unwrap()]).status.success());
    let notices = demo_dir().join("notices.csv");
    let out = server(&["import-notices", notices.to_str().unwrap()]);
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "{stdout}{stderr}");
    let lines = demo_notices().lines().count() - 1;
    assert!(stdout.contains(&format!("取込完了: {lines} 行（新規 {lines} 件")), "{stdout}");
    assert!(stderr.contains("] 100% "), "{stderr}");
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, format!("{}1001,23,00,2026-07,医院,鍼灸,1,100,30,0,0\n", demo_notices())).unwrap();
    let out = server(&["import-notices", bad.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success());
    assert!(stdout.contains(&format!("{}行目: 「区分」の形式が正しくありません", lines + 2)), "{stdout}");
    assert!(stdout.contains("1行も登録していません"), "{stdout}");
}

on_both_databases! {
    async fn the_pdf_and_xlsx_statements_download_for_the_member_only(backend) {
        let app = TestApp::with_registry(backend).await;
        import_demo_notices(&app).await;
        let cookie = app.signed_in_member("1001", "23", "00").await;
        let res = app.get_with("/notices/statement.pdf?year=2026", &cookie).await;
        assert_eq!(res.status(), 200);
        assert_eq!(res.headers()["content-type"], "application/pdf");
        assert!(res.headers()["content-disposition"].to_str().unwrap().contains("iryohi-2026.pdf"));
        let pdf = res.bytes().await.unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        assert!(pdf.len() < 1_000_000, "the font is embedded as a subset: {} bytes", pdf.len());
        let res = app.get_with("/notices/statement.xlsx?year=2026", &cookie).await;
        assert_eq!(res.status(), 200);
        assert!(res.bytes().await.unwrap().starts_with(b"PK"));
        // Staff, strangers and bad years get a refusal page, not a file.
        let staff = app.signed_in_staff("S0803", &["reviewer"]).await;
        assert_eq!(app.get_with("/notices/statement.pdf?year=2026", &staff).await.status(), 401);
        assert_eq!(app.get("/notices/statement.xlsx?year=2026").await.status(), 401);
        assert_eq!(app.get_with("/notices/statement.pdf?year=1999", &cookie).await.status(), 400);
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'notice.export'").await, 4, "two people, two files");
    }
}

on_both_databases! {
    async fn an_upload_from_the_staff_page_imports_in_the_background(backend) {
        let app = TestApp::with_registry(backend).await;
        let admin = app.signed_in_staff("S0804", &["admin"]).await;
        let clerk = app.signed_in_staff("S0805", &["intake"]).await;
        let upload = |cookie: String, body: &'static str| {
            let form = reqwest::multipart::Form::new().part(
                "file",
                reqwest::multipart::Part::bytes(body.as_bytes().to_vec()).file_name("notices.csv").mime_str("text/csv").unwrap(),
            );
            app.client
                .post(app.url("/staff/notices/import/upload"))
                .header("origin", &app.origin)
                .header("cookie", cookie)
                .multipart(form)
                .send()
        };
        const GOOD: &str = "記号,番号,枝番,診療年月,医療機関等名称,区分,日数,医療費総額,窓口負担額,高額療養費,付加給付\n1001,23,00,2026-07,あおば内科クリニック,医科外来,1,5000,1500,0,0\n";
        // Only the import role; a clerk's try is refused and recorded.
        assert_eq!(upload(clerk, GOOD).await.unwrap().status(), 403);
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'notice.import' AND outcome = 'refused'").await, 1);
        let res = upload(admin.clone(), GOOD).await.unwrap();
        assert_eq!(res.status(), 303);
        let location = res.headers()["location"].to_str().unwrap().to_string();
        let job = location.strip_prefix("/staff/notices/import?job=").unwrap().to_string();
        // The page shows the job's progress until it ends.
        let id: u64 = job.parse().unwrap();
        app.state.feature::<app::csv_import::store::Jobs>().finished(id).await.unwrap();
        let status: serde_json::Value = app.get_api(&format!("/api/staff/imports/status?job={job}"), &admin).await.json().await.unwrap();
        assert_eq!(status["status"]["Imported"]["inserted"], 1, "{status}");
        assert_eq!(status["done"], 1);
        assert_eq!(app.count("SELECT COUNT(*) FROM notice_lines").await, 1);
        // Without the Origin header (a cross-site form) nothing starts.
        let form = reqwest::multipart::Form::new().text("file", GOOD);
        let res = app.client.post(app.url("/staff/notices/import/upload")).header("cookie", admin).multipart(form).send().await.unwrap();
        assert_eq!(res.status(), 403);
    }
}

on_both_databases! {
    /// With no line in the last complete year, the newest year that has lines.
    async fn without_lines_last_year_the_page_opens_on_the_newest_year_with_lines_whatever_order_files_arrive_in(backend) {
        let app = TestApp::with_registry(backend).await;
        let taro_cookie = app.signed_in_member("1001", "23", "00").await;
        let taro = app.member_id("1001", "23", "00").await;
        const HEADER: &str = "記号,番号,枝番,診療年月,医療機関等名称,区分,日数,医療費総額,窓口負担額,高額療養費,付加給付\n";
        // No lines yet: the last complete year (support::NOW is in 2026), and nothing.
        let empty = app.notices_json(&taro_cookie, "").await;
        assert_eq!((empty["year"].as_i64(), empty["latest_month"].as_str()), (Some(2025), None));
        // A file of 2024, then a late file of 2022: the newest month stays 2024-11.
        for line in ["1001,23,00,2024-11,あおば内科クリニック,医科外来,1,5000,1500,0,0", "1001,23,00,2022-03,みどり歯科,歯科,2,8000,2400,0,0"] {
            let report = run(&app, format!("{HEADER}{line}\n").as_bytes()).await;
            assert_eq!(report.inserted, 1, "{report:?}");
        }
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM notice_latest WHERE member_id = {taro} AND month = '2024-11'")).await, 1);
        let opened = app.notices_json(&taro_cookie, "").await;
        assert_eq!((opened["year"].as_i64(), opened["latest_month"].as_str()), (Some(2024), Some("2024-11")));
        assert_eq!(opened["lines"].as_array().map(Vec::len), Some(1));
        // Each year shows its own months only.
        let older = app.notices_json(&taro_cookie, "year=2022").await;
        let months: Vec<&str> = older["lines"].as_array().unwrap().iter().filter_map(|l| l["month"].as_str()).collect();
        assert_eq!(months, ["2022-03"]);
        assert!(app.notices_json(&taro_cookie, "year=2023").await["lines"].as_array().unwrap().is_empty());
    }
}

on_both_databases! {
    async fn a_former_insured_sees_only_their_own_lines(backend) {
        let app = TestApp::with_registry(backend).await;
        import_demo_notices(&app).await;
        let (taro, sho) = (app.member_id("1001", "23", "00").await, app.member_id("1001", "23", "03").await);
        let taro_cookie = app.signed_in_member("1001", "23", "00").await;
        let hanako_cookie = app.signed_in_member("1001", "23", "01").await;
        app.post_api("/api/notices/sharing/set", Some(&hanako_cookie), &[("choice", "consent")]).await;
        let sharing: serde_json::Value = app.get_api("/api/notices/sharing", &hanako_cookie).await.json().await.unwrap();
        assert_eq!(sharing["own"], "consented");
        assert_eq!(member_ids_of_lines(&app.notices_json(&taro_cookie, "year=2026").await).len(), 3);
        // 太郎 lost his 資格 yesterday: the household's lines are no longer his to see.
        let yesterday = (kit::time::tokyo_date(app.state.clock.now()) - chrono::Duration::days(1)).to_string();
        sqlx::query("UPDATE members SET lost_on = $1 WHERE id = $2").bind(&yesterday).bind(taro).execute(&app.state.db.pool).await.unwrap();
        let year = app.notices_json(&taro_cookie, "year=2026").await;
        assert_eq!(member_ids_of_lines(&year), BTreeSet::from([taro]));
        assert_eq!(year["people"].as_array().unwrap().len(), 1);
        assert_eq!(app.notices(&taro_cookie, &format!("year=2026&person={sho}")).await.status().as_u16() / 100, 4);
        let sharing: serde_json::Value = app.get_api("/api/notices/sharing", &hanako_cookie).await.json().await.unwrap();
        assert_eq!(sharing["own"], "not_household", "花子's lines go to no former 被保険者");
    }
}
