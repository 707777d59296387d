//! The 医療費控除 statement on the server, shared by the statement page and the statement
//! downloads.

use kit::error::AppError;

use crate::notices::model::Statement;
use crate::platform::audit::{Action, Actor, RequestMeta};
use crate::platform::state::AppState;

/// The 医療費控除 statement of a year: the lines shown to the member, with the
/// society's name and the member's, and the numbers masked.
pub async fn statement(
    state: &AppState,
    meta: &RequestMeta,
    actor: Actor,
    member_id: i64,
    year: Option<i32>,
    action: Action,
) -> Result<Statement, AppError> {
    let data = super::super::store::year_view(state, meta, actor, member_id, year, None, action).await?;
    let (_, publication) = crate::publication::store::current_shared(state).await?.ok_or(AppError::Unavailable)?;
    let me = data.people.iter().find(|p| p.member_id == member_id).map(|p| p.name.clone()).unwrap_or_default();
    Ok(super::super::model::statement(
        data.year,
        &me,
        &publication.society.name,
        &data.people,
        &data.lines,
        data.latest_month.clone(),
        data.coverage.clone(),
    ))
}
