//! The re-issue section of the staff package page: what differs from the first delivery,
//! in staff words, and the plain forms to prepare, approve or cancel.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use super::api::{PackageReissue, PackageReissueDecide};
use super::texts::{ReissueText, reissue_text};
use super::{Diff, ListDiff, REASON_MAX, ReissueLine, SectionChange};
use crate::delivery::PackageView;
use crate::delivery::views::size_text;
use kit::form::Feedback;
use kit::page::problem_view;

/// One line per section, then the added files and the withheld items; changed lines marked.
fn diff_view(d: &Diff, t: &'static ReissueText) -> impl IntoView + use<> {
    let sections = d.sections.iter().map(|s| {
        let text = match s.change {
            SectionChange::Same => t.section_unchanged(&s.title, s.after),
            SectionChange::Count => t.section_count_changed(&s.title, s.before, s.after),
            SectionChange::Content => t.section_content_changed(&s.title, s.after),
            SectionChange::Added => t.section_added(&s.title, s.after),
            SectionChange::Removed => t.section_removed(&s.title, s.before),
        };
        let changed = s.change != SectionChange::Same;
        view! { <li class:reissue__changed=changed data-diff-section=if changed { "changed" } else { "same" }>{text}</li> }
    });
    let list = |label: &'static str, l: &ListDiff, key: &'static str| {
        if l.same() {
            view! { <li data-diff-list=key>{t.list_same(label, l.kept)}</li> }.into_any()
        } else {
            view! {
                <li class="reissue__changed" data-diff-list=key>{t.list_heading(label)}
                    <ul class="list">
                        {l.added.iter().map(|a| view! { <li>{t.list_added(a)}</li> }).collect_view()}
                        {l.removed.iter().map(|a| view! { <li>{t.list_removed(a)}</li> }).collect_view()}
                    </ul>
                </li>
            }
            .into_any()
        }
    };
    view! {
        {d.same().then(|| view! { <p data-diff-same="1"><strong>{t.all_same}</strong></p> })}
        <ul class="list reissue__diff">
            {sections.collect_view()}
            {list(t.files_label, &d.files, "files")}
            {list(t.withheld_label, &d.withheld, "withheld")}
        </ul>
    }
}

/// The comparison, or (a first delivery without its record) the digests only.
fn compared(l: &ReissueLine, t: &'static ReissueText) -> impl IntoView + use<> {
    let first = match (&l.first_sha256, l.first_bytes) {
        (Some(sha), Some(bytes)) => t.digest(&size_text(bytes), sha),
        _ => t.none.to_string(),
    };
    view! {
        <h3>{t.compared_heading}</h3>
        {match &l.diff {
            Some(d) => diff_view(d, t).into_any(),
            None => view! { <p class="notice" role="note" data-no-record="1">{t.no_record}</p> }.into_any(),
        }}
        <dl class="reissue__digests">
            <dt>{t.first_record}</dt><dd class="mono">{first}</dd>
            <dt>{t.new_record}</dt><dd class="mono">{t.digest(&size_text(l.bytes), &l.sha256)}</dd>
        </dl>
    }
}

fn decide_form(receipt: &str, id: i64, decision: &'static str, label: &'static str, primary: bool) -> impl IntoView + use<> {
    view! {
        <form method="post" action=PackageReissueDecide::url() class="form form--inline">
            <input type="hidden" name="receipt" value=receipt.to_string()/>
            <input type="hidden" name="reissue" value=id/>
            <input type="hidden" name="decision" value=decision/>
            <button type="submit" class=if primary { "button" } else { "button button--secondary" } data-reissue-decision=decision>{label}</button>
        </form>
    }
}

/// The section, shown once a re-issue can be prepared or one exists.
pub fn reissue_view(p: &PackageView, feedback: Signal<Feedback>) -> impl IntoView + use<> {
    let t = reissue_text();
    let r = &p.reissue;
    let shown = r.eligible || r.pending.is_some() || !r.history.is_empty();
    let receipt = p.receipt.clone();
    shown.then(|| {
        let pending = r.pending.as_ref().map(|l| {
            let id = l.id;
            view! {
                <div class="reissue__pending" data-reissue=id>
                    <h3>{t.pending_heading}</h3>
                    <p>{t.prepared(&l.prepared_by, &l.prepared_at)}</p>
                    <p>{t.reason(&l.reason)}</p>
                    {compared(l, t)}
                    {problem_view(feedback, "decision")}
                    {match (r.can_decide, l.own) {
                        (true, false) => view! {
                            <p class="field__hint">{t.approve_hint}</p>
                            <div class="actions">
                                {decide_form(&receipt, id, "approve", t.approve_button, true)}
                                {decide_form(&receipt, id, "cancel", t.cancel_button, false)}
                            </div>
                        }.into_any(),
                        (true, true) => view! {
                            <p class="notice" role="note" data-own="1">{t.own_note}</p>
                            {decide_form(&receipt, id, "cancel", t.cancel_button, false)}
                        }.into_any(),
                        (false, _) => view! { <p class="field__hint">{t.decide_roles}</p> }.into_any(),
                    }}
                </div>
            }
        });
        let prepare = r.can_prepare.then(|| {
            let kept = feedback.with_untracked(|k| k.value("reason")).unwrap_or_default();
            view! {
                <form method="post" action=PackageReissue::url() class="form" id="reissue-form">
                    <input type="hidden" name="receipt" value=receipt.clone()/>
                    <div class="field" class:field--invalid=feedback.with_untracked(|k| k.field("reason").is_some())>
                        <label for="reissue-reason">{t.reason_label}</label>
                        <p class="field__hint" id="reissue-reason-hint">{t.reason_hint}</p>
                        {problem_view(feedback, "reason")}
                        <textarea id="reissue-reason" name="reason" rows="3" maxlength=REASON_MAX.to_string() required
                            aria-describedby="reissue-reason-hint f-reason-error">{kept}</textarea>
                    </div>
                    <button type="submit" class="button">{t.prepare_button}</button>
                </form>
            }
        });
        let roles_note = (r.eligible && r.pending.is_none() && !r.can_prepare).then(|| view! { <p class="field__hint">{t.prepare_roles}</p> });
        let history = (!r.history.is_empty()).then(|| view! {
            <h3>{t.history_heading}</h3>
            <ul class="list reissue__history">{r.history.iter().map(|l| view! {
                <li data-reissue-status=l.status.code()>
                    {t.decided(l.status.label(t.lang), l.decided_by.as_deref().unwrap_or_default(), l.decided_at.as_deref().unwrap_or_default())}
                    " — "{t.prepared(&l.prepared_by, &l.prepared_at)}" — "{t.reason(&l.reason)}
                </li>
            }).collect_view()}</ul>
        });
        view! {
            <section class="card reissue" id="reissue" aria-labelledby="reissue-h">
                <h2 id="reissue-h">{t.heading}</h2>
                <p>{t.lead}</p>
                {pending}
                {prepare}
                {roles_note}
                {history}
            </section>
        }
    })
}
