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
//! and reads intakes, `server_fns` holds the endpoints and `views` the staff pages.

#[cfg(feature = "ssr")]
pub mod store;
mod server_fns;
mod views;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use kit::form::{Check, Problem};
use kit::access::StaffRole;
use crate::requests::FormSetup;
use crate::requests::agency::{Capacity, Document};
#[cfg(feature = "ssr")]
use crate::requests::draft::Fields;

pub use server_fns::{LoadIntakeForm, SubmitIntake, load_intake_form, submit_intake};
pub use views::{StaffIntakeFormPage, StaffIntakePage, intake_card};

/// Who enters paper and counter requests: those who work on requests.
pub const INTAKE_ROLES: &[StaffRole] = &[StaffRole::Intake, StaffRole::Reviewer, StaffRole::Approver];

/// How long after its arrival a paper request may still be entered with that date: beyond
/// it, the date is more likely a typo than a late entry.
pub const MAX_ARRIVAL_AGE_DAYS: i64 = 60;

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
}
kit::codes!(Channel {
    Paper => "paper": "郵送（様式1・様式2）", "By post (form 1 or 2)",
    Counter => "counter": "窓口", "At the counter",
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
    /// Anyone else whose data the society holds.
    Other,
}
kit::codes!(SubjectKind {
    Registry => "registry": "加入者・元加入者（資格情報で確認）", "Member or former member (checked in the registry)",
    Councillor => "councillor": "組合会議員", "Councillor (組合会議員)",
    Employee => "employee": "職員", "Employee (職員)",
    Other => "other": "その他", "Other",
});

/// How the requester's identity was checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IdCheck {
    /// The original shown at the counter.
    Presented,
    /// A copy sent with the form.
    CopyByPost,
}
kit::codes!(IdCheck {
    Presented => "presented": "原本を窓口で確認", "Original shown at the counter",
    CopyByPost => "copy_by_post": "同封の写しで確認", "Copy enclosed with the form",
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
    pub id_document: String,
    pub id_check: IdCheck,
    pub checked_by: i64,
}

#[cfg(feature = "ssr")]
use crate::requests::draft::one;

/// A choice among codes: empty is "required", anything else unknown is "not a choice".
#[cfg(feature = "ssr")]
fn choice<T>(check: &mut Check, fields: &Fields, name: &str, parse: impl Fn(&str) -> Option<T>) -> Option<T> {
    let raw = one(fields, name);
    let parsed = parse(raw);
    if parsed.is_none() {
        check.fail(name, if raw.is_empty() { Problem::Required } else { Problem::Choice });
    }
    parsed
}

/// Checks the intake's own fields: channel, arrival date, subject, capacity, requester,
/// identity check. `colleagues` are the staff who may be named as having checked identity.
/// (Server only: the registry key is read by the sign-in's identifier parser.)
#[cfg(feature = "ssr")]
pub fn validate_intake(check: &mut Check, fields: &Fields, today: NaiveDate, colleagues: &[i64]) -> Option<IntakeDraft> {
    let channel = choice(check, fields, "channel", Channel::from_code);
    let arrived_on = check.date("arrived_on", one(fields, "arrived_on")).filter(|d| {
        let ok = *d <= today && (today - *d).num_days() <= MAX_ARRIVAL_AGE_DAYS;
        if !ok {
            check.fail("arrived_on", Problem::ArrivalDate);
        }
        ok
    });
    let subject = match choice(check, fields, "subject_kind", SubjectKind::from_code) {
        Some(SubjectKind::Registry) => {
            let key = match crate::identity::accounts::parse_identifier(one(fields, "subject_key")) {
                Some(crate::identity::accounts::Identifier::Key { symbol, number, branch }) => Some((symbol, number, branch)),
                _ => {
                    let raw = one(fields, "subject_key").trim();
                    check.fail("subject_key", if raw.is_empty() { Problem::Required } else { Problem::Digits });
                    None
                }
            };
            let birth = check.date("subject_birth", one(fields, "subject_birth"));
            match (key, birth) {
                (Some((symbol, number, branch)), Some(birth_date)) => {
                    Some(IntakeSubject::Registry { symbol, number, branch, birth_date })
                }
                _ => None,
            }
        }
        Some(kind) => {
            let name = check.text("subject_name", one(fields, "subject_name"), crate::requests::draft::SHORT);
            Some(IntakeSubject::Outside { kind, name })
        }
        None => None,
    };
    let capacity = choice(check, fields, "capacity", Capacity::from_code);
    // A 法定代理人 is checked against the registry (the minor's age); outside it, no.
    if capacity == Some(Capacity::LegalRepresentative) && matches!(subject, Some(IntakeSubject::Outside { .. })) {
        check.fail("capacity", Problem::Choice);
    }
    let requester_name = if capacity.is_some_and(|c| c != Capacity::Own) {
        check.text("requester_name", one(fields, "requester_name"), crate::requests::draft::SHORT)
    } else {
        String::new()
    };
    let requester_address = check.text("requester_address", one(fields, "requester_address"), crate::requests::draft::SHORT);
    let phone = kit::input::normalize(one(fields, "requester_phone"));
    if phone.chars().count() > 20 {
        check.fail("requester_phone", Problem::TooLong);
    } else if !phone.chars().all(|c| c.is_ascii_digit() || matches!(c, '-' | '(' | ')' | ' ')) {
        check.fail("requester_phone", Problem::Digits);
    }
    let id_document = choice(check, fields, "id_document", |d| ID_DOCUMENTS.iter().find(|x| **x == d).map(|x| x.to_string()));
    let id_check = choice(check, fields, "id_check", IdCheck::from_code);
    // At the counter the original is in front of us; a copy is what the post brings.
    if channel == Some(Channel::Counter) && id_check == Some(IdCheck::CopyByPost) {
        check.fail("id_check", Problem::Choice);
    }
    let checked_by = choice(check, fields, "checked_by", |raw| raw.parse::<i64>().ok().filter(|id| colleagues.contains(id)));
    Some(IntakeDraft {
        channel: channel?,
        arrived_on: arrived_on?,
        subject: subject?,
        capacity: capacity?,
        requester_name,
        requester_address,
        requester_phone: phone,
        id_document: id_document?,
        id_check: id_check?,
        checked_by: checked_by?,
    })
}

/// The documents a paper request must carry: the scan of the form when it came by post,
/// and the agent's document where the capacity needs one.
pub fn required_files(channel: Channel, capacity: Capacity) -> Vec<Document> {
    let mut docs = Vec::new();
    if channel == Channel::Paper {
        docs.push(Document::Supporting);
    }
    docs.extend(capacity.required_document());
    docs
}

/// What the intake form needs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntakeSetup {
    /// The online form's setup, with the methods a requester without a portal account can
    /// receive (not the in-portal download).
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
    pub checked_by: String,
    pub entered_by: String,
    pub entered_at: String,
}

#[cfg(test)]
#[cfg(feature = "ssr")]
mod tests {
    use super::*;
    use kit::error::AppError;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn f(pairs: &[(&str, &str)]) -> Fields {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    const TODAY: (i32, u32, u32) = (2026, 11, 24);

    fn base() -> Vec<(&'static str, &'static str)> {
        vec![
            ("channel", "paper"),
            ("arrived_on", "2026-11-20"),
            ("subject_kind", "registry"),
            ("subject_key", "1002-45-00"),
            ("subject_birth", "1965-11-30"),
            ("capacity", "self"),
            ("requester_address", "埼玉県さいたま市浦和区緑町九丁目9番"),
            ("requester_phone", "048-000-0000"),
            ("id_document", "drivers_license"),
            ("id_check", "copy_by_post"),
            ("checked_by", "7"),
        ]
    }

    fn run(fields: &[(&str, &str)]) -> (Option<IntakeDraft>, Vec<(String, Problem)>) {
        let mut check = Check::default();
        let d = validate_intake(&mut check, &f(fields), day(TODAY.0, TODAY.1, TODAY.2), &[7, 8]);
        let problems = match check.finish() {
            Ok(()) => Vec::new(),
            Err(AppError::Invalid(e)) => e.into_iter().map(|e| (e.field, e.problem)).collect(),
            Err(_) => vec![("?".into(), Problem::Required)],
        };
        (d, problems)
    }

    fn with(changes: &[(&'static str, &'static str)]) -> Vec<(&'static str, &'static str)> {
        let mut v = base();
        for (k, val) in changes {
            match v.iter_mut().find(|(n, _)| n == k) {
                Some(slot) => slot.1 = val,
                None => v.push((k, val)),
            }
        }
        v
    }

    #[test]
    fn a_former_members_paper_request_reads_the_registry_key_and_the_arrival_day() {
        let (d, problems) = run(&base());
        assert!(problems.is_empty(), "{problems:?}");
        let d = d.unwrap();
        assert_eq!(d.channel, Channel::Paper);
        assert_eq!(d.arrived_on, day(2026, 11, 20));
        assert_eq!(
            d.subject,
            IntakeSubject::Registry { symbol: "1002".into(), number: "45".into(), branch: "00".into(), birth_date: day(1965, 11, 30) }
        );
        assert_eq!((d.capacity, d.requester_name.as_str(), d.checked_by), (Capacity::Own, "", 7));
        // Full-width digits and 和暦 as people write them on paper.
        let (d, problems) = run(&with(&[("subject_key", "１００２ー４５ー００"), ("subject_birth", "昭和40年11月30日")]));
        assert!(problems.is_empty(), "{problems:?}");
        assert!(matches!(d.unwrap().subject, IntakeSubject::Registry { ref symbol, birth_date, .. } if symbol == "1002" && birth_date == day(1965, 11, 30)));
    }

    #[test]
    fn the_arrival_day_is_today_or_earlier_and_at_most_sixty_days_ago() {
        for (raw, ok) in [("2026-11-24", true), ("2026-11-25", false), ("2026-09-25", true), ("2026-09-24", false)] {
            let (_, problems) = run(&with(&[("arrived_on", raw)]));
            assert_eq!(problems.is_empty(), ok, "{raw}: {problems:?}");
            if !ok {
                assert_eq!(problems, vec![("arrived_on".to_string(), Problem::ArrivalDate)]);
            }
        }
        let (_, problems) = run(&with(&[("arrived_on", "2026-02-30")]));
        assert!(matches!(problems.as_slice(), [(f, Problem::Date(_))] if f == "arrived_on"));
    }

    #[test]
    fn someone_outside_the_registry_is_named_and_cannot_have_a_legal_representative() {
        let (d, problems) = run(&with(&[("subject_kind", "councillor"), ("subject_name", "  議員　花子 ")]));
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(d.unwrap().subject, IntakeSubject::Outside { kind: SubjectKind::Councillor, name: "議員 花子".into() });
        let (_, problems) = run(&with(&[("subject_kind", "employee")]));
        assert_eq!(problems, vec![("subject_name".to_string(), Problem::Required)]);
        let (_, problems) =
            run(&with(&[("subject_kind", "other"), ("subject_name", "某"), ("capacity", "legal_representative"), ("requester_name", "親")]));
        assert_eq!(problems, vec![("capacity".to_string(), Problem::Choice)]);
    }

    #[test]
    fn an_agent_is_named_and_self_needs_no_second_name() {
        let (_, problems) = run(&with(&[("capacity", "proxy")]));
        assert_eq!(problems, vec![("requester_name".to_string(), Problem::Required)]);
        let (d, problems) = run(&with(&[("capacity", "proxy"), ("requester_name", "代理 一郎")]));
        assert!(problems.is_empty());
        assert_eq!(d.unwrap().requester_name, "代理 一郎");
    }

    #[test]
    fn every_choice_must_be_one_offered_and_each_problem_is_on_its_field() {
        let (d, problems) = run(&with(&[
            ("channel", "fax"),
            ("subject_kind", ""),
            ("capacity", "friend"),
            ("id_document", "library_card"),
            ("id_check", ""),
            ("checked_by", "9"),
            ("requester_phone", "call me"),
            ("requester_address", ""),
        ]));
        assert!(d.is_none());
        let fields: Vec<(&str, Problem)> = problems.iter().map(|(f, p)| (f.as_str(), *p)).collect();
        for expected in [
            ("channel", Problem::Choice),
            ("subject_kind", Problem::Required),
            ("capacity", Problem::Choice),
            ("id_document", Problem::Choice),
            ("id_check", Problem::Required),
            ("checked_by", Problem::Choice),
            ("requester_phone", Problem::Digits),
            ("requester_address", Problem::Required),
        ] {
            assert!(fields.contains(&expected), "{expected:?} missing in {fields:?}");
        }
    }

    #[test]
    fn a_registry_key_must_be_three_numbers_and_a_date() {
        let (_, problems) = run(&with(&[("subject_key", "緑川"), ("subject_birth", "")]));
        assert_eq!(
            problems,
            vec![("subject_key".to_string(), Problem::Digits), ("subject_birth".to_string(), Problem::Required)]
        );
    }

    #[test]
    fn at_the_counter_identity_is_checked_on_the_original() {
        let (_, problems) = run(&with(&[("channel", "counter")]));
        assert_eq!(problems, vec![("id_check".to_string(), Problem::Choice)]);
        let (d, problems) = run(&with(&[("channel", "counter"), ("id_check", "presented")]));
        assert!(problems.is_empty());
        assert_eq!(d.unwrap().id_check, IdCheck::Presented);
    }

    #[test]
    fn a_posted_form_needs_its_scan_and_an_agent_their_document() {
        assert_eq!(required_files(Channel::Paper, Capacity::Own), vec![Document::Supporting]);
        assert_eq!(required_files(Channel::Counter, Capacity::Own), Vec::<Document>::new());
        assert_eq!(required_files(Channel::Paper, Capacity::Proxy), vec![Document::Supporting, Document::PowerOfAttorney]);
        assert_eq!(required_files(Channel::Counter, Capacity::Guardian), vec![Document::GuardianshipCertificate]);
        assert_eq!(required_files(Channel::Counter, Capacity::LegalRepresentative), Vec::<Document>::new());
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
