//! Requests in the database (server only). Every change is one transaction holding the
//! request, its event, its attachments, its audit event and the member's notification;
//! a failure leaves nothing behind.
//!
//! - `submission`: the form's setup and a new request; `reading`: the list and one
//!   request's view; `acting`: the steps members and staff take, and the deadline;
//!   `files`: uploads and their download; `notifications`: what tells the member.

mod acting;
pub mod drafts;
mod escalation;
mod files;
mod notifications;
mod reading;
pub mod steps;
mod submission;
mod waiting;

use std::sync::Arc;

use chrono::NaiveDate;

use super::attachments;
use super::calendar::Calendar;
use kit::time::tokyo;

pub use acting::{Acting, AlsoInTransaction, act, act_with};
pub(crate) use acting::{insert_event, refresh_due, step, transition};
pub use files::{MAX_FILES, Upload, attachment, erase_attachment, erase_documents, refuse_unread};
pub use files::read_multipart;
pub(crate) use files::{check_files, store_files};
pub(crate) use notifications::{notify, notify_reissued};
pub use reading::{list_for_member, view, view_with_id};
pub(crate) use reading::{
    CLOCK_STEPS, ListedRow, NamedRow, REQUEST_COLUMNS, RequestRow, SUBJECT_NAME, chosen_method, clock_steps, line, may_see,
    request_by_receipt, row_parts,
    seen_by, subject_join,
};
pub use submission::{form_setup, new_key, subjects, submit, valid_key};
pub use waiting::{Swept, sweep};
pub(crate) use waiting::system_step;
pub use escalation::{acknowledge, escalation_of, open_escalations};
pub(crate) use escalation::{EscalationDue, escalate, escalation_due};
pub(crate) use submission::{form_setup_from, next_receipt, published_fee};

/// How long a released package can be downloaded (days), unless configured otherwise.
pub const DEFAULT_DOWNLOAD_DAYS: i64 = 14;

/// How requests are handled here (configuration).
#[derive(Clone, Debug)]
pub struct RequestPolicy {
    /// The answer is due this many business days after receipt (default 10).
    pub due_business_days: u32,
    pub max_attachment_bytes: usize,
    pub calendar: Arc<Calendar>,
    /// A released 開示 package can be downloaded for this many days (default 14).
    pub download_days: i64,
    /// When a 補正依頼 left unanswered is reminded, and when it ends the request.
    pub waiting: crate::requests::waiting::WaitPolicy,
    /// From this age the person a 法定代理人 asks about is told, as for a 任意代理人's
    /// request (the society's policy; default never).
    pub tell_represented_from_age: Option<u8>,
    /// The 責任者's mailbox, told at once of a complaint suggesting a 漏えい等.
    pub officer_email: Option<String>,
}

impl Default for RequestPolicy {
    fn default() -> Self {
        RequestPolicy {
            due_business_days: 10,
            max_attachment_bytes: attachments::DEFAULT_MAX_BYTES,
            calendar: Arc::new(Calendar::japan_default()),
            download_days: DEFAULT_DOWNLOAD_DAYS,
            waiting: crate::requests::waiting::WaitPolicy::default(),
            tell_represented_from_age: None,
            officer_email: None,
        }
    }
}

pub(crate) fn local_time(text: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&tokyo()).format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

pub(crate) fn date(text: &str) -> Option<NaiveDate> {
    text.parse().ok()
}

/// A minor's representative (法定代理人, 未成年後見人) asked, and the person has turned 18
/// since: nothing of the result may go to the former representative any more.
pub(crate) async fn representation_ended<'c>(
    conn: impl sqlx::Executor<'c, Database = sqlx::Any>,
    request_id: i64,
    today: NaiveDate,
) -> Result<bool, kit::error::AppError> {
    let found: Option<Representation> = sqlx::query_as(
        "SELECT r.capacity, m.birth_date FROM requests r LEFT JOIN members m ON m.id = r.subject_member_id WHERE r.id = $1",
    )
    .bind(request_id)
    .fetch_optional(conn)
    .await?;
    let Some(Representation { capacity, birth_date }) = found else { return Ok(false) };
    let capacity = super::agency::Capacity::from_code(&capacity).ok_or_else(|| kit::error::AppError::internal("requests.capacity", &capacity))?;
    Ok(birth_date.as_deref().and_then(date).is_some_and(|birth| !capacity.still_acts_for(birth, today)))
}

/// A request's capacity and its subject's birth date, as [`representation_ended`] reads them.
#[derive(sqlx::FromRow)]
struct Representation {
    capacity: String,
    birth_date: Option<String>,
}

/// The signed-in member's id, for `action` (refused for anyone else).
pub async fn member(action: kit::access::MemberAction) -> Result<i64, kit::error::AppError> {
    match crate::identity::store::guard(kit::access::Access::Member(action)).await? {
        kit::access::Caller::Member { member_id } => Ok(member_id),
        _ => Err(kit::error::AppError::Unauthorized),
    }
}
