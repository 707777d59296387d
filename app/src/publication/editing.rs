//! Editing a draft of the 公表事項. Each form post of the staff editor is one [`Edit`]:
//! parsed from the posted fields, then applied to the draft's publication. Both steps
//! are pure, so every rule (required names, no duplicate categories, a 共同利用 with all
//! the items 27条5項3号 asks for, at least one delivery method) is tested without a
//! server. An edit either applies whole or changes nothing.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::model::{
    Category, ComplaintDesk, DeliveryMethod, Exception, Fee, JointUse, Publication, PurposeArea, RecipientUse,
    ResponsibleParty, SafetyMeasure, SocietyProfile, UseKind,
};
use kit::error::AppError;
use kit::form::{Check, FieldError, Problem};
use kit::rights::RequestType;

/// The posted fields of one editor form (`form[name]=value`).
pub type Fields = HashMap<String, String>;

/// Longest single-line entry (a name, an address) and longest text (a body, a list).
const LINE_MAX: usize = 200;
const TEXT_MAX: usize = 4000;

/// The editor's sections, as posted in `section`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    Society,
    Intro,
    Category,
    Area,
    Use,
    Exception,
    Measure,
    Delivery,
    Procedure,
    Desk,
}

impl Section {
    pub const ALL: [Section; 10] = [
        Section::Society,
        Section::Intro,
        Section::Category,
        Section::Area,
        Section::Use,
        Section::Exception,
        Section::Measure,
        Section::Delivery,
        Section::Procedure,
        Section::Desk,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Section::Society => "society",
            Section::Intro => "intro",
            Section::Category => "category",
            Section::Area => "area",
            Section::Use => "use",
            Section::Exception => "exception",
            Section::Measure => "measure",
            Section::Delivery => "delivery",
            Section::Procedure => "procedure",
            Section::Desk => "desk",
        }
    }

    pub fn from_code(code: &str) -> Option<Section> {
        Section::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// A list whose entries can be moved and removed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum List {
    Categories,
    PurposeAreas,
    /// The uses of one purpose area.
    Uses(usize),
    Exceptions,
    SafetyMeasures,
    DeliveryMethods,
}

/// One change to a draft. `index: None` adds a new entry at the end.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Edit {
    Society(SocietyProfile),
    Intro { title: String, purposes_intro: String, notes: Vec<String>, exceptions_intro: String },
    Category { index: Option<usize>, name: String, purposes: Vec<String> },
    Area { index: Option<usize>, name: String },
    Use { area: usize, index: Option<usize>, item: RecipientUse },
    Exception { index: Option<usize>, text: String },
    Measure { index: Option<usize>, title: String, body: String },
    Delivery { index: Option<usize>, name: String, description: String },
    Procedure { description: String, inquiry: String, identity_documents: Vec<String>, fees: Vec<Fee> },
    Desk(ComplaintDesk),
    Move { list: List, index: usize, up: bool },
    Remove { list: List, index: usize },
}

/// The name under which a form's field problems travel, unique on the editor page:
/// `category.2.name`, `category.new.name`, `use.0.1.text`.
pub fn field_key(section: Section, area: Option<usize>, index: Option<usize>, field: &str) -> String {
    let index = index.map_or("new".to_string(), |i| i.to_string());
    match area {
        Some(a) => format!("{}.{a}.{index}.{field}", section.code()),
        None => format!("{}.{index}.{field}", section.code()),
    }
}

/// The society's text as typed: trimmed and without control characters, but not
/// NFKC-normalised (the published text keeps its full-width （）and spaces).
fn clean(raw: &str) -> String {
    raw.chars().filter(|c| !c.is_control()).collect::<String>().trim().to_string()
}

/// A required one-line entry.
fn single(check: &mut Check, key: &str, raw: &str) -> String {
    let value = clean(raw);
    if value.is_empty() {
        check.fail(key, Problem::Required);
    } else if value.chars().count() > LINE_MAX {
        check.fail(key, Problem::TooLong);
    }
    value
}

fn get<'a>(fields: &'a Fields, name: &str) -> &'a str {
    fields.get(name).map_or("", String::as_str)
}

fn index_of(raw: &str) -> Result<Option<usize>, AppError> {
    let raw = raw.trim();
    if raw.is_empty() || raw == "new" {
        return Ok(None);
    }
    if raw.len() > 4 || !raw.bytes().all(|b| b.is_ascii_digit()) {
        return Err(AppError::BadRequest);
    }
    raw.parse().map(Some).map_err(|_| AppError::BadRequest)
}

/// Non-empty lines of a textarea, each normalised; an empty list is `Required`.
fn lines(check: &mut Check, key: &str, raw: &str, required: bool) -> Vec<String> {
    if raw.chars().count() > TEXT_MAX {
        check.fail(key, Problem::TooLong);
        return Vec::new();
    }
    let list: Vec<String> = raw
        .lines()
        .map(clean)
        .filter(|l| !l.is_empty())
        .collect();
    if list.iter().any(|l| l.chars().count() > LINE_MAX) {
        check.fail(key, Problem::TooLong);
    }
    if required && list.is_empty() {
        check.fail(key, Problem::Required);
    }
    list
}

/// Multi-line text: kept as typed (paragraphs matter), trimmed, required.
fn text(check: &mut Check, key: &str, raw: &str) -> String {
    let value: String = raw.replace("\r\n", "\n").chars().filter(|c| *c == '\n' || !c.is_control()).collect();
    let value = value.trim().to_string();
    if value.is_empty() {
        check.fail(key, Problem::Required);
    } else if value.chars().count() > TEXT_MAX {
        check.fail(key, Problem::TooLong);
    }
    value
}

fn optional(check: &mut Check, key: &str, raw: &str) -> Option<String> {
    let value = clean(raw);
    if value.chars().count() > LINE_MAX {
        check.fail(key, Problem::TooLong);
    }
    (!value.is_empty()).then_some(value)
}

/// A fee in yen: empty or 0 means none.
fn fee(check: &mut Check, key: &str, raw: &str, request_type: RequestType) -> Option<Fee> {
    let value = kit::input::normalize_code(raw);
    let value = value.trim_end_matches('円');
    if value.is_empty() {
        return None;
    }
    match value.parse::<u32>() {
        Ok(0) => None,
        Ok(amount) if amount <= 100_000 => Some(Fee { request_type, amount_yen: amount, note: None }),
        Ok(_) => {
            check.fail(key, Problem::TooLong);
            None
        }
        Err(_) => {
            check.fail(key, Problem::Digits);
            None
        }
    }
}

/// The request types whose fee the procedure form asks for (38条 allows no others).
pub const FEE_TYPES: [RequestType; 3] =
    [RequestType::PurposeNotice, RequestType::Disclosure, RequestType::ThirdPartyRecordDisclosure];

pub fn fee_field(request_type: RequestType) -> &'static str {
    match request_type {
        RequestType::PurposeNotice => "fee_purpose_notice",
        RequestType::ThirdPartyRecordDisclosure => "fee_provision_record",
        _ => "fee_disclosure",
    }
}

/// One posted editor form as an [`Edit`]. A malformed post (no such section or
/// operation, an index that is not a number) is a bad request; a person's mistakes are
/// field problems under [`field_key`].
pub fn parse(fields: &Fields) -> Result<Edit, AppError> {
    let section = Section::from_code(get(fields, "section")).ok_or(AppError::BadRequest)?;
    let index = index_of(get(fields, "index"))?;
    let area = match section {
        Section::Use => Some(index_of(get(fields, "area"))?.ok_or(AppError::BadRequest)?),
        _ => None,
    };
    let op = get(fields, "op");
    if op != "save" {
        let list = match section {
            Section::Category => List::Categories,
            Section::Area => List::PurposeAreas,
            Section::Use => List::Uses(area.unwrap_or_default()),
            Section::Exception => List::Exceptions,
            Section::Measure => List::SafetyMeasures,
            Section::Delivery => List::DeliveryMethods,
            _ => return Err(AppError::BadRequest),
        };
        let index = index.ok_or(AppError::BadRequest)?;
        return match op {
            "up" => Ok(Edit::Move { list, index, up: true }),
            "down" => Ok(Edit::Move { list, index, up: false }),
            "remove" => Ok(Edit::Remove { list, index }),
            _ => Err(AppError::BadRequest),
        };
    }
    let key = |field: &str| field_key(section, area, index, field);
    let mut check = Check::default();
    let line = |check: &mut Check, field: &str| single(check, &key(field), get(fields, field));
    let edit = match section {
        Section::Society => Edit::Society(SocietyProfile {
            name: line(&mut check, "name"),
            postal_code: line(&mut check, "postal_code"),
            address: line(&mut check, "address"),
            representative: line(&mut check, "representative"),
            phone: line(&mut check, "phone"),
            sample_notice: optional(&mut check, &key("sample_notice"), get(fields, "sample_notice")),
        }),
        Section::Intro => Edit::Intro {
            title: line(&mut check, "title"),
            purposes_intro: text(&mut check, &key("purposes_intro"), get(fields, "purposes_intro")),
            notes: lines(&mut check, &key("notes"), get(fields, "notes"), false),
            exceptions_intro: text(&mut check, &key("exceptions_intro"), get(fields, "exceptions_intro")),
        },
        Section::Category => Edit::Category {
            index,
            name: line(&mut check, "name"),
            purposes: lines(&mut check, &key("purposes"), get(fields, "purposes"), true),
        },
        Section::Area => Edit::Area { index, name: line(&mut check, "name") },
        Section::Use => {
            let text = line(&mut check, "text");
            let kind = match get(fields, "kind") {
                "internal" => UseKind::Internal,
                "outsourced" => UseKind::Outsourced,
                "provision_by_law" => UseKind::ProvisionByLaw { basis: line(&mut check, "basis") },
                "joint_use" => UseKind::JointUse(JointUse {
                    items: lines(&mut check, &key("items"), get(fields, "items"), true),
                    joint_users: line(&mut check, "joint_users"),
                    purpose: line(&mut check, "purpose"),
                    responsible_party: ResponsibleParty {
                        name: line(&mut check, "rp_name"),
                        address: line(&mut check, "rp_address"),
                        representative: line(&mut check, "rp_representative"),
                    },
                }),
                _ => {
                    check.fail(&key("kind"), Problem::Choice);
                    UseKind::Internal
                }
            };
            Edit::Use { area: area.unwrap_or_default(), index, item: RecipientUse { text, kind } }
        }
        Section::Exception => Edit::Exception { index, text: text(&mut check, &key("text"), get(fields, "text")) },
        Section::Measure => Edit::Measure {
            index,
            title: line(&mut check, "title"),
            body: text(&mut check, &key("body"), get(fields, "body")),
        },
        Section::Delivery => Edit::Delivery {
            index,
            name: line(&mut check, "name"),
            description: text(&mut check, &key("description"), get(fields, "description")),
        },
        Section::Procedure => Edit::Procedure {
            description: text(&mut check, &key("description"), get(fields, "description")),
            inquiry: line(&mut check, "inquiry"),
            identity_documents: lines(&mut check, &key("identity_documents"), get(fields, "identity_documents"), true),
            fees: FEE_TYPES
                .into_iter()
                .filter_map(|rt| fee(&mut check, &key(fee_field(rt)), get(fields, fee_field(rt)), rt))
                .collect(),
        },
        Section::Desk => Edit::Desk(ComplaintDesk {
            name: line(&mut check, "name"),
            postal_code: line(&mut check, "postal_code"),
            address: line(&mut check, "address"),
            phone: line(&mut check, "phone"),
            hours: line(&mut check, "hours"),
        }),
    };
    check.finish()?;
    Ok(edit)
}

/// A new stable id for a list entry: `{prefix}-{n}` not yet used.
fn new_id<'a>(prefix: &str, taken: impl Iterator<Item = &'a str> + Clone) -> String {
    (1..)
        .map(|n| format!("{prefix}-{n}"))
        .find(|id| !taken.clone().any(|t| t == id))
        .unwrap_or_else(|| prefix.to_string())
}

/// A name already used by another entry of the list (compared after normalisation).
fn duplicate<'a>(names: impl Iterator<Item = &'a str>, own: Option<usize>, name: &str) -> bool {
    names.enumerate().any(|(i, n)| Some(i) != own && n.trim() == name.trim())
}

fn invalid(key: String, problem: Problem) -> AppError {
    AppError::Invalid(vec![FieldError { field: key, problem }])
}

/// Puts `value` at `index` (replacing) or at the end; an index past the end means the
/// page was stale.
fn put<T>(list: &mut Vec<T>, index: Option<usize>, value: T) -> Result<(), AppError> {
    match index {
        None => list.push(value),
        Some(i) => *list.get_mut(i).ok_or(AppError::Conflict)? = value,
    }
    Ok(())
}

fn move_in<T>(list: &mut [T], index: usize, up: bool) -> Result<(), AppError> {
    if index >= list.len() {
        return Err(AppError::Conflict);
    }
    let other = if up { index.checked_sub(1) } else { Some(index + 1).filter(|j| *j < list.len()) };
    if let Some(other) = other {
        list.swap(index, other);
    }
    Ok(())
}

fn remove_from<T>(list: &mut Vec<T>, index: usize) -> Result<(), AppError> {
    if index >= list.len() {
        return Err(AppError::Conflict);
    }
    list.remove(index);
    Ok(())
}

/// Applies one edit. On any problem the publication is left as it was.
pub fn apply(publication: &mut Publication, edit: Edit) -> Result<(), AppError> {
    let mut p = publication.clone();
    match edit {
        Edit::Society(society) => p.society = society,
        Edit::Intro { title, purposes_intro, notes, exceptions_intro } => {
            p.title = title;
            p.purposes_intro = purposes_intro;
            p.categories_notes = notes;
            p.exceptions_intro = exceptions_intro;
        }
        Edit::Category { index, name, purposes } => {
            if duplicate(p.categories.iter().map(|c| c.name.as_str()), index, &name) {
                return Err(invalid(field_key(Section::Category, None, index, "name"), Problem::Duplicate));
            }
            let id = match index {
                Some(i) => p.categories.get(i).ok_or(AppError::Conflict)?.id.clone(),
                None => new_id("category", p.categories.iter().map(|c| c.id.as_str())),
            };
            put(&mut p.categories, index, Category { id, name, purposes })?;
        }
        Edit::Area { index, name } => {
            if duplicate(p.purpose_areas.iter().map(|a| a.name.as_str()), index, &name) {
                return Err(invalid(field_key(Section::Area, None, index, "name"), Problem::Duplicate));
            }
            match index {
                Some(i) => p.purpose_areas.get_mut(i).ok_or(AppError::Conflict)?.name = name,
                None => {
                    let id = new_id("area", p.purpose_areas.iter().map(|a| a.id.as_str()));
                    p.purpose_areas.push(PurposeArea { id, name, uses: Vec::new() });
                }
            }
        }
        Edit::Use { area, index, item } => {
            let uses = &mut p.purpose_areas.get_mut(area).ok_or(AppError::Conflict)?.uses;
            put(uses, index, item)?;
        }
        Edit::Exception { index, text } => {
            if duplicate(p.exceptions.iter().map(|e| e.text.as_str()), index, &text) {
                return Err(invalid(field_key(Section::Exception, None, index, "text"), Problem::Duplicate));
            }
            let id = match index {
                Some(i) => p.exceptions.get(i).ok_or(AppError::Conflict)?.id.clone(),
                None => new_id("exception", p.exceptions.iter().map(|e| e.id.as_str())),
            };
            put(&mut p.exceptions, index, Exception { id, text })?;
        }
        Edit::Measure { index, title, body } => {
            if duplicate(p.safety_measures.iter().map(|m| m.title.as_str()), index, &title) {
                return Err(invalid(field_key(Section::Measure, None, index, "title"), Problem::Duplicate));
            }
            let (id, kind) = match index {
                Some(i) => {
                    let m = p.safety_measures.get(i).ok_or(AppError::Conflict)?;
                    (m.id.clone(), m.kind.clone())
                }
                None => (new_id("measure", p.safety_measures.iter().map(|m| m.id.as_str())), "other".to_string()),
            };
            put(&mut p.safety_measures, index, SafetyMeasure { id, kind, title, body })?;
        }
        Edit::Delivery { index, name, description } => {
            let methods = &mut p.procedure.delivery_methods;
            if duplicate(methods.iter().map(|d| d.name.as_str()), index, &name) {
                return Err(invalid(field_key(Section::Delivery, None, index, "name"), Problem::Duplicate));
            }
            let id = match index {
                Some(i) => methods.get(i).ok_or(AppError::Conflict)?.id.clone(),
                None => new_id("method", methods.iter().map(|d| d.id.as_str())),
            };
            put(methods, index, DeliveryMethod { id, name, description })?;
        }
        Edit::Procedure { description, inquiry, identity_documents, fees } => {
            p.procedure.description = description;
            p.procedure.inquiry = inquiry;
            p.procedure.identity_documents = identity_documents;
            p.procedure.fees = fees;
        }
        Edit::Desk(desk) => p.complaint_desk = desk,
        Edit::Move { list, index, up } => match list {
            List::Categories => move_in(&mut p.categories, index, up)?,
            List::PurposeAreas => move_in(&mut p.purpose_areas, index, up)?,
            List::Uses(a) => move_in(&mut p.purpose_areas.get_mut(a).ok_or(AppError::Conflict)?.uses, index, up)?,
            List::Exceptions => move_in(&mut p.exceptions, index, up)?,
            List::SafetyMeasures => move_in(&mut p.safety_measures, index, up)?,
            List::DeliveryMethods => move_in(&mut p.procedure.delivery_methods, index, up)?,
        },
        Edit::Remove { list, index } => {
            let (section, area) = match list {
                List::Categories => (Section::Category, None),
                List::PurposeAreas => (Section::Area, None),
                List::Uses(a) => (Section::Use, Some(a)),
                List::Exceptions => (Section::Exception, None),
                List::SafetyMeasures => (Section::Measure, None),
                List::DeliveryMethods => (Section::Delivery, None),
            };
            match list {
                List::Categories => remove_from(&mut p.categories, index)?,
                List::PurposeAreas => remove_from(&mut p.purpose_areas, index)?,
                List::Uses(a) => remove_from(&mut p.purpose_areas.get_mut(a).ok_or(AppError::Conflict)?.uses, index)?,
                List::Exceptions => remove_from(&mut p.exceptions, index)?,
                List::SafetyMeasures => remove_from(&mut p.safety_measures, index)?,
                List::DeliveryMethods => remove_from(&mut p.procedure.delivery_methods, index)?,
            }
            // The last category (with no purpose areas) or delivery method cannot go:
            // a publication always states its purposes and how a disclosure is delivered.
            let last = (p.categories.is_empty() && p.purpose_areas.is_empty())
                || p.procedure.delivery_methods.is_empty();
            if last {
                return Err(invalid(field_key(section, area, Some(index), "remove"), Problem::LastItem));
            }
        }
    }
    if p.validate().is_err() {
        // Field checks above cover every rule `validate` knows; reaching here means the
        // draft itself was stale or malformed.
        return Err(AppError::Conflict);
    }
    *publication = p;
    Ok(())
}

/// 27条6項: changing a 共同利用's purpose or its responsible party must be published
/// before it takes effect (and 27条5項3号: a new joint use too). True when `new` holds a
/// joint use whose purpose and responsible party are not published as such in `old`.
pub fn needs_advance_publication(old: &Publication, new: &Publication) -> bool {
    let joint = |p: &Publication| -> Vec<(String, ResponsibleParty)> {
        p.purpose_areas
            .iter()
            .flat_map(|a| a.uses.iter())
            .filter_map(|u| match &u.kind {
                UseKind::JointUse(j) => Some((j.purpose.clone(), j.responsible_party.clone())),
                _ => None,
            })
            .collect()
    };
    let before = joint(old);
    joint(new).iter().any(|j| !before.contains(j))
}

/// Why a draft cannot be published with this effective date, if it cannot.
pub fn effective_date_problem(
    old: &Publication,
    new: &Publication,
    effective: NaiveDate,
    today: NaiveDate,
) -> Option<Problem> {
    if effective < today {
        Some(Problem::PastEffectiveDate)
    } else if effective == today && needs_advance_publication(old, new) {
        Some(Problem::AdvancePublication)
    } else if effective > today + chrono::Days::new(366 * 2) {
        Some(Problem::FarEffectiveDate)
    } else {
        None
    }
}

/// The label of a version published through the editor, e.g. 「2026年12月1日改定」.
pub fn version_label(effective: NaiveDate) -> String {
    use chrono::Datelike;
    format!("{}年{}月{}日改定", effective.year(), effective.month(), effective.day())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::publication::diff::tests::sample;

    fn form(pairs: &[(&str, &str)]) -> Fields {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    fn problems(e: AppError) -> Vec<(String, Problem)> {
        match e {
            AppError::Invalid(fields) => fields.into_iter().map(|f| (f.field, f.problem)).collect(),
            other => panic!("expected field problems, got {other:?}"),
        }
    }

    fn edit(p: &mut Publication, pairs: &[(&str, &str)]) -> Result<(), AppError> {
        apply(p, parse(&form(pairs))?)
    }

    #[test]
    fn adding_a_category_gives_it_a_new_stable_id_at_the_end() {
        let mut p = sample();
        let before = p.categories.len();
        edit(&mut p, &[("section", "category"), ("op", "save"), ("name", " 健診情報 "), ("purposes", "健康診断の実施\n\n 保健指導 \n")])
            .unwrap();
        let added = p.categories.last().unwrap();
        assert_eq!(p.categories.len(), before + 1);
        assert_eq!((added.name.as_str(), added.purposes.clone()), ("健診情報", vec!["健康診断の実施".to_string(), "保健指導".into()]));
        assert!(p.categories[..before].iter().all(|c| c.id != added.id), "ids stay unique");
    }

    #[test]
    fn the_text_is_kept_as_typed_with_its_full_width_brackets() {
        let mut p = sample();
        edit(&mut p, &[("section", "category"), ("op", "save"), ("name", "資格（被扶養者を含む）"), ("purposes", "保険給付の実施（オンライン資格確認）\u{7}\r\n")])
            .unwrap();
        let added = p.categories.last().unwrap();
        assert_eq!(added.name, "資格（被扶養者を含む）");
        assert_eq!(added.purposes, ["保険給付の実施（オンライン資格確認）"]);
    }

    #[test]
    fn renaming_keeps_the_id_so_the_diff_reports_a_rename() {
        let old = sample();
        let mut p = old.clone();
        let purposes = old.categories[0].purposes.join("\n");
        edit(&mut p, &[("section", "category"), ("op", "save"), ("index", "0"), ("name", "改名した類型"), ("purposes", &purposes)])
            .unwrap();
        assert_eq!(p.categories[0].id, old.categories[0].id);
        let diff = crate::publication::diff::diff(&old, &p);
        assert!(matches!(&diff.categories[0].change, crate::publication::diff::Change::Changed { renamed: Some(_), .. }));
    }

    #[test]
    fn empty_and_duplicate_names_are_refused_next_to_the_field_and_change_nothing() {
        let mut p = sample();
        let before = p.clone();
        let e = edit(&mut p, &[("section", "category"), ("op", "save"), ("name", "  "), ("purposes", "")]).unwrap_err();
        assert_eq!(
            problems(e),
            vec![("category.new.name".into(), Problem::Required), ("category.new.purposes".into(), Problem::Required)]
        );
        let taken = p.categories[0].name.clone();
        let e = edit(&mut p, &[("section", "category"), ("op", "save"), ("name", &taken), ("purposes", "x")]).unwrap_err();
        assert_eq!(problems(e), vec![("category.new.name".into(), Problem::Duplicate)]);
        assert_eq!(p, before);
    }

    #[test]
    fn moving_and_removing_reorder_the_list_and_the_ends_are_safe() {
        let mut p = sample();
        let ids: Vec<String> = p.categories.iter().map(|c| c.id.clone()).collect();
        assert!(ids.len() >= 2, "the sample has at least two categories");
        edit(&mut p, &[("section", "category"), ("op", "down"), ("index", "0")]).unwrap();
        assert_eq!((p.categories[0].id.clone(), p.categories[1].id.clone()), (ids[1].clone(), ids[0].clone()));
        let before = p.clone();
        edit(&mut p, &[("section", "category"), ("op", "up"), ("index", "0")]).unwrap();
        assert_eq!(p, before, "moving the first entry up changes nothing");
        edit(&mut p, &[("section", "category"), ("op", "remove"), ("index", "1")]).unwrap();
        assert!(!p.categories.iter().any(|c| c.id == ids[0]));
        let e = edit(&mut p, &[("section", "category"), ("op", "remove"), ("index", "9")]).unwrap_err();
        assert_eq!(e, AppError::Conflict, "an index past the end means the page was stale");
    }

    #[test]
    fn the_last_delivery_method_cannot_be_removed() {
        let mut p = sample();
        while p.procedure.delivery_methods.len() > 1 {
            edit(&mut p, &[("section", "delivery"), ("op", "remove"), ("index", "0")]).unwrap();
        }
        let e = edit(&mut p, &[("section", "delivery"), ("op", "remove"), ("index", "0")]).unwrap_err();
        assert_eq!(problems(e), vec![("delivery.0.remove".into(), Problem::LastItem)]);
        assert_eq!(p.procedure.delivery_methods.len(), 1);
    }

    #[test]
    fn a_joint_use_needs_every_item_of_27_5_3() {
        let mut p = sample();
        let e = edit(
            &mut p,
            &[("section", "use"), ("op", "save"), ("area", "0"), ("text", "健保連との共同利用"), ("kind", "joint_use"),
              ("items", "氏名\n生年月日"), ("joint_users", "健保連"), ("purpose", ""), ("rp_name", "当組合"),
              ("rp_address", ""), ("rp_representative", "理事長")],
        )
        .unwrap_err();
        assert_eq!(
            problems(e),
            vec![("use.0.new.purpose".into(), Problem::Required), ("use.0.new.rp_address".into(), Problem::Required)]
        );
        edit(
            &mut p,
            &[("section", "use"), ("op", "save"), ("area", "0"), ("text", "健保連との共同利用"), ("kind", "joint_use"),
              ("items", "氏名\n生年月日"), ("joint_users", "健保連"), ("purpose", "高額医療の共同事業"), ("rp_name", "当組合"),
              ("rp_address", "東京都"), ("rp_representative", "理事長")],
        )
        .unwrap();
        let added = p.purpose_areas[0].uses.last().unwrap();
        assert!(matches!(&added.kind, UseKind::JointUse(j) if j.items == ["氏名", "生年月日"]));
    }

    #[test]
    fn fees_are_read_for_the_three_types_38_allows_and_zero_means_none() {
        let mut p = sample();
        edit(
            &mut p,
            &[("section", "procedure"), ("op", "save"), ("description", "手続の説明"), ("inquiry", "業務課"),
              ("identity_documents", "運転免許証\nマイナンバーカード"), ("fee_disclosure", "５００円"),
              ("fee_purpose_notice", "0"), ("fee_provision_record", "")],
        )
        .unwrap();
        assert_eq!(p.fee_for(RequestType::Disclosure), 500);
        assert_eq!(p.fee_for(RequestType::PurposeNotice), 0);
        assert_eq!(p.procedure.fees.len(), 1);
        let e = edit(&mut p, &[("section", "procedure"), ("op", "save"), ("description", "x"), ("inquiry", "x"),
            ("identity_documents", "x"), ("fee_disclosure", "三百")]).unwrap_err();
        assert_eq!(problems(e), vec![("procedure.new.fee_disclosure".into(), Problem::Digits)]);
    }

    #[test]
    fn malformed_posts_are_bad_requests() {
        for pairs in [
            vec![("section", "nope"), ("op", "save")],
            vec![("section", "category"), ("op", "explode"), ("index", "0")],
            vec![("section", "category"), ("op", "remove")],
            vec![("section", "category"), ("op", "save"), ("index", "-1")],
            vec![("section", "use"), ("op", "save")],
            vec![("section", "society"), ("op", "remove"), ("index", "0")],
        ] {
            assert_eq!(parse(&form(&pairs)), Err(AppError::BadRequest), "{pairs:?}");
        }
    }

    #[test]
    fn every_section_round_trips_through_its_form() {
        let mut p = sample();
        let society = [("section", "society"), ("op", "save"), ("name", "新名称健康保険組合"), ("postal_code", "100-0001"),
            ("address", "東京都千代田区"), ("representative", "理事長 新"), ("phone", "03-0000-0000"), ("sample_notice", "")];
        edit(&mut p, &society).unwrap();
        assert_eq!((p.society.name.as_str(), p.society.sample_notice.clone()), ("新名称健康保険組合", None));
        edit(&mut p, &[("section", "desk"), ("op", "save"), ("name", "窓口"), ("postal_code", "1"), ("address", "a"),
            ("phone", "0"), ("hours", "平日")]).unwrap();
        assert_eq!(p.complaint_desk.hours, "平日");
        edit(&mut p, &[("section", "intro"), ("op", "save"), ("title", "公表事項"), ("purposes_intro", "段落1\n\n段落2"),
            ("notes", "※注1\n※注2"), ("exceptions_intro", "例外")]).unwrap();
        assert_eq!((p.purposes_intro.as_str(), p.categories_notes.len()), ("段落1\n\n段落2", 2));
        edit(&mut p, &[("section", "exception"), ("op", "save"), ("text", "新しい例外")]).unwrap();
        edit(&mut p, &[("section", "measure"), ("op", "save"), ("title", "外的環境の把握"), ("body", "国内のみで保管")]).unwrap();
        assert_eq!(p.safety_measures.last().map(|m| m.kind.as_str()), Some("other"));
        edit(&mut p, &[("section", "delivery"), ("op", "save"), ("name", "窓口での交付"), ("description", "来所")]).unwrap();
        edit(&mut p, &[("section", "area"), ("op", "save"), ("name", "新しい区分")]).unwrap();
        let area = (p.purpose_areas.len() - 1).to_string();
        edit(&mut p, &[("section", "use"), ("op", "save"), ("area", &area), ("text", "求償"), ("kind", "provision_by_law"),
            ("basis", "健康保険法第57条")]).unwrap();
        assert_eq!(p.validate(), Ok(()));
    }

    #[test]
    fn joint_use_changes_need_publication_before_they_take_effect() {
        let old = sample();
        let mut new = old.clone();
        let today: NaiveDate = "2026-11-22".parse().unwrap();
        assert!(!needs_advance_publication(&old, &new));
        assert_eq!(effective_date_problem(&old, &new, today, today), None, "an ordinary change may apply today");
        assert_eq!(
            effective_date_problem(&old, &new, today.pred_opt().unwrap(), today),
            Some(Problem::PastEffectiveDate)
        );
        new.purpose_areas[0].uses.push(RecipientUse {
            text: "共同利用".into(),
            kind: UseKind::JointUse(JointUse {
                items: vec!["氏名".into()],
                joint_users: "健保連".into(),
                purpose: "共同事業".into(),
                responsible_party: ResponsibleParty { name: "当組合".into(), address: "東京".into(), representative: "理事長".into() },
            }),
        });
        assert!(needs_advance_publication(&old, &new));
        assert_eq!(effective_date_problem(&old, &new, today, today), Some(Problem::AdvancePublication));
        assert_eq!(effective_date_problem(&old, &new, today.succ_opt().unwrap(), today), None);
        // Once published, changing only the joint use's responsible party needs it again.
        let published = new.clone();
        if let UseKind::JointUse(j) = &mut new.purpose_areas[0].uses.last_mut().unwrap().kind {
            j.responsible_party.representative = "理事長 交代".into();
        }
        assert!(needs_advance_publication(&published, &new));
        // Changing its text only does not.
        let mut renamed = published.clone();
        renamed.purpose_areas[0].uses.last_mut().unwrap().text = "健保連との共同利用".into();
        assert!(!needs_advance_publication(&published, &renamed));
        assert_eq!(
            effective_date_problem(&old, &old, today + chrono::Days::new(800), today),
            Some(Problem::FarEffectiveDate)
        );
    }

    #[test]
    fn labels_name_the_effective_date() {
        assert_eq!(version_label("2026-12-01".parse().unwrap()), "2026年12月1日改定");
    }
}
