//! The endpoints of the staff request pages: the queue, one request, its steps, decision,
//! approval and assignment, and the subject's held data (each read audited).

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use super::{HeldData, StaffCase};
use crate::staff::queue::{QueuePage, QueueParams};
use kit::error::AppError;

#[server(prefix = "/api/staff", endpoint = "requests", input = GetUrl)]
pub async fn staff_requests(#[server(default)] params: QueueParams) -> Result<QueuePage, AppError> {
    use crate::staff::requests::READ_ROLES;
    use crate::identity::store::guard;
    use kit::access::Access;
    let caller = guard(Access::Staff(READ_ROLES)).await?;
    let query = params.parse().map_err(AppError::Invalid)?;
    crate::staff::queue::store::page(&crate::platform::state::app_state()?, &crate::platform::audit::store::request_meta(), &caller, query).await
}

#[server(prefix = "/api/staff", endpoint = "requests/one", input = GetUrl)]
pub async fn staff_request(receipt: String) -> Result<StaffCase, AppError> {
    use crate::requests::{decision::{Outcome, Priority}, lifecycle::{Action, Status}};
    use crate::staff::requests::{READ_ROLES, STAFF_STEPS, store::Handling};
    use crate::identity::store::guard;
    use kit::access::{Access, Caller};
    use crate::requests::lifecycle::{Role, next};
    let caller = guard(Access::Staff(READ_ROLES)).await?;
    let state = crate::platform::state::app_state()?;
    let view = crate::requests::store::view(&state, &crate::platform::audit::store::request_meta(), &caller, &receipt).await?;
    let Caller::Staff { staff_id, roles } = &caller else { return Err(AppError::Forbidden) };
    let lifecycle_roles: Vec<Role> = roles.iter().filter_map(|r| Role::from_staff(*r)).collect();
    let may = |a: Action| lifecycle_roles.iter().any(|r| next(view.line.status, *r, a).is_ok());
    let steps: Vec<Action> = STAFF_STEPS.into_iter().filter(|a| may(*a)).collect();
    let outcomes = if may(Action::DecideDirectly) {
        Outcome::for_type(view.line.request_type).iter().map(|o| (*o, o.grounds(&view.details))).collect()
    } else if may(Action::Dismiss) {
        // Before the review (an agent's documents awaited, a 補正 unanswered) only a 却下.
        vec![(Outcome::Dismissed, Outcome::Dismissed.grounds(&view.details))]
    } else {
        Vec::new()
    };
    let pending_by: Option<i64> = sqlx::query_scalar(
        "SELECT d.decided_by FROM request_decisions d JOIN requests r ON r.id = d.request_id \
         WHERE r.receipt_number = $1 AND d.state = 'pending' ORDER BY d.id DESC LIMIT 1",
    )
    .bind(&view.line.receipt)
    .fetch_optional(&state.db.pool)
    .await?;
    let own_pending = pending_by.is_some_and(|by| by == *staff_id);
    let can_approve = (may(Action::Approve) || may(Action::Reject)) && pending_by.is_some() && !own_pending;
    let handling: Handling =
        sqlx::query_as("SELECT assignee_staff_id, importance, urgency, fee_yen FROM requests WHERE receipt_number = $1")
            .bind(&view.line.receipt)
            .fetch_one(&state.db.pool)
            .await?;
    let Handling { assignee_staff_id: assignee, importance, urgency, fee_yen } = handling;
    let colleagues = crate::requests::intake::store::colleagues(&state).await?;
    let intake = crate::requests::intake::store::info(&state, &view.line.receipt).await?;
    let escalation = crate::requests::store::escalation_of(&state, &view.line.receipt).await?;
    let can_acknowledge = escalation.as_ref().is_some_and(|e| e.acknowledged.is_none())
        && roles.contains(&kit::access::StaffRole::Approver);
    // 文例 are offered where a text goes to the requester. Their values are in Japanese, as
    // the 文例 themselves: the message is for the member.
    let templates = if steps.iter().any(|a| matches!(a, Action::AskMember | Action::RejectDocuments | Action::Message)) {
        let kind = crate::requests::texts::RqText::of(kit::i18n::Lang::Ja).type_name(view.line.request_type);
        crate::staff::templates::store::for_case(&state, &view.line.receipt, kind, *staff_id, kit::i18n::Lang::Ja).await?
    } else {
        Default::default()
    };
    Ok(StaffCase {
        templates,
        intake,
        escalation,
        can_acknowledge,
        can_assign: may(Action::Assign),
        steps,
        outcomes,
        can_approve,
        own_pending: own_pending && matches!(view.line.status, Status::PendingApproval | Status::PendingDismissal),
        assignee,
        importance: Priority::from_code(&importance).unwrap_or(Priority::Normal),
        urgency: Priority::from_code(&urgency).unwrap_or(Priority::Normal),
        colleagues,
        fee_yen,
        today: kit::time::tokyo_date(state.clock.now()).to_string(),
        fee_roles: (
            roles.iter().any(|r| super::fee::PAYMENT_ROLES.contains(r)),
            roles.iter().any(|r| super::fee::WAIVER_ROLES.contains(r)),
        ),
        view,
    })
}

/// A 責任者 records having seen a complaint that was sent to them at once.
#[server(prefix = "/api/staff", endpoint = "requests/acknowledge")]
pub async fn staff_acknowledge(receipt: String) -> Result<(), AppError> {
    use crate::identity::store::guard;
    use crate::staff::requests::store::case_page;
    use kit::access::{Access, StaffRole};
    let caller = guard(Access::Staff(&[StaffRole::Approver])).await?;
    let page = case_page(&receipt);
    let result = async {
        let state = crate::platform::state::app_state()?;
        crate::requests::store::acknowledge(&state, &crate::platform::audit::store::request_meta(), &caller, &receipt).await?;
        Ok(page.clone())
    }
    .await;
    kit::form::respond(result, &page)
}

#[server(prefix = "/api/staff", endpoint = "requests/act")]
pub async fn staff_act(receipt: String, action: String, message: String, version: String) -> Result<(), AppError> {
    use crate::requests::lifecycle::Action;
    use crate::staff::requests::{CASE_ROLES, STAFF_STEPS, store::case_page};
    use crate::identity::store::guard;
    use kit::access::{Access, Caller};
    use crate::requests::store::{Acting, act};
    let caller = guard(Access::Staff(CASE_ROLES)).await?;
    let page = case_page(&receipt);
    let result = async {
        let Caller::Staff { staff_id, roles } = caller else { return Err(AppError::Forbidden) };
        let action = Action::from_code(&action).filter(|a| STAFF_STEPS.contains(a)).ok_or(AppError::BadRequest)?;
        let state = crate::platform::state::app_state()?;
        act(&state, &crate::platform::audit::store::request_meta(), &Acting::Staff { staff_id, roles }, &receipt, action, &message, &[], version.parse().ok())
            .await?;
        Ok(page.clone())
    }
    .await;
    kit::form::respond(result, &page)
}

/// The kinds of data a 利用停止・消去 carried out applies to: one checkbox each
/// (`scope[notice_lines]=1` …), as a form posts them without JavaScript.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct ScopeTicks {
    #[serde(default)]
    pub notice_lines: String,
    #[serde(default)]
    pub documents: String,
    #[serde(default)]
    pub packages: String,
    #[serde(default)]
    pub provision_ledger: String,
}

/// Records a decision (`outcome`, `ground`, `reason`, `corrected_value`, `fee`; for a
/// 利用停止等 carried out, the `scope[…]` kinds of data or the `recipient`).
#[server(prefix = "/api/staff", endpoint = "requests/decide")]
pub async fn staff_decide(
    receipt: String,
    version: String,
    outcome: String,
    #[server(default)] ground: String,
    #[server(default)] reason: String,
    #[server(default)] corrected_value: String,
    #[server(default)] fee: String,
    #[server(default)] scope: ScopeTicks,
    #[server(default)] recipient: String,
) -> Result<(), AppError> {
    use crate::staff::requests::{CASE_ROLES, store::case_page};
    use crate::identity::store::guard;
    use kit::access::{Access, Caller};
    let caller = guard(Access::Staff(CASE_ROLES)).await?;
    let page = case_page(&receipt);
    let result = async {
        let Caller::Staff { staff_id, roles } = caller else { return Err(AppError::Forbidden) };
        let fields = vec![
            ("outcome".to_string(), outcome),
            ("ground".to_string(), ground),
            ("reason".to_string(), reason),
            ("corrected_value".to_string(), corrected_value),
            ("fee".to_string(), fee),
            ("recipient".to_string(), recipient),
        ];
        // 利用停止・消去: the kinds of data named, one checkbox each.
        let mut fields = fields;
        for (code, ticked) in [
            ("notice_lines", scope.notice_lines),
            ("documents", scope.documents),
            ("packages", scope.packages),
            ("provision_ledger", scope.provision_ledger),
        ] {
            if !ticked.is_empty() {
                fields.push(("scope".to_string(), code.to_string()));
            }
        }
        let version = version.parse().map_err(|_| AppError::BadRequest)?;
        let state = crate::platform::state::app_state()?;
        let staff = crate::decisions::carry_out::Staff { staff_id, roles: &roles };
        crate::decisions::carry_out::decide(&state, &crate::platform::audit::store::request_meta(), &staff, &receipt, &fields, version).await?;
        Ok(page.clone())
    }
    .await;
    kit::form::respond(result, &page)
}

/// The 責任者 approves (`decision=approve`) or sends back (`decision=send_back`, with a note).
#[server(prefix = "/api/staff", endpoint = "requests/review")]
pub async fn staff_review(receipt: String, version: String, decision: String, #[server(default)] note: String) -> Result<(), AppError> {
    use crate::staff::requests::store::case_page;
    use kit::access::StaffRole;
    use crate::identity::store::guard;
    use kit::access::{Access, Caller};
    let caller = guard(Access::Staff(&[StaffRole::Approver])).await?;
    let page = case_page(&receipt);
    let result = async {
        let Caller::Staff { staff_id, roles } = caller else { return Err(AppError::Forbidden) };
        let approve = match decision.as_str() {
            "approve" => true,
            "send_back" => false,
            _ => return Err(AppError::BadRequest),
        };
        let version = version.parse().map_err(|_| AppError::BadRequest)?;
        let state = crate::platform::state::app_state()?;
        let staff = crate::decisions::carry_out::Staff { staff_id, roles: &roles };
        crate::decisions::carry_out::review(&state, &crate::platform::audit::store::request_meta(), &staff, &receipt, approve, &note, version).await?;
        Ok(page.clone())
    }
    .await;
    kit::form::respond(result, &page)
}

/// Assignment and 重要度・緊急度; taking a request away from its assignee needs a `reassign_reason`.
#[server(prefix = "/api/staff", endpoint = "requests/assign")]
pub async fn staff_assign(
    receipt: String,
    version: String,
    assignee: String,
    importance: String,
    urgency: String,
    #[server(default)] reassign_reason: String,
) -> Result<(), AppError> {
    use crate::requests::decision::Priority;
    use crate::staff::requests::{CASE_ROLES, store::case_page};
    use crate::identity::store::guard;
    use kit::access::{Access, Caller};
    let caller = guard(Access::Staff(CASE_ROLES)).await?;
    let page = case_page(&receipt);
    let result = async {
        let Caller::Staff { staff_id, roles } = caller else { return Err(AppError::Forbidden) };
        let assignee = match assignee.as_str() {
            "" => None,
            id => Some(id.parse::<i64>().map_err(|_| AppError::Invalid(vec![kit::form::FieldError::new("assignee", kit::form::Problem::Choice)]))?),
        };
        let priority = |field: &str, v: &str| {
            Priority::from_code(v).ok_or_else(|| AppError::Invalid(vec![kit::form::FieldError::new(field, kit::form::Problem::Choice)]))
        };
        let (importance, urgency) = (priority("importance", &importance)?, priority("urgency", &urgency)?);
        let version = version.parse().map_err(|_| AppError::BadRequest)?;
        let state = crate::platform::state::app_state()?;
        let staff = crate::decisions::carry_out::Staff { staff_id, roles: &roles };
        crate::decisions::assignment::assign(&state, &crate::platform::audit::store::request_meta(), &staff, &receipt, assignee, importance, urgency, &reassign_reason, version)
            .await?;
        Ok(page.clone())
    }
    .await;
    kit::form::respond(result, &page)
}

/// Several requests from the queue given to one colleague, or to nobody (each ticked box
/// posts `pick[r受付番号]=1`: a key of digits first would be read as a list index), their 重要度・緊急度 kept; all or none are saved. Back to the
/// queue as it was filtered (`back`), told how many.
#[server(prefix = "/api/staff", endpoint = "requests/assign-many")]
pub async fn staff_assign_many(
    #[server(default)] pick: std::collections::HashMap<String, String>,
    assignee: String,
    #[server(default)] reassign_reason: String,
    #[server(default)] back: String,
) -> Result<(), AppError> {
    use crate::staff::requests::CASE_ROLES;
    use crate::identity::store::guard;
    use kit::access::{Access, Caller};
    let caller = guard(Access::Staff(CASE_ROLES)).await?;
    let queue = kit::page::safe_return_path(&back);
    let queue = if queue.starts_with("/staff/requests?") || queue == "/staff/requests" { queue.to_string() } else { "/staff/requests".to_string() };
    let result = async {
        let Caller::Staff { staff_id, roles } = caller else { return Err(AppError::Forbidden) };
        let assignee = match assignee.as_str() {
            "" => None,
            id => Some(id.parse::<i64>().map_err(|_| AppError::Invalid(vec![kit::form::FieldError::new("assignee", kit::form::Problem::Choice)]))?),
        };
        let mut receipts: Vec<String> =
            pick.into_iter().filter(|(_, ticked)| ticked == "1").filter_map(|(key, _)| key.strip_prefix('r').map(str::to_string)).collect();
        receipts.sort();
        let state = crate::platform::state::app_state()?;
        let staff = crate::decisions::carry_out::Staff { staff_id, roles: &roles };
        let n = crate::decisions::assignment::assign_many(&state, &crate::platform::audit::store::request_meta(), &staff, &receipts, assignee, &reassign_reason)
            .await?;
        let join = if queue.contains('?') { '&' } else { '?' };
        Ok(format!("{queue}{join}assigned={n}"))
    }
    .await;
    kit::form::respond(result, &queue)
}

/// The subject's registry record, read for this request (audited with the request as purpose).
#[server(prefix = "/api/staff", endpoint = "requests/held", input = GetUrl)]
pub async fn staff_held_data(receipt: String) -> Result<HeldData, AppError> {
    use crate::staff::requests::{CASE_ROLES, store::RestrictionRow};
    use kit::rights::RequestType;
    use crate::identity::store::guard;
    use kit::access::Access;
    use crate::platform::audit::{Action as AuditAction, AuditEvent, DataCategory};
    use crate::platform::audit::store::audited_read;
    let caller = guard(Access::Staff(CASE_ROLES)).await?;
    let state = crate::platform::state::app_state()?;
    let meta = crate::platform::audit::store::request_meta();
    // Seeing the request is the precondition (and is itself audited).
    let view = crate::requests::store::view(&state, &meta, &caller, &receipt).await?;
    let row: Option<crate::registry::store::Held> = sqlx::query_as(&format!(
        "SELECT {} FROM requests r JOIN members m ON m.id = r.subject_member_id WHERE r.receipt_number = $1",
        crate::registry::store::HELD_COLUMNS
    ))
    .bind(&view.line.receipt)
    .fetch_optional(&state.db.pool)
    .await?;
    let Some(m) = row else { return Ok(HeldData { items: Vec::new() }) };
    let event = AuditEvent::by(caller, AuditAction::RegistryView)
        .about(m.id)
        .data(DataCategory::Registry)
        .record(format!("members/{}", m.id))
        .purpose(view.line.receipt.clone());
    // 33条5項: for a disclosure of third-party provision records, the ledger's entries.
    let ledger = if view.line.request_type == RequestType::ThirdPartyRecordDisclosure {
        crate::ledger::store::entries(&state, Some(m.id)).await?
    } else {
        Vec::new()
    };
    // 35条: what earlier 利用停止等 decisions changed about this person's data.
    let restrictions: Vec<RestrictionRow> = sqlx::query_as(
        "SELECT d.receipt_number, COALESCE(d.recipient, d.target) AS target, d.scope, d.marking FROM data_restrictions d \
         WHERE d.member_id = $1 ORDER BY d.id",
    )
    .bind(m.id)
    .fetch_all(&state.db.pool)
    .await?;
    let sex = m.sex_words();
    audited_read(&state, &meta, event, || async move {
        let mut items: Vec<(String, String)> = vec![
                ("記号・番号・枝番".into(), format!("{}・{}・{}", m.symbol, m.number, m.branch)),
                ("氏名".into(), m.name),
                ("氏名（カナ）".into(), m.name_kana),
                ("生年月日".into(), m.birth_date),
                ("性別".into(), sex.into()),
                ("郵便番号".into(), m.postal_code),
                ("住所".into(), m.address),
                ("資格喪失日".into(), m.lost_on.unwrap_or_else(|| "—".into())),
            ];
        items.extend(restrictions.into_iter().map(|r| {
            let words = crate::delivery::texts::DeliveryFileText::of(kit::i18n::Lang::Ja).marking(&r.marking);
            let what = crate::delivery::store::scoped(&r.target, r.scope.as_deref());
            ("利用停止等の措置".to_string(), format!("{what}: {words}（受付番号 {}）", r.receipt_number))
        }));
        if view.line.request_type == RequestType::ThirdPartyRecordDisclosure {
            items.push(("第三者提供記録".into(), format!("{}件", ledger.len())));
            items.extend(ledger.into_iter().map(|p| {
                let kind = if p.direction == "received" { "受領" } else { "提供" };
                (format!("{} {kind}", p.occurred_on), format!("{}／項目: {}／根拠: {}", p.counterparty, p.items, p.basis_detail))
            }));
        }
        Ok(HeldData { items })
    })
    .await
}
