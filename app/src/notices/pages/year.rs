//! The member's year view: the server function that reads a year of notices, and the
//! page with its totals per person, the chart and the lines.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::query::refusal;
use super::words::month_text;
use kit::page::table_head;
use crate::identity::views::relationship_label;
use crate::notices::model::{CHART_BASE, CHART_TOP, CHART_WIDTH, NoticeYear, bars, yen};
use crate::notices::texts::{NoticeText, notice_text};
use kit::error::AppError;
use kit::page::page_error;
use kit::page_data;
use kit::texts::id_text;

#[server(prefix = "/api", endpoint = "notices", input = GetUrl)]
pub async fn my_notices(#[server(default)] year: String, #[server(default)] person: String) -> Result<NoticeYear, AppError> {
    use crate::platform::audit::Actor;
    use crate::platform::audit::store::request_meta;
    let (_, member_id) = crate::identity::store::member_session(kit::access::Access::Member(kit::access::MemberAction::Read)).await?;
    let (year, person) = (super::query::parse_year(&year)?, super::query::parse_person(&person)?);
    let state = crate::platform::state::app_state()?;
    let actor = Actor::Caller(crate::identity::store::caller());
    crate::notices::store::year_view(&state, &request_meta(), actor, member_id, year, person, crate::platform::audit::Action::NoticeView).await
}

fn caveats(t: &'static NoticeText, latest: Option<&str>) -> impl IntoView {
    let reach = latest.map(|m| t.shown_up_to(&month_text(m, t)));
    view! {
        <div class="notice" role="note">
            <p><strong>{t.please_note}</strong></p>
            <ul>
                <li>{t.caveat_amounts}</li>
                <li>{t.caveat_delay}</li>
                <li>{t.caveat_adults}</li>
                {reach.map(|r| view! { <li>{r}</li> })}
            </ul>
        </div>
    }
}

/// The monthly 窓口負担額 as a bar chart drawn on the server (readable without
/// JavaScript), with the numbers as a table for screen readers and anyone who prefers them.
fn chart(monthly: &[i64], year: i32, t: &'static NoticeText) -> impl IntoView {
    let title = t.chart_title(year);
    let total: i64 = monthly.iter().sum();
    let summary = t.chart_summary(&yen(total));
    let slot = CHART_WIDTH / 12.0;
    let view_box = format!("0 0 {CHART_WIDTH} {}", CHART_BASE + 24.0);
    view! {
        <figure class="chart">
            <svg viewBox=view_box role="img" aria-labelledby="chart-title chart-desc" class="chart__svg">
                <title id="chart-title">{title.clone()}</title>
                <desc id="chart-desc">{summary}</desc>
                <line x1="0" x2=CHART_WIDTH y1=CHART_BASE y2=CHART_BASE class="chart__axis"/>
                <line x1="0" x2=CHART_WIDTH y1=CHART_TOP y2=CHART_TOP class="chart__grid"/>
                {bars(monthly).into_iter().map(|b| view! {
                    <rect x=format!("{:.1}", b.x) y=format!("{:.1}", b.y) width=format!("{:.1}", slot * 0.7) height=format!("{:.1}", b.height) class="chart__bar" data-month=b.month data-amount=b.amount/>
                    <text x=format!("{:.1}", b.x + slot * 0.35) y=CHART_BASE + 16.0 text-anchor="middle" class="chart__label">{b.month}</text>
                }).collect_view()}
            </svg>
            <figcaption>{title}</figcaption>
            <details>
                <summary>{t.show_table}</summary>
                <div class="table-wrap">
                    <table class="table">
                        {table_head(&[t.col_month_short, t.col_paid_yen])}
                        <tbody>
                            {monthly.iter().enumerate().map(|(i, a)| view! { <tr><th scope="row">{t.month_number(i + 1)}</th><td class="num">{yen(*a)}</td></tr> }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </details>
        </figure>
    }
}

#[component]
pub fn NoticesPage() -> impl IntoView {
    let w = notice_text();
    let t = id_text();
    let query = use_query_map();
    let params = move || query.with(|q| (q.get("year").unwrap_or_default(), q.get("person").unwrap_or_default()));
    let data = page_data::load(params, |(y, p)| my_notices(y, p));
    let title = w.title;
    view! {
        <Title text=title/>
        <h1>{title}</h1>
        <p>{w.lead}</p>
        {Suspend::new(async move {
            match data.await {
                Err(e @ AppError::BadQuery(_)) => {
                    let year_problem = refusal(&e, "year");
                    let person_problem = refusal(&e, "person");
                    view! {
                        <div class="notice notice--error" role="alert">
                            {year_problem.map(|p| view! { <p class="field__error" id="f-year-error">{kit::form::problem_message(p, t)}</p> })}
                            {person_problem.map(|p| view! { <p class="field__error" id="f-person-error">{kit::form::problem_message(p, t)}</p> })}
                        </div>
                        <p><a href="/notices">{w.show_latest}</a></p>
                    }.into_any()
                }
                Err(e) => page_error(e, "/notices"),
                Ok(n) => {
                    let year = n.year;
                    let shown: Vec<_> = n.people.iter().filter(|p| p.visibility.shown()).cloned().collect();
                    let name_of = {
                        let people = n.people.clone();
                        move |id: i64| people.iter().find(|p| p.member_id == id).map(|p| p.name.clone()).unwrap_or_default()
                    };
                    let hidden: Vec<_> = n.people.iter().filter(|p| !p.visibility.shown()).cloned().collect();
                    let person_value = n.person.map(|p| p.to_string()).unwrap_or_default();
                    let all_totals = crate::notices::model::totals(&n.lines, None);
                    let stopped: Vec<String> = n.use_stopped.iter().map(|(id, receipt)| w.use_stopped(&name_of(*id), receipt)).collect();
                    view! {
                        {(!stopped.is_empty()).then(|| view! {
                            <div class="notice" role="status" data-use-stopped="">
                                {stopped.into_iter().map(|s| view! { <p>{s}</p> }).collect_view()}
                            </div>
                        })}
                        {caveats(w, n.latest_month.as_deref())}
                        <form method="get" action="/notices" class="form filters" role="search">
                            <div class="field field--inline">
                                <label for="n-year">{w.year}</label>
                                <select id="n-year" name="year">
                                    {n.years.iter().map(|y| view! { <option value=y.to_string() selected=*y == year>{w.year_option(*y)}</option> }).collect_view()}
                                </select>
                            </div>
                            <div class="field field--inline">
                                <label for="n-person">{w.person}</label>
                                <select id="n-person" name="person">
                                    <option value="" selected=person_value.is_empty()>{w.everyone}</option>
                                    {shown.iter().map(|p| view! { <option value=p.member_id.to_string() selected=person_value == p.member_id.to_string()>{p.name.clone()}</option> }).collect_view()}
                                </select>
                            </div>
                            <button type="submit" class="button">{w.show}</button>
                        </form>
                        <section aria-labelledby="totals">
                            <h2 id="totals">{w.totals_heading(year)}</h2>
                            <div class="table-wrap">
                                <table class="table notice-totals table--stack">
                                    {table_head(&[w.person, w.col_bills, w.col_total_cost, w.col_copay, w.col_paid_back])}
                                    <tbody>
                                        {shown.iter().filter(|p| n.person.is_none_or(|c| c == p.member_id)).map(|p| view! {
                                            <tr data-person=p.member_id>
                                                <th scope="row">{format!("{}（{}）", p.name, relationship_label(&p.relationship, t))}</th>
                                                <td class="num" data-label=w.col_bills>{p.totals.lines}</td>
                                                <td class="num" data-label=w.col_total_cost>{w.yen(&yen(p.totals.total_cost))}</td>
                                                <td class="num" data-label=w.col_copay>{w.yen(&yen(p.totals.copay))}</td>
                                                <td class="num" data-label=w.paid_back>{w.yen(&yen(p.totals.compensated))}</td>
                                            </tr>
                                        }).collect_view()}
                                        <tr class="total" data-person="all">
                                            <th scope="row">{w.total}</th>
                                            <td class="num" data-label=w.col_bills>{all_totals.lines}</td>
                                            <td class="num" data-label=w.col_total_cost>{w.yen(&yen(all_totals.total_cost))}</td>
                                            <td class="num" data-label=w.col_copay>{w.yen(&yen(all_totals.copay))}</td>
                                            <td class="num" data-label=w.paid_back>{w.yen(&yen(all_totals.compensated))}</td>
                                        </tr>
                                    </tbody>
                                </table>
                            </div>
                            {(!hidden.is_empty()).then(|| view! {
                                <ul class="household-hidden">
                                    {hidden.iter().map(|p| view! { <li data-hidden=p.member_id>{format!("{}: {}", p.name, p.visibility.label(w.lang))}</li> }).collect_view()}
                                </ul>
                            })}
                            <p><a href="/notices/sharing">{w.sharing_link}</a></p>
                        </section>
                        {chart(&n.monthly_copay, year, w)}
                        <section aria-labelledby="lines">
                            <h2 id="lines">{w.lines_heading}</h2>
                            {if n.lines.is_empty() {
                                view! { <p role="status">{w.no_lines}</p> }.into_any()
                            } else {
                                view! {
                                    <div class="table-wrap">
                                        <table class="table notice-lines table--stack">
                                            {table_head(&[w.col_month, w.person, w.col_provider, w.col_kind, w.col_days, w.col_total_cost, w.col_paid, w.paid_back])}
                                            <tbody>
                                                {n.lines.iter().map(|l| view! {
                                                    <tr data-member=l.member_id data-month=l.month.clone()>
                                                        <td data-label=w.col_month>{month_text(&l.month, w)}</td>
                                                        <td data-label=w.person>{name_of(l.member_id)}</td>
                                                        <td data-label=w.col_provider>{l.provider.clone()}</td>
                                                        <td data-label=w.col_kind>{l.category.label(w.lang)}</td>
                                                        <td class="num" data-label=w.col_days>{l.days}</td>
                                                        <td class="num" data-label=w.col_total_cost>{yen(l.total_cost)}</td>
                                                        <td class="num" data-label=w.col_paid>{yen(l.copay)}</td>
                                                        <td class="num" data-label=w.paid_back>{yen(l.compensated())}</td>
                                                    </tr>
                                                }).collect_view()}
                                            </tbody>
                                        </table>
                                    </div>
                                }.into_any()
                            }}
                        </section>
                        <section aria-labelledby="deduction" class="card">
                            <h2 id="deduction">{w.deduction_heading}</h2>
                            <p>{w.deduction_lead}</p>
                            <ul class="link-list">
                                <li><a href=format!("/notices/statement?year={year}")>{w.statement_link(year)}</a></li>
                                <li><a href=format!("/notices/statement.pdf?year={year}") download="">{w.pdf_link(year)}</a></li>
                                <li><a href=format!("/notices/statement.csv?year={year}") download="">{w.csv_link(year)}</a></li>
                            </ul>
                            <p>{w.receipts_lead}</p>
                            <p><a href=format!("/notices/statement.xlsx?year={year}") download="">{w.xlsx_link(year)}</a></p>
                        </section>
                    }.into_any()
                }
            }
        })}
    }
}
