//! The application state every server function and page render can reach (server only).

use std::sync::Arc;

use leptos::config::LeptosOptions;

use crate::db::Db;
use kit::error::AppError;
use crate::publication::ssr::PublicationCache;
use kit::time::Clock;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub clock: Arc<dyn Clock>,
    pub leptos_options: LeptosOptions,
    pub publications: PublicationCache,
    /// Cookies get `Secure` (and HSTS is sent) when served over TLS or behind a TLS proxy.
    pub secure_transport: bool,
    /// The key that seals TOTP secrets and letters' codes.
    pub secrets: crate::identity::secrets::Secrets,
    pub sessions: crate::identity::session::SessionPolicy,
    pub mail: crate::mail::Mailer,
    pub requests: crate::requests::store::RequestPolicy,
    /// Where the sealer appends its checkpoints (verification reads them back); None when
    /// this process keeps none (tests that do not exercise checkpoints).
    pub audit_checkpoint_file: Option<std::path::PathBuf>,
    /// The Japanese font embedded (subset) in PDF statements; None when it could not be
    /// read (the PDF is then unavailable and the printable page remains).
    pub pdf_font: Option<Arc<Vec<u8>>>,
    /// Imports started from staff pages (医療費のお知らせ, the provision ledger), with their progress.
    pub imports: crate::csv_import::Jobs,
}

impl axum::extract::FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// The state of the current request.
pub fn app_state() -> Result<AppState, AppError> {
    leptos::prelude::use_context::<AppState>()
        .ok_or_else(|| AppError::internal("state", "application state missing from context"))
}
