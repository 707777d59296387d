//! 「アクセス履歴」: who at the society looked at my data through the portal, when and for
//! what — staff shown by role and staff number, never by name.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::access::{AccessHistory, action_words, purpose_words};
use kit::error::AppError;
use kit::i18n::{Lang, use_lang};
use kit::texts::id_text;
use kit::page::page_error;
use kit::page_data;

#[server(prefix = "/api", endpoint = "account/access-history", input = GetUrl)]
pub async fn my_access_history(#[server(default)] page: String) -> Result<AccessHistory, AppError> {
    use crate::platform::audit::{Action, AuditEvent, DataCategory, audited_read, request_meta};
    let (_, member_id) = crate::identity::server_fns::member_session(kit::access::Access::Member).await?;
    let page = super::access::parse_page(&page).ok_or(AppError::BadRequest)?;
    let state = crate::platform::state::app_state()?;
    let event = AuditEvent::by(crate::identity::caller(), Action::AccessHistoryView)
        .about(member_id)
        .data(DataCategory::Audit)
        .record(format!("audit_events?subject={member_id}"))
        .purpose("access history");
    audited_read(&state, &request_meta(), event, || super::store::history(&state, member_id, page)).await
}

#[component]
pub fn AccessHistoryPage() -> impl IntoView {
    let lang = use_lang();
    let t = id_text();
    let ja = lang == Lang::Ja;
    let query = use_query_map();
    let data = page_data::load(move || query.with(|q| q.get("page").unwrap_or_default()), my_access_history);
    let title = if ja { "アクセス履歴" } else { "Access history" };
    view! {
        <Title text=title/>
        <h1>{title}</h1>
        <p>{if ja {
            "健康保険組合の職員が、このポータルを通じてあなたの情報を見たり扱ったりした記録です。いつ、どの役割の職員（職員番号）が、何のために行ったかを表示します。"
        } else {
            "A record of each time staff of the society looked at or handled your data through this portal: when, which role (staff number), and for what."
        }}</p>
        <p class="notice">{if ja {
            "この履歴は、このポータルを通じたアクセスだけを表示しています。紙の書類や、組合の他のシステム（レセプト・基幹システムなど）での取扱いは含まれません。それらについては「開示」のお申し出で確認できます。"
        } else {
            "This covers access through this portal only. Paper files and the society's other systems are not included; you can ask about those with a disclosure request."
        }}</p>
        {Suspend::new(async move {
            match data.await {
                Err(e) => page_error(e, "/account/access-history"),
                Ok(h) if h.lines.is_empty() && h.page == 1 => view! {
                    <p role="status">{if ja { "職員によるアクセスの記録はまだありません。" } else { "No staff access has been recorded yet." }}</p>
                }.into_any(),
                Ok(h) => {
                    let page = h.page;
                    view! {
                        <div class="table-wrap">
                            <table class="table access-history">
                                <caption class="visually-hidden">{title}</caption>
                                <thead><tr>
                                    <th scope="col">{if ja { "日時" } else { "When" }}</th>
                                    <th scope="col">{if ja { "職員" } else { "Staff" }}</th>
                                    <th scope="col">{if ja { "内容" } else { "What" }}</th>
                                    <th scope="col">{if ja { "目的" } else { "For" }}</th>
                                </tr></thead>
                                <tbody>
                                    {h.lines.into_iter().map(|l| {
                                        let roles = l.roles.iter().map(|r| kit::access::role_label(*r, t)).collect::<Vec<_>>().join("・");
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
                            if ja { ("新しい記録へ", "古い記録へ") } else { ("Newer", "Older") },
                            lang,
                        )}
                    }.into_any()
                }
            }
        })}
        <p><a href="/account">{if ja { "アカウントに戻る" } else { "Back to your account" }}</a></p>
    }
}
