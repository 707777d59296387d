//! The staff side of requests, as far as the member's tracking needs it: the list of
//! requests and one request with the steps staff take before a decision (take up, accept
//! or return an agent's documents, 補正依頼, messages). Decisions, approval, filters and
//! exports belong to the staff-decision work.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos::server_fn::codec::GetUrl;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::error::AppError;
use crate::form::{FormError, use_feedback};
use crate::identity::StaffRole;
use crate::identity::texts::id_text;
use crate::identity::views::page_error;
use crate::requests::lifecycle::Action;
use crate::requests::texts::{action_name, capacity_name, rq_text, stage_name, type_name};
use crate::requests::views::deadline_text;
use crate::requests::{RequestLine, RequestView};
use crate::codec::page_resource;
use crate::i18n::use_lang;

/// Who works on requests; the auditor reads.
pub const CASE_ROLES: &[StaffRole] = &[StaffRole::Intake, StaffRole::Reviewer, StaffRole::Approver];
pub const READ_ROLES: &[StaffRole] = &[StaffRole::Intake, StaffRole::Reviewer, StaffRole::Approver, StaffRole::Auditor];

/// The steps this page offers (decisions come with the decision work).
pub const STAFF_STEPS: [Action; 5] =
    [Action::StartReview, Action::AcceptDocuments, Action::RejectDocuments, Action::AskMember, Action::Message];

#[server(prefix = "/api/staff", endpoint = "requests", input = GetUrl)]
pub async fn staff_requests() -> Result<Vec<RequestLine>, AppError> {
    use crate::identity::{Access, guard};
    let caller = guard(Access::Staff(READ_ROLES)).await?;
    crate::requests::store::queue(&crate::state::app_state()?, &crate::records::request_meta(), &caller).await
}

#[server(prefix = "/api/staff", endpoint = "requests/one", input = GetUrl)]
pub async fn staff_request(receipt: String) -> Result<(RequestView, Vec<Action>), AppError> {
    use crate::identity::{Access, Caller, guard};
    let caller = guard(Access::Staff(READ_ROLES)).await?;
    let view = crate::requests::store::view(&crate::state::app_state()?, &crate::records::request_meta(), &caller, &receipt)
        .await?;
    use crate::requests::lifecycle::{Role, next};
    let roles: Vec<Role> = match &caller {
        Caller::Staff { roles, .. } => roles.iter().filter_map(|r| Role::from_staff(*r)).collect(),
        _ => Vec::new(),
    };
    let steps = STAFF_STEPS
        .into_iter()
        .filter(|a| roles.iter().any(|r| next(view.line.status, *r, *a).is_ok()))
        .collect();
    Ok((view, steps))
}

#[server(prefix = "/api/staff", endpoint = "requests/act")]
pub async fn staff_act(receipt: String, action: String, message: String, version: String) -> Result<(), AppError> {
    use crate::identity::{Access, Caller, guard};
    use crate::requests::store::{Acting, act};
    let caller = guard(Access::Staff(CASE_ROLES)).await?;
    let page = format!("/staff/requests/{}", receipt.chars().filter(|c| c.is_ascii_digit() || *c == '-').collect::<String>());
    let result = async {
        let Caller::Staff { staff_id, roles } = caller else { return Err(AppError::Forbidden) };
        let action = Action::from_code(&action).filter(|a| STAFF_STEPS.contains(a)).ok_or(AppError::BadRequest)?;
        let state = crate::state::app_state()?;
        act(&state, &crate::records::request_meta(), &Acting::Staff { staff_id, roles }, &receipt, action, &message, &[], version.parse().ok())
            .await?;
        Ok(page.clone())
    }
    .await;
    crate::form::respond(result, &page)
}

#[component]
pub fn StaffRequestsPage() -> impl IntoView {
    let (t, lang) = (rq_text(), use_lang());
    let data = page_resource(|| (), |_| staff_requests());
    view! {
        <Title text="お申し出（職員）"/>
        <h1>"お申し出"</h1>
        <Suspense fallback=move || view! { <p role="status">{id_text().loading}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => page_error(e, "/staff/requests"),
                    Ok(lines) => view! {
                        <table class="table">
                            <thead><tr><th>{t.receipt}</th><th>"種類"</th><th>{t.status}</th><th>{t.about}</th><th>{t.due}</th></tr></thead>
                            <tbody>
                                {lines.into_iter().map(|l| view! {
                                    <tr data-receipt=l.receipt.clone()>
                                        <td><a href=format!("/staff/requests/{}", l.receipt)>{l.receipt.clone()}</a></td>
                                        <td>{type_name(l.request_type, lang)}</td>
                                        <td>{stage_name(l.stage, lang)}</td>
                                        <td>{format!("{}（{}）", l.subject_name, capacity_name(l.capacity, lang))}</td>
                                        <td>{l.deadline.map(|d| deadline_text(&d, t)).unwrap_or_default()}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn StaffRequestPage() -> impl IntoView {
    let (t, lang) = (rq_text(), use_lang());
    let params = use_params_map();
    let receipt = move || params.with(|p| p.get("receipt").unwrap_or_default());
    let data = page_resource(receipt, staff_request);
    let feedback = use_feedback();
    view! {
        <Title text="お申し出（職員）"/>
        <FormError feedback/>
        <Suspense fallback=move || view! { <p role="status">{id_text().loading}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => page_error(e, "/staff/requests"),
                    Ok((v, steps)) => view! {
                        <h1>{format!("{} {}", v.line.receipt, type_name(v.line.request_type, lang))}</h1>
                        <p><strong class="stage">{stage_name(v.line.stage, lang)}</strong>" "
                            {v.line.deadline.map(|d| deadline_text(&d, t)).unwrap_or_default()}</p>
                        <ol class="timeline">
                            {v.timeline.iter().map(|e| view! {
                                <li>{format!("{} {} {}", e.at, if e.by_member { t.by_you } else { t.by_society }, action_name(e.action, lang))}
                                    {e.message.clone().map(|m| view! { <p class="pre">{m}</p> })}
                                    <ul class="files">{e.attachments.iter().map(|a| view! {
                                        <li><a href=format!("/staff/requests/{}/files/{}", v.line.receipt, a.id)>{a.file_name.clone()}</a></li>
                                    }).collect_view()}</ul>
                                </li>
                            }).collect_view()}
                        </ol>
                        {(!steps.is_empty()).then(|| view! {
                            <form method="post" action=StaffAct::url() class="form">
                                <input type="hidden" name="receipt" value=v.line.receipt.clone()/>
                                <input type="hidden" name="version" value=v.version.to_string()/>
                                <div class="field">
                                    <label for="f-action">"操作"</label>
                                    <select id="f-action" name="action">
                                        {steps.iter().map(|a| view! { <option value=a.code()>{action_name(*a, lang)}</option> }).collect_view()}
                                    </select>
                                </div>
                                <div class="field">
                                    <label for="f-message">"本人へのメッセージ・理由"</label>
                                    <textarea id="f-message" name="message" rows="4" maxlength="4000"></textarea>
                                </div>
                                <button type="submit" class="button">"実行する"</button>
                            </form>
                        })}
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}
