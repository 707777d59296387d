//! The member's request form in steps: どなたの → 内容 → 受け取り方 → 確認 → 完了, one
//! page each (`?step=`), each a plain post that works without JavaScript. The answers
//! are kept on the server between the pages; the confirmation page shows everything, the
//! fee and how to pay it, asks for the documents, and sends.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::forms::{FileInputs, TypeFields, WhoFields, who_label};
use super::request::details_rows;
use crate::requests::api::{SaveRequestStep, SubmitRequest, load_request_form};
use crate::requests::draft::steps::{Step, owner};
use crate::requests::texts::*;
use crate::requests::{Confirmed, RequestForm};
use kit::form::{Feedback, FormError, use_feedback};
use kit::i18n::{Lang, use_lang};
use kit::page::{page_error, problem_view};
use kit::page_data;

/// The steps as a row, the shown one marked, 完了 last.
fn step_bar(steps: &[Step], shown: Step, t: &'static RqText, lang: Lang) -> impl IntoView {
    let at = steps.iter().position(|s| *s == shown).unwrap_or(0);
    view! {
        <ol class="progress progress--steps" aria-label=t.steps_label>
            {steps.iter().enumerate().map(|(i, s)| {
                let state = if i < at { "done" } else if i == at { "current" } else { "todo" };
                view! { <li class=format!("progress__step progress__step--{state}") aria-current=(state == "current").then_some("step")>{s.label(lang)}</li> }
            }).collect_view()}
            <li class="progress__step progress__step--todo">{t.step_done}</li>
        </ol>
    }
}

/// What the fields of the shown step start from: a failed post's values (with its
/// problems), else the kept answers (with the problems of a step passed over). A step
/// never answered keeps the page's defaults (oneself, the first method).
fn step_feedback(kept: Feedback, form: &RequestForm) -> Feedback {
    if kept.posted || !kept.is_empty() {
        return kept;
    }
    let answered = form.answers.iter().any(|(k, _)| owner(form.setup.request_type, k) == form.step);
    Feedback { fields: form.problems.clone(), values: form.answers.clone(), posted: answered, ..Feedback::default() }
}

#[component]
pub fn RequestFormPage() -> impl IntoView {
    let (t, lang) = (rq_text(), use_lang());
    let params = use_params_map();
    let query = use_query_map();
    let kind = move || params.with(|p| p.get("kind").unwrap_or_default());
    let step = move || query.with(|q| q.get("step"));
    let data = page_data::load(move || (kind(), step()), |(k, s)| load_request_form(k, s));
    let kept = use_feedback();
    view! {
        {Suspend::new(async move {
            let here = format!("/requests/new/{}", kind());
            match data.await {
                Err(e) => page_error(e, &here),
                Ok(form) => {
                    let k = form.setup.request_type;
                    let feedback = Signal::stored(kept.with_untracked(|f| step_feedback(f.clone(), &form)));
                    let first = form.steps.first() == Some(&form.step);
                    let resumed = first && form.answers.len() > 1;
                    let body = if form.step == Step::Confirm {
                        match form.confirm.clone() {
                            Some(c) => view! { <ConfirmStep form=form.clone() confirmed=c feedback/> }.into_any(),
                            None => ().into_any(),
                        }
                    } else {
                        view! { <AnswerStep form=form.clone() feedback/> }.into_any()
                    };
                    view! {
                        <Title text=t.type_name(k)/>
                        <h1>{t.type_name(k)}</h1>
                        {step_bar(&form.steps, form.step, t, lang)}
                        {first.then(|| {
                            let fee = form.setup.fee_yen;
                            view! {
                                <section class="card about-request" aria-labelledby="about">
                                    <h2 id="about">{t.what_it_is}</h2>
                                    <p>{t.type_explanation(k)}</p>
                                    <p><strong>{t.fee}": "</strong><span data-fee=fee>{if fee > 0 { t.yen(i64::from(fee)) } else { t.fee_none.to_string() }}</span></p>
                                </section>
                            }
                        })}
                        {resumed.then(|| view! { <p class="notice" data-resumed="">{t.step_kept}</p> })}
                        <FormError feedback/>
                        {body}
                    }.into_any()
                }
            }
        })}
    }
}

/// A step where the member answers: its fields, 「次へ」, 「戻る」 and a fresh start.
#[component]
fn AnswerStep(form: RequestForm, feedback: Signal<Feedback>) -> impl IntoView {
    let t = rq_text();
    let k = form.setup.request_type;
    let not_first = form.steps.first() != Some(&form.step);
    let proxy_chosen = form.answers.iter().any(|(n, v)| n == "for" && v.starts_with("proxy:"));
    let fields = match form.step {
        Step::Who => view! { <WhoFields setup=form.setup.clone() feedback/> }.into_any(),
        step => view! { <TypeFields setup=form.setup.clone() feedback only=step proxy_chosen/> }.into_any(),
    };
    view! {
        <form method="post" action=SaveRequestStep::url() enctype="multipart/form-data" class="form request-form" data-step=form.step.code()>
            <input type="hidden" name="request_type" value=k.code()/>
            <input type="hidden" name="step" value=form.step.code()/>
            {fields}
            <div class="step-buttons">
                <button type="submit" name="go" value="next" class="button">{t.step_next}</button>
                {not_first.then(|| view! {
                    <button type="submit" name="go" value="back" class="button button--secondary" formnovalidate=true>{t.step_back}</button>
                })}
            </div>
            <button type="submit" name="go" value="restart" class="button--link step-restart" formnovalidate=true>{t.step_restart}</button>
        </form>
    }
}

/// 確認: everything chosen, the fee and how to pay it, the documents, 「この内容で申し出る」.
#[component]
fn ConfirmStep(form: RequestForm, confirmed: Confirmed, feedback: Signal<Feedback>) -> impl IntoView {
    let (t, lang) = (rq_text(), use_lang());
    let setup = form.setup.clone();
    let k = setup.request_type;
    let edit = |step: Step| format!("/requests/new/{}?step={}", k.slug(), step.code());
    let who = setup
        .subjects
        .iter()
        .find(|s| s.name == confirmed.subject_name)
        .map(|s| who_label(s, confirmed.capacity, t))
        .unwrap_or_else(|| confirmed.subject_name.clone());
    let mut rows: Vec<(&'static str, String)> = details_rows(&confirmed.details, &confirmed.category_names, t, lang);
    // 「すべて」 reads as such, not as sixteen names.
    if form.answers.iter().any(|(n, v)| n == "scope" && v == "all") {
        for row in rows.iter_mut().filter(|(label, _)| *label == t.categories_legend) {
            row.1 = t.all_categories.to_string();
        }
    }
    let has_who = form.steps.contains(&Step::Who);
    let has_how = form.steps.contains(&Step::How);
    let fee = setup.fee_yen;
    view! {
        <section class="card confirm" aria-labelledby="confirm-title" data-confirm="">
            <h2 id="confirm-title">{t.confirm_title}</h2>
            <p>{t.confirm_hint}</p>
            <dl class="facts">
                <div><dt>{t.confirm_type}</dt><dd>{t.type_name(k)}</dd></div>
                <div><dt>{t.confirm_who}</dt><dd>{who}
                    {has_who.then(|| view! { " "<a class="confirm__edit" href=edit(Step::Who)>{t.confirm_edit}</a> })}
                </dd></div>
                {rows.into_iter().filter(|(_, v)| !v.is_empty() && v != "—").enumerate().map(|(i, (label, value))| view! {
                    <div><dt>{label}</dt><dd class="pre">{value}
                        {(i == 0).then(|| view! { " "<a class="confirm__edit" href=edit(Step::What)>{t.confirm_edit}</a> })}
                    </dd></div>
                }).collect_view()}
                {confirmed.method_name.clone().map(|m| view! {
                    <div><dt>{t.method_label}</dt><dd>{m}
                        {has_how.then(|| view! { " "<a class="confirm__edit" href=edit(Step::How)>{t.confirm_edit}</a> })}
                    </dd></div>
                })}
                {confirmed.deliver_to_subject.then(|| view! { <div><dt>{t.to_subject_label}</dt><dd>{t.to_subject_value}</dd></div> })}
                <div><dt>{t.fee_label}</dt><dd data-fee=fee>{if fee > 0 {
                    format!("{} {}", t.yen(i64::from(fee)), setup.fee_note.clone().unwrap_or_default())
                } else { t.fee_none.to_string() }}</dd></div>
            </dl>
            {(fee > 0).then(|| view! {
                <p>{t.fee_payment}</p>
                <dl class="facts payment-methods" data-payment-methods="">
                    {setup.payment_methods.iter().map(|m| view! {
                        <div><dt>{m.kind.label(lang)}</dt><dd class="pre">{m.instructions.clone()}</dd></div>
                    }).collect_view()}
                </dl>
            })}
            <h3>{t.next_steps_title}</h3>
            <p>{t.next_steps(setup.due_business_days)}</p>
        </section>
        <form method="post" action=SubmitRequest::url() enctype="multipart/form-data" class="form request-form" data-step="confirm">
            <input type="hidden" name="request_type" value=k.code()/>
            <input type="hidden" name="confirmation" value=confirmed.confirmation.clone()/>
            <input type="hidden" name="fee_yen" value=fee.to_string()/>
            <input type="hidden" name="idempotency_key" value=setup.idempotency_key.clone()/>
            {confirmed.documents.is_empty().then(|| view! { <p class="field__hint">{t.confirm_no_documents}</p> })}
            <FileInputs max_attachment_bytes=setup.max_attachment_bytes needed=confirmed.documents.clone() feedback/>
            {problem_view(feedback, "confirmation")}
            <p class="field__hint">{t.submit_hint}</p>
            <div class="step-buttons">
                <button type="submit" class="button">{t.confirm_send}</button>
                <a class="button button--secondary" href=edit(*form.steps.iter().rev().nth(1).unwrap_or(&Step::What))>{t.step_back}</a>
            </div>
        </form>
    }
}
