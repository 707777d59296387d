//! The member's year view: the server function that reads a year of notices, and the
//! page with its totals per person, the chart and the lines.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::query::refusal;
use super::words::{coverage_text, month_text};
use kit::page::table_head;
use crate::identity::views::relationship_label;
use crate::notices::model::{CHART_BASE, CHART_TOP, CHART_WIDTH, NoticeRow, NoticeYear, bars, by_month, yen};
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

/// The year's 医療費控除 statement: shown and printed, or downloaded (the first thing on
/// the page, as it is what members come for in the tax season), under what a year that is
/// not complete yet says of itself.
fn deduction(year: i32, partial: Option<String>, t: &'static NoticeText) -> impl IntoView {
    view! {
        <section aria-labelledby="deduction" class="card deduction" data-deduction="">
            <h2 id="deduction">{t.deduction_year(year)}</h2>
            {partial.map(|p| view! { <p class="notice notice--warn" role="note" data-partial="">{p}</p> })}
            <p class="deduction__print"><a class="button" href=format!("/notices/statement?year={year}")>{t.statement_link}</a></p>
            <ul class="link-list">
                <li><a href=format!("/notices/statement.pdf?year={year}") download="">{t.pdf_link}</a></li>
                <li><a href=format!("/notices/statement.csv?year={year}") download="">{t.csv_link}</a></li>
            </ul>
            <p class="note">{t.deduction_lead}</p>
            <details class="more">
                <summary>{t.receipts_summary}</summary>
                <p>{t.receipts_lead}</p>
                <p><a href=format!("/notices/statement.xlsx?year={year}") download="">{t.xlsx_link(year)}</a></p>
            </details>
        </section>
    }
}

/// One summary line per month; each month's bills open under it (`<details>`: no
/// JavaScript needed), so a whole year is a few screens on a phone.
fn months(lines: &[NoticeRow], name_of: impl Fn(i64) -> String, t: &'static NoticeText) -> impl IntoView {
    view! {
        <ul class="months">
            {by_month(lines).into_iter().map(|g| view! {
                <li>
                    <details class="month" data-month=g.month.clone()>
                        <summary>
                            <span class="month__name">{month_text(&g.month, t)}</span>
                            " "
                            <span class="month__figures">
                                <span>{t.bills(g.totals.lines)}</span>" "
                                <span>{t.cost_of(&yen(g.totals.total_cost))}</span>" "
                                <span>{t.paid_of(&yen(g.totals.copay))}</span>
                            </span>
                        </summary>
                        <ul class="notice-lines">
                            {g.lines.iter().map(|l| view! {
                                <li class="notice-line" data-member=l.member_id data-month=l.month.clone()>
                                    <p class="notice-line__title"><strong lang="ja">{l.provider.clone()}</strong>{format!("（{}）", l.category.label(t.lang))}</p>
                                    <dl class="figures">
                                        <div><dt>{t.person}</dt><dd lang="ja">{name_of(l.member_id)}</dd></div>
                                        <div><dt>{t.col_days}</dt><dd>{l.days}</dd></div>
                                        <div><dt>{t.col_total_cost}</dt><dd>{t.yen(&yen(l.total_cost))}</dd></div>
                                        <div><dt>{t.col_paid}</dt><dd>{t.yen(&yen(l.copay))}</dd></div>
                                        <div><dt>{t.paid_back}</dt><dd>{t.yen(&yen(l.compensated()))}</dd></div>
                                    </dl>
                                </li>
                            }
                            // Erased: the month's nested view type is otherwise too deep to compile.
                            .into_any()).collect_view()}
                        </ul>
                    </details>
                </li>
            }).collect_view()}
        </ul>
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
                    let partial = coverage_text(year, &n.coverage, w);
                    view! {
                        {deduction(year, partial, w)}
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
                        {(!stopped.is_empty()).then(|| view! {
                            <div class="notice" role="status" data-use-stopped="">
                                {stopped.into_iter().map(|s| view! { <p>{s}</p> }).collect_view()}
                            </div>
                        })}
                        <section aria-labelledby="totals">
                            <h2 id="totals">{w.totals_heading(year)}</h2>
                            <dl class="figures figures--year" data-totals="all">
                                <div><dt>{w.col_bills}</dt><dd>{all_totals.lines}</dd></div>
                                <div><dt>{w.col_total_cost}</dt><dd>{w.yen(&yen(all_totals.total_cost))}</dd></div>
                                <div><dt>{w.col_copay}</dt><dd>{w.yen(&yen(all_totals.copay))}</dd></div>
                                <div><dt>{w.col_paid_back}</dt><dd>{w.yen(&yen(all_totals.compensated))}</dd></div>
                            </dl>
                            <details class="more">
                                <summary>{w.per_person}</summary>
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
                                        </tbody>
                                    </table>
                                </div>
                            </details>
                            {(!hidden.is_empty()).then(|| view! {
                                <ul class="household-hidden">
                                    {hidden.iter().map(|p| view! { <li data-hidden=p.member_id>{format!("{}: {}", p.name, p.visibility.label(w.lang))}</li> }).collect_view()}
                                </ul>
                            })}
                            <p><a href="/notices/sharing">{w.sharing_link}</a></p>
                        </section>
                        <section aria-labelledby="lines">
                            <h2 id="lines">{w.lines_heading}</h2>
                            {if n.lines.is_empty() {
                                view! { <p role="status">{w.no_lines}</p> }.into_any()
                            } else {
                                view! {
                                    <p class="note">{w.lines_hint}</p>
                                    {months(&n.lines, name_of, w)}
                                }.into_any()
                            }}
                        </section>
                        {chart(&n.monthly_copay, year, w)}
                        <section aria-labelledby="about">
                            <h2 id="about">{w.about_heading}</h2>
                            <p>{w.lead}</p>
                            {caveats(w, n.latest_month.as_deref())}
                        </section>
                    }.into_any()
                }
            }
        })}
    }
}
