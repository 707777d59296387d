//! The staff queue page (`/staff/requests`): its filter form, kept in the address, and the
//! table of requests with paging and the CSV link.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::staff::texts::StaffText;
use super::api::{StaffAssignMany, staff_requests};
use crate::staff::queue::keys::{QueueKeys, Shortcut};
use crate::staff::queue::saved::{RemoveQueueFilter, SaveQueueFilter, SetQueueShortcuts, queue_link};
use crate::requests::lifecycle::Status;
use crate::requests::texts::{RqText, rq_text};
use crate::requests::views::{deadline_text, urgency_class};
use crate::staff::queue::{QueuePage, QueueParams};
use kit::error::AppError;
use kit::form::{Feedback, FormError};
use kit::i18n::{Lang, use_lang};
use kit::page::{page_error, problem_view};
use kit::page_data;
use kit::rights::RequestType;

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
    // A refused assignment of ticked requests comes back with its feedback.
    let posted = kit::form::use_feedback();
    let tx = StaffText::of(lang);
    view! {
        <Title text="お申し出（職員）"/>
        <h1>{tx.queue_heading}</h1>
        {Suspend::new(async move {
            let p = params();
            let (page, feedback) = match data.await {
                Ok(page) => (Some(page), posted.get_untracked()),
                Err(AppError::Invalid(fields)) => (None, Feedback { fields, ..Feedback::default() }),
                Err(e) => return page_error(e, "/staff/requests"),
            };
            let feedback = Signal::stored(feedback);
            let mut types = vec![(String::new(), tx.all.to_string())];
            types.extend(RequestType::ALL.iter().map(|t| (t.code().to_string(), RqText::of(lang).type_name(*t).to_string())));
            let status_now = if p.status.is_empty() { "open".to_string() } else { p.status.clone() };
            let status_option = |v: &str, text: &'static str| {
                let selected = v == status_now;
                view! { <option value=v.to_string() selected=selected>{text}</option> }
            };
            // Groups first, then each status once, in the staff's words.
            let status_select = view! {
                <div class="field field--inline">
                    <label for="q-status">{t.status}</label>
                    {problem_view(feedback, "status")}
                    <select id="q-status" name="status">
                        <optgroup label=tx.status_groups>
                            {status_option("open", tx.status_open)}
                            {status_option("waiting", tx.status_waiting)}
                            {status_option("all", tx.all)}
                        </optgroup>
                        <optgroup label=tx.status_each>
                            {Status::ALL.iter().map(|s| status_option(s.code(), s.label(lang))).collect_view()}
                        </optgroup>
                    </select>
                </div>
            };
            let opts = |pairs: &[(&str, &str)]| pairs.iter().map(|(v, w)| (v.to_string(), w.to_string())).collect::<Vec<_>>();
            let escalations = page.as_ref().map(|p| p.escalations.clone()).unwrap_or_default();
            let open_count = escalations.len().to_string();
            view! {
                {(!escalations.is_empty()).then(|| view! {
                    <div class="notice notice--error" role="alert" data-escalations=open_count>
                        <p>{tx.escalations_open}</p>
                        <ul>
                            {escalations.into_iter().map(|e| view! {
                                <li><a href=format!("/staff/requests/{}", e.receipt)>{e.receipt.clone()}</a>{format!("（{}）", e.escalated_at)}</li>
                            }).collect_view()}
                        </ul>
                    </div>
                })}
                <FormError feedback/>
                <form method="get" action="/staff/requests" class="form filters" role="search">
                    {filter_select("type", tx.col_type, p.r#type.clone(), types, feedback)}
                    {status_select}
                    {filter_select("due", t.due, p.due.clone(), opts(&[("", tx.all), ("3days", tx.due_three_days), ("soon", tx.due_soon), ("overdue", tx.due_overdue)]), feedback)}
                    {filter_select("assignee", tx.col_assignee, p.assignee.clone(), opts(&[("", tx.all), ("me", tx.assignee_me), ("nobody", tx.unassigned)]), feedback)}
                    {filter_select("sort", tx.sort, p.sort.clone(), opts(&[("due", tx.sort_due), ("received", tx.sort_received), ("priority", tx.sort_priority)]), feedback)}
                    <div class="field field--inline">
                        <label for="q-q">{tx.queue_search}</label>
                        {problem_view(feedback, "q")}
                        <input id="q-q" name="q" type="search" maxlength="40" value=p.q.clone()/>
                    </div>
                    {problem_view(feedback, "page")}
                    <button type="submit" class="button">{tx.filter_button}</button>
                </form>
                {page.as_ref().map(|page| saved_filters(page, feedback, lang))}
                {page.map(|page| queue_table(page, feedback, lang))}
            }.into_any()
        })}
    }
}

fn queue_table(page: QueuePage, feedback: Signal<Feedback>, lang: Lang) -> impl IntoView {
    let t = rq_text();
    let tx = StaffText::of(lang);
    let query = page.query.clone();
    let link = move |n: i64| format!("/staff/requests?{}", query.to_params(n));
    let (current, pages) = (page.query.page, page.pages);
    let can_assign = page.can_assign;
    let back = format!("/staff/requests?{}", page.query.to_params(current));
    let assigned = use_query_map().with_untracked(|q| q.get("assigned")).and_then(|n| n.parse::<usize>().ok());
    let reason = feedback.with_untracked(|f| f.value("reassign_reason")).unwrap_or_default();
    // Ticking several lines and naming a colleague assigns them at once (a form around
    // the table: without JavaScript too).
    let bulk_bar = can_assign.then(|| view! {
        <div class="bulk-bar card">
            <h2 id="bulk-h" class="bulk-bar__title">{tx.bulk_heading}</h2>
            {problem_view(feedback, "pick")}
            <div class="field field--inline">
                <label for="b-assignee">{tx.assignee}</label>
                {problem_view(feedback, "assignee")}
                <select id="b-assignee" name="assignee">
                    <option value="">{tx.unassigned}</option>
                    {page.colleagues.iter().map(|(id, name)| {
                        let selected = feedback.with_untracked(|f| f.selected_or("assignee", &id.to_string(), false));
                        view! { <option value=id.to_string() selected=selected>{name.clone()}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field field--inline field--grow">
                <label for="b-reason">{tx.bulk_reason}</label>
                {problem_view(feedback, "reassign_reason")}
                <input id="b-reason" name="reassign_reason" maxlength="4000" value=reason/>
            </div>
            <input type="hidden" name="back" value=back.clone()/>
            <button type="submit" class="button">{tx.bulk_button}</button>
        </div>
    });
    let empty = page.lines.is_empty();
    let table = view! {
        <div class="table-wrap queue-wrap">
            <table class="table queue">
                <thead><tr>
                    {can_assign.then(|| view! { <th scope="col">{tx.col_pick}</th> })}
                    <th scope="col">{t.receipt}</th><th scope="col">{tx.col_type}</th><th scope="col">{t.about}</th>
                    <th scope="col">{t.status}</th><th scope="col">{tx.col_assignee}</th>
                    <th scope="col">{tx.col_priority}</th><th scope="col">{t.due}</th>
                </tr></thead>
                <tbody>
                    {page.lines.into_iter().map(|q| {
                        let l = q.line;
                        let due_class = l.deadline.map(|d| urgency_class(&d));
                        view! {
                            <tr data-receipt=l.receipt.clone() data-status=l.status.code()>
                                {can_assign.then(|| {
                                    let id = format!("pick-{}", l.receipt);
                                    view! { <td class="pick"><input type="checkbox" id=id name=format!("pick[r{}]", l.receipt) value="1" aria-label=tx.pick_label(&l.receipt)/></td> }
                                })}
                                <td class="receipt"><a href=format!("/staff/requests/{}", l.receipt)>{l.receipt.clone()}</a><br/><small>{q.received_on.clone()}</small></td>
                                <td>{RqText::of(lang).type_name(l.request_type)}</td>
                                <td>{format!("{}（{}）", l.subject_name, l.capacity.label(lang))}</td>
                                <td>{l.status.label(lang)}</td>
                                <td>{q.assignee.clone().unwrap_or_else(|| "—".into())}</td>
                                <td>{format!("{}・{}", q.importance.label(lang), q.urgency.label(lang))}</td>
                                <td class=due_class.unwrap_or("due")>{l.deadline.map(|d| deadline_text(&d, t)).unwrap_or_default()}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            {empty.then(|| view! { <p class="queue__empty">{tx.queue_empty}</p> })}
        </div>
    };
    view! {
        <p role="status" class="queue__count">{if page.total_capped { tx.queue_count_capped(page.total, current) } else { tx.queue_count(page.total, current, pages) }}</p>
        {assigned.map(|n| view! { <p class="notice" role="status" data-assigned=n>{tx.bulk_done(n)}</p> })}
        {page.can_export.then(|| view! {
            <p><a class="button button--secondary" href=format!("/staff/requests.csv?{}", page.query.to_params(1))>{tx.queue_export}</a></p>
        })}
        {if can_assign {
            view! {
                <form method="post" action=StaffAssignMany::url() class="bulk" aria-labelledby="bulk-h">
                    {bulk_bar}
                    {table}
                </form>
            }.into_any()
        } else {
            table.into_any()
        }}
        {keys_help(&page.query.to_params(1), page.shortcuts, lang)}
        {kit::page::pager(
            (current > 1).then(|| link(current - 1)),
            (current < pages).then(|| link(current + 1)),
            (tx.previous, tx.next),
            lang,
        )}
    }
}

/// The caller's saved filters, one click each, and the form that saves the filter shown now.
fn saved_filters(page: &QueuePage, feedback: Signal<Feedback>, lang: Lang) -> impl IntoView + use<> {
    let tx = StaffText::of(lang);
    let here = page.query.to_params(1);
    let name = feedback.with_untracked(|f| f.value("name")).unwrap_or_default();
    view! {
        {(!page.saved.is_empty()).then(|| view! {
            <nav class="saved-filters" aria-labelledby="saved-h">
                <h2 id="saved-h" class="saved-filters__title">{tx.saved_heading}</h2>
                <ul>
                    {page.saved.iter().map(|f| {
                        let current = (f.query == here).then_some("page");
                        view! {
                            <li data-saved-filter=f.name.clone()>
                                <a href=queue_link(&f.query) aria-current=current>{f.name.clone()}</a>
                                <form method="post" action=RemoveQueueFilter::url() class="inline-form">
                                    <input type="hidden" name="id" value=f.id.to_string()/>
                                    <button type="submit" class="saved-filters__remove" aria-label=tx.saved_remove(&f.name)>"×"</button>
                                </form>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </nav>
        })}
        <form method="post" action=SaveQueueFilter::url() class="form filters save-filter">
            <input type="hidden" name="query" value=here/>
            <div class="field field--inline field--grow">
                <label for="s-name">{tx.save_filter_label}</label>
                {problem_view(feedback, "name")}
                <input id="s-name" name="name" maxlength=crate::staff::queue::saved::NAME_MAX.to_string() value=name/>
            </div>
            <button type="submit" class="button button--secondary">{tx.save_filter_button}</button>
        </form>
    }
}

/// The keys and the switch to turn them off (WCAG 2.1.4); the listener itself is an island.
fn keys_help(query: &str, on: bool, lang: Lang) -> impl IntoView + use<> {
    let tx = StaffText::of(lang);
    view! {
        <details id="queue-keys" class="card keys">
            <summary>{tx.keys_heading}</summary>
            <dl class="facts">
                {Shortcut::ALL.into_iter().map(|s| view! { <div><dt><kbd>{s.key()}</kbd></dt><dd>{s.meaning(lang)}</dd></div> }).collect_view()}
            </dl>
            <p class="field__hint">{tx.keys_hint}</p>
            {(!on).then(|| view! { <p data-shortcuts-off="">{tx.keys_off}</p> })}
            <form method="post" action=SetQueueShortcuts::url() class="form">
                <input type="hidden" name="back" value=queue_link(query)/>
                <label class="choice" for="k-on"><input type="checkbox" id="k-on" name="on" value="1" checked=on/>" "{tx.keys_on_label}</label>
                <button type="submit" class="button button--secondary">{tx.keys_save}</button>
            </form>
        </details>
        <QueueKeys on/>
    }
}
