//! What a decided 利用停止等 applies to (35条), as staff name it when deciding: the kinds of
//! data the portal itself holds about a member, or for 第三者提供の停止 the recipient.
//! Pure: which measure each kind admits, and what the portal keeps by law whatever is asked.

use serde::{Deserialize, Serialize};

use crate::requests::draft::Measure;
use kit::form::{FieldError, Problem};

/// A kind of data the portal holds about a member, as a 利用停止 or 消去 names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DataScope {
    /// 医療費のお知らせの明細 (受診記録; 要配慮個人情報). Copied from the core system: a
    /// measure on them is also an instruction to it.
    NoticeLines,
    /// Documents the member sent with earlier requests (本人確認書類・委任状など).
    Documents,
    /// The files of earlier 開示 (the download archives).
    Packages,
    /// 第三者提供記録: kept by law (施行規則14条・18条), never stopped or erased on request.
    ProvisionLedger,
}

kit::codes!(DataScope {
    NoticeLines => "notice_lines": "医療費のお知らせの明細（受診した医療機関・日数・医療費）", "Medical cost notice lines (providers, days, costs)",
    Documents => "documents": "これまでの請求で提出された書類の写し（本人確認書類・委任状など）", "Copies of documents sent with earlier requests (identity documents, powers of attorney)",
    Packages => "packages": "これまでの開示でお渡しした資料のファイル", "Files of earlier disclosures",
    ProvisionLedger => "provision_ledger": "第三者提供の記録", "Records of provision to third parties",
});

impl DataScope {
    /// Whether `measure` can be carried out on this kind, or why not.
    ///
    /// 利用停止 applies where the portal makes a use of the data beyond holding it: the
    /// notice lines it shows as 医療費のお知らせ. Documents and earlier files serve only the
    /// requests they came with; erasing them is the measure that means something.
    pub fn admits(self, measure: Measure) -> Result<(), Problem> {
        match (self, measure) {
            (DataScope::ProvisionLedger, _) => Err(Problem::KeptByLaw),
            (_, Measure::StopProvision) => Err(Problem::Choice),
            (DataScope::NoticeLines, _) | (_, Measure::Erase) => Ok(()),
            (DataScope::Documents | DataScope::Packages, Measure::StopUse) => Err(Problem::ScopeNotForMeasure),
        }
    }

    /// Whether the core system holds this kind too (the portal's copy came from it), so a
    /// measure on it is also an instruction to the core system.
    pub fn held_by_core_system(self) -> bool {
        matches!(self, DataScope::NoticeLines)
    }
}

/// What a decided measure applies to: kinds of data (利用停止・消去), or the recipient whose
/// provision stops (第三者提供の停止).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeasureScope {
    #[serde(default)]
    pub data: Vec<DataScope>,
    /// 第三者提供の停止: the recipient, as the ledger names it.
    #[serde(default)]
    pub recipient: String,
}

/// The longest recipient name accepted.
pub const RECIPIENT_MAX: usize = 200;

impl MeasureScope {
    /// Checks what staff named for `measure` (`scope` checkboxes, `recipient`).
    pub fn check(measure: Measure, scopes: &[&str], recipient: &str) -> Result<MeasureScope, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut data = Vec::new();
        match measure {
            Measure::StopProvision => {
                let recipient = kit::input::normalize_text(recipient).trim().to_string();
                if recipient.is_empty() {
                    errors.push(FieldError::new("recipient", Problem::Required));
                } else if recipient.chars().count() > RECIPIENT_MAX {
                    errors.push(FieldError::new("recipient", Problem::TooLong));
                }
                return if errors.is_empty() { Ok(MeasureScope { data, recipient }) } else { Err(errors) };
            }
            Measure::StopUse | Measure::Erase => {
                for code in scopes.iter().filter(|c| !c.is_empty()) {
                    match DataScope::from_code(code) {
                        Some(s) => match s.admits(measure) {
                            Ok(()) => data.push(s),
                            Err(p) => errors.push(FieldError::new("scope", p)),
                        },
                        None => errors.push(FieldError::new("scope", Problem::Choice)),
                    }
                }
                data.sort_unstable();
                data.dedup();
                if data.is_empty() && errors.is_empty() {
                    errors.push(FieldError::new("scope", Problem::Required));
                }
            }
        }
        if errors.is_empty() { Ok(MeasureScope { data, recipient: String::new() }) } else { Err(errors) }
    }

    /// As stored with the decision (`request_decisions.measure_scope`).
    pub fn to_stored(&self) -> Option<String> {
        (!self.data.is_empty() || !self.recipient.is_empty()).then(|| serde_json::json!(self).to_string())
    }

    pub fn from_stored(stored: Option<&str>) -> MeasureScope {
        stored.and_then(|s| serde_json::from_str(s).ok()).unwrap_or_default()
    }
}

/// What a decided measure did, for the 決定通知書 and the request page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CarriedOut {
    pub measure: Measure,
    /// The kind of data (利用停止・消去); None for 第三者提供の停止.
    pub scope: Option<DataScope>,
    pub recipient: Option<String>,
    /// 消去: how many records the portal erased.
    pub erased: Option<i64>,
    /// The core system was instructed to do the same.
    pub instructed: bool,
    /// The core system has done it (a staff confirmation).
    pub instruction_done: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(r: Result<MeasureScope, Vec<FieldError>>) -> Vec<(String, Problem)> {
        r.err().unwrap_or_default().into_iter().map(|e| (e.field, e.problem)).collect()
    }

    #[test]
    fn erasure_applies_to_what_the_portal_may_drop_and_never_to_the_ledger() {
        for s in [DataScope::NoticeLines, DataScope::Documents, DataScope::Packages] {
            assert_eq!(s.admits(Measure::Erase), Ok(()), "{s:?}");
        }
        assert_eq!(DataScope::ProvisionLedger.admits(Measure::Erase), Err(Problem::KeptByLaw));
        assert_eq!(DataScope::ProvisionLedger.admits(Measure::StopUse), Err(Problem::KeptByLaw));
        assert_eq!(problems(MeasureScope::check(Measure::Erase, &["notice_lines", "provision_ledger"], "")), vec![("scope".into(), Problem::KeptByLaw)]);
    }

    #[test]
    fn a_stop_of_use_applies_to_the_notice_lines_the_portal_shows() {
        assert_eq!(DataScope::NoticeLines.admits(Measure::StopUse), Ok(()));
        assert_eq!(DataScope::Documents.admits(Measure::StopUse), Err(Problem::ScopeNotForMeasure));
        assert_eq!(DataScope::Packages.admits(Measure::StopUse), Err(Problem::ScopeNotForMeasure));
        for s in DataScope::ALL {
            assert!(s.admits(Measure::StopProvision).is_err(), "{s:?}");
        }
    }

    #[test]
    fn something_must_be_named_and_only_known_kinds() {
        assert_eq!(problems(MeasureScope::check(Measure::Erase, &[], "")), vec![("scope".into(), Problem::Required)]);
        assert_eq!(problems(MeasureScope::check(Measure::Erase, &["everything"], "")), vec![("scope".into(), Problem::Choice)]);
        let s = MeasureScope::check(Measure::Erase, &["packages", "notice_lines", "packages"], "").unwrap();
        assert_eq!(s.data, vec![DataScope::NoticeLines, DataScope::Packages]);
        assert_eq!(MeasureScope::from_stored(s.to_stored().as_deref()), s);
        assert_eq!(MeasureScope::from_stored(None), MeasureScope::default());
        assert_eq!(MeasureScope::default().to_stored(), None);
    }

    #[test]
    fn a_stop_of_provision_names_its_recipient() {
        assert_eq!(problems(MeasureScope::check(Measure::StopProvision, &[], "  ")), vec![("recipient".into(), Problem::Required)]);
        assert_eq!(problems(MeasureScope::check(Measure::StopProvision, &[], &"あ".repeat(201))), vec![("recipient".into(), Problem::TooLong)]);
        let s = MeasureScope::check(Measure::StopProvision, &["notice_lines"], " 架空損害保険株式会社 ").unwrap();
        assert_eq!((s.data.len(), s.recipient.as_str()), (0, "架空損害保険株式会社"));
    }
}
