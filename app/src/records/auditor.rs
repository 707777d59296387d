//! The auditor's view (監査, read-only): search the record by actor, subject, action and
//! period; the chain's and checkpoints' verification status; the streamed CSV export
//! (served by the server crate at `/staff/audit.csv`); and the unusual-access report.
//! Every search and export is itself recorded.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos::server_fn::codec::GetUrl;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::access::{AuditLine, AuditParams, AuditorPage, ChainStatus, action_words, purpose_words};
use super::texts::RecordsText;
use crate::platform::audit::chain::ChainText;
use kit::error::AppError;
use kit::form::{Feedback, FormError, use_feedback};
use kit::i18n::{Lang, use_lang};
use kit::access::StaffRole;
use kit::page::page_error;
use kit::page_data;
use kit::page::problem_view;

/// Only the auditor reads the whole record.
pub const AUDIT_ROLES: &[StaffRole] = &[StaffRole::Auditor];

#[server(prefix = "/api/staff", endpoint = "audit", input = GetUrl)]
pub async fn audit_overview(#[server(default)] params: AuditParams) -> Result<AuditorPage, AppError> {
    let state = crate::platform::state::app_state()?;
    let caller = crate::identity::store::guard(kit::access::Access::Staff(kit::access::ANY_ROLE)).await?;
    crate::records::store::overview(&state, &crate::platform::audit::store::request_meta(), &caller, params).await
}

/// Verifies the whole chain now (against the checkpoint file, when this server keeps one)
/// and records the result; the page then shows it.
#[server(prefix = "/api/staff", endpoint = "audit/verify")]
pub async fn verify_audit_chain() -> Result<(), AppError> {
    let result = async {
        let state = crate::platform::state::app_state()?;
        let meta = crate::platform::audit::store::request_meta();
        let caller = crate::identity::store::guard(kit::access::Access::Staff(kit::access::ANY_ROLE)).await?;
        crate::records::store::audit_caller(&state, &meta, &caller, crate::platform::audit::Action::AuditVerify).await?;
        let (checkpoints, has_file) = match &state.audit_checkpoint_file {
            Some(f) => (
                crate::records::store::read_checkpoints(f).map_err(|e| AppError::internal("audit-checkpoints", &e))?,
                true,
            ),
            None => (Vec::new(), false),
        };
        let actor = crate::platform::audit::Actor::Caller(caller);
        crate::records::store::verify_recorded(&state, &meta, actor, &checkpoints, has_file).await?;
        Ok("/staff/audit?verified=1#chain".to_string())
    }
    .await;
    kit::form::respond(result, "/staff/audit")
}

fn chain_view(chain: Option<ChainStatus>, t: &'static RecordsText) -> impl IntoView {
    match chain {
        None => view! { <p>{t.chain_unverified}</p> }.into_any(),
        Some(c) => {
            let verdict = if c.ok {
                t.chain_intact.to_string()
            } else if let Some(b) = &c.broken {
                let event = b.event_id.map(|id| format!(" / event {id}")).unwrap_or_default();
                t.chain_broken(b.position, &event, b.why.label(t.lang))
            } else if let Some(id) = c.inserted {
                t.chain_inserted(id, ChainText::of(t.lang).inserted)
            } else {
                t.chain_unsealed(c.unsealed_stale)
            };
            let files = if c.checkpoint_file { t.checked_against(c.checkpoints_checked) } else { t.no_checkpoint_file.to_string() };
            view! {
                <p class=if c.ok { "notice notice--ok" } else { "notice notice--error" } data-chain=if c.ok { "ok" } else { "broken" } role="status">{verdict}</p>
                <p>{t.last_verified(&format!("{}（{}）", c.verified_at, actor_words(&c.verified_by, t.lang)), c.sealed, &files)}</p>
            }.into_any()
        }
    }
}

fn lines_table(lines: Vec<AuditLine>, lang: Lang, caption: &'static str) -> impl IntoView {
    let t = RecordsText::of(lang);
    view! {
        <div class="table-wrap">
            <table class="table audit">
                <caption class="visually-hidden">{caption}</caption>
                <thead><tr>
                    <th scope="col">{t.col_when}</th>
                    <th scope="col">{t.col_actor_roles}</th>
                    <th scope="col">{t.col_subject}</th>
                    <th scope="col">{t.col_action}</th>
                    <th scope="col">{t.col_purpose}</th>
                    <th scope="col">{t.col_outcome}</th>
                    <th scope="col">{t.col_from}</th>
                </tr></thead>
                <tbody>
                    {lines.into_iter().map(|l| {
                        let roles = l.roles.iter().map(|r| r.label(lang)).collect::<Vec<_>>().join("・");
                        let what = format!("{}{}", action_words(&l.action, lang), l.record_ref.as_ref().map(|r| format!("（{r}）")).unwrap_or_default());
                        view! {
                            <tr data-event=l.id data-action=l.action.clone()>
                                <td>{l.at.clone()}</td>
                                <td>{if roles.is_empty() { actor_words(&l.actor, lang) } else { format!("{}（{roles}）", actor_words(&l.actor, lang)) }}</td>
                                <td>{l.subject_member_id.map(|s| view! { <a href=format!("/staff/audit?subject={s}")>{actor_words(&format!("member {s}"), lang)}</a> })}</td>
                                <td>{what}</td>
                                <td>{l.purpose.clone().map(|p| purpose_text(&p, lang))}</td>
                                <td>{if l.allowed { t.outcome_allowed } else { t.outcome_refused }}</td>
                                <td><small>{l.ip.clone().unwrap_or_default()}<br/>{l.user_agent.clone().unwrap_or_default()}</small></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// The action to search for, by its words (the record's codes stay in the address).
fn action_select(current: String, lang: Lang, t: &'static RecordsText, feedback: Signal<Feedback>) -> impl IntoView {
    use crate::platform::audit::Action;
    view! {
        <div class="field field--inline">
            <label for="a-action">{t.col_action}</label>
            {problem_view(feedback, "action")}
            <select id="a-action" name="action">
                <option value="" selected=current.is_empty()>{t.outcome_all}</option>
                {Action::ALL.into_iter().map(|a| {
                    let selected = a.code() == current;
                    view! { <option value=a.code() selected=selected>{a.label(lang)}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

/// Who acted, in words (`staff S611` is 「職員 S611」).
fn actor_words(actor: &str, lang: Lang) -> String {
    let (kind, rest) = actor.split_once(' ').unwrap_or((actor, ""));
    let word = match (kind, lang) {
        ("staff", Lang::Ja) => "職員",
        ("member", Lang::Ja) => "加入者",
        ("system", Lang::Ja) => "システム",
        ("anonymous", Lang::Ja) => "未ログイン",
        ("staff", Lang::En) => "Staff",
        ("member", Lang::En) => "Member",
        ("system", Lang::En) => "System",
        ("anonymous", Lang::En) => "Not signed in",
        _ => kind,
    };
    if rest.is_empty() { word.to_string() } else { format!("{word} {rest}") }
}

/// Why, in words; the recorded text only where it says more (a free text, not a task's name).
fn purpose_text(p: &str, lang: Lang) -> String {
    let words = purpose_words(Some(p), lang);
    let task_name = p.chars().all(|c| c.is_ascii_lowercase() || c == ' ' || c == '_' || c == '.');
    if words == RecordsText::of(lang).purpose_other && !task_name { format!("{words}（{p}）") } else { words }
}

fn field(name: &'static str, label: &'static str, hint: &'static str, value: String, kind: &'static str, feedback: Signal<Feedback>) -> impl IntoView {
    let id = format!("a-{name}");
    let hint_id = format!("{id}-hint");
    let wrong = feedback.with_untracked(|f| f.field(name).is_some());
    let described = if wrong { format!("{hint_id} f-{name}-error") } else { hint_id.clone() };
    view! {
        <div class="field field--inline">
            <label for=id.clone()>{label}</label>
            <span class="field__hint" id=hint_id.clone()>{hint}</span>
            {problem_view(feedback, name)}
            <input id=id name=name type=kind value=value aria-describedby=described aria-invalid=wrong.then_some("true") maxlength="64"/>
        </div>
    }
}

#[component]
pub fn AuditPage() -> impl IntoView {
    let lang = use_lang();
    let t = RecordsText::of(lang);
    let query = use_query_map();
    let params = move || {
        query.with(|q| AuditParams {
            actor: q.get("actor").unwrap_or_default(),
            subject: q.get("subject").unwrap_or_default(),
            action: q.get("action").unwrap_or_default(),
            from: q.get("from").unwrap_or_default(),
            to: q.get("to").unwrap_or_default(),
            outcome: q.get("outcome").unwrap_or_default(),
            page: q.get("page").unwrap_or_default(),
        })
    };
    let data = page_data::load(params, audit_overview);
    let posted = use_feedback();
    let title = t.audit_title;
    view! {
        <Title text=title/>
        <h1>{title}</h1>
        <p>{t.audit_lead}</p>
        <p><a href="/staff/audit/disposals">{t.disposals_link}</a></p>
        <FormError feedback=posted/>
        {Suspend::new(async move {
            let p = params();
            let (page, feedback) = match data.await {
                Ok(page) => (Some(page), Feedback::default()),
                Err(AppError::BadQuery(fields)) => (None, Feedback { fields, ..Feedback::default() }),
                Err(e) => return page_error(e, "/staff/audit"),
            };
            let feedback = Signal::stored(feedback);
            let outcome = p.outcome.clone();
            view! {
                <FormError feedback/>
                <form method="get" action="/staff/audit" class="form filters" role="search">
                    {field("actor", t.actor, t.actor_hint, p.actor.clone(), "text", feedback)}
                    {field("subject", t.subject, t.subject_hint, p.subject.clone(), "text", feedback)}
                    {action_select(p.action.clone(), lang, t, feedback)}
                    {field("from", t.period_from, t.period_from_hint, p.from.clone(), "text", feedback)}
                    {field("to", t.period_to, t.period_to_hint, p.to.clone(), "text", feedback)}
                    <div class="field field--inline">
                        <label for="a-outcome">{t.col_outcome}</label>
                        {problem_view(feedback, "outcome")}
                        <select id="a-outcome" name="outcome">
                            <option value="" selected=outcome.is_empty()>{t.outcome_all}</option>
                            <option value="allowed" selected=outcome == "allowed">{t.outcome_allowed_option}</option>
                            <option value="refused" selected=outcome == "refused">{t.outcome_refused_option}</option>
                        </select>
                    </div>
                    {problem_view(feedback, "page")}
                    <button type="submit" class="button">{t.search}</button>
                </form>
                {page.map(|page| {
                    let q = page.results.query.clone();
                    let current = q.page;
                    let link = move |n: i64| format!("/staff/audit?{}", q.to_params(n));
                    let export = format!("/staff/audit.csv?{}", page.results.query.to_params(1));
                    let unusual_count = page.unusual.len();
                    view! {
                        <section aria-labelledby="chain">
                            <h2 id="chain">{t.chain_heading}</h2>
                            {chain_view(page.chain, t)}
                            <form method="post" action=VerifyAuditChain::url()>
                                <button type="submit" class="button button--secondary">{t.verify_now}</button>
                            </form>
                        </section>
                        <section aria-labelledby="results">
                            <h2 id="results">{t.results_heading}</h2>
                            <p><a class="button button--secondary" href=export>{t.export_csv}</a></p>
                            {if page.results.lines.is_empty() {
                                view! { <p role="status">{t.nothing_matches}</p> }.into_any()
                            } else {
                                lines_table(page.results.lines, lang, t.results).into_any()
                            }}
                            {kit::page::pager(
                                (current > 1).then(|| link(current - 1)),
                                page.results.has_next.then(|| link(current + 1)),
                                (t.previous, t.next),
                                lang,
                            )}
                        </section>
                        <section aria-labelledby="unusual">
                            <h2 id="unusual">{t.unusual_heading(unusual_count)}</h2>
                            <p>{t.unusual_lead}</p>
                            {if page.unusual.is_empty() {
                                view! { <p role="status">{t.unusual_none}</p> }.into_any()
                            } else {
                                lines_table(page.unusual, lang, t.unusual_caption).into_any()
                            }}
                        </section>
                    }
                })}
            }.into_any()
        })}
    }
}
