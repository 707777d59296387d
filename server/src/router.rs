//! The whole HTTP application: the Leptos routes, the handlers beside them, the static
//! assets, and the middleware stack every request passes, in its order.

use app::platform::state::AppState;
use app::App;
use app::shell::store::shell;
use axum::Router;
use axum::routing::{get, post};
use leptos::prelude::provide_context;
use leptos_axum::{LeptosRoutes, generate_route_list};
use tower::ServiceBuilder;
use tower_http::compression::CompressionLayer;

use crate::handlers::downloads::{self, StatementFile};
use crate::handlers::{health, uploads};
use crate::middleware::{self, HttpPolicy};
use crate::page_cache::{self, PageCache};
use crate::form_capture;

/// The whole HTTP application.
pub fn router(state: AppState, policy: HttpPolicy) -> Router {
    let options = state.leptos_options.clone();
    let routes = generate_route_list(App);
    let pkg_dir = format!("{}/{}", options.site_root, options.site_pkg_dir);
    let context_state = state.clone();
    let flash = kit::flash::FlashStore::new(state.secure_transport);
    let app = Router::new()
        .route("/healthz", get(health::healthz))
        .route("/requests/{receipt}/files/{id}", get(downloads::attachment))
        .route("/staff/requests/{receipt}/files/{id}", get(downloads::attachment))
        .route("/staff/requests.csv", get(downloads::queue_csv))
        .route("/packages/{token}", get(downloads::package))
        .route("/staff/requests/{receipt}/package.zip", get(downloads::staff_package))
        .route("/staff/requests/{receipt}/package/summary", get(downloads::staff_package_summary))
        .route("/staff/corrections.csv", post(downloads::corrections_csv))
        .route("/staff/audit.csv", get(downloads::audit_csv))
        .route(middleware::NOTICE_UPLOAD, post(uploads::notices))
        .route(middleware::PROVISION_UPLOAD, post(uploads::provisions))
        .route("/notices/statement.csv", get(|s, q, r| downloads::notice_statement(StatementFile::Csv, s, q, r)))
        .route("/notices/statement.pdf", get(|s, q, r| downloads::notice_statement(StatementFile::Pdf, s, q, r)))
        .route("/notices/statement.xlsx", get(|s, q, r| downloads::notice_statement(StatementFile::Xlsx, s, q, r)))
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
            .layer(axum::middleware::from_fn_with_state(flash, form_capture::keep_typed))
            .layer(axum::middleware::from_fn(middleware::server_fn_status)),
    )
}
