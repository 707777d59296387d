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
use kit::error::AppError;
use kit::form::{Feedback, FormError, use_feedback};
use kit::i18n::{Lang, use_lang};
use kit::access::StaffRole;
use kit::texts::id_text;
use kit::page::page_error;
use kit::page_data;
use kit::page::problem_view;

/// Only the auditor reads the whole record.
pub const AUDIT_ROLES: &[StaffRole] = &[StaffRole::Auditor];

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::*;
    use kit::access::Caller;
    use crate::records::access::AuditResults;
    use crate::platform::audit::{Action, AuditEvent, DataCategory, RequestMeta, audited_read};
    use crate::platform::state::AppState;

    /// Checks the caller may audit, recording a refusal otherwise.
    pub async fn audit_caller(state: &AppState, meta: &RequestMeta, caller: &Caller, action: Action) -> Result<(), AppError> {
        crate::platform::audit::require_staff(state, meta, caller, AUDIT_ROLES, action, DataCategory::Audit).await
    }

    /// The search page's data; the search is recorded with its filter before it runs.
    pub async fn overview(state: &AppState, meta: &RequestMeta, caller: &Caller, params: AuditParams) -> Result<AuditorPage, AppError> {
        audit_caller(state, meta, caller, Action::AuditSearch).await?;
        let query = params.parse().map_err(AppError::BadQuery)?;
        let event = AuditEvent::by(caller.clone(), Action::AuditSearch)
            .data(DataCategory::Audit)
            .about(query.subject)
            .detail(serde_json::json!({ "query": query.to_params(query.page) }));
        audited_read(state, meta, event, || async {
            let (lines, has_next) = crate::records::store::search(state, &query).await?;
            let unusual = crate::records::store::unusual(state, &query).await?;
            let chain = crate::records::store::last_verification(state).await?;
            Ok(AuditorPage { results: AuditResults { query: query.clone(), lines, has_next }, unusual, chain })
        })
        .await
    }
}

#[server(prefix = "/api/staff", endpoint = "audit", input = GetUrl)]
pub async fn audit_overview(#[server(default)] params: AuditParams) -> Result<AuditorPage, AppError> {
    let state = crate::platform::state::app_state()?;
    let caller = crate::identity::guard(kit::access::Access::Staff(kit::access::ANY_ROLE)).await?;
    ssr::overview(&state, &crate::platform::audit::request_meta(), &caller, params).await
}

/// Verifies the whole chain now (against the checkpoint file, when this server keeps one)
/// and records the result; the page then shows it.
#[server(prefix = "/api/staff", endpoint = "audit/verify")]
pub async fn verify_audit_chain() -> Result<(), AppError> {
    let result = async {
        let state = crate::platform::state::app_state()?;
        let meta = crate::platform::audit::request_meta();
        let caller = crate::identity::guard(kit::access::Access::Staff(kit::access::ANY_ROLE)).await?;
        ssr::audit_caller(&state, &meta, &caller, crate::platform::audit::Action::AuditVerify).await?;
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

fn chain_view(chain: Option<ChainStatus>, ja: bool) -> impl IntoView {
    match chain {
        None => view! { <p>{if ja { "まだ検証の記録がありません。" } else { "The chain has not been verified yet." }}</p> }.into_any(),
        Some(c) => {
            let verdict = if c.ok {
                if ja { "正常：封印済みの記録はすべて改ざんされておらず、チェックポイントと一致しています。" } else { "Intact: every sealed event is unchanged and matches the checkpoints." }.to_string()
            } else if let Some(b) = &c.broken {
                let event = b.event_id.map(|id| format!(" / event {id}")).unwrap_or_default();
                if ja {
                    format!("異常：位置 {}{event} で最初の不整合 — {}", b.position, b.why.describe(true))
                } else {
                    format!("Broken: first broken link at position {}{event} — {}", b.position, b.why.describe(false))
                }
            } else if let Some(id) = c.inserted {
                let why = crate::platform::audit::chain::describe_inserted(ja);
                if ja { format!("異常：連結の外の記録（event {id}）— {why}") } else { format!("Inserted: event {id}, outside the chain — {why}") }
            } else if ja {
                format!("異常：1分以上封印されていない記録が {} 件あります", c.unsealed_stale)
            } else {
                format!("Not sealed: {} event(s) older than a minute are outside the chain", c.unsealed_stale)
            };
            let files = match (c.checkpoint_file, ja) {
                (true, true) => format!("チェックポイント {} 件と照合", c.checkpoints_checked),
                (true, false) => format!("checked against {} checkpoint(s)", c.checkpoints_checked),
                (false, true) => "チェックポイントファイルは設定されていません".to_string(),
                (false, false) => "no checkpoint file is configured".to_string(),
            };
            view! {
                <p class=if c.ok { "notice notice--ok" } else { "notice notice--error" } data-chain=if c.ok { "ok" } else { "broken" } role="status">{verdict}</p>
                <p>{if ja {
                    format!("最終検証: {}。封印済み {} 件を再計算、{files}。", c.verified_at, c.sealed)
                } else {
                    format!("Last verified {}: {} link(s) recomputed, {files}.", c.verified_at, c.sealed)
                }}</p>
            }.into_any()
        }
    }
}

fn lines_table(lines: Vec<AuditLine>, lang: Lang, caption: &'static str) -> impl IntoView {
    let ja = lang == Lang::Ja;
    let t = id_text();
    view! {
        <div class="table-wrap">
            <table class="table audit">
                <caption class="visually-hidden">{caption}</caption>
                <thead><tr>
                    <th scope="col">{if ja { "日時" } else { "When" }}</th>
                    <th scope="col">{if ja { "操作者（役割）" } else { "Actor (roles)" }}</th>
                    <th scope="col">{if ja { "対象者" } else { "Subject" }}</th>
                    <th scope="col">{if ja { "操作" } else { "Action" }}</th>
                    <th scope="col">{if ja { "目的" } else { "Purpose" }}</th>
                    <th scope="col">{if ja { "結果" } else { "Outcome" }}</th>
                    <th scope="col">{if ja { "接続元" } else { "From" }}</th>
                </tr></thead>
                <tbody>
                    {lines.into_iter().map(|l| {
                        let roles = l.roles.iter().map(|r| kit::access::role_label(*r, t)).collect::<Vec<_>>().join("・");
                        let what = format!("{} — {}{}", l.action, action_words(&l.action, lang), l.record_ref.as_ref().map(|r| format!("（{r}）")).unwrap_or_default());
                        view! {
                            <tr data-event=l.id data-action=l.action.clone()>
                                <td>{l.at.clone()}</td>
                                <td>{if roles.is_empty() { l.actor.clone() } else { format!("{}（{roles}）", l.actor) }}</td>
                                <td>{l.subject_member_id.map(|s| view! { <a href=format!("/staff/audit?subject={s}")>{format!("member {s}")}</a> })}</td>
                                <td>{what}</td>
                                <td>{l.purpose.clone().map(|p| format!("{p}（{}）", purpose_words(Some(&p), lang)))}</td>
                                <td>{if l.allowed { if ja { "許可" } else { "allowed" } } else if ja { "拒否" } else { "refused" }}</td>
                                <td><small>{l.ip.clone().unwrap_or_default()}<br/>{l.user_agent.clone().unwrap_or_default()}</small></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
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
    let ja = lang == Lang::Ja;
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
    let title = if ja { "監査記録" } else { "Audit record" };
    view! {
        <Title text=title/>
        <h1>{title}</h1>
        <p>{if ja {
            "個人データへのすべてのアクセスと変更の記録です（閲覧のみ）。この画面での検索・出力も記録されます。"
        } else {
            "Every access to and change of personal data (read-only). Searches and exports here are recorded too."
        }}</p>
        <FormError feedback=posted/>
        {Suspend::new(async move {
            let p = params();
            let (page, feedback) = match data.await {
                Ok(page) => (Some(page), Feedback::default()),
                Err(AppError::BadQuery(fields)) => (None, Feedback { fields, error: None }),
                Err(e) => return page_error(e, "/staff/audit"),
            };
            let feedback = Signal::stored(feedback);
            let outcome = p.outcome.clone();
            view! {
                <FormError feedback/>
                <form method="get" action="/staff/audit" class="form filters" role="search">
                    {field("actor", if ja { "操作者" } else { "Actor" }, if ja { "職員番号、member:番号、system" } else { "staff number, member:id or system" }, p.actor.clone(), "text", feedback)}
                    {field("subject", if ja { "対象者（会員番号）" } else { "Subject (member id)" }, if ja { "数字" } else { "digits" }, p.subject.clone(), "text", feedback)}
                    {field("action", if ja { "操作" } else { "Action" }, if ja { "例: registry.view、request.（前方一致）" } else { "e.g. registry.view, or request. for all" }, p.action.clone(), "text", feedback)}
                    {field("from", if ja { "期間（から）" } else { "From" }, if ja { "例: 2026-11-01" } else { "e.g. 2026-11-01" }, p.from.clone(), "text", feedback)}
                    {field("to", if ja { "期間（まで）" } else { "To" }, if ja { "例: 2026-11-30" } else { "e.g. 2026-11-30" }, p.to.clone(), "text", feedback)}
                    <div class="field field--inline">
                        <label for="a-outcome">{if ja { "結果" } else { "Outcome" }}</label>
                        {problem_view(feedback, "outcome")}
                        <select id="a-outcome" name="outcome">
                            <option value="" selected=outcome.is_empty()>{if ja { "すべて" } else { "All" }}</option>
                            <option value="allowed" selected=outcome == "allowed">{if ja { "許可" } else { "Allowed" }}</option>
                            <option value="refused" selected=outcome == "refused">{if ja { "拒否" } else { "Refused" }}</option>
                        </select>
                    </div>
                    {problem_view(feedback, "page")}
                    <button type="submit" class="button">{if ja { "検索" } else { "Search" }}</button>
                </form>
                {page.map(|page| {
                    let q = page.results.query.clone();
                    let current = q.page;
                    let link = move |n: i64| format!("/staff/audit?{}", q.to_params(n));
                    let export = format!("/staff/audit.csv?{}", page.results.query.to_params(1));
                    let unusual_count = page.unusual.len();
                    view! {
                        <section aria-labelledby="chain">
                            <h2 id="chain">{if ja { "改ざん検知（ハッシュチェーン）" } else { "Tamper evidence (hash chain)" }}</h2>
                            {chain_view(page.chain, ja)}
                            <form method="post" action=VerifyAuditChain::url()>
                                <button type="submit" class="button button--secondary">{if ja { "今すぐ検証する" } else { "Verify now" }}</button>
                            </form>
                        </section>
                        <section aria-labelledby="results">
                            <h2 id="results">{if ja { "検索結果（新しい順）" } else { "Results (newest first)" }}</h2>
                            <p><a class="button button--secondary" href=export>{if ja { "この条件でCSVを出力（記録されます）" } else { "Export this search as CSV (recorded)" }}</a></p>
                            {if page.results.lines.is_empty() {
                                view! { <p role="status">{if ja { "該当する記録はありません。" } else { "Nothing matches." }}</p> }.into_any()
                            } else {
                                lines_table(page.results.lines, lang, if ja { "検索結果" } else { "Results" }).into_any()
                            }}
                            {kit::page::pager(
                                (current > 1).then(|| link(current - 1)),
                                page.results.has_next.then(|| link(current + 1)),
                                if ja { ("前へ", "次へ") } else { ("Previous", "Next") },
                                lang,
                            )}
                        </section>
                        <section aria-labelledby="unusual">
                            <h2 id="unusual">{if ja { format!("要確認のアクセス（{unusual_count}件）") } else { format!("Accesses to review ({unusual_count})") }}</h2>
                            <p>{if ja {
                                "職員が会員の情報を見た時点で、その会員のお申し出が受付中でなく、郵送待ちの書面もなかったものです（期間・操作者・対象者の条件が適用されます。新しい順に最大200件）。業務上の理由を確認してください。"
                            } else {
                                "Staff reads of a member's data at a moment when that member had no open request and no letter in preparation (the period, actor and subject filters apply; newest 200). Check each has a reason."
                            }}</p>
                            {if page.unusual.is_empty() {
                                view! { <p role="status">{if ja { "該当するアクセスはありません。" } else { "None." }}</p> }.into_any()
                            } else {
                                lines_table(page.unusual, lang, if ja { "要確認のアクセス" } else { "Accesses to review" }).into_any()
                            }}
                        </section>
                    }
                })}
            }.into_any()
        })}
    }
}
