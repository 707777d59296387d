//! Reading the registry's CSV export: every line parsed and validated, none imported
//! while any is rejected.

use kit::input::{normalize, normalize_code, parse_date};

use crate::registry::{COLUMNS, LineProblem, MemberKey, ParsedRegistry, RegistryRecord, RejectedLine, Relationship, Sex};

/// Parses and validates every line. Nothing is partial: a caller imports only when
/// `rejected` is empty.
pub fn parse_csv(text: &str) -> ParsedRegistry {
    let (lines, mut rejected) = crate::csv_import::store::read_lines(text, &COLUMNS, |field| parse_record(field));
    let mut out = ParsedRegistry::default();
    let mut seen: std::collections::HashMap<MemberKey, usize> = std::collections::HashMap::new();
    for (line, record) in lines {
        match seen.get(&record.key) {
            Some(first_line) => {
                rejected.push(RejectedLine { line, problems: vec![LineProblem::DuplicateKey { first_line: *first_line }] })
            }
            None => {
                seen.insert(record.key.clone(), line);
                out.records.push((line, record));
            }
        }
    }
    rejected.sort_by_key(|r| r.line);
    out.rejected = rejected;
    out
}

fn parse_record<'r>(field: &'r dyn Fn(usize) -> &'r str) -> Result<RegistryRecord, Vec<LineProblem>> {
    let mut problems = Vec::new();
    let mut text = |i: usize, max: usize, required: bool| -> String {
        let raw = field(i);
        if crate::csv_import::unmappable(raw) {
            problems.push(LineProblem::Unmappable(COLUMNS[i]));
        }
        let value = normalize(raw);
        if required && value.is_empty() {
            problems.push(LineProblem::Empty(COLUMNS[i]));
        } else if value.chars().count() > max {
            problems.push(LineProblem::TooLong(COLUMNS[i]));
        }
        value
    };
    let insurer_number = normalize_code(&text(0, 8, true));
    let symbol = normalize_code(&text(1, 20, true));
    let number = normalize_code(&text(2, 20, true));
    let branch = normalize_code(&text(3, 2, true));
    let name = text(4, 100, true);
    let name_kana = text(5, 100, true);
    let birth = text(6, 20, true);
    let sex = text(7, 4, true);
    let relationship = text(8, 10, true);
    let postal_code = normalize_code(&text(9, 10, true));
    let address = text(10, 200, true);
    let acquired = text(11, 20, true);
    let lost = text(12, 20, false);

    let mut check = |ok: bool, column: usize| {
        if !ok {
            problems.push(LineProblem::Invalid(COLUMNS[column]));
        }
    };
    let digits =
        |s: &str, n: std::ops::RangeInclusive<usize>| n.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
    check(insurer_number.is_empty() || digits(&insurer_number, 8..=8), 0);
    check(symbol.is_empty() || symbol.chars().all(char::is_alphanumeric), 1);
    check(number.is_empty() || number.chars().all(char::is_alphanumeric), 2);
    check(branch.is_empty() || digits(&branch, 2..=2), 3);
    check(name_kana.is_empty() || name_kana.chars().all(|c| matches!(c, 'ァ'..='ヶ' | 'ー' | ' ' | '・')), 5);
    check(postal_code.is_empty() || digits(&postal_code, 7..=7), 9);
    let birth_date = parse_date(&birth).ok();
    check(birth.is_empty() || birth_date.is_some(), 6);
    let sex = Sex::parse(&sex);
    check(sex.is_some(), 7);
    let relationship = Relationship::parse(&relationship);
    check(relationship.is_some(), 8);
    let acquired_on = parse_date(&acquired).ok();
    check(acquired.is_empty() || acquired_on.is_some(), 11);
    let lost_on = if lost.is_empty() { None } else { parse_date(&lost).ok() };
    check(lost.is_empty() || lost_on.is_some(), 12);
    if let (Some(a), Some(l)) = (acquired_on, lost_on)
        && l < a
    {
        problems.push(LineProblem::LostBeforeAcquired);
    }
    problems.dedup();
    match (birth_date, sex, relationship, acquired_on) {
        (Some(birth_date), Some(sex), Some(relationship), Some(acquired_on)) if problems.is_empty() => {
            Ok(RegistryRecord {
                key: MemberKey { insurer_number, symbol, number, branch },
                name,
                name_kana,
                birth_date,
                sex,
                relationship,
                postal_code: format!("{}-{}", &postal_code[..3], &postal_code[3..]),
                address,
                acquired_on,
                lost_on,
            })
        }
        _ => Err(problems),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::csv_import::store::decode;
    use crate::registry::MemberKey;

    const HEADER: &str =
        "保険者番号,記号,番号,枝番,氏名,氏名カナ,生年月日,性別,続柄,郵便番号,住所,資格取得日,資格喪失日";

    fn csv(lines: &[&str]) -> String {
        let mut s = HEADER.to_string();
        for l in lines {
            s.push('\n');
            s.push_str(l);
        }
        s
    }

    #[test]
    fn a_good_line_is_normalised() {
        let parsed = parse_csv(&csv(&[
            "０６１３９９９９,１００１,２３,00,青葉　太郎,ｱｵﾊﾞ ﾀﾛｳ,昭和55年1月15日,1,本人,100-0005,東京都千代田区丸の内9-99-99,20100401,",
        ]));
        assert!(parsed.rejected.is_empty(), "{:?}", parsed.rejected);
        let (line, r) = &parsed.records[0];
        assert_eq!(*line, 2);
        assert_eq!(
            r.key,
            MemberKey {
                insurer_number: "06139999".into(),
                symbol: "1001".into(),
                number: "23".into(),
                branch: "00".into()
            }
        );
        assert_eq!(r.name, "青葉 太郎");
        assert_eq!(r.name_kana, "アオバ タロウ");
        assert_eq!(r.birth_date, "1980-01-15".parse().unwrap());
        assert_eq!(r.postal_code, "100-0005");
        assert_eq!(r.lost_on, None);
    }

    #[test]
    fn every_bad_line_is_named_with_its_reasons() {
        let parsed = parse_csv(&csv(&[
            "06139999,1001,23,00,青葉 太郎,アオバ タロウ,1980-01-15,1,本人,1000005,東京都,2010-04-01,",
            "06139999,1001,23,00,青葉 太郎,アオバ タロウ,1980-01-15,1,本人,1000005,東京都,2010-04-01,",
            "0613999,1001,24,0,,あおば,1980-02-30,3,友人,12,東京都,2010-04-01,2009-01-01",
            "06139999,1001,25",
            "06139999,1001,26,00,青葉 \u{E000}子,アオバ ハナコ,1982-03-03,2,配偶者,1000005,東京都,2010-04-01,2009-01-01",
        ]));
        assert_eq!(parsed.records.len(), 1);
        let lines: Vec<usize> = parsed.rejected.iter().map(|r| r.line).collect();
        assert_eq!(lines, vec![3, 4, 5, 6]);
        assert_eq!(parsed.rejected[0].problems, vec![LineProblem::DuplicateKey { first_line: 2 }]);
        let p = &parsed.rejected[1].problems;
        for expected in [
            LineProblem::Invalid("保険者番号"),
            LineProblem::Invalid("枝番"),
            LineProblem::Empty("氏名"),
            LineProblem::Invalid("氏名カナ"),
            LineProblem::Invalid("生年月日"),
            LineProblem::Invalid("性別"),
            LineProblem::Invalid("続柄"),
            LineProblem::Invalid("郵便番号"),
        ] {
            assert!(p.contains(&expected), "{expected:?} missing from {p:?}");
        }
        assert_eq!(parsed.rejected[2].problems, vec![LineProblem::WrongFieldCount { expected: 13, found: 3 }]);
        assert!(parsed.rejected[3].problems.contains(&LineProblem::Unmappable("氏名")));
        assert!(parsed.rejected[3].problems.contains(&LineProblem::LostBeforeAcquired));
    }

    #[test]
    fn a_missing_column_rejects_the_header() {
        let parsed = parse_csv("保険者番号,記号,番号\n06139999,1,2");
        assert_eq!(parsed.rejected[0].line, 1);
        assert!(parsed.rejected[0].problems.contains(&LineProblem::MissingColumn("枝番".into())));
        assert!(parsed.records.is_empty());
    }

    #[test]
    fn shift_jis_is_decoded_and_gaiji_reported() {
        let text =
            csv(&["06139999,1001,23,00,髙橋 太郎,タカハシ タロウ,1980-01-15,男,本人,1000005,東京都,2010-04-01,"]);
        let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(&text);
        let (decoded, was_sjis) = decode(&bytes);
        assert!(was_sjis);
        assert_eq!(parse_csv(&decoded).records[0].1.name, "髙橋 太郎");
        // Put one 外字 (CP932 F040, the first user-defined code) where 「髙」 was.
        let mut gaiji = bytes.to_vec();
        let (prefix, _, _) = encoding_rs::SHIFT_JIS.encode(&text[..text.find("髙橋").unwrap()]);
        gaiji[prefix.len()] = 0xF0;
        gaiji[prefix.len() + 1] = 0x40;
        let parsed = parse_csv(&decode(&gaiji).0);
        assert!(parsed.rejected[0].problems.contains(&LineProblem::Unmappable("氏名")), "{:?}", parsed.rejected);
        // A UTF-8 file with a BOM is UTF-8.
        let mut with_bom = b"\xEF\xBB\xBF".to_vec();
        with_bom.extend_from_slice(text.as_bytes());
        assert_eq!(decode(&with_bom), (text, false));
    }
}
