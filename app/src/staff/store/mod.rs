//! The staff area's server-only half: the rows its pages read, and (one file each) those
//! of the administrator's page, the member-account help and the yearly report.

use super::Letter;

pub mod admin;
pub mod members;
pub mod reports;

/// A staff member's number and name.
#[derive(sqlx::FromRow)]
pub struct StaffName {
    pub staff_number: String,
    pub name: String,
}

/// A letter with its code's purpose and expiry and its addressee, read as [`LETTER_SELECT`].
#[derive(sqlx::FromRow)]
pub struct LetterRow {
    pub id: i64,
    pub purpose: String,
    pub created_at: String,
    pub expires_at: String,
    pub name: String,
    pub postal_code: String,
    pub address: String,
    /// 記号
    pub symbol: String,
    /// 番号
    pub number: String,
    /// 枝番
    pub branch: String,
    /// The code, sealed with the portal's key (erased once the letter is posted).
    pub code_sealed: Option<String>,
    pub printed_at: Option<String>,
    pub member_id: i64,
}

/// The letters with what [`LetterRow`] reads.
pub const LETTER_SELECT: &str = "SELECT l.id, c.purpose, l.created_at, c.expires_at, m.name, m.postal_code, m.address, \
     m.symbol, m.number, m.branch, l.code_sealed, l.printed_at, m.id AS member_id FROM letters l \
     JOIN one_time_codes c ON c.id = l.code_id JOIN members m ON m.id = l.member_id";

/// A letter as the outbox shows it; `code` only on the print view.
pub fn letter_of(row: LetterRow, code: Option<String>) -> Letter {
    let date = |t: &str| {
        chrono::DateTime::parse_from_rfc3339(t)
            .map(|d| kit::time::tokyo_date(d.with_timezone(&chrono::Utc)).to_string())
            .unwrap_or_default()
    };
    Letter {
        id: row.id,
        purpose: row.purpose,
        created: date(&row.created_at),
        expires: date(&row.expires_at),
        name: row.name,
        postal_code: row.postal_code,
        address: row.address,
        key: format!("{}-{}-{}", row.symbol, row.number, row.branch),
        code,
        printed: row.printed_at.is_some(),
        issued: String::new(),
        page_url: String::new(),
        qr_svg: String::new(),
        sender: None,
    }
}

/// A grant with its staff member, as the review list shows it.
#[derive(sqlx::FromRow)]
pub struct GrantRow {
    pub id: i64,
    pub staff_number: String,
    pub name: String,
    pub status: String,
    pub role: String,
    pub valid_from: String,
    pub valid_until: Option<String>,
    pub approved_by: String,
    pub reviewed_at: Option<String>,
    pub reviewed_by: Option<String>,
    pub left_on: Option<String>,
}
