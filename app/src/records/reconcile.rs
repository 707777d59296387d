//! The record proves what it records. The hash chain protects the audit events, not the
//! tables beside them: a request row deleted (or slipped in) behind the application's
//! back leaves the chain intact. Reconciling ties the two together: every row a request
//! creates — the request, its decisions, its 開示 package, its correction instructions —
//! has its creation event in the record, and every creation event names a row that exists
//! or a 廃棄記録 that accounts for it. The comparison here is pure; `store` reads the counts.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

/// A kind of row a request creates, each with its creation event.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kept {
    Request,
    Decision,
    Package,
    CorrectionInstruction,
}

kit::codes!(Kept {
    Request => "request": "お申し出", "request",
    Decision => "decision": "決定", "decision",
    Package => "package": "開示資料", "disclosure package",
    CorrectionInstruction => "correction_instruction": "訂正の指示", "correction instruction",
});

/// What reconciling found about one key (a request's record reference).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Finding {
    /// More rows than creation events: rows were added behind the application's back.
    RowsWithoutEvent { kept: Kept, key: String, rows: i64, events: i64 },
    /// More creation events than rows, and no 廃棄記録 for them: rows were removed.
    EventsWithoutRow { kept: Kept, key: String, rows: i64, events: i64, first_event: i64 },
}

impl Finding {
    /// One line of `audit-verify`'s report.
    pub fn line(&self) -> String {
        match self {
            Finding::RowsWithoutEvent { kept, key, rows, events } => format!(
                "ROW WITHOUT RECORD: {} {key}: {rows} row(s), {events} creation event(s) in the audit record",
                kept.label(kit::i18n::Lang::En)
            ),
            Finding::EventsWithoutRow { kept, key, rows, events, first_event } => format!(
                "RECORD WITHOUT ROW: {} {key}: {events} creation event(s) (first: audit event {first_event}), {rows} row(s), no 廃棄記録 accounts for them",
                kept.label(kit::i18n::Lang::En)
            ),
        }
    }
}

/// The creation events of one key: how many, and the first one's id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Created {
    pub count: i64,
    pub first_event: i64,
}

/// Compares rows per key with creation events per key. Keys in `disposed` were removed by
/// retention (their 廃棄記録 names them): missing rows there are accounted for.
pub fn compare(
    kept: Kept,
    rows: &BTreeMap<String, i64>,
    events: &BTreeMap<String, Created>,
    disposed: &BTreeSet<String>,
) -> Vec<Finding> {
    let keys: BTreeSet<&String> = rows.keys().chain(events.keys()).collect();
    keys.into_iter()
        .filter_map(|key| {
            let rows = rows.get(key).copied().unwrap_or(0);
            let created = events.get(key).copied();
            let events = created.map_or(0, |c| c.count);
            if rows > events {
                Some(Finding::RowsWithoutEvent { kept, key: key.clone(), rows, events })
            } else if rows < events && !disposed.contains(key) {
                let first_event = created.map_or(0, |c| c.first_event);
                Some(Finding::EventsWithoutRow { kept, key: key.clone(), rows, events, first_event })
            } else {
                None
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(pairs: &[(&str, i64)]) -> BTreeMap<String, i64> {
        pairs.iter().map(|(k, n)| (k.to_string(), *n)).collect()
    }

    fn events(pairs: &[(&str, i64, i64)]) -> BTreeMap<String, Created> {
        pairs.iter().map(|(k, count, first_event)| (k.to_string(), Created { count: *count, first_event: *first_event })).collect()
    }

    #[test]
    fn matching_rows_and_events_find_nothing() {
        let found = compare(Kept::Request, &rows(&[("requests/1", 1), ("requests/2", 1)]), &events(&[("requests/1", 1, 10), ("requests/2", 1, 12)]), &BTreeSet::new());
        assert!(found.is_empty());
    }

    #[test]
    fn a_row_without_its_creation_event_is_named() {
        let found = compare(Kept::Request, &rows(&[("requests/1", 1), ("requests/9", 1)]), &events(&[("requests/1", 1, 10)]), &BTreeSet::new());
        assert_eq!(found, vec![Finding::RowsWithoutEvent { kept: Kept::Request, key: "requests/9".into(), rows: 1, events: 0 }]);
        assert!(found[0].line().contains("requests/9"));
    }

    #[test]
    fn an_event_whose_row_is_gone_is_named_unless_disposed() {
        let (r, e) = (rows(&[("requests/1", 1)]), events(&[("requests/1", 1, 10), ("requests/2", 1, 11)]));
        let found = compare(Kept::Request, &r, &e, &BTreeSet::new());
        assert_eq!(found, vec![Finding::EventsWithoutRow { kept: Kept::Request, key: "requests/2".into(), rows: 0, events: 1, first_event: 11 }]);
        assert!(found[0].line().contains("audit event 11"));
        let disposed: BTreeSet<String> = ["requests/2".to_string()].into();
        assert!(compare(Kept::Request, &r, &e, &disposed).is_empty(), "a 廃棄記録 accounts for it");
    }

    #[test]
    fn counts_matter_where_a_request_has_several() {
        // Two decisions recorded (one sent back, one approved), one decision row left.
        let found = compare(Kept::Decision, &rows(&[("requests/1", 1)]), &events(&[("requests/1", 2, 20)]), &BTreeSet::new());
        assert_eq!(found.len(), 1);
        let found = compare(Kept::Decision, &rows(&[("requests/1", 3)]), &events(&[("requests/1", 2, 20)]), &BTreeSet::new());
        assert!(matches!(found[..], [Finding::RowsWithoutEvent { rows: 3, events: 2, .. }]));
    }
}
