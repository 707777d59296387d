//! The fee on the staff request page (38条): record its payment or waiver (a plain post
//! that works without JavaScript), and print the 案内 for a paper requester or the 領収書.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use crate::requests::fees::FeePaper;
use kit::access::StaffRole;
use kit::error::AppError;

/// Who records a payment: whoever handles the request at the counter or in review.
pub const PAYMENT_ROLES: &[StaffRole] = &[StaffRole::Intake, StaffRole::Reviewer, StaffRole::Approver];
/// Who waives a fee: a judgement on the request, so its reviewers, not the counter alone.
pub const WAIVER_ROLES: &[StaffRole] = &[StaffRole::Reviewer, StaffRole::Approver];

/// Records the fee's payment (`settle=paid`: `paid_on`, `method`, `amount_yen`) or its
/// waiver (`settle=waived`: `waiver_reason`).
#[server(prefix = "/api/staff", endpoint = "requests/fee")]
pub async fn record_fee(
    receipt: String,
    settle: String,
    #[server(default)] paid_on: String,
    #[server(default)] method: String,
    #[server(default)] amount_yen: String,
    #[server(default)] waiver_reason: String,
) -> Result<(), AppError> {
    use crate::requests::fees::PaymentForm;
    use crate::requests::fees::store::{Entry, record};
    use kit::access::Access;
    let page = super::store::case_page(&receipt);
    let result = async {
        let roles = if settle == "waived" { WAIVER_ROLES } else { PAYMENT_ROLES };
        let caller = crate::identity::store::guard(Access::Staff(roles)).await?;
        let entry = match settle.as_str() {
            "paid" => Entry::Payment(PaymentForm { paid_on, method, amount_yen }),
            "waived" => Entry::Waiver(waiver_reason),
            _ => return Err(AppError::BadRequest),
        };
        let state = crate::platform::state::app_state()?;
        record(&state, &crate::platform::audit::store::request_meta(), &caller, &receipt, entry).await?;
        Ok(format!("{page}#fee"))
    }
    .await;
    kit::form::respond(result, &format!("{page}#fee"))
}

/// The same paper for staff: the 案内 to post to a paper requester, or the 領収書.
#[server(prefix = "/api/staff", endpoint = "requests/fee-paper", input = GetUrl)]
pub async fn staff_fee_paper(receipt: String) -> Result<FeePaper, AppError> {
    let caller = crate::identity::store::guard(kit::access::Access::Staff(super::READ_ROLES)).await?;
    let state = crate::platform::state::app_state()?;
    crate::requests::fees::store::paper(&state, &crate::platform::audit::store::request_meta(), &caller, &receipt).await
}

/// The fee's section on the staff request page: where it stands, the 案内 to post, and
/// the forms to record a payment or a waiver (each only for who may).
pub fn fee_section(c: &super::StaffCase, feedback: Signal<kit::form::Feedback>, lang: kit::i18n::Lang) -> impl IntoView + use<> {
    use crate::requests::decision::FeeState;
    use crate::requests::fees::texts::fee_text;
    use leptos::server_fn::ServerFn;
    use kit::page::problem_view;
    let t = fee_text();
    let receipt = c.view.line.receipt.clone();
    let info = c.view.fee.clone();
    let (may_pay, may_waive) = c.fee_roles;
    let open = !c.view.line.status.is_closed();
    let today = c.today.clone();
    info.map(|info| {
        let fb = feedback.get_untracked();
        let posted = |settle: &str| fb.posted && fb.value("settle").as_deref() == Some(settle);
        let kept = |settle: &str, name: &str| if posted(settle) { fb.value(name) } else { None };
        let status = match (&info.state, &info.settlement) {
            (FeeState::Due, _) => t.staff_due.to_string(),
            (_, Some(crate::requests::fees::Settlement::Paid { on, method, .. })) => {
                format!("{}（{}・{}）", t.paid_title, kit::time::format_date(*on, lang), method.label(lang))
            }
            (_, Some(crate::requests::fees::Settlement::Waived { reason })) => format!("{}（{}）", t.waived_title, reason),
            _ => String::new(),
        };
        let due = info.state == FeeState::Due;
        let paper_label = if due { t.staff_guidance_letter } else { t.receipt_link };
        let method_kept = kept("paid", "method");
        view! {
            <section id="fee" class="card" aria-labelledby="fee-title" data-fee-state=format!("{:?}", info.state).to_lowercase()>
                <h2 id="fee-title">{t.staff_title}</h2>
                {(fb.value("settle").is_some()).then(|| problem_view(feedback, "fee"))}
                <dl class="facts">
                    <div><dt>{t.amount}</dt><dd>{t.yen(info.amount_yen)}</dd></div>
                    <div><dt>{t.staff_state}</dt><dd><strong>{status}</strong></dd></div>
                </dl>
                {(info.state != FeeState::Waived).then(|| view! {
                    <p><a class="button button--secondary" href=format!("/staff/requests/{receipt}/fee")>{paper_label}</a></p>
                })}
                {(due && open && may_pay).then(|| view! {
                    <form method="post" action=RecordFee::url() class="form">
                        <fieldset>
                            <legend>{t.staff_payment_legend}</legend>
                            <input type="hidden" name="receipt" value=receipt.clone()/>
                            <input type="hidden" name="settle" value="paid"/>
                            <div class="field">
                                <label for="f-paid-on">{t.staff_paid_on}</label>
                                <p class="field__hint">{t.staff_paid_on_hint}</p>
                                {problem_view(feedback, "paid_on")}
                                <input type="text" id="f-paid-on" name="paid_on" inputmode="numeric" autocomplete="off" value=kept("paid", "paid_on").unwrap_or_else(|| today.clone())/>
                            </div>
                            <div class="field">
                                <label for="f-pay-method">{t.staff_method}</label>
                                {problem_view(feedback, "method")}
                                <select id="f-pay-method" name="method">
                                    <option value="">"—"</option>
                                    {info.methods.iter().map(|m| {
                                        let code = m.kind.code();
                                        view! { <option value=code selected=method_kept.as_deref() == Some(code)>{m.kind.label(lang)}</option> }
                                    }).collect_view()}
                                </select>
                            </div>
                            <div class="field">
                                <label for="f-pay-amount">{t.staff_amount}</label>
                                {problem_view(feedback, "amount_yen")}
                                <input type="text" id="f-pay-amount" name="amount_yen" inputmode="numeric" autocomplete="off"
                                    value=kept("paid", "amount_yen").unwrap_or_else(|| info.amount_yen.to_string())/>
                            </div>
                            <button type="submit" class="button">{t.staff_record_payment}</button>
                        </fieldset>
                    </form>
                })}
                {(due && open && may_waive).then(|| view! {
                    <form method="post" action=RecordFee::url() class="form">
                        <fieldset>
                            <legend>{t.staff_waiver_legend}</legend>
                            <input type="hidden" name="receipt" value=receipt.clone()/>
                            <input type="hidden" name="settle" value="waived"/>
                            <div class="field">
                                <label for="f-waiver-reason">{t.waiver_reason}</label>
                                {problem_view(feedback, "waiver_reason")}
                                <textarea id="f-waiver-reason" name="waiver_reason" rows="2" maxlength="1000">{kept("waived", "waiver_reason").unwrap_or_default()}</textarea>
                            </div>
                            <button type="submit" class="button button--secondary">{t.staff_record_waiver}</button>
                        </fieldset>
                    </form>
                })}
            </section>
        }
    })
}

/// `/staff/requests/:receipt/fee`: the 案内 to post (while due) or the 領収書.
#[component]
pub fn StaffFeePage() -> impl IntoView {
    use leptos_router::hooks::use_params_map;
    let lang = kit::i18n::use_lang();
    let params = use_params_map();
    let receipt = move || params.with(|p| p.get("receipt").unwrap_or_default());
    let data = kit::page_data::load(receipt, staff_fee_paper);
    view! {
        <leptos_meta::Title text=crate::requests::fees::texts::fee_text().staff_title/>
        {Suspend::new(async move {
            match data.await {
                Err(e) => kit::page::page_error(e, "/staff/requests"),
                Ok(p) => crate::requests::fees::views::fee_paper_view(p, lang).into_any(),
            }
        })}
    }
}
