//! The staff pages for paper and counter intake: the choice of type, the intake form, and
//! the card on the staff request page that says how a request came in.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::server_fns::{SubmitIntake, load_intake_form};
use super::{Channel, ID_DOCUMENTS, IdCheck, IntakeInfo, SubjectKind};
use crate::requests::agency::{Capacity, Document};
use crate::requests::texts::{capacity_name, rq_text, type_explanation, type_name};
use crate::requests::views::{TextInput, TypeFields};
use kit::form::{FormError, use_feedback};
use kit::i18n::{Lang, use_lang};
use kit::page::{page_error, problem_view};
use kit::page_data;
use kit::rights::RequestType;

fn channel_name(c: Channel, ja: bool) -> &'static str {
    match (c, ja) {
        (Channel::Paper, true) => "郵送（様式1・様式2）",
        (Channel::Paper, false) => "By post (form 1 or 2)",
        (Channel::Counter, true) => "窓口",
        (Channel::Counter, false) => "At the counter",
    }
}

fn subject_kind_name(k: SubjectKind, ja: bool) -> &'static str {
    match (k, ja) {
        (SubjectKind::Registry, true) => "加入者・元加入者（資格情報で確認）",
        (SubjectKind::Registry, false) => "Member or former member (checked in the registry)",
        (SubjectKind::Councillor, true) => "組合会議員",
        (SubjectKind::Councillor, false) => "Councillor (組合会議員)",
        (SubjectKind::Employee, true) => "職員",
        (SubjectKind::Employee, false) => "Employee (職員)",
        (SubjectKind::Other, true) => "その他",
        (SubjectKind::Other, false) => "Other",
    }
}

fn id_check_name(c: IdCheck, ja: bool) -> &'static str {
    match (c, ja) {
        (IdCheck::Presented, true) => "原本を窓口で確認",
        (IdCheck::Presented, false) => "Original shown at the counter",
        (IdCheck::CopyByPost, true) => "同封の写しで確認",
        (IdCheck::CopyByPost, false) => "Copy enclosed with the form",
    }
}

/// The staff request page's card on how a paper or counter request came in.
pub fn intake_card(i: IntakeInfo, lang: Lang) -> impl IntoView {
    let ja = lang == Lang::Ja;
    let row = |k: &'static str, v: String| view! { <div><dt>{k}</dt><dd>{v}</dd></div> };
    view! {
        <section class="card" aria-labelledby="intake">
            <h2 id="intake">{if ja { "受付の記録（紙・窓口）" } else { "Intake record (paper or counter)" }}</h2>
            <dl class="facts" data-intake=i.channel.code()>
                {row(if ja { "受付方法" } else { "Channel" }, channel_name(i.channel, ja).to_string())}
                {row(if ja { "到達日" } else { "Arrived on" }, i.arrived_on)}
                {row(if ja { "対象者の区分" } else { "Subject" }, subject_kind_name(i.subject_kind, ja).to_string())}
                {row(if ja { "請求者" } else { "Requester" }, i.requester_name)}
                {row(if ja { "送付先住所" } else { "Postal address" }, i.requester_address)}
                {row(if ja { "電話" } else { "Phone" }, i.requester_phone)}
                {row(if ja { "本人確認書類" } else { "Identity document" }, crate::identity::documents::document_label(&i.id_document, kit::texts::id_text()).to_string())}
                {row(if ja { "確認方法" } else { "How checked" }, id_check_name(i.id_check, ja).to_string())}
                {row(if ja { "確認した職員" } else { "Checked by" }, i.checked_by)}
                {row(if ja { "入力した職員・日時" } else { "Entered by, at" }, format!("{} {}", i.entered_by, i.entered_at))}
            </dl>
        </section>
    }
}

/// `/staff/intake`: which request arrived.
#[component]
pub fn StaffIntakePage() -> impl IntoView {
    let lang = use_lang();
    let ja = lang == Lang::Ja;
    view! {
        <Title text=if ja { "紙・窓口のお申し出を受け付ける" } else { "Enter a paper or counter request" }/>
        <h1>{if ja { "紙・窓口のお申し出を受け付ける" } else { "Enter a paper or counter request" }}</h1>
        <p>{if ja {
            "郵送で届いた依頼書（様式1・様式2）や窓口でのお申し出を、オンラインと同じ手続・期限で管理します。ポータルのアカウントがない方（資格を喪失した方、代理人、組合会議員・職員など）も受け付けられます。"
        } else {
            "Requests that arrive by post (forms 1 and 2) or at the counter follow the same steps and deadlines as online ones — also for people without a portal account."
        }}</p>
        <ul class="choices">
            {RequestType::ALL.into_iter().map(|k| view! {
                <li><a class="choices__item" href=format!("/staff/intake/{}", k.slug())>
                    <strong>{type_name(k, lang)}</strong>
                    <span>{type_explanation(k, lang)}</span>
                </a></li>
            }).collect_view()}
        </ul>
        <p><a href="/procedure">{if ja { "白紙の様式1・様式2（印刷用）" } else { "Blank forms 1 and 2 (to print)" }}</a></p>
    }
}

fn select_field(
    name: &'static str,
    label: &'static str,
    options: Vec<(String, String)>,
    selected: Option<String>,
    feedback: Signal<kit::form::Feedback>,
) -> impl IntoView {
    let id = format!("f-{name}");
    view! {
        <div class="field" class:field--invalid=move || feedback.with(|f| f.field(name).is_some())>
            <label for=id.clone()>{label}</label>
            {problem_view(feedback, name)}
            <select id=id name=name required=true aria-describedby=format!("f-{name}-error")>
                <option value="">{"—"}</option>
                {options.into_iter().map(|(v, l)| { let sel = selected.as_deref() == Some(v.as_str()); view! { <option value=v selected=sel>{l}</option> } }).collect_view()}
            </select>
        </div>
    }
}

fn file_field(doc: Document, label: &'static str, feedback: Signal<kit::form::Feedback>) -> impl IntoView {
    let name = doc.code();
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
    let (t, lang) = (rq_text(), use_lang());
    let ja = lang == Lang::Ja;
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
                    let title = format!("{}（{}）", type_name(k, lang), if ja { "紙・窓口" } else { "paper or counter" });
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
                                <legend>{if ja { "受付" } else { "Arrival" }}</legend>
                                {select_field("channel", if ja { "受付方法" } else { "Channel" },
                                    Channel::ALL.iter().map(|c| (c.code().to_string(), channel_name(*c, ja).to_string())).collect(), None, feedback)}
                                <div class="field" class:field--invalid=move || feedback.with(|f| f.field("arrived_on").is_some())>
                                    <label for="f-arrived_on">{if ja { "到達日（届いた日・来所した日）" } else { "Arrived on" }}</label>
                                    <p class="field__hint">{if ja { "期限はこの日から数えます。例: 2026-11-20 または 令和8年11月20日" } else { "The deadline counts from this day. E.g. 2026-11-20" }}</p>
                                    {problem_view(feedback, "arrived_on")}
                                    <input type="text" id="f-arrived_on" name="arrived_on" value=s.today.clone() required=true maxlength="40" aria-describedby="f-arrived_on-error"/>
                                </div>
                            </fieldset>
                            <fieldset class="field">
                                <legend>{if ja { "対象となる方（本人）" } else { "Whose data (the subject)" }}</legend>
                                {select_field("subject_kind", if ja { "区分" } else { "Kind" },
                                    SubjectKind::ALL.iter().map(|c| (c.code().to_string(), subject_kind_name(*c, ja).to_string())).collect(), None, feedback)}
                                <p class="field__hint">{if ja { "加入者・元加入者は記号・番号と生年月日で資格情報と照合します。それ以外の方は氏名を入力してください。" } else { "Members and former members are matched in the registry by symbol, number and date of birth; for others enter the name." }}</p>
                                <TextInput name="subject_key" label=if ja { "記号・番号・枝番（例: 1002-45-00）" } else { "Symbol-number-branch (e.g. 1002-45-00)" } required=false feedback/>
                                <TextInput name="subject_birth" label=if ja { "生年月日" } else { "Date of birth" } required=false feedback/>
                                <TextInput name="subject_name" label=if ja { "氏名（資格情報にない方）" } else { "Name (if not in the registry)" } required=false feedback/>
                            </fieldset>
                            <fieldset class="field">
                                <legend>{if ja { "請求者" } else { "Requester" }}</legend>
                                {select_field("capacity", if ja { "本人との関係" } else { "Acting as" },
                                    Capacity::ALL.iter().map(|c| (c.code().to_string(), capacity_name(*c, lang).to_string())).collect(), None, feedback)}
                                <TextInput name="requester_name" label=if ja { "代理人の氏名（本人以外が請求するとき）" } else { "Agent's name (when not the subject)" } required=false feedback/>
                                <TextInput name="requester_address" label=if ja { "決定通知書の送付先住所" } else { "Postal address for the decision letter" } feedback/>
                                <TextInput name="requester_phone" label=if ja { "電話番号（任意）" } else { "Phone (optional)" } required=false feedback/>
                            </fieldset>
                            <fieldset class="field">
                                <legend>{if ja { "本人確認" } else { "Identity check" }}</legend>
                                {select_field("id_document", if ja { "確認した書類" } else { "Document" }, id_docs, None, feedback)}
                                {select_field("id_check", if ja { "確認方法" } else { "How" },
                                    IdCheck::ALL.iter().map(|c| (c.code().to_string(), id_check_name(*c, ja).to_string())).collect(), None, feedback)}
                                {select_field("checked_by", if ja { "確認した職員" } else { "Checked by" },
                                    s.colleagues.clone().into_iter().map(|(id, n)| (id.to_string(), n)).collect(), Some(s.me.to_string()), feedback)}
                            </fieldset>
                            <TypeFields setup=s.form.clone() feedback/>
                            <fieldset class="field files">
                                <legend>{if ja { "書類（PDF・JPEG・PNG）" } else { "Documents (PDF, JPEG, PNG)" }}</legend>
                                <p class="field__hint">{format!("{}{mb}{}", t.documents_hint, t.documents_hint_suffix)}</p>
                                {file_field(Document::Supporting, if ja { "依頼書（様式）のスキャン（郵送のときは必須）" } else { "Scan of the form (required for post)" }, feedback)}
                                {file_field(Document::PowerOfAttorney, if ja { "委任状（任意代理人のとき）" } else { "Power of attorney (for a proxy)" }, feedback)}
                                {file_field(Document::GuardianshipCertificate, if ja { "登記事項証明書（成年後見人のとき）" } else { "Guardianship certificate (for a guardian)" }, feedback)}
                            </fieldset>
                            <button type="submit" class="button">{if ja { "受け付ける" } else { "Enter the request" }}</button>
                        </form>
                    }.into_any()
                }
            }
        })}
    }
}
