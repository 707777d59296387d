//! The stored codes no screen may show: every request status, member stage, lifecycle
//! action and timeline event, audit action, data category, delivery method and decision
//! outcome, way to pay and 照会 answer, taken from the enums themselves. Each has words for people in the one
//! catalogue (`kit::codes!` labels, the features' `texts.rs`); the browser suite scans
//! every page it renders for these codes (`end2end/tests/support/stored-codes.json`,
//! which the test below keeps current; docs/TESTING.md has the rule).

use crate::platform::audit::{Action as AuditAction, DataCategory};
use crate::publication::model::MethodKind;
use crate::publication::payment::PaymentKind;
use crate::receipts::Answer as InquiryAnswer;
use crate::requests::decision::Outcome;
use crate::requests::lifecycle::{Action, Stage, Status};

/// The code of the timeline event a request's arrival leaves (not a step of the lifecycle).
pub const SUBMIT_EVENT: &str = "submit";

/// Every stored code by kind, in the enums' order.
pub fn stored_codes() -> Vec<(&'static str, Vec<&'static str>)> {
    let mut events: Vec<&'static str> = Action::ALL.iter().map(|a| a.code()).collect();
    events.push(SUBMIT_EVENT);
    vec![
        ("request_status", Status::ALL.iter().map(|s| s.code()).collect()),
        ("request_stage", Stage::ALL.iter().map(|s| s.code()).collect()),
        ("request_event", events),
        ("audit_action", AuditAction::ALL.iter().map(|a| a.code()).collect()),
        ("data_category", DataCategory::ALL.iter().map(|c| c.code()).collect()),
        ("delivery_method", MethodKind::ALL.iter().map(|m| m.code()).collect()),
        ("decision_outcome", Outcome::ALL.iter().map(|o| o.code()).collect()),
        ("payment_method", PaymentKind::ALL.iter().map(|k| k.code()).collect()),
        ("inquiry_answer", InquiryAnswer::ALL.iter().map(|a| a.code()).collect()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::staff::texts::StaffText;
    use kit::i18n::Lang;

    /// The browser suite's list, as JSON: `{"kind": ["code", …], …}`.
    fn json() -> String {
        let mut out = String::from("{\n");
        let kinds = stored_codes();
        for (i, (kind, codes)) in kinds.iter().enumerate() {
            let list = codes.iter().map(|c| format!("\"{c}\"")).collect::<Vec<_>>().join(", ");
            out.push_str(&format!("  \"{kind}\": [{list}]{}\n", if i + 1 < kinds.len() { "," } else { "" }));
        }
        out.push_str("}\n");
        out
    }

    /// `end2end/tests/support/stored-codes.json` is the enums' list today. Run with
    /// `UPDATE_STORED_CODES=1` to write it after adding a code.
    #[test]
    fn the_browser_suites_list_of_stored_codes_is_current() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../end2end/tests/support/stored-codes.json");
        let want = json();
        if std::env::var_os("UPDATE_STORED_CODES").is_some() {
            std::fs::write(path, &want).unwrap();
        }
        let have = std::fs::read_to_string(path).unwrap_or_default();
        assert!(have == want, "{path} is not the enums' list: run `UPDATE_STORED_CODES=1 cargo test -p app stored_codes`");
    }

    /// Every code has its words in both languages, and every lifecycle action a staff button.
    #[test]
    fn every_stored_code_has_words_for_staff() {
        for lang in [Lang::Ja, Lang::En] {
            for s in Status::ALL {
                assert!(!s.label(lang).is_empty() && s.label(lang) != s.code());
            }
            for a in Action::ALL {
                assert!(!a.label(lang).is_empty() && a.label(lang) != a.code());
                assert!(!StaffText::of(lang).action_button(a).is_empty());
            }
            for a in AuditAction::ALL {
                assert_ne!(a.label(lang), a.code());
            }
            for c in DataCategory::ALL {
                assert_ne!(c.label(lang), c.code());
            }
            for m in MethodKind::ALL {
                assert_ne!(m.label(lang), m.code());
            }
            for k in PaymentKind::ALL {
                assert_ne!(k.label(lang), k.code());
            }
            for a in InquiryAnswer::ALL {
                assert_ne!(a.label(lang), a.code());
            }
        }
    }
}
