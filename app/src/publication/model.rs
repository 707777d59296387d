//! The publication model: what APPI 32条1項 and 施行令10条 require a society to keep
//! in the 本人の知り得る状態 (公表事項). Pure data and validation, shared by server
//! and browser.
//!
//! Two shapes of 利用目的 are held side by side, because societies publish both:
//! - category → purposes ([`Category`]; seeds 000 and 001), and
//! - purpose area → recipient uses ([`PurposeArea`]; seed 002), where each use is typed
//!   as internal, 委託, 共同利用 (with the items 27条5項3号 asks to publish), or a
//!   provision the law itself requires.

use serde::{Deserialize, Serialize};

use kit::rights::RequestType;
pub use super::payment::{PaymentKind, PaymentMethod};

/// One published version of the 公表事項. Immutable once published.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Publication {
    pub society: SocietyProfile,
    /// Heading of the document, e.g. 「個人情報保護法に基づく公表事項」.
    pub title: String,
    /// The sentence before the table, incl. the promise to notify changes (21条3項).
    pub purposes_intro: String,
    /// Shape A: category (個人情報の類型) → purposes (利用目的).
    pub categories: Vec<Category>,
    /// Notes under the table, e.g. 「※保有個人データの利用目的は、上表と同一です。」
    #[serde(default)]
    pub categories_notes: Vec<String>,
    /// Shape B: purpose area → typed recipient uses.
    #[serde(default)]
    pub purpose_areas: Vec<PurposeArea>,
    /// Sentence introducing the 21条4項 exceptions.
    pub exceptions_intro: String,
    /// 21条4項各号: when purposes are not notified or published.
    pub exceptions: Vec<Exception>,
    /// 安全管理措置 (施行令10条1号). An open list: the seeds' four kinds, and any other
    /// (基本方針, 規律の整備, 外的環境の把握 …).
    pub safety_measures: Vec<SafetyMeasure>,
    /// 開示等の請求に応じる手続 (32条1項3号, 37条, 38条).
    pub procedure: Procedure,
    /// 苦情の申出先 (施行令10条2号).
    pub complaint_desk: ComplaintDesk,
    /// 特定個人情報 (My Number) section, where the society publishes one.
    #[serde(default)]
    pub specific_personal_info: Option<SpecificPersonalInfo>,
}

/// 個人情報取扱事業者の氏名又は名称、住所、代表者 (32条1項1号).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SocietyProfile {
    pub name: String,
    pub postal_code: String,
    pub address: String,
    /// e.g. 「理事長 山田 一郎」.
    pub representative: String,
    pub phone: String,
    /// Shown prominently when the society is fictional demo data.
    #[serde(default)]
    pub sample_notice: Option<String>,
}

/// A stable identifier (a slug) so that a renamed category or area diffs as a rename.
pub type StableId = String;

/// 個人情報の類型 with its 利用目的.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Category {
    pub id: StableId,
    pub name: String,
    pub purposes: Vec<String>,
}

/// A purpose area (利用目的の区分) and how the data is used within it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PurposeArea {
    pub id: StableId,
    pub name: String,
    pub uses: Vec<RecipientUse>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecipientUse {
    pub text: String,
    pub kind: UseKind,
}

/// Who uses the data. 委託 and 共同利用 are not 第三者提供 (27条5項), so they are
/// typed apart from provisions to third parties.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum UseKind {
    /// 健保組合等の内部で利用するもの.
    Internal,
    /// 業務委託 (27条5項1号).
    Outsourced,
    /// 共同利用 (27条5項3号), with the items that must be published beforehand.
    JointUse(JointUse),
    /// A provision to a third party that a law requires or permits (27条1項1号): exempt
    /// from the 29条 record (29条1項ただし書).
    ProvisionByLaw { basis: String },
    /// A provision to a third party with the person's consent (27条1項本文), e.g. 損保会社
    /// への求償情報の提供 with the 同意書 of the 第三者行為による傷病届: each one recorded
    /// (29条). `consent` says how the consent is obtained.
    ProvisionWithConsent { consent: String },
}

/// The items 27条5項3号 requires to be in the 本人の知り得る状態 before joint use.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JointUse {
    /// 共同して利用される個人データの項目.
    pub items: Vec<String>,
    /// 共同して利用する者の範囲.
    pub joint_users: String,
    /// 利用する者の利用目的.
    pub purpose: String,
    /// 当該個人データの管理について責任を有する者.
    pub responsible_party: ResponsibleParty,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResponsibleParty {
    pub name: String,
    pub address: String,
    pub representative: String,
}

/// 21条4項各号.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exception {
    pub id: StableId,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SafetyMeasure {
    pub id: StableId,
    /// Open list; the seeds use organizational / human / physical / technical.
    pub kind: String,
    /// e.g. 「組織的安全管理措置」.
    pub title: String,
    pub body: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Procedure {
    pub description: String,
    /// 手数料 (38条). Only 利用目的の通知 and 開示 (incl. 第三者提供記録) may carry one.
    pub fees: Vec<Fee>,
    /// How a fee is paid (38条), where one is charged.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub payment_methods: Vec<PaymentMethod>,
    /// How a disclosure can be delivered (33条1項: the person chooses 電磁的記録 or 書面).
    pub delivery_methods: Vec<DeliveryMethod>,
    /// Why the society offers no 電磁的記録 at all, where it does not: the Act lets the
    /// person choose one (33条1項), so a publication without one says why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub no_electronic_reason: Option<String>,
    /// 本人確認 documents accepted for paper and counter requests.
    pub identity_documents: Vec<String>,
    /// Where to ask about the procedure.
    pub inquiry: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fee {
    pub request_type: RequestType,
    pub amount_yen: u32,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "StoredMethod")]
pub struct DeliveryMethod {
    pub id: StableId,
    pub kind: MethodKind,
    pub name: String,
    pub description: String,
}

/// What a delivery method is in law (33条1項): 電磁的記録の提供, in one of two forms, or
/// 書面の交付. The kind, not the society's own id or name, decides how a result leaves.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MethodKind {
    /// 電磁的記録: a download in the portal, to the account of whoever receives the result.
    Download,
    /// 電磁的記録: a medium (CD-R, USB memory) sent by post.
    Medium,
    /// 書面の交付: sent by post (or handed over at the counter).
    Paper,
}

kit::codes!(MethodKind {
    Download => "download": "電磁的記録（ポータルでダウンロード）", "Electronic (download in the portal)",
    Medium => "medium": "電磁的記録（CD-R等の媒体を郵送）", "Electronic (a medium sent by post)",
    Paper => "paper": "書面", "Paper",
});

impl MethodKind {
    /// 電磁的記録の提供 (as opposed to 書面の交付).
    pub fn electronic(self) -> bool {
        matches!(self, MethodKind::Download | MethodKind::Medium)
    }
}

/// A delivery method as stored. Versions published before methods were typed carry no
/// kind: there the only electronic method was the portal's download, under the id
/// `electronic`, and every other method was posted paper.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StoredMethod {
    id: StableId,
    #[serde(default)]
    kind: Option<MethodKind>,
    name: String,
    description: String,
}

impl From<StoredMethod> for DeliveryMethod {
    fn from(m: StoredMethod) -> Self {
        let kind = m.kind.unwrap_or(if m.id == "electronic" { MethodKind::Download } else { MethodKind::Paper });
        DeliveryMethod { id: m.id, kind, name: m.name, description: m.description }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ComplaintDesk {
    pub name: String,
    pub postal_code: String,
    pub address: String,
    pub phone: String,
    pub hours: String,
}

/// The category id under which a person asks for their 特定個人情報.
pub const SPECIFIC_PERSONAL_INFO: &str = "specific_personal_info";
/// The 特定個人情報 as a person asks for them, in plain words.
const SPECIFIC_PERSONAL_INFO_NAME: &str = "特定個人情報（マイナンバーと、マイナンバーを使ってやりとりした情報）";

/// 特定個人情報: the 番号法 情報連携 table (seed 002).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpecificPersonalInfo {
    pub title: String,
    pub intro: String,
    /// 組合の事務執行のため、他機関より情報を受ける場合.
    pub received: Vec<String>,
    /// 他機関の事務執行のため、組合が情報を提供する場合.
    pub provided: Vec<String>,
    /// What 特定個人情報 is and the limits 番号法 sets.
    pub explanation: String,
}

/// A reason a publication cannot be stored. Carries the path of the offending field so a
/// data file or a form can point at it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidationIssue {
    pub path: String,
    pub problem: Problem,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Problem {
    Empty,
    DuplicateId,
    DuplicateName,
    /// 38条: a fee for a request type the law does not allow a fee for.
    FeeNotAllowed,
    DuplicateFee,
    NoDeliveryMethod,
    /// A fee is published and no way to pay it (38条: the fee must be payable).
    NoPaymentMethod,
    DuplicatePaymentMethod,
    /// 33条1項: no 電磁的記録 among the methods, and no reason given.
    NoElectronicMethod,
    /// A 共同利用 missing one of the items 27条5項3号 requires.
    JointUseIncomplete,
}

impl std::fmt::Display for ValidationIssue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {:?}", self.path, self.problem)
    }
}

impl Publication {
    /// Every rule a publication must satisfy before it is stored. Returns all issues,
    /// not just the first, so an editor can fix them at once.
    pub fn validate(&self) -> Result<(), Vec<ValidationIssue>> {
        let mut issues = Vec::new();
        let mut need = |path: String, value: &str| {
            if value.trim().is_empty() {
                issues.push(ValidationIssue { path, problem: Problem::Empty });
            }
        };
        need("society.name".into(), &self.society.name);
        need("society.address".into(), &self.society.address);
        need("society.representative".into(), &self.society.representative);
        need("title".into(), &self.title);
        need("purposes_intro".into(), &self.purposes_intro);
        need("complaint_desk.name".into(), &self.complaint_desk.name);
        need("complaint_desk.address".into(), &self.complaint_desk.address);
        need("complaint_desk.phone".into(), &self.complaint_desk.phone);
        need("procedure.description".into(), &self.procedure.description);
        for (i, c) in self.categories.iter().enumerate() {
            need(format!("categories[{i}].id"), &c.id);
            need(format!("categories[{i}].name"), &c.name);
            for (j, p) in c.purposes.iter().enumerate() {
                need(format!("categories[{i}].purposes[{j}]"), p);
            }
        }
        for (i, a) in self.purpose_areas.iter().enumerate() {
            need(format!("purpose_areas[{i}].id"), &a.id);
            need(format!("purpose_areas[{i}].name"), &a.name);
            for (j, u) in a.uses.iter().enumerate() {
                need(format!("purpose_areas[{i}].uses[{j}].text"), &u.text);
            }
        }
        for (i, m) in self.safety_measures.iter().enumerate() {
            need(format!("safety_measures[{i}].title"), &m.title);
            need(format!("safety_measures[{i}].body"), &m.body);
        }
        for (i, e) in self.exceptions.iter().enumerate() {
            need(format!("exceptions[{i}].text"), &e.text);
        }
        if self.categories.is_empty() && self.purpose_areas.is_empty() {
            issues.push(ValidationIssue { path: "categories".into(), problem: Problem::Empty });
        }

        duplicates(&mut issues, "categories", self.categories.iter().map(|c| (&c.id, &c.name)));
        duplicates(&mut issues, "purpose_areas", self.purpose_areas.iter().map(|a| (&a.id, &a.name)));
        duplicates(&mut issues, "safety_measures", self.safety_measures.iter().map(|m| (&m.id, &m.title)));
        duplicates(&mut issues, "exceptions", self.exceptions.iter().map(|e| (&e.id, &e.text)));

        for (i, a) in self.purpose_areas.iter().enumerate() {
            for (j, u) in a.uses.iter().enumerate() {
                if let UseKind::ProvisionWithConsent { consent } | UseKind::ProvisionByLaw { basis: consent } = &u.kind
                    && consent.trim().is_empty()
                {
                    issues.push(ValidationIssue { path: format!("purpose_areas[{i}].uses[{j}].kind"), problem: Problem::Empty });
                }
                if let UseKind::JointUse(j_use) = &u.kind {
                    let r = &j_use.responsible_party;
                    let incomplete = j_use.items.is_empty()
                        || j_use.items.iter().any(|s| s.trim().is_empty())
                        || [&j_use.joint_users, &j_use.purpose, &r.name, &r.address, &r.representative]
                            .iter()
                            .any(|s| s.trim().is_empty());
                    if incomplete {
                        issues.push(ValidationIssue {
                            path: format!("purpose_areas[{i}].uses[{j}].kind"),
                            problem: Problem::JointUseIncomplete,
                        });
                    }
                }
            }
        }

        let mut seen_fee = Vec::new();
        for (i, fee) in self.procedure.fees.iter().enumerate() {
            if !fee.request_type.may_charge_fee() {
                issues.push(ValidationIssue { path: format!("procedure.fees[{i}]"), problem: Problem::FeeNotAllowed });
            }
            if seen_fee.contains(&fee.request_type) {
                issues.push(ValidationIssue { path: format!("procedure.fees[{i}]"), problem: Problem::DuplicateFee });
            }
            seen_fee.push(fee.request_type);
        }
        if self.procedure.fees.iter().any(|f| f.amount_yen > 0) && self.procedure.payment_methods.is_empty() {
            issues.push(ValidationIssue { path: "procedure.payment_methods".into(), problem: Problem::NoPaymentMethod });
        }
        for (i, m) in self.procedure.payment_methods.iter().enumerate() {
            if self.procedure.payment_methods[..i].iter().any(|o| o.kind == m.kind) {
                issues.push(ValidationIssue { path: format!("procedure.payment_methods[{i}]"), problem: Problem::DuplicatePaymentMethod });
            }
            if m.instructions.trim().is_empty() {
                issues.push(ValidationIssue { path: format!("procedure.payment_methods[{i}].instructions"), problem: Problem::Empty });
            }
        }
        if self.procedure.delivery_methods.is_empty() {
            issues.push(ValidationIssue {
                path: "procedure.delivery_methods".into(),
                problem: Problem::NoDeliveryMethod,
            });
        }
        let reasoned = self.procedure.no_electronic_reason.as_deref().is_some_and(|r| !r.trim().is_empty());
        if !self.procedure.delivery_methods.is_empty() && !self.offers_electronic() && !reasoned {
            issues.push(ValidationIssue {
                path: "procedure.no_electronic_reason".into(),
                problem: Problem::NoElectronicMethod,
            });
        }
        duplicates(
            &mut issues,
            "procedure.delivery_methods",
            self.procedure.delivery_methods.iter().map(|d| (&d.id, &d.name)),
        );

        if issues.is_empty() { Ok(()) } else { Err(issues) }
    }

    /// What a person may name in a 利用目的の通知 or a 開示, as (id, name): the published
    /// categories, and the 特定個人情報 where the publication describes them (37条3項 and
    /// 施行令13条 decide who may ask; the 番号法 changes use and provision, not that).
    pub fn category_choices(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = self.categories.iter().map(|c| (c.id.clone(), c.name.clone())).collect();
        // Named for the data, not for the section's title (which names its purposes).
        if self.specific_personal_info.is_some() {
            out.push((SPECIFIC_PERSONAL_INFO.to_string(), SPECIFIC_PERSONAL_INFO_NAME.to_string()));
        }
        out
    }

    /// A published delivery method by its id.
    pub fn method(&self, id: &str) -> Option<&DeliveryMethod> {
        self.procedure.delivery_methods.iter().find(|m| m.id == id)
    }

    /// Whether the person can choose 電磁的記録 (33条1項).
    pub fn offers_electronic(&self) -> bool {
        self.procedure.delivery_methods.iter().any(|m| m.kind.electronic())
    }

    /// The fee for a request type (0 where none is published or the law allows none).
    pub fn fee_for(&self, request_type: RequestType) -> u32 {
        if !request_type.may_charge_fee() {
            return 0;
        }
        self.procedure.fees.iter().find(|f| f.request_type == request_type).map_or(0, |f| f.amount_yen)
    }
}

fn duplicates<'a>(
    issues: &mut Vec<ValidationIssue>,
    list: &str,
    items: impl Iterator<Item = (&'a String, &'a String)>,
) {
    let mut ids: Vec<&str> = Vec::new();
    let mut names: Vec<&str> = Vec::new();
    for (i, (id, name)) in items.enumerate() {
        if ids.contains(&id.as_str()) {
            issues.push(ValidationIssue { path: format!("{list}[{i}].id"), problem: Problem::DuplicateId });
        }
        if names.contains(&name.trim()) {
            issues.push(ValidationIssue { path: format!("{list}[{i}]"), problem: Problem::DuplicateName });
        }
        ids.push(id);
        names.push(name.trim());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_every_use_kind() -> Publication {
        let mut p = crate::publication::diff::tests::sample();
        p.purpose_areas[0].uses.push(RecipientUse {
            text: "健診結果の事業主との共同利用".into(),
            kind: UseKind::JointUse(JointUse {
                items: vec!["氏名".into(), "健診結果".into()],
                joint_users: "当組合及び事業主".into(),
                purpose: "健康の保持増進".into(),
                responsible_party: ResponsibleParty {
                    name: "見本健康保険組合".into(),
                    address: "東京都".into(),
                    representative: "理事長 見本".into(),
                },
            }),
        });
        p.purpose_areas[0].uses.push(RecipientUse {
            text: "損保会社等への求償".into(),
            kind: UseKind::ProvisionByLaw { basis: "健康保険法第57条".into() },
        });
        p.specific_personal_info = Some(SpecificPersonalInfo {
            title: "特定個人情報".into(),
            intro: "情報連携".into(),
            received: vec!["給付情報".into()],
            provided: vec!["資格情報".into()],
            explanation: "番号法".into(),
        });
        p
    }

    #[test]
    fn both_shapes_round_trip_through_json() {
        let p = with_every_use_kind();
        let json = serde_json::to_string(&p).unwrap();
        assert!(json.contains(r#""type":"joint_use""#) && json.contains(r#""type":"provision_by_law""#));
        let back: Publication = serde_json::from_str(&json).unwrap();
        assert_eq!(back, p);
        assert_eq!(back.validate(), Ok(()));
    }

    #[test]
    fn unknown_fields_are_refused_not_ignored() {
        let mut value = serde_json::to_value(with_every_use_kind()).unwrap();
        value["categories"][0]["purpose"] = serde_json::json!("typo for purposes");
        assert!(serde_json::from_value::<Publication>(value).is_err());
    }

    #[test]
    fn an_incomplete_joint_use_is_refused() {
        let mut p = with_every_use_kind();
        if let UseKind::JointUse(j) = &mut p.purpose_areas[0].uses[2].kind {
            j.responsible_party.representative = " ".into();
        }
        let issues = p.validate().unwrap_err();
        assert_eq!(
            issues,
            vec![ValidationIssue {
                path: "purpose_areas[0].uses[2].kind".into(),
                problem: Problem::JointUseIncomplete
            }]
        );
    }

    #[test]
    fn fees_only_where_38_allows_and_once_per_type() {
        let mut p = with_every_use_kind();
        p.procedure.fees = vec![
            Fee { request_type: RequestType::Disclosure, amount_yen: 300, note: None },
            Fee { request_type: RequestType::Disclosure, amount_yen: 500, note: None },
            Fee { request_type: RequestType::Correction, amount_yen: 100, note: None },
        ];
        let problems: Vec<Problem> = p.validate().unwrap_err().into_iter().map(|i| i.problem).collect();
        // 38条: a fee is published with a way to pay it.
        assert_eq!(problems, vec![Problem::DuplicateFee, Problem::FeeNotAllowed, Problem::NoPaymentMethod]);
        p.procedure.payment_methods = vec![PaymentMethod { kind: PaymentKind::BankTransfer, instructions: "口座".into() }; 2];
        let problems: Vec<Problem> = p.validate().unwrap_err().into_iter().map(|i| i.problem).collect();
        assert_eq!(problems, vec![Problem::DuplicateFee, Problem::FeeNotAllowed, Problem::DuplicatePaymentMethod]);
        assert_eq!(p.fee_for(RequestType::Disclosure), 300);
        assert_eq!(p.fee_for(RequestType::Correction), 0, "a fee the law forbids is never charged");
    }

    #[test]
    fn methods_published_before_they_were_typed_read_as_they_worked() {
        let mut value = serde_json::to_value(with_every_use_kind()).unwrap();
        value["procedure"]["delivery_methods"] = serde_json::json!([
            {"id": "electronic", "name": "電磁的記録の提供", "description": "ダウンロード"},
            {"id": "paper", "name": "書面の交付", "description": "郵送"},
            {"id": "method-1", "name": "窓口での交付", "description": "来所"},
        ]);
        let p: Publication = serde_json::from_value(value).unwrap();
        let kinds: Vec<MethodKind> = p.procedure.delivery_methods.iter().map(|m| m.kind).collect();
        assert_eq!(kinds, vec![MethodKind::Download, MethodKind::Paper, MethodKind::Paper]);
        // Stored again, the kind is written out and read back as such.
        let again: Publication = serde_json::from_str(&serde_json::to_string(&p).unwrap()).unwrap();
        assert_eq!(again, p);
        let mut value = serde_json::to_value(&p).unwrap();
        value["procedure"]["delivery_methods"][0]["kind"] = serde_json::json!("fax");
        assert!(serde_json::from_value::<Publication>(value).is_err(), "an unknown kind is refused");
    }

    #[test]
    fn a_publication_without_electronic_records_says_why() {
        let mut p = with_every_use_kind();
        assert!(p.offers_electronic());
        p.procedure.delivery_methods[0].kind = MethodKind::Paper;
        assert_eq!(
            p.validate(),
            Err(vec![ValidationIssue {
                path: "procedure.no_electronic_reason".into(),
                problem: Problem::NoElectronicMethod
            }])
        );
        p.procedure.no_electronic_reason = Some("  ".into());
        assert!(p.validate().is_err(), "a blank reason is no reason");
        p.procedure.no_electronic_reason = Some("電磁的記録を扱う設備がないため".into());
        assert_eq!(p.validate(), Ok(()));
        assert!(
            [MethodKind::Download, MethodKind::Medium].iter().all(|k| k.electronic())
                && !MethodKind::Paper.electronic()
        );
    }
}
