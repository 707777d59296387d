//! 第三者提供記録: the ledger of each provision of a member's data to a third party (APPI
//! 29条) and each receipt from one (30条), with the items the rules ask for. 委託 and 共同利用
//! are not third-party provision (27条5項): the publication types its recipients, and a
//! counterparty published as a 委託先 or 共同利用先 is refused here. The ledger feeds 33条5項
//! disclosure: a reviewer deciding a 第三者提供記録の開示 sees the subject's entries.
//!
//! Here: the entry and the page's types, and the rules an entry is checked by (pure); the
//! database and the CSV import live in `store`, the page and its endpoints in `views`.

#[cfg(feature = "ssr")]
pub mod store;
mod texts;
mod views;

pub use views::{ProvisionLedger, ProvisionsPage, RecordProvision, provision_ledger, record_provision};

use serde::{Deserialize, Serialize};

use kit::access::StaffRole;
use kit::form::{FieldError, Problem};

/// Who records provisions (the case roles); the auditor reads.
pub const RECORD_ROLES: &[StaffRole] = &[StaffRole::Intake, StaffRole::Reviewer, StaffRole::Approver];
pub const READ_ROLES: &[StaffRole] = &[StaffRole::Intake, StaffRole::Reviewer, StaffRole::Approver, StaffRole::Auditor];

/// The largest ledger file accepted from the page.
pub const MAX_UPLOAD_BYTES: usize = 4 * 1024 * 1024;

/// The columns of a ledger CSV (see the README), in any order.
pub const IMPORT_COLUMNS: [&str; 10] =
    ["区分", "年月日", "相手方", "相手方の住所", "相手方の代表者氏名", "記号・番号・枝番", "項目", "根拠", "根拠の内容", "取得の経緯"];

/// Longest free text accepted in a ledger field.
pub const TEXT_MAX: usize = 200;

/// One ledger entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProvisionLine {
    pub id: i64,
    /// `provided` (29条) or `received` (30条).
    pub direction: String,
    pub occurred_on: String,
    pub counterparty: String,
    pub counterparty_address: Option<String>,
    /// 法人にあっては、その代表者の氏名 (30条1項1号; a receipt from a corporation).
    #[serde(default)]
    pub counterparty_representative: Option<String>,
    /// 記号・番号・枝番 of the subject.
    pub subject_key: String,
    pub items: String,
    /// `consent` or `law`.
    pub basis: String,
    pub basis_detail: String,
    pub acquisition: Option<String>,
    pub recorded_by: String,
}

/// What the publication in force says of the uses a ledger line may name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PublishedUses {
    /// Provisions permitted by law (27条1項各号).
    pub by_law: Vec<String>,
    /// Provisions made with the person's consent (27条1項本文).
    pub with_consent: Vec<String>,
    /// 委託 and 共同利用 (27条5項): not third-party provision, never recorded here.
    pub kept_apart: Vec<String>,
}

/// The ledger page: entries (newest first) and what the publication says.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ledger {
    pub lines: Vec<ProvisionLine>,
    /// Provisions the publication names as permitted by law (27条1項), to choose from.
    pub by_law: Vec<String>,
    /// Provisions the publication names as made with the person's consent (27条1項本文).
    #[serde(default)]
    pub with_consent: Vec<String>,
    /// Published 委託 and 共同利用 uses: never recorded here.
    pub kept_apart: Vec<String>,
    pub can_record: bool,
    /// The member's decided stops of provision (when the page shows one member).
    #[serde(default)]
    pub stops: Vec<ProvisionStop>,
}

/// A checked entry, before the subject is looked up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Draft {
    pub direction: &'static str,
    pub occurred_on: chrono::NaiveDate,
    pub counterparty: String,
    pub counterparty_address: Option<String>,
    pub counterparty_representative: Option<String>,
    pub subject_key: (String, String, String),
    pub items: String,
    pub basis: &'static str,
    pub basis_detail: String,
    pub acquisition: Option<String>,
}

/// 記号・番号・枝番 as typed (full-width, `-`, `・` or spaces between).
pub fn parse_key(raw: &str) -> Option<(String, String, String)> {
    let s = kit::input::normalize(raw);
    let parts: Vec<&str> = s.split(|c: char| c.is_whitespace() || matches!(c, '-' | '・' | '‐' | '−')).filter(|p| !p.is_empty()).collect();
    (parts.len() == 3 && parts.iter().all(|p| p.len() <= 10 && p.bytes().all(|b| b.is_ascii_digit())))
        .then(|| (parts[0].to_string(), parts[1].to_string(), parts[2].to_string()))
}

/// Whether a ledger counterparty is the recipient a decided 第三者提供の停止 (35条3項) names: the same name,
/// or one containing the other once spaces and width are normalised (「架空損保」 names
/// 「架空損保株式会社 東京支店」). Names of two characters or fewer match only exactly.
pub fn names_recipient(stopped: &str, counterparty: &str) -> bool {
    let norm = |s: &str| kit::input::normalize(s).chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let (a, b) = (norm(stopped), norm(counterparty));
    if a.is_empty() || b.is_empty() {
        return false;
    }
    a == b || (a.chars().count() > 2 && b.contains(&a)) || (b.chars().count() > 2 && a.contains(&b))
}

/// Whether a counterparty's name is a corporation's or another body's (its 法人格 or the
/// kind of body in the name): a receipt from one records its representative (30条1項1号).
pub fn is_corporation(name: &str) -> bool {
    const BODIES: [&str; 14] =
        ["株式会社", "有限会社", "合同会社", "合資会社", "合名会社", "法人", "組合", "協会", "連合会", "機構", "基金", "公庫", "（株）", "(株)"];
    let name = kit::input::normalize(name);
    BODIES.iter().any(|b| name.contains(&kit::input::normalize(b)))
}

/// A decided 第三者提供の停止 of a member's data, as the ledger shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProvisionStop {
    pub recipient: String,
    pub receipt: String,
    /// Asia/Tokyo date of the decision.
    pub decided_on: String,
}

/// The raw form, as posted.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryForm {
    pub direction: String,
    pub occurred_on: String,
    pub counterparty: String,
    #[serde(default)]
    pub counterparty_address: String,
    #[serde(default)]
    pub counterparty_representative: String,
    pub subject_key: String,
    pub items: String,
    pub basis: String,
    #[serde(default)]
    pub basis_detail: String,
    #[serde(default)]
    pub acquisition: String,
}

fn text(raw: &str) -> String {
    kit::input::normalize_text(raw).trim().to_string()
}

impl EntryForm {
    /// Checks every field against the rules and the publication: `kept_apart` are the
    /// publication's typed uses (委託・共同利用 refused; its provisions by law and with
    /// consent offered by their text).
    pub fn check(&self, today: chrono::NaiveDate, uses: &PublishedUses) -> Result<Draft, Vec<FieldError>> {
        let (kept_apart, by_law) = (&uses.kept_apart, &uses.by_law);
        let mut errors = Vec::new();
        let mut bad = |f: &str, p: Problem| errors.push(FieldError::new(f, p));
        let direction = match self.direction.as_str() {
            "provided" => "provided",
            "received" => "received",
            _ => {
                bad("direction", Problem::Choice);
                "provided"
            }
        };
        let occurred_on = match kit::input::parse_date(&self.occurred_on) {
            Ok(d) if d > today => {
                bad("occurred_on", Problem::FutureDate);
                today
            }
            Ok(d) => d,
            Err(e) => {
                bad("occurred_on", Problem::Date(e.into()));
                today
            }
        };
        let mut required = |name: &str, value: &str| -> String {
            let v = text(value);
            if v.is_empty() {
                bad(name, Problem::Required);
            } else if v.chars().count() > TEXT_MAX {
                bad(name, Problem::TooLong);
            }
            v
        };
        let counterparty = required("counterparty", &self.counterparty);
        let items = required("items", &self.items);
        let (basis, basis_detail) = match self.basis.as_str() {
            "consent" => ("consent", required("basis_detail", &self.basis_detail)),
            // A published provision permitted by law, by its text.
            b if by_law.iter().any(|l| l == b) => ("law", b.to_string()),
            // A published provision with consent: the publication says how consent is
            // obtained; a note of this person's consent (the 同意書's date) may follow.
            b if uses.with_consent.iter().any(|l| l == b) => {
                let note = text(&self.basis_detail);
                ("consent", if note.is_empty() { b.to_string() } else { format!("{b}（{note}）") })
            }
            "law" => ("law", required("basis_detail", &self.basis_detail)),
            _ => {
                bad("basis", Problem::Choice);
                ("consent", String::new())
            }
        };
        let optional = |value: &str| Some(text(value)).filter(|v| !v.is_empty());
        let counterparty_address = optional(&self.counterparty_address);
        let counterparty_representative = optional(&self.counterparty_representative);
        let acquisition = optional(&self.acquisition);
        if direction == "received" {
            // 30条: the provider's address and how they obtained the data.
            if counterparty_address.is_none() {
                bad("counterparty_address", Problem::Required);
            }
            if acquisition.is_none() {
                bad("acquisition", Problem::Required);
            }
            // 30条1項1号: a corporation's representative, confirmed and recorded.
            if is_corporation(&counterparty) && counterparty_representative.is_none() {
                bad("counterparty_representative", Problem::Required);
            }
        }
        for (name, v) in [
            ("counterparty_address", &counterparty_address),
            ("counterparty_representative", &counterparty_representative),
            ("acquisition", &acquisition),
        ] {
            if v.as_ref().is_some_and(|v| v.chars().count() > TEXT_MAX) {
                bad(name, Problem::TooLong);
            }
        }
        // 委託・共同利用 as published: not a third party.
        // (A name of three characters or fewer is too short to match inside a use's text.)
        let named = |k: &String| counterparty.contains(k.as_str()) || (counterparty.chars().count() > 3 && k.contains(&counterparty));
        if !counterparty.is_empty() && kept_apart.iter().any(named) {
            bad("counterparty", Problem::NotThirdParty);
        }
        let subject_key = parse_key(&self.subject_key).unwrap_or_else(|| {
            bad("subject_key", Problem::NotInRegistry);
            Default::default()
        });
        if errors.is_empty() {
            Ok(Draft {
                direction,
                occurred_on,
                counterparty,
                counterparty_address,
                counterparty_representative,
                subject_key,
                items,
                basis,
                basis_detail,
                acquisition,
            })
        } else {
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
    }

    fn by_law() -> Vec<String> {
        vec!["損保会社等へ第三者行為にかかる求償情報の提供".into()]
    }

    fn uses() -> PublishedUses {
        PublishedUses { by_law: by_law(), with_consent: vec!["損保会社等への求償（同意）".into()], kept_apart: apart() }
    }

    fn apart() -> Vec<String> {
        vec!["健保連の高額医療給付の共同事業".into(), "健康保険組合連合会".into()]
    }

    fn form() -> EntryForm {
        EntryForm {
            direction: "provided".into(),
            occurred_on: "2026-11-20".into(),
            counterparty: "架空損害保険株式会社".into(),
            subject_key: "１００１－２３－００".into(),
            items: "氏名、記号・番号、受傷日、療養費".into(),
            basis: by_law()[0].clone(),
            ..EntryForm::default()
        }
    }

    fn problems(f: EntryForm) -> Vec<(String, Problem)> {
        f.check(today(), &uses()).err().unwrap_or_default().into_iter().map(|e| (e.field, e.problem)).collect()
    }

    #[test]
    fn a_published_provision_by_law_needs_no_further_detail() {
        let d = form().check(today(), &uses()).unwrap();
        assert_eq!((d.direction, d.basis), ("provided", "law"));
        assert_eq!(d.basis_detail, by_law()[0]);
        assert_eq!(d.subject_key, ("1001".into(), "23".into(), "00".into()));
    }

    #[test]
    fn consent_and_other_laws_must_be_described() {
        let f = EntryForm { basis: "consent".into(), ..form() };
        assert_eq!(problems(f.clone()), vec![("basis_detail".into(), Problem::Required)]);
        assert!(EntryForm { basis_detail: "2026-11-01 同意書（署名）".into(), ..f }.check(today(), &uses()).is_ok());
        assert_eq!(problems(EntryForm { basis: "law".into(), ..form() }), vec![("basis_detail".into(), Problem::Required)]);
        assert_eq!(problems(EntryForm { basis: "because".into(), ..form() }), vec![("basis".into(), Problem::Choice)]);
    }

    #[test]
    fn a_receipt_from_a_corporation_records_its_representative() {
        let f = EntryForm {
            direction: "received".into(),
            counterparty: "架空損害保険株式会社".into(),
            counterparty_address: "東京都千代田区（架空）".into(),
            acquisition: "事故の当事者から".into(),
            ..form()
        };
        assert_eq!(problems(f.clone()), vec![("counterparty_representative".into(), Problem::Required)]);
        let ok = EntryForm { counterparty_representative: "代表取締役 架空 一郎".into(), ..f.clone() };
        assert_eq!(ok.check(today(), &uses()).unwrap().counterparty_representative.as_deref(), Some("代表取締役 架空 一郎"));
        // A person has no representative; a provision (29条) records the name alone.
        assert!(EntryForm { counterparty: "山田 一郎".into(), ..f }.check(today(), &uses()).is_ok());
        assert!(form().check(today(), &uses()).is_ok());
        assert!(is_corporation("一般社団法人 架空協会") && is_corporation("架空市国民健康保険組合") && is_corporation("（株）架空"));
        assert!(!is_corporation("山田 一郎"));
    }

    #[test]
    fn a_receipt_needs_the_providers_address_and_how_they_obtained_it() {
        let f = EntryForm { direction: "received".into(), counterparty: "架空市役所".into(), ..form() };
        assert_eq!(
            problems(f.clone()),
            vec![("counterparty_address".into(), Problem::Required), ("acquisition".into(), Problem::Required)]
        );
        let ok = EntryForm { counterparty_address: "東京都千代田区（架空）".into(), acquisition: "事故の当事者から".into(), ..f };
        assert_eq!(ok.check(today(), &uses()).unwrap().direction, "received");
    }

    #[test]
    fn outsourcing_and_joint_use_are_not_third_party_provision() {
        assert_eq!(problems(EntryForm { counterparty: "健康保険組合連合会".into(), ..form() }), vec![("counterparty".into(), Problem::NotThirdParty)]);
        assert_eq!(problems(EntryForm { counterparty: "健保連の共同事業".into(), ..form() }), vec![]);
        assert_eq!(problems(EntryForm { counterparty: "健康保険組合連合会 東京連合会".into(), ..form() }), vec![("counterparty".into(), Problem::NotThirdParty)]);
        // Too short to tell: not refused on a partial match.
        assert!(problems(EntryForm { counterparty: "東京".into(), ..form() }).is_empty());
    }

    #[test]
    fn dates_keys_and_lengths_are_checked() {
        assert_eq!(problems(EntryForm { occurred_on: "2026-11-23".into(), ..form() }), vec![("occurred_on".into(), Problem::FutureDate)]);
        assert_eq!(problems(EntryForm { occurred_on: "yesterday".into(), ..form() }).len(), 1);
        assert_eq!(problems(EntryForm { subject_key: "1001-23".into(), ..form() }), vec![("subject_key".into(), Problem::NotInRegistry)]);
        assert_eq!(problems(EntryForm { items: " ".into(), ..form() }), vec![("items".into(), Problem::Required)]);
        assert_eq!(problems(EntryForm { counterparty: "あ".repeat(201), ..form() }), vec![("counterparty".into(), Problem::TooLong)]);
        assert_eq!(problems(EntryForm { direction: "sold".into(), ..form() }), vec![("direction".into(), Problem::Choice)]);
    }

    #[test]
    fn a_recipient_is_recognised_in_the_ledger_by_its_name() {
        assert!(names_recipient("架空損害保険株式会社", "架空損害保険株式会社"));
        assert!(names_recipient("架空損害保険", "架空損害保険株式会社　東京支店"));
        assert!(names_recipient("架空損害保険株式会社 東京支店", "架空損害保険株式会社東京支店"));
        assert!(!names_recipient("架空損害保険株式会社", "別の保険株式会社"));
        assert!(!names_recipient("損保", "架空損保株式会社"), "two characters match only exactly");
        assert!(!names_recipient("", "架空損保株式会社"));
    }
}
