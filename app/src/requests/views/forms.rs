//! The request forms: one per type, built from the fields they share (who, periods,
//! categories, delivery method, texts and files). Intake's staff form reuses them.

use leptos::prelude::*;

use super::invalid;
use crate::requests::FormSetup;
use crate::requests::agency::{Capacity, Document, Subject};
use crate::publication::model::MethodKind;
use crate::requests::draft::steps::{CategoryGroup, Step};
use crate::requests::draft::{ChangeKind, ComplaintCategory, Ground, HeldItem, Measure};
use crate::requests::texts::*;
use kit::form::Feedback;
use kit::i18n::use_lang;
use kit::page::problem_view;
use kit::rights::RequestType;

/// The label of one "who" choice.
pub(crate) fn who_label(s: &Subject, c: Capacity, t: &RqText) -> String {
    match c {
        Capacity::Own => format!("{}（{}）", t.who_self, s.name),
        Capacity::LegalRepresentative => format!("{}{}", s.name, t.as_legal_rep),
        Capacity::Proxy => format!("{}{}", s.name, t.as_proxy),
        Capacity::Guardian => format!("{}{}", s.name, t.as_guardian),
        Capacity::MinorGuardian => format!("{}{}", s.name, t.as_minor_guardian),
    }
}

/// 「どなたの」: oneself, chosen; anyone else behind 「ご家族など…」, which opens without
/// JavaScript, so agent choices appear only when the member says they ask for someone.
#[component]
pub(crate) fn WhoFields(setup: FormSetup, feedback: Signal<Feedback>) -> impl IntoView {
    let t = rq_text();
    let mut options: Vec<(String, String)> = setup
        .subjects
        .iter()
        .flat_map(|s| s.options().into_iter().map(move |(value, c)| (value, who_label(s, c, t))))
        .collect();
    // Oneself first and chosen: most requests are one's own, whatever the household order.
    options.sort_by_key(|(value, _)| value != "self");
    let others_chosen = feedback.with_untracked(|f| f.value("for").is_some_and(|v| v != "self"));
    // Acting for family is step-up protected: confirm first, then the choices appear.
    let confirm = setup.others_after_step_up.then(|| {
        let next = urlencoding::encode(&format!("/requests/new/{}?step=who", setup.request_type.slug())).into_owned();
        view! {
            <p class="field__hint" data-step-up-for-others="">
                {t.who_step_up}" "<a href=format!("/account/confirm?next={next}")>{t.who_step_up_link}</a>
            </p>
        }
    });
    let radio = move |i: usize, value: String, label: String| {
        let (id, for_id) = (format!("f-for-{i}"), format!("f-for-{i}"));
        let checked = feedback.with_untracked(|f| f.checked_or("for", &value, i == 0));
        view! {
            <label class="choice__item" for=for_id>
                <input type="radio" id=id name="for" value=value required=true checked=checked/>
                <span>{label}</span>
            </label>
        }
    };
    let mut options = options.into_iter().enumerate();
    let own = options.next().map(|(i, (value, label))| radio(i, value, label));
    let others: Vec<_> = options.map(|(i, (value, label))| radio(i, value, label)).collect();
    let has_others = !others.is_empty() || setup.others_after_step_up;
    view! {
        <fieldset class="field choice" aria-describedby="f-for-error">
            <legend>{t.who_legend}</legend>
            {problem_view(feedback, "for")}
            {own}
            {has_others.then(|| view! {
                <details class="choice__more" open=others_chosen>
                    <summary>{t.who_others}</summary>
                    <p class="field__hint">{t.who_hint}</p>
                    {confirm}
                    {others}
                </details>
            })}
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

/// One published category to tick, in the publication's own words.
fn category_box(id: String, name: String, feedback: Signal<Feedback>) -> impl IntoView {
    let (input_id, for_id) = (format!("f-cat-{id}"), format!("f-cat-{id}"));
    let checked = feedback.with_untracked(|f| f.checked("categories", &id));
    view! {
        <label class="choice__item" for=for_id>
            <input type="checkbox" id=input_id name="categories" value=id checked=checked/>
            <span lang="ja">{name}</span>
        </label>
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
            {categories.into_iter().map(|(id, name)| category_box(id, name, feedback)).collect_view()}
        </fieldset>
    }
}

/// The categories of a 開示 in the member's steps: 「すべて」 first, then the categories in
/// plain groups (folded away by the style sheet while 「すべて」 is chosen).
#[component]
fn GroupedCategories(categories: Vec<(String, String)>, feedback: Signal<Feedback>) -> impl IntoView {
    let (t, lang) = (rq_text(), use_lang());
    let all = feedback.with_untracked(|f| f.checked_or("scope", "all", false));
    view! {
        <fieldset class="field choice scope" aria-describedby="f-categories-error">
            <legend>{t.categories_legend}</legend>
            {problem_view(feedback, "categories")}
            <label class="choice__item" for="f-scope-all">
                <input type="radio" id="f-scope-all" name="scope" value="all" checked=all/>
                <span><strong>{t.scope_all}</strong><br/>{t.scope_all_hint}</span>
            </label>
            <label class="choice__item" for="f-scope-some">
                <input type="radio" id="f-scope-some" name="scope" value="some" checked=!all/>
                <span><strong>{t.scope_some}</strong></span>
            </label>
            <div class="scope__groups">
                <p class="field__hint">{t.categories_hint}</p>
                {categories.iter().any(|(id, _)| id == crate::publication::model::SPECIFIC_PERSONAL_INFO).then(|| view! {
                    <p class="field__hint" data-mynaportal="">{t.mynaportal_hint}</p>
                })}
                {CategoryGroup::group(&categories).into_iter().map(|(group, items)| view! {
                    <fieldset class="choice__group">
                        <legend>{group.label(lang)}</legend>
                        {items.into_iter().map(|(id, name)| category_box(id, name, feedback)).collect_view()}
                    </fieldset>
                }).collect_view()}
            </div>
        </fieldset>
    }
}

#[component]
fn MethodFields(methods: Vec<(String, String, String)>, kinds: Vec<(String, MethodKind)>, preselect: bool, feedback: Signal<Feedback>) -> impl IntoView {
    let t = rq_text();
    // What the choice means for the member, before the society's own name for it.
    let plain = move |id: &str| kinds.iter().find(|(k, _)| k == id).map(|(_, kind)| t.method_plain(*kind));
    view! {
        <fieldset class="field choice">
            <legend>{t.method_legend}</legend>
            <p class="field__hint">{t.method_hint}</p>
            {problem_view(feedback, "method")}
            {methods.into_iter().enumerate().map(|(i, (id, name, description))| {
                let (input_id, for_id) = (format!("f-method-{id}"), format!("f-method-{id}"));
                let first = feedback.with_untracked(|f| f.checked_or("method", &id, preselect && i == 0));
                let plain_id = id.clone();
                view! {
                    <label class="choice__item" for=for_id>
                        <input type="radio" id=input_id name="method" value=id required=true checked=first/>
                        {match plain(&plain_id) {
                            Some(p) => {
                                let (head, rest) = p.split_once('：').unwrap_or((p, ""));
                                view! { <span><strong class="choice__plain">{head}</strong><br/>{rest}<br/><small lang="ja">{name}" — "{description}</small></span> }.into_any()
                            }
                            None => view! { <span lang="ja"><strong>{name}</strong>" — "{description}</span> }.into_any(),
                        }}
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

/// The documents the chosen capacity needs, and any supporting file.
#[component]
pub(crate) fn FileInputs(max_attachment_bytes: u64, needed: Vec<Document>, feedback: Signal<Feedback>) -> impl IntoView {
    let t = rq_text();
    let mb = max_attachment_bytes / (1024 * 1024);
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
    /// The member's form in steps shows one part at a time; staff's intake shows all.
    #[prop(optional)]
    only: Option<Step>,
    /// The member chose to act as 任意代理人 (the result may then go to the person).
    #[prop(optional)]
    proxy_chosen: bool,
) -> impl IntoView {
    let (t, lang) = (rq_text(), use_lang());
    let (what, how) = (only != Some(Step::How), only != Some(Step::What));
    let stepped = only.is_some();
    let deliver_choice = move |setup: &FormSetup| {
        let offered = if stepped { proxy_chosen } else { setup.subjects.iter().any(|s| s.capacities.contains(&Capacity::Proxy)) };
        (how && offered).then(|| view! {
            <div class="field">
                {problem_view(feedback, "deliver_to_subject")}
                <label class="choice__item" for="f-deliver">
                    <input type="checkbox" id="f-deliver" name="deliver_to_subject" value="1"
                        checked=feedback.with_untracked(|f| f.checked("deliver_to_subject", "1"))/>
                    <span>{t.deliver_to_subject}</span>
                </label>
            </div>
        })
    };
    let methods = move |setup: &FormSetup| how.then(|| view! {
        <MethodFields methods=setup.methods.clone() kinds=setup.method_kinds.clone() preselect=!no_default_method feedback/>
    });
    match setup.request_type {
        RequestType::PurposeNotice => view! {
            <CategoryFields legend=t.purpose_categories_legend categories=setup.categories.clone() feedback/>
            <TextArea name="note" label=t.note required=false feedback/>
        }
        .into_any(),
        RequestType::Disclosure => view! {
            {what.then(|| view! {
                {if stepped {
                    view! { <GroupedCategories categories=setup.categories.clone() feedback/> }.into_any()
                } else {
                    view! { <CategoryFields legend=t.categories_legend categories=setup.categories.clone() feedback/> }.into_any()
                }}
                <PeriodFields legend=t.receipts_legend from="receipts_from" to="receipts_to" feedback/>
                <p class="field__hint" data-bereaved="">{t.bereaved_note(&setup.inquiry)}</p>
                <PeriodFields legend=t.checkups_legend from="checkups_from" to="checkups_to" feedback/>
            })}
            {methods(&setup)}
            {deliver_choice(&setup)}
            {what.then(|| view! { <TextArea name="note" label=t.note required=false feedback/> })}
        }
        .into_any(),
        RequestType::ThirdPartyRecordDisclosure => view! {
            {what.then(|| view! { <PeriodFields legend=t.third_party_period_legend from="period_from" to="period_to" feedback/> })}
            {methods(&setup)}
            {deliver_choice(&setup)}
        }
        .into_any(),
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
                                <div><dt>{i.label(lang)}</dt><dd data-held=i.code() lang="ja">{s.held_value(i)}
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
