//! The member registry import: idempotent, all-or-nothing, with history; UTF-8 and
//! Shift_JIS; through the library and through the CLI.

use std::process::Command;

use app::registry::LineProblem;
use app::registry::store::import;
use app::platform::audit::{Actor, RequestMeta};

use crate::on_both_databases;
use crate::support::{TestApp, demo_dir};

fn demo_csv() -> String {
    std::fs::read_to_string(demo_dir().join("registry.csv")).unwrap()
}

/// People in the demo registry (its lines less the header).
fn people() -> usize {
    demo_csv().lines().count() - 1
}

async fn run(app: &TestApp, bytes: &[u8]) -> app::registry::store::ImportReport {
    import(&app.state, &RequestMeta::default(), Actor::System("test"), bytes, &app::delivery::corrections::store::Instructions).await.unwrap()
}

on_both_databases! {
    async fn importing_the_same_file_twice_changes_nothing(backend) {
        let app = TestApp::start(backend).await;
        let csv = demo_csv();
        let first = run(&app, csv.as_bytes()).await;
        assert!(first.imported());
        assert_eq!((first.inserted, first.updated, first.unchanged), (people(), 0, 0));
        let second = run(&app, csv.as_bytes()).await;
        assert_eq!((second.inserted, second.updated, second.unchanged), (0, 0, people()));
        assert_eq!(app.count("SELECT COUNT(*) FROM members").await, people() as i64);
        assert_eq!(app.count("SELECT COUNT(*) FROM member_history").await, 0);
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'registry.import'").await, 2);
        // The former member keeps the date they left.
        let lost: Option<String> = sqlx::query_scalar("SELECT lost_on FROM members WHERE symbol = '1002'")
            .fetch_one(&app.state.db.pool).await.unwrap();
        assert_eq!(lost.as_deref(), Some("2025-03-31"));
    }
}

on_both_databases! {
    async fn a_changed_field_is_updated_with_its_history(backend) {
        let app = TestApp::start(backend).await;
        run(&app, demo_csv().as_bytes()).await;
        let moved = demo_csv().replace("東京都渋谷区桜丘九丁目9番9号（架空）", "神奈川県横浜市中区本町九丁目9番（架空）");
        let report = run(&app, moved.as_bytes()).await;
        assert_eq!((report.inserted, report.updated, report.unchanged), (0, 2, people() - 2));
        let history: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT h.field, h.old_value, h.new_value FROM member_history h JOIN members m ON m.id = h.member_id \
             WHERE m.symbol = '1003' ORDER BY h.id",
        )
        .fetch_all(&app.state.db.pool)
        .await
        .unwrap();
        assert_eq!(history.len(), 2);
        assert!(history.iter().all(|(f, old, new)| f == "address" && old.contains("渋谷区") && new.contains("横浜市")));
    }
}

on_both_databases! {
    async fn a_file_with_a_bad_line_imports_nothing(backend) {
        let app = TestApp::start(backend).await;
        let mut csv = demo_csv();
        csv.push_str("06139999,1004,1,00,山田 一,ヤマダ ハジメ,平成31年5月1日,男,本人,100-0005,東京都,2020-04-01,\n");
        let report = run(&app, csv.as_bytes()).await;
        assert!(!report.imported());
        assert_eq!(report.rejected.len(), 1);
        assert_eq!(report.rejected[0].line, people() + 2);
        assert_eq!(report.rejected[0].problems, vec![LineProblem::Invalid("生年月日")]);
        assert_eq!(app.count("SELECT COUNT(*) FROM members").await, 0, "half-imported");
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'registry.import'").await, 0);
    }
}

on_both_databases! {
    async fn a_shift_jis_export_imports_like_utf8(backend) {
        let app = TestApp::start(backend).await;
        let csv = demo_csv();
        let (sjis, _, unmappable) = encoding_rs::SHIFT_JIS.encode(&csv);
        assert!(!unmappable);
        let report = run(&app, &sjis).await;
        assert!(report.decoded_as_cp932 && report.imported());
        assert_eq!(report.inserted, people());
        // Same data as the UTF-8 file: re-importing that one changes nothing.
        let again = run(&app, demo_csv().as_bytes()).await;
        assert_eq!(again.unchanged, people());
    }
}

#[test]
fn the_cli_reports_rejected_lines_and_fails() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("export.csv");
    let mut csv = demo_csv();
    csv.push_str("06139999,1004,1,00,山田 一,やまだ,1990-01-01,男,本人,100-0005,東京都,2020-04-01,\n");
    std::fs::write(&file, csv).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_server"))
        .env("LEPTOS_OUTPUT_NAME", "madoguchi")
        .env("MADOGUCHI_DATABASE_URL", format!("sqlite://{}", dir.path().join("db.sqlite3").display()))
        .args(["import-registry", file.to_str().unwrap()])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success());
    let line = people() + 2;
    assert!(stdout.contains(&format!("{line}行目: 「氏名カナ」の形式が正しくありません")), "{stdout}");
    assert!(stdout.contains("1行も登録していません"), "{stdout}");
}
