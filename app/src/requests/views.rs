//! The member's request pages: the list, the choice of type, one form per type, and a
//! request's status page. Every form is a plain post that works without JavaScript.

use leptos::prelude::*;
use kit::page::problem_view;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::agency::{Capacity, Document, Subject};
use super::calendar::{Deadline, Urgency};
use super::draft::{ChangeKind, Details, Ground, HeldItem, Measure, Period};
use super::lifecycle::Stage;
use super::server_fns::*;
use super::texts::*;
use kit::rights::RequestType;
use super::{FormSetup, RequestLine, RequestView};
use kit::page_data;
use kit::form::{Feedback, FormError, use_feedback};
use kit::i18n::{Lang, use_lang};
use kit::page::page_error;

fn invalid(feedback: Signal<Feedback>, name: &'static str) -> impl Fn() -> Option<&'static str> + Send + Sync {
    move || feedback.with(|f| f.field(name)).map(|_| "true")
}

pub fn deadline_text(d: &Deadline, t: &RqText) -> String {
    match (d.urgency(), d.due) {
        (Urgency::Paused, _) => t.paused.to_string(),
        (_, None) => String::new(),
        (Urgency::Overdue, Some(due)) => format!("{}: {due} — {}", t.due, t.overdue),
        (_, Some(due)) if d.business_days_left == 0 => format!("{}: {due}（{}）", t.due, t.due_today),
        (_, Some(due)) => {
            format!("{}: {due}（{}{}{}）", t.due, t.days_left_prefix, d.business_days_left, t.days_left_suffix)
        }
    }
}

pub(crate) fn urgency_class(d: &Deadline) -> &'static str {
    match d.urgency() {
        Urgency::Comfortable => "due due--ok",
        Urgency::Soon => "due due--soon",
        Urgency::Overdue => "due due--late",
        Urgency::Paused => "due due--paused",
    }
}

#[component]
fn Line(line: RequestLine) -> impl IntoView {
    let (t, lang) = (rq_text(), use_lang());
    let href = format!("/requests/{}", line.receipt);
    view! {
        <li class="request-card" data-receipt=line.receipt.clone() data-stage=format!("{:?}", line.stage)>
            <a href=href class="request-card__title">{type_name(line.request_type, lang)}</a>
            {(line.unread > 0).then(|| view! { <span class="badge">{t.unread}</span> })}
            <dl class="facts">
                <div><dt>{t.receipt}</dt><dd class="receipt">{line.receipt.clone()}</dd></div>
                <div><dt>{t.status}</dt><dd><span class="stage">{stage_name(line.stage, lang)}</span></dd></div>
                <div><dt>{t.received_at}</dt><dd>{line.received_at.clone()}</dd></div>
                {(line.capacity != Capacity::Own).then(|| view! {
                    <div><dt>{t.about}</dt><dd>{format!("{}（{}）", line.subject_name, capacity_name(line.capacity, lang))}</dd></div>
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
    let (t, lang) = (rq_text(), use_lang());
    view! {
        <Title text=t.choose_title/>
        <h1>{t.choose_title}</h1>
        <p>{t.choose_intro}</p>
        <ul class="type-list">
            {RequestType::ALL.into_iter().map(|k| view! {
                <li class="card">
                    <h2><a href=format!("/requests/new/{}", k.slug())>{type_name(k, lang)}</a></h2>
                    <p>{type_explanation(k, lang)}</p>
                </li>
            }).collect_view()}
        </ul>
    }
}

/// The label of one "who" choice.
fn who_label(s: &Subject, c: Capacity, t: &RqText) -> String {
    match c {
        Capacity::Own => format!("{}（{}）", t.who_self, s.name),
        Capacity::LegalRepresentative => format!("{}{}", s.name, t.as_legal_rep),
        Capacity::Proxy => format!("{}{}", s.name, t.as_proxy),
        Capacity::Guardian => format!("{}{}", s.name, t.as_guardian),
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
    view! {
        <fieldset class="field choice" aria-describedby="f-for-error">
            <legend>{t.who_legend}</legend>
            <p class="field__hint">{t.who_hint}</p>
            {problem_view(feedback, "for")}
            {options.into_iter().enumerate().map(|(i, (value, label))| {
                let (id, for_id, first) = (format!("f-for-{i}"), format!("f-for-{i}"), i == 0);
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
            <input type="month" id=format!("f-{from}") name=from maxlength="16" aria-invalid=invalid(feedback, from)/>
            <label for=format!("f-{to}")>{t.period_to}</label>
            <input type="month" id=format!("f-{to}") name=to maxlength="16" aria-invalid=invalid(feedback, to)/>
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
            {categories.into_iter().map(|(id, name)| {
                let (input_id, for_id) = (format!("f-cat-{id}"), format!("f-cat-{id}"));
                view! {
                    <label class="choice__item" for=for_id>
                        <input type="checkbox" id=input_id name="categories" value=id/>
                        <span>{name}</span>
                    </label>
                }
            }).collect_view()}
        </fieldset>
    }
}

#[component]
fn MethodFields(methods: Vec<(String, String, String)>, feedback: Signal<Feedback>) -> impl IntoView {
    let t = rq_text();
    view! {
        <fieldset class="field choice">
            <legend>{t.method_legend}</legend>
            <p class="field__hint">{t.method_hint}</p>
            {problem_view(feedback, "method")}
            {methods.into_iter().enumerate().map(|(i, (id, name, description))| {
                let (input_id, for_id, first) = (format!("f-method-{id}"), format!("f-method-{id}"), i == 0);
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
                aria-describedby=format!("f-{name}-error")></textarea>
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
                aria-describedby=format!("f-{name}-error")/>
        </div>
    }
}

#[component]
fn FileInputs(setup: FormSetup, feedback: Signal<Feedback>, #[prop(default = true)] agents: bool) -> impl IntoView {
    let t = rq_text();
    let mb = setup.max_attachment_bytes / (1024 * 1024);
    let needs = |c: Capacity| agents && setup.subjects.iter().any(|s| s.capacities.contains(&c));
    let mut docs = Vec::new();
    if needs(Capacity::Proxy) {
        docs.push(Document::PowerOfAttorney);
    }
    if needs(Capacity::Guardian) {
        docs.push(Document::GuardianshipCertificate);
    }
    docs.push(Document::Supporting);
    view! {
        <fieldset class="field files">
            <legend>{t.documents_legend}</legend>
            <p class="field__hint">{format!("{}{mb}{}", t.documents_hint, t.documents_hint_suffix)}</p>
            {docs.into_iter().map(|d| {
                let name = d.code();
                view! {
                    <div class="field" class:field--invalid=move || feedback.with(|f| f.field(name).is_some())>
                        <label for=format!("f-{name}")>{document_name(d, t)}</label>
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
pub(crate) fn TypeFields(setup: FormSetup, feedback: Signal<Feedback>) -> impl IntoView {
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
                <PeriodFields legend=t.checkups_legend from="checkups_from" to="checkups_to" feedback/>
                <MethodFields methods=setup.methods.clone() feedback/>
                {has_proxy.then(|| view! {
                    <div class="field">
                        {problem_view(feedback, "deliver_to_subject")}
                        <label class="choice__item" for="f-deliver">
                            <input type="checkbox" id="f-deliver" name="deliver_to_subject" value="1"/>
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
                <MethodFields methods=setup.methods.clone() feedback/>
                {has_proxy.then(|| view! {
                    <div class="field">
                        {problem_view(feedback, "deliver_to_subject")}
                        <label class="choice__item" for="f-deliver">
                            <input type="checkbox" id="f-deliver" name="deliver_to_subject" value="1"/>
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
                        {HeldItem::ALL.into_iter().map(|i| view! { <option value=i.code()>{item_name(i, lang)}</option> }).collect_view()}
                    </select>
                </div>
                {people.into_iter().map(|s| view! {
                    <details class="held">
                        <summary>{format!("{} — {}", t.current_value, s.name)}</summary>
                        <dl class="facts">
                            {HeldItem::ALL.into_iter().filter(|i| *i != HeldItem::Other).map(|i| view! {
                                <div><dt>{item_name(i, lang)}</dt><dd data-held=i.code()>{s.held_value(i)}
                                    {s.pending.iter().find(|(k, _)| k == i.code()).map(|(_, v)| view! {
                                        " "<strong class="pending">{format!("{}{v}", if lang == Lang::Ja { "訂正手続中→" } else { "correction under way → " })}</strong>
                                    })}
                                </dd></div>
                            }).collect_view()}
                        </dl>
                    </details>
                }).collect_view()}
                <TextInput name="item_other" label=t.item_other required=false feedback/>
                <fieldset class="field choice">
                    <legend>{t.change}</legend>
                    {[ChangeKind::Correct, ChangeKind::Add, ChangeKind::Delete].into_iter().enumerate().map(|(n, c)| { let first = n == 0; view! {
                        <label class="choice__item" for=format!("f-change-{}", c.code())>
                            <input type="radio" id=format!("f-change-{}", c.code()) name="change" value=c.code() checked=first/>
                            <span>{change_name(c, lang)}</span>
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
                        <input type="radio" id=format!("f-measure-{}", m.code()) name="measure" value=m.code() required=true/>
                        <span>{measure_name(m, lang)}</span>
                    </label>
                }).collect_view()}
            </fieldset>
            <TextInput name="target" label=t.target hint=t.target_hint feedback/>
            <fieldset class="field choice">
                <legend>{t.ground}</legend>
                {problem_view(feedback, "ground")}
                {Ground::ALL.iter().copied().map(|g| view! {
                    <label class="choice__item" for=format!("f-ground-{}", g.code())>
                        <input type="radio" id=format!("f-ground-{}", g.code()) name="ground" value=g.code() required=true/>
                        <span>{ground_name(g, lang)}</span>
                    </label>
                }).collect_view()}
            </fieldset>
            <TextArea name="explanation" label=t.explanation feedback/>
        }
        .into_any(),
        RequestType::Complaint => view! { <TextArea name="body" label=t.body hint=t.body_hint feedback/> }.into_any(),
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
                        <Title text=type_name(k, lang)/>
                        <h1>{type_name(k, lang)}</h1>
                        <section class="card" aria-labelledby="about">
                            <h2 id="about">{t.what_it_is}</h2>
                            <p>{type_explanation(k, lang)}</p>
                            <dl class="facts">
                                <div><dt>{t.fee}</dt><dd data-fee=setup.fee_yen>{if setup.fee_yen > 0 {
                                    format!("{}{} {}", setup.fee_yen, t.fee_yen_suffix, setup.fee_note.clone().unwrap_or_default())
                                } else { t.fee_none.to_string() }}</dd></div>
                            </dl>
                            {(setup.fee_yen > 0).then(|| view! { <p class="muted">{t.fee_payment}</p> })}
                            <h3>{t.next_steps_title}</h3>
                            <p>{format!("{}{}{}", t.next_steps_prefix, setup.due_business_days, t.next_steps_suffix)}</p>
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

fn period_text(p: &Option<Period>) -> String {
    p.map(|p| format!("{} 〜 {}", p.from, p.to)).unwrap_or_else(|| "—".into())
}

/// What was asked, as facts.
pub(crate) fn details_view(v: &RequestView, t: &'static RqText, lang: Lang) -> AnyView {
    let cats = v.category_names.join("、");
    let rows: Vec<(&'static str, String)> = match &v.details {
        Details::PurposeNotice { note, .. } => vec![(t.categories_legend, cats), (t.note, note.clone())],
        Details::Disclosure { receipts, checkups, note, .. } => vec![
            (t.categories_legend, cats),
            (t.receipts_legend, period_text(receipts)),
            (t.checkups_legend, period_text(checkups)),
            (t.note, note.clone()),
        ],
        Details::ThirdPartyRecords { period, .. } => vec![(t.third_party_period_legend, period_text(period))],
        Details::Correction { item, item_label, current, change, requested, reason } => vec![
            (t.item, if *item == HeldItem::Other { item_label.clone() } else { item_name(*item, lang).to_string() }),
            (t.current_value, current.clone()),
            (t.change, change_name(*change, lang).to_string()),
            (t.requested, requested.clone()),
            (t.reason, reason.clone()),
        ],
        Details::Suspension { measure, target, ground, explanation } => vec![
            (t.measure, measure_name(*measure, lang).to_string()),
            (t.target, target.clone()),
            (t.ground, ground_name(*ground, lang).to_string()),
            (t.explanation, explanation.clone()),
        ],
        Details::Complaint { body } => vec![(t.body, body.clone())],
    };
    view! {
        <dl class="facts">
            {rows.into_iter().filter(|(_, v)| !v.is_empty()).map(|(k, v)| view! { <div><dt>{k}</dt><dd class="pre">{v}</dd></div> }).collect_view()}
            {v.method_name.clone().map(|m| view! { <div><dt>{t.method_label}</dt><dd>{m}</dd></div> })}
            {v.deliver_to_subject.then(|| view! { <div><dt>{t.to_subject_label}</dt><dd>{t.to_subject_value}</dd></div> })}
            <div><dt>{t.fee_label}</dt><dd>{if v.fee_yen > 0 { format!("{}{}", v.fee_yen, t.fee_yen_suffix) } else { t.fee_none.to_string() }}</dd></div>
        </dl>
    }
    .into_any()
}

/// The progress steps, with the current one marked.
pub(crate) fn progress(stage: Stage, lang: Lang) -> impl IntoView {
    let current = Stage::PATH.iter().position(|s| *s == stage);
    view! {
        <ol class="progress" aria-label="progress">
            {Stage::PATH.into_iter().enumerate().map(|(i, s)| {
                let state = match current { Some(c) if i < c => "done", Some(c) if i == c => "current", _ => "todo" };
                view! { <li class=format!("progress__step progress__step--{state}") aria-current=(state == "current").then_some("step")>{stage_name(s, lang)}</li> }
            }).collect_view()}
        </ol>
    }
}


#[component]
pub(crate) fn ActForm(
    receipt: String,
    version: String,
    action: &'static str,
    button: &'static str,
    files: Vec<Document>,
    feedback: Signal<Feedback>,
) -> impl IntoView {
    let t = rq_text();
    let id = format!("f-message-{action}");
    view! {
        <form method="post" action=ActOnRequest::url() enctype="multipart/form-data" class="form">
            <input type="hidden" name="receipt" value=receipt/>
            <input type="hidden" name="version" value=version/>
            <input type="hidden" name="action" value=action/>
            <div class="field" class:field--invalid=move || feedback.with(|f| f.field("message").is_some())>
                <label for=id.clone()>{t.message_label}</label>
                {problem_view(feedback, "message")}
                <textarea id=id name="message" rows="4" maxlength="4000" aria-invalid=invalid(feedback, "message")></textarea>
            </div>
            {files.into_iter().map(|d| {
                let name = d.code();
                view! {
                    <div class="field" class:field--invalid=move || feedback.with(|f| f.field(name).is_some())>
                        <label for=format!("f-{name}-{action}")>{document_name(d, t)}</label>
                        {problem_view(feedback, name)}
                        <input type="file" id=format!("f-{name}-{action}") name=name accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"/>
                    </div>
                }
            }).collect_view()}
            <button type="submit" class="button">{button}</button>
        </form>
    }
}

/// The decision as the member (and staff) read it, with the link to the letter.
pub(crate) fn decision_view(d: &super::decision::DecisionRecord, letter_href: String, lang: Lang) -> impl IntoView {
    use super::texts::{fee_name, legal_ground_name, outcome_name};
    let t = rq_text();
    let dec = &d.decision;
    view! {
        <section class="card decision" aria-labelledby="decision" data-outcome=dec.outcome.code()>
            <h2 id="decision">{t.decision_title}</h2>
            <dl class="facts">
                <div><dt>{t.decision_outcome}</dt><dd><strong>{outcome_name(dec.outcome, lang)}</strong></dd></div>
                <div><dt>{t.decision_ground}</dt><dd>{format!("{}（{}）", dec.ground.article(), legal_ground_name(dec.ground, lang))}</dd></div>
                {(!dec.reason.is_empty()).then(|| view! { <div><dt>{t.decision_reason}</dt><dd class="pre">{dec.reason.clone()}</dd></div> })}
                {dec.corrected_value.clone().map(|after| view! {
                    <div><dt>{t.decision_change}</dt><dd>{format!("{}: {} → {}: {}", t.before, d.previous_value.clone().unwrap_or_default(), t.after, after)}</dd></div>
                })}
                {(dec.fee != super::decision::Fee::NotCharged).then(|| view! { <div><dt>{t.decision_fee}</dt><dd>{fee_name(dec.fee, lang)}</dd></div> })}
                <div><dt>{t.decision_date}</dt><dd>{d.decided_on.clone()}</dd></div>
            </dl>
            <p><a class="button button--secondary" href=letter_href>{t.letter_link}</a></p>
        </section>
    }
}

/// The 決定通知書, laid out for A4 print.
pub(crate) fn letter_view(l: super::Letter, lang: Lang) -> impl IntoView {
    use super::texts::{fee_name, legal_ground_name, outcome_name};
    let t = rq_text();
    let dec = l.decision.decision.clone();
    view! {
        <article class="letter" aria-labelledby="letter-title">
            <p class="letter__date">{l.decision.decided_on.clone()}</p>
            {l.addressee_address.clone().map(|a| view! { <p class="letter__address">{a}</p> })}
            <p class="letter__to">{format!("{} {}", l.addressee, t.letter_dear)}</p>
            <p class="letter__from">{l.society_name.clone()}<br/>{l.representative.clone()}<br/>{l.society_address.clone()}</p>
            <h1 id="letter-title" class="letter__title">{format!("{}（{}）", t.letter_title, type_name(l.request_type, lang))}</h1>
            <p>{t.letter_intro}</p>
            <dl class="facts">
                <div><dt>{t.receipt}</dt><dd>{l.receipt.clone()}</dd></div>
                <div><dt>{t.received_at}</dt><dd>{l.received_on.clone()}</dd></div>
                {(!l.subject_name.is_empty()).then(|| view! { <div><dt>{t.about}</dt><dd>{l.subject_name.clone()}</dd></div> })}
                <div><dt>{t.decision_outcome}</dt><dd><strong>{outcome_name(dec.outcome, lang)}</strong></dd></div>
                <div><dt>{t.decision_ground}</dt><dd>{format!("{}（{}）", dec.ground.article(), legal_ground_name(dec.ground, lang))}</dd></div>
                {(!dec.reason.is_empty()).then(|| view! { <div><dt>{t.decision_reason}</dt><dd class="pre">{dec.reason.clone()}</dd></div> })}
                {dec.corrected_value.clone().map(|after| view! {
                    <div><dt>{t.decision_change}</dt><dd>{format!("{}: {} → {}: {}", t.before, l.decision.previous_value.clone().unwrap_or_default(), t.after, after)}</dd></div>
                })}
                {(dec.fee != super::decision::Fee::NotCharged).then(|| view! { <div><dt>{t.decision_fee}</dt><dd>{fee_name(dec.fee, lang)}</dd></div> })}
            </dl>
            <h2>{t.letter_inquiry}</h2>
            <p class="pre">{l.inquiry.clone()}</p>
            <PrintButton label=t.letter_print.to_string()/>
        </article>
    }
}

/// Opens the browser's print dialog (the letter's print CSS lays it out on A4). Without
/// JavaScript the browser's own print command does the same.
#[island]
pub(crate) fn PrintButton(label: String) -> impl IntoView {
    let print = move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    view! { <p class="no-print"><button type="button" class="button" on:click=print>{label}</button></p> }
}

/// `/requests/:receipt/letter`: the member's 決定通知書.
#[component]
pub fn LetterPage() -> impl IntoView {
    let (t, lang) = (rq_text(), use_lang());
    let params = use_params_map();
    let receipt = move || params.with(|p| p.get("receipt").unwrap_or_default());
    let data = page_data::load(receipt, super::server_fns::load_letter);
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
