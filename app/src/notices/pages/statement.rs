//! The 医療費控除 statement: its server function and the printable page with the six
//! items the tax office asks for.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::query::refusal;
use super::words::{coverage_text, month_text};
use crate::platform::print::PrintButton;
use kit::page::table_head;
use crate::notices::model::{Statement, yen};
use crate::notices::texts::notice_text;
use kit::error::AppError;
use kit::page::page_error;
use kit::page_data;
use kit::texts::id_text;

#[server(prefix = "/api", endpoint = "notices/statement", input = GetUrl)]
pub async fn my_statement(#[server(default)] year: String) -> Result<Statement, AppError> {
    use crate::platform::audit::Actor;
    use crate::platform::audit::store::request_meta;
    let (_, member_id) = crate::identity::store::member_session(kit::access::Access::Member(kit::access::MemberAction::Read)).await?;
    let state = crate::platform::state::app_state()?;
    let actor = Actor::Caller(crate::identity::store::caller());
    super::store::statement(&state, &request_meta(), actor, member_id, super::query::parse_year(&year)?, crate::platform::audit::Action::NoticeStatement).await
}

#[component]
pub fn StatementPage() -> impl IntoView {
    let w = notice_text();
    let query = use_query_map();
    let data = page_data::load(move || query.with(|q| q.get("year").unwrap_or_default()), my_statement);
    let t = id_text();
    view! {
        <Title text=w.statement_title/>
        {Suspend::new(async move {
            match data.await {
                Err(e @ AppError::BadQuery(_)) => {
                    let p = refusal(&e, "year").or_else(|| refusal(&e, "person"));
                    view! { <p class="field__error" role="alert">{p.map(|p| kit::form::problem_message(p, t))}</p> }.into_any()
                }
                Err(e) => page_error(e, "/notices/statement"),
                Ok(s) => view! {
                    <div class="no-print statement__actions">
                        <PrintButton label=w.print.to_string()/>
                        <p class="note">{w.print_hint}</p>
                        <p><a href=format!("/notices?year={}", s.year)>{w.back}</a></p>
                    </div>
                    <article class="statement">
                        <h1>{w.statement_heading(s.year)}</h1>
                        {coverage_text(s.year, &s.coverage, w).map(|p| view! { <p class="notice notice--warn" role="note" data-partial="">{p}</p> })}
                        <dl class="statement__head">
                            <dt>{w.insured}</dt><dd data-item="insured">{s.insured_name.clone()}</dd>
                            <dt>{w.insurer}</dt><dd data-item="insurer">{s.insurer_name.clone()}</dd>
                            <dt>{w.insurer_number}</dt><dd data-item="insurer-number">{s.insurer_number.clone()}</dd>
                            <dt>{w.card}</dt><dd data-item="card">{s.card.clone()}</dd>
                        </dl>
                        <p class="statement__masked">{w.masked}</p>
                        <div class="table-wrap">
                        <table class="table statement__lines table--stack">
                            {table_head(&[w.col_care_month, w.col_patient, w.col_provider_name, w.col_kind, w.col_paid_amount_yen, w.col_compensated_yen])}
                            <tbody>
                                {s.rows.iter().map(|r| view! {
                                    <tr>
                                        <td data-label=w.col_care_month>{month_text(&r.month, w)}</td>
                                        <td data-label=w.col_patient>{r.patient.clone()}</td>
                                        <td data-label=w.col_provider_name>{r.provider.clone()}</td>
                                        <td data-label=w.col_kind>{r.category.label(w.lang)}</td>
                                        <td class="num" data-label=w.col_paid_amount>{yen(r.paid)}</td>
                                        <td class="num" data-label=w.col_compensated>{yen(r.compensated)}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                            <tfoot><tr>
                                <th scope="row" colspan="4">{w.total}</th>
                                <td class="num" data-total="paid">{yen(s.total_paid)}</td>
                                <td class="num" data-total="compensated">{yen(s.total_compensated)}</td>
                            </tr></tfoot>
                        </table>
                        </div>
                        <p class="notice" role="note">{w.one_way}</p>
                        {s.latest_month.clone().map(|m| view! { <p class="field__hint">{w.based_on(&month_text(&m, w))}</p> })}
                    </article>
                }.into_any(),
            }
        })}
    }
}
