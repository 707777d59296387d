//! `/requests/:receipt`: the member's request to its end — what was asked, where it
//! stands, the decision, and what was delivered (the 開示 package, the 訂正 carried out).

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::{RequestOutcome, load_request};
use crate::requests::RequestView;
use crate::requests::agency::{Capacity, Document};
use crate::requests::lifecycle::{Action, Stage};
use crate::requests::api::ActOnRequest;
use crate::requests::texts::*;
use crate::requests::views::{ActForm, deadline_text, decision_view, details_view, measures_view, progress, urgency_class};
use kit::form::{FormError, use_feedback};
use kit::i18n::use_lang;
use kit::page::{page_error, problem_view};
use kit::page_data;

#[component]
pub fn RequestPage() -> impl IntoView {
    let (t, lang) = (rq_text(), use_lang());
    let params = use_params_map();
    let receipt = move || params.with(|p| p.get("receipt").unwrap_or_default());
    let data = page_data::load(receipt, load_request);
    let feedback = use_feedback();
    let query = use_query_map();
    let notice = move || {
        query.with(|q| {
            if q.get("submitted").is_some() {
                Some(t.submitted)
            } else {
                match q.get("done").as_deref() {
                    Some("answer") => Some(t.done_answer),
                    Some("message") => Some(t.done_message),
                    Some("withdraw") => Some(t.done_withdraw),
                    _ => None,
                }
            }
        })
    };
    view! {
        <Title text=t.detail_title/>
        <h1>{t.detail_title}</h1>
        {move || notice().map(|n| view! { <div class="notice notice--ok" role="status"><p>{n}</p></div> })}
        <FormError feedback/>
        {Suspend::new(async move {
            let here = format!("/requests/{}", receipt());
            match data.await {
                Err(e) => page_error(e, &here),
                Ok(RequestOutcome { request: v, package, corrections, measures }) => {
                    let receipt = v.line.receipt.clone();
                    let version = v.version.to_string();
                    view! {
                        <section class="card" aria-labelledby="summary" data-stage=format!("{:?}", v.line.stage)>
                            <h2 id="summary">{t.type_name(v.line.request_type)}</h2>
                            <dl class="facts">
                                <div><dt>{t.receipt}</dt><dd class="receipt" data-receipt=receipt.clone()>{receipt.clone()}</dd></div>
                                <div><dt>{t.received_at}</dt><dd>{v.line.received_at.clone()}</dd></div>
                                <div><dt>{t.status}</dt><dd><strong class="stage">{v.line.stage.label(lang)}</strong></dd></div>
                                {(v.line.capacity != Capacity::Own).then(|| view! {
                                    <div><dt>{t.about}</dt><dd>{format!("{}（{}）", v.line.subject_name, v.line.capacity.label(lang))}</dd></div>
                                })}
                            </dl>
                            {v.line.deadline.map(|d| view! { <p class=urgency_class(&d) data-due=d.due.map(|x| x.to_string())>{deadline_text(&d, t)}</p> })}
                            {progress(v.line.stage, v.line.capacity, lang)}
                        </section>
                        {v.fee.as_ref().filter(|f| f.state == crate::requests::decision::FeeState::Due && !v.line.status.is_closed())
                            .map(|f| crate::requests::fees::views::member_fee_card(&receipt, f, lang))}
                        {v.decision.as_ref().map(|d| decision_view(d, format!("/requests/{receipt}/letter"), lang))}
                        {measures_view(&measures, lang)}
                        {package.map(|p| crate::delivery::views::member_package_view(&receipt, p, lang))}
                        {crate::delivery::views::corrections_view(corrections, lang)}
                        {v.fee.as_ref().filter(|f| f.state != crate::requests::decision::FeeState::Due)
                            .map(|f| crate::requests::fees::views::member_fee_card(&receipt, f, lang))}
                        <section class="card" aria-labelledby="asked">
                            <h2 id="asked">{t.your_request}</h2>
                            {details_view(&v, t, lang)}
                        </section>
                        <section class="card" aria-labelledby="timeline">
                            <h2 id="timeline">{t.timeline}</h2>
                            <ol class="timeline">
                                {v.timeline.iter().map(|e| {
                                    let who = if e.by_member { t.by_you } else { t.by_society };
                                    let what = if e.action == Action::Message && e.message.is_none() { Stage::Received.label(lang) } else { e.action.label(lang) };
                                    view! {
                                        <li class="timeline__entry" class:timeline__entry--member=e.by_member>
                                            <p class="timeline__head"><time>{e.at.clone()}</time>" "<strong>{who}</strong>": "{what}</p>
                                            {e.message.clone().map(|m| view! { <p class="pre timeline__message">{m}</p> })}
                                            {(!e.attachments.is_empty()).then(|| view! {
                                                <ul class="files">
                                                    {e.attachments.iter().map(|a| view! {
                                                        <li><a href=format!("/requests/{}/files/{}", v.line.receipt, a.id) download="">{format!("{}: {}（{} {}）", t.document(a.document), a.file_name, (a.size_bytes + 1023) / 1024, t.bytes_kb)}</a></li>
                                                    }).collect_view()}
                                                </ul>
                                            })}
                                        </li>
                                    }
                                }).collect_view()}
                            </ol>
                        </section>
                        {v.can_answer.then(|| view! {
                            <section class="card card--action" aria-labelledby="answer">
                                <h2 id="answer">{t.answer_title}</h2>
                                <p>{t.answer_hint}</p>
                                <ActForm receipt=receipt.clone() version=version.clone() action="answer" button=t.send_answer files=answer_documents(&v) feedback/>
                            </section>
                        })}
                        {(v.can_message && !v.can_answer).then(|| view! {
                            <section class="card" aria-labelledby="write">
                                <h2 id="write">{t.write_title}</h2>
                                <ActForm receipt=receipt.clone() version=version.clone() action="message" button=t.send_message files=Vec::new() feedback/>
                            </section>
                        })}
                        {v.can_withdraw.then(|| view! {
                            <section class="card" aria-labelledby="withdraw">
                                <h2 id="withdraw">{t.withdraw_title}</h2>
                                <p>{t.withdraw_hint}</p>
                                <form method="post" action=ActOnRequest::url() enctype="multipart/form-data" class="form">
                                    <input type="hidden" name="receipt" value=receipt.clone()/>
                                    <input type="hidden" name="version" value=version.clone()/>
                                    <input type="hidden" name="action" value="withdraw"/>
                                    <div class="field">
                                        {problem_view(feedback, "confirm")}
                                        <label class="choice__item" for="f-confirm">
                                            <input type="checkbox" id="f-confirm" name="confirm" value="1" required=true
                                                checked=feedback.with_untracked(|f| f.value("action").as_deref() == Some("withdraw") && f.checked("confirm", "1"))/>
                                            <span>{t.withdraw_confirm}</span>
                                        </label>
                                    </div>
                                    <button type="submit" class="button button--secondary">{t.withdraw_button}</button>
                                </form>
                            </section>
                        })}
                        {v.can_disown.then(|| view! {
                            <section class="card card--action" aria-labelledby="disown">
                                <h2 id="disown">{t.disown_title}</h2>
                                <p>{t.disown_hint}</p>
                                <form method="post" action=super::DisownRequest::url() class="form">
                                    <input type="hidden" name="receipt" value=receipt.clone()/>
                                    <input type="hidden" name="version" value=version.clone()/>
                                    <div class="field">
                                        <label for="f-disown-message">{t.message_label}</label>
                                        {problem_view(feedback, "message")}
                                        <textarea id="f-disown-message" name="message" rows="3" maxlength="4000">{feedback.with_untracked(|f| f.value("action").is_none().then(|| f.value("message")).flatten()).unwrap_or_default()}</textarea>
                                    </div>
                                    <button type="submit" class="button">{t.disown_button}</button>
                                </form>
                            </section>
                        }.into_any())}
                        <p><a href="/requests">{t.back_to_list}</a></p>
                    }.into_any()
                }
            }
        })}
    }
}

/// The files a reply may carry: a new agent's document when that is what was asked for.
fn answer_documents(v: &RequestView) -> Vec<Document> {
    let mut docs = Vec::new();
    if v.line.status == crate::requests::lifecycle::Status::NeedsDocuments {
        // Any proof the capacity can need (a 任意代理人 for a minor sends two).
        docs.extend(v.line.capacity.required_documents(true));
    }
    docs.push(Document::Supporting);
    docs
}
