//! The comparison of a first delivery with its re-issue, case by case, and the reason's rule.

use super::*;

fn section(id: &str, title: &str, rows: usize, sha: &str) -> ManifestSection {
    ManifestSection { id: id.into(), title: title.into(), rows, sha256: sha.into() }
}

fn withheld(label: &str) -> ManifestWithheld {
    ManifestWithheld { section: "資格情報".into(), label: label.into(), ground: Ground::Business }
}

fn first() -> Manifest {
    Manifest {
        entries: vec![ManifestEntry { name: "README.txt".into(), size_bytes: 10, sha256: "aa".into() }],
        sections: vec![section("registry", "資格情報", 8, "r1"), section("notices", "医療費の記録", 3, "n1")],
        files: vec!["健診結果 2025年度".into()],
        withheld: vec![withheld("住所")],
    }
}

#[test]
fn the_same_data_gives_no_difference() {
    let d = diff(&first(), &first());
    assert!(d.same());
    assert!(d.sections.iter().all(|s| s.change == SectionChange::Same));
    assert_eq!(d.files.kept, 1);
    assert_eq!(d.withheld.kept, 1);
}

#[test]
fn a_changed_count_is_shown_with_both_numbers() {
    let mut now = first();
    now.sections[1] = section("notices", "医療費の記録", 5, "n2");
    let d = diff(&first(), &now);
    assert!(!d.same());
    assert_eq!(d.sections[0].change, SectionChange::Same);
    assert_eq!(d.sections[1], SectionDiff { title: "医療費の記録".into(), change: SectionChange::Count, before: 3, after: 5 });
}

#[test]
fn a_changed_value_with_the_same_count_is_a_change_of_content() {
    let mut now = first();
    now.sections[0].sha256 = "r2".into();
    let d = diff(&first(), &now);
    assert_eq!(d.sections[0].change, SectionChange::Content);
    assert_eq!((d.sections[0].before, d.sections[0].after), (8, 8));
}

#[test]
fn a_first_record_without_digests_compares_by_count_only() {
    let mut old = first();
    old.sections[0].sha256.clear();
    let d = diff(&old, &first());
    assert_eq!(d.sections[0].change, SectionChange::Same);
}

#[test]
fn sections_added_and_removed_are_named() {
    let mut now = first();
    now.sections.remove(1);
    now.sections.push(section("provisions", "第三者提供の記録", 2, "p1"));
    let d = diff(&first(), &now);
    assert_eq!(d.sections.len(), 3);
    assert_eq!(d.sections[1], SectionDiff { title: "第三者提供の記録".into(), change: SectionChange::Added, before: 0, after: 2 });
    assert_eq!(d.sections[2], SectionDiff { title: "医療費の記録".into(), change: SectionChange::Removed, before: 3, after: 0 });
}

#[test]
fn files_added_and_removed_are_listed_by_title() {
    let mut now = first();
    now.files = vec!["健診結果 2025年度".into(), "健診結果 2026年度".into()];
    let d = diff(&first(), &now);
    assert_eq!(d.files, ListDiff { added: vec!["健診結果 2026年度".into()], removed: vec![], kept: 1 });
    now.files.clear();
    let d = diff(&first(), &now);
    assert_eq!(d.files, ListDiff { added: vec![], removed: vec!["健診結果 2025年度".into()], kept: 0 });
    assert!(!d.same());
}

#[test]
fn the_same_title_twice_counts_twice() {
    let mut old = first();
    old.files = vec!["写し".into(), "写し".into()];
    let mut now = first();
    now.files = vec!["写し".into()];
    let d = diff(&old, &now);
    assert_eq!(d.files, ListDiff { added: vec![], removed: vec!["写し".into()], kept: 1 });
}

#[test]
fn withheld_items_added_and_removed_carry_their_ground() {
    let mut now = first();
    now.withheld = vec![withheld("電話番号")];
    let d = diff(&first(), &now);
    assert_eq!(d.withheld.added, vec!["資格情報: 電話番号（33条2項2号）".to_string()]);
    assert_eq!(d.withheld.removed, vec!["資格情報: 住所（33条2項2号）".to_string()]);
    assert!(!d.same());
}

#[test]
fn a_package_without_a_first_record_has_no_manifest() {
    assert_eq!(Manifest::parse(None), None);
    assert_eq!(Manifest::parse(Some("not json")), None);
    let m = first();
    assert_eq!(Manifest::parse(Some(&m.to_json())), Some(m));
}

#[test]
fn the_reason_is_required_and_bounded() {
    assert_eq!(reason("  ").unwrap_err(), FieldError::new("reason", Problem::Required));
    assert_eq!(reason(&"あ".repeat(REASON_MAX + 1)).unwrap_err(), FieldError::new("reason", Problem::TooLong));
    assert_eq!(reason(&"あ".repeat(REASON_MAX)).unwrap(), "あ".repeat(REASON_MAX));
    assert_eq!(reason(" 期限切れのため本人から電話で依頼 ").unwrap(), "期限切れのため本人から電話で依頼");
}
