//! The check of an intake's own fields (server only: the registry key is read by the
//! sign-in's identifier parser).

use chrono::NaiveDate;
use kit::form::{Check, Problem};

use crate::requests::agency::Capacity;
use crate::requests::draft::{Fields, one};
use kit::rights::RequestType;
use crate::requests::intake::{Channel, ID_DOCUMENTS, IdCheck, IntakeDraft, IntakeSubject, MAX_ARRIVAL_AGE_DAYS, SubjectKind};

/// A choice among codes: empty is "required", anything else unknown is "not a choice".
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
///
/// A complaint (40条) is taken as it comes: by phone, without a name, without identity
/// checked. Every other request asks for the person's own data, so it needs the form and
/// a checked identity (37条, 施行令12条).
pub fn validate_intake(
    check: &mut Check,
    request_type: RequestType,
    fields: &Fields,
    today: NaiveDate,
    colleagues: &[i64],
) -> Option<IntakeDraft> {
    let complaint = request_type == RequestType::Complaint;
    let channel = choice(check, fields, "channel", Channel::from_code);
    if channel == Some(Channel::Phone) && !complaint {
        check.fail("channel", Problem::ComplaintOnly);
    }
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
        Some(SubjectKind::Anonymous) => {
            if !complaint {
                check.fail("subject_kind", Problem::ComplaintOnly);
            }
            Some(IntakeSubject::Outside { kind: SubjectKind::Anonymous, name: String::new() })
        }
        Some(kind) => {
            let name = check.text("subject_name", one(fields, "subject_name"), crate::requests::draft::SHORT);
            Some(IntakeSubject::Outside { kind, name })
        }
        None => None,
    };
    let anonymous = matches!(subject, Some(IntakeSubject::Outside { kind: SubjectKind::Anonymous, .. }));
    // A 遺族 asks through a separate procedure (docs/LEGAL.md): refused with that explanation.
    let capacity = if one(fields, "capacity") == crate::requests::intake::BEREAVED {
        check.fail("capacity", Problem::Bereaved);
        None
    } else {
        choice(check, fields, "capacity", Capacity::from_code)
    };
    // Someone without a name asks for no one else.
    if anonymous && capacity.is_some_and(|c| c != Capacity::Own) {
        check.fail("capacity", Problem::Choice);
    }
    // A minor's representative is checked against the registry (the minor's age); outside it, no.
    if matches!(capacity, Some(Capacity::LegalRepresentative | Capacity::MinorGuardian)) && matches!(subject, Some(IntakeSubject::Outside { .. })) {
        check.fail("capacity", Problem::Choice);
    }
    let requester_name = if capacity.is_some_and(|c| c != Capacity::Own) {
        check.text("requester_name", one(fields, "requester_name"), crate::requests::draft::SHORT)
    } else {
        String::new()
    };
    // A complaint may come without an address to answer to (by phone, anonymously).
    let requester_address = if complaint {
        check.optional_text("requester_address", one(fields, "requester_address"), crate::requests::draft::SHORT)
    } else {
        check.text("requester_address", one(fields, "requester_address"), crate::requests::draft::SHORT)
    };
    let phone = kit::input::normalize(one(fields, "requester_phone"));
    if phone.chars().count() > 20 {
        check.fail("requester_phone", Problem::TooLong);
    } else if !phone.chars().all(|c| c.is_ascii_digit() || matches!(c, '-' | '(' | ')' | ' ')) {
        check.fail("requester_phone", Problem::Digits);
    }
    let id_check = choice(check, fields, "id_check", IdCheck::from_code);
    // At the counter the original is in front of us; a copy is what the post brings; on
    // the phone nothing can be seen.
    match (channel, id_check) {
        (Some(Channel::Counter), Some(IdCheck::CopyByPost)) => check.fail("id_check", Problem::Choice),
        (Some(Channel::Phone), Some(IdCheck::Presented | IdCheck::CopyByPost)) => check.fail("id_check", Problem::Choice),
        (_, Some(IdCheck::NotChecked)) if !complaint => check.fail("id_check", Problem::ComplaintOnly),
        // Nobody unchecked is tied to a member's data.
        (_, Some(IdCheck::NotChecked)) if matches!(subject, Some(IntakeSubject::Registry { .. })) => {
            check.fail("subject_kind", Problem::UncheckedRegistry)
        }
        _ => {}
    }
    let (id_document, checked_by) = if id_check == Some(IdCheck::NotChecked) {
        (Some(String::new()), Some(None))
    } else {
        (
            choice(check, fields, "id_document", |d| ID_DOCUMENTS.iter().find(|x| **x == d).map(|x| x.to_string())),
            choice(check, fields, "checked_by", |raw| raw.parse::<i64>().ok().filter(|id| colleagues.contains(id))).map(Some),
        )
    };
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

#[cfg(test)]
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
        run_as(RequestType::Disclosure, fields)
    }

    fn run_as(request_type: RequestType, fields: &[(&str, &str)]) -> (Option<IntakeDraft>, Vec<(String, Problem)>) {
        let mut check = Check::default();
        let d = validate_intake(&mut check, request_type, &f(fields), day(TODAY.0, TODAY.1, TODAY.2), &[7, 8]);
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
        assert_eq!((d.capacity, d.requester_name.as_str(), d.checked_by), (Capacity::Own, "", Some(7)));
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
    fn a_deceased_members_family_is_refused_with_its_explanation() {
        let (d, problems) = run(&with(&[("capacity", "bereaved"), ("requester_name", "遺族 一郎")]));
        assert!(d.is_none());
        assert_eq!(problems, vec![("capacity".to_string(), Problem::Bereaved)]);
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
    fn a_complaint_is_taken_as_it_comes_and_only_a_complaint() {
        let by_phone = [
            ("channel", "phone"),
            ("arrived_on", "2026-11-24"),
            ("subject_kind", "anonymous"),
            ("capacity", "self"),
            ("id_check", "none"),
        ];
        // By phone, anonymous, no address, identity not checked: a complaint is recorded so.
        let (d, problems) = run_as(RequestType::Complaint, &by_phone);
        assert!(problems.is_empty(), "{problems:?}");
        let d = d.unwrap();
        assert_eq!((d.channel, d.id_check, d.checked_by, d.id_document.as_str()), (Channel::Phone, IdCheck::NotChecked, None, ""));
        assert_eq!(d.subject, IntakeSubject::Outside { kind: SubjectKind::Anonymous, name: String::new() });
        // Any other request asks for the person's own data: each of the three is refused.
        let (_, problems) = run_as(RequestType::Disclosure, &by_phone);
        assert_eq!(
            problems,
            vec![
                ("channel".to_string(), Problem::ComplaintOnly),
                ("subject_kind".to_string(), Problem::ComplaintOnly),
                ("requester_address".to_string(), Problem::Required),
                ("id_check".to_string(), Problem::ComplaintOnly),
            ]
        );
        // On the phone nothing can be seen; someone unchecked is not tied to a member's data;
        // an anonymous caller asks for no one else.
        let (_, problems) = run_as(RequestType::Complaint, &[("channel", "phone"), ("id_check", "presented"), ("id_document", "drivers_license"), ("checked_by", "7"), ("arrived_on", "2026-11-24"), ("subject_kind", "other"), ("subject_name", "名乗った 人"), ("capacity", "self")]);
        assert_eq!(problems, vec![("id_check".to_string(), Problem::Choice)]);
        let (_, problems) = run_as(RequestType::Complaint, &with(&[("id_check", "none")]));
        assert_eq!(problems, vec![("subject_kind".to_string(), Problem::UncheckedRegistry)]);
        let (_, problems) = run_as(RequestType::Complaint, &[("channel", "counter"), ("arrived_on", "2026-11-24"), ("subject_kind", "anonymous"), ("capacity", "proxy"), ("requester_name", "誰か"), ("id_check", "none")]);
        assert_eq!(problems, vec![("capacity".to_string(), Problem::Choice)]);
        // A complaint from someone who names themselves at the counter, identity unchecked.
        let (d, problems) = run_as(RequestType::Complaint, &[("channel", "counter"), ("arrived_on", "2026-11-24"), ("subject_kind", "other"), ("subject_name", "名乗った 人"), ("capacity", "self"), ("id_check", "none"), ("id_document", "drivers_license"), ("checked_by", "7")]);
        assert!(problems.is_empty(), "{problems:?}");
        let d = d.unwrap();
        assert_eq!((d.checked_by, d.id_document.as_str()), (None, ""), "nobody is named as having checked what was not checked");
    }
}
