//! The request endpoints. Forms are plain posts (multipart where files may come) that
//! work without JavaScript: each checks its caller, then ends with [`kit::form::respond`].

use leptos::prelude::*;
use leptos::server_fn::codec::{GetUrl, MultipartData, MultipartFormData};

use super::{RequestForm, RequestLine};
use kit::error::AppError;

/// The member's form setup for `request_type`. A request about oneself needs the session
/// only; acting for someone else is step-up protected, so without a recent sign-in the
/// form offers only oneself (and none of the family's registry values) and a way to
/// confirm the sign-in first, so that nothing typed is lost to a step-up at the post.
#[cfg(feature = "ssr")]
async fn member_setup(member_id: i64, request_type: kit::rights::RequestType, audited: bool) -> Result<super::FormSetup, AppError> {
    use crate::platform::{audit::store::request_meta, state::app_state};
    use crate::requests::store;
    use kit::access::Caller;
    let state = app_state()?;
    let for_others = crate::identity::store::recently_signed_in()?;
    let mut setup = if audited {
        // The form shows the held values of everyone the member may ask for (a correction
        // starts from them): a read of registry data, recorded first.
        let event = crate::platform::audit::AuditEvent::by(Caller::Member { member_id }, crate::platform::audit::Action::RequestForm)
            .about(member_id)
            .data(crate::platform::audit::DataCategory::Registry)
            .record(format!("members/{member_id}"))
            .purpose(format!("request form {}", request_type.code()));
        crate::platform::audit::store::audited_read(&state, &request_meta(), event, || store::form_setup(&state, member_id, request_type)).await?
    } else {
        store::form_setup(&state, member_id, request_type).await?
    };
    if !for_others {
        use crate::requests::agency::Capacity;
        setup.others_after_step_up = setup.subjects.iter().any(|s| s.capacities.iter().any(|c| *c != Capacity::Own));
        setup.subjects.retain(|s| s.member_id == member_id);
        for s in &mut setup.subjects {
            s.capacities.retain(|c| *c == Capacity::Own);
        }
    }
    Ok(setup)
}

/// One page of the member's form in steps (`step`: who, what, how, confirm; none is the
/// first), with the answers kept so far.
#[server(prefix = "/api", endpoint = "requests/form", input = GetUrl)]
pub async fn load_request_form(kind: String, step: Option<String>) -> Result<RequestForm, AppError> {
    use crate::platform::state::app_state;
    use kit::access::{Access, Caller, MemberAction};
    let caller = crate::identity::store::guard(Access::Member(MemberAction::Read)).await?;
    let Caller::Member { member_id } = caller else { return Err(AppError::Unauthorized) };
    let request_type = kit::rights::RequestType::from_slug(&kind).ok_or(AppError::NotFound)?;
    let setup = member_setup(member_id, request_type, true).await?;
    crate::requests::store::steps::form_page(&app_state()?, member_id, setup, step.as_deref()).await
}

/// A step's post (「次へ」「戻る」「最初からやり直す」): keeps the step's answers once its
/// part of the form passes. Nothing is sent to the society here.
#[server(prefix = "/api", endpoint = "requests/step", input = MultipartFormData)]
pub async fn save_request_step(data: MultipartData) -> Result<(), AppError> {
    use crate::platform::{audit::store::request_meta, state::app_state};
    use crate::requests::{draft::one as field, store::{self, member, read_multipart}};
    use kit::{form::respond, rights::RequestType};
    let state = app_state()?;
    let result = async {
        let member_id = match member(kit::access::MemberAction::Act).await {
            Ok(m) => m,
            Err(e) => return Err(store::refuse_unread(data, e).await),
        };
        let (fields, _) = read_multipart(data, state.feature::<crate::requests::store::RequestPolicy>().max_attachment_bytes).await?;
        let request_type = RequestType::from_code(field(&fields, "request_type")).ok_or(AppError::BadRequest)?;
        // Choosing anyone but oneself is acting for another person: step-up protected.
        if field(&fields, "step") == "who" && !matches!(field(&fields, "for"), "" | "self") {
            crate::identity::store::guard(kit::access::Access::Member(kit::access::MemberAction::ActForOthers)).await?;
        }
        let setup = member_setup(member_id, request_type, false).await?;
        Ok::<_, AppError>(store::steps::post_step(&state, &request_meta(), member_id, &setup, &fields).await)
    }
    .await;
    match result {
        Ok(Ok(next)) => respond(Ok(next), "/requests/new"),
        Ok(Err((e, back))) => respond(Err(e), &back),
        Err(e) => respond(Err(e), "/requests/new"),
    }
}

/// The final post, from the confirmation page: sends the confirmed answers with the files.
#[server(prefix = "/api", endpoint = "requests/submit", input = MultipartFormData)]
pub async fn submit_request(data: MultipartData) -> Result<(), AppError> {
    use crate::platform::{audit::store::request_meta, state::app_state};
    use crate::requests::{draft::one as field, store::{self, member, read_multipart}};
    use kit::{form::respond, rights::RequestType};
    let state = app_state()?;
    let result = async {
        let member_id = match member(kit::access::MemberAction::Act).await {
            Ok(m) => m,
            Err(e) => return Err(store::refuse_unread(data, e).await),
        };
        let (fields, uploads) = read_multipart(data, state.feature::<crate::requests::store::RequestPolicy>().max_attachment_bytes).await?;
        let request_type = RequestType::from_code(field(&fields, "request_type")).ok_or(AppError::BadRequest)?;
        let saved = store::drafts::load(&state, member_id, request_type).await?;
        // Anything but oneself is acting for another person: step-up protected.
        if saved.as_ref().is_some_and(|s| !matches!(field(&s.answers, "for"), "" | "self")) {
            crate::identity::store::guard(kit::access::Access::Member(kit::access::MemberAction::ActForOthers)).await?;
        }
        let setup = member_setup(member_id, request_type, false).await?;
        Ok::<_, AppError>(store::steps::send(&state, &request_meta(), member_id, &setup, saved, &fields, uploads).await)
    }
    .await;
    match result {
        Ok(Ok(receipt)) => respond(Ok(format!("/requests/{receipt}?submitted=1")), "/requests/new"),
        Ok(Err((e, back))) => respond(Err(e), &back),
        Err(e) => respond(Err(e), "/requests/new"),
    }
}

#[server(prefix = "/api", endpoint = "requests/mine", input = GetUrl)]
pub async fn my_requests() -> Result<Vec<RequestLine>, AppError> {
    use crate::platform::{audit::store::request_meta, state::app_state};
    use crate::requests::store::{self, member};
    let member_id = member(kit::access::MemberAction::Read).await?;
    store::list_for_member(&app_state()?, &request_meta(), member_id).await
}

/// The 決定通知書, once the decision reached the member.
#[server(prefix = "/api", endpoint = "requests/letter", input = GetUrl)]
pub async fn load_letter(receipt: String) -> Result<super::Letter, AppError> {
    use crate::platform::{audit::store::request_meta, state::app_state};
    use crate::requests::store::member;
    use kit::access::Caller;
    let member_id = member(kit::access::MemberAction::Read).await?;
    super::letters::letter(&app_state()?, &request_meta(), &Caller::Member { member_id }, &receipt).await
}

/// The member's steps on their request: answer a 補正依頼, write to the society, withdraw.
#[server(prefix = "/api", endpoint = "requests/act", input = MultipartFormData)]
pub async fn act_on_request(data: MultipartData) -> Result<(), AppError> {
    use crate::platform::{audit::store::request_meta, state::app_state};
    use crate::requests::{draft::one as field, lifecycle::Action as Step, store::{self, Acting, member, read_multipart}};
    use kit::form::respond;
    let state = app_state()?;
    let result = async {
        let member_id = match member(kit::access::MemberAction::Act).await {
            Ok(m) => m,
            Err(e) => return Err(store::refuse_unread(data, e).await),
        };
        let (fields, uploads) = read_multipart(data, state.feature::<crate::requests::store::RequestPolicy>().max_attachment_bytes).await?;
        let receipt = field(&fields, "receipt").to_string();
        let page = format!("/requests/{}", receipt.chars().filter(|c| c.is_ascii_digit() || *c == '-').collect::<String>());
        let action = match field(&fields, "action") {
            "answer" => Step::Answer,
            "message" => Step::Message,
            "withdraw" => Step::Withdraw,
            _ => return Ok((Err(AppError::BadRequest), page)),
        };
        if action == Step::Withdraw && field(&fields, "confirm") != "1" {
            return Ok((Err(AppError::Invalid(vec![kit::form::FieldError::new("confirm", kit::form::Problem::Required)])), page));
        }
        let version = field(&fields, "version").parse::<i64>().ok();
        let outcome = store::act(
            &state,
            &request_meta(),
            &Acting::Member(member_id),
            &receipt,
            action,
            field(&fields, "message"),
            &uploads,
            version,
        )
        .await;
        Ok::<_, AppError>((outcome.map(|()| format!("{page}?done={}", action.code())), page))
    }
    .await;
    match result {
        Ok((outcome, back)) => respond(outcome, &back),
        Err(e) => respond(Err(e), "/requests"),
    }
}
