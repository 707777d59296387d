//! A sample audit event for the chain's unit tests.

use super::EventRow;

pub(super) fn event(id: i64, detail: &str) -> EventRow {
    EventRow {
        id,
        occurred_at: "2026-11-22T00:00:00.000000Z".into(),
        actor_kind: "staff".into(),
        actor_id: Some("7".into()),
        actor_role: Some("reviewer".into()),
        subject_member_id: Some(42),
        action: "request.view".into(),
        data_category: Some("request".into()),
        record_ref: Some("requests/1".into()),
        purpose: Some("20261122-0001".into()),
        outcome: "allowed".into(),
        ip: Some("127.0.0.1".into()),
        user_agent: None,
        request_id: Some("r1".into()),
        detail: Some(detail.into()),
    }
}
