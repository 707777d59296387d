//! Who is calling, and the guard every server function passes first.
//!
//! Each server function declares an [`Access`] policy; `store::guard` checks the caller
//! against it on the server, every time. The caller comes from the session the server's
//! session layer resolved from the request's cookie ([`session`]).

#[cfg(feature = "ssr")]
pub mod accounts;
pub mod api;
pub mod documents;
pub mod lifecycle;
pub mod passkeys;
pub mod password;
#[cfg(feature = "ssr")]
pub mod session;
#[cfg(feature = "ssr")]
pub mod store;
pub mod throttle;
#[cfg(feature = "ssr")]
pub mod totp;
pub mod views;
pub mod views_data;

pub use kit::access::{Access, Caller, MemberAction, StaffRole, decide};

/// Where a signed-in member starts (sign-in lands here): what needs doing, then their tasks.
pub const MEMBER_HOME: &str = "/mypage";

/// The address members reach the portal at (the first public origin, e.g.
/// `https://madoguchi.example-kenpo.or.jp`): printed, with a QR code, on letters.
#[derive(Clone, Debug, Default)]
pub struct PortalAddress(pub String);

/// Timeouts, configurable (defaults: idle 30 minutes, absolute 12 hours, step-up 10 minutes).
#[derive(Clone, Copy, Debug)]
pub struct SessionPolicy {
    pub idle: chrono::Duration,
    pub absolute: chrono::Duration,
    pub step_up: chrono::Duration,
    /// How long a former member (資格喪失) can still sign in: the request-record retention.
    pub former_member_years: u32,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        SessionPolicy {
            idle: chrono::Duration::minutes(30),
            absolute: chrono::Duration::hours(12),
            step_up: chrono::Duration::minutes(10),
            former_member_years: 5,
        }
    }
}
