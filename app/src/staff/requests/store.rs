//! The staff request pages on the server: the rows their endpoints read.

/// The case page of a request, where its forms send the browser back.
pub fn case_page(receipt: &str) -> String {
    format!("/staff/requests/{}", receipt.chars().filter(|c| c.is_ascii_digit() || *c == '-').take(32).collect::<String>())
}

/// How a request is being handled: its assignee, 重要度・緊急度 and fee.
#[derive(sqlx::FromRow)]
pub struct Handling {
    pub assignee_staff_id: Option<i64>,
    pub importance: String,
    pub urgency: String,
    pub fee_yen: i64,
}

/// A 利用停止等 marked on the subject's data by an earlier request.
#[derive(sqlx::FromRow)]
pub struct RestrictionRow {
    pub receipt_number: String,
    pub target: String,
    pub scope: Option<String>,
    pub marking: String,
}
