//! The 医療費控除 statement: its server function and the printable page with the six
//! items the tax office asks for.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::query::refusal;
use super::words::month_text;
use crate::notices::model::{Statement, yen};
use kit::error::AppError;
use kit::i18n::{Lang, use_lang};
use kit::page::page_error;
use kit::page_data;
use kit::texts::id_text;

#[server(prefix = "/api", endpoint = "notices/statement", input = GetUrl)]
pub async fn my_statement(#[server(default)] year: String) -> Result<Statement, AppError> {
    use crate::platform::audit::{Actor, request_meta};
    let (_, member_id) = crate::identity::server_fns::member_session(kit::access::Access::MemberRecent).await?;
    let state = crate::platform::state::app_state()?;
    let actor = Actor::Caller(crate::identity::caller());
    super::ssr::statement(&state, &request_meta(), actor, member_id, super::query::parse_year(&year)?, crate::platform::audit::Action::NoticeStatement).await
}

#[component]
pub fn StatementPage() -> impl IntoView {
    let ja = use_lang() == Lang::Ja;
    let query = use_query_map();
    let data = page_data::load(move || query.with(|q| q.get("year").unwrap_or_default()), my_statement);
    let t = id_text();
    view! {
        <Title text=if ja { "医療費控除用の明細" } else { "Statement for a medical expense deduction" }/>
        {Suspend::new(async move {
            match data.await {
                Err(e @ AppError::BadQuery(_)) => {
                    let p = refusal(&e, "year").or(refusal(&e, "person"));
                    view! { <p class="field__error" role="alert">{p.map(|p| kit::form::problem_message(p, t))}</p> }.into_any()
                }
                Err(e) => page_error(e, "/notices/statement"),
                Ok(s) => view! {
                    <article class="statement">
                        <h1>{if ja { format!("医療費のお知らせ（{}年分・医療費控除用）", s.year) } else { format!("Medical cost notice for {} (for a deduction)", s.year) }}</h1>
                        <dl class="statement__head">
                            <dt>{if ja { "被保険者等の氏名" } else { "Insured person" }}</dt><dd data-item="insured">{s.insured_name.clone()}</dd>
                            <dt>{if ja { "保険者等の名称" } else { "Insurer" }}</dt><dd data-item="insurer">{s.insurer_name.clone()}</dd>
                            <dt>{if ja { "保険者番号" } else { "Insurer number" }}</dt><dd data-item="insurer-number">{s.insurer_number.clone()}</dd>
                            <dt>{if ja { "記号・番号" } else { "Card number" }}</dt><dd data-item="card">{s.card.clone()}</dd>
                        </dl>
                        <p class="statement__masked">{if ja { "保険者番号と記号・番号は、確定申告書に添付するためマスキング（伏せ字）にしています。" } else { "The insurer and card numbers are masked because this page is attached to a tax return." }}</p>
                        <div class="table-wrap">
                        <table class="table statement__lines table--stack">
                            {kit::page::table_head(&[("療養を受けた年月", "Month of care"), ("療養を受けた者", "Patient"), ("医療機関等の名称", "Provider"), ("区分", "Kind"), ("支払った医療費の額（円）", "Paid (yen)"), ("左のうち補てんされる金額（円）", "Of which paid back (yen)")].map(|(j, e)| if ja { j } else { e }))}
                            <tbody>
                                {s.rows.iter().map(|r| view! {
                                    <tr>
                                        <td data-label=if ja { "療養を受けた年月" } else { "Month of care" }>{month_text(&r.month, ja)}</td>
                                        <td data-label=if ja { "療養を受けた者" } else { "Patient" }>{r.patient.clone()}</td>
                                        <td data-label=if ja { "医療機関等の名称" } else { "Provider" }>{r.provider.clone()}</td>
                                        <td data-label=if ja { "区分" } else { "Kind" }>{r.category.label(ja)}</td>
                                        <td class="num" data-label=if ja { "支払った医療費の額" } else { "Paid" }>{yen(r.paid)}</td>
                                        <td class="num" data-label=if ja { "補てんされる金額" } else { "Paid back" }>{yen(r.compensated)}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                            <tfoot><tr>
                                <th scope="row" colspan="4">{if ja { "合計" } else { "Total" }}</th>
                                <td class="num" data-total="paid">{yen(s.total_paid)}</td>
                                <td class="num" data-total="compensated">{yen(s.total_compensated)}</td>
                            </tr></tfoot>
                        </table>
                        </div>
                        <p class="notice" role="note">{if ja {
                            "同じ医療費を、このお知らせと領収書（医療費集計フォーム）の両方で申告しないでください。どちらか一方で申告します。"
                        } else {
                            "Claim each expense one way only: with this notice or with receipts (the 医療費集計フォーム), never both."
                        }}</p>
                        {s.latest_month.clone().map(|m| view! { <p class="field__hint">{if ja { format!("{}診療分までのレセプトに基づきます。それ以降の分は、届きしだい追加されます。", month_text(&m, true)) } else { format!("Based on bills up to {}; later care is added as bills arrive.", month_text(&m, false)) }}</p> })}
                        <p class="no-print"><a href=format!("/notices?year={}", s.year)>{if ja { "医療費のお知らせに戻る" } else { "Back to the notices" }}</a>{if ja { "（印刷は、ブラウザーの印刷機能でA4に印刷できます）" } else { " (print with your browser's print command; the page fits A4)" }}</p>
                    </article>
                }.into_any(),
            }
        })}
    }
}
