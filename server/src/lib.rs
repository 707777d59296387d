//! The madoguchi server: configuration, the axum application around the Leptos app,
//! middleware, start-up (migrations, society data) and the CLI's commands.

pub mod config;
pub mod downloads;
pub mod middleware;
pub mod notices;
pub mod page_cache;
pub mod uploads;

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;

use app::platform::db;
use app::platform::db::Db;
use app::identity::registry_db::ImportReport;
use app::platform::secrets::Secrets;
use app::identity::session::SessionPolicy;
use app::platform::mail::Mailer;
use app::publication::ssr::{LoadError, PublicationCache, load_dir, publish};
use app::platform::audit::{Actor, RequestMeta};
use app::requests::calendar::Calendar;
use app::requests::store::RequestPolicy;
use app::platform::state::AppState;
use kit::time::{Clock, FixedClock, SystemClock};
use app::{App, shell};
use axum::Router;
use axum::extract::State;
use axum::response::IntoResponse;
use axum::routing::get;
use http::StatusCode;
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{LeptosRoutes, generate_route_list};
use tower::ServiceBuilder;
use tower_http::compression::CompressionLayer;

use crate::config::Config;
use crate::middleware::{Area, HttpPolicy};
use crate::page_cache::PageCache;

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
    let clock: Arc<dyn Clock> = match config.fixed_now {
        Some(at) => {
            tracing::warn!(%at, "clock frozen by MADOGUCHI_FIXED_NOW");
            Arc::new(FixedClock::new(at))
        }
        None => Arc::new(SystemClock),
    };
    let mut state = state_with(db, clock, leptos_options, config.behind_tls_proxy);
    let key = secret_key(config)?;
    // Before anything can append an audit event: each carries a MAC under this key.
    app::platform::audit::origin::install(&key);
    state.secrets = Secrets::from_key(key);
    state.audit_checkpoint_file = Some(config.audit_checkpoint_file.clone());
    state.pdf_font = app::notices::documents::load_font(&config.pdf_font);
    state.mail = match (&config.smtp_relay, &config.mail_dir) {
        (Some(relay), _) => {
            let (host, port) = relay
                .rsplit_once(':')
                .and_then(|(h, p)| Some((h.to_string(), p.parse::<u16>().ok()?)))
                .filter(|(h, _)| !h.is_empty())
                .ok_or_else(|| StartError::Config(format!("MADOGUCHI_SMTP_RELAY: expected host:port, got {relay:?}")))?;
            Mailer::Smtp { host, port }
        }
        (None, Some(dir)) => Mailer::DropDir(dir.clone()),
        (None, None) => Mailer::Disabled,
    };
    state.set_feature(request_policy(config)?);
    state.set_feature(SessionPolicy {
        idle: chrono::Duration::minutes(config.session_idle_minutes.clamp(1, 24 * 60)),
        absolute: chrono::Duration::hours(config.session_absolute_hours.clamp(1, 24 * 30)),
        former_member_years: config.former_member_years,
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

pub fn state_with(db: Db, clock: Arc<dyn Clock>, leptos_options: LeptosOptions, secure_transport: bool) -> AppState {
    let mut state = AppState {
        db,
        clock,
        leptos_options,
        secure_transport,
        secrets: Secrets::ephemeral(),
        mail: Mailer::Disabled,
        audit_checkpoint_file: None,
        pdf_font: app::notices::documents::load_font(std::path::Path::new(app::notices::documents::DEFAULT_FONT)),
        features: Default::default(),
    };
    // Each feature's own state: the publication cache, the session and request policies,
    // the import jobs started from staff pages.
    state.set_feature(PublicationCache::default());
    state.set_feature(SessionPolicy::default());
    state.set_feature(RequestPolicy::default());
    state.set_feature(app::csv_import::Jobs::default());
    state
}

/// `madoguchi audit-verify`: seals what is waiting (writing its checkpoint), then verifies
/// the whole chain against the checkpoint file. Returns the report and whether all is well.
pub async fn audit_verify(state: &AppState, checkpoint_file: &std::path::Path) -> Result<(String, bool), StartError> {
    use app::platform::audit::chain::store;
    let fail = |e: kit::error::AppError| StartError::Config(format!("audit chain: {e:?}"));
    if let Some(head) = store::seal_all(state).await.map_err(fail)? {
        write_checkpoint(checkpoint_file, &head)
            .map_err(|e| StartError::Config(format!("cannot write {}: {e}", checkpoint_file.display())))?;
    }
    let checkpoints = app::records::store::read_checkpoints(checkpoint_file).map_err(StartError::Config)?;
    let actor = app::platform::audit::Actor::System("audit-verify");
    let v = app::records::store::verify_recorded(state, &app::platform::audit::RequestMeta::default(), actor, &checkpoints, true)
        .await
        .map_err(fail)?;
    let mut out = format!(
        "audit chain: {} link(s) recomputed, {} checkpoint(s) from {}\n",
        v.sealed,
        v.checkpoints_checked,
        checkpoint_file.display()
    );
    if let Some(b) = &v.broken {
        let why = b.why.describe(false);
        let event = b.event_id.map(|id| format!(" (audit event {id})")).unwrap_or_default();
        out.push_str(&format!("BROKEN: first broken link at position {}{event}: {why}\n", b.position));
    }
    if let Some(id) = v.inserted {
        out.push_str(&format!("INSERTED: audit event {id}, outside the chain: {}\n", app::platform::audit::chain::describe_inserted(false)));
    }
    if v.unsealed_stale > 0 {
        out.push_str(&format!("NOT SEALED: {} event(s) older than a minute are outside the chain\n", v.unsealed_stale));
    }
    if v.ok() {
        out.push_str("OK: every sealed event is intact and matches the checkpoints\n");
    }
    Ok((out, v.ok()))
}

/// Adds a staff member from the command line (the first administrator, or any staff
/// member); prints the one-time setup code to hand over in person.
pub async fn add_staff(
    state: &AppState,
    staff_number: &str,
    name: &str,
    roles: &[kit::access::StaffRole],
) -> Result<String, StartError> {
    let today = kit::time::tokyo_date(state.clock.now());
    app::staff::accounts::add_staff(
        state,
        &RequestMeta::default(),
        Actor::System("add-staff"),
        "cli",
        staff_number,
        name,
        roles,
        today,
    )
    .await
    .map_err(|e| StartError::Config(format!("cannot add staff member: {e:?}")))
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

/// Imports a registry CSV file as the CLI (system actor).
pub async fn import_registry(state: &AppState, file: &Path) -> Result<ImportReport, StartError> {
    let bytes = std::fs::read(file).map_err(|e| StartError::Config(format!("{}: cannot read: {e}", file.display())))?;
    app::identity::registry_db::import(state, &RequestMeta::default(), Actor::System("import-registry"), &bytes)
        .await
        .map_err(|e| StartError::Config(format!("{}: import failed: {e}", file.display())))
}

/// The registry import report as people read it.
pub fn format_import_report(file: &Path, report: &ImportReport) -> String {
    let mut done = format!("取込完了: 新規 {} 件、更新 {} 件、変更なし {} 件", report.inserted, report.updated, report.unchanged);
    if report.corrections_done > 0 {
        done.push_str(&format!("、訂正の反映 {} 件（本人に通知しました）", report.corrections_done));
    }
    if report.flagged > 0 {
        done.push_str(&format!("、訂正前の値に戻る変更 {} 件は反映せず要確認（/staff/corrections）", report.flagged));
    }
    import_report_text(file, report.decoded_as_cp932, &done, &report.rejected)
}

/// An import's report as people read it: the file and its encoding, then `done` — or,
/// when lines were rejected (and so nothing imported), every rejected line with its reasons.
pub fn import_report_text(file: &Path, cp932: bool, done: &str, rejected: &[app::csv_import::RejectedLine]) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let encoding = if cp932 { "Shift_JIS (CP932)" } else { "UTF-8" };
    let _ = writeln!(out, "{} ({encoding})", file.display());
    if rejected.is_empty() {
        let _ = writeln!(out, "{done}");
    } else {
        let _ = writeln!(out, "取り込みませんでした: {} 行に問題があります（1行も登録していません）", rejected.len());
        for line in app::csv_import::describe(rejected) {
            let _ = writeln!(out, "  {line}");
        }
    }
    out
}

async fn healthz(State(state): State<AppState>) -> impl IntoResponse {
    match sqlx::query_scalar::<_, i32>("SELECT 1").fetch_one(&state.db.pool).await {
        Ok(_) => (StatusCode::OK, [(http::header::CONTENT_TYPE, "application/json")], r#"{"status":"ok"}"#),
        Err(e) => {
            tracing::error!(error = %e, "health check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                [(http::header::CONTENT_TYPE, "application/json")],
                r#"{"status":"unavailable"}"#,
            )
        }
    }
}

/// The whole HTTP application.
pub fn router(state: AppState, policy: HttpPolicy) -> Router {
    let options = state.leptos_options.clone();
    let routes = generate_route_list(App);
    let pkg_dir = format!("{}/{}", options.site_root, options.site_pkg_dir);
    let context_state = state.clone();
    let app = Router::new()
        .route("/healthz", get(healthz))
        .route("/requests/{receipt}/files/{id}", get(downloads::attachment))
        .route("/staff/requests/{receipt}/files/{id}", get(downloads::attachment))
        .route("/staff/requests.csv", get(downloads::queue_csv))
        .route("/packages/{token}", get(downloads::package))
        .route("/staff/requests/{receipt}/package.zip", get(downloads::staff_package))
        .route("/staff/requests/{receipt}/package/summary", get(downloads::staff_package_summary))
        .route("/staff/corrections.csv", get(downloads::corrections_csv))
        .route("/staff/audit.csv", get(downloads::audit_csv))
        .route(middleware::NOTICE_UPLOAD, axum::routing::post(uploads::notices))
        .route(middleware::PROVISION_UPLOAD, axum::routing::post(uploads::provisions))
        .route("/notices/statement.csv", get(|s, q, r| downloads::notice_statement(downloads::StatementFile::Csv, s, q, r)))
        .route("/notices/statement.pdf", get(|s, q, r| downloads::notice_statement(downloads::StatementFile::Pdf, s, q, r)))
        .route("/notices/statement.xlsx", get(|s, q, r| downloads::notice_statement(downloads::StatementFile::Xlsx, s, q, r)))
        .nest_service(
            &format!("/{}", options.site_pkg_dir),
            tower_http::services::ServeDir::new(pkg_dir).precompressed_br().precompressed_gzip(),
        )
        .leptos_routes_with_context(&state, routes, move || provide_context(context_state.clone()), {
            let options = options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .with_state(state.clone());

    // Outermost first. Compression wraps everything, so the page cache keeps plain bodies.
    app.layer(
        ServiceBuilder::new()
            .layer(CompressionLayer::new())
            .layer(axum::middleware::from_fn_with_state(policy.clone(), middleware::request_meta))
            .layer(axum::middleware::from_fn_with_state(policy.clone(), middleware::security_headers))
            .layer(axum::middleware::from_fn_with_state((policy.clone(), state.clone()), middleware::area_guard))
            .layer(axum::middleware::from_fn_with_state(state.clone(), middleware::session))
            .layer(axum::middleware::from_fn_with_state((PageCache::default(), state.clone()), page_cache::page_cache))
            .layer(axum::middleware::from_fn_with_state((policy, state.clone()), middleware::origin_check))
            .layer(axum::middleware::from_fn_with_state(state, middleware::body_limit))
            .layer(axum::middleware::from_fn(middleware::server_fn_status)),
    )
}

/// Delivers the mail outbox every few seconds, in the background.
pub fn spawn_outbox(state: AppState) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(3));
        loop {
            tick.tick().await;
            if let Err(e) = app::platform::mail::deliver_outbox(&state).await {
                tracing::warn!(error = ?e, "mail outbox delivery failed; will retry");
            }
        }
    });
}

/// Seals the audit record every two seconds (a new head only when events arrived) and
/// writes each new head out of the database: to the log and to the checkpoint file.
pub fn spawn_sealer(state: AppState, checkpoint_file: std::path::PathBuf) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(2));
        loop {
            tick.tick().await;
            match app::platform::audit::chain::store::seal_all(&state).await {
                Ok(Some(head)) => {
                    tracing::info!(position = head.position, hash = %head.hash, "audit chain sealed");
                    if let Err(e) = write_checkpoint(&checkpoint_file, &head) {
                        tracing::error!(error = %e, file = %checkpoint_file.display(), "audit checkpoint not written");
                    }
                }
                Ok(None) => {}
                Err(e) => tracing::warn!(error = ?e, "audit sealing failed; will retry"),
            }
        }
    });
}

/// Appends one checkpoint line (and syncs it: a checkpoint that a crash loses is no proof).
pub fn write_checkpoint(file: &std::path::Path, head: &app::platform::audit::chain::Checkpoint) -> std::io::Result<()> {
    use std::io::Write;
    let mut f = std::fs::OpenOptions::new().create(true).append(true).open(file)?;
    writeln!(f, "{}", head.line())?;
    f.sync_data()
}

/// Database upkeep, at start and then hourly: records past their retention period are
/// disposed of (廃棄, with a record per batch), and the planner's statistics refreshed so
/// queries keep their indexes as the tables grow.
pub fn spawn_maintenance(state: AppState, retention: app::records::retention::RetentionPolicy) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            tick.tick().await;
            match app::records::retention::store::purge(&state, &retention).await {
                Ok(report) => {
                    for (kind, n) in report.into_iter().filter(|(_, n)| *n > 0) {
                        tracing::info!(kind = kind.code(), removed = n, "retention: disposed of records past their period");
                    }
                }
                // A failed batch left nothing half done; the next round resumes.
                Err(e) => tracing::warn!(error = ?e, "retention job failed; will retry"),
            }
            if let Err(e) = state.db.optimize().await {
                tracing::warn!(error = ?e, "database optimize failed; will retry");
            }
        }
    });
}

/// The retention periods configured.
pub fn retention_policy(config: &Config) -> app::records::retention::RetentionPolicy {
    app::records::retention::RetentionPolicy {
        authentication_days: config.retention_auth_days.clamp(30, 3650),
        closed_request_years: config.retention_request_years.clamp(1, 30),
    }
}

/// `madoguchi purge`: runs the retention job once; what was disposed of, as people read it.
pub async fn purge_report(state: &AppState, config: &Config) -> Result<String, kit::error::AppError> {
    use std::fmt::Write;
    let report = app::records::retention::store::purge(state, &retention_policy(config)).await?;
    let mut out = String::new();
    for (kind, n) in report {
        let _ = writeln!(out, "{}: {n} 件を廃棄しました", kind.words());
    }
    Ok(out)
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
    let state = build_state(&config, leptos_options).await?;
    load_society(&state, &config.society_dir).await?;
    if let Some(file) = &config.demo_registry {
        let report = import_registry(&state, file).await?;
        print!("{}", format_import_report(file, &report));
        if !report.imported() {
            return Err(StartError::Config("demo registry not imported".into()));
        }
    }
    if let Some(file) = &config.demo_notices {
        let report = notices::import_file(&state, file, &|_, _| {}).await?;
        print!("{}", notices::format_report(file, &report));
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
    spawn_outbox(state.clone());
    spawn_maintenance(state.clone(), retention_policy(&config));
    spawn_sealer(state.clone(), config.audit_checkpoint_file.clone());
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
