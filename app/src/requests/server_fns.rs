//! The request endpoints. Forms are plain posts (multipart where files may come) that
//! work without JavaScript: each checks its caller, then ends with [`kit::form::respond`].

use leptos::prelude::*;
use leptos::server_fn::codec::{GetUrl, MultipartData, MultipartFormData};

use super::{FormSetup, RequestLine};
use kit::error::AppError;

#[cfg(feature = "ssr")]
mod ssr {
    pub use super::super::agency::Document;
    pub use super::super::draft::Fields;
    pub use super::super::lifecycle::Action as Step;
    pub use super::super::store::{self, Acting, Upload};
    pub use kit::rights::RequestType;
    pub use kit::form::respond;
    pub use crate::identity::guard;
    pub use kit::access::{Access, Caller};
    pub use crate::platform::audit::request_meta;
    pub use crate::platform::state::app_state;
}
#[cfg(feature = "ssr")]
use ssr::*;

/// Reads a multipart post: its text fields (bounded in size and number) and its files
/// (each read only up to one byte past the limit, so the check can say "too large").
#[cfg(feature = "ssr")]
pub(crate) async fn read_multipart(data: MultipartData, max_file: usize) -> Result<(Fields, Vec<Upload>), AppError> {
    const MAX_FIELDS: usize = 300;
    const MAX_TEXT: usize = 64 * 1024;
    let mut mp = data.into_inner().ok_or(AppError::BadRequest)?;
    let (mut fields, mut uploads) = (Vec::new(), Vec::new());
    while let Some(mut field) = mp.next_field().await.map_err(|_| AppError::BadRequest)? {
        if fields.len() + uploads.len() >= MAX_FIELDS {
            return Err(AppError::BadRequest);
        }
        let name = field.name().unwrap_or("").to_string();
        let file_name = field.file_name().map(str::to_string);
        let limit = if file_name.is_some() { max_file.saturating_add(1) } else { MAX_TEXT };
        let mut bytes = Vec::new();
        while let Some(chunk) = field.chunk().await.map_err(|_| AppError::BadRequest)? {
            if bytes.len() < limit {
                let room = limit - bytes.len();
                bytes.extend_from_slice(&chunk[..chunk.len().min(room)]);
            } else if file_name.is_none() {
                return Err(AppError::BadRequest);
            }
        }
        match file_name {
            // An empty file input (nothing chosen) sends a nameless, empty part.
            Some(f) if f.is_empty() && bytes.is_empty() => {}
            Some(f) => {
                let document = Document::from_code(&name).ok_or(AppError::BadRequest)?;
                uploads.push(Upload { document, file_name: f, bytes });
            }
            None => fields.push((name, String::from_utf8(bytes).map_err(|_| AppError::BadRequest)?)),
        }
    }
    Ok((fields, uploads))
}

#[cfg(feature = "ssr")]
use super::draft::one as field;

#[cfg(feature = "ssr")]
async fn member() -> Result<i64, AppError> {
    match guard(Access::Member).await? {
        Caller::Member { member_id } => Ok(member_id),
        _ => Err(AppError::Unauthorized),
    }
}

/// What the form for one request type shows. Opening a form asks for a recent sign-in
/// (step-up), so the identity behind the request is fresh; the post itself then needs
/// only the session, so a member who takes their time loses nothing they typed.
#[server(prefix = "/api", endpoint = "requests/form", input = GetUrl)]
pub async fn load_request_form(kind: String) -> Result<FormSetup, AppError> {
    let caller = guard(Access::MemberRecent).await?;
    let Caller::Member { member_id } = caller else { return Err(AppError::Unauthorized) };
    let request_type = RequestType::from_slug(&kind).ok_or(AppError::NotFound)?;
    // The form shows the held values of everyone the member may ask for (a correction
    // starts from them): a read of registry data, recorded first.
    let state = app_state()?;
    let event = crate::platform::audit::AuditEvent::by(caller, crate::platform::audit::Action::RequestForm)
        .about(member_id)
        .data(crate::platform::audit::DataCategory::Registry)
        .record(format!("members/{member_id}"))
        .purpose(format!("request form {}", request_type.code()));
    crate::platform::audit::audited_read(&state, &request_meta(), event, || store::form_setup(&state, member_id, request_type)).await
}

#[server(prefix = "/api", endpoint = "requests/submit", input = MultipartFormData)]
pub async fn submit_request(data: MultipartData) -> Result<(), AppError> {
    let state = app_state()?;
    let result = async {
        let member_id = member().await?;
        let (fields, uploads) = read_multipart(data, state.feature::<crate::requests::store::RequestPolicy>().max_attachment_bytes).await?;
        let request_type = RequestType::from_code(field(&fields, "request_type")).ok_or(AppError::BadRequest)?;
        let back = format!("/requests/new/{}", request_type.slug());
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
    let member_id = member().await?;
    store::list_for_member(&app_state()?, &request_meta(), member_id).await
}

/// The 決定通知書, once the decision reached the member.
#[server(prefix = "/api", endpoint = "requests/letter", input = GetUrl)]
pub async fn load_letter(receipt: String) -> Result<super::Letter, AppError> {
    let member_id = member().await?;
    super::letters::letter(&app_state()?, &request_meta(), &Caller::Member { member_id }, &receipt).await
}

/// The member's steps on their request: answer a 補正依頼, write to the society, withdraw.
#[server(prefix = "/api", endpoint = "requests/act", input = MultipartFormData)]
pub async fn act_on_request(data: MultipartData) -> Result<(), AppError> {
    let state = app_state()?;
    let result = async {
        let member_id = member().await?;
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
