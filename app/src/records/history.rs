//! 「アクセス履歴」: who at the society looked at my data through the portal, when and for
//! what — staff shown by role and staff number, never by name.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::access::{AccessHistory, action_words, purpose_words};
use super::texts::RecordsText;
use kit::error::AppError;
use kit::i18n::use_lang;
use kit::page::page_error;
use kit::page_data;

#[server(prefix = "/api", endpoint = "account/access-history", input = GetUrl)]
pub async fn my_access_history(#[server(default)] page: String) -> Result<AccessHistory, AppError> {
    use crate::platform::audit::{Action, AuditEvent, DataCategory};
    use crate::platform::audit::store::{audited_read, request_meta};
    let (_, member_id) = crate::identity::store::member_session(kit::access::Access::Member(kit::access::MemberAction::Read)).await?;
    let page = super::access::parse_page(&page).ok_or(AppError::BadRequest)?;
    let state = crate::platform::state::app_state()?;
    let event = AuditEvent::by(crate::identity::store::caller(), Action::AccessHistoryView)
        .about(member_id)
        .data(DataCategory::Audit)
        .record(format!("audit_events?subject={member_id}"))
        .purpose("access history");
    audited_read(&state, &request_meta(), event, || super::store::history(&state, member_id, page)).await
}

#[component]
pub fn AccessHistoryPage() -> impl IntoView {
    let lang = use_lang();
    let t = RecordsText::of(lang);
    let query = use_query_map();
    let data = page_data::load(move || query.with(|q| q.get("page").unwrap_or_default()), my_access_history);
    let title = t.history_title;
    view! {
        <Title text=title/>
        <h1>{title}</h1>
        <p>{t.history_lead}</p>
        <p class="notice">{t.history_scope}</p>
        {Suspend::new(async move {
            match data.await {
                Err(e) => page_error(e, "/account/access-history"),
                Ok(h) if h.lines.is_empty() && h.page == 1 => view! {
                    <p role="status">{t.history_none}</p>
                }.into_any(),
                Ok(h) => {
                    let page = h.page;
                    view! {
                        <div class="table-wrap">
                            <table class="table access-history">
                                <caption class="visually-hidden">{title}</caption>
                                <thead><tr>
                                    <th scope="col">{t.col_when}</th>
                                    <th scope="col">{t.col_staff}</th>
                                    <th scope="col">{t.col_what}</th>
                                    <th scope="col">{t.col_for}</th>
                                </tr></thead>
                                <tbody>
                                    {h.lines.into_iter().map(|l| {
                                        let roles = l.roles.iter().map(|r| r.label(lang)).collect::<Vec<_>>().join("・");
                                        view! {
                                            <tr data-action=l.action.clone()>
                                                <td>{l.at.clone()}</td>
                                                <td>{format!("{}（{}）", if roles.is_empty() { "—".to_string() } else { roles }, l.staff_number)}</td>
                                                <td>{action_words(&l.action, lang)}</td>
                                                <td>{purpose_words(l.purpose.as_deref(), lang)}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                        {kit::page::pager(
                            (page > 1).then(|| format!("/account/access-history?page={}", page - 1)),
                            h.has_next.then(|| format!("/account/access-history?page={}", page + 1)),
                            (t.newer, t.older),
                            lang,
                        )}
                    }.into_any()
                }
            }
        })}
        <p><a href="/account">{t.back_to_account}</a></p>
    }
}
