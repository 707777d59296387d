//! The intake endpoints: the form's setup, and entering a paper or counter request.

use leptos::prelude::*;
use leptos::server_fn::codec::{GetUrl, MultipartData, MultipartFormData};

use super::IntakeSetup;
use kit::error::AppError;

#[server(prefix = "/api/staff", endpoint = "intake/form", input = GetUrl)]
pub async fn load_intake_form(kind: String) -> Result<IntakeSetup, AppError> {
    use crate::requests::intake::{INTAKE_ROLES, store};
    use kit::rights::RequestType;
    use crate::identity::store::guard;
    use kit::access::{Access, Caller};
    let caller = guard(Access::Staff(INTAKE_ROLES)).await?;
    let Caller::Staff { staff_id, .. } = caller else { return Err(AppError::Forbidden) };
    let request_type = RequestType::from_slug(&kind).ok_or(AppError::NotFound)?;
    store::setup(&crate::platform::state::app_state()?, staff_id, request_type).await
}

/// A paper or counter request, entered by staff (multipart: the scan comes with it).
#[server(prefix = "/api/staff", endpoint = "intake", input = MultipartFormData)]
pub async fn submit_intake(data: MultipartData) -> Result<(), AppError> {
    use crate::requests::{draft::one, intake::{INTAKE_ROLES, store}};
    use kit::rights::RequestType;
    use crate::identity::store::guard;
    use kit::access::{Access, Caller};
    let state = crate::platform::state::app_state()?;
    let result = async {
        let caller = match guard(Access::Staff(INTAKE_ROLES)).await {
            Ok(c @ Caller::Staff { .. }) => c,
            Ok(_) => return Err(crate::requests::store::refuse_unread(data, AppError::Forbidden).await),
            Err(e) => return Err(crate::requests::store::refuse_unread(data, e).await),
        };
        let (fields, uploads) = crate::requests::store::read_multipart(data, state.feature::<crate::requests::store::RequestPolicy>().max_attachment_bytes).await?;
        let request_type = RequestType::from_code(one(&fields, "request_type")).ok_or(AppError::BadRequest)?;
        let back = format!("/staff/intake/{}", request_type.slug());
        let outcome = store::enter(&state, &crate::platform::audit::store::request_meta(), &caller, request_type, &fields, &uploads).await;
        Ok::<_, AppError>((outcome.map(|receipt| format!("/staff/requests/{receipt}?entered=1")), back))
    }
    .await;
    match result {
        Ok((outcome, back)) => kit::form::respond(outcome, &back),
        Err(e) => kit::form::respond(Err(e), "/staff/intake"),
    }
}
