//! Start-up: configuration → database → application state → society data → serving,
//! and the error that start-up and the CLI's commands report.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;

use app::platform::db;
use app::platform::db::Db;
use app::platform::secrets::Secrets;
use app::identity::SessionPolicy;
use app::platform::mail::Mailer;
use app::publication::store::{LoadError, PublicationCache, load_dir, publish};
use app::platform::audit::{Actor, RequestMeta};
use app::requests::calendar::Calendar;
use app::requests::store::RequestPolicy;
use app::platform::state::AppState;
use kit::time::{Clock, FixedClock, SystemClock};
use leptos::config::LeptosOptions;

use crate::cli::{import_notices, import_registry};
use crate::config::Config;
use crate::jobs;
use crate::middleware::{Area, HttpPolicy};
use crate::router::router;

/// What start-up or a command can fail with; `main` prints it and exits non-zero.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Database(#[from] db::DbSetupError),
    #[error("society data: {0}")]
    SocietyData(#[from] LoadError),
    #[error("cannot publish {file}: {reason}")]
    Publish { file: String, reason: String },
    #[error("{0}")]
    Config(String),
}

/// Sets up logging: human-readable text, or JSON lines for log collectors.
pub fn init_tracing(format: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn,leptos_axum=warn"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    let _ = if format == "json" { builder.json().try_init() } else { builder.compact().try_init() };
}

/// Opens and migrates the database and builds the application state.
pub async fn build_state(config: &Config, leptos_options: LeptosOptions) -> Result<AppState, StartError> {
    let db = db::connect(&config.database_url, config.db_max_connections).await?;
    db::migrate(&db).await?;
    let clock: Arc<dyn Clock> = match (config.fixed_now, &config.clock_file) {
        (Some(at), _) => {
            tracing::warn!(%at, "clock frozen by MADOGUCHI_FIXED_NOW");
            Arc::new(FixedClock::new(at))
        }
        (None, Some(file)) => {
            tracing::warn!(file = %file.display(), "clock read from MADOGUCHI_CLOCK_FILE");
            Arc::new(crate::clock::FileClock::new(file.clone()))
        }
        (None, None) => Arc::new(SystemClock),
    };
    let mut state = state_with(db, clock, leptos_options, config.behind_tls_proxy);
    let key = secret_key(config)?;
    // Before anything can append an audit event: each carries a MAC under this key.
    app::platform::audit::origin::install(&key);
    state.secrets = Secrets::from_key(key);
    state.audit_checkpoint_file = Some(config.audit_checkpoint_file.clone());
    state.pdf_font = app::platform::pdf::load_font(&config.pdf_font);
    state.mail = match (&config.smtp_relay, &config.mail_dir) {
        (Some(relay), _) => {
            let (host, port) = relay
                .rsplit_once(':')
                .and_then(|(h, p)| Some((h.to_string(), p.parse::<u16>().ok()?)))
                .filter(|(h, _)| !h.is_empty())
                .ok_or_else(|| {
                    StartError::Config(format!("MADOGUCHI_SMTP_RELAY: expected host:port, got {relay:?}"))
                })?;
            Mailer::Smtp { host, port }
        }
        (None, Some(dir)) => Mailer::DropDir(dir.clone()),
        (None, None) => Mailer::Disabled,
    };
    // Passkeys: the relying party is the public origin's host (none on a bare IP address).
    let origins = config.allowed_origins(state.leptos_options.site_addr);
    let rp = app::identity::passkeys::store::RelyingParty::from_origins(&origins, "窓口（健康保険組合）");
    if rp.0.is_none() {
        tracing::info!("passkeys off: no public origin with a host name (MADOGUCHI_PUBLIC_ORIGINS)");
    }
    state.set_feature(rp);
    state.set_feature(request_policy(config)?);
    // The periods the public page states (the job gets the same from `jobs`).
    state.set_feature(jobs::retention_policy(config));
    state.set_feature(SessionPolicy {
        idle: chrono::Duration::minutes(config.session_idle_minutes.clamp(1, 24 * 60)),
        absolute: chrono::Duration::hours(config.session_absolute_hours.clamp(1, 24 * 30)),
        former_member_years: config.former_member_years.clamp(1, 30),
        ..SessionPolicy::default()
    });
    Ok(state)
}

/// Deadlines and attachment limits from the configuration.
fn request_policy(config: &Config) -> Result<RequestPolicy, StartError> {
    let closed = Calendar::parse_closed(&config.closed_days)
        .map_err(|e| StartError::Config(format!("MADOGUCHI_CLOSED_DAYS: {e}")))?;
    let holidays = match &config.holidays_file {
        None => Calendar::japan_default().holidays().clone(),
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| StartError::Config(format!("{}: cannot read: {e}", path.display())))?;
            Calendar::parse_holidays(&text).map_err(|e| StartError::Config(format!("{}: {e}", path.display())))?
        }
    };
    let calendar = Calendar::new(holidays, closed);
    if let Some((_, last)) = calendar.covered_years()
        && last < chrono::Datelike::year(&chrono::Utc::now()) + 1
    {
        tracing::warn!(last, "the holiday table ends soon: update it (MADOGUCHI_HOLIDAYS_FILE)");
    }
    Ok(RequestPolicy {
        due_business_days: config.due_business_days.clamp(1, 60),
        max_attachment_bytes: config.max_attachment_bytes.clamp(1024, 100 * 1024 * 1024),
        calendar: Arc::new(calendar),
        download_days: config.download_days.clamp(1, 90),
        waiting: app::requests::waiting::WaitPolicy {
            remind_after_days: config.remind_after_days.clamp(1, 90),
            close_after_days: config.close_after_days.clamp(7, 180),
        },
        tell_represented_from_age: config.tell_represented_from_age.map(|a| a.clamp(10, 17)),
        officer_email: config.officer_email.clone().filter(|a| !a.trim().is_empty()),
    })
}

/// The sealing key: from MADOGUCHI_SECRET_KEY, else from the key file (created with a
/// fresh random key, readable by the owner only, on first run).
fn secret_key(config: &Config) -> Result<[u8; 32], StartError> {
    let bad = |what: String| StartError::Config(format!("{what}: expected base64 of 32 bytes"));
    if let Some(text) = &config.secret_key {
        return Secrets::parse_key(text).ok_or_else(|| bad("MADOGUCHI_SECRET_KEY".into()));
    }
    let path = &config.secret_key_file;
    match std::fs::read_to_string(path) {
        Ok(text) => Secrets::parse_key(&text).ok_or_else(|| bad(path.display().to_string())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            use base64::Engine;
            use std::io::Write;
            let key: [u8; 32] = app::platform::secrets::random_bytes();
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            let mut file = options
                .open(path)
                .map_err(|e| StartError::Config(format!("cannot create key file {}: {e}", path.display())))?;
            writeln!(file, "{}", base64::engine::general_purpose::STANDARD.encode(key))
                .map_err(|e| StartError::Config(format!("cannot write key file {}: {e}", path.display())))?;
            tracing::warn!(file = %path.display(), "created a new secret key file; back it up, or TOTP secrets become unreadable");
            Ok(key)
        }
        Err(e) => Err(StartError::Config(format!("cannot read key file {}: {e}", path.display()))),
    }
}

/// The application state with defaults around a database and a clock (what tests and
/// benchmarks build on; `build_state` fills in the configured parts).
pub fn state_with(db: Db, clock: Arc<dyn Clock>, leptos_options: LeptosOptions, secure_transport: bool) -> AppState {
    let mut state = AppState {
        db,
        clock,
        leptos_options,
        secure_transport,
        secrets: Secrets::ephemeral(),
        mail: Mailer::Disabled,
        audit_checkpoint_file: None,
        pdf_font: app::platform::pdf::load_font(std::path::Path::new(app::platform::pdf::DEFAULT_FONT)),
        features: Default::default(),
    };
    // Each feature's own state: the publication cache, the session and request policies,
    // the import jobs started from staff pages.
    state.set_feature(PublicationCache::default());
    state.set_feature(SessionPolicy::default());
    state.set_feature(RequestPolicy::default());
    state.set_feature(app::csv_import::store::Jobs::default());
    state
}

/// Loads the society's publication files: every file is validated before any is stored,
/// and versions already published are skipped. Returns how many were new.
pub async fn load_society(state: &AppState, dir: &Path) -> Result<usize, StartError> {
    let files = load_dir(dir)?;
    let mut new = 0;
    for file in &files {
        let published = publish(state, &RequestMeta::default(), Actor::System("society-data"), file)
            .await
            .map_err(|e| StartError::Publish { file: file.label.clone(), reason: e.to_string() })?;
        if let Some(id) = published {
            tracing::info!(id, label = %file.label, effective = %file.effective_date, "publication version loaded");
            new += 1;
        }
    }
    Ok(new)
}

/// Refuses to serve personal data in clear text on a network address.
pub fn check_transport(listen: SocketAddr, config: &Config) -> Result<(), StartError> {
    if listen.ip().is_loopback() || config.behind_tls_proxy {
        Ok(())
    } else {
        Err(StartError::Config(format!(
            "refusing to listen on {listen} without TLS: put a TLS-terminating proxy in front and set \
             MADOGUCHI_BEHIND_TLS_PROXY=true, or listen on a loopback address"
        )))
    }
}

/// Serves until Ctrl-C / SIGTERM.
pub async fn serve(config: Config, leptos_options: LeptosOptions) -> Result<(), StartError> {
    let listen = config.listen.unwrap_or(leptos_options.site_addr);
    check_transport(listen, &config)?;
    let mut state = build_state(&config, leptos_options).await?;
    // The member portal's address, printed (with a QR code) on letters.
    state.set_feature(app::identity::PortalAddress(config.allowed_origins(listen).into_iter().next().unwrap_or_default()));
    load_society(&state, &config.society_dir).await?;
    // The demo's data goes in through the import commands' own code paths.
    if let Some(file) = &config.demo_registry {
        let report = import_registry::import_file(&state, file).await?;
        print!("{}", import_registry::format_report(file, &report));
        if !report.imported() {
            return Err(StartError::Config("demo registry not imported".into()));
        }
    }
    if let Some(file) = &config.demo_notices {
        let report = import_notices::import_file(&state, file, &|_, _| {}).await?;
        print!("{}", import_notices::format_report(file, &report));
        if !report.imported() {
            return Err(StartError::Config("demo notices not imported".into()));
        }
    }
    let policy_for = |addr: SocketAddr, area: Area| HttpPolicy {
        allowed_origins: Arc::new(config.allowed_origins(addr)),
        behind_tls_proxy: config.behind_tls_proxy,
        area,
        staff_allow: Arc::new(config.staff_allow.clone()),
    };
    let mut servers = Vec::new();
    match config.staff_listen {
        None => servers.push((listen, router(state.clone(), policy_for(listen, Area::All)))),
        Some(staff) => {
            check_transport(staff, &config)?;
            servers.push((listen, router(state.clone(), policy_for(listen, Area::MembersOnly))));
            servers.push((staff, router(state.clone(), policy_for(staff, Area::StaffOnly))));
        }
    }
    jobs::spawn_outbox(state.clone());
    jobs::spawn_maintenance(state.clone(), jobs::retention_policy(&config));
    jobs::spawn_sealer(state.clone(), config.audit_checkpoint_file.clone());
    let mut tasks = Vec::new();
    for (addr, app) in servers {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|e| StartError::Config(format!("cannot listen on {addr}: {e}")))?;
        tracing::info!("madoguchi listening on http://{addr}");
        println!("madoguchi: serving on http://{addr}");
        tasks.push(tokio::spawn(async move {
            axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
                .with_graceful_shutdown(shutdown_signal())
                .await
        }));
    }
    for task in tasks {
        task.await
            .map_err(|e| StartError::Config(format!("server task: {e}")))?
            .map_err(|e| StartError::Config(format!("server error: {e}")))?;
    }
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = terminate => {} }
}
