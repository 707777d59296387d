//! The request endpoints. Forms are plain posts (multipart where files may come) that
//! work without JavaScript: each checks its caller, then ends with [`kit::form::respond`].

use leptos::prelude::*;
use leptos::server_fn::codec::{GetUrl, MultipartData, MultipartFormData};

use super::{FormSetup, RequestLine};
use kit::error::AppError;

/// What the form for one request type shows. A request about oneself needs the session
/// only; acting for someone else is step-up protected, so without a recent sign-in the
/// form offers only oneself (and none of the family's registry values) and a way to
/// confirm the sign-in first, so that nothing typed is lost to a step-up at the post.
#[server(prefix = "/api", endpoint = "requests/form", input = GetUrl)]
pub async fn load_request_form(kind: String) -> Result<FormSetup, AppError> {
    use crate::identity::store::guard;
    use crate::platform::{audit::store::request_meta, state::app_state};
    use crate::requests::store;
    use kit::{access::{Access, Caller}, rights::RequestType};
    use kit::access::MemberAction;
    let caller = guard(Access::Member(MemberAction::Read)).await?;
    let Caller::Member { member_id } = caller else { return Err(AppError::Unauthorized) };
    let for_others = crate::identity::store::recently_signed_in()?;
    let request_type = RequestType::from_slug(&kind).ok_or(AppError::NotFound)?;
    // The form shows the held values of everyone the member may ask for (a correction
    // starts from them): a read of registry data, recorded first.
    let state = app_state()?;
    let event = crate::platform::audit::AuditEvent::by(caller, crate::platform::audit::Action::RequestForm)
        .about(member_id)
        .data(crate::platform::audit::DataCategory::Registry)
        .record(format!("members/{member_id}"))
        .purpose(format!("request form {}", request_type.code()));
    let mut setup =
        crate::platform::audit::store::audited_read(&state, &request_meta(), event, || store::form_setup(&state, member_id, request_type)).await?;
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
        let back = format!("/requests/new/{}", request_type.slug());
        // Anything but oneself is acting for another person: step-up protected.
        if !matches!(field(&fields, "for"), "" | "self") {
            crate::identity::store::guard(kit::access::Access::Member(kit::access::MemberAction::ActForOthers)).await?;
        }
        let outcome = store::submit(&state, &request_meta(), member_id, request_type, &fields, uploads).await;
        Ok::<_, AppError>((outcome.map(|receipt| format!("/requests/{receipt}?submitted=1")), back))
    }
    .await;
    match result {
        Ok((outcome, back)) => respond(outcome, &back),
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
