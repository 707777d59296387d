//! The one application error. Every server function returns it; it maps to an HTTP
//! status and to a message in the caller's language. It never carries database or
//! internal text: internal failures are logged on the server under a reference the
//! member can quote.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

use crate::i18n::Messages;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    /// A version id that is not a positive integer.
    #[error("malformed publication version id")]
    BadVersionId,
    #[error("publication version not found")]
    VersionNotFound,
    /// Arguments that could not be read (malformed form post or JSON).
    #[error("bad request")]
    BadRequest,
    #[error("sign-in required")]
    Unauthorized,
    /// The guard refused the caller, or the Origin/CSRF check failed.
    #[error("forbidden")]
    Forbidden,
    #[error("temporarily unavailable")]
    Unavailable,
    /// Form input that is wrong, field by field (shown next to each field).
    #[error("invalid input")]
    Invalid(Vec<crate::form::FieldError>),
    /// A search or filter in the URL that is malformed, field by field: 400, since the
    /// address itself is wrong (a form post that fails validation is [`AppError::Invalid`]).
    #[error("malformed query")]
    BadQuery(Vec<crate::form::FieldError>),
    /// Sign-in refused. One answer for an unknown member, a wrong password and a wrong
    /// second factor, so the answer tells a stranger nothing.
    #[error("sign-in failed")]
    SignInFailed,
    /// Throttled: too many recent failures; the next attempt is checked after the wait.
    #[error("too many attempts")]
    TooManyAttempts { wait_seconds: i64 },
    /// The action needs a sign-in within the last few minutes (step-up).
    #[error("recent sign-in required")]
    StepUpRequired,
    /// The record changed meanwhile, or the step is not possible in its current state
    /// (e.g. withdrawing a decided request, two staff deciding at once).
    #[error("conflict")]
    Conflict,
    /// A link or download that was good once and is no longer: expired or already used.
    #[error("gone")]
    Gone,
    /// Anything else. The details are in the server log under `reference`.
    #[error("internal error {reference}")]
    Internal { reference: String },
}

impl AppError {
    pub fn status_code(&self) -> http::StatusCode {
        use http::StatusCode as S;
        match self {
            AppError::NotFound | AppError::VersionNotFound => S::NOT_FOUND,
            AppError::BadVersionId | AppError::BadRequest | AppError::BadQuery(_) => S::BAD_REQUEST,
            AppError::Unauthorized => S::UNAUTHORIZED,
            AppError::Forbidden => S::FORBIDDEN,
            AppError::Unavailable => S::SERVICE_UNAVAILABLE,
            AppError::Invalid(_) => S::UNPROCESSABLE_ENTITY,
            AppError::SignInFailed | AppError::StepUpRequired => S::UNAUTHORIZED,
            AppError::TooManyAttempts { .. } => S::TOO_MANY_REQUESTS,
            AppError::Conflict => S::CONFLICT,
            AppError::Gone => S::GONE,
            AppError::Internal { .. } => S::INTERNAL_SERVER_ERROR,
        }
    }

    /// The message shown to a person, in their language.
    pub fn message(&self, t: &Messages) -> &'static str {
        match self {
            AppError::NotFound => t.error_not_found_body,
            AppError::BadVersionId => t.error_bad_version_id,
            AppError::VersionNotFound => t.error_version_not_found,
            AppError::BadRequest => t.error_bad_request,
            AppError::Unauthorized => t.error_unauthorized,
            AppError::Forbidden => t.error_forbidden,
            AppError::Unavailable => t.error_unavailable,
            AppError::Invalid(_) | AppError::BadQuery(_) => t.error_invalid,
            AppError::SignInFailed => t.error_sign_in_failed,
            AppError::TooManyAttempts { .. } => t.error_too_many_attempts,
            AppError::StepUpRequired => t.error_step_up,
            AppError::Conflict => t.error_conflict,
            AppError::Gone => t.error_gone,
            AppError::Internal { .. } => t.error_internal,
        }
    }

    /// Logs an internal failure and returns the error a client may see.
    #[cfg(feature = "ssr")]
    pub fn internal(context: &str, error: impl std::fmt::Display) -> AppError {
        let reference = reference();
        tracing::error!(reference = %reference, context, error = %error, "internal error");
        AppError::Internal { reference }
    }
}

/// A short reference that ties a client-visible error to its log line. Not a secret.
#[cfg(feature = "ssr")]
fn reference() -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    format!("E{:X}-{:04X}", secs % 0xFFFFFF, n % 0xFFFF)
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        AppError::internal("database", e)
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    /// Framework errors become the portal's own, without their text: malformed
    /// arguments are the caller's mistake (400); a failed network call in the browser
    /// is "unavailable"; anything else is internal.
    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) => AppError::BadRequest,
            ServerFnErrorErr::Request(_) => AppError::Unavailable,
            other => {
                #[cfg(feature = "ssr")]
                {
                    AppError::internal("server function", other)
                }
                #[cfg(not(feature = "ssr"))]
                {
                    let _ = other;
                    AppError::Internal { reference: String::new() }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn framework_errors_lose_their_text() {
        let e = AppError::from_server_fn_error(ServerFnErrorErr::Args("invalid digit found in string".into()));
        assert_eq!(e, AppError::BadRequest);
        assert_eq!(e.status_code(), http::StatusCode::BAD_REQUEST);
        let json = serde_json::to_string(&e).unwrap_or_default();
        assert!(!json.contains("digit"));
    }

    #[test]
    fn every_error_has_a_message_in_both_languages() {
        let all = [
            AppError::NotFound,
            AppError::BadVersionId,
            AppError::VersionNotFound,
            AppError::BadRequest,
            AppError::Unauthorized,
            AppError::Forbidden,
            AppError::Unavailable,
            AppError::Invalid(vec![]),
            AppError::BadQuery(vec![]),
            AppError::SignInFailed,
            AppError::TooManyAttempts { wait_seconds: 2 },
            AppError::StepUpRequired,
            AppError::Conflict,
            AppError::Gone,
            AppError::Internal { reference: "E1".into() },
        ];
        for e in all {
            assert!(!e.message(crate::i18n::Lang::Ja.messages()).is_empty());
            assert!(!e.message(crate::i18n::Lang::En.messages()).is_empty());
            assert!(e.status_code().is_client_error() || e.status_code().is_server_error());
        }
    }
}
