//! The editor's form for one use of a purpose area: who uses the data and how — inside the
//! society, 委託, 共同利用 (with the items 27条5項3号 asks for), or a provision to a third
//! party by law or with the person's consent.

use leptos::prelude::*;

use super::{At, Ctx, Input, field, item_form, lines, typed};
use crate::publication::editing::{Section, field_key};
use crate::publication::model::UseKind;

pub(super) fn use_form(ctx: Ctx, area: usize, index: Option<usize>, len: usize, text: Option<&String>, kind: Option<&UseKind>) -> AnyView {
    let a = At { section: Section::Use, area: Some(area), index };
    let code = match kind {
        Some(UseKind::Outsourced) => "outsourced",
        Some(UseKind::JointUse(_)) => "joint_use",
        Some(UseKind::ProvisionByLaw { .. }) => "provision_by_law",
        Some(UseKind::ProvisionWithConsent { .. }) => "provision_with_consent",
        _ => "internal",
    };
    let joint = match kind {
        Some(UseKind::JointUse(j)) => Some(j.clone()),
        _ => None,
    };
    let basis = match kind {
        Some(UseKind::ProvisionByLaw { basis }) => basis.clone(),
        _ => String::new(),
    };
    let consent = match kind {
        Some(UseKind::ProvisionWithConsent { consent }) => consent.clone(),
        _ => String::new(),
    };
    let select_id = format!("e-{}", field_key(Section::Use, Some(area), index, "kind").replace('.', "-"));
    let options = [
        ("internal", ctx.t.use_internal),
        ("outsourced", ctx.t.use_outsourced),
        ("joint_use", ctx.t.use_joint),
        ("provision_by_law", ctx.t.use_by_law),
        ("provision_with_consent", ctx.t.use_with_consent),
    ];
    let j = joint.unwrap_or_default();
    let kind_typed = typed(ctx, a, "kind");
    let fields = vec![
        field(ctx, a, "text", ctx.t.use_text, text.cloned().unwrap_or_default(), Input::Line),
        view! {
            <div class="field">
                <label for=select_id.clone()>{ctx.t.use_kind}</label>
                <select id=select_id name="form[kind]">
                    {options.map(|(value, label)| view! { <option value=value selected=kind_typed.as_deref().map_or(value == code, |k| k == value)>{label}</option> }).collect_view()}
                </select>
            </div>
        }
        .into_any(),
        view! {
            <fieldset class="subfields">
                <legend>{ctx.t.by_law_legend}</legend>
                {field(ctx, a, "basis", ctx.t.by_law_basis, basis, Input::Line)}
            </fieldset>
        }
        .into_any(),
        view! {
            <fieldset class="subfields">
                <legend>{ctx.t.consent_legend}</legend>
                {field(ctx, a, "consent", ctx.t.consent_how, consent, Input::Line)}
            </fieldset>
        }
        .into_any(),
        view! {
            <fieldset class="subfields">
                <legend>{ctx.t.joint_legend}</legend>
                {field(ctx, a, "items", ctx.t.joint_items, lines(&j.items), Input::Text(3))}
                {field(ctx, a, "joint_users", ctx.t.joint_users, j.joint_users.clone(), Input::Line)}
                {field(ctx, a, "purpose", ctx.t.joint_purpose, j.purpose.clone(), Input::Line)}
                {field(ctx, a, "rp_name", ctx.t.rp_name, j.responsible_party.name.clone(), Input::Line)}
                {field(ctx, a, "rp_address", ctx.t.rp_address, j.responsible_party.address.clone(), Input::Line)}
                {field(ctx, a, "rp_representative", ctx.t.rp_representative, j.responsible_party.representative.clone(), Input::Line)}
            </fieldset>
        }
        .into_any(),
    ];
    let name = text.cloned().unwrap_or_else(|| ctx.t.new_use.to_string());
    item_form(ctx, a, fields, len, name)
}
