//! `server`: the madoguchi binary. The command line is parsed here and each command
//! dispatched to its body in the library (`cli::*`, `startup::serve`); with no command it
//! serves the portal.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use madoguchi_server::cli;
use madoguchi_server::config::Config;
use madoguchi_server::startup::{self, StartError, init_tracing};

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
    /// hourly), in batches, each with a 廃棄記録 and an audit event; prints per kind what
    /// was disposed of.
    Purge {
        /// Change nothing: print per kind what a run now would dispose of (the count, the
        /// cutoff, the first and last record). Run it before the first purge of a database.
        #[arg(long)]
        dry_run: bool,
    },
    /// Remind requesters whose 補正依頼 went unanswered, and end as 補正なしで終了 the
    /// requests past the second period, with their letter (the server also does this hourly).
    SweepWaiting,
    /// Import the member registry (資格情報) from a core-system CSV export (UTF-8 or
    /// Shift_JIS/CP932). Every line is validated first; if any is rejected, nothing is
    /// imported and the lines are listed with their reasons.
    ImportRegistry { file: PathBuf },
    /// Import 医療費のお知らせ lines from a レセプト-system CSV export (UTF-8 or
    /// Shift_JIS/CP932; columns in docs/OPERATIONS.md). Every line is checked first; if any is
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
    let args = Cli::parse();
    init_tracing(&args.config.log_format);
    match run(args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("madoguchi: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: Cli) -> Result<(), StartError> {
    // Read for every command, so a broken Leptos configuration fails them all alike.
    let leptos_options = leptos::config::get_configuration(None)
        .map_err(|e| StartError::Config(format!("Leptos configuration: {e}")))?
        .leptos_options;
    let config = args.config;
    match args.command.unwrap_or(Command::Serve) {
        Command::Serve => startup::serve(config, leptos_options).await,
        Command::Migrate => cli::migrate::run(&config, leptos_options).await,
        Command::Publish { dir } => cli::publish::run(&config, leptos_options, dir).await,
        Command::ImportRegistry { file } => cli::import_registry::run(&config, leptos_options, &file).await,
        Command::ImportNotices { file } => cli::import_notices::run(&config, leptos_options, &file).await,
        Command::GenerateNotices { registry, members, months, seed, out } => {
            cli::generate_notices::run(registry, members, months, seed, &out)
        }
        Command::MeasurePasswordHash { rounds } => cli::measure_password_hash::run(rounds),
        Command::AddStaff { staff_number, name, roles } => {
            cli::add_staff::run(&config, leptos_options, &staff_number, &name, &roles).await
        }
        Command::AuditVerify { checkpoints } => cli::audit_verify::run(&config, leptos_options, checkpoints).await,
        Command::Purge { dry_run } => cli::purge::run(&config, leptos_options, dry_run).await,
        Command::SweepWaiting => cli::sweep_waiting::run(&config, leptos_options).await,
        Command::CheckData { dir } => cli::check_data::run(&dir),
    }
}
