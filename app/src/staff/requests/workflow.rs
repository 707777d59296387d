//! The case page's working parts: the steps allowed now as buttons named for what they do,
//! assignment with 重要度・緊急度 (a reason to take a request from a colleague), and the
//! timeline saying who did what in staff terms.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use super::api::{StaffAct, StaffAssign};
use super::StaffCase;
use crate::requests::RequestView;
use crate::requests::decision::Priority;
use crate::requests::lifecycle::Action;
use crate::requests::texts::rq_text;
use crate::staff::texts::StaffText;
use kit::form::Feedback;
use kit::i18n::Lang;
use kit::page::problem_view;

/// The steps this staff member may take now (the lifecycle's `next`), one button each,
/// sharing the message: nothing not allowed now is offered.
/// A 文例 chosen (`?template=`) is filled in for this request, to be read and edited first.
pub(super) fn steps_form(c: &StaffCase, template: Option<i64>, feedback: Signal<Feedback>, lang: Lang) -> AnyView {
    use crate::staff::templates::{fill, views::{picker, picker_form}};
    let tx = StaffText::of(lang);
    let v = &c.view;
    let inserted = template.and_then(|id| c.templates.choices.iter().find(|t| t.id == id)).map(|t| fill(&t.body, &c.templates.values));
    let message = feedback.with_untracked(|f| f.value("message")).or(inserted).unwrap_or_default();
    view! {
        {picker_form(&v.line.receipt)}
        <form method="post" action=StaffAct::url() class="form card steps" aria-labelledby="steps">
            <h2 id="steps">{tx.steps_heading}</h2>
            <p class="field__hint">{tx.steps_hint}</p>
            <input type="hidden" name="receipt" value=v.line.receipt.clone()/>
            <input type="hidden" name="version" value=v.version.to_string()/>
            {problem_view(feedback, "action")}
            {picker(&c.templates, template, lang)}
            <div class="field">
                <label for="f-message">{tx.message_label}</label>
                {problem_view(feedback, "message")}
                <textarea id="f-message" name="message" rows="4" maxlength="4000">{message}</textarea>
            </div>
            <div class="actions">
                {c.steps.iter().map(|a| {
                    let class = if matches!(a, Action::Message | Action::Note) { "button button--secondary" } else { "button" };
                    view! { <button type="submit" name="action" value=a.code() class=class data-action=a.code()>{tx.action_button(*a)}</button> }
                }).collect_view()}
            </div>
        </form>
    }
    .into_any()
}

pub(super) fn assign_form(c: &StaffCase, feedback: Signal<Feedback>, lang: Lang) -> AnyView {
    let tx = StaffText::of(lang);
    let priority_select = |name: &'static str, label: &'static str, current: Priority| {
        let id = format!("f-{name}");
        view! {
            <div class="field field--inline">
                <label for=id.clone()>{label}</label>
                {problem_view(feedback, name)}
                <select id=id name=name>
                    {[Priority::High, Priority::Normal, Priority::Low].into_iter().map(|p| {
                        let selected = feedback.with_untracked(|f| f.selected_or(name, p.code(), p == current));
                        view! { <option value=p.code() selected=selected>{p.label(lang)}</option> }
                    }).collect_view()}
                </select>
            </div>
        }
    };
    let reason = feedback.with_untracked(|f| f.value("reassign_reason")).unwrap_or_default();
    view! {
        <form method="post" action=StaffAssign::url() class="form card filters" aria-labelledby="assign">
            <h2 id="assign">{tx.assign_heading}</h2>
            <input type="hidden" name="receipt" value=c.view.line.receipt.clone()/>
            <input type="hidden" name="version" value=c.view.version.to_string()/>
            <div class="field field--inline">
                <label for="f-assignee">{tx.assignee}</label>
                {problem_view(feedback, "assignee")}
                <select id="f-assignee" name="assignee">
                    <option value="">{tx.unassigned}</option>
                    {c.colleagues.iter().map(|(id, name)| {
                        let selected = feedback.with_untracked(|f| f.selected_or("assignee", &id.to_string(), c.assignee == Some(*id)));
                        view! { <option value=id.to_string() selected=selected>{name.clone()}</option> }
                    }).collect_view()}
                </select>
            </div>
            {priority_select("importance", tx.importance, c.importance)}
            {priority_select("urgency", tx.urgency, c.urgency)}
            {c.assignee.is_some().then(|| view! {
                <div class="field field--wide">
                    <label for="f-reassign_reason">{tx.reassign_reason}</label>
                    {problem_view(feedback, "reassign_reason")}
                    <input id="f-reassign_reason" name="reassign_reason" maxlength="4000" value=reason/>
                </div>
            })}
            <button type="submit" class="button button--secondary">{tx.act_assign}</button>
        </form>
    }
    .into_any()
}

/// The timeline as staff read it: when, who (「申出人（本人）」「受付：山田」「システム」) and what.
pub(super) fn timeline(c: &StaffCase, lang: Lang) -> AnyView {
    let (t, tx) = (rq_text(), StaffText::of(lang));
    let v: &RequestView = &c.view;
    view! {
        <section class="card" aria-labelledby="timeline">
            <h2 id="timeline">{t.timeline}</h2>
            <ol class="timeline">
                {v.timeline.iter().map(|e| {
                    let who = match &e.actor {
                        Some(a) => tx.actor(a, lang),
                        None if e.by_member => tx.who_requester.to_string(),
                        None => tx.who_staff.to_string(),
                    };
                    let what = if e.submission { tx.submitted } else { e.action.label(lang) };
                    view! {
                        <li><span class="timeline__at">{e.at.clone()}</span>" "<strong class="timeline__who">{who}</strong>" "{what}
                            {e.message.clone().map(|m| view! { <p class="pre">{m}</p> })}
                            <ul class="files">{e.attachments.iter().map(|a| view! {
                                <li data-attachment=a.id><a href=format!("/staff/requests/{}/files/{}", v.line.receipt, a.id)>{a.file_name.clone()}</a>
                                    // 番号法20条: a document showing an 個人番号 may not be kept.
                                    {c.can_assign.then(|| super::my_number::erase_button(&v.line.receipt, a.id, tx.erase_my_number))}
                                </li>
                            }).collect_view()}</ul>
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
    }
    .into_any()
}
