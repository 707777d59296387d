//! The forms of the case page that change a request's course: the decision with its ground
//! and reason, the 責任者's approval or send-back, and assignment with 重要度・緊急度.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use super::server_fns::{StaffAssign, StaffDecide, StaffReview};
use super::{StaffCase, priority_name};
use crate::requests::decision::{LegalGround, Priority};
use crate::requests::texts::{legal_ground_name, outcome_name};
use kit::form::Feedback;
use kit::i18n::Lang;
use kit::page::problem_view;

pub(super) fn decide_form(c: &StaffCase, feedback: Signal<Feedback>, lang: Lang) -> impl IntoView {
    let ja = lang == Lang::Ja;
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
    let requested = match &v.details {
        crate::requests::draft::Details::Correction { requested, .. } => requested.clone(),
        _ => String::new(),
    };
    let fee = c.fee_yen > 0 && v.line.request_type.may_charge_fee();
    view! {
        <form method="post" action=StaffDecide::url() class="form card" aria-labelledby="decide">
            <h2 id="decide">{if ja { "決定する" } else { "Decide" }}</h2>
            <p class="field__hint">{if ja {
                "開示の決定と、お断り・お申し出と異なる決定は、別の責任者の承認の後に本人へ届きます。お断りする場合や異なる対応をする場合は、理由が必要です（第36条）。"
            } else {
                "Disclosures, refusals and decisions that differ from the request reach the member only after another responsible person approves. Refusing or acting otherwise needs a reason (Art. 36)."
            }}</p>
            <input type="hidden" name="receipt" value=v.line.receipt.clone()/>
            <input type="hidden" name="version" value=v.version.to_string()/>
            <fieldset class="field choices">
                <legend>{if ja { "決定" } else { "Decision" }}</legend>
                {problem_view(feedback, "outcome")}
                {c.outcomes.iter().map(|(o, _)| {
                    let id = format!("f-outcome-{}", o.code());
                    let input_id = id.clone();
                    view! { <label class="choice" for=id><input type="radio" id=input_id name="outcome" value=o.code() required=true/>" "{outcome_name(*o, lang)}</label> }
                }).collect_view()}
            </fieldset>
            <div class="field">
                <label for="f-ground">{if ja { "根拠" } else { "Legal ground" }}</label>
                {problem_view(feedback, "ground")}
                <select id="f-ground" name="ground">
                    <option value="">{if ja { "（決定に一つしかない場合は自動）" } else { "(automatic where only one applies)" }}</option>
                    {grounds.into_iter().map(|g| view! { <option value=g.code()>{format!("{} — {}", g.article(), legal_ground_name(g, lang))}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="f-reason">{if ja { "理由・対応内容（本人に届きます）" } else { "Reason or response (sent to the member)" }}</label>
                {problem_view(feedback, "reason")}
                <textarea id="f-reason" name="reason" rows="5" maxlength="4000" aria-describedby="f-reason-error"></textarea>
            </div>
            {correction.then(|| view! {
                <div class="field">
                    <label for="f-corrected_value">{if ja { "訂正後の内容（訂正する場合）" } else { "Corrected value (when correcting)" }}</label>
                    {problem_view(feedback, "corrected_value")}
                    <input id="f-corrected_value" name="corrected_value" maxlength="200" value=requested.clone()/>
                </div>
            })}
            {fee.then(|| view! {
                <fieldset class="field choices">
                    <legend>{if ja { format!("手数料（{}円）", c.fee_yen) } else { format!("Fee ({} yen)", c.fee_yen) }}</legend>
                    {problem_view(feedback, "fee")}
                    <label class="choice" for="f-fee-paid"><input type="radio" id="f-fee-paid" name="fee" value="paid"/>" "{if ja { "納付済" } else { "Paid" }}</label>
                    <label class="choice" for="f-fee-waived"><input type="radio" id="f-fee-waived" name="fee" value="waived"/>" "{if ja { "免除" } else { "Waived" }}</label>
                </fieldset>
            })}
            <button type="submit" class="button">{if needs_approval && ja { "決定を登録する（必要な場合は承認へ）" } else if ja { "決定を登録する" } else { "Record the decision" }}</button>
        </form>
    }
}

pub(super) fn review_form(receipt: &str, version: &str, feedback: Signal<Feedback>, lang: Lang) -> impl IntoView {
    let ja = lang == Lang::Ja;
    view! {
        <form method="post" action=StaffReview::url() class="form card" aria-labelledby="review">
            <h2 id="review">{if ja { "責任者の承認" } else { "Approval" }}</h2>
            <p>{if ja { "決定の内容と決定通知書を確認してください。承認すると、決定通知書が本人に届きます。" } else { "Check the decision and its letter. Once approved, the letter reaches the member." }}</p>
            <input type="hidden" name="receipt" value=receipt.to_string()/>
            <input type="hidden" name="version" value=version.to_string()/>
            {problem_view(feedback, "approve")}
            <div class="field">
                <label for="f-note">{if ja { "差戻しの理由（差し戻す場合）" } else { "Reason for sending back" }}</label>
                {problem_view(feedback, "note")}
                <textarea id="f-note" name="note" rows="3" maxlength="4000"></textarea>
            </div>
            <button type="submit" name="decision" value="approve" class="button">{if ja { "承認して本人に通知する" } else { "Approve and notify the member" }}</button>
            " "
            <button type="submit" name="decision" value="send_back" class="button button--secondary">{if ja { "差し戻す" } else { "Send back" }}</button>
        </form>
    }
}

pub(super) fn assign_form(c: &StaffCase, feedback: Signal<Feedback>, lang: Lang) -> impl IntoView {
    let ja = lang == Lang::Ja;
    let priority_select = |name: &'static str, label: &'static str, current: Priority| {
        let id = format!("f-{name}");
        view! {
            <div class="field field--inline">
                <label for=id.clone()>{label}</label>
                {problem_view(feedback, name)}
                <select id=id name=name>
                    {[Priority::High, Priority::Normal, Priority::Low].into_iter().map(|p| {
                        let selected = p == current;
                        view! { <option value=p.code() selected=selected>{priority_name(p, lang)}</option> }
                    }).collect_view()}
                </select>
            </div>
        }
    };
    view! {
        <form method="post" action=StaffAssign::url() class="form card filters" aria-labelledby="assign">
            <h2 id="assign">{if ja { "担当・重要度・緊急度（受付票）" } else { "Assignment and priority" }}</h2>
            <input type="hidden" name="receipt" value=c.view.line.receipt.clone()/>
            <input type="hidden" name="version" value=c.view.version.to_string()/>
            <div class="field field--inline">
                <label for="f-assignee">{if ja { "担当者" } else { "Assignee" }}</label>
                {problem_view(feedback, "assignee")}
                <select id="f-assignee" name="assignee">
                    <option value="">{if ja { "未割当" } else { "Unassigned" }}</option>
                    {c.colleagues.iter().map(|(id, name)| {
                        let selected = c.assignee == Some(*id);
                        view! { <option value=id.to_string() selected=selected>{name.clone()}</option> }
                    }).collect_view()}
                </select>
            </div>
            {priority_select("importance", if ja { "重要度" } else { "Importance" }, c.importance)}
            {priority_select("urgency", if ja { "緊急度" } else { "Urgency" }, c.urgency)}
            <button type="submit" class="button button--secondary">{if ja { "設定する" } else { "Save" }}</button>
        </form>
    }
}
