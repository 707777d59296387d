//! `server`: the madoguchi binary. With no command it serves the portal.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use madoguchi_server::config::Config;
use madoguchi_server::{StartError, build_state, init_tracing, load_society, serve};

#[derive(Parser, Debug)]
#[command(name = "madoguchi", about = "madoguchi (窓口): member self-service privacy portal")]
struct Cli {
    #[command(flatten)]
    config: Config,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Serve the portal (the default): migrates the database and loads the society data first.
    Serve,
    /// Create or update the database schema, then exit.
    Migrate,
    /// Validate and publish the publication files of a directory (the society profile).
    Publish {
        /// Directory of `publication-*.json` files (defaults to MADOGUCHI_SOCIETY_DIR).
        dir: Option<PathBuf>,
    },
    /// Benchmark: time Argon2id password hashing with the portal's parameters.
    MeasurePasswordHash {
        #[arg(long, default_value_t = 20)]
        rounds: usize,
    },
    /// Verify the audit record: recompute the whole hash chain, name the first broken link,
    /// and compare it with the checkpoints written outside the database. Seals what is not
    /// yet sealed first. Exits non-zero when anything is wrong.
    AuditVerify {
        /// The checkpoint file (defaults to MADOGUCHI_AUDIT_CHECKPOINT_FILE); a missing file
        /// means no checkpoints to compare with.
        #[arg(long)]
        checkpoints: Option<PathBuf>,
    },
    /// Validate publication files without touching the database.
    CheckData { dir: PathBuf },
    /// Dispose of records past their retention period now (the server also does this
    /// hourly), in batches, each with a 廃棄記録 and an audit event.
    Purge,
    /// Import the member registry (資格情報) from a core-system CSV export (UTF-8 or
    /// Shift_JIS/CP932). Every line is validated first; if any is rejected, nothing is
    /// imported and the lines are listed with their reasons.
    ImportRegistry { file: PathBuf },
    /// Import 医療費のお知らせ lines from a レセプト-system CSV export (UTF-8 or
    /// Shift_JIS/CP932; columns in the README). Every line is checked first; if any is
    /// rejected, nothing is imported and the lines are listed with their reasons.
    /// Re-importing a file changes nothing; a corrected レセプト updates its line.
    ImportNotices { file: PathBuf },
    /// Write realistic 医療費のお知らせ lines as CSV: for the people of a registry CSV
    /// (the demo household), or for N synthetic members (benchmarks; their registry is
    /// written next to the output as `<out>.registry.csv`).
    GenerateNotices {
        #[arg(long, conflicts_with = "members")]
        registry: Option<PathBuf>,
        #[arg(long)]
        members: Option<usize>,
        /// Months of care, ending three months before today.
        #[arg(long, default_value_t = 24)]
        months: u32,
        #[arg(long, default_value_t = 2026)]
        seed: u64,
        #[arg(long)]
        out: PathBuf,
    },
    /// Add a staff member with roles (from today; approved as "cli") and print their
    /// one-time setup code, to be handed over in person. They finish at /staff/setup.
    AddStaff {
        #[arg(long)]
        staff_number: String,
        #[arg(long)]
        name: String,
        /// Comma-separated: intake, reviewer, approver, auditor, admin.
        #[arg(long, value_delimiter = ',')]
        roles: Vec<String>,
    },
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    init_tracing(&cli.config.log_format);
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("madoguchi: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> Result<(), StartError> {
    let leptos_options = leptos::config::get_configuration(None)
        .map_err(|e| StartError::Config(format!("Leptos configuration: {e}")))?
        .leptos_options;
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(cli.config, leptos_options).await,
        Command::Migrate => {
            build_state(&cli.config, leptos_options).await?;
            println!("database migrated");
            Ok(())
        }
        Command::Publish { dir } => {
            let state = build_state(&cli.config, leptos_options).await?;
            let dir = dir.unwrap_or(cli.config.society_dir);
            let new = load_society(&state, &dir).await?;
            println!("{new} new publication version(s) published from {}", dir.display());
            Ok(())
        }
        Command::ImportRegistry { file } => {
            let state = build_state(&cli.config, leptos_options).await?;
            let report = madoguchi_server::import_registry(&state, &file).await?;
            print!("{}", madoguchi_server::format_import_report(&file, &report));
            if report.imported() { Ok(()) } else { Err(StartError::Config("registry not imported".into())) }
        }
        Command::ImportNotices { file } => {
            let state = build_state(&cli.config, leptos_options).await?;
            let report = madoguchi_server::notices::import_file(&state, &file, &madoguchi_server::notices::progress_bar).await?;
            print!("{}", madoguchi_server::notices::format_report(&file, &report));
            if report.imported() { Ok(()) } else { Err(StartError::Config("notices not imported".into())) }
        }
        Command::GenerateNotices { registry, members, months, seed, out } => {
            use madoguchi_server::notices::{generate, people_of_registry, synthetic_registry};
            let cannot = |e: std::io::Error| StartError::Config(format!("{}: cannot write: {e}", out.display()));
            let people = match (registry, members) {
                (Some(file), _) => people_of_registry(&file)?,
                (None, Some(n)) => {
                    let (csv, people) = synthetic_registry(n);
                    let mut registry_out = out.clone().into_os_string();
                    registry_out.push(".registry.csv");
                    std::fs::write(&registry_out, csv).map_err(cannot)?;
                    people
                }
                (None, None) => return Err(StartError::Config("give --registry FILE or --members N".into())),
            };
            let file = std::fs::File::create(&out).map_err(cannot)?;
            let mut writer = std::io::BufWriter::new(file);
            let today = kit::time::tokyo_date(chrono::Utc::now());
            let lines = generate(&people, today, months, seed, &mut writer).map_err(cannot)?;
            std::io::Write::flush(&mut writer).map_err(cannot)?;
            println!("{lines} lines for {} people written to {}", people.len(), out.display());
            Ok(())
        }
        Command::MeasurePasswordHash { rounds } => {
            let mut times = Vec::with_capacity(rounds);
            for _ in 0..rounds.max(1) {
                let started = std::time::Instant::now();
                app::identity::password::hash("benchmark passphrase 2026")
                    .map_err(|e| StartError::Config(format!("hash failed: {e}")))?;
                times.push(started.elapsed().as_secs_f64() * 1000.0);
            }
            times.sort_by(f64::total_cmp);
            let median = times[times.len() / 2];
            let max = times[times.len() - 1];
            println!(
                "Argon2id m=65536 KiB, t=3, p=1: median {median:.0} ms, max {max:.0} ms over {} hashes",
                times.len()
            );
            Ok(())
        }
        Command::AddStaff { staff_number, name, roles } => {
            let parsed: Option<Vec<_>> = roles.iter().map(|r| kit::access::StaffRole::from_code(r)).collect();
            let roles = parsed.ok_or_else(|| {
                StartError::Config("unknown role (use intake, reviewer, approver, auditor, admin)".into())
            })?;
            let state = build_state(&cli.config, leptos_options).await?;
            let code = madoguchi_server::add_staff(&state, &staff_number, &name, &roles).await?;
            println!("staff {staff_number} added; setup code (hand over in person, valid 7 days): {code}");
            Ok(())
        }
        Command::AuditVerify { checkpoints } => {
            let file = checkpoints.unwrap_or(cli.config.audit_checkpoint_file.clone());
            let state = build_state(&cli.config, leptos_options).await?;
            let report = madoguchi_server::audit_verify(&state, &file).await?;
            print!("{}", report.0);
            if report.1 { Ok(()) } else { Err(StartError::Config("the audit record does not verify".into())) }
        }
        Command::Purge => {
            let state = build_state(&cli.config, leptos_options).await?;
            let report = madoguchi_server::purge_report(&state, &cli.config).await.map_err(|e| StartError::Config(e.to_string()))?;
            print!("{report}");
            Ok(())
        }
        Command::CheckData { dir } => {
            let files = app::publication::ssr::load_dir(&dir)?;
            println!("{} publication file(s) valid in {}", files.len(), dir.display());
            Ok(())
        }
    }
}
