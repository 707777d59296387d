//! The member's home page: one list of what needs doing, each a link to where it is done,
//! then the tasks as large links (easy to hit on a phone).

use leptos::prelude::*;
use leptos_meta::Title;

use super::texts::{HomeText, home_text};
use super::{Attention, HomeData, member_home};
use crate::publication::drafts::NewsBanner;
use crate::requests::texts::RqText;
use kit::i18n::use_lang;
use kit::page::page_error;
use kit::page_data;

/// One thing to do: what, about which request, as a link to its page.
fn attention_item(a: &Attention, t: &HomeText, rq: &RqText) -> impl IntoView + use<> {
    let (kind, what, class) = match a {
        Attention::Answer { request_type, .. } => (*request_type, t.answer.to_string(), "attention attention--act"),
        Attention::PayFee { request_type, amount_yen, .. } => (*request_type, t.pay_fee(*amount_yen), "attention attention--act"),
        Attention::Download { request_type, until, .. } => (*request_type, t.download(until), "attention attention--act"),
        Attention::ReadDecision { request_type, .. } => (*request_type, t.decision.to_string(), "attention"),
        Attention::ReadMessage { request_type, .. } => (*request_type, t.message.to_string(), "attention"),
    };
    let receipt = a.receipt().to_string();
    let about = t.about(rq.type_name(kind), &receipt);
    let href = match a {
        Attention::PayFee { .. } => format!("/requests/{receipt}#fee"),
        Attention::Download { .. } => format!("/requests/{receipt}#package"),
        _ => format!("/requests/{receipt}"),
    };
    view! {
        <li class=class data-attention=receipt.clone()>
            <a href=href>
                <strong class="attention__what">{what}</strong>
                <span class="attention__about">{about}</span>
            </a>
        </li>
    }
}

#[component]
pub fn MemberHomePage() -> impl IntoView {
    let t = home_text();
    let rq = RqText::of(use_lang());
    let data = page_data::load(|| (), |_| member_home());
    view! {
        <Title text=t.title/>
        <h1>{t.title}</h1>
        {Suspend::new(async move {
            match data.await {
                Err(e) => page_error(e, "/mypage"),
                Ok(HomeData { attention, news, open_requests, failures_since_last }) => view! {
                    {crate::identity::views::failures_notice(failures_since_last)}
                    <section class="card attention-card" aria-labelledby="attention-h" data-attention-count=attention.len() + news>
                        <h2 id="attention-h">{t.attention_heading}</h2>
                        {(attention.is_empty() && news == 0).then(|| view! { <p data-nothing-to-do="">{t.nothing_to_do}</p> })}
                        {(!attention.is_empty()).then(|| view! {
                            <ul class="attention-list">{attention.iter().map(|a| attention_item(a, t, rq)).collect_view()}</ul>
                        })}
                        {(news > 0).then(|| view! { <NewsBanner/> })}
                    </section>
                    <nav class="tasks" aria-labelledby="tasks-h">
                        <h2 id="tasks-h">{t.tasks_heading}</h2>
                        <ul class="task-list">
                            <li><a class="task" href="/notices"><strong>{t.task_notices}</strong><span>{t.task_notices_hint}</span></a></li>
                            <li><a class="task" href="/requests/new"><strong>{t.task_new_request}</strong><span>{t.task_new_request_hint}</span></a></li>
                            <li><a class="task" href="/requests"><strong>{t.task_requests}</strong><span>{t.requests_open(open_requests)}</span></a></li>
                            <li><a class="task" href="/account"><strong>{t.task_account}</strong><span>{t.task_account_hint}</span></a></li>
                        </ul>
                    </nav>
                }.into_any(),
            }
        })}
    }
}
