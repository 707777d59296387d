//! The 文例 page (`/staff/templates`): the list, and the form to add or change one with the
//! placeholders beside it; and the picker on the case page that inserts one into the message.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{BodyError, CaseTemplates, Placeholder, RemoveTemplate, SaveTemplate, Template, TemplateKind, load_templates, parse};
use crate::staff::texts::StaffText;
use kit::form::{Feedback, FormError, use_feedback};
use kit::i18n::{Lang, use_lang};
use kit::page::{page_error, problem_view};
use kit::page_data;

#[component]
pub fn StaffTemplatesPage() -> impl IntoView {
    let lang = use_lang();
    let tx = StaffText::of(lang);
    let query = use_query_map();
    let editing = query.with_untracked(|q| q.get("edit")).and_then(|e| e.parse::<i64>().ok());
    let saved = query.with_untracked(|q| q.get("saved").is_some());
    let data = page_data::load(|| (), |_| load_templates());
    let feedback = use_feedback();
    view! {
        <Title text=tx.nav_templates/>
        <h1>{tx.templates_heading}</h1>
        <p>{tx.templates_intro}</p>
        {saved.then(|| view! { <p class="notice notice--ok" role="status">{tx.template_saved}</p> })}
        <FormError feedback/>
        {Suspend::new(async move {
            let page = match data.await {
                Ok(p) => p,
                Err(e) => return page_error(e, "/staff/templates"),
            };
            let editing = editing.and_then(|id| page.templates.iter().find(|t| t.id == id).cloned());
            view! {
                {template_form(editing, feedback, lang)}
                <section aria-labelledby="templates-list">
                    <h2 id="templates-list">{tx.nav_templates}</h2>
                    {page.templates.is_empty().then(|| view! { <p>{tx.templates_none}</p> })}
                    <ul class="templates">
                        {page.templates.into_iter().map(|t| template_card(t, lang)).collect_view()}
                    </ul>
                </section>
            }.into_any()
        })}
    }
}

fn template_card(t: Template, lang: Lang) -> impl IntoView {
    let tx = StaffText::of(lang);
    let heading = format!("template-{}", t.id);
    let labelled_by = heading.clone();
    view! {
        <li class="card template" data-template=t.id aria-labelledby=labelled_by>
            <h3 id=heading>{t.title.clone()}<span class="tag">{t.kind.label(lang)}</span></h3>
            <p class="pre template__body">{t.body.clone()}</p>
            <p class="field__hint">{format!("{}: {}（{}）", tx.template_updated, t.updated_at, t.updated_by)}</p>
            <div class="actions">
                <a class="button button--secondary" href=format!("/staff/templates?edit={}#template-form", t.id)>{tx.template_edit}</a>
                <form method="post" action=RemoveTemplate::url() class="inline-form">
                    <input type="hidden" name="id" value=t.id.to_string()/>
                    <button type="submit" class="button button--secondary">{tx.template_remove}</button>
                </form>
            </div>
        </li>
    }
}

fn template_form(editing: Option<Template>, feedback: Signal<Feedback>, lang: Lang) -> impl IntoView {
    let tx = StaffText::of(lang);
    let fb = feedback.get_untracked();
    let title = fb.value_or("title", editing.as_ref().map(|t| t.title.clone()).unwrap_or_default());
    let body = fb.value_or("body", editing.as_ref().map(|t| t.body.clone()).unwrap_or_default());
    let kind = fb.value("kind").or_else(|| editing.as_ref().map(|t| t.kind.code().to_string())).unwrap_or_else(|| TemplateKind::AskMember.code().into());
    // The names staff typed that are not placeholders, shown with the field's problem.
    let unknown = match parse(&body) {
        Err(BodyError::Unknown(names)) if fb.field("body").is_some() => Some(names.iter().map(|n| format!("{{{n}}}")).collect::<Vec<_>>().join("　")),
        _ => None,
    };
    let id = editing.as_ref().map(|t| t.id.to_string()).unwrap_or_default();
    view! {
        <form method="post" action=SaveTemplate::url() class="form card" id="template-form" aria-labelledby="template-form-h">
            <h2 id="template-form-h">{if editing.is_some() { tx.template_edit_heading } else { tx.template_add_heading }}</h2>
            <input type="hidden" name="id" value=id/>
            <div class="field">
                <label for="f-title">{tx.template_title}</label>
                {problem_view(feedback, "title")}
                <input id="f-title" name="title" maxlength=super::TITLE_MAX.to_string() required=true value=title/>
            </div>
            <fieldset class="field choices">
                <legend>{tx.template_kind}</legend>
                {problem_view(feedback, "kind")}
                {TemplateKind::ALL.into_iter().map(|k| {
                    let id = format!("f-kind-{}", k.code());
                    let input_id = id.clone();
                    let checked = kind == k.code();
                    view! { <label class="choice" for=id><input type="radio" id=input_id name="kind" value=k.code() checked=checked/>" "{k.label(lang)}</label> }
                }).collect_view()}
            </fieldset>
            <div class="field">
                <label for="f-body">{tx.template_body}</label>
                {problem_view(feedback, "body")}
                {unknown.map(|u| view! { <p class="field__error" data-unknown="">{format!("{} {u}", tx.template_unknown)}</p> })}
                <textarea id="f-body" name="body" rows="8" maxlength=super::BODY_MAX.to_string() required=true aria-describedby="f-body-error placeholders-h">{body}</textarea>
            </div>
            <details class="field placeholders" open=true>
                <summary id="placeholders-h">{tx.template_placeholders}</summary>
                <table class="table placeholders__table">
                    <tbody>
                        {Placeholder::ALL.into_iter().map(|p| view! {
                            <tr><th scope="row"><code>{p.token(lang)}</code></th><td>{p.meaning(lang)}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </details>
            <button type="submit" class="button">{tx.template_save}</button>
            {editing.is_some().then(|| view! { " "<a href="/staff/templates" class="button button--secondary">{tx.template_cancel}</a> })}
        </form>
    }
}

/// On the case page, inside the message form: choose a 文例 and insert it. The choice goes by
/// a GET form of its own (`template-pick`, outside the message form), so it works without
/// JavaScript and never puts the message's text in an address.
pub fn picker(t: &CaseTemplates, chosen: Option<i64>, lang: Lang) -> Option<AnyView> {
    if t.choices.is_empty() {
        return None;
    }
    let tx = StaffText::of(lang);
    let group = |kind: TemplateKind| {
        let items: Vec<Template> = t.choices.iter().filter(|c| c.kind == kind).cloned().collect();
        (!items.is_empty()).then(|| view! {
            <optgroup label=kind.label(lang)>
                {items.into_iter().map(|c| {
                    let selected = chosen == Some(c.id);
                    view! { <option value=c.id.to_string() selected=selected>{c.title}</option> }
                }).collect_view()}
            </optgroup>
        })
    };
    Some(view! {
        <div class="field field--inline template-pick">
            <label for="f-template">{tx.template_pick}</label>
            <select id="f-template" name="template" form="template-pick">
                <option value="">{tx.template_pick_none}</option>
                {group(TemplateKind::AskMember)}
                {group(TemplateKind::Reply)}
            </select>
            <button type="submit" form="template-pick" class="button button--secondary">{tx.template_insert}</button>
            <a href="/staff/templates">{tx.template_manage}</a>
        </div>
    }.into_any())
}

/// The GET form the picker submits, placed outside the message form.
pub fn picker_form(receipt: &str) -> impl IntoView + use<> {
    view! { <form id="template-pick" method="get" action=format!("/staff/requests/{receipt}#f-message")></form> }
}
