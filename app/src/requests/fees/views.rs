//! The fee as the member reads it: on the request page, what is owed and how to pay it
//! (or that it is paid, with the 領収書); and the paper — the 案内 staff post to a paper
//! requester, the 領収書 anyone who paid can print.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::texts::{FeeText, fee_text};
use super::{FeeInfo, FeePaper, Settlement};
use crate::platform::print::PrintButton;
use crate::requests::decision::FeeState;
use crate::requests::texts::rq_text;
use kit::i18n::{Lang, use_lang};
use kit::page::page_error;
use kit::page_data;

fn methods_view(info: &FeeInfo, t: &'static FeeText, lang: Lang) -> AnyView {
    if info.methods.is_empty() {
        return view! { <p>{t.no_methods}</p> }.into_any();
    }
    view! {
        <h3>{t.methods_title}</h3>
        <dl class="facts payment-methods">
            {info.methods.iter().map(|m| view! {
                <div data-payment=m.kind.code()><dt>{m.kind.label(lang)}</dt><dd class="pre">{m.instructions.clone()}</dd></div>
            }).collect_view()}
        </dl>
        <p>{t.write_receipt}</p>
    }
    .into_any()
}

fn settled_facts(s: &Settlement, t: &'static FeeText, lang: Lang) -> AnyView {
    match s {
        Settlement::Paid { on, method, amount_yen } => view! {
            <dl class="facts">
                <div><dt>{t.amount}</dt><dd>{t.yen(*amount_yen)}</dd></div>
                <div><dt>{t.paid_on}</dt><dd>{kit::time::format_date(*on, lang)}</dd></div>
                <div><dt>{t.paid_method}</dt><dd>{method.label(lang)}</dd></div>
            </dl>
        }
        .into_any(),
        Settlement::Waived { reason } => view! {
            <dl class="facts"><div><dt>{t.waiver_reason}</dt><dd class="pre">{reason.clone()}</dd></div></dl>
        }
        .into_any(),
    }
}

/// The fee's card on the member's request page. A due fee comes first on the page, with
/// what to do; a paid one links its 領収書.
pub fn member_fee_card(receipt: &str, info: &FeeInfo, lang: Lang) -> impl IntoView + use<> {
    let t = fee_text();
    let state = format!("{:?}", info.state).to_lowercase();
    let body = match (&info.state, &info.settlement) {
        (FeeState::Due, _) => view! {
            <h2 id="fee-title">{t.due_title}</h2>
            <p>{t.due_lead}</p>
            <dl class="facts"><div><dt>{t.amount}</dt><dd><strong>{t.yen(info.amount_yen)}</strong></dd></div></dl>
            {info.last_day.map(|d| view! { <p class="notice notice--warn">{t.pay_by(&kit::time::format_date(d, lang))}</p> })}
            {methods_view(info, t, lang)}
        }
        .into_any(),
        (FeeState::Paid, Some(s)) => view! {
            <h2 id="fee-title">{t.paid_title}</h2>
            {settled_facts(s, t, lang)}
            <p><a class="button button--secondary" href=format!("/requests/{receipt}/fee")>{t.receipt_link}</a></p>
        }
        .into_any(),
        (FeeState::Waived, Some(s)) => view! { <h2 id="fee-title">{t.waived_title}</h2> {settled_facts(s, t, lang)} }.into_any(),
        _ => ().into_any(),
    };
    view! {
        <section id="fee" class="card" class:card--action=info.state == FeeState::Due aria-labelledby="fee-title" data-fee-state=state>
            {body}
        </section>
    }
}

/// The 案内 while the fee is due, the 領収書 once paid, laid out for A4 (a window envelope
/// shows the address block, as on the decision letter).
pub fn fee_paper_view(p: FeePaper, lang: Lang) -> impl IntoView {
    let (t, rq) = (fee_text(), rq_text());
    let head = view! {
        <p class="letter__date">{kit::time::format_date(p.issued_on, lang)}</p>
        {p.addressee_address.clone().map(|a| view! { <p class="letter__address">{a}</p> })}
        <p class="letter__to">{format!("{} {}", p.addressee, rq.letter_dear)}</p>
        <p class="letter__from">{p.society_name.clone()}<br/>{p.representative.clone()}<br/>{p.society_address.clone()}</p>
    };
    let facts = view! {
        <div><dt>{t.receipt_number}</dt><dd>{p.receipt.clone()}</dd></div>
        <div><dt>{rq.received_at}</dt><dd>{kit::time::format_date(p.received_on, lang)}</dd></div>
    };
    let body = match (&p.fee.state, &p.fee.settlement) {
        (FeeState::Paid, Some(s @ Settlement::Paid { amount_yen, .. })) => view! {
            <h1 id="paper-title" class="letter__title">{t.receipt_title}</h1>
            <p class="receipt-amount"><strong>{t.yen(*amount_yen)}</strong></p>
            <p>{t.receipt_for}" "{t.receipt_received}</p>
            <dl class="facts">{facts}</dl>
            {settled_facts(s, t, lang)}
        }
        .into_any(),
        (FeeState::Due, _) => view! {
            <h1 id="paper-title" class="letter__title">{t.letter_title}</h1>
            <p>{t.letter_lead}</p>
            <dl class="facts">{facts}<div><dt>{t.amount}</dt><dd><strong>{t.yen(p.fee.amount_yen)}</strong></dd></div></dl>
            {methods_view(&p.fee, t, lang)}
            <p>{t.letter_no_fee_for}</p>
            <p>{t.letter_deadline_note}</p>
        }
        .into_any(),
        _ => view! { <h1 id="paper-title" class="letter__title">{t.receipt_title}</h1> <p>{t.receipt_missing}</p> }.into_any(),
    };
    view! {
        <article class="letter" aria-labelledby="paper-title" data-fee-paper=format!("{:?}", p.fee.state).to_lowercase()>
            {head}
            {body}
            <h2>{t.inquiry_title}</h2>
            <p class="pre">{p.inquiry.clone()}</p>
            <PrintButton label=rq.letter_print.to_string()/>
        </article>
    }
}

/// `/requests/:receipt/fee`: the member's 領収書 (or how to pay, while due).
#[component]
pub fn MemberFeePage() -> impl IntoView {
    let (t, lang) = (fee_text(), use_lang());
    let params = use_params_map();
    let receipt = move || params.with(|p| p.get("receipt").unwrap_or_default());
    let data = page_data::load(receipt, super::api::member_fee_paper);
    view! {
        <Title text=t.receipt_title/>
        {Suspend::new(async move {
            let here = format!("/requests/{}", receipt());
            match data.await {
                Err(e) => page_error(e, &here),
                Ok(p) => view! {
                    {fee_paper_view(p, lang)}
                    <p class="no-print"><a href=here>{t.no_fee_receipt_back}</a></p>
                }.into_any(),
            }
        })}
    }
}
