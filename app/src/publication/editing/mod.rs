//! Editing a draft of the 公表事項. Each form post of the staff editor is one [`Edit`]:
//! parsed from the posted fields, then applied to the draft's publication. Both steps
//! are pure, so every rule (required names, no duplicate categories, a 共同利用 with all
//! the items 27条5項3号 asks for, at least one delivery method) is tested without a
//! server. An edit either applies whole or changes nothing.
//! - `edit`: the sections, lists and edits, and the field keys;
//! - `parse`: a posted form read into an edit;
//! - `apply`: an edit applied to the draft;
//! - `publishing`: the effective date's rules and the version's label;
//! - `purposes`: the 利用目的 a draft adds or rewords, and the answer each needs (17条2項,
//!   18条1項) before it is published.

mod apply;
mod edit;
mod parse;
mod publishing;
mod purposes;

pub use apply::apply;
pub use edit::{Edit, Fields, List, Section, field_key};
pub use parse::{FEE_TYPES, PAYMENT_KINDS, fee_field, parse, payment_field};
pub use publishing::{effective_date_problem, needs_advance_publication, version_label};
pub use purposes::{
    AnswerForm, PurposeAnswer, PurposeChange, PurposeKey, PurposeQuestion, PurposeScope, RecordedAnswer,
    changed_purposes, parse_answer, purpose_field, questions, unanswered,
};

/// Helpers shared by the tests of the parts: a posted form, its field problems, and one
/// post parsed and applied.
#[cfg(test)]
mod testing {
    use kit::error::AppError;
    use kit::form::Problem;

    use super::{Fields, apply, parse};
    use crate::publication::model::Publication;

    pub(super) fn form(pairs: &[(&str, &str)]) -> Fields {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    pub(super) fn problems(e: AppError) -> Vec<(String, Problem)> {
        match e {
            AppError::Invalid(fields) => fields.into_iter().map(|f| (f.field, f.problem)).collect(),
            other => panic!("expected field problems, got {other:?}"),
        }
    }

    pub(super) fn edit(p: &mut Publication, pairs: &[(&str, &str)]) -> Result<(), AppError> {
        apply(p, parse(&form(pairs))?)
    }
}
