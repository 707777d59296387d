//! Throttling sign-in: recent failures by account and address, the gate every attempt
//! passes first, and the record of each failure.

use chrono::{DateTime, Duration, Utc};

use super::event;
use crate::identity::Caller;
use crate::identity::throttle::{self, Failures};
use crate::platform::audit::{Action, Outcome, RequestMeta};
use crate::platform::audit::store::{append, record_standalone};
use crate::platform::db::instant_text;
use crate::platform::state::AppState;
use kit::error::AppError;

/// Recent failures counted for the throttle, as the database gives them.
#[derive(sqlx::FromRow)]
struct FailureCounts {
    /// Of this account from this address.
    account_and_address: i64,
    account: i64,
    address: i64,
    latest: Option<String>,
}

/// Recent failures for the throttle.
pub async fn failures(state: &AppState, account_key: &str, ip: &str) -> Result<Failures, AppError> {
    let since = instant_text(state.clock.now() - Duration::hours(throttle::WINDOW_HOURS));
    let counts: FailureCounts = sqlx::query_as(
        "SELECT \
           (SELECT COUNT(*) FROM login_failures WHERE account_key = $1 AND ip = $2 AND failed_at > $3) \
             AS account_and_address, \
           (SELECT COUNT(*) FROM login_failures WHERE account_key = $1 AND failed_at > $3) AS account, \
           (SELECT COUNT(*) FROM login_failures WHERE ip = $2 AND failed_at > $3) AS address, \
           (SELECT MAX(failed_at) FROM login_failures WHERE (account_key = $1 OR ip = $2) AND failed_at > $3) AS latest",
    )
    .bind(account_key)
    .bind(ip)
    .bind(since)
    .fetch_one(&state.db.pool)
    .await?;
    let n = |v: i64| u32::try_from(v).unwrap_or(u32::MAX);
    Ok(Failures {
        account_and_address: n(counts.account_and_address),
        account: n(counts.account),
        address: n(counts.address),
        latest: counts.latest.and_then(|t| DateTime::parse_from_rfc3339(&t).ok()).map(|d| d.with_timezone(&Utc)),
    })
}

/// Refuses an attempt that comes before the throttle allows, and records it.
pub async fn throttle_gate(
    state: &AppState,
    meta: &RequestMeta,
    account_key: &str,
    subject: Option<i64>,
) -> Result<(), AppError> {
    let ip = meta.ip.clone().unwrap_or_default();
    let f = failures(state, account_key, &ip).await?;
    let now = state.clock.now();
    if throttle::may_attempt(f, now) {
        return Ok(());
    }
    let wait = throttle::next_allowed(f).map(|t| (t - now).num_seconds().max(1)).unwrap_or(1);
    let e = event(
        Caller::Anonymous,
        Action::LoginThrottled,
        Outcome::Refused,
        subject,
        serde_json::json!({ "wait_seconds": wait }),
    );
    record_standalone(state, meta, &e).await;
    Err(AppError::TooManyAttempts { wait_seconds: wait })
}

pub async fn record_failure(
    state: &AppState,
    meta: &RequestMeta,
    account_key: &str,
    subject: Option<i64>,
    action: Action,
) -> Result<(), AppError> {
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    sqlx::query("INSERT INTO login_failures (account_key, ip, failed_at) VALUES ($1, $2, $3)")
        .bind(account_key)
        .bind(meta.ip.clone().unwrap_or_default())
        .bind(instant_text(now))
        .execute(&mut *tx)
        .await?;
    let e = event(Caller::Anonymous, action, Outcome::Refused, subject, serde_json::json!({}));
    append(&mut tx, now, meta, &e).await?;
    tx.commit().await?;
    Ok(())
}
