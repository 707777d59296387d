//! The administrator's page on the server: who the administrator is, and the grants it reads.

use kit::access::{Access, Caller};
use kit::error::AppError;
use kit::form::Check;

use crate::staff::admin::ADMIN;

/// The signed-in administrator: (staff id, staff number, caller).
pub async fn admin() -> Result<(i64, String, Caller), AppError> {
    let caller = crate::identity::store::guard(Access::Staff(ADMIN)).await?;
    let Caller::Staff { staff_id, .. } = caller.clone() else { return Err(AppError::Unauthorized) };
    let state = crate::platform::state::app_state()?;
    let number: String =
        sqlx::query_scalar("SELECT staff_number FROM staff WHERE id = $1").bind(staff_id).fetch_one(&state.db.pool).await?;
    Ok((staff_id, number, caller))
}

/// Whose a grant is and from when it runs.
#[derive(sqlx::FromRow)]
pub struct GrantRow {
    pub staff_id: i64,
    pub valid_from: String,
}

/// A date field of the page's forms.
pub fn parse_day(c: &mut Check, field: &str, raw: &str) -> Option<chrono::NaiveDate> {
    c.date(field, raw)
}
