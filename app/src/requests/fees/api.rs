//! The member's fee endpoint: the 領収書 (or, while due, how to pay). Staff record and
//! print from `staff::requests::fee`.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use super::FeePaper;
use kit::error::AppError;

/// The member's 領収書 (or, while due, how to pay).
#[server(prefix = "/api", endpoint = "requests/fee-paper", input = GetUrl)]
pub async fn member_fee_paper(receipt: String) -> Result<FeePaper, AppError> {
    use kit::access::{Access, Caller, MemberAction};
    let Caller::Member { member_id } = crate::identity::store::guard(Access::Member(MemberAction::Read)).await? else {
        return Err(AppError::Unauthorized);
    };
    let state = crate::platform::state::app_state()?;
    super::store::paper(&state, &crate::platform::audit::store::request_meta(), &Caller::Member { member_id }, &receipt).await
}

