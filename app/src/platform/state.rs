//! The application state every server function and page render can reach (server only).

use std::sync::Arc;

use leptos::config::LeptosOptions;

use crate::platform::db::Db;
use kit::error::AppError;
use kit::time::Clock;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub clock: Arc<dyn Clock>,
    pub leptos_options: LeptosOptions,
    /// Cookies get `Secure` (and HSTS is sent) when served over TLS or behind a TLS proxy.
    pub secure_transport: bool,
    /// The key that seals TOTP secrets and letters' codes.
    pub secrets: crate::platform::secrets::Secrets,
    pub mail: crate::platform::mail::Mailer,
    /// Where the sealer appends its checkpoints (verification reads them back); None when
    /// this process keeps none (tests that do not exercise checkpoints).
    pub audit_checkpoint_file: Option<std::path::PathBuf>,
    /// The Japanese font embedded (subset) in PDFs (the 医療費控除 statement, the 開示
    /// summary); None when it could not be read (the PDFs are then unavailable and the
    /// printable pages, CSV and JSON remain).
    pub pdf_font: Option<Arc<Vec<u8>>>,
    /// What each feature keeps for itself (its cache, its policy), by type: the platform
    /// need not name the features above it. The server inserts them at start.
    pub features: Arc<http::Extensions>,
}

impl axum::extract::FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

impl AppState {
    /// A feature's own state (see [`AppState::features`]): a cheap clone (policies are
    /// small, caches and job lists share their contents), or the feature's default when the
    /// server inserted none.
    pub fn feature<T: Clone + Default + Send + Sync + 'static>(&self) -> T {
        self.features.get::<T>().cloned().unwrap_or_default()
    }

    /// Inserts or replaces a feature's state (at start, or in tests).
    pub fn set_feature<T: Clone + Send + Sync + 'static>(&mut self, value: T) {
        Arc::make_mut(&mut self.features).insert(value);
    }
}

/// The state of the current request.
pub fn app_state() -> Result<AppState, AppError> {
    leptos::prelude::use_context::<AppState>()
        .ok_or_else(|| AppError::internal("state", "application state missing from context"))
}
