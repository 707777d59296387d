//! The member-account help on the server: the account rows its actions check.

use kit::error::AppError;

/// A member with their account's status, if they have an account.
#[derive(sqlx::FromRow)]
pub struct MemberAccountRow {
    pub id: i64,
    pub name: String,
    pub lost_on: Option<String>,
    pub status: Option<String>,
}

/// A member's account and its status.
#[derive(sqlx::FromRow)]
pub struct AccountStatus {
    pub id: i64,
    pub status: String,
}

/// The account status of a member, for the actions' preconditions.
pub async fn account_status(state: &crate::platform::state::AppState, member_id: i64) -> Result<Option<AccountStatus>, AppError> {
    Ok(sqlx::query_as("SELECT id, status FROM member_accounts WHERE member_id = $1")
        .bind(member_id)
        .fetch_optional(&state.db.pool)
        .await?)
}

/// The help page for the member with this key.
pub fn back_to(key: &str) -> String {
    format!("/staff/members?key={}", urlencoding::encode(key))
}
