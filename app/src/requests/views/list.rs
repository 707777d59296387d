//! The member's list of requests, and the choice of a new request's type.

use leptos::prelude::*;
use leptos_meta::Title;

use super::{deadline_text, urgency_class};
use crate::requests::RequestLine;
use crate::requests::agency::Capacity;
use crate::requests::api::my_requests;
use crate::requests::texts::rq_text;
use kit::i18n::use_lang;
use kit::page::page_error;
use kit::page_data;
use kit::rights::RequestType;

#[component]
fn Line(line: RequestLine) -> impl IntoView {
    let (t, lang) = (rq_text(), use_lang());
    let href = format!("/requests/{}", line.receipt);
    view! {
        <li class="request-card" data-receipt=line.receipt.clone() data-stage=format!("{:?}", line.stage)>
            // The receipt number in the link's name: several 「開示」 links are told apart by it.
            <a href=href class="request-card__title">{t.type_name(line.request_type)}<span class="visually-hidden">{format!("（{}）", line.receipt)}</span></a>
            {(line.unread > 0).then(|| view! { <span class="badge">{t.unread}</span> })}
            <dl class="facts">
                <div><dt>{t.receipt}</dt><dd class="receipt">{line.receipt.clone()}</dd></div>
                <div><dt>{t.status}</dt><dd><span class="stage">{line.stage.label(lang)}</span></dd></div>
                <div><dt>{t.received_at}</dt><dd>{line.received_at.clone()}</dd></div>
                {(line.capacity != Capacity::Own).then(|| view! {
                    <div><dt>{t.about}</dt><dd>{format!("{}（{}）", line.subject_name, line.capacity.label(lang))}</dd></div>
                })}
            </dl>
            {line.deadline.map(|d| view! { <p class=urgency_class(&d)>{deadline_text(&d, t)}</p> })}
        </li>
    }
}

#[component]
pub fn RequestsPage() -> impl IntoView {
    let t = rq_text();
    let data = page_data::load(|| (), |_| my_requests());
    view! {
        <Title text=t.list_title/>
        <h1>{t.list_title}</h1>
        <p>{t.list_intro}</p>
        <p><a class="button" href="/requests/new">{t.new_request}</a></p>
        {Suspend::new(async move {
            match data.await {
                Err(e) => page_error(e, "/requests"),
                Ok(lines) if lines.is_empty() => view! { <p class="muted">{t.none_yet}</p> }.into_any(),
                Ok(lines) => view! {
                    <ul class="request-list">
                        {lines.into_iter().map(|line| view! { <Line line/> }).collect_view()}
                    </ul>
                }.into_any(),
            }
        })}
    }
}

#[component]
pub fn NewRequestPage() -> impl IntoView {
    let t = rq_text();
    view! {
        <Title text=t.choose_title/>
        <h1>{t.choose_title}</h1>
        <p>{t.choose_intro}</p>
        <ul class="type-list">
            {RequestType::ALL.into_iter().map(|k| view! {
                <li class="card">
                    <h2><a href=format!("/requests/new/{}", k.slug())>{t.type_name(k)}</a></h2>
                    <p>{t.type_explanation(k)}</p>
                </li>
            }).collect_view()}
        </ul>
    }
}
