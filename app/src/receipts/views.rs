//! The staff request page's section 「医療機関への照会（レセプトの開示）」 and the printable
//! 照会書 (`/staff/requests/:receipt/inquiries/:id/letter`). Plain forms: each works
//! without JavaScript.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::api::{StaffReceiptInquiryAnswer, StaffReceiptInquiryCreate, staff_receipt_inquiry_letter};
use super::texts::{ReceiptText, receipt_text};
use super::{Answer, InquiryLetter, InquiryLine, InquiryState, Inquiries};
use crate::platform::print::PrintButton;
use kit::form::Feedback;
use kit::i18n::Lang;
use kit::page::{page_error, problem_view};
use kit::page_data;

/// The section, for a request that asks for レセプト.
pub fn inquiry_section(receipt: &str, q: Inquiries, feedback: Signal<Feedback>, lang: Lang) -> impl IntoView + use<> {
    let t = ReceiptText::of(lang);
    let receipt = receipt.to_string();
    let objections: Vec<(String, String)> = q
        .inquiries
        .iter()
        .filter_map(|i| match &i.state {
            InquiryState::Answered { answer: Answer::Objection, reason } => Some((i.provider.clone(), reason.clone())),
            _ => None,
        })
        .collect();
    let row_posted = feedback.with_untracked(|f| f.value("inquiry"));
    let create_posted = row_posted.is_none() && feedback.with_untracked(|f| f.field("provider").is_some());
    let editable = q.editable;
    view! {
        <section class="card" id="receipt-inquiries" aria-labelledby="receipt-inquiries-h" data-receipt-inquiries="">
            <h2 id="receipt-inquiries-h">{t.heading}</h2>
            <p>{t.lead}</p>
            <p>{format!("{}: {}", t.period, if q.period.is_empty() { t.whole_period.to_string() } else { q.period.clone() })}</p>
            {editable.then(|| view! {
                <h3>{t.proposals_heading}</h3>
                {if q.proposals.is_empty() {
                    view! { <p>{if q.inquiries.is_empty() { t.proposals_none } else { t.proposals_done }}</p> }.into_any()
                } else {
                    view! {
                        <ul class="files" data-proposals="">
                            {q.proposals.iter().map(|p| view! {
                                <li data-proposal=p.clone()>
                                    <form method="post" action=StaffReceiptInquiryCreate::url() class="form form--inline">
                                        <input type="hidden" name="receipt" value=receipt.clone()/>
                                        <input type="hidden" name="provider" value=p.clone()/>
                                        {format!("{p} ")}
                                        <button type="submit" class="button button--secondary button--small">{t.ask_one}</button>
                                    </form>
                                </li>
                            }).collect_view()}
                        </ul>
                        <form method="post" action=StaffReceiptInquiryCreate::url() class="form">
                            <input type="hidden" name="receipt" value=receipt.clone()/>
                            <input type="hidden" name="all" value="1"/>
                            <button type="submit" class="button">{t.ask_all}</button>
                        </form>
                    }.into_any()
                }}
                <form method="post" action=StaffReceiptInquiryCreate::url() class="form">
                    <input type="hidden" name="receipt" value=receipt.clone()/>
                    <div class="field" class:field--invalid=create_posted>
                        <label for="f-provider">{t.add_label}</label>
                        <p class="field__hint">{t.add_hint}</p>
                        {create_posted.then(|| problem_view(feedback, "provider"))}
                        <input id="f-provider" type="text" name="provider" maxlength="100" required
                            value=create_posted.then(|| feedback.with_untracked(|f| f.value("provider"))).flatten()/>
                    </div>
                    <button type="submit" class="button button--secondary">{t.add_button}</button>
                </form>
            })}
            <h3>{t.list_heading}</h3>
            {if q.inquiries.is_empty() {
                view! { <p>{t.none_yet}</p> }.into_any()
            } else {
                view! {
                    <ul class="inquiries">
                        {q.inquiries.iter().map(|i| inquiry_line(&receipt, i, editable, row_posted.as_deref() == Some(i.id.to_string().as_str()), feedback, t)).collect_view()}
                    </ul>
                }.into_any()
            }}
            {(!objections.is_empty()).then(|| view! {
                <div class="notice" role="note" data-basis="">
                    <p><strong>{t.basis}</strong></p>
                    <ul>{objections.into_iter().map(|(p, r)| view! { <li>{format!("{p}: {r}")}</li> }).collect_view()}</ul>
                    <p>{t.basis_hint}</p>
                </div>
            })}
            <p class="field__hint">{t.copies_hint}</p>
            <p><a class="button button--secondary" href=format!("/staff/requests/{receipt}/package#files")>{t.package_link}</a></p>
        </section>
    }
}

fn inquiry_line(receipt: &str, i: &InquiryLine, editable: bool, posted: bool, feedback: Signal<Feedback>, t: &'static ReceiptText) -> impl IntoView + use<> {
    let answer_words = match &i.state {
        InquiryState::Pending => t.waiting.to_string(),
        InquiryState::Answered { answer, reason } if reason.is_empty() => answer.label(t.lang).to_string(),
        InquiryState::Answered { answer, reason } => format!("{}（{reason}）", answer.label(t.lang)),
    };
    let state_code = i.state.answer().map(Answer::code).unwrap_or("pending");
    let kept = |name: &str| if posted { feedback.with_untracked(|f| f.value(name)) } else { None };
    let chosen = kept("answer");
    let id = i.id;
    view! {
        <li class="card" data-inquiry=i.id data-answer=state_code>
            <dl class="facts">
                <div><dt>{t.col_provider}</dt><dd>{i.provider.clone()}</dd></div>
                <div><dt>{t.col_reply_by}</dt><dd>{japanese_date(&i.reply_by)}</dd></div>
                <div><dt>{t.col_answer}</dt><dd>{answer_words}</dd></div>
                <div><dt>{t.copies}</dt><dd>{if i.copies > 0 { t.copies_count(i.copies) } else { t.copies_none.to_string() }}</dd></div>
            </dl>
            {i.answered.clone().map(|(by, at)| view! { <p class="muted">{t.answered_by(&by, &at)}</p> })}
            <p><a href=format!("/staff/requests/{receipt}/inquiries/{id}/letter")>{t.letter_link}</a></p>
            {(editable && i.state == InquiryState::Pending).then(|| view! {
                <form method="post" action=StaffReceiptInquiryAnswer::url() class="form">
                    <input type="hidden" name="receipt" value=receipt.to_string()/>
                    <input type="hidden" name="inquiry" value=id/>
                    <fieldset class="field choices" class:field--invalid=posted && feedback.with_untracked(|f| f.field("answer").is_some())>
                        <legend>{t.answer_legend}</legend>
                        {posted.then(|| problem_view(feedback, "answer"))}
                        {[Answer::NoObjection, Answer::Objection].into_iter().map(|a| {
                            let fid = format!("a-{id}-{}", a.code());
                            let input_id = fid.clone();
                            view! {
                                <label class="choice" for=fid.clone()>
                                    <input type="radio" id=input_id name="answer" value=a.code() checked=chosen.as_deref() == Some(a.code())/>" "{a.label(t.lang)}
                                </label>
                            }
                        }).collect_view()}
                    </fieldset>
                    <div class="field" class:field--invalid=posted && feedback.with_untracked(|f| f.field("objection_reason").is_some())>
                        <label for=format!("r-{id}")>{t.reason_label}</label>
                        <p class="field__hint">{t.reason_hint}</p>
                        {posted.then(|| problem_view(feedback, "objection_reason"))}
                        <textarea id=format!("r-{id}") name="objection_reason" rows="3" maxlength="4000">{kept("objection_reason").unwrap_or_default()}</textarea>
                    </div>
                    <button type="submit" class="button">{t.record_button}</button>
                </form>
            })}
        </li>
    }
}

/// A stored date (`YYYY-MM-DD`) as people read it: 2026年12月6日.
fn japanese_date(d: &str) -> String {
    chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").map(|d| d.format("%Y年%-m月%-d日").to_string()).unwrap_or_else(|_| d.to_string())
}

/// The 照会書, laid out for A4 print, with its reply slip.
fn letter_view(l: InquiryLetter, t: &'static ReceiptText) -> impl IntoView {
    view! {
        <article class="letter" aria-labelledby="letter-title" data-inquiry-letter="">
            <p class="letter__date">{l.written_on.clone()}</p>
            <p class="letter__to">{format!("{} {}", l.provider, t.letter_to)}</p>
            <p class="letter__from">{l.society_name.clone()}<br/>{l.representative.clone()}<br/>{l.society_address.clone()}<br/>{l.society_phone.clone()}</p>
            <h1 id="letter-title" class="letter__title">{t.letter_title}</h1>
            <p>{t.letter_intro}</p>
            <dl class="facts">
                <div><dt>{t.receipt}</dt><dd>{l.receipt.clone()}</dd></div>
                <div><dt>{t.patient}</dt><dd>{l.patient_name.clone()}</dd></div>
                <div><dt>{t.birth_date}</dt><dd>{l.patient_birth_date.clone()}</dd></div>
                <div><dt>{t.claims_period}</dt><dd>{l.period.clone()}</dd></div>
                <div><dt>{t.question_heading}</dt><dd><strong>{t.question}</strong></dd></div>
                <div><dt>{t.reply_by}</dt><dd><strong>{l.reply_by.clone()}</strong></dd></div>
                <div><dt>{t.contact}</dt><dd>{l.contact.clone()}</dd></div>
            </dl>
            <section class="letter__slip" aria-labelledby="slip-title">
                <h2 id="slip-title">{t.slip_heading}</h2>
                <p>{format!("{} {}", l.society_name, t.slip_to)}</p>
                <dl class="facts">
                    <div><dt>{t.receipt}</dt><dd>{l.receipt.clone()}</dd></div>
                    <div><dt>{t.patient}</dt><dd>{l.patient_name.clone()}</dd></div>
                    <div><dt>{t.claims_period}</dt><dd>{l.period.clone()}</dd></div>
                </dl>
                <p>{t.question}</p>
                <p>{t.slip_no_objection}</p>
                <p>{t.slip_objection}</p>
                <p>{format!("{}: ", t.slip_reason)}</p>
                <p class="letter__blank">{"\u{3000}"}</p>
                <p>{format!("{}: ", t.slip_signed)}</p>
                <p class="letter__blank">{"\u{3000}"}</p>
                <p>{format!("{}: {}", t.reply_by, l.reply_by)}</p>
            </section>
            <PrintButton label=t.print.to_string()/>
        </article>
    }
}

/// `/staff/requests/:receipt/inquiries/:id/letter`: one 照会書.
#[component]
pub fn InquiryLetterPage() -> impl IntoView {
    let t = receipt_text();
    let params = use_params_map();
    let key = move || params.with(|p| (p.get("receipt").unwrap_or_default(), p.get("id").unwrap_or_default()));
    let data = page_data::load(key, |(r, id)| staff_receipt_inquiry_letter(r, id));
    view! {
        {Suspend::new(async move {
            let (receipt, _) = key();
            match data.await {
                Err(e) => page_error(e, &format!("/staff/requests/{receipt}")).into_any(),
                Ok(l) => view! {
                    <Title text=t.letter_page_title(&l.provider)/>
                    <p class="no-print"><a href=format!("/staff/requests/{receipt}#receipt-inquiries")>{t.back}</a></p>
                    {letter_view(l, t)}
                }.into_any(),
            }
        })}
    }
}
