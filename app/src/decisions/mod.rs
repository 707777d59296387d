//! Who coordinates requests and delivery: a decision taken and carried out, and a request
//! shown with its outcome. This module sits above both (`requests` knows nothing of
//! packages or core-system instructions; `delivery` knows nothing of deciding).
//!
//! - `carry_out` (server only): decide, approve or send back, assign — and on approval
//!   release the 開示 package, instruct the core system of a 訂正, carry out a 利用停止等
//!   (`measures`: stop, erase, stop provision — 35条);
//! - [`page`]: the member's request page, with the decision and what was delivered;
//! - [`disown_request`]: the person an agent asked about says they did not ask — the
//!   request goes back to the agent proving their authority and a frozen package reopens.

#[cfg(feature = "ssr")]
pub mod assignment;
#[cfg(feature = "ssr")]
pub mod carry_out;
#[cfg(feature = "ssr")]
mod measures;
pub mod page;

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

use crate::delivery::MemberPackage;
use crate::delivery::corrections::CorrectionStatus;
use crate::requests::RequestView;
use kit::error::AppError;

/// A request as its member follows it: the request itself, and what its decision
/// delivered (the JSON is flat: the request's fields beside `package` and `corrections`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestOutcome {
    #[serde(flatten)]
    pub request: RequestView,
    /// A released 開示 package, when the signed-in member is the one who receives it.
    pub package: Option<MemberPackage>,
    /// Approved 訂正 waiting for the core system (34条): (item, new value, done).
    pub corrections: Vec<CorrectionStatus>,
    /// What a decided 利用停止等 did (35条).
    #[serde(default)]
    pub measures: Vec<crate::requests::decision::CarriedOut>,
}

#[server(prefix = "/api", endpoint = "requests/one", input = GetUrl)]
pub async fn load_request(receipt: String) -> Result<RequestOutcome, AppError> {
    use crate::identity::store::guard;
    use crate::platform::audit::store::request_meta;
    use crate::platform::state::app_state;
    use kit::access::{Access, Caller};
    let Caller::Member { member_id } = guard(Access::Member(kit::access::MemberAction::Read)).await? else { return Err(AppError::Forbidden) };
    let state = app_state()?;
    let caller = Caller::Member { member_id };
    let (id, request) = crate::requests::store::view_with_id(&state, &request_meta(), &caller, &receipt).await?;
    Ok(RequestOutcome {
        package: crate::delivery::store::for_member(&state, member_id, id).await?,
        corrections: crate::delivery::corrections::store::for_request(&state, id).await?,
        measures: crate::requests::letters::carried_out(&state.db.pool, id).await?,
        request,
    })
}

/// The person an agent's request is about says they did not ask for it (only they may, and
/// only before the decision): back to the agent proving their authority, a decision
/// waiting for approval withdrawn and its frozen package reopened, in one transaction.
#[server(prefix = "/api", endpoint = "requests/disown")]
pub async fn disown_request(receipt: String, version: String, #[server(default)] message: String) -> Result<(), AppError> {
    use crate::platform::{audit::store::request_meta, state::app_state};
    use crate::requests::lifecycle::Action;
    use crate::requests::store::{Acting, act_with, member};
    let page = format!("/requests/{}", receipt.chars().filter(|c| c.is_ascii_digit() || *c == '-').collect::<String>());
    let result = async {
        let member_id = member(kit::access::MemberAction::Act).await?;
        let state = app_state()?;
        fn reopen<'c>(tx: &'c mut sqlx::AnyConnection, request_id: i64) -> futures::future::BoxFuture<'c, Result<(), AppError>> {
            Box::pin(crate::delivery::store::unfreeze(tx, request_id))
        }
        act_with(&state, &request_meta(), &Acting::Member(member_id), &receipt, Action::Disown, &message, &[], version.parse().ok(), Some(reopen))
            .await?;
        Ok(format!("{page}?done={}", Action::Disown.code()))
    }
    .await;
    kit::form::respond(result, &page)
}
