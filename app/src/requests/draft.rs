//! What a member asks for, validated. Pure: the form's fields, the current publication
//! (categories, delivery methods, fees) and the household in; a typed [`Draft`] or every
//! field problem out. The server re-runs all of this on every post.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::agency::{Capacity, Subject};
use kit::rights::RequestType;
use kit::form::{Check, FieldError, Problem};

pub use kit::time::Month;

mod choices;
pub mod steps;
pub use choices::{ChangeKind, ComplaintCategory, Ground, HeldItem, Measure};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub from: Month,
    pub to: Month,
}

/// What is asked, per request type.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Details {
    /// 利用目的の通知 (32条2項): optionally, which categories.
    PurposeNotice { categories: Vec<String>, note: String },
    /// 開示 (33条).
    Disclosure {
        categories: Vec<String>,
        receipts: Option<Period>,
        checkups: Option<Period>,
        method: String,
        note: String,
    },
    /// 第三者提供記録の開示 (33条5項).
    ThirdPartyRecords { period: Option<Period>, method: String },
    /// 訂正等 (34条).
    Correction { item: HeldItem, item_label: String, current: String, change: ChangeKind, requested: String, reason: String },
    /// 利用停止等 (35条).
    Suspension { measure: Measure, target: String, ground: Ground, explanation: String },
    /// 苦情 (40条).
    Complaint {
        body: String,
        /// Complaints recorded before they were sorted read as "other".
        #[serde(default)]
        category: ComplaintCategory,
    },
}

impl Details {
    /// The id of the published delivery method the person chose (開示 only).
    pub fn method(&self) -> Option<&str> {
        match self {
            Details::Disclosure { method, .. } | Details::ThirdPartyRecords { method, .. } => Some(method),
            _ => None,
        }
    }
}

/// The form's posted fields (a name may repeat, e.g. categories).
pub type Fields = Vec<(String, String)>;

/// The first value posted under `name` ("" when there is none).
pub(crate) fn one<'a>(fields: &'a Fields, name: &str) -> &'a str {
    fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).unwrap_or("")
}

fn all<'a>(fields: &'a Fields, name: &str) -> Vec<&'a str> {
    fields.iter().filter(|(k, _)| k == name).map(|(_, v)| v.as_str()).collect()
}

/// What the form is checked against.
pub struct Context<'a> {
    pub category_ids: Vec<&'a str>,
    pub method_ids: Vec<&'a str>,
    /// The people the member may choose, with how they may act for each.
    pub subjects: &'a [Subject],
    pub today: NaiveDate,
}

/// A validated request, ready to be stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Draft {
    pub request_type: RequestType,
    pub subject_member_id: i64,
    pub capacity: Capacity,
    pub deliver_to_subject: bool,
    pub details: Details,
}

pub const SHORT: usize = 200;
pub const LONG: usize = 4000;

/// An optional free text of at most `max` characters.
fn optional_text(check: &mut Check, fields: &Fields, name: &str, max: usize) -> String {
    let value = kit::input::normalize(one(fields, name));
    if value.chars().count() > max {
        check.fail(name, Problem::TooLong);
    }
    value
}

/// Free text where line breaks matter (explanations, complaints): trimmed, NFKC per line.
fn long_text(check: &mut Check, fields: &Fields, name: &str, required: bool) -> String {
    let raw = one(fields, name);
    let value: String = raw
        .lines()
        .map(kit::input::normalize)
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string();
    if required && value.is_empty() {
        check.fail(name, Problem::Required);
    } else if value.chars().count() > LONG {
        check.fail(name, Problem::TooLong);
    }
    value
}

fn period(check: &mut Check, fields: &Fields, from: &str, to: &str, today: NaiveDate) -> Option<Period> {
    let (raw_from, raw_to) = (one(fields, from).trim(), one(fields, to).trim());
    if raw_from.is_empty() && raw_to.is_empty() {
        return None;
    }
    let parsed = (Month::parse(raw_from), Month::parse(raw_to));
    if parsed.0.is_none() {
        check.fail(from, Problem::Month);
    }
    if parsed.1.is_none() {
        check.fail(to, Problem::Month);
    }
    let (Some(f), Some(t)) = parsed else { return None };
    if f > t {
        check.fail(to, Problem::PeriodOrder);
        return None;
    }
    if t > Month::of(today) {
        check.fail(to, Problem::FutureMonth);
        return None;
    }
    Some(Period { from: f, to: t })
}

fn categories(check: &mut Check, fields: &Fields, ctx: &Context<'_>) -> Vec<String> {
    // 「すべて」: every category the publication names, listed so that staff see each.
    if one(fields, "scope") == "all" {
        return ctx.category_ids.iter().map(|c| c.to_string()).collect();
    }
    let mut chosen = Vec::new();
    for c in all(fields, "categories") {
        if !ctx.category_ids.contains(&c) {
            check.fail("categories", Problem::Choice);
        } else if !chosen.iter().any(|x: &String| x == c) {
            chosen.push(c.to_string());
        }
    }
    chosen
}

fn method(check: &mut Check, fields: &Fields, ctx: &Context<'_>) -> String {
    let m = one(fields, "method");
    if m.is_empty() {
        check.fail("method", Problem::Required);
    } else if !ctx.method_ids.contains(&m) {
        check.fail("method", Problem::Choice);
    }
    m.to_string()
}

/// Who the request is for: `self`, or `<capacity>:<branch>` for a household member.
fn who(check: &mut Check, fields: &Fields, ctx: &Context<'_>) -> Option<(i64, Capacity)> {
    let raw = one(fields, "for");
    let chosen = ctx.subjects.iter().find_map(|s| s.options().into_iter().find(|(value, _)| value == raw).map(|(_, c)| (s, c)));
    match chosen {
        Some((s, c)) => Some((s.member_id, c)),
        None => {
            check.fail("for", if raw.is_empty() { Problem::Required } else { Problem::Choice });
            None
        }
    }
}

/// Validates a form for `request_type`.
pub fn validate(request_type: RequestType, fields: &Fields, ctx: &Context<'_>) -> Result<Draft, Vec<FieldError>> {
    let mut check = Check::default();
    let subject = who(&mut check, fields, ctx);
    let details = details(&mut check, request_type, fields, ctx, subject);
    let deliver_to_subject = one(fields, "deliver_to_subject") == "1";
    if deliver_to_subject
        && !(matches!(subject, Some((_, Capacity::Proxy)))
            && matches!(request_type, RequestType::Disclosure | RequestType::ThirdPartyRecordDisclosure))
    {
        check.fail("deliver_to_subject", Problem::Choice);
    }
    check.finish().map_err(|e| match e {
        kit::error::AppError::Invalid(fields) => fields,
        _ => Vec::new(),
    })?;
    let (subject_member_id, capacity) = subject.ok_or_else(|| vec![FieldError::new("for", Problem::Required)])?;
    Ok(Draft { request_type, subject_member_id, capacity, deliver_to_subject, details })
}

/// What is asked, per type: the part of the form that is the same online and on paper
/// (staff enter paper requests with the same fields and rules).
pub fn details(
    check: &mut Check,
    request_type: RequestType,
    fields: &Fields,
    ctx: &Context<'_>,
    subject: Option<(i64, Capacity)>,
) -> Details {
    match request_type {
        RequestType::PurposeNotice => Details::PurposeNotice {
            categories: categories(check, fields, ctx),
            note: long_text(check, fields, "note", false),
        },
        RequestType::Disclosure => {
            let categories = categories(check, fields, ctx);
            let receipts = period(check, fields, "receipts_from", "receipts_to", ctx.today);
            let checkups = period(check, fields, "checkups_from", "checkups_to", ctx.today);
            if categories.is_empty() && receipts.is_none() && checkups.is_none() && check.ok() {
                check.fail("categories", Problem::NothingChosen);
            }
            Details::Disclosure {
                categories,
                receipts,
                checkups,
                method: method(check, fields, ctx),
                note: long_text(check, fields, "note", false),
            }
        }
        RequestType::ThirdPartyRecordDisclosure => Details::ThirdPartyRecords {
            period: period(check, fields, "period_from", "period_to", ctx.today),
            method: method(check, fields, ctx),
        },
        RequestType::Correction => correction(check, fields, ctx, subject),
        RequestType::Suspension => {
            let measure = Measure::from_code(one(fields, "measure"));
            let ground = Ground::from_code(one(fields, "ground"));
            match (measure, ground) {
                (None, _) => check.fail("measure", Problem::Required),
                (Some(_), None) => check.fail("ground", Problem::Required),
                (Some(m), Some(g)) if !g.supports(m) => check.fail("ground", Problem::GroundMismatch),
                _ => {}
            }
            let target = check.text("target", one(fields, "target"), SHORT);
            Details::Suspension {
                measure: measure.unwrap_or(Measure::StopUse),
                target,
                ground: ground.unwrap_or(Ground::RightsHarmed),
                explanation: long_text(check, fields, "explanation", true),
            }
        }
        RequestType::Complaint => {
            // Not chosen is "other": the person need not sort their complaint to make it.
            let raw = one(fields, "category");
            let category = if raw.is_empty() { Some(ComplaintCategory::Other) } else { ComplaintCategory::from_code(raw) };
            if category.is_none() {
                check.fail("category", Problem::Choice);
            }
            Details::Complaint {
                body: long_text(check, fields, "body", true),
                category: category.unwrap_or(ComplaintCategory::Other),
            }
        }
    }
}

fn correction(check: &mut Check, fields: &Fields, ctx: &Context<'_>, subject: Option<(i64, Capacity)>) -> Details {
    let item = HeldItem::from_code(one(fields, "item"));
    let change = ChangeKind::from_code(one(fields, "change")).unwrap_or(ChangeKind::Correct);
    if item.is_none() {
        check.fail("item", if one(fields, "item").is_empty() { Problem::Required } else { Problem::Choice });
    }
    let item = item.unwrap_or(HeldItem::Other);
    let person = subject.and_then(|(id, _)| ctx.subjects.iter().find(|s| s.member_id == id));
    // The current value is the registry's, never the browser's.
    let current = person.map(|p| p.held_value(item)).unwrap_or_default();
    let item_label = if item == HeldItem::Other {
        check.text("item_other", one(fields, "item_other"), SHORT)
    } else {
        String::new()
    };
    let requested = if change == ChangeKind::Delete {
        optional_text(check, fields, "requested", SHORT)
    } else {
        check.text("requested", one(fields, "requested"), SHORT)
    };
    // The registry's items are all needed for the insurance: what can go is only what the
    // member names under その他 (34条1項 削除 of content that is not true).
    if change == ChangeKind::Delete && item != HeldItem::Other {
        check.fail("change", Problem::DeleteHeldItem);
    }
    if change != ChangeKind::Delete && item != HeldItem::Other && !requested.is_empty() && requested == current {
        check.fail("requested", Problem::Unchanged);
    }
    Details::Correction {
        item,
        item_label,
        current,
        change,
        requested,
        reason: long_text(check, fields, "reason", true),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::requests::agency::Subject;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn household() -> Vec<Subject> {
        vec![
            Subject::demo(1, "00", "青葉 太郎", vec![crate::requests::agency::Capacity::Own]),
            Subject::demo(3, "02", "青葉 美咲", vec![Capacity::Proxy, Capacity::Guardian]),
            Subject::demo(4, "03", "青葉 翔", vec![Capacity::LegalRepresentative]),
        ]
    }

    fn ctx(subjects: &[Subject]) -> Context<'_> {
        Context {
            category_ids: vec!["qualification", "receipts"],
            method_ids: vec!["electronic", "paper"],
            subjects,
            today: day(2026, 11, 22),
        }
    }

    fn f(pairs: &[(&str, &str)]) -> Fields {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    fn problems(r: Result<Draft, Vec<FieldError>>) -> Vec<(String, Problem)> {
        r.err().unwrap_or_default().into_iter().map(|e| (e.field, e.problem)).collect()
    }

    #[test]
    fn months_read_as_people_write_them() {
        assert_eq!(Month::parse("2025-04"), Some(Month { year: 2025, month: 4 }));
        assert_eq!(Month::parse("２０２５年４月"), Some(Month { year: 2025, month: 4 }));
        assert_eq!(Month::parse("2025/13"), None);
        assert_eq!(Month::parse("2025"), None);
        assert_eq!(Month::parse("'; DROP TABLE"), None);
    }

    #[test]
    fn a_disclosure_names_data_and_a_published_method() {
        let h = household();
        let ok = validate(
            RequestType::Disclosure,
            &f(&[("for", "self"), ("categories", "receipts"), ("categories", "receipts"), ("method", "paper")]),
            &ctx(&h),
        )
        .unwrap();
        assert_eq!(ok.subject_member_id, 1);
        assert_eq!(ok.capacity, Capacity::Own);
        let Details::Disclosure { categories, method, .. } = ok.details else { panic!() };
        assert_eq!((categories, method.as_str()), (vec!["receipts".to_string()], "paper"));

        let none = validate(RequestType::Disclosure, &f(&[("for", "self"), ("method", "electronic")]), &ctx(&h));
        assert_eq!(problems(none), vec![("categories".into(), Problem::NothingChosen)]);
        let bad = validate(
            RequestType::Disclosure,
            &f(&[("for", "self"), ("categories", "bank"), ("method", "fax")]),
            &ctx(&h),
        );
        assert_eq!(problems(bad), vec![("categories".into(), Problem::Choice), ("method".into(), Problem::Choice)]);
    }

    #[test]
    fn every_category_is_asked_for_with_all() {
        let h = household();
        let ok = validate(RequestType::Disclosure, &f(&[("for", "self"), ("scope", "all"), ("categories", "bank"), ("method", "paper")]), &ctx(&h)).unwrap();
        let Details::Disclosure { categories, .. } = ok.details else { panic!() };
        assert_eq!(categories, vec!["qualification".to_string(), "receipts".to_string()]);
    }

    #[test]
    fn periods_must_be_ordered_and_not_in_the_future() {
        let h = household();
        let base = [("for", "self"), ("method", "electronic")];
        let with = |extra: &[(&str, &str)]| {
            let mut v = f(&base);
            v.extend(f(extra));
            validate(RequestType::Disclosure, &v, &ctx(&h))
        };
        let ok = with(&[("receipts_from", "2025-04"), ("receipts_to", "2026-03")]).unwrap();
        let Details::Disclosure { receipts, .. } = ok.details else { panic!() };
        assert_eq!(receipts.unwrap().to, Month { year: 2026, month: 3 });
        assert_eq!(
            problems(with(&[("receipts_from", "2026-03"), ("receipts_to", "2025-04")])),
            vec![("receipts_to".into(), Problem::PeriodOrder)]
        );
        assert_eq!(
            problems(with(&[("checkups_from", "2026-01"), ("checkups_to", "2027-01")])),
            vec![("checkups_to".into(), Problem::FutureMonth)]
        );
        assert_eq!(problems(with(&[("receipts_from", "x")])), vec![
            ("receipts_from".into(), Problem::Month),
            ("receipts_to".into(), Problem::Month)
        ]);
    }

    #[test]
    fn who_must_be_one_of_the_offered_people_and_capacities() {
        let h = household();
        let as_rep = validate(RequestType::Complaint, &f(&[("for", "legal_representative:03"), ("body", "説明が欲しい")]), &ctx(&h)).unwrap();
        assert_eq!((as_rep.subject_member_id, as_rep.capacity), (4, Capacity::LegalRepresentative));
        // 美咲 is an adult: no legal representative; 翔 is a minor: no proxy.
        for raw in ["legal_representative:02", "proxy:03", "self:02", "proxy:99", ""] {
            let r = validate(RequestType::Complaint, &f(&[("for", raw), ("body", "x")]), &ctx(&h));
            assert_eq!(problems(r)[0].0, "for", "{raw}");
        }
    }

    #[test]
    fn only_a_proxys_disclosure_may_go_to_the_person_directly() {
        let h = household();
        let proxy = f(&[("for", "proxy:02"), ("categories", "receipts"), ("method", "paper"), ("deliver_to_subject", "1")]);
        assert!(validate(RequestType::Disclosure, &proxy, &ctx(&h)).unwrap().deliver_to_subject);
        let own = f(&[("for", "self"), ("categories", "receipts"), ("method", "paper"), ("deliver_to_subject", "1")]);
        assert_eq!(problems(validate(RequestType::Disclosure, &own, &ctx(&h))), vec![("deliver_to_subject".into(), Problem::Choice)]);
    }

    #[test]
    fn a_correction_takes_the_current_value_from_the_registry_and_needs_a_change() {
        let h = household();
        let ok = validate(
            RequestType::Correction,
            &f(&[("for", "self"), ("item", "name"), ("current", "forged"), ("requested", "青葉 太朗"), ("reason", "漢字が違います")]),
            &ctx(&h),
        )
        .unwrap();
        let Details::Correction { current, requested, .. } = ok.details else { panic!() };
        assert_eq!((current.as_str(), requested.as_str()), ("青葉 太郎", "青葉 太朗"));
        let same = validate(
            RequestType::Correction,
            &f(&[("for", "self"), ("item", "name"), ("requested", "青葉　太郎"), ("reason", "x")]),
            &ctx(&h),
        );
        assert_eq!(problems(same), vec![("requested".into(), Problem::Unchanged)]);
        let other = validate(RequestType::Correction, &f(&[("for", "self"), ("item", "other"), ("requested", "x")]), &ctx(&h));
        assert_eq!(problems(other), vec![("item_other".into(), Problem::Required), ("reason".into(), Problem::Required)]);
        // The registry's items are needed for the insurance: 削除 is for what is named under その他.
        let delete = validate(
            RequestType::Correction,
            &f(&[("for", "self"), ("item", "address"), ("change", "delete"), ("reason", "転居済み")]),
            &ctx(&h),
        );
        assert_eq!(problems(delete), vec![("change".into(), Problem::DeleteHeldItem)]);
        let delete = validate(
            RequestType::Correction,
            &f(&[("for", "self"), ("item", "other"), ("item_other", "旧勤務先の電話番号"), ("change", "delete"), ("reason", "退職しました")]),
            &ctx(&h),
        )
        .unwrap();
        let Details::Correction { change, requested, item_label, .. } = delete.details else { panic!() };
        assert_eq!((change, requested.as_str(), item_label.as_str()), (ChangeKind::Delete, "", "旧勤務先の電話番号"));
    }

    #[test]
    fn a_suspension_ground_must_fit_the_measure() {
        let h = household();
        let ask = |m: &str, g: &str| {
            validate(
                RequestType::Suspension,
                &f(&[("for", "self"), ("measure", m), ("ground", g), ("target", "口座情報"), ("explanation", "不要です")]),
                &ctx(&h),
            )
        };
        assert!(ask("erase", "no_longer_needed").is_ok());
        assert!(ask("stop_provision", "unlawful_provision").is_ok());
        assert_eq!(problems(ask("stop_provision", "unlawful_acquisition")), vec![("ground".into(), Problem::GroundMismatch)]);
        assert_eq!(problems(ask("stop_use", "unlawful_provision")), vec![("ground".into(), Problem::GroundMismatch)]);
        assert_eq!(problems(ask("", "leak")), vec![("measure".into(), Problem::Required)]);
        for m in [Measure::StopUse, Measure::Erase, Measure::StopProvision] {
            let fitting: Vec<_> = Ground::ALL.iter().copied().filter(|g| g.supports(m)).collect();
            // Three 35条1項 grounds — 18・19条, 20条1項, 20条2項 — (use, erasure) or one 3項
            // ground (provision), plus 5項's three.
            let expected = if m == Measure::StopProvision { 4 } else { 6 };
            assert_eq!(fitting.len(), expected, "{m:?}");
        }
    }

    #[test]
    fn free_text_keeps_lines_and_has_a_limit() {
        let h = household();
        let ok = validate(RequestType::Complaint, &f(&[("for", "self"), ("body", "  一行目\r\n二行目  ")]), &ctx(&h)).unwrap();
        assert_eq!(ok.details, Details::Complaint { body: "一行目\n二行目".into(), category: ComplaintCategory::Other });
        let sorted = validate(RequestType::Complaint, &f(&[("for", "self"), ("body", "x"), ("category", "suspected_leak")]), &ctx(&h)).unwrap();
        assert!(matches!(sorted.details, Details::Complaint { category: ComplaintCategory::SuspectedLeak, .. }));
        assert_eq!(
            problems(validate(RequestType::Complaint, &f(&[("for", "self"), ("body", "x"), ("category", "gossip")]), &ctx(&h))),
            vec![("category".into(), Problem::Choice)]
        );
        let stored: Details = serde_json::from_str(r#"{"type":"complaint","body":"前からの苦情"}"#).unwrap();
        assert_eq!(stored, Details::Complaint { body: "前からの苦情".into(), category: ComplaintCategory::Other }, "complaints kept before they were sorted");
        let long = "あ".repeat(LONG + 1);
        assert_eq!(
            problems(validate(RequestType::Complaint, &f(&[("for", "self"), ("body", &long)]), &ctx(&h))),
            vec![("body".into(), Problem::TooLong)]
        );
        assert_eq!(
            problems(validate(RequestType::Complaint, &f(&[("for", "self"), ("body", " \n ")]), &ctx(&h))),
            vec![("body".into(), Problem::Required)]
        );
    }

    #[test]
    fn a_purpose_notice_needs_nothing_but_who() {
        let h = household();
        let ok = validate(RequestType::PurposeNotice, &f(&[("for", "self")]), &ctx(&h)).unwrap();
        assert_eq!(ok.details, Details::PurposeNotice { categories: vec![], note: String::new() });
    }
}
