//! The request forms: one per type, built from the fields they share (who, periods,
//! categories, delivery method, texts and files). Intake's staff form reuses them.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::invalid;
use crate::requests::FormSetup;
use crate::requests::agency::{Capacity, Document, Subject};
use crate::requests::draft::{ChangeKind, ComplaintCategory, Ground, HeldItem, Measure};
use crate::requests::api::{SubmitRequest, load_request_form};
use crate::requests::texts::*;
use kit::form::{Feedback, FormError, use_feedback};
use kit::i18n::use_lang;
use kit::page::{page_error, problem_view};
use kit::page_data;
use kit::rights::RequestType;

/// The label of one "who" choice.
fn who_label(s: &Subject, c: Capacity, t: &RqText) -> String {
    match c {
        Capacity::Own => format!("{}（{}）", t.who_self, s.name),
        Capacity::LegalRepresentative => format!("{}{}", s.name, t.as_legal_rep),
        Capacity::Proxy => format!("{}{}", s.name, t.as_proxy),
        Capacity::Guardian => format!("{}{}", s.name, t.as_guardian),
        Capacity::MinorGuardian => format!("{}{}", s.name, t.as_minor_guardian),
    }
}

#[component]
fn WhoFields(setup: FormSetup, feedback: Signal<Feedback>) -> impl IntoView {
    let t = rq_text();
    let options: Vec<(String, String)> = setup
        .subjects
        .iter()
        .flat_map(|s| s.options().into_iter().map(move |(value, c)| (value, who_label(s, c, t))))
        .collect();
    // Oneself first and chosen: most requests are one's own, whatever the household order.
    let mut options = options;
    options.sort_by_key(|(value, _)| value != "self");
    // Acting for family is step-up protected: confirm first, then the choices appear.
    let confirm = setup.others_after_step_up.then(|| {
        let next = urlencoding::encode(&format!("/requests/new/{}", setup.request_type.slug())).into_owned();
        view! {
            <p class="field__hint" data-step-up-for-others="">
                {t.who_step_up}" "<a href=format!("/account/confirm?next={next}")>{t.who_step_up_link}</a>
            </p>
        }
    });
    view! {
        <fieldset class="field choice" aria-describedby="f-for-error">
            <legend>{t.who_legend}</legend>
            <p class="field__hint">{t.who_hint}</p>
            {confirm}
            {problem_view(feedback, "for")}
            {options.into_iter().enumerate().map(|(i, (value, label))| {
                let (id, for_id) = (format!("f-for-{i}"), format!("f-for-{i}"));
                let first = feedback.with_untracked(|f| f.checked_or("for", &value, i == 0));
                view! {
                    <label class="choice__item" for=for_id>
                        <input type="radio" id=id name="for" value=value required=true checked=first/>
                        <span>{label}</span>
                    </label>
                }
            }).collect_view()}
        </fieldset>
    }
}

#[component]
fn PeriodFields(legend: &'static str, from: &'static str, to: &'static str, feedback: Signal<Feedback>) -> impl IntoView {
    let t = rq_text();
    view! {
        <fieldset class="field period">
            <legend>{legend}</legend>
            <p class="field__hint">{t.period_hint}</p>
            {problem_view(feedback, from)}
            {problem_view(feedback, to)}
            <label for=format!("f-{from}")>{t.period_from}</label>
            <input type="month" id=format!("f-{from}") name=from maxlength="16" aria-invalid=invalid(feedback, from)
                value=feedback.with_untracked(|f| f.value(from))/>
            <label for=format!("f-{to}")>{t.period_to}</label>
            <input type="month" id=format!("f-{to}") name=to maxlength="16" aria-invalid=invalid(feedback, to)
                value=feedback.with_untracked(|f| f.value(to))/>
        </fieldset>
    }
}

#[component]
fn CategoryFields(legend: &'static str, categories: Vec<(String, String)>, feedback: Signal<Feedback>) -> impl IntoView {
    let t = rq_text();
    view! {
        <fieldset class="field choice">
            <legend>{legend}</legend>
            <p class="field__hint">{t.categories_hint}</p>
            {problem_view(feedback, "categories")}
            // 番号法23条: the record of 情報連携 is the person's to see on マイナポータル.
            {(legend == t.categories_legend && categories.iter().any(|(id, _)| id == crate::publication::model::SPECIFIC_PERSONAL_INFO)).then(|| view! {
                <p class="field__hint" data-mynaportal="">{t.mynaportal_hint}</p>
            })}
            {categories.into_iter().map(|(id, name)| {
                let (input_id, for_id) = (format!("f-cat-{id}"), format!("f-cat-{id}"));
                let checked = feedback.with_untracked(|f| f.checked("categories", &id));
                view! {
                    <label class="choice__item" for=for_id>
                        <input type="checkbox" id=input_id name="categories" value=id checked=checked/>
                        <span>{name}</span>
                    </label>
                }
            }).collect_view()}
        </fieldset>
    }
}

#[component]
fn MethodFields(methods: Vec<(String, String, String)>, preselect: bool, feedback: Signal<Feedback>) -> impl IntoView {
    let t = rq_text();
    view! {
        <fieldset class="field choice">
            <legend>{t.method_legend}</legend>
            <p class="field__hint">{t.method_hint}</p>
            {problem_view(feedback, "method")}
            {methods.into_iter().enumerate().map(|(i, (id, name, description))| {
                let (input_id, for_id) = (format!("f-method-{id}"), format!("f-method-{id}"));
                let first = feedback.with_untracked(|f| f.checked_or("method", &id, preselect && i == 0));
                view! {
                    <label class="choice__item" for=for_id>
                        <input type="radio" id=input_id name="method" value=id required=true checked=first/>
                        <span><strong>{name}</strong>" — "{description}</span>
                    </label>
                }
            }).collect_view()}
        </fieldset>
    }
}

/// A text area with its label, hint and problem.
#[component]
pub(crate) fn TextArea(name: &'static str, label: &'static str, #[prop(optional)] hint: Option<&'static str>, #[prop(default = true)] required: bool, feedback: Signal<Feedback>) -> impl IntoView {
    let id = format!("f-{name}");
    view! {
        <div class="field" class:field--invalid=move || feedback.with(|f| f.field(name).is_some())>
            <label for=id.clone()>{label}</label>
            {hint.map(|h| view! { <p class="field__hint">{h}</p> })}
            {problem_view(feedback, name)}
            <textarea id=id name=name rows="5" maxlength="4000" required=required aria-invalid=invalid(feedback, name)
                aria-describedby=format!("f-{name}-error")>{feedback.with_untracked(|f| f.value(name)).unwrap_or_default()}</textarea>
        </div>
    }
}

/// A short text input with a dynamic label.
#[component]
pub(crate) fn TextInput(name: &'static str, label: &'static str, #[prop(optional)] hint: Option<&'static str>, #[prop(default = true)] required: bool, feedback: Signal<Feedback>) -> impl IntoView {
    let id = format!("f-{name}");
    view! {
        <div class="field" class:field--invalid=move || feedback.with(|f| f.field(name).is_some())>
            <label for=id.clone()>{label}</label>
            {hint.map(|h| view! { <p class="field__hint">{h}</p> })}
            {problem_view(feedback, name)}
            <input type="text" id=id name=name maxlength="200" required=required aria-invalid=invalid(feedback, name)
                aria-describedby=format!("f-{name}-error") value=feedback.with_untracked(|f| f.value(name))/>
        </div>
    }
}

#[component]
fn FileInputs(setup: FormSetup, feedback: Signal<Feedback>, #[prop(default = true)] agents: bool) -> impl IntoView {
    let t = rq_text();
    let mb = setup.max_attachment_bytes / (1024 * 1024);
    // A field for each document some offered capacity needs, in the catalogue's order.
    let needed: Vec<Document> = if agents {
        setup.subjects.iter().flat_map(|s| s.capacities.iter().flat_map(|c| c.required_documents(s.minor))).collect()
    } else {
        Vec::new()
    };
    let mut docs: Vec<Document> = Document::ALL.into_iter().filter(|d| needed.contains(d)).collect();
    docs.push(Document::Supporting);
    view! {
        <fieldset class="field files">
            <legend>{t.documents_legend}</legend>
            <p class="field__hint">{t.documents_hint(mb)}</p>
            <p class="notice notice--warn" data-no-my-number="">{t.no_my_number}</p>
            {feedback.with_untracked(|f| f.posted).then(|| view! { <p class="field__hint field__hint--again" data-choose-again="">{kit::texts::id_text().choose_files_again}</p> })}
            {docs.into_iter().map(|d| {
                let name = d.code();
                view! {
                    <div class="field" class:field--invalid=move || feedback.with(|f| f.field(name).is_some())>
                        <label for=format!("f-{name}")>{t.document(d)}</label>
                        {problem_view(feedback, name)}
                        <input type="file" id=format!("f-{name}") name=name accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
                            aria-invalid=invalid(feedback, name)/>
                    </div>
                }
            }).collect_view()}
        </fieldset>
    }
}

#[component]
pub(crate) fn TypeFields(
    setup: FormSetup,
    feedback: Signal<Feedback>,
    /// Staff entering a paper or counter request choose what the person chose: no method
    /// is preselected for them.
    #[prop(optional)]
    no_default_method: bool,
) -> impl IntoView {
    let (t, lang) = (rq_text(), use_lang());
    match setup.request_type {
        RequestType::PurposeNotice => view! {
            <CategoryFields legend=t.purpose_categories_legend categories=setup.categories.clone() feedback/>
            <TextArea name="note" label=t.note required=false feedback/>
        }
        .into_any(),
        RequestType::Disclosure => {
            let has_proxy = setup.subjects.iter().any(|s| s.capacities.contains(&Capacity::Proxy));
            view! {
                <CategoryFields legend=t.categories_legend categories=setup.categories.clone() feedback/>
                <PeriodFields legend=t.receipts_legend from="receipts_from" to="receipts_to" feedback/>
                <p class="field__hint" data-bereaved="">{t.bereaved_note(&setup.inquiry)}</p>
                <PeriodFields legend=t.checkups_legend from="checkups_from" to="checkups_to" feedback/>
                <MethodFields methods=setup.methods.clone() preselect=!no_default_method feedback/>
                {has_proxy.then(|| view! {
                    <div class="field">
                        {problem_view(feedback, "deliver_to_subject")}
                        <label class="choice__item" for="f-deliver">
                            <input type="checkbox" id="f-deliver" name="deliver_to_subject" value="1"
                                checked=feedback.with_untracked(|f| f.checked("deliver_to_subject", "1"))/>
                            <span>{t.deliver_to_subject}</span>
                        </label>
                    </div>
                })}
                <TextArea name="note" label=t.note required=false feedback/>
            }
            .into_any()
        }
        RequestType::ThirdPartyRecordDisclosure => {
            let has_proxy = setup.subjects.iter().any(|s| s.capacities.contains(&Capacity::Proxy));
            view! {
                <PeriodFields legend=t.third_party_period_legend from="period_from" to="period_to" feedback/>
                <MethodFields methods=setup.methods.clone() preselect=!no_default_method feedback/>
                {has_proxy.then(|| view! {
                    <div class="field">
                        {problem_view(feedback, "deliver_to_subject")}
                        <label class="choice__item" for="f-deliver">
                            <input type="checkbox" id="f-deliver" name="deliver_to_subject" value="1"
                                checked=feedback.with_untracked(|f| f.checked("deliver_to_subject", "1"))/>
                            <span>{t.deliver_to_subject}</span>
                        </label>
                    </div>
                })}
            }
            .into_any()
        }
        RequestType::Correction => {
            // The current values of the first person; each person's values are listed too.
            let people = setup.subjects.clone();
            view! {
                <div class="field" class:field--invalid=move || feedback.with(|f| f.field("item").is_some())>
                    <label for="f-item">{t.item}</label>
                    <p class="field__hint">{t.item_hint}</p>
                    {problem_view(feedback, "item")}
                    <select id="f-item" name="item" required=true aria-invalid=invalid(feedback, "item")>
                        {HeldItem::ALL.into_iter().map(|i| view! { <option value=i.code() selected=feedback.with_untracked(|f| f.selected("item", i.code()))>{i.label(lang)}</option> }).collect_view()}
                    </select>
                </div>
                {people.into_iter().map(|s| view! {
                    <details class="held">
                        <summary>{format!("{} — {}", t.current_value, s.name)}</summary>
                        <dl class="facts">
                            {HeldItem::ALL.into_iter().filter(|i| *i != HeldItem::Other).map(|i| view! {
                                <div><dt>{i.label(lang)}</dt><dd data-held=i.code()>{s.held_value(i)}
                                    {s.pending.iter().find(|(k, _)| k == i.code()).map(|(_, v)| view! {
                                        " "<strong class="pending">{t.pending_value(v)}</strong>
                                    })}
                                </dd></div>
                            }).collect_view()}
                        </dl>
                    </details>
                }).collect_view()}
                <TextInput name="item_other" label=t.item_other required=false feedback/>
                <fieldset class="field choice">
                    <legend>{t.change}</legend>
                    {problem_view(feedback, "change")}
                    {[ChangeKind::Correct, ChangeKind::Add, ChangeKind::Delete].into_iter().enumerate().map(|(n, c)| { let first = feedback.with_untracked(|f| f.checked_or("change", c.code(), n == 0)); view! {
                        <label class="choice__item" for=format!("f-change-{}", c.code())>
                            <input type="radio" id=format!("f-change-{}", c.code()) name="change" value=c.code() checked=first/>
                            <span>{c.label(lang)}</span>
                        </label>
                    }}).collect_view()}
                </fieldset>
                <TextInput name="requested" label=t.requested required=false feedback/>
                <TextArea name="reason" label=t.reason hint=t.reason_hint feedback/>
            }
            .into_any()
        }
        RequestType::Suspension => view! {
            <fieldset class="field choice">
                <legend>{t.measure}</legend>
                {problem_view(feedback, "measure")}
                {[Measure::StopUse, Measure::Erase, Measure::StopProvision].into_iter().map(|m| view! {
                    <label class="choice__item" for=format!("f-measure-{}", m.code())>
                        <input type="radio" id=format!("f-measure-{}", m.code()) name="measure" value=m.code() required=true
                            checked=feedback.with_untracked(|f| f.checked("measure", m.code()))/>
                        <span>{m.label(lang)}</span>
                    </label>
                }).collect_view()}
            </fieldset>
            <TextInput name="target" label=t.target hint=t.target_hint feedback/>
            <fieldset class="field choice">
                <legend>{t.ground}</legend>
                {problem_view(feedback, "ground")}
                {Ground::ALL.iter().copied().map(|g| view! {
                    <label class="choice__item" for=format!("f-ground-{}", g.code())>
                        <input type="radio" id=format!("f-ground-{}", g.code()) name="ground" value=g.code() required=true
                            checked=feedback.with_untracked(|f| f.checked("ground", g.code()))/>
                        <span>{g.label(lang)}</span>
                    </label>
                }).collect_view()}
            </fieldset>
            <TextArea name="explanation" label=t.explanation feedback/>
        }
        .into_any(),
        RequestType::Complaint => view! {
            <fieldset class="field choice">
                <legend>{t.category}</legend>
                <p class="field__hint">{t.category_hint}</p>
                {problem_view(feedback, "category")}
                {ComplaintCategory::ALL.into_iter().map(|c| view! {
                    <label class="choice__item" for=format!("f-category-{}", c.code())>
                        <input type="radio" id=format!("f-category-{}", c.code()) name="category" value=c.code()
                            checked=feedback.with_untracked(|f| f.checked_or("category", c.code(), c == ComplaintCategory::Other))/>
                        <span>{c.label(lang)}</span>
                    </label>
                }).collect_view()}
            </fieldset>
            <TextArea name="body" label=t.body hint=t.body_hint feedback/>
        }
        .into_any(),
    }
}

#[component]
pub fn RequestFormPage() -> impl IntoView {
    let (t, lang) = (rq_text(), use_lang());
    let params = use_params_map();
    let kind = move || params.with(|p| p.get("kind").unwrap_or_default());
    let data = page_data::load(kind, load_request_form);
    let feedback = use_feedback();
    view! {
        {Suspend::new(async move {
            let here = format!("/requests/new/{}", kind());
            match data.await {
                Err(e) => page_error(e, &here),
                Ok(setup) => {
                    let k = setup.request_type;
                    view! {
                        <Title text=t.type_name(k)/>
                        <h1>{t.type_name(k)}</h1>
                        <section class="card" aria-labelledby="about">
                            <h2 id="about">{t.what_it_is}</h2>
                            <p>{t.type_explanation(k)}</p>
                            // The methods are the publication's, never a fixed pair of words.
                            {matches!(k, RequestType::Disclosure | RequestType::ThirdPartyRecordDisclosure).then(|| view! {
                                <p>{t.methods_offered(&setup.methods.iter().map(|(_, name, _)| name.as_str()).collect::<Vec<_>>().join("、"))}</p>
                            })}
                            <dl class="facts">
                                <div><dt>{t.fee}</dt><dd data-fee=setup.fee_yen>{if setup.fee_yen > 0 {
                                    format!("{} {}", t.yen(i64::from(setup.fee_yen)), setup.fee_note.clone().unwrap_or_default())
                                } else { t.fee_none.to_string() }}</dd></div>
                            </dl>
                            {(setup.fee_yen > 0).then(|| view! {
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
                        <FormError feedback/>
                        <form method="post" action=SubmitRequest::url() enctype="multipart/form-data" class="form request-form">
                            <input type="hidden" name="request_type" value=k.code()/>
                            <input type="hidden" name="idempotency_key" value=setup.idempotency_key.clone()/>
                            <WhoFields setup=setup.clone() feedback/>
                            <TypeFields setup=setup.clone() feedback/>
                            <FileInputs setup=setup.clone() feedback/>
                            <p class="field__hint">{t.submit_hint}</p>
                            <button type="submit" class="button">{t.submit}</button>
                        </form>
                    }.into_any()
                }
            }
        })}
    }
}
