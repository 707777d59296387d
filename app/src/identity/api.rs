//! The member-side identity endpoints. Each is a form post that works without
//! JavaScript: it checks its caller first, then ends with [`kit::form::respond`].

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use kit::error::AppError;

#[server(prefix = "/api", endpoint = "register/request")]
pub async fn request_registration(
    symbol: String,
    number: String,
    branch: String,
    birth_date: String,
) -> Result<(), AppError> {
    use crate::identity::{accounts::{self, LetterPurpose, TypedKey}, store::guard};
    use crate::platform::{audit::store::request_meta, state::app_state};
    use kit::{access::Access, form::respond};
    guard(Access::Public).await?;
    let state = app_state()?;
    let key = TypedKey { symbol: &symbol, number: &number, branch: &branch };
    let result = accounts::request_letter(&state, &request_meta(), LetterPurpose::Registration, key, &birth_date).await;
    respond(result.map(|_| "/register/sent".to_string()), "/register")
}

#[server(prefix = "/api", endpoint = "register/complete")]
pub async fn complete_registration(
    symbol: String,
    number: String,
    branch: String,
    code: String,
    password: String,
    password_confirm: String,
) -> Result<(), AppError> {
    use crate::identity::{accounts::{self, TypedKey}, session::{self, SessionKind}, store::guard};
    use crate::platform::{audit::store::request_meta, state::app_state};
    use kit::{access::Access, form::respond};
    guard(Access::Public).await?;
    let state = app_state()?;
    let key = TypedKey { symbol: &symbol, number: &number, branch: &branch };
    let result = async {
        let token = accounts::register(&state, &request_meta(), key, &code, &password, &password_confirm).await?;
        session::set_cookie(&session::cookie(SessionKind::Member, &token))?;
        Ok("/account/second-factor".to_string())
    }
    .await;
    respond(result, "/register/complete")
}

#[server(prefix = "/api", endpoint = "second-factor/confirm")]
pub async fn confirm_second_factor(code: String) -> Result<(), AppError> {
    use crate::identity::{accounts, session::{self, SessionKind}, store::{enrolment_session, guard}};
    use crate::platform::{audit::store::request_meta, state::app_state};
    use kit::{access::Access, form::respond};
    guard(Access::Public).await?;
    let state = app_state()?;
    let result = async {
        let s = enrolment_session(SessionKind::Member)?;
        let token = accounts::confirm_second_factor(&state, &request_meta(), &s, &code).await?;
        session::set_cookie(&session::cookie(SessionKind::Member, &token))?;
        Ok("/account/recovery-codes".to_string())
    }
    .await;
    respond(result, "/account/second-factor")
}

#[server(prefix = "/api", endpoint = "second-factor/restart")]
pub async fn restart_second_factor(
    symbol: String,
    number: String,
    branch: String,
    code: String,
    password: String,
) -> Result<(), AppError> {
    use crate::identity::{accounts::{self, TypedKey}, session::{self, SessionKind}, store::guard};
    use crate::platform::{audit::store::request_meta, state::app_state};
    use kit::{access::Access, form::respond};
    guard(Access::Public).await?;
    let state = app_state()?;
    let key = TypedKey { symbol: &symbol, number: &number, branch: &branch };
    let result = async {
        let token = accounts::restart_second_factor(&state, &request_meta(), key, &code, &password).await?;
        session::set_cookie(&session::cookie(SessionKind::Member, &token))?;
        Ok("/account/second-factor".to_string())
    }
    .await;
    respond(result, "/recover/second-factor")
}

#[server(prefix = "/api", endpoint = "login")]
pub async fn login(identifier: String, password: String, code: String, next: String) -> Result<(), AppError> {
    use crate::identity::{accounts, session::{self, SessionKind}, store::{guard, next_or_account}};
    use crate::platform::{audit::store::request_meta, state::app_state};
    use kit::{access::Access, form::respond};
    guard(Access::Public).await?;
    let state = app_state()?;
    let result = async {
        let previous = session::current().filter(|s| s.kind == SessionKind::Member);
        let signed_in =
            accounts::login(&state, &request_meta(), &identifier, &password, &code, previous.as_ref()).await?;
        session::set_cookie(&session::cookie(SessionKind::Member, &signed_in.token))?;
        Ok(if signed_in.used_recovery_code { "/account?recovery=1".to_string() } else { next_or_account(&next) })
    }
    .await;
    let back = if next.is_empty() {
        "/login".to_string()
    } else {
        format!("/login?next={}", urlencoding::encode(kit::page::safe_return_path(&next)))
    };
    respond(result, &back)
}

#[server(prefix = "/api", endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    use crate::identity::{session::{self, SessionKind}, store::guard};
    use crate::platform::{audit::store::request_meta, state::app_state};
    use kit::{access::Access, form::respond};
    guard(Access::Public).await?;
    let state = app_state()?;
    if let Some(s) = session::current().filter(|s| s.kind == SessionKind::Member) {
        session::end(&state, s.id, "logout").await?;
        let e = crate::platform::audit::AuditEvent::by(crate::identity::store::caller(), crate::platform::audit::Action::Logout)
            .data(crate::platform::audit::DataCategory::Account);
        crate::platform::audit::store::record_standalone(&state, &request_meta(), &e).await;
    }
    session::set_cookie(&session::clear_cookie(SessionKind::Member))?;
    respond(Ok("/login?signed_out=1".to_string()), "/")
}

#[server(prefix = "/api", endpoint = "account/confirm")]
pub async fn confirm_identity(password: String, code: String, next: String) -> Result<(), AppError> {
    use crate::identity::{accounts, store::{member_session, next_or_account}};
    use crate::platform::{audit::store::request_meta, state::app_state};
    use kit::{access::Access, form::respond};
    let result = async {
        let (s, member_id) = member_session(Access::Member(kit::access::MemberAction::Act)).await?;
        let state = app_state()?;
        accounts::confirm_identity(&state, &request_meta(), &s, member_id, &password, &code).await?;
        Ok(next_or_account(&next))
    }
    .await;
    respond(result, &format!("/account/confirm?next={}", urlencoding::encode(kit::page::safe_return_path(&next))))
}

#[server(prefix = "/api", endpoint = "account/recovery-codes")]
pub async fn regenerate_recovery_codes() -> Result<(), AppError> {
    use crate::identity::{accounts, store::member_session};
    use crate::platform::{audit::store::request_meta, state::app_state};
    use kit::{access::Access, form::respond};
    let result = async {
        let (s, member_id) = member_session(Access::Member(kit::access::MemberAction::ChangeCredentials)).await?;
        let state = app_state()?;
        accounts::regenerate_recovery_codes(&state, &request_meta(), &s, member_id).await?;
        Ok("/account/recovery-codes".to_string())
    }
    .await;
    respond(result, "/account")
}

#[server(prefix = "/api", endpoint = "account/sessions/revoke")]
pub async fn revoke_session(id: i64) -> Result<(), AppError> {
    use crate::identity::store::member_session;
    use crate::platform::state::app_state;
    use kit::{access::Access, form::respond};
    let result = async {
        let (s, member_id) = member_session(Access::Member(kit::access::MemberAction::Act)).await?;
        let state = app_state()?;
        crate::identity::store::revoke(&state, &s, member_id, id).await?;
        Ok("/account/sessions?revoked=1".to_string())
    }
    .await;
    respond(result, "/account/sessions")
}

#[server(prefix = "/api", endpoint = "account/email")]
pub async fn start_email(email: String) -> Result<(), AppError> {
    use crate::identity::{accounts, store::member_session};
    use crate::platform::{audit::store::request_meta, state::app_state};
    use kit::{access::Access, form::respond};
    let result = async {
        let (s, member_id) = member_session(Access::Member(kit::access::MemberAction::ChangeEmail)).await?;
        let state = app_state()?;
        // The Origin header passed the CSRF check, so it is one of the portal's origins.
        let origin = use_context::<http::request::Parts>()
            .and_then(|p| p.headers.get(http::header::ORIGIN).and_then(|v| v.to_str().ok()).map(str::to_string))
            .filter(|o| o != "null")
            .ok_or(AppError::BadRequest)?;
        accounts::start_email_verification(&state, &request_meta(), &s, member_id, &email, &origin).await?;
        Ok("/account/email?sent=1".to_string())
    }
    .await;
    respond(result, "/account/email")
}

#[server(prefix = "/api", endpoint = "account/login-id")]
pub async fn set_login_id(login_id: String) -> Result<(), AppError> {
    use crate::identity::{accounts, store::member_session};
    use crate::platform::{audit::store::request_meta, state::app_state};
    use kit::{access::Access, form::respond};
    let result = async {
        let (s, member_id) = member_session(Access::Member(kit::access::MemberAction::ChangeCredentials)).await?;
        let state = app_state()?;
        accounts::set_login_id(&state, &request_meta(), &s, member_id, &login_id).await?;
        Ok("/account?login_id=1".to_string())
    }
    .await;
    respond(result, "/account")
}

#[server(prefix = "/api", endpoint = "account/email/verify")]
pub async fn verify_email(token: String) -> Result<(), AppError> {
    use crate::identity::{accounts, store::guard};
    use crate::platform::{audit::store::request_meta, state::app_state};
    use kit::{access::Access, form::respond};
    guard(Access::Public).await?;
    let state = app_state()?;
    let result =
        accounts::verify_email(&state, &request_meta(), &token).await.map(|_| "/account/email/verified".to_string());
    respond(result, "/account/email/verify")
}

#[server(prefix = "/api", endpoint = "reset/request")]
pub async fn request_password_reset(
    symbol: String,
    number: String,
    branch: String,
    birth_date: String,
) -> Result<(), AppError> {
    use crate::identity::{accounts::{self, LetterPurpose, TypedKey}, store::guard};
    use crate::platform::{audit::store::request_meta, state::app_state};
    use kit::{access::Access, form::respond};
    guard(Access::Public).await?;
    let state = app_state()?;
    let key = TypedKey { symbol: &symbol, number: &number, branch: &branch };
    let result =
        accounts::request_letter(&state, &request_meta(), LetterPurpose::PasswordReset, key, &birth_date).await;
    respond(result.map(|_| "/reset/sent".to_string()), "/reset")
}

#[server(prefix = "/api", endpoint = "reset/complete")]
#[allow(clippy::too_many_arguments)]
pub async fn complete_password_reset(
    symbol: String,
    number: String,
    branch: String,
    code: String,
    password: String,
    password_confirm: String,
    second_factor: String,
) -> Result<(), AppError> {
    use crate::identity::{accounts::{self, TypedKey}, store::guard};
    use crate::platform::{audit::store::request_meta, state::app_state};
    use kit::{access::Access, form::respond};
    guard(Access::Public).await?;
    let state = app_state()?;
    let key = TypedKey { symbol: &symbol, number: &number, branch: &branch };
    let result =
        accounts::reset_password(&state, &request_meta(), key, &code, &password, &password_confirm, &second_factor)
            .await
            .map(|_| "/login?reset=1".to_string());
    respond(result, "/reset/complete")
}

/// The second-factor enrolment page's data: secret, QR code (SVG), and the same as an
/// `otpauth://` link for the authenticator app on the phone that shows the page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrolmentView {
    pub secret: String,
    pub qr_svg: String,
    pub uri: String,
}

/// For the enrolment session of `kind` ("member" or "staff").
#[server(prefix = "/api", endpoint = "second-factor/enrolment", input = server_fn::codec::GetUrl)]
pub async fn load_enrolment(kind: String) -> Result<EnrolmentView, AppError> {
    use crate::identity::{accounts, session::SessionKind, store::{enrolment_session, guard}};
    use crate::platform::state::app_state;
    use kit::access::Access;
    guard(Access::Public).await?;
    let kind = match kind.as_str() {
        "member" => SessionKind::Member,
        "staff" => SessionKind::Staff,
        _ => return Err(AppError::BadRequest),
    };
    let s = enrolment_session(kind)?;
    let state = app_state()?;
    let e = accounts::enrolment(&state, &s).await?;
    let qr_svg = crate::platform::qr::svg(&e.uri, 200)?;
    Ok(EnrolmentView { secret: e.secret_base32, qr_svg, uri: e.uri })
}

/// Shown once after enrolment (or regeneration): the recovery codes.
#[server(prefix = "/api", endpoint = "account/recovery-codes/show", input = server_fn::codec::GetUrl)]
pub async fn recovery_codes_once() -> Result<Vec<String>, AppError> {
    use crate::identity::{session, store::member_session};
    use crate::platform::state::app_state;
    use kit::access::Access;
    let (s, _) = member_session(Access::Member(kit::access::MemberAction::Read)).await?;
    let state = app_state()?;
    // Left in place until the member confirms they kept them (a reload or a print
    // dialog must not lose them); the session's end clears them in any case.
    let text = session::peek_flash(&state, &s).await?.filter(|t| session::is_recovery_codes(t)).unwrap_or_default();
    Ok(text.lines().map(str::to_string).filter(|l| !l.is_empty()).collect())
}

/// 「保管しました」: the member confirms the recovery codes are printed or written down;
/// only then are they taken off the page.
#[server(prefix = "/api", endpoint = "account/recovery-codes/stored")]
pub async fn recovery_codes_stored(#[server(default)] stored: String) -> Result<(), AppError> {
    use crate::identity::{session, store::member_session};
    use crate::platform::audit::{Action, AuditEvent, DataCategory, store::{record_standalone, request_meta}};
    use crate::platform::state::app_state;
    use kit::access::{Access, Caller, MemberAction};
    use kit::form::{FieldError, Problem, respond};
    let result = async {
        let (s, member_id) = member_session(Access::Member(MemberAction::Act)).await?;
        if stored != "1" {
            return Err(AppError::Invalid(vec![FieldError::new("stored", Problem::Required)]));
        }
        let state = app_state()?;
        if session::take_flash_if(&state, &s, session::is_recovery_codes).await?.is_some() {
            let e = AuditEvent::by(Caller::Member { member_id }, Action::RecoveryCodesStored)
                .about(member_id)
                .data(DataCategory::Account)
                .record(format!("members/{member_id}"))
                .purpose("account");
            record_standalone(&state, &request_meta(), &e).await;
        }
        Ok("/account?codes_stored=1".to_string())
    }
    .await;
    respond(result, "/account/recovery-codes")
}

/// A password change: the current password, and a recent sign-in (a change of credentials).
#[server(prefix = "/api", endpoint = "account/password")]
pub async fn change_password(
    #[server(default)] current_password: String,
    #[server(default)] password: String,
    #[server(default)] password_confirm: String,
) -> Result<(), AppError> {
    use crate::identity::{accounts, store::member_session};
    use crate::platform::{audit::store::request_meta, state::app_state};
    use kit::access::{Access, MemberAction};
    use kit::form::respond;
    let result = async {
        let (s, member_id) = member_session(Access::Member(MemberAction::ChangeCredentials)).await?;
        let state = app_state()?;
        accounts::change_password(&state, &request_meta(), &s, member_id, &current_password, &password, &password_confirm).await?;
        Ok("/account?password_changed=1".to_string())
    }
    .await;
    respond(result, "/account/password")
}

pub use super::views_data::{AccountOverview, HouseholdPerson, SessionLine, load_account_overview, my_sessions};
