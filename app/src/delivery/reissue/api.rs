//! The re-issue's endpoints: plain form posts from the staff package page, each guarded
//! and sending the browser back to the page's re-issue section.

use leptos::prelude::*;

use kit::error::AppError;

/// Staff prepare a re-issue with its reason (why the member gets it again).
#[server(prefix = "/api/staff", endpoint = "package/reissue")]
pub async fn package_reissue(receipt: String, #[server(default)] reason: String) -> Result<(), AppError> {
    use crate::identity::store::guard;
    use kit::access::Access;
    let caller = guard(Access::Staff(super::PREPARE_ROLES)).await?;
    let page = format!("{}#reissue", crate::delivery::package_page(&receipt));
    let result = async {
        let state = crate::platform::state::app_state()?;
        crate::delivery::store::reissue_prepare(&state, &crate::platform::audit::store::request_meta(), &caller, &receipt, &reason).await?;
        Ok(page.clone())
    }
    .await;
    kit::form::respond(result, &page)
}

/// A 責任者 approves (`decision` = `approve`) or cancels (`cancel`) the prepared re-issue.
#[server(prefix = "/api/staff", endpoint = "package/reissue/decide")]
pub async fn package_reissue_decide(receipt: String, reissue: String, decision: String) -> Result<(), AppError> {
    use crate::identity::store::guard;
    use kit::access::Access;
    let caller = guard(Access::Staff(super::DECIDE_ROLES)).await?;
    let page = format!("{}#reissue", crate::delivery::package_page(&receipt));
    let result = async {
        let id: i64 = reissue.parse().map_err(|_| AppError::BadRequest)?;
        let approve = match decision.as_str() {
            "approve" => true,
            "cancel" => false,
            _ => return Err(AppError::BadRequest),
        };
        let state = crate::platform::state::app_state()?;
        crate::delivery::store::reissue_decide(&state, &crate::platform::audit::store::request_meta(), &caller, &receipt, id, approve).await?;
        Ok(page.clone())
    }
    .await;
    kit::form::respond(result, &page)
}
