//! Configuration: command-line flags, each with an environment variable, so the same
//! binary runs the demo, the tests and production.

use std::net::SocketAddr;
use std::path::PathBuf;

use chrono::{DateTime, Utc};

#[derive(clap::Args, Clone, Debug)]
pub struct Config {
    /// Database URL: `sqlite://path` (embedded; created and migrated on first run) or
    /// `postgres://user@host/db` (production).
    #[arg(long, env = "MADOGUCHI_DATABASE_URL", default_value = "sqlite://madoguchi.sqlite3")]
    pub database_url: String,

    /// Maximum database connections in the pool (on SQLite also in the read-only pool).
    #[arg(long, env = "MADOGUCHI_DB_MAX_CONNECTIONS", default_value_t = 16)]
    pub db_max_connections: u32,

    /// The society profile: a directory of publication files (`publication-*.json`),
    /// each one version of the 公表事項 with its effective date. Loaded at start-up;
    /// versions already published are skipped.
    #[arg(long, env = "MADOGUCHI_SOCIETY_DIR", default_value = "server/demo")]
    pub society_dir: PathBuf,

    /// A registry CSV to import at start-up (the demo household). Production imports
    /// with `server import-registry FILE` from the core system's export instead.
    #[arg(long, env = "MADOGUCHI_DEMO_REGISTRY")]
    pub demo_registry: Option<PathBuf>,

    /// A 医療費のお知らせ CSV to import at start-up, after the registry (the demo
    /// household's notices). Production imports with `server import-notices FILE`.
    #[arg(long, env = "MADOGUCHI_DEMO_NOTICES")]
    pub demo_notices: Option<PathBuf>,

    /// Address to listen on. Defaults to the Leptos site address (127.0.0.1:3000).
    #[arg(long, env = "MADOGUCHI_LISTEN")]
    pub listen: Option<SocketAddr>,

    /// Origins allowed to send state-changing requests (comma-separated), e.g.
    /// `https://madoguchi.example.or.jp`. Defaults to the listen address (and
    /// `localhost` for a loopback address).
    #[arg(long, env = "MADOGUCHI_PUBLIC_ORIGINS", value_delimiter = ',')]
    pub public_origins: Vec<String>,

    /// Set when a TLS-terminating proxy is in front: cookies become `Secure`, HSTS is
    /// sent, and the client address is read from `X-Forwarded-For`.
    #[arg(long, env = "MADOGUCHI_BEHIND_TLS_PROXY", default_value_t = false)]
    pub behind_tls_proxy: bool,

    /// Log format: `text` or `json`.
    #[arg(long, env = "MADOGUCHI_LOG_FORMAT", default_value = "text")]
    pub log_format: String,

    /// The key that seals TOTP secrets (base64 of 32 random bytes, e.g.
    /// `openssl rand -base64 32`). Keep it out of the repository and the database host's
    /// backups. If unset, the key file below is used.
    #[arg(long, env = "MADOGUCHI_SECRET_KEY", hide_env_values = true)]
    pub secret_key: Option<String>,

    /// File holding the key when MADOGUCHI_SECRET_KEY is unset; created (mode 0600) with
    /// a fresh random key on first run.
    #[arg(long, env = "MADOGUCHI_SECRET_KEY_FILE", default_value = "madoguchi.key")]
    pub secret_key_file: PathBuf,

    /// Drop directory for outgoing mail (one RFC 5322 file per message, for the mail
    /// transfer agent). Unset: no mail is sent and email verification is unavailable.
    #[arg(long, env = "MADOGUCHI_MAIL_DIR")]
    pub mail_dir: Option<PathBuf>,

    /// An SMTP relay for outgoing mail, `host:port` (plain SMTP on a trusted network, e.g.
    /// the society's mail server or a local MTA). Takes precedence over MADOGUCHI_MAIL_DIR.
    #[arg(long, env = "MADOGUCHI_SMTP_RELAY")]
    pub smtp_relay: Option<String>,

    /// Append-only file receiving the head of the audit chain after each seal
    /// (`position hash sealed_at` per line), besides the server log. Keep it outside the
    /// database's reach (another disk, or shipped elsewhere): `madoguchi audit-verify
    /// --checkpoints FILE` then detects even a rewritten chain.
    #[arg(long, env = "MADOGUCHI_AUDIT_CHECKPOINT_FILE", default_value = "audit-checkpoints.log")]
    pub audit_checkpoint_file: PathBuf,

    /// A TrueType/OpenType font with Japanese glyphs, embedded (subset) in the PDFs: the
    /// 医療費控除 statement and the 開示 summary. Debian's fonts-ipaexfont-gothic by default.
    #[arg(long, env = "MADOGUCHI_PDF_FONT", default_value = app::platform::pdf::DEFAULT_FONT)]
    pub pdf_font: PathBuf,

    /// The answer to a request is due this many business days after receipt (Asia/Tokyo;
    /// weekends, national holidays and the closed days do not count).
    #[arg(long, env = "MADOGUCHI_DUE_BUSINESS_DAYS", default_value_t = 10)]
    pub due_business_days: u32,

    /// The society's closed days besides weekends and national holidays, as month-day
    /// ranges: `12-29..01-03` (default) or e.g. `12-29..01-03,08-13..08-15`.
    #[arg(long, env = "MADOGUCHI_CLOSED_DAYS", default_value = "12-29..01-03")]
    pub closed_days: String,

    /// A holiday table (`date,name` CSV) replacing the shipped one, e.g. a newer
    /// 内閣府 list. The shipped table covers 2020–2030.
    #[arg(long, env = "MADOGUCHI_HOLIDAYS_FILE")]
    pub holidays_file: Option<PathBuf>,

    /// Days authentication records (sign-in events, sessions, failed sign-ins) are kept
    /// before the retention job disposes of them (廃棄), with a record of each batch.
    #[arg(long, env = "MADOGUCHI_RETENTION_AUTH_DAYS", default_value_t = 365)]
    pub retention_auth_days: i64,

    /// Years a closed request (with its events, files, decisions and 開示 package) is kept,
    /// counted from its last change, before the retention job disposes of it (1–30).
    #[arg(long, env = "MADOGUCHI_RETENTION_REQUEST_YEARS", default_value_t = 5)]
    pub retention_request_years: u32,

    /// Years 医療費のお知らせ lines are kept after the end of the calendar year of care they
    /// concern, before the retention job disposes of them (1–30).
    #[arg(long, env = "MADOGUCHI_RETENTION_NOTICE_YEARS", default_value_t = 5)]
    pub retention_notice_years: u32,

    /// Years an entry of the third-party provision ledger is kept, counted from the
    /// provision (or receipt) and from the entry, whichever is later (3–30: 施行規則14条・18条).
    #[arg(long, env = "MADOGUCHI_RETENTION_PROVISION_YEARS", default_value_t = 3)]
    pub retention_provision_years: u32,

    /// Years audit events other than authentication events are kept, and never while the
    /// request or ledger entry they are about is kept (1–30).
    #[arg(long, env = "MADOGUCHI_RETENTION_AUDIT_YEARS", default_value_t = 5)]
    pub retention_audit_years: u32,

    /// Days a released 開示 package can be downloaded (1–90).
    #[arg(long, env = "MADOGUCHI_DOWNLOAD_DAYS", default_value_t = app::delivery::store::DEFAULT_DOWNLOAD_DAYS)]
    pub download_days: i64,

    /// Days a 補正依頼 may go unanswered before the requester is reminded (1–90).
    #[arg(long, env = "MADOGUCHI_REMIND_AFTER_DAYS", default_value_t = 14)]
    pub remind_after_days: u32,

    /// Days after that reminder before the request ends as 補正なしで終了 (7–180).
    #[arg(long, env = "MADOGUCHI_CLOSE_AFTER_DAYS", default_value_t = 30)]
    pub close_after_days: u32,

    /// From this age (10–17) the person a 法定代理人 asks about is told of the request, as
    /// for a 任意代理人's (unset: never).
    #[arg(long, env = "MADOGUCHI_TELL_REPRESENTED_FROM_AGE")]
    pub tell_represented_from_age: Option<u8>,

    /// The 責任者's (個人情報保護管理者's) mailbox: a complaint suggesting a 漏えい等 is
    /// announced there at once, without personal data (unset: on the staff pages only).
    #[arg(long, env = "MADOGUCHI_OFFICER_EMAIL")]
    pub officer_email: Option<String>,

    /// The largest attachment accepted, in bytes (default 10 MB).
    #[arg(long, env = "MADOGUCHI_MAX_ATTACHMENT_BYTES", default_value_t = 10 * 1024 * 1024)]
    pub max_attachment_bytes: usize,

    /// Session idle timeout, minutes.
    #[arg(long, env = "MADOGUCHI_SESSION_IDLE_MINUTES", default_value_t = 30)]
    pub session_idle_minutes: i64,

    /// Session absolute lifetime, hours.
    #[arg(long, env = "MADOGUCHI_SESSION_ABSOLUTE_HOURS", default_value_t = 12)]
    pub session_absolute_hours: i64,

    /// How many years after 資格喪失 a former member can still sign in (the request
    /// records' retention period); after it, once nothing kept refers to them, the
    /// retention job disposes of their registry row and account (1–30).
    #[arg(long, env = "MADOGUCHI_FORMER_MEMBER_YEARS", default_value_t = 5)]
    pub former_member_years: u32,

    /// Serve the staff area on its own address (e.g. an internal interface). When set,
    /// the main address refuses staff pages and this one refuses member pages.
    #[arg(long, env = "MADOGUCHI_STAFF_LISTEN")]
    pub staff_listen: Option<SocketAddr>,

    /// Networks allowed to reach the staff area (comma-separated CIDRs, e.g.
    /// `10.1.0.0/16,127.0.0.1/32`). Empty: no address restriction.
    #[arg(long, env = "MADOGUCHI_STAFF_ALLOW", value_delimiter = ',')]
    pub staff_allow: Vec<ipnet::IpNet>,

    /// Freeze the clock at this instant (RFC 3339). For demonstrations and browser
    /// tests only; never set in production.
    #[arg(long, env = "MADOGUCHI_FIXED_NOW")]
    pub fixed_now: Option<DateTime<Utc>>,

    /// Read the time from this file (RFC 3339) at every use, so a browser test can move
    /// it forward. Browser tests only; never set in production.
    #[arg(long, env = "MADOGUCHI_CLOCK_FILE")]
    pub clock_file: Option<std::path::PathBuf>,
}

impl Config {
    /// The origins a browser form may post from.
    pub fn allowed_origins(&self, listen: SocketAddr) -> Vec<String> {
        if !self.public_origins.is_empty() {
            return self.public_origins.iter().map(|o| o.trim().trim_end_matches('/').to_string()).collect();
        }
        let mut origins = vec![format!("http://{listen}")];
        if listen.ip().is_loopback() {
            origins.push(format!("http://localhost:{}", listen.port()));
            origins.push(format!("http://127.0.0.1:{}", listen.port()));
        }
        origins.dedup();
        origins
    }
}
