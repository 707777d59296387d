//! The parts of one request's page: what was asked, the progress steps, and the form to
//! take a step on it.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use super::invalid;
use crate::requests::RequestView;
use crate::requests::agency::Document;
use crate::requests::draft::{Details, HeldItem, Period};
use crate::requests::lifecycle::Stage;
use crate::requests::api::ActOnRequest;
use crate::requests::texts::*;
use kit::form::Feedback;
use kit::i18n::Lang;
use kit::page::problem_view;

fn period_text(p: &Option<Period>) -> String {
    p.map(|p| format!("{} 〜 {}", p.from, p.to)).unwrap_or_else(|| "—".into())
}

/// What was asked, as facts.
pub(crate) fn details_view(v: &RequestView, t: &'static RqText, lang: Lang) -> AnyView {
    let rows = details_rows(&v.details, &v.category_names, t, lang);
    view! {
        <dl class="facts">
            {rows.into_iter().filter(|(_, v)| !v.is_empty()).map(|(k, v)| view! { <div><dt>{k}</dt><dd class="pre">{v}</dd></div> }).collect_view()}
            {v.method_name.clone().map(|m| view! { <div><dt>{t.method_label}</dt><dd>{m}</dd></div> })}
            {v.deliver_to_subject.then(|| view! { <div><dt>{t.to_subject_label}</dt><dd>{t.to_subject_value}</dd></div> })}
            <div><dt>{t.fee_label}</dt><dd>{if v.fee_yen > 0 { t.yen(v.fee_yen) } else { t.fee_none.to_string() }}</dd></div>
        </dl>
    }
    .into_any()
}

/// What was asked, as (label, value) rows; an empty value is left out by the caller.
pub(crate) fn details_rows(details: &Details, category_names: &[String], t: &'static RqText, lang: Lang) -> Vec<(&'static str, String)> {
    let cats = category_names.join("、");
    match details {
        Details::PurposeNotice { note, .. } => vec![(t.categories_legend, cats), (t.note, note.clone())],
        Details::Disclosure { receipts, checkups, note, .. } => vec![
            (t.categories_legend, cats),
            (t.receipts_legend, period_text(receipts)),
            (t.checkups_legend, period_text(checkups)),
            (t.note, note.clone()),
        ],
        Details::ThirdPartyRecords { period, .. } => vec![(t.third_party_period_legend, period_text(period))],
        Details::Correction { item, item_label, current, change, requested, reason } => vec![
            (t.item, if *item == HeldItem::Other { item_label.clone() } else { item.label(lang).to_string() }),
            (t.current_value, current.clone()),
            (t.change, change.label(lang).to_string()),
            (t.requested, requested.clone()),
            (t.reason, reason.clone()),
        ],
        Details::Suspension { measure, target, ground, explanation } => vec![
            (t.measure, measure.label(lang).to_string()),
            (t.target, target.clone()),
            (t.ground, ground.label(lang).to_string()),
            (t.explanation, explanation.clone()),
        ],
        Details::Complaint { body, category } => vec![(t.category, category.label(lang).to_string()), (t.body, body.clone())],
    }
}

/// The progress steps, with the current one marked. A request about oneself has no
/// 本人確認 step (the sign-in verified the member), so it is not shown to come.
pub(crate) fn progress(stage: Stage, capacity: crate::requests::agency::Capacity, lang: Lang) -> impl IntoView {
    let own = capacity == crate::requests::agency::Capacity::Own;
    let path: Vec<Stage> = Stage::PATH.into_iter().filter(|s| !(own && *s == Stage::IdentityCheck && stage != Stage::IdentityCheck)).collect();
    let current = path.iter().position(|s| *s == stage);
    // A request that ended off the ordinary path (取下げ, 却下, 補正なしで終了) shows its
    // stage alone: a row of steps never reached would read as "still to come".
    current.is_some().then(|| view! {
        <ol class="progress" aria-label=RqText::of(lang).progress_label>
            {path.into_iter().enumerate().map(|(i, s)| {
                let state = match current { Some(c) if i < c => "done", Some(c) if i == c => "current", _ => "todo" };
                view! { <li class=format!("progress__step progress__step--{state}") aria-current=(state == "current").then_some("step")>{s.label(lang)}</li> }
            }).collect_view()}
        </ol>
    })
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
    // Several of these forms share a page: only the one that was posted is refilled.
    let this_form = feedback.with_untracked(|f| f.posted && f.value("action").as_deref() == Some(action));
    let message = this_form.then(|| feedback.with_untracked(|f| f.value("message"))).flatten().unwrap_or_default();
    view! {
        <form method="post" action=ActOnRequest::url() enctype="multipart/form-data" class="form">
            <input type="hidden" name="receipt" value=receipt/>
            <input type="hidden" name="version" value=version/>
            <input type="hidden" name="action" value=action/>
            <div class="field" class:field--invalid=move || feedback.with(|f| f.field("message").is_some())>
                <label for=id.clone()>{t.message_label}</label>
                {problem_view(feedback, "message")}
                <textarea id=id name="message" rows="4" maxlength="4000" aria-invalid=invalid(feedback, "message")>{message}</textarea>
            </div>
            {(!files.is_empty()).then(|| view! { <p class="notice notice--warn" data-no-my-number="">{t.no_my_number}</p> })}
            {(this_form && !files.is_empty()).then(|| view! { <p class="field__hint field__hint--again" data-choose-again="">{kit::texts::id_text().choose_files_again}</p> })}
            {files.into_iter().map(|d| {
                let name = d.code();
                view! {
                    <div class="field" class:field--invalid=move || feedback.with(|f| f.field(name).is_some())>
                        <label for=format!("f-{name}-{action}")>{t.document(d)}</label>
                        {problem_view(feedback, name)}
                        <input type="file" id=format!("f-{name}-{action}") name=name accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"/>
                    </div>
                }
            }).collect_view()}
            <button type="submit" class="button">{button}</button>
        </form>
    }
}
