//! Paper and counter intake (紙・窓口での受付): requests that arrive as 様式1 開示依頼書 or
//! 様式2 利用停止等依頼書 by post, or at the counter, are entered by staff into the same
//! lifecycle and clock as online ones — also for people without a portal account (a former
//! member, an agent, a 議員 or 従業員 whose data the society holds).
//!
//! The clock starts on the day the request arrived, not the day it was typed in. Staff
//! record how identity was checked and by whom, and attach the scan of the form (checked
//! by content, like every upload). What is asked uses the online form's fields and rules
//! ([`crate::requests::draft::details`]), so a paper request can never ask for something
//! an online one could not.
//!
//! Here: the intake's types and the pure check of its fields; `store` (server only) writes
//! and reads intakes, `api` holds the endpoints and `views` the staff pages.

mod api;
#[cfg(feature = "ssr")]
pub mod store;
mod views;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use kit::access::StaffRole;
use crate::requests::FormSetup;
use crate::requests::agency::{Capacity, Document};

pub use api::{LoadIntakeForm, SubmitIntake, load_intake_form, submit_intake};
pub use views::{StaffIntakeFormPage, StaffIntakePage, intake_card};

/// Who enters paper and counter requests: those who work on requests.
pub const INTAKE_ROLES: &[StaffRole] = &[StaffRole::Intake, StaffRole::Reviewer, StaffRole::Approver];

/// How long after its arrival a paper request may still be entered with that date: beyond
/// it, the date is more likely a typo than a late entry.
pub const MAX_ARRIVAL_AGE_DAYS: i64 = 60;

/// The requester choice 「亡くなった方のご遺族」: offered at intake only to be refused with its
/// explanation. The MHLW notice treats a 遺族's request for a deceased person's レセプト as a
/// service outside APPI, and the society takes it through a separate procedure.
pub const BEREAVED: &str = "bereaved";

/// The identity documents staff record (the counter-help list).
pub use crate::identity::documents::DOCUMENTS as ID_DOCUMENTS;

/// How the request reached the society.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// 郵送（様式1・様式2）.
    Paper,
    /// 窓口.
    Counter,
    /// 電話: a complaint only (a request for data needs the form and a checked identity).
    Phone,
}
kit::codes!(Channel {
    Paper => "paper": "郵送（様式1・様式2・手紙）", "By post (form 1 or 2, or a letter)",
    Counter => "counter": "窓口", "At the counter",
    Phone => "phone": "電話（苦情だけ）", "By phone (complaints only)",
});

/// Whose data the request is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SubjectKind {
    /// 加入者（資格喪失者を含む）: found in the registry by 記号・番号 and 生年月日.
    Registry,
    /// 組合会議員.
    Councillor,
    /// 職員.
    Employee,
    /// Anyone else whose data the society holds, or who names themselves without their
    /// identity being checked.
    Other,
    /// 匿名: a complaint from someone who gives no name.
    Anonymous,
}
kit::codes!(SubjectKind {
    Registry => "registry": "加入者・元加入者（資格情報で確認）", "Member or former member (checked in the registry)",
    Councillor => "councillor": "組合会議員", "Councillor (組合会議員)",
    Employee => "employee": "職員", "Employee (職員)",
    Other => "other": "その他（本人確認をしていない方を含む）", "Other (including anyone whose identity was not checked)",
    Anonymous => "anonymous": "匿名（苦情だけ）", "Anonymous (complaints only)",
});

/// How the requester's identity was checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IdCheck {
    /// The original shown at the counter.
    Presented,
    /// A copy sent with the form.
    CopyByPost,
    /// Not checked: a complaint, which does not ask for the person's own data, is taken
    /// from anyone (40条), also by phone or without a name.
    NotChecked,
}
kit::codes!(IdCheck {
    Presented => "presented": "原本を窓口で確認", "Original shown at the counter",
    CopyByPost => "copy_by_post": "同封の写しで確認", "Copy enclosed with the form",
    NotChecked => "none": "確認していない（苦情だけ）", "Not checked (complaints only)",
});

/// The person the request is about, as the form names them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IntakeSubject {
    Registry { symbol: String, number: String, branch: String, birth_date: NaiveDate },
    Outside { kind: SubjectKind, name: String },
}

/// The intake's own fields, validated (what is asked is validated by the request rules).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IntakeDraft {
    pub channel: Channel,
    pub arrived_on: NaiveDate,
    pub subject: IntakeSubject,
    pub capacity: Capacity,
    /// Empty when the person asks for themselves (their name is the subject's).
    pub requester_name: String,
    pub requester_address: String,
    pub requester_phone: String,
    /// Empty when identity was not checked.
    pub id_document: String,
    pub id_check: IdCheck,
    /// Who checked identity (none when it was not checked).
    pub checked_by: Option<i64>,
}

/// The documents a paper request must carry: the scan of the form when it came by post,
/// and the agent's document where the capacity needs one.
pub fn required_files(channel: Channel, capacity: Capacity) -> Vec<Document> {
    let mut docs = Vec::new();
    if channel == Channel::Paper {
        docs.push(Document::Supporting);
    }
    // At the desk or on paper the subject's age is checked by staff from the documents
    // themselves: the capacity's own proof is required here.
    docs.extend(capacity.required_documents(false));
    docs
}

/// What the intake form needs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntakeSetup {
    /// The online form's setup, with every published method (the download only for a
    /// registry person asking for themselves, who receives it in their own account).
    pub form: FormSetup,
    /// (id, "staff number name") of those who may have checked identity.
    pub colleagues: Vec<(i64, String)>,
    pub me: i64,
    pub today: String,
}

/// How a request came in on paper or at the counter, for the staff request page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntakeInfo {
    pub channel: Channel,
    pub arrived_on: String,
    pub subject_kind: SubjectKind,
    pub requester_name: String,
    pub requester_address: String,
    pub requester_phone: String,
    pub id_document: String,
    pub id_check: IdCheck,
    /// "staff number name" (empty when identity was not checked).
    pub checked_by: String,
    pub entered_by: String,
    pub entered_at: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_posted_form_needs_its_scan_and_an_agent_their_document() {
        assert_eq!(required_files(Channel::Paper, Capacity::Own), vec![Document::Supporting]);
        assert_eq!(required_files(Channel::Counter, Capacity::Own), Vec::<Document>::new());
        assert_eq!(required_files(Channel::Paper, Capacity::Proxy), vec![Document::Supporting, Document::PowerOfAttorney]);
        assert_eq!(required_files(Channel::Counter, Capacity::Guardian), vec![Document::GuardianshipCertificate]);
        assert_eq!(required_files(Channel::Counter, Capacity::LegalRepresentative), vec![Document::KinshipRecord]);
        assert_eq!(required_files(Channel::Counter, Capacity::MinorGuardian), vec![Document::MinorGuardianRecord]);
    }

    #[test]
    fn codes_round_trip() {
        for c in Channel::ALL {
            assert_eq!(Channel::from_code(c.code()), Some(c));
        }
        for k in SubjectKind::ALL {
            assert_eq!(SubjectKind::from_code(k.code()), Some(k));
        }
        for i in IdCheck::ALL {
            assert_eq!(IdCheck::from_code(i.code()), Some(i));
        }
    }
}
