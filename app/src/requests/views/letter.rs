//! The decision as the member reads it, and the 決定通知書 laid out for print.

use leptos::prelude::*;
use crate::platform::print::PrintButton;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::requests::texts::*;
use kit::i18n::{Lang, use_lang};
use kit::page::page_error;
use kit::page_data;

/// The decision as the member (and staff) read it, with the link to the letter.
pub(crate) fn decision_view(d: &crate::requests::decision::DecisionRecord, letter_href: String, lang: Lang) -> impl IntoView {
    let t = rq_text();
    let dec = &d.decision;
    view! {
        <section class="card decision" aria-labelledby="decision" data-outcome=dec.outcome.code()>
            <h2 id="decision">{t.decision_title}</h2>
            <dl class="facts">
                <div><dt>{t.decision_outcome}</dt><dd><strong>{dec.outcome.label(lang)}</strong></dd></div>
                <div><dt>{t.decision_ground}</dt><dd>{format!("{}（{}）", dec.ground.article(), dec.ground.label(lang))}</dd></div>
                {(!dec.reason.is_empty()).then(|| view! { <div><dt>{t.decision_reason}</dt><dd class="pre">{dec.reason.clone()}</dd></div> })}
                {dec.corrected_value.clone().map(|after| view! {
                    <div><dt>{t.decision_change}</dt><dd>{format!("{}: {} → {}: {}", t.before, d.previous_value.clone().unwrap_or_default(), t.after, t.shown_after(&after))}</dd></div>
                })}
                {(dec.fee != crate::requests::decision::Fee::NotCharged).then(|| view! { <div><dt>{t.decision_fee}</dt><dd>{dec.fee.label(lang)}</dd></div> })}
                <div><dt>{t.decision_date}</dt><dd>{d.decided_on.clone()}</dd></div>
            </dl>
            <p><a class="button button--secondary" href=letter_href>{t.letter_link}</a></p>
        </section>
    }
}

/// What a decided 利用停止等 did (35条): each measure, the core system's part, and what is
/// kept and why where something was erased. Nothing when no measure was carried out.
pub(crate) fn measures_view(measures: &[crate::requests::decision::CarriedOut], lang: Lang) -> impl IntoView + use<> {
    use crate::requests::draft::Measure;
    let t = rq_text();
    let erased_any = measures.iter().any(|m| m.measure == Measure::Erase);
    let lines: Vec<_> = measures
        .iter()
        .map(|m| {
            let what = m.scope.map(|s| s.label(lang)).unwrap_or_default();
            let text = match m.measure {
                Measure::Erase => t.measure_erased(what, m.erased.unwrap_or(0)),
                Measure::StopUse => t.measure_use_stopped(what),
                Measure::StopProvision => t.measure_provision_stopped(m.recipient.as_deref().unwrap_or_default()),
            };
            let core = match (m.instructed, m.instruction_done) {
                (true, true) => Some(t.measure_core_done),
                (true, false) => Some(t.measure_core_instructed),
                _ => None,
            };
            view! { <li data-measure=m.measure.code()>{text}{core.map(|c| view! { " " {c} })}</li> }
        })
        .collect();
    (!measures.is_empty()).then(|| view! {
        <section class="card measures" aria-labelledby="measures-title" data-measures="">
            <h2 id="measures-title">{t.measures_title}</h2>
            <ul>{lines}</ul>
            {erased_any.then(|| view! { <p>{t.measures_kept}</p> })}
        </section>
    })
}

/// The 決定通知書, laid out for A4 print.
pub(crate) fn letter_view(l: crate::requests::Letter, lang: Lang) -> impl IntoView {
    let t = rq_text();
    let dec = l.decision.decision.clone();
    view! {
        <article class="letter" aria-labelledby="letter-title">
            <p class="letter__date">{l.decision.decided_on.clone()}</p>
            {l.addressee_address.clone().map(|a| view! { <p class="letter__address">{a}</p> })}
            <p class="letter__to">{format!("{} {}", l.addressee, t.letter_dear)}</p>
            <p class="letter__from">{l.society_name.clone()}<br/>{l.representative.clone()}<br/>{l.society_address.clone()}</p>
            <h1 id="letter-title" class="letter__title">{format!("{}（{}）", t.letter_title, t.type_name(l.request_type))}</h1>
            <p>{t.letter_intro}</p>
            <dl class="facts">
                <div><dt>{t.receipt}</dt><dd>{l.receipt.clone()}</dd></div>
                <div><dt>{t.received_at}</dt><dd>{l.received_on.clone()}</dd></div>
                {(!l.subject_name.is_empty()).then(|| view! { <div><dt>{t.about}</dt><dd>{l.subject_name.clone()}</dd></div> })}
                <div><dt>{t.decision_outcome}</dt><dd><strong>{dec.outcome.label(lang)}</strong></dd></div>
                <div><dt>{t.decision_ground}</dt><dd>{format!("{}（{}）", dec.ground.article(), dec.ground.label(lang))}</dd></div>
                {(!dec.reason.is_empty()).then(|| view! { <div><dt>{t.decision_reason}</dt><dd class="pre">{dec.reason.clone()}</dd></div> })}
                {dec.corrected_value.clone().map(|after| view! {
                    <div><dt>{t.decision_change}</dt><dd>{format!("{}: {} → {}: {}", t.before, l.decision.previous_value.clone().unwrap_or_default(), t.after, t.shown_after(&after))}</dd></div>
                })}
                {(dec.fee != crate::requests::decision::Fee::NotCharged).then(|| view! { <div><dt>{t.decision_fee}</dt><dd>{dec.fee.label(lang)}</dd></div> })}
            </dl>
            {l.delivery.clone().map(|d| delivery_view(d, &l.receipt, lang))}
            {measures_view(&l.measures, lang)}
            <h2>{t.letter_inquiry}</h2>
            <p class="pre">{l.inquiry.clone()}</p>
            <PrintButton label=t.letter_print.to_string()/>
        </article>
    }
}

/// Where and until when the member downloads the disclosed data, or that it is posted.
fn delivery_view(d: crate::requests::ResultDelivery, receipt: &str, lang: Lang) -> impl IntoView + use<> {
    use crate::requests::ResultDelivery;
    let t = rq_text();
    let (kind, body) = match d {
        ResultDelivery::Download { until, days, page } => {
            let until = match until {
                Some(u) => {
                    let (date, time) = u.split_at(u.find(' ').unwrap_or(u.len()));
                    let date = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").map_or_else(|_| date.to_string(), |d| kit::time::format_date(d, lang));
                    t.letter_until(&date, time.trim())
                }
                None => t.letter_until_days(days),
            };
            let body = view! {
                <p>{t.letter_download}</p>
                <dl class="facts">
                    <div><dt>{t.letter_download_where}</dt><dd>{t.letter_page_words(receipt)}
                        {page.map(|p| view! { <br/><span data-letter-page="">{p}</span> })}</dd></div>
                    <div><dt>{t.letter_download_until}</dt><dd data-letter-until=""><strong>{until}</strong></dd></div>
                </dl>
            };
            ("download", body.into_any())
        }
        ResultDelivery::Post => ("post", view! { <p>{t.letter_by_post}</p> }.into_any()),
        ResultDelivery::PostInstead => ("post", view! { <p>{t.letter_post_instead}</p> }.into_any()),
    };
    view! {
        <section class="letter__delivery" data-letter-delivery=kind>
            <h2>{t.letter_delivery}</h2>
            {body}
        </section>
    }
}

/// `/requests/:receipt/letter`: the member's 決定通知書.
#[component]
pub fn LetterPage() -> impl IntoView {
    let (t, lang) = (rq_text(), use_lang());
    let params = use_params_map();
    let receipt = move || params.with(|p| p.get("receipt").unwrap_or_default());
    let data = page_data::load(receipt, crate::requests::api::load_letter);
    view! {
        <Title text=t.letter_title/>
        {Suspend::new(async move {
            let here = format!("/requests/{}/letter", receipt());
            match data.await {
                Err(e) => page_error(e, &here),
                Ok(l) => letter_view(l, lang).into_any(),
            }
        })}
    }
}
