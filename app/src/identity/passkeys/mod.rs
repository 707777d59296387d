//! Passkeys (WebAuthn) for members and staff: registering one (at enrolment, or later from
//! the account page) and signing in with it alone. User verification (fingerprint, face or
//! the device's PIN) is required and checked, so a passkey is two factors on its own.
//!
//! The ceremonies run on the server with `webauthn-rs` (`store`, server only); their state
//! stays on the server, single use and short-lived, bound to the session (registration) or
//! to a random ceremony id in an HttpOnly cookie (sign-in). The browser half is one island
//! (`views`) that calls the credentials API and is hidden where the browser has none:
//! without it, the password and TOTP or recovery-code forms work as before.

pub mod api;
#[cfg(feature = "ssr")]
pub mod store;
pub mod texts;
pub mod views;

use serde::{Deserialize, Serialize};

/// How long a ceremony may take, from its start to its finish (the browser's own timeout
/// is shorter).
pub const CEREMONY_MINUTES: i64 = 5;

/// The most passkeys one account may hold.
pub const MAX_PER_ACCOUNT: i64 = 10;

/// One passkey of the caller's, as the passkeys page lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasskeyLine {
    pub id: i64,
    /// When it was added and last used (RFC 3339).
    pub created_at: String,
    pub last_used_at: Option<String>,
}

/// Which account a ceremony is for: the member's or the staff member's (each has its own
/// endpoints, since each has its own session cookie).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Who {
    Member,
    Staff,
}

impl Who {
    /// The endpoint prefix of this kind of account.
    pub fn prefix(self) -> &'static str {
        match self {
            Who::Member => "/api",
            Who::Staff => "/api/staff",
        }
    }
}
