//! One request's staff page (`/staff/requests/:receipt`): what was asked, the package link,
//! the subject's held data on demand, the decision, the forms for the next step and the timeline.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::forms::{decide_form, review_form};
use super::api::{StaffAcknowledge, staff_held_data, staff_request};
use crate::requests::RequestView;
use crate::requests::decision::DecisionState;
use crate::requests::texts::{RqText, rq_text};
use crate::requests::views::{deadline_text, decision_view};
use kit::form::{FormError, use_feedback};
use kit::i18n::use_lang;
use kit::page::page_error;
use kit::page_data;
use kit::texts::id_text;
use crate::staff::texts::StaffText;

#[component]
pub fn StaffRequestPage() -> impl IntoView {
    let (t, lang) = (rq_text(), use_lang());
    let params = use_params_map();
    let query = use_query_map();
    let receipt = move || params.with(|p| p.get("receipt").unwrap_or_default());
    let show_held = move || query.with(|q| q.get("held").is_some());
    let template = query.with_untracked(|q| q.get("template")).and_then(|t| t.parse::<i64>().ok());
    let data = page_data::load(receipt, staff_request);
    let held = page_data::load(move || (receipt(), show_held()), |(r, show)| async move {
        if show { staff_held_data(r).await.map(Some) } else { Ok(None) }
    });
    // レセプト: the 照会 to each 医療機関 (nothing for a request that asks for none).
    let inquiries = page_data::load(receipt, crate::receipts::api::staff_receipt_inquiries);
    let feedback = use_feedback();
    let tx = StaffText::of(lang);
    view! {
        <Title text="お申し出（職員）"/>
        <FormError feedback/>
        {move || query.with(|q| q.get("entered").is_some()).then(|| view! {
            <div class="notice notice--ok" role="status"><p>{tx.entered}</p></div>
        })}
        {Suspend::new(async move {
            let held = held.await;
            let inquiries = inquiries.await.ok().filter(|q| q.asks);
            match data.await {
                Err(e) => page_error(e, "/staff/requests"),
                Ok(c) => {
                    let v = c.view.clone();
                    let receipt = v.line.receipt.clone();
                    let version = v.version.to_string();
                    view! {
                        <h1>{format!("{} {}", receipt, RqText::of(lang).type_name(v.line.request_type))}</h1>
                        <p><strong class="stage" data-status=v.line.status.code()>{v.line.stage.label(lang)}</strong>" "
                            {v.line.deadline.map(|d| deadline_text(&d, t)).unwrap_or_default()}</p>
                        <p>{format!("{}: {}（{}）", t.about, v.line.subject_name, v.line.capacity.label(lang))}</p>
                        {c.escalation.clone().map(|e| escalation_card(e, c.can_acknowledge, &receipt, tx))}
                        {c.intake.clone().map(|i| crate::requests::intake::intake_card(i, lang))}
                        <section class="card" aria-labelledby="asked">
                            <h2 id="asked">{tx.asked_heading}</h2>
                            <pre class="pre">{details_text(&v)}</pre>
                        </section>
                        {crate::delivery::packaged(v.line.request_type).then(|| view! {
                            <section class="card" aria-labelledby="package-link">
                                <h2 id="package-link">{tx.package_heading}</h2>
                                <p>{tx.package_hint}</p>
                                <p><a class="button button--secondary" href=format!("/staff/requests/{receipt}/package")>{tx.package_open}</a></p>
                            </section>
                        })}
                        {super::fee::fee_section(&c, feedback, lang)}
                        {inquiries.map(|q| crate::receipts::views::inquiry_section(&receipt, q, feedback, lang))}
                        <section class="card" aria-labelledby="held">
                            <h2 id="held">{tx.held_heading}</h2>
                            {match held {
                                Ok(Some(h)) => view! {
                                    <dl class="facts held">{h.items.into_iter().map(|(k, val)| view! { <div><dt>{k}</dt><dd>{val}</dd></div> }).collect_view()}</dl>
                                }.into_any(),
                                Ok(None) => view! {
                                    <p><a class="button button--secondary" href=format!("/staff/requests/{receipt}?held=1")>{tx.held_show}</a></p>
                                }.into_any(),
                                Err(e) => view! { <p class="notice notice--error">{e.message(kit::i18n::t())}</p> }.into_any(),
                            }}
                        </section>
                        {v.decision.as_ref().map(|d| view! {
                            {decision_view(d, format!("/staff/requests/{receipt}/letter"), lang)}
                            <p class="decision__by">{tx.decided_by(&d.decided_by.clone().unwrap_or_default(),
                                &d.approved_by.clone().map(|a| tx.approved_by(&a)).unwrap_or_default())}
                                " "{decision_state_name(d.state, tx)}</p>
                        })}
                        {c.can_approve.then(|| review_form(&receipt, &version, feedback, lang))}
                        {c.own_pending.then(|| view! { <p class="notice" role="note">{id_text().p_own_decision}</p> })}
                        {(!c.outcomes.is_empty()).then(|| decide_form(&c, feedback, lang))}
                        {(!c.steps.is_empty()).then(|| super::workflow::steps_form(&c, template, feedback, lang))}
                        {c.can_assign.then(|| super::workflow::assign_form(&c, feedback, lang))}
                        {super::workflow::timeline(&c, lang)}
                    }.into_any()
                }
            }
        })}
    }
}

fn decision_state_name(s: DecisionState, tx: &StaffText) -> &'static str {
    match s {
        DecisionState::Pending => tx.state_pending,
        DecisionState::Approved => tx.state_approved,
        DecisionState::Final => tx.state_final,
        DecisionState::SentBack => tx.state_sent_back,
    }
}

/// What was asked, as plain text for the reviewer.
fn details_text(v: &RequestView) -> String {
    use crate::requests::draft::Details;
    match &v.details {
        Details::PurposeNotice { note, .. } => format!("対象: {}\n{note}", v.category_names.join("、")),
        Details::Disclosure { receipts, checkups, note, .. } => format!(
            "対象: {}\nレセプト: {}\n健診: {}\n方法: {}\n{note}",
            v.category_names.join("、"),
            receipts.as_ref().map(|p| format!("{}〜{}", p.from, p.to)).unwrap_or_else(|| "—".into()),
            checkups.as_ref().map(|p| format!("{}〜{}", p.from, p.to)).unwrap_or_else(|| "—".into()),
            v.method_name.clone().unwrap_or_default()
        ),
        Details::ThirdPartyRecords { period, .. } => format!(
            "期間: {}\n方法: {}",
            period.as_ref().map(|p| format!("{}〜{}", p.from, p.to)).unwrap_or_else(|| "—".into()),
            v.method_name.clone().unwrap_or_default()
        ),
        Details::Correction { item_label, current, requested, reason, .. } => {
            format!("項目: {item_label}\n現在の内容: {current}\n求める内容: {requested}\n理由: {reason}")
        }
        Details::Suspension { target, ground, explanation, .. } => {
            format!("対象: {target}\n理由: {}\n{explanation}", ground.label(kit::i18n::Lang::Ja))
        }
        Details::Complaint { body, category } => format!("区分: {}\n{body}", category.label(kit::i18n::Lang::Ja)),
    }
}

/// A complaint sent to the 責任者 at once: when, and whether a 責任者 has seen it.
fn escalation_card(e: crate::requests::Escalation, can_acknowledge: bool, receipt: &str, tx: &'static StaffText) -> impl IntoView {
    let seen = e.acknowledged.clone();
    let state = if seen.is_some() { "acknowledged" } else { "open" };
    view! {
        <section class="card card--action" aria-labelledby="escalation" data-escalation=state>
            <h2 id="escalation">{tx.escalation_heading}</h2>
            <p>{tx.escalation_sent(&e.escalated_at)}</p>
            {match seen {
                Some((by, at)) => view! { <p>{tx.escalation_seen(&by, &at)}</p> }.into_any(),
                None if can_acknowledge => view! {
                    <form method="post" action=StaffAcknowledge::url()>
                        <input type="hidden" name="receipt" value=receipt.to_string()/>
                        <p class="field__hint">{tx.escalation_hint}</p>
                        <button type="submit" class="button">{tx.escalation_acknowledge}</button>
                    </form>
                }.into_any(),
                None => view! { <p><strong>{tx.escalation_waiting}</strong></p> }.into_any(),
            }}
        </section>
    }
}

