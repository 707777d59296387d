//! The forms of the case page that change a request's course: the decision with its ground
//! and reason, and the 責任者's approval or send-back (assignment is in `workflow.rs`).

use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use super::api::{StaffDecide, StaffReview};
use super::StaffCase;
use crate::staff::texts::StaffText;
use crate::requests::decision::{LegalGround, Outcome};
use kit::form::Feedback;
use kit::i18n::Lang;
use kit::page::problem_view;

pub(super) fn decide_form(c: &StaffCase, feedback: Signal<Feedback>, lang: Lang) -> impl IntoView {
    let tx = StaffText::of(lang);
    let v = &c.view;
    let needs_approval = c.outcomes.iter().any(|(o, _)| o.needs_approval(v.line.request_type));
    let grounds: Vec<LegalGround> = {
        let mut all: Vec<LegalGround> = Vec::new();
        for (_, gs) in &c.outcomes {
            for g in gs {
                if !all.contains(g) {
                    all.push(*g);
                }
            }
        }
        all
    };
    let correction = matches!(v.details, crate::requests::draft::Details::Correction { .. });
    let measure = match &v.details {
        crate::requests::draft::Details::Suspension { measure, .. } => Some(*measure),
        _ => None,
    };
    let requested = match &v.details {
        crate::requests::draft::Details::Correction { requested, .. } => requested.clone(),
        _ => String::new(),
    };
    // Before the review only a 却下 can be decided: it says so.
    let dismiss_only = c.outcomes.iter().all(|(o, _)| *o == Outcome::Dismissed);
    // The fee is read from its record (the section above), never ticked here: while it is
    // unpaid the form says that an answer handing data over waits for it.
    let fee_due = !dismiss_only && v.fee.as_ref().is_some_and(|f| f.state == crate::requests::decision::FeeState::Due);
    let fb = feedback.get_untracked();
    let requested = fb.value_or("corrected_value", requested);
    let fee_problem = fb.value("settle").is_none().then(|| problem_view(feedback, "fee"));
    view! {
        <form method="post" action=StaffDecide::url() class="form card" aria-labelledby="decide">
            <h2 id="decide">{if dismiss_only { tx.dismiss_heading } else { tx.decide_heading }}</h2>
            <p class="field__hint">{if dismiss_only { tx.dismiss_hint } else { tx.decide_hint }}</p>
            <input type="hidden" name="receipt" value=v.line.receipt.clone()/>
            <input type="hidden" name="version" value=v.version.to_string()/>
            <fieldset class="field choices">
                <legend>{tx.decision_legend}</legend>
                {problem_view(feedback, "outcome")}
                {c.outcomes.iter().map(|(o, _)| {
                    let id = format!("f-outcome-{}", o.code());
                    let input_id = id.clone();
                    view! { <label class="choice" for=id><input type="radio" id=input_id name="outcome" value=o.code() required=true checked=fb.checked("outcome", o.code())/>" "{o.label(lang)}</label> }
                }).collect_view()}
            </fieldset>
            <div class="field">
                <label for="f-ground">{tx.legal_ground}</label>
                {problem_view(feedback, "ground")}
                <select id="f-ground" name="ground">
                    <option value="">{tx.ground_automatic}</option>
                    {grounds.into_iter().map(|g| view! { <option value=g.code() selected=fb.selected("ground", g.code())>{format!("{} — {}", g.article(), g.label(lang))}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="f-reason">{tx.reason_label}</label>
                {problem_view(feedback, "reason")}
                <textarea id="f-reason" name="reason" rows="5" maxlength="4000" aria-describedby="f-reason-error">{fb.value("reason").unwrap_or_default()}</textarea>
            </div>
            {correction.then(|| view! {
                <div class="field">
                    <label for="f-corrected_value">{tx.corrected_value}</label>
                    {problem_view(feedback, "corrected_value")}
                    <input id="f-corrected_value" name="corrected_value" maxlength="200" value=requested.clone()/>
                </div>
            })}
            {measure.map(|m| measure_fields(m, feedback, lang))}
            {fee_problem}
            {fee_due.then(|| view! { <p class="notice notice--warn" data-fee-due="">{tx.fee_due_hint(c.fee_yen)}</p> })}
            <button type="submit" class="button">{if needs_approval { tx.record_decision_approval } else { tx.record_decision }}</button>
        </form>
    }
}

/// 実施する: what the measure applies to — the kinds of data the portal holds (利用停止・
/// 消去), or the recipient (第三者提供の停止). Kinds the measure cannot apply to are still
/// offered where staff might expect them (the ledger), and refused with the reason.
fn measure_fields(measure: crate::requests::draft::Measure, feedback: Signal<Feedback>, lang: Lang) -> impl IntoView {
    use crate::requests::decision::DataScope;
    use crate::requests::draft::Measure;
    let tx = StaffText::of(lang);
    let fb = feedback.get_untracked();
    match measure {
        Measure::StopProvision => view! {
            <div class="field">
                <label for="f-recipient">{tx.measure_recipient}</label>
                <span class="field__hint" id="f-recipient-hint">{tx.measure_recipient_hint}</span>
                {problem_view(feedback, "recipient")}
                <input id="f-recipient" name="recipient" maxlength="200" aria-describedby="f-recipient-hint" value=fb.value("recipient").unwrap_or_default()/>
            </div>
        }.into_any(),
        Measure::StopUse | Measure::Erase => {
            let offered: Vec<DataScope> = DataScope::ALL.into_iter().filter(|s| measure == Measure::Erase || s.admits(Measure::StopUse).is_ok() || *s == DataScope::ProvisionLedger).collect();
            view! {
                <fieldset class="field choices">
                    <legend>{if measure == Measure::Erase { tx.measure_scope_erase } else { tx.measure_scope_stop }}</legend>
                    <span class="field__hint">{tx.measure_scope_hint}</span>
                    {problem_view(feedback, "scope")}
                    {offered.into_iter().map(|s| {
                        let name = format!("scope[{}]", s.code());
                        let id = format!("f-scope-{}", s.code());
                        let input_id = id.clone();
                        let checked = fb.checked(&name, "1");
                        view! { <label class="choice" for=id><input type="checkbox" id=input_id name=name value="1" checked=checked/>" "{s.label(lang)}</label> }
                    }).collect_view()}
                </fieldset>
            }.into_any()
        }
    }
}

pub(super) fn review_form(receipt: &str, version: &str, feedback: Signal<Feedback>, lang: Lang) -> impl IntoView {
    let tx = StaffText::of(lang);
    let note = feedback.with_untracked(|f| f.value("note")).unwrap_or_default();
    view! {
        <form method="post" action=StaffReview::url() class="form card" aria-labelledby="review">
            <h2 id="review">{tx.approval_heading}</h2>
            <p>{tx.approval_hint}</p>
            <input type="hidden" name="receipt" value=receipt.to_string()/>
            <input type="hidden" name="version" value=version.to_string()/>
            {problem_view(feedback, "approve")}
            <div class="field">
                <label for="f-note">{tx.send_back_reason}</label>
                {problem_view(feedback, "note")}
                <textarea id="f-note" name="note" rows="3" maxlength="4000">{note}</textarea>
            </div>
            <button type="submit" name="decision" value="approve" class="button">{tx.approve_button}</button>
            " "
            <button type="submit" name="decision" value="send_back" class="button button--secondary">{tx.send_back_button}</button>
        </form>
    }
}
