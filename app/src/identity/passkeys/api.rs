//! The passkey endpoints, for members (under `/api/`) and staff (under `/api/staff/`, where
//! the staff session cookie is read). The ceremonies are called by the passkey island only
//! (they exchange WebAuthn JSON); removing a passkey is a plain form post.

use leptos::prelude::*;

use super::PasskeyLine;
use kit::error::AppError;

/// Whether this portal offers passkeys (its public origin has a host name).
#[server(prefix = "/api", endpoint = "passkey/available", input = server_fn::codec::GetUrl)]
pub async fn passkey_available() -> Result<bool, AppError> {
    use crate::identity::store::guard;
    use kit::access::Access;
    guard(Access::Public).await?;
    let state = crate::platform::state::app_state()?;
    Ok(super::store::available(&state))
}

/// The same for the staff area (which may be served on a listener of its own).
#[server(prefix = "/api/staff", endpoint = "passkey/available", input = server_fn::codec::GetUrl)]
pub async fn staff_passkey_available() -> Result<bool, AppError> {
    use crate::identity::store::guard;
    use kit::access::Access;
    guard(Access::Public).await?;
    let state = crate::platform::state::app_state()?;
    Ok(super::store::available(&state))
}

/// Starts registering a passkey: at enrolment, or later from the account page (a change
/// of credentials: step-up). Returns `{ceremony, options}` as JSON.
#[server(prefix = "/api", endpoint = "passkey/register/start")]
pub async fn passkey_register_start() -> Result<String, AppError> {
    use crate::identity::session::SessionKind;
    let (s, _) = super::store::registering_session(SessionKind::Member).await?;
    let state = crate::platform::state::app_state()?;
    super::store::start_registration(&state, &s).await
}

/// Finishes the registration this session started; returns the page to go on to.
#[server(prefix = "/api", endpoint = "passkey/register/finish")]
pub async fn passkey_register_finish(ceremony: String, credential: String) -> Result<String, AppError> {
    use crate::identity::session::{self, SessionKind};
    use crate::platform::audit::store::request_meta;
    let (s, _) = super::store::registering_session(SessionKind::Member).await?;
    let state = crate::platform::state::app_state()?;
    match super::store::finish_registration(&state, &request_meta(), &s, &ceremony, &credential).await? {
        Some(token) => {
            session::set_cookie(&session::cookie(SessionKind::Member, &token))?;
            Ok("/account/recovery-codes".to_string())
        }
        None => Ok("/account/passkeys?added=1".to_string()),
    }
}

/// Starts a member's sign-in with a passkey: the ceremony id goes into an HttpOnly
/// cookie; returns the options for the browser as JSON.
#[server(prefix = "/api", endpoint = "passkey/sign-in/start")]
pub async fn passkey_sign_in_start() -> Result<String, AppError> {
    use crate::identity::{session::{self, SessionKind}, store::guard};
    use kit::access::Access;
    guard(Access::Public).await?;
    let state = crate::platform::state::app_state()?;
    let (token, options) = super::store::start_sign_in(&state, SessionKind::Member).await?;
    session::set_cookie(&super::store::ceremony_cookie_value(&token))?;
    Ok(options)
}

/// Finishes a member's sign-in with a passkey; returns the page to go on to.
#[server(prefix = "/api", endpoint = "passkey/sign-in/finish")]
pub async fn passkey_sign_in_finish(credential: String, next: String) -> Result<String, AppError> {
    use crate::identity::{session::{self, SessionKind}, store::{guard, next_or_account}};
    use crate::platform::audit::store::request_meta;
    use kit::access::Access;
    guard(Access::Public).await?;
    let state = crate::platform::state::app_state()?;
    let ceremony = super::store::ceremony_cookie();
    session::set_cookie(&super::store::ceremony_cookie_value(""))?;
    let previous = session::current().filter(|s| s.kind == SessionKind::Member);
    let token = super::store::finish_sign_in(
        &state,
        &request_meta(),
        SessionKind::Member,
        ceremony.as_deref(),
        &credential,
        previous.as_ref(),
    )
    .await?;
    session::set_cookie(&session::cookie(SessionKind::Member, &token))?;
    Ok(next_or_account(&next))
}

/// The signed-in member's passkeys.
#[server(prefix = "/api", endpoint = "account/passkeys", input = server_fn::codec::GetUrl)]
pub async fn my_passkeys() -> Result<Vec<PasskeyLine>, AppError> {
    use crate::identity::{session::SessionKind, store::member_session};
    use kit::access::Access;
    let (s, _) = member_session(Access::Member(kit::access::MemberAction::Read)).await?;
    let state = crate::platform::state::app_state()?;
    super::store::list(&state, SessionKind::Member, s.account_id).await
}

/// Removes one of the member's passkeys (a change of credentials: step-up).
#[server(prefix = "/api", endpoint = "account/passkeys/remove")]
pub async fn remove_passkey(id: i64) -> Result<(), AppError> {
    use crate::identity::{Caller, store::member_session};
    use crate::platform::audit::store::request_meta;
    use kit::{access::Access, form::respond};
    let result = async {
        let (s, member_id) = member_session(Access::Member(kit::access::MemberAction::ChangeCredentials)).await?;
        let state = crate::platform::state::app_state()?;
        super::store::remove(&state, &request_meta(), &s, Caller::Member { member_id }, id).await?;
        Ok("/account/passkeys?removed=1".to_string())
    }
    .await;
    respond(result, "/account/passkeys")
}

/// Starts registering a staff member's passkey: at enrolment, or from the staff
/// passkeys page.
#[server(prefix = "/api/staff", endpoint = "passkey/register/start")]
pub async fn staff_passkey_register_start() -> Result<String, AppError> {
    use crate::identity::session::SessionKind;
    let (s, _) = super::store::registering_session(SessionKind::Staff).await?;
    let state = crate::platform::state::app_state()?;
    super::store::start_registration(&state, &s).await
}

/// Finishes the registration this staff session started.
#[server(prefix = "/api/staff", endpoint = "passkey/register/finish")]
pub async fn staff_passkey_register_finish(ceremony: String, credential: String) -> Result<String, AppError> {
    use crate::identity::session::{self, SessionKind};
    use crate::platform::audit::store::request_meta;
    let (s, _) = super::store::registering_session(SessionKind::Staff).await?;
    let state = crate::platform::state::app_state()?;
    match super::store::finish_registration(&state, &request_meta(), &s, &ceremony, &credential).await? {
        Some(token) => {
            session::set_cookie(&session::cookie(SessionKind::Staff, &token))?;
            Ok("/staff".to_string())
        }
        None => Ok("/staff/passkeys?added=1".to_string()),
    }
}

/// Starts a staff sign-in with a passkey.
#[server(prefix = "/api/staff", endpoint = "passkey/sign-in/start")]
pub async fn staff_passkey_sign_in_start() -> Result<String, AppError> {
    use crate::identity::{session::{self, SessionKind}, store::guard};
    use kit::access::Access;
    guard(Access::Public).await?;
    let state = crate::platform::state::app_state()?;
    let (token, options) = super::store::start_sign_in(&state, SessionKind::Staff).await?;
    session::set_cookie(&super::store::ceremony_cookie_value(&token))?;
    Ok(options)
}

/// Finishes a staff sign-in with a passkey.
#[server(prefix = "/api/staff", endpoint = "passkey/sign-in/finish")]
pub async fn staff_passkey_sign_in_finish(credential: String) -> Result<String, AppError> {
    use crate::identity::{session::{self, SessionKind}, store::guard};
    use crate::platform::audit::store::request_meta;
    use kit::access::Access;
    guard(Access::Public).await?;
    let state = crate::platform::state::app_state()?;
    let ceremony = super::store::ceremony_cookie();
    session::set_cookie(&super::store::ceremony_cookie_value(""))?;
    let previous = session::current().filter(|s| s.kind == SessionKind::Staff);
    let token = super::store::finish_sign_in(
        &state,
        &request_meta(),
        SessionKind::Staff,
        ceremony.as_deref(),
        &credential,
        previous.as_ref(),
    )
    .await?;
    session::set_cookie(&session::cookie(SessionKind::Staff, &token))?;
    Ok("/staff".to_string())
}

/// The signed-in staff member's passkeys.
#[server(prefix = "/api/staff", endpoint = "passkeys", input = server_fn::codec::GetUrl)]
pub async fn staff_passkeys() -> Result<Vec<PasskeyLine>, AppError> {
    use crate::identity::session::SessionKind;
    let (s, _) = super::store::staff_session().await?;
    let state = crate::platform::state::app_state()?;
    super::store::list(&state, SessionKind::Staff, s.account_id).await
}

/// Removes one of the staff member's own passkeys.
#[server(prefix = "/api/staff", endpoint = "passkeys/remove")]
pub async fn staff_remove_passkey(id: i64) -> Result<(), AppError> {
    use crate::platform::audit::store::request_meta;
    use kit::form::respond;
    let result = async {
        let (s, caller) = super::store::staff_session().await?;
        let state = crate::platform::state::app_state()?;
        super::store::remove(&state, &request_meta(), &s, caller, id).await?;
        Ok("/staff/passkeys?removed=1".to_string())
    }
    .await;
    respond(result, "/staff/passkeys")
}
