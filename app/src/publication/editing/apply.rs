//! Applying an [`Edit`] to a draft's publication: new entries get stable ids, names stay
//! unique within their list, the last category or delivery method cannot go, and an edit
//! either applies whole or changes nothing.

use kit::error::AppError;
use kit::form::{FieldError, Problem};

use super::edit::{Edit, List, Section, field_key};
use crate::publication::model::{Category, DeliveryMethod, Exception, Publication, PurposeArea, SafetyMeasure};

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

/// 33条1項: the person may choose 電磁的記録, so a publication keeps one among its methods
/// unless it says why it offers none (a reason the approver reads and the version records).
fn electronic_kept(p: &Publication, key: String) -> Result<(), AppError> {
    let reasoned = p.procedure.no_electronic_reason.as_deref().is_some_and(|r| !r.trim().is_empty());
    if p.offers_electronic() || reasoned { Ok(()) } else { Err(invalid(key, Problem::NoElectronicMethod)) }
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
        Edit::Delivery { index, name, kind, description } => {
            let methods = &mut p.procedure.delivery_methods;
            if duplicate(methods.iter().map(|d| d.name.as_str()), index, &name) {
                return Err(invalid(field_key(Section::Delivery, None, index, "name"), Problem::Duplicate));
            }
            let id = match index {
                Some(i) => methods.get(i).ok_or(AppError::Conflict)?.id.clone(),
                None => new_id("method", methods.iter().map(|d| d.id.as_str())),
            };
            put(methods, index, DeliveryMethod { id, kind, name, description })?;
            electronic_kept(&p, field_key(Section::Delivery, None, index, "kind"))?;
        }
        Edit::Procedure { description, inquiry, identity_documents, fees, payment_methods, no_electronic_reason } => {
            p.procedure.description = description;
            p.procedure.inquiry = inquiry;
            p.procedure.identity_documents = identity_documents;
            // 38条: a fee nobody can pay is no procedure; named at the first way's box.
            if fees.iter().any(|f| f.amount_yen > 0) && payment_methods.is_empty() {
                let first = crate::publication::editing::payment_field(crate::publication::editing::PAYMENT_KINDS[0]);
                return Err(invalid(field_key(Section::Procedure, None, None, first), Problem::NoPaymentMethod));
            }
            p.procedure.fees = fees;
            p.procedure.payment_methods = payment_methods;
            p.procedure.no_electronic_reason = (!no_electronic_reason.is_empty()).then_some(no_electronic_reason);
            electronic_kept(&p, field_key(Section::Procedure, None, None, "no_electronic_reason"))?;
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
            electronic_kept(&p, field_key(section, area, Some(index), "remove"))?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::publication::diff::tests::sample;
    use crate::publication::editing::testing::{edit, problems};

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
    fn the_person_keeps_the_choice_of_electronic_records_unless_the_publication_says_why() {
        let mut p = sample();
        edit(
            &mut p,
            &[
                ("section", "delivery"),
                ("op", "save"),
                ("name", "書面の交付"),
                ("kind", "paper"),
                ("description", "郵送"),
            ],
        )
        .unwrap();
        let before = p.clone();
        // Turning the only electronic method into paper, or removing it, would leave none.
        let e = edit(
            &mut p,
            &[
                ("section", "delivery"),
                ("op", "save"),
                ("index", "0"),
                ("name", "電磁的記録"),
                ("kind", "paper"),
                ("description", "郵送"),
            ],
        )
        .unwrap_err();
        assert_eq!(problems(e), vec![("delivery.0.kind".into(), Problem::NoElectronicMethod)]);
        let e = edit(&mut p, &[("section", "delivery"), ("op", "remove"), ("index", "0")]).unwrap_err();
        assert_eq!(problems(e), vec![("delivery.0.remove".into(), Problem::NoElectronicMethod)]);
        assert_eq!(p, before, "a refused edit changes nothing");
        // A medium is electronic too.
        edit(
            &mut p,
            &[
                ("section", "delivery"),
                ("op", "save"),
                ("index", "0"),
                ("name", "CD-R"),
                ("kind", "medium"),
                ("description", "郵送"),
            ],
        )
        .unwrap();
        assert!(p.offers_electronic());
        // With the reason written, paper alone may stand — and the reason is kept.
        let procedure = |reason: &'static str| {
            vec![
                ("section", "procedure"),
                ("op", "save"),
                ("description", "手続"),
                ("inquiry", "業務課"),
                ("identity_documents", "運転免許証"),
                ("no_electronic_reason", reason),
            ]
        };
        edit(&mut p, &procedure("電磁的記録を扱う設備がないため")).unwrap();
        edit(&mut p, &[("section", "delivery"), ("op", "remove"), ("index", "0")]).unwrap();
        assert_eq!(p.procedure.no_electronic_reason.as_deref(), Some("電磁的記録を扱う設備がないため"));
        assert_eq!(p.validate(), Ok(()));
        // The reason cannot then be emptied while no electronic method is offered.
        let e = edit(&mut p, &procedure("")).unwrap_err();
        assert_eq!(problems(e), vec![("procedure.new.no_electronic_reason".into(), Problem::NoElectronicMethod)]);
    }

    #[test]
    fn a_method_says_what_it_is_in_law() {
        let mut p = sample();
        let e = edit(
            &mut p,
            &[("section", "delivery"), ("op", "save"), ("name", "窓口"), ("kind", "fax"), ("description", "来所")],
        )
        .unwrap_err();
        assert_eq!(problems(e), vec![("delivery.new.kind".into(), Problem::Choice)]);
    }
}
