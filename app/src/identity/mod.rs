//! Who is calling, and the guard every server function passes first.
//!
//! Each server function declares an [`Access`] policy; [`guard`] checks the caller
//! against it on the server, every time. The caller comes from the session the server's
//! session layer resolved from the request's cookie ([`session`]).

#[cfg(feature = "ssr")]
pub mod accounts;
pub mod documents;
pub mod lifecycle;
pub mod password;
pub mod server_fns;
#[cfg(feature = "ssr")]
pub mod session;
pub mod throttle;
#[cfg(feature = "ssr")]
pub mod totp;
pub mod views;
pub mod views_data;


#[cfg(feature = "ssr")]
use kit::error::AppError;

pub use kit::access::{Access, Caller, StaffRole, decide};

/// The caller of the current request, as established by the server's session layer.
#[cfg(feature = "ssr")]
pub fn caller() -> Caller {
    leptos::prelude::use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<Caller>().cloned())
        .unwrap_or(Caller::Anonymous)
}

/// Checks the current caller against `access`; every server function starts here.
/// A refusal is recorded in the audit log by the caller-facing helper.
#[cfg(feature = "ssr")]
pub async fn guard(access: Access) -> Result<Caller, AppError> {
    let caller = caller();
    match decide(access, &caller) {
        Ok(()) if access == Access::MemberRecent => {
            let state = crate::platform::state::app_state()?;
            let recent = session::current().is_some_and(|s| s.is_recent(state.clock.now(), &state.feature::<crate::identity::session::SessionPolicy>()));
            if recent {
                Ok(caller)
            } else {
                crate::platform::audit::record_refusal(&caller, crate::platform::audit::Action::GuardStepUp, "MemberRecent").await;
                Err(AppError::StepUpRequired)
            }
        }
        Ok(()) => Ok(caller),
        Err(e) => {
            crate::platform::audit::record_refusal(&caller, crate::platform::audit::Action::Guard, &format!("{access:?}")).await;
            Err(e)
        }
    }
}
