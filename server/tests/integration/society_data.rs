//! Society data files: a corrupt file stops start-up, naming the file and line.

use std::process::Command;

use app::publication::store::{LoadError, load_dir, parse_file};

use crate::support::demo_dir;

#[test]
fn the_demo_files_are_valid() {
    let files = load_dir(&demo_dir()).unwrap();
    assert_eq!(files.len(), 2);
    assert!(files.iter().all(|f| f.publication.validate().is_ok()));
}

#[test]
fn a_syntax_error_names_the_file_and_line() {
    let text = "{\n  \"label\": \"x\",\n  \"effective_date\": \"2025-04-01\",\n  \"publication\": { oops }\n}";
    let err = parse_file("society/publication-bad.json", text).unwrap_err();
    assert!(matches!(err, LoadError::Syntax { line: 4, .. }), "{err:?}");
    assert!(err.to_string().starts_with("society/publication-bad.json:4:"), "{err}");
}

#[test]
fn a_rule_violation_names_the_file_and_the_field() {
    let mut value: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(demo_dir().join("publication-2025-04-01.json")).unwrap())
            .unwrap();
    // 38条: no fee may be charged for a complaint.
    value["publication"]["procedure"]["fees"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({"request_type": "complaint", "amount_yen": 100}));
    value["publication"]["categories"][1]["name"] = serde_json::json!("  ");
    let err = parse_file("publication-x.json", &value.to_string()).unwrap_err();
    let text = err.to_string();
    assert!(text.starts_with("publication-x.json: invalid publication"), "{text}");
    assert!(text.contains("procedure.fees[2]: FeeNotAllowed"), "{text}");
    assert!(text.contains("categories[1].name: Empty"), "{text}");
}

#[tokio::test]
async fn the_server_refuses_to_start_on_a_corrupt_data_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(demo_dir().join("publication-2024-04-01.json"), dir.path().join("publication-1.json")).unwrap();
    let good = std::fs::read_to_string(demo_dir().join("publication-2025-04-01.json")).unwrap();
    // Break line 5 of the second file.
    let broken: Vec<String> =
        good.lines().enumerate().map(|(i, l)| if i == 4 { format!("{l},,") } else { l.to_string() }).collect();
    std::fs::write(dir.path().join("publication-2.json"), broken.join("\n")).unwrap();
    let db = dir.path().join("db.sqlite3");
    let out = Command::new(env!("CARGO_BIN_EXE_server"))
        .env("LEPTOS_OUTPUT_NAME", "madoguchi")
        .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
        .env("MADOGUCHI_DATABASE_URL", format!("sqlite://{}", db.display()))
        .env("MADOGUCHI_SOCIETY_DIR", dir.path())
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(!out.status.success(), "started with a corrupt data file");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("publication-2.json:5:"), "{stderr}");
    // Nothing half-loaded: the valid first file was not published either.
    let db = app::platform::db::connect(&format!("sqlite://{}", db.display()), 1).await.unwrap();
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM publication_versions").fetch_one(&db.pool).await.unwrap();
    assert_eq!(n, 0);
}
