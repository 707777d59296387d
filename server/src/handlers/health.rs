//! `GET /healthz`: whether the database answers, for load balancers and monitoring.

use app::platform::state::AppState;
use axum::extract::State;
use axum::response::IntoResponse;
use http::StatusCode;

pub async fn healthz(State(state): State<AppState>) -> impl IntoResponse {
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
