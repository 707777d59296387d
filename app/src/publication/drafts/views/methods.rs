//! The editor's form for a delivery method: its name, what it is in law (33条1項) and how
//! it works.

use leptos::prelude::*;

use super::{At, Ctx, Input, at, field, item_form};
use crate::publication::editing::{Section, field_key};
use crate::publication::model::{DeliveryMethod, MethodKind};
use kit::form::problem_message;
use kit::texts::id_text;

/// A delivery method: its name, what it is in law (電磁的記録 by download or medium, or
/// 書面) and how it works.
pub(super) fn method_form(ctx: Ctx, index: Option<usize>, len: usize, method: Option<&DeliveryMethod>) -> AnyView {
    let a = at(Section::Delivery, index);
    let kind = method.map(|m| m.kind);
    let fields = vec![
        field(ctx, a, "name", ctx.t.method_name, method.map(|m| m.name.clone()).unwrap_or_default(), Input::Line),
        choice(
            ctx,
            a,
            "kind",
            ctx.t.method_kind,
            MethodKind::ALL.map(|k| (k.code(), k.label(ctx.t.lang), Some(k) == kind)).to_vec(),
        ),
        field(
            ctx,
            a,
            "description",
            ctx.t.method_description,
            method.map(|m| m.description.clone()).unwrap_or_default(),
            Input::Text(3),
        ),
    ];
    let name = method.map_or_else(|| ctx.t.new_item.to_string(), |m| m.name.chars().take(30).collect());
    item_form(ctx, a, fields, len, name)
}

/// A labelled select with its problem.
fn choice(
    ctx: Ctx,
    at: At,
    name: &'static str,
    label: &'static str,
    options: Vec<(&'static str, &'static str, bool)>,
) -> AnyView {
    let key = field_key(at.section, at.area, at.index, name);
    let id = format!("e-{}", key.replace('.', "-"));
    let error_id = format!("{id}-error");
    let problem = ctx.feedback.with_untracked(|f| f.field(&key));
    let chosen = super::typed(ctx, at, name);
    view! {
        <div class="field" class:field--invalid=problem.is_some()>
            <label for=id.clone()>{label}</label>
            {problem.map(|p| view! { <p class="field__error" id=error_id.clone()>{problem_message(p, id_text())}</p> })}
            <select id=id name=format!("form[{name}]") aria-invalid=problem.map(|_| "true")
                aria-describedby=problem.map(|_| error_id.clone())>
                {options.into_iter().map(|(value, label, selected)| {
                    let selected = chosen.as_deref().map_or(selected, |c| c == value);
                    view! { <option value=value selected=selected>{label}</option> }
                }).collect_view()}
            </select>
        </div>
    }
    .into_any()
}
