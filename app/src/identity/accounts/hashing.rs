//! Passwords as accounts keep them: the check a new password passes, and Argon2 hashing
//! and verifying, limited in how many run at once and equal in time for unknown accounts.

use crate::identity::password;
use kit::error::AppError;
use kit::form::{Check, Problem};

/// Checks a new password and its confirmation, with what others may know of the member.
pub(super) fn check_new_password(c: &mut Check, password: &str, confirm: &str, personal: &[&str]) {
    if let Err(p) = password::check(password, personal) {
        c.fail("password", Problem::Password(p));
    } else if password::normalize(password) != password::normalize(confirm) {
        c.fail("password_confirm", Problem::Mismatch);
    }
}

/// Argon2 takes 64 MiB and ~150 ms per hash: at most this many run at once, so a flood
/// of sign-ins queues instead of exhausting memory.
static HASHING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(4);

pub async fn hash_password(password: &str) -> Result<String, AppError> {
    let _permit = HASHING.acquire().await.map_err(|e| AppError::internal("hash queue", e))?;
    let password = password.to_string();
    tokio::task::spawn_blocking(move || password::store::hash(&password))
        .await
        .map_err(|e| AppError::internal("hash task", e))?
}

pub async fn verify_password(password: &str, phc: Option<String>) -> Result<bool, AppError> {
    let _permit = HASHING.acquire().await.map_err(|e| AppError::internal("hash queue", e))?;
    let password = password.to_string();
    tokio::task::spawn_blocking(move || match phc {
        Some(phc) => password::store::verify(&password, &phc),
        None => {
            // Unknown account: spend the same time as a real check, then refuse.
            let _ = password::store::verify(&password, dummy_hash());
            false
        }
    })
    .await
    .map_err(|e| AppError::internal("verify task", e))
}

fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| password::store::hash("madoguchi-timing-equaliser").unwrap_or_default())
}
