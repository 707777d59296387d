//! An event's canonical form (built here, or written by SQLite from the row); the link over
//! it is in [`super::store`].

use serde::{Deserialize, Serialize};

/// An audit event's columns ([`EVENT_COLUMNS`]), in table order: the order of its
/// canonical form, and of the JSON array SQLite writes it as (read back in field order).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct EventRow {
    pub id: i64,
    pub occurred_at: String,
    pub actor_kind: String,
    pub actor_id: Option<String>,
    pub actor_role: Option<String>,
    pub subject_member_id: Option<i64>,
    pub action: String,
    pub data_category: Option<String>,
    pub record_ref: Option<String>,
    pub purpose: Option<String>,
    pub outcome: String,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub request_id: Option<String>,
    pub detail: Option<String>,
}

pub const EVENT_COLUMNS: &str = "e.id, e.occurred_at, e.actor_kind, e.actor_id, e.actor_role, e.subject_member_id, e.action, \
    e.data_category, e.record_ref, e.purpose, e.outcome, e.ip, e.user_agent, e.request_id, e.detail";

/// The canonical form of an event: a JSON array of every column, so an absent value and an
/// empty one differ, and no column can shift into another.
pub fn canonical(e: &EventRow) -> String {
    // Written field by field (no intermediate JSON value): the same text as
    // `serde_json::json!([...]).to_string()`, which sealed the chain so far.
    fn put<T: Serialize>(out: &mut Vec<u8>, v: &T) {
        let _ = serde_json::to_writer(&mut *out, v);
    }
    let mut out = Vec::with_capacity(384);
    out.push(b'[');
    put(&mut out, &e.id);
    for v in [&e.occurred_at, &e.actor_kind] {
        out.push(b',');
        put(&mut out, v);
    }
    for v in [&e.actor_id, &e.actor_role] {
        out.push(b',');
        put(&mut out, v);
    }
    out.push(b',');
    put(&mut out, &e.subject_member_id);
    out.push(b',');
    put(&mut out, &e.action);
    for v in [&e.data_category, &e.record_ref, &e.purpose] {
        out.push(b',');
        put(&mut out, v);
    }
    out.push(b',');
    put(&mut out, &e.outcome);
    for v in [&e.ip, &e.user_agent, &e.request_id, &e.detail] {
        out.push(b',');
        put(&mut out, v);
    }
    out.push(b']');
    String::from_utf8(out).unwrap_or_default()
}

/// The canonical form as SQLite's `json_array()` writes it from the row itself, so that
/// verification reads one text per event instead of fifteen columns. Where the two ever
/// differ, verification falls back to [`canonical`] before it calls a link broken.
pub const SQLITE_CANONICAL: &str = "json_array(e.id, e.occurred_at, e.actor_kind, e.actor_id, e.actor_role, e.subject_member_id, \
    e.action, e.data_category, e.record_ref, e.purpose, e.outcome, e.ip, e.user_agent, e.request_id, e.detail)";

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use crate::platform::audit::chain::GENESIS;
    use crate::platform::audit::chain::store::link;
    use crate::platform::audit::chain::fixtures::event;

    #[test]
    fn the_canonical_form_is_the_text_the_chain_was_sealed_with() {
        let tricky = "引用\"符\\と改行\n、タブ\t、制御\u{1}文字、\u{7f}、\u{2028}、絵文字😀";
        let mut e = event(9, tricky);
        e.actor_id = None;
        e.subject_member_id = None;
        e.user_agent = Some(tricky.into());
        for e in [event(1, "d"), e] {
            let old = serde_json::json!([
                e.id,
                e.occurred_at,
                e.actor_kind,
                e.actor_id,
                e.actor_role,
                e.subject_member_id,
                e.action,
                e.data_category,
                e.record_ref,
                e.purpose,
                e.outcome,
                e.ip,
                e.user_agent,
                e.request_id,
                e.detail
            ])
            .to_string();
            assert_eq!(canonical(&e), old);
        }
    }

    #[test]
    fn the_canonical_form_tells_absent_from_empty_and_keeps_columns_apart() {
        let mut a = event(1, "x");
        let mut b = event(1, "x");
        a.user_agent = None;
        b.user_agent = Some(String::new());
        assert_ne!(canonical(&a), canonical(&b));
        // Moving text between neighbouring columns changes the form.
        let (mut c, mut d) = (event(1, "x"), event(1, "x"));
        c.record_ref = Some("ab".into());
        c.purpose = Some("c".into());
        d.record_ref = Some("a".into());
        d.purpose = Some("bc".into());
        assert_ne!(canonical(&c), canonical(&d));
        assert_eq!(link(GENESIS, &canonical(&a)), link(GENESIS, &canonical(&a.clone())));
        assert_eq!(link(GENESIS, "x").len(), 64);
    }
}
