//! The staff pages for paper and counter intake: the choice of type, the intake form, and
//! the card on the staff request page that says how a request came in.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::api::{SubmitIntake, load_intake_form};
use super::{Channel, ID_DOCUMENTS, IdCheck, IntakeInfo, SubjectKind};
use crate::requests::agency::{Capacity, Document};
use crate::requests::texts::{IntakeText, RqText, intake_text};
use crate::requests::views::{TextInput, TypeFields};
use kit::form::{FormError, use_feedback};
use kit::i18n::Lang;
use kit::page::{page_error, problem_view};
use kit::page_data;
use kit::rights::RequestType;

/// The staff request page's card on how a paper or counter request came in.
pub fn intake_card(i: IntakeInfo, lang: Lang) -> impl IntoView {
    let t = IntakeText::of(lang);
    // What was not given (an anonymous caller's address, an unchecked identity) reads as a dash.
    let row = |k: &'static str, v: String| {
        let v = if v.trim().is_empty() { "—".to_string() } else { v };
        view! { <div><dt>{k}</dt><dd>{v}</dd></div> }
    };
    view! {
        <section class="card" aria-labelledby="intake">
            <h2 id="intake">{t.record_title}</h2>
            <dl class="facts" data-intake=i.channel.code()>
                {row(t.channel, i.channel.label(lang).to_string())}
                {row(t.arrived_on, i.arrived_on)}
                {row(t.subject_kind, i.subject_kind.label(lang).to_string())}
                {row(t.requester, i.requester_name)}
                {row(t.postal_address, i.requester_address)}
                {row(t.phone, i.requester_phone)}
                {row(t.id_document, if i.id_document.is_empty() { String::new() } else {
                    crate::identity::documents::document_label(&i.id_document, kit::texts::id_text()).to_string()
                })}
                {row(t.how_checked, i.id_check.label(lang).to_string())}
                {row(t.checked_by, i.checked_by)}
                {row(t.entered_by, format!("{} {}", i.entered_by, i.entered_at))}
            </dl>
        </section>
    }
}

/// `/staff/intake`: which request arrived.
#[component]
pub fn StaffIntakePage() -> impl IntoView {
    let t = intake_text();
    let rq = RqText::of(t.lang);
    view! {
        <Title text=t.title/>
        <h1>{t.title}</h1>
        <p>{t.lead}</p>
        <ul class="choices">
            {RequestType::ALL.into_iter().map(|k| view! {
                <li><a class="choices__item" href=format!("/staff/intake/{}", k.slug())>
                    <strong>{rq.type_name(k)}</strong>
                    <span>{rq.type_explanation(k)}</span>
                </a></li>
            }).collect_view()}
        </ul>
        <p><a href="/procedure">{t.blank_forms}</a></p>
    }
}

fn select_field(
    name: &'static str,
    label: &'static str,
    options: Vec<(String, String)>,
    selected: Option<String>,
    required: bool,
    feedback: Signal<kit::form::Feedback>,
) -> impl IntoView {
    let id = format!("f-{name}");
    let selected = feedback.with_untracked(|f| f.value(name)).or(selected);
    view! {
        <div class="field" class:field--invalid=move || feedback.with(|f| f.field(name).is_some())>
            <label for=id.clone()>{label}</label>
            {problem_view(feedback, name)}
            <select id=id name=name required=required aria-describedby=format!("f-{name}-error")>
                <option value="">{"—"}</option>
                {options.into_iter().map(|(v, l)| { let sel = selected.as_deref() == Some(v.as_str()); view! { <option value=v selected=sel>{l}</option> } }).collect_view()}
            </select>
        </div>
    }
}

fn file_field(doc: Document, t: &IntakeText, feedback: Signal<kit::form::Feedback>) -> impl IntoView {
    let (name, label) = (doc.code(), t.document(doc));
    view! {
        <div class="field" class:field--invalid=move || feedback.with(|f| f.field(name).is_some())>
            <label for=format!("f-{name}")>{label}</label>
            {problem_view(feedback, name)}
            <input type="file" id=format!("f-{name}") name=name accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
                aria-describedby=format!("f-{name}-error")/>
        </div>
    }
}

/// `/staff/intake/{kind}`: the intake form for one request type.
#[component]
pub fn StaffIntakeFormPage() -> impl IntoView {
    let t = intake_text();
    let (lang, rq) = (t.lang, RqText::of(t.lang));
    let params = use_params_map();
    let kind = move || params.with(|p| p.get("kind").unwrap_or_default());
    let data = page_data::load(kind, load_intake_form);
    let feedback = use_feedback();
    view! {
        {Suspend::new(async move {
            let here = format!("/staff/intake/{}", kind());
            match data.await {
                Err(e) => page_error(e, &here),
                Ok(s) => {
                    let k = s.form.request_type;
                    // A complaint is taken as it comes (by phone, anonymously, identity
                    // unchecked); every other request needs the form and a checked identity.
                    let complaint = k == RequestType::Complaint;
                    let offered = |only_complaints: bool| complaint || !only_complaints;
                    let channels = Channel::ALL.iter().filter(|c| offered(**c == Channel::Phone)).map(|c| (c.code().to_string(), c.label(lang).to_string())).collect();
                    let kinds = SubjectKind::ALL.iter().filter(|c| offered(**c == SubjectKind::Anonymous)).map(|c| (c.code().to_string(), c.label(lang).to_string())).collect();
                    let checks = IdCheck::ALL.iter().filter(|c| offered(**c == IdCheck::NotChecked)).map(|c| (c.code().to_string(), c.label(lang).to_string())).collect();
                    let title = t.form_title(rq.type_name(k));
                    let mb = s.form.max_attachment_bytes / (1024 * 1024);
                    let id_docs = ID_DOCUMENTS.iter().map(|d| (d.to_string(), crate::identity::documents::document_label(d, kit::texts::id_text()).to_string())).collect();
                    view! {
                        <Title text=title.clone()/>
                        <h1>{title}</h1>
                        <FormError feedback/>
                        <form method="post" action=SubmitIntake::url() enctype="multipart/form-data" class="form request-form">
                            <input type="hidden" name="request_type" value=k.code()/>
                            <input type="hidden" name="idempotency_key" value=s.form.idempotency_key.clone()/>
                            <fieldset class="field">
                                <legend>{t.arrival}</legend>
                                {select_field("channel", t.channel, channels, None, true, feedback)}
                                <div class="field" class:field--invalid=move || feedback.with(|f| f.field("arrived_on").is_some())>
                                    <label for="f-arrived_on">{t.arrived_on_field}</label>
                                    <p class="field__hint">{t.arrived_on_hint}</p>
                                    {problem_view(feedback, "arrived_on")}
                                    <input type="text" id="f-arrived_on" name="arrived_on" value=feedback.with_untracked(|f| f.value_or("arrived_on", s.today.clone())) required=true maxlength="40" aria-describedby="f-arrived_on-error"/>
                                </div>
                            </fieldset>
                            <fieldset class="field">
                                <legend>{t.subject_legend}</legend>
                                {select_field("subject_kind", t.kind, kinds, None, true, feedback)}
                                <p class="field__hint">{t.subject_hint}</p>
                                <TextInput name="subject_key" label=t.subject_key required=false feedback/>
                                <TextInput name="subject_birth" label=t.subject_birth required=false feedback/>
                                <TextInput name="subject_name" label=t.subject_name required=false feedback/>
                            </fieldset>
                            <fieldset class="field">
                                <legend>{t.requester}</legend>
                                {select_field("capacity", t.acting_as,
                                    Capacity::ALL.iter().map(|c| (c.code().to_string(), c.label(lang).to_string()))
                                        // Offered so that it is refused with its explanation (a separate procedure).
                                        .chain([(crate::requests::intake::BEREAVED.to_string(), t.bereaved.to_string())]).collect(), None, true, feedback)}
                                <TextInput name="requester_name" label=t.requester_name required=false feedback/>
                                <TextInput name="requester_address" label=t.requester_address required=!complaint feedback/>
                                <TextInput name="requester_phone" label=t.requester_phone required=false feedback/>
                            </fieldset>
                            <fieldset class="field">
                                <legend>{t.identity_legend}</legend>
                                {complaint.then(|| view! { <p class="field__hint">{t.complaint_identity_hint}</p> })}
                                {select_field("id_check", t.how, checks, None, true, feedback)}
                                {select_field("id_document", t.document_checked, id_docs, None, !complaint, feedback)}
                                {select_field("checked_by", t.checked_by,
                                    s.colleagues.clone().into_iter().map(|(id, n)| (id.to_string(), n)).collect(), Some(s.me.to_string()), !complaint, feedback)}
                            </fieldset>
                            <TypeFields setup=s.form.clone() no_default_method=true feedback/>
                            <fieldset class="field files">
                                <legend>{t.documents_legend}</legend>
                                <p class="field__hint">{rq.documents_hint(mb)}</p>
                                <p class="notice notice--warn">{t.no_my_number_scan}</p>
                                {feedback.with_untracked(|f| f.posted).then(|| view! { <p class="field__hint field__hint--again" data-choose-again="">{kit::texts::id_text().choose_files_again}</p> })}
                                {file_field(Document::Supporting, t, feedback)}
                                {file_field(Document::PowerOfAttorney, t, feedback)}
                                {file_field(Document::GuardianshipCertificate, t, feedback)}
                                {file_field(Document::KinshipRecord, t, feedback)}
                                {file_field(Document::MinorGuardianRecord, t, feedback)}
                            </fieldset>
                            <button type="submit" class="button">{t.submit}</button>
                        </form>
                    }.into_any()
                }
            }
        })}
    }
}
