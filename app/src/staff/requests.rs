//! The staff side of requests (業務課): the queue with filters, one request with every
//! step staff take — accept or return documents, 補正依頼, messages, internal notes,
//! assignment and priority, the subject's held data (each view audited), the decision with
//! its legal ground and reason, the 責任者's approval — and the decision letter.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos::server_fn::codec::GetUrl;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

use kit::page_data;
use kit::error::AppError;
use kit::form::{Feedback, FormError, use_feedback};
use kit::i18n::{Lang, use_lang};
use kit::texts::id_text;
#[cfg(feature = "ssr")]
use kit::access::StaffRole;
use kit::page::page_error;
use crate::requests::RequestView;
use crate::requests::decision::{DecisionState, LegalGround, Outcome, Priority};
use crate::requests::lifecycle::{Action, Status};
use crate::requests::texts::{action_name, capacity_name, legal_ground_name, outcome_name, rq_text, stage_name, type_name};
use kit::rights::RequestType;
use crate::requests::views::{deadline_text, decision_view, letter_view, urgency_class};
use kit::page::problem_view;
use crate::staff::queue::{QueuePage, QueueParams};

pub use crate::requests::{CASE_ROLES, READ_ROLES};

/// The simple steps of the step form (decisions, approval and assignment have their own).
pub const STAFF_STEPS: [Action; 6] =
    [Action::StartReview, Action::AcceptDocuments, Action::RejectDocuments, Action::AskMember, Action::Message, Action::Note];

/// Everything the staff request page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffCase {
    pub view: RequestView,
    pub steps: Vec<Action>,
    /// The outcomes (with their grounds) this person may decide now; empty if none.
    pub outcomes: Vec<(Outcome, Vec<LegalGround>)>,
    /// A pending decision this person may approve (not their own).
    pub can_approve: bool,
    /// A pending decision is this person's own (the page says why they cannot approve).
    pub own_pending: bool,
    pub can_assign: bool,
    pub assignee: Option<i64>,
    pub importance: Priority,
    pub urgency: Priority,
    /// (id, "staff number name") of those who work on requests.
    pub colleagues: Vec<(i64, String)>,
    /// The fee published for this request, in yen.
    pub fee_yen: i64,
    /// How it came in, if on paper or at the counter.
    pub intake: Option<crate::requests::intake::IntakeInfo>,
}

/// The subject's held data, as the reviewer needs it to decide (each view audited).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeldData {
    pub items: Vec<(String, String)>,
}

#[server(prefix = "/api/staff", endpoint = "requests", input = GetUrl)]
pub async fn staff_requests(#[server(default)] params: QueueParams) -> Result<QueuePage, AppError> {
    use crate::identity::guard;
    use kit::access::Access;
    let caller = guard(Access::Staff(READ_ROLES)).await?;
    let query = params.parse().map_err(AppError::Invalid)?;
    crate::staff::queue::page(&crate::platform::state::app_state()?, &crate::platform::audit::request_meta(), &caller, query).await
}

#[server(prefix = "/api/staff", endpoint = "requests/one", input = GetUrl)]
pub async fn staff_request(receipt: String) -> Result<StaffCase, AppError> {
    use crate::identity::guard;
    use kit::access::{Access, Caller};
    use crate::requests::lifecycle::{Role, next};
    let caller = guard(Access::Staff(READ_ROLES)).await?;
    let state = crate::platform::state::app_state()?;
    let view = crate::requests::store::view(&state, &crate::platform::audit::request_meta(), &caller, &receipt).await?;
    let Caller::Staff { staff_id, roles } = &caller else { return Err(AppError::Forbidden) };
    let lifecycle_roles: Vec<Role> = roles.iter().filter_map(|r| Role::from_staff(*r)).collect();
    let may = |a: Action| lifecycle_roles.iter().any(|r| next(view.line.status, *r, a).is_ok());
    let steps = STAFF_STEPS.into_iter().filter(|a| may(*a)).collect();
    let outcomes = if may(Action::DecideDirectly) {
        Outcome::for_type(view.line.request_type).iter().map(|o| (*o, o.grounds(&view.details))).collect()
    } else {
        Vec::new()
    };
    let pending_by: Option<(i64,)> = sqlx::query_as(
        "SELECT d.decided_by FROM request_decisions d JOIN requests r ON r.id = d.request_id \
         WHERE r.receipt_number = $1 AND d.state = 'pending' ORDER BY d.id DESC LIMIT 1",
    )
    .bind(&view.line.receipt)
    .fetch_optional(&state.db.pool)
    .await?;
    let own_pending = pending_by.is_some_and(|p| p.0 == *staff_id);
    let can_approve = may(Action::Approve) && pending_by.is_some() && !own_pending;
    let (assignee, importance, urgency, fee_yen): (Option<i64>, String, String, i64) =
        sqlx::query_as("SELECT assignee_staff_id, importance, urgency, fee_yen FROM requests WHERE receipt_number = $1")
            .bind(&view.line.receipt)
            .fetch_one(&state.db.pool)
            .await?;
    let colleagues = crate::requests::intake::store::colleagues(&state).await?;
    let intake = crate::requests::intake::store::info(&state, &view.line.receipt).await?;
    Ok(StaffCase {
        intake,
        can_assign: may(Action::Assign),
        steps,
        outcomes,
        can_approve,
        own_pending: own_pending && view.line.status == Status::PendingApproval,
        assignee,
        importance: Priority::from_code(&importance).unwrap_or(Priority::Normal),
        urgency: Priority::from_code(&urgency).unwrap_or(Priority::Normal),
        colleagues,
        fee_yen,
        view,
    })
}

#[cfg(feature = "ssr")]
fn case_page(receipt: &str) -> String {
    format!("/staff/requests/{}", receipt.chars().filter(|c| c.is_ascii_digit() || *c == '-').take(32).collect::<String>())
}

#[server(prefix = "/api/staff", endpoint = "requests/act")]
pub async fn staff_act(receipt: String, action: String, message: String, version: String) -> Result<(), AppError> {
    use crate::identity::guard;
    use kit::access::{Access, Caller};
    use crate::requests::store::{Acting, act};
    let caller = guard(Access::Staff(CASE_ROLES)).await?;
    let page = case_page(&receipt);
    let result = async {
        let Caller::Staff { staff_id, roles } = caller else { return Err(AppError::Forbidden) };
        let action = Action::from_code(&action).filter(|a| STAFF_STEPS.contains(a)).ok_or(AppError::BadRequest)?;
        let state = crate::platform::state::app_state()?;
        act(&state, &crate::platform::audit::request_meta(), &Acting::Staff { staff_id, roles }, &receipt, action, &message, &[], version.parse().ok())
            .await?;
        Ok(page.clone())
    }
    .await;
    kit::form::respond(result, &page)
}

/// Records a decision (`outcome`, `ground`, `reason`, `corrected_value`, `fee`).
#[server(prefix = "/api/staff", endpoint = "requests/decide")]
pub async fn staff_decide(
    receipt: String,
    version: String,
    outcome: String,
    #[server(default)] ground: String,
    #[server(default)] reason: String,
    #[server(default)] corrected_value: String,
    #[server(default)] fee: String,
) -> Result<(), AppError> {
    use crate::identity::guard;
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
        ];
        let version = version.parse().map_err(|_| AppError::BadRequest)?;
        let state = crate::platform::state::app_state()?;
        let staff = crate::decisions::carry_out::Staff { staff_id, roles: &roles };
        crate::decisions::carry_out::decide(&state, &crate::platform::audit::request_meta(), &staff, &receipt, &fields, version).await?;
        Ok(page.clone())
    }
    .await;
    kit::form::respond(result, &page)
}

/// The 責任者 approves (`decision=approve`) or sends back (`decision=send_back`, with a note).
#[server(prefix = "/api/staff", endpoint = "requests/review")]
pub async fn staff_review(receipt: String, version: String, decision: String, #[server(default)] note: String) -> Result<(), AppError> {
    use crate::identity::guard;
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
        crate::decisions::carry_out::review(&state, &crate::platform::audit::request_meta(), &staff, &receipt, approve, &note, version).await?;
        Ok(page.clone())
    }
    .await;
    kit::form::respond(result, &page)
}

/// Assignment and 重要度・緊急度.
#[server(prefix = "/api/staff", endpoint = "requests/assign")]
pub async fn staff_assign(receipt: String, version: String, assignee: String, importance: String, urgency: String) -> Result<(), AppError> {
    use crate::identity::guard;
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
        crate::decisions::carry_out::assign(&state, &crate::platform::audit::request_meta(), &staff, &receipt, assignee, importance, urgency, version)
            .await?;
        Ok(page.clone())
    }
    .await;
    kit::form::respond(result, &page)
}

/// The subject's registry record, read for this request (audited with the request as purpose).
#[server(prefix = "/api/staff", endpoint = "requests/held", input = GetUrl)]
pub async fn staff_held_data(receipt: String) -> Result<HeldData, AppError> {
    use crate::identity::guard;
    use kit::access::Access;
    use crate::platform::audit::{Actor, AuditEvent, audited_read};
    let caller = guard(Access::Staff(CASE_ROLES)).await?;
    let state = crate::platform::state::app_state()?;
    let meta = crate::platform::audit::request_meta();
    // Seeing the request is the precondition (and is itself audited).
    let view = crate::requests::store::view(&state, &meta, &caller, &receipt).await?;
    let row: Option<(i64, String, String, String, String, String, String, String, String, String, Option<String>)> = sqlx::query_as(
        "SELECT m.id, m.symbol, m.number, m.branch, m.name, m.name_kana, m.birth_date, m.sex, m.postal_code, m.address, m.lost_on \
         FROM requests r JOIN members m ON m.id = r.subject_member_id WHERE r.receipt_number = $1",
    )
    .bind(&view.line.receipt)
    .fetch_optional(&state.db.pool)
    .await?;
    let Some(m) = row else { return Ok(HeldData { items: Vec::new() }) };
    let mut event = AuditEvent::new(Actor::Caller(caller), "registry.view");
    event.subject_member_id = Some(m.0);
    event.data_category = Some("registry");
    event.record_ref = Some(format!("members/{}", m.0));
    event.purpose = Some(view.line.receipt.clone());
    // 33条5項: for a disclosure of third-party provision records, the ledger's entries.
    let ledger = if view.line.request_type == RequestType::ThirdPartyRecordDisclosure {
        crate::ledger::ssr::entries(&state, Some(m.0)).await?
    } else {
        Vec::new()
    };
    // 35条: what earlier 利用停止等 decisions changed about this person's data.
    let restrictions: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT r.receipt_number, d.target, d.marking FROM data_restrictions d JOIN requests r ON r.id = d.request_id \
         WHERE d.member_id = $1 ORDER BY d.id",
    )
    .bind(m.0)
    .fetch_all(&state.db.pool)
    .await?;
    audited_read(&state, &meta, event, || async move {
        let mut items: Vec<(String, String)> = vec![
                ("記号・番号・枝番".into(), format!("{}・{}・{}", m.1, m.2, m.3)),
                ("氏名".into(), m.4),
                ("氏名（カナ）".into(), m.5),
                ("生年月日".into(), m.6),
                ("性別".into(), if m.7 == "male" { "男性".into() } else { "女性".into() }),
                ("郵便番号".into(), m.8),
                ("住所".into(), m.9),
                ("資格喪失日".into(), m.10.unwrap_or_else(|| "—".into())),
            ];
        items.extend(restrictions.into_iter().map(|(receipt, target, marking)| {
            ("利用停止等の措置".to_string(), format!("{target}: {}（受付番号 {receipt}）", crate::delivery::marking_words(&marking)))
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

#[server(prefix = "/api/staff", endpoint = "requests/letter", input = GetUrl)]
pub async fn staff_letter(receipt: String) -> Result<crate::requests::Letter, AppError> {
    use crate::identity::guard;
    use kit::access::Access;
    let caller = guard(Access::Staff(READ_ROLES)).await?;
    crate::requests::letters::letter(&crate::platform::state::app_state()?, &crate::platform::audit::request_meta(), &caller, &receipt).await
}

fn queue_params() -> impl Fn() -> QueueParams + Copy {
    let query = use_query_map();
    move || {
        query.with(|q| QueueParams {
            r#type: q.get("type").unwrap_or_default(),
            status: q.get("status").unwrap_or_default(),
            due: q.get("due").unwrap_or_default(),
            assignee: q.get("assignee").unwrap_or_default(),
            q: q.get("q").unwrap_or_default(),
            sort: q.get("sort").unwrap_or_default(),
            page: q.get("page").unwrap_or_default(),
        })
    }
}

fn priority_name(p: Priority, lang: Lang) -> &'static str {
    match (p, lang) {
        (Priority::High, Lang::Ja) => "高",
        (Priority::Normal, Lang::Ja) => "中",
        (Priority::Low, Lang::Ja) => "低",
        (Priority::High, Lang::En) => "High",
        (Priority::Normal, Lang::En) => "Normal",
        (Priority::Low, Lang::En) => "Low",
    }
}

/// A `<select>` of the queue filter, keeping the current value.
fn filter_select(name: &'static str, label: &'static str, current: String, options: Vec<(String, String)>, feedback: Signal<Feedback>) -> impl IntoView {
    let id = format!("q-{name}");
    view! {
        <div class="field field--inline">
            <label for=id.clone()>{label}</label>
            {problem_view(feedback, name)}
            <select id=id name=name>
                {options.into_iter().map(|(v, text)| {
                    let selected = v == current;
                    view! { <option value=v selected=selected>{text}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

#[component]
pub fn StaffRequestsPage() -> impl IntoView {
    let (t, lang) = (rq_text(), use_lang());
    let params = queue_params();
    let data = page_data::load(params, staff_requests);
    let ja = lang == Lang::Ja;
    view! {
        <Title text="お申し出（職員）"/>
        <h1>{if ja { "お申し出の一覧" } else { "Requests" }}</h1>
        {Suspend::new(async move {
            let p = params();
            let (page, feedback) = match data.await {
                Ok(page) => (Some(page), Feedback::default()),
                Err(AppError::Invalid(fields)) => (None, Feedback { fields, error: None }),
                Err(e) => return page_error(e, "/staff/requests"),
            };
            let feedback = Signal::stored(feedback);
            let mut types = vec![(String::new(), if ja { "すべて" } else { "All" }.to_string())];
            types.extend(RequestType::ALL.iter().map(|t| (t.code().to_string(), type_name(*t, lang).to_string())));
            let mut statuses = vec![
                ("open".to_string(), if ja { "対応中（未通知）" } else { "Open" }.to_string()),
                ("all".to_string(), if ja { "すべて" } else { "All" }.to_string()),
            ];
            statuses.extend(Status::ALL.iter().map(|s| (s.code().to_string(), format!("{} ({})", stage_name(s.stage(), lang), s.code()))));
            let opts = |pairs: &[(&str, &str, &str)]| pairs.iter().map(|(v, j, e)| (v.to_string(), if ja { j } else { e }.to_string())).collect::<Vec<_>>();
            view! {
                <FormError feedback/>
                <form method="get" action="/staff/requests" class="form filters" role="search">
                    {filter_select("type", if ja { "種類" } else { "Type" }, p.r#type.clone(), types, feedback)}
                    {filter_select("status", t.status, if p.status.is_empty() { "open".into() } else { p.status.clone() }, statuses, feedback)}
                    {filter_select("due", t.due, p.due.clone(), opts(&[("", "すべて", "All"), ("soon", "5営業日未満・期限超過", "Under 5 business days or overdue"), ("overdue", "期限超過", "Overdue")]), feedback)}
                    {filter_select("assignee", if ja { "担当" } else { "Assignee" }, p.assignee.clone(), opts(&[("", "すべて", "All"), ("me", "自分", "Me"), ("nobody", "未割当", "Unassigned")]), feedback)}
                    {filter_select("sort", if ja { "並び順" } else { "Sort" }, p.sort.clone(), opts(&[("due", "回答期限の近い順", "Due date"), ("received", "新しい順", "Newest"), ("priority", "重要度・緊急度順", "Priority")]), feedback)}
                    <div class="field field--inline">
                        <label for="q-q">{if ja { "検索（受付番号・氏名）" } else { "Search (receipt number or name)" }}</label>
                        {problem_view(feedback, "q")}
                        <input id="q-q" name="q" type="search" maxlength="40" value=p.q.clone()/>
                    </div>
                    {problem_view(feedback, "page")}
                    <button type="submit" class="button">{if ja { "絞り込む" } else { "Filter" }}</button>
                </form>
                {page.map(|page| queue_table(page, lang))}
            }.into_any()
        })}
    }
}

fn queue_table(page: QueuePage, lang: Lang) -> impl IntoView {
    let t = rq_text();
    let ja = lang == Lang::Ja;
    let query = page.query.clone();
    let link = move |n: i64| format!("/staff/requests?{}", query.to_params(n));
    let (current, pages) = (page.query.page, page.pages);
    view! {
        <p role="status" class="queue__count">{match (ja, page.total_capped) {
            (true, false) => format!("{}件（{}/{}ページ）", page.total, current, pages),
            (true, true) => format!("{}件以上（{}ページ目）。条件で絞り込んでください。", page.total, current),
            (false, false) => format!("{} requests (page {current} of {pages})", page.total),
            (false, true) => format!("More than {} requests (page {current}). Narrow the filter.", page.total),
        }}</p>
        {page.can_export.then(|| view! {
            <p><a class="button button--secondary" href=format!("/staff/requests.csv?{}", page.query.to_params(1))>{if ja { "この条件でCSVを出力（記録されます）" } else { "Export this filter as CSV (recorded)" }}</a></p>
        })}
        <div class="table-wrap">
            <table class="table queue">
                <thead><tr>
                    <th scope="col">{t.receipt}</th><th scope="col">{if ja { "種類" } else { "Type" }}</th><th scope="col">{t.about}</th>
                    <th scope="col">{t.status}</th><th scope="col">{if ja { "担当" } else { "Assignee" }}</th>
                    <th scope="col">{if ja { "重要度・緊急度" } else { "Priority" }}</th><th scope="col">{t.due}</th>
                </tr></thead>
                <tbody>
                    {page.lines.into_iter().map(|q| {
                        let l = q.line;
                        let due_class = l.deadline.map(|d| urgency_class(&d));
                        view! {
                            <tr data-receipt=l.receipt.clone() data-status=l.status.code()>
                                <td><a href=format!("/staff/requests/{}", l.receipt)>{l.receipt.clone()}</a><br/><small>{q.received_on.clone()}</small></td>
                                <td>{type_name(l.request_type, lang)}</td>
                                <td>{format!("{}（{}）", l.subject_name, capacity_name(l.capacity, lang))}</td>
                                <td>{stage_name(l.stage, lang)}</td>
                                <td>{q.assignee.clone().unwrap_or_else(|| "—".into())}</td>
                                <td>{format!("{}・{}", priority_name(q.importance, lang), priority_name(q.urgency, lang))}</td>
                                <td class=due_class.unwrap_or("due")>{l.deadline.map(|d| deadline_text(&d, t)).unwrap_or_default()}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        {kit::page::pager(
            (current > 1).then(|| link(current - 1)),
            (current < pages).then(|| link(current + 1)),
            if ja { ("前へ", "次へ") } else { ("Previous", "Next") },
            lang,
        )}
    }
}

#[component]
pub fn StaffRequestPage() -> impl IntoView {
    let (t, lang) = (rq_text(), use_lang());
    let params = use_params_map();
    let query = use_query_map();
    let receipt = move || params.with(|p| p.get("receipt").unwrap_or_default());
    let show_held = move || query.with(|q| q.get("held").is_some());
    let data = page_data::load(receipt, staff_request);
    let held = page_data::load(move || (receipt(), show_held()), |(r, show)| async move {
        if show { staff_held_data(r).await.map(Some) } else { Ok(None) }
    });
    let feedback = use_feedback();
    let ja = lang == Lang::Ja;
    view! {
        <Title text="お申し出（職員）"/>
        <FormError feedback/>
        {move || query.with(|q| q.get("entered").is_some()).then(|| view! {
            <div class="notice notice--ok" role="status"><p>{if ja { "受け付けました。期限は届いた日から数えています。" } else { "Entered. The deadline counts from the day it arrived." }}</p></div>
        })}
        {Suspend::new(async move {
            let held = held.await;
            match data.await {
                Err(e) => page_error(e, "/staff/requests"),
                Ok(c) => {
                    let v = c.view.clone();
                    let receipt = v.line.receipt.clone();
                    let version = v.version.to_string();
                    view! {
                        <h1>{format!("{} {}", receipt, type_name(v.line.request_type, lang))}</h1>
                        <p><strong class="stage" data-status=v.line.status.code()>{stage_name(v.line.stage, lang)}</strong>" "
                            {v.line.deadline.map(|d| deadline_text(&d, t)).unwrap_or_default()}</p>
                        <p>{format!("{}: {}（{}）", t.about, v.line.subject_name, capacity_name(v.line.capacity, lang))}</p>
                        {c.intake.clone().map(|i| crate::requests::intake::intake_card(i, lang))}
                        <section class="card" aria-labelledby="asked">
                            <h2 id="asked">{if ja { "お申し出の内容" } else { "What was asked" }}</h2>
                            <pre class="pre">{details_text(&v)}</pre>
                        </section>
                        {crate::delivery::packaged(v.line.request_type).then(|| view! {
                            <section class="card" aria-labelledby="package-link">
                                <h2 id="package-link">{if ja { "開示資料（開示パッケージ）" } else { "Disclosure package" }}</h2>
                                <p>{if ja { "開示する資料を作成し、開示しない項目を根拠とともに選びます。開示の決定の前に作成してください。" } else { "Assemble what will be disclosed and choose, with its ground, what is withheld. Do this before deciding." }}</p>
                                <p><a class="button button--secondary" href=format!("/staff/requests/{receipt}/package")>{if ja { "開示資料を開く" } else { "Open the package" }}</a></p>
                            </section>
                        })}
                        <section class="card" aria-labelledby="held">
                            <h2 id="held">{if ja { "対象者の保有個人データ" } else { "The subject's held data" }}</h2>
                            {match held {
                                Ok(Some(h)) => view! {
                                    <dl class="facts held">{h.items.into_iter().map(|(k, val)| view! { <div><dt>{k}</dt><dd>{val}</dd></div> }).collect_view()}</dl>
                                }.into_any(),
                                Ok(None) => view! {
                                    <p><a class="button button--secondary" href=format!("/staff/requests/{receipt}?held=1")>{if ja { "保有個人データを表示する（閲覧は記録されます）" } else { "Show held data (the view is recorded)" }}</a></p>
                                }.into_any(),
                                Err(e) => view! { <p class="notice notice--error">{e.message(kit::i18n::t())}</p> }.into_any(),
                            }}
                        </section>
                        {v.decision.as_ref().map(|d| view! {
                            {decision_view(d, format!("/staff/requests/{receipt}/letter"), lang)}
                            <p class="decision__by">{format!("{}: {}{}", if ja { "決定者" } else { "Decided by" }, d.decided_by.clone().unwrap_or_default(),
                                d.approved_by.clone().map(|a| format!(" / {}: {a}", if ja { "承認者" } else { "Approved by" })).unwrap_or_default())}
                                " "{decision_state_name(d.state, lang)}</p>
                        })}
                        {c.can_approve.then(|| review_form(&receipt, &version, feedback, lang))}
                        {c.own_pending.then(|| view! { <p class="notice" role="note">{id_text().p_own_decision}</p> })}
                        {(!c.outcomes.is_empty()).then(|| decide_form(&c, feedback, lang))}
                        {(!c.steps.is_empty()).then(|| view! {
                            <form method="post" action=StaffAct::url() class="form card">
                                <h2>{if ja { "手続の操作・連絡" } else { "Steps and messages" }}</h2>
                                <input type="hidden" name="receipt" value=receipt.clone()/>
                                <input type="hidden" name="version" value=version.clone()/>
                                <div class="field">
                                    <label for="f-action">{if ja { "操作" } else { "Step" }}</label>
                                    <select id="f-action" name="action">
                                        {c.steps.iter().map(|a| view! { <option value=a.code()>{action_name(*a, lang)}</option> }).collect_view()}
                                    </select>
                                </div>
                                <div class="field">
                                    <label for="f-message">{if ja { "本人へのメッセージ・理由（内部メモは本人に表示されません）" } else { "Message or reason (internal notes are never shown to the member)" }}</label>
                                    {problem_view(feedback, "message")}
                                    <textarea id="f-message" name="message" rows="4" maxlength="4000"></textarea>
                                </div>
                                <button type="submit" class="button">{if ja { "実行する" } else { "Do it" }}</button>
                            </form>
                        })}
                        {c.can_assign.then(|| assign_form(&c, feedback, lang))}
                        <section class="card" aria-labelledby="timeline">
                            <h2 id="timeline">{t.timeline}</h2>
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
                        </section>
                    }.into_any()
                }
            }
        })}
    }
}

fn decision_state_name(s: DecisionState, lang: Lang) -> &'static str {
    let ja = lang == Lang::Ja;
    match s {
        DecisionState::Pending => if ja { "（責任者の承認待ち）" } else { "(awaiting approval)" },
        DecisionState::Approved => if ja { "（承認済）" } else { "(approved)" },
        DecisionState::Final => if ja { "（承認不要の決定）" } else { "(needed no approval)" },
        DecisionState::SentBack => if ja { "（差戻し）" } else { "(sent back)" },
    }
}

/// What was asked, as plain text for the reviewer.
fn details_text(v: &RequestView) -> String {
    use crate::requests::draft::Details;
    match &v.details {
        Details::PurposeNotice { note, .. } => format!("対象: {}\n{note}", v.category_names.join("、")),
        Details::Disclosure { receipts, checkups, note, .. } => format!(
            "対象: {}\nレセプト: {}\n健診: {}\n方法: {}\n{note}",
            v.category_names.join("、"),
            receipts.as_ref().map(|p| format!("{}〜{}", p.from, p.to)).unwrap_or_else(|| "—".into()),
            checkups.as_ref().map(|p| format!("{}〜{}", p.from, p.to)).unwrap_or_else(|| "—".into()),
            v.method_name.clone().unwrap_or_default()
        ),
        Details::ThirdPartyRecords { period, .. } => format!(
            "期間: {}\n方法: {}",
            period.as_ref().map(|p| format!("{}〜{}", p.from, p.to)).unwrap_or_else(|| "—".into()),
            v.method_name.clone().unwrap_or_default()
        ),
        Details::Correction { item_label, current, requested, reason, .. } => {
            format!("項目: {item_label}\n現在の内容: {current}\n求める内容: {requested}\n理由: {reason}")
        }
        Details::Suspension { target, ground, explanation, .. } => {
            format!("対象: {target}\n理由: {}（{}）\n{explanation}", ground.code(), ground.article())
        }
        Details::Complaint { body } => body.clone(),
    }
}

fn decide_form(c: &StaffCase, feedback: Signal<Feedback>, lang: Lang) -> impl IntoView {
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

fn review_form(receipt: &str, version: &str, feedback: Signal<Feedback>, lang: Lang) -> impl IntoView {
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

fn assign_form(c: &StaffCase, feedback: Signal<Feedback>, lang: Lang) -> impl IntoView {
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

/// `/staff/requests/:receipt/letter`: the letter as it will reach (or reached) the member.
#[component]
pub fn StaffLetterPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let receipt = move || params.with(|p| p.get("receipt").unwrap_or_default());
    let data = page_data::load(receipt, staff_letter);
    view! {
        <Title text="決定通知書"/>
        {Suspend::new(async move {
            match data.await {
                Err(e) => page_error(e, "/staff/requests"),
                Ok(l) => letter_view(l, lang).into_any(),
            }
        })}
    }
}
