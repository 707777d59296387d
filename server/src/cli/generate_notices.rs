//! `madoguchi generate-notices`: writes realistic 医療費のお知らせ lines as CSV, for the
//! people of a registry file (the demo household) or for synthetic members (benchmarks).

use std::io::Write;
use std::path::{Path, PathBuf};

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::startup::StartError;

pub fn run(
    registry: Option<PathBuf>,
    members: Option<usize>,
    months: u32,
    seed: u64,
    out: &Path,
) -> Result<(), StartError> {
    let cannot = |e: std::io::Error| StartError::Config(format!("{}: cannot write: {e}", out.display()));
    let people = match (registry, members) {
        (Some(file), _) => people_of_registry(&file)?,
        (None, Some(n)) => {
            let (csv, people) = synthetic_registry(n);
            // The synthetic people's registry goes next to the output, to import first.
            let mut registry_out = out.to_path_buf().into_os_string();
            registry_out.push(".registry.csv");
            std::fs::write(&registry_out, csv).map_err(cannot)?;
            people
        }
        (None, None) => return Err(StartError::Config("give --registry FILE or --members N".into())),
    };
    let file = std::fs::File::create(out).map_err(cannot)?;
    let mut writer = std::io::BufWriter::new(file);
    let today = kit::time::tokyo_date(chrono::Utc::now());
    let lines = generate(&people, today, months, seed, &mut writer).map_err(cannot)?;
    writer.flush().map_err(cannot)?;
    println!("{lines} lines for {} people written to {}", people.len(), out.display());
    Ok(())
}

/// One person for the generator: 記号・番号・枝番 and birth date.
#[derive(Clone, Debug)]
pub struct GenPerson {
    pub card: (String, String, String),
    pub birth: chrono::NaiveDate,
}

/// The people of a registry CSV (the demo registry), for the generator.
pub fn people_of_registry(file: &Path) -> Result<Vec<GenPerson>, StartError> {
    let bytes = std::fs::read(file).map_err(|e| StartError::Config(format!("{}: cannot read: {e}", file.display())))?;
    let parsed = app::registry::store::parse_csv(&app::csv_import::store::decode(&bytes).0);
    if !parsed.rejected.is_empty() {
        return Err(StartError::Config(format!("{}: the registry has rejected lines", file.display())));
    }
    Ok(parsed
        .records
        .into_iter()
        .map(|(_, r)| GenPerson { card: (r.key.symbol, r.key.number, r.key.branch), birth: r.birth_date })
        .collect())
}

/// `n` households of 3 (被保険者, spouse, child) for benchmarks: 記号 9000+, 番号 1…
pub fn synthetic_registry(n: usize) -> (String, Vec<GenPerson>) {
    let mut csv = String::from(
        "保険者番号,記号,番号,枝番,氏名,氏名カナ,生年月日,性別,続柄,郵便番号,住所,資格取得日,資格喪失日\n",
    );
    let mut people = Vec::with_capacity(n);
    for i in 0..n {
        let (household, branch) = (i / 3, i % 3);
        let symbol = format!("{}", 9000 + household / 10_000);
        let number = format!("{}", household % 10_000 + 1);
        let (rel, birth, sex) = match branch {
            0 => ("本人", "1975-04-01", "男"),
            1 => ("配偶者", "1978-09-15", "女"),
            _ => ("子", "2014-06-30", "女"),
        };
        csv.push_str(&format!(
            "06139999,{symbol},{number},{branch:02},試験 {i},シケン,{birth},{sex},{rel},1000005,東京都千代田区（架空）,2010-04-01,\n"
        ));
        if let Ok(b) = birth.parse() {
            people.push(GenPerson { card: (symbol, number, format!("{branch:02}")), birth: b });
        }
    }
    (csv, people)
}

const CLINICS: [&str; 8] = [
    "あおば内科クリニック",
    "みどり小児科医院",
    "さくら整形外科",
    "丸の内眼科",
    "こもれび皮膚科",
    "ひだまり耳鼻咽喉科",
    "かえで内科・循環器科",
    "つばさ総合病院",
];
const PHARMACIES: [&str; 3] = ["あおば調剤薬局", "みどり薬局 駅前店", "さくら薬局"];
const DENTISTS: [&str; 2] = ["はなみずき歯科", "やまぶき歯科クリニック"];

/// Writes realistic notice lines for `people`, for the `months` months of care ending
/// three months before `today` (the レセプト lag): about 20 lines per person and year —
/// outpatient visits with their pharmacy, some dental care, and now and then a hospital
/// stay with 高額療養費 and 付加給付. The same seed gives the same file.
pub fn generate(
    people: &[GenPerson],
    today: chrono::NaiveDate,
    months: u32,
    seed: u64,
    out: &mut dyn Write,
) -> std::io::Result<usize> {
    use chrono::Datelike;
    let mut rng = StdRng::seed_from_u64(seed);
    writeln!(out, "{}", app::notices::model::COLUMNS.join(","))?;
    let newest = today.with_day(1).and_then(|d| d.checked_sub_months(chrono::Months::new(3))).unwrap_or(today);
    let mut lines = 0;
    for p in people {
        for back in (0..months).rev() {
            let Some(month) = newest.checked_sub_months(chrono::Months::new(back)) else { continue };
            let age = kit::input::age_on(p.birth, month);
            // 3割負担; 2割 for the under-6s (未就学児).
            let rate = if age < 6 { 0.2 } else { 0.3 };
            let ym = format!("{:04}-{:02}", month.year(), month.month());
            let mut line = |provider: &str, kind: &str, days: i64, total: i64, high: i64, extra: i64| {
                let copay = ((total as f64 * rate) / 10.0).round() as i64 * 10;
                let (high, extra) = (high.min(copay), extra.min((copay - high.min(copay)).max(0)));
                writeln!(
                    out,
                    "{},{},{},{ym},{provider},{kind},{days},{total},{copay},{high},{extra}",
                    p.card.0, p.card.1, p.card.2
                )
            };
            // About 20 レセプト a person a year: a clinic most months, usually with its
            // pharmacy, the dentist now and then.
            if rng.gen_bool(0.85) {
                let clinic = CLINICS[rng.gen_range(0..CLINICS.len())];
                let days = rng.gen_range(1..=3);
                line(clinic, "医科外来", days, rng.gen_range(2..=12) * 1000 * days + rng.gen_range(0..100) * 10, 0, 0)?;
                lines += 1;
                if rng.gen_bool(0.75) {
                    let pharmacy = PHARMACIES[rng.gen_range(0..PHARMACIES.len())];
                    line(pharmacy, "調剤", days, rng.gen_range(1..=8) * 1000 + rng.gen_range(0..100) * 10, 0, 0)?;
                    lines += 1;
                }
            }
            if rng.gen_bool(0.15) {
                let dentist = DENTISTS[rng.gen_range(0..DENTISTS.len())];
                line(dentist, "歯科", rng.gen_range(1..=4), rng.gen_range(3..=15) * 1000, 0, 0)?;
                lines += 1;
            }
            if rng.gen_bool(0.01) {
                // A stay: the 高額療養費 caps the 3割 at about 80,100 円, and the society's
                // 付加給付 pays back most of the rest above 25,000 円.
                let total = rng.gen_range(60..=120) * 10_000;
                let copay = ((total as f64 * rate) / 10.0).round() as i64 * 10;
                let high = (copay - 80_100 - (total - 267_000).max(0) / 100).max(0);
                let extra = ((copay - high) - 25_000).max(0) / 1000 * 1000;
                line("つばさ総合病院", "医科入院", rng.gen_range(5..=14), total, high, extra)?;
                lines += 1;
            }
        }
    }
    Ok(lines)
}
