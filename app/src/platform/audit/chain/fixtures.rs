//! A sample audit event for the chain's unit tests.

use super::EventRow;

pub(super) fn event(id: i64, detail: &str) -> EventRow {
    (
        id,
        "2026-11-22T00:00:00.000000Z".into(),
        "staff".into(),
        Some("7".into()),
        Some("reviewer".into()),
        Some(42),
        "request.view".into(),
        Some("request".into()),
        Some("requests/1".into()),
        Some("20261122-0001".into()),
        "allowed".into(),
        Some("127.0.0.1".into()),
        None,
        Some("r1".into()),
        Some(detail.into()),
    )
}
