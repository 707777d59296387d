//! The queue's current filter as CSV (server only): the minimum fields, for the roles granted
//! export, and every export audited.

use super::{EXPORT_ROLES, FROM, filter, order, staff_of};
use crate::staff::queue::{EXPORT_MAX, QueueQuery};
use crate::platform::audit::{Action, AuditEvent, DataCategory, RequestMeta};
use crate::platform::audit::store::audited_read;
use crate::platform::db::bind_all;
use crate::platform::state::AppState;
use kit::access::Caller;
use kit::error::AppError;

/// The current filter as CSV with the minimum fields (no names, no content), for the
/// roles granted export; the export is audited with its filter and size.
pub async fn export(state: &AppState, meta: &RequestMeta, caller: &Caller, query: QueueQuery) -> Result<String, AppError> {
    let (staff_id, roles) = staff_of(caller)?;
    let event = AuditEvent::by(caller.clone(), Action::RequestExport)
        .data(DataCategory::Request)
        .detail(serde_json::json!({ "query": query.to_params(1) }));
    if !roles.iter().any(|r| EXPORT_ROLES.contains(r)) {
        crate::platform::audit::store::record_standalone(state, meta, &event.refused()).await;
        return Err(AppError::Forbidden);
    }
    audited_read(state, meta, event, || async {
        let (filter_sql, binds) = filter(state, &query, staff_id);
        let sql = format!(
            "SELECT r.receipt_number, r.request_type, r.status, r.received_on, r.due_on, s.staff_number, r.importance, \
             r.urgency {FROM}{filter_sql}{} LIMIT {EXPORT_MAX}",
            order(query.sort)
        );
        let found: Vec<Line> = bind_all(sqlx::query_as(&sql), &binds).fetch_all(&state.db.pool).await?;
        let header = ["受付番号", "種類", "状況", "受付日", "期限", "担当", "重要度", "緊急度"];
        Ok(kit::csv::document(
            header,
            found.into_iter().map(|r| {
                [
                    r.receipt_number,
                    r.request_type,
                    r.status,
                    r.received_on,
                    r.due_on.unwrap_or_default(),
                    r.staff_number.unwrap_or_default(),
                    r.importance,
                    r.urgency,
                ]
            }),
        ))
    })
    .await
}

/// One line of the export, with the minimum fields (codes as stored).
#[derive(sqlx::FromRow)]
struct Line {
    receipt_number: String,
    request_type: String,
    status: String,
    received_on: String,
    due_on: Option<String>,
    /// The assignee's staff number.
    staff_number: Option<String>,
    importance: String,
    urgency: String,
}
