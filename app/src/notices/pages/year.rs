//! The member's year view: the server function that reads a year of notices, and the
//! page with its totals per person, the chart and the lines.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::query::refusal;
use super::words::{month_text, visibility_words};
use crate::identity::views::relationship_label;
use crate::notices::model::{CHART_BASE, CHART_TOP, CHART_WIDTH, NoticeYear, bars, yen};
use kit::error::AppError;
use kit::i18n::{Lang, use_lang};
use kit::page::page_error;
use kit::page_data;
use kit::texts::id_text;

#[server(prefix = "/api", endpoint = "notices", input = GetUrl)]
pub async fn my_notices(#[server(default)] year: String, #[server(default)] person: String) -> Result<NoticeYear, AppError> {
    use crate::platform::audit::{Actor, request_meta};
    let (_, member_id) = crate::identity::server_fns::member_session(kit::access::Access::MemberRecent).await?;
    let (year, person) = (super::query::parse_year(&year)?, super::query::parse_person(&person)?);
    let state = crate::platform::state::app_state()?;
    let actor = Actor::Caller(crate::identity::caller());
    crate::notices::store::year_view(&state, &request_meta(), actor, member_id, year, person, crate::platform::audit::Action::NoticeView).await
}

fn caveats(ja: bool, latest: Option<&str>) -> impl IntoView {
    let reach = latest.map(|m| {
        if ja { format!("現在、{}診療分までを表示しています。", month_text(m, true)) } else { format!("Care up to {} is shown so far.", month_text(m, false)) }
    });
    view! {
        <div class="notice" role="note">
            <p><strong>{if ja { "ご注意" } else { "Please note" }}</strong></p>
            <ul>
                <li>{if ja { "金額は、医療機関等から健康保険組合に届いた診療報酬明細書（レセプト）によるものです。窓口で支払った額と異なることがあります。" } else { "Amounts come from the bills (レセプト) providers sent to the society and can differ from what you paid at the counter." }}</li>
                <li>{if ja { "レセプトが届くまで、受診からおよそ3か月かかります。最近の受診はまだ表示されません。" } else { "Bills reach the society about three months after the visit: recent care is not shown yet." }}</li>
                <li>{if ja { "18歳以上のご家族の分は、ご本人の同意があるときだけ表示します。" } else { "Adult family members' care is shown only with their consent." }}</li>
                {reach.map(|r| view! { <li>{r}</li> })}
            </ul>
        </div>
    }
}

/// The monthly 窓口負担額 as a bar chart drawn on the server (readable without
/// JavaScript), with the numbers as a table for screen readers and anyone who prefers them.
fn chart(monthly: &[i64], year: i32, ja: bool) -> impl IntoView {
    let title = if ja { format!("{year}年 月別の窓口負担額") } else { format!("Amount paid at the counter by month, {year}") };
    let total: i64 = monthly.iter().sum();
    let summary = if ja {
        format!("1月から12月までの窓口負担額の棒グラフです。合計{}円。数値は下の表にもあります。", yen(total))
    } else {
        format!("Bar chart of the amount paid at the counter, January to December; total ¥{}. The figures are also in the table below.", yen(total))
    };
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
                <summary>{if ja { "グラフの数値を表で見る" } else { "Show the figures as a table" }}</summary>
                <div class="table-wrap">
                    <table class="table">
                        {kit::page::table_head(&[("月", "Month"), ("窓口負担額（円）", "Paid (yen)")].map(|(j, e)| if ja { j } else { e }))}
                        <tbody>
                            {monthly.iter().enumerate().map(|(i, a)| view! { <tr><th scope="row">{format!("{}{}", i + 1, if ja { "月" } else { "" })}</th><td class="num">{yen(*a)}</td></tr> }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </details>
        </figure>
    }
}

#[component]
pub fn NoticesPage() -> impl IntoView {
    let lang = use_lang();
    let ja = lang == Lang::Ja;
    let t = id_text();
    let query = use_query_map();
    let params = move || query.with(|q| (q.get("year").unwrap_or_default(), q.get("person").unwrap_or_default()));
    let data = page_data::load(params, |(y, p)| my_notices(y, p));
    let title = if ja { "医療費のお知らせ" } else { "Medical cost notices" };
    view! {
        <Title text=title/>
        <h1>{title}</h1>
        <p>{if ja {
            "健康保険で受けた診療の内容と医療費です。年ごと・月ごと・ご家族ごとに確認でき、医療費控除の明細書としても使えます。"
        } else {
            "The care you received under the health insurance and what it cost, by year, month and family member. It can also serve as the statement for a medical expense deduction."
        }}</p>
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
                        <p><a href="/notices">{if ja { "医療費のお知らせ（最新の年）を表示する" } else { "Show the latest year" }}</a></p>
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
                    view! {
                        {caveats(ja, n.latest_month.as_deref())}
                        <form method="get" action="/notices" class="form filters" role="search">
                            <div class="field field--inline">
                                <label for="n-year">{if ja { "年" } else { "Year" }}</label>
                                <select id="n-year" name="year">
                                    {n.years.iter().map(|y| view! { <option value=y.to_string() selected=*y == year>{if ja { format!("{y}年") } else { y.to_string() }}</option> }).collect_view()}
                                </select>
                            </div>
                            <div class="field field--inline">
                                <label for="n-person">{if ja { "受診者" } else { "Person" }}</label>
                                <select id="n-person" name="person">
                                    <option value="" selected=person_value.is_empty()>{if ja { "表示できる全員" } else { "Everyone shown" }}</option>
                                    {shown.iter().map(|p| view! { <option value=p.member_id.to_string() selected=person_value == p.member_id.to_string()>{p.name.clone()}</option> }).collect_view()}
                                </select>
                            </div>
                            <button type="submit" class="button">{if ja { "表示" } else { "Show" }}</button>
                        </form>
                        <section aria-labelledby="totals">
                            <h2 id="totals">{if ja { format!("{year}年の合計") } else { format!("Totals for {year}") }}</h2>
                            <div class="table-wrap">
                                <table class="table notice-totals table--stack">
                                    {kit::page::table_head(&[("受診者", "Person"), ("件数", "Bills"), ("医療費総額", "Total cost"), ("窓口負担額", "Paid at the counter"), ("給付金（払い戻し）", "Paid back")].map(|(j, e)| if ja { j } else { e }))}
                                    <tbody>
                                        {shown.iter().filter(|p| n.person.is_none_or(|c| c == p.member_id)).map(|p| view! {
                                            <tr data-person=p.member_id>
                                                <th scope="row">{format!("{}（{}）", p.name, relationship_label(&p.relationship, t))}</th>
                                                <td class="num" data-label=if ja { "件数" } else { "Bills" }>{p.totals.lines}</td>
                                                <td class="num" data-label=if ja { "医療費総額" } else { "Total cost" }>{format!("{}円", yen(p.totals.total_cost))}</td>
                                                <td class="num" data-label=if ja { "窓口負担額" } else { "Paid at the counter" }>{format!("{}円", yen(p.totals.copay))}</td>
                                                <td class="num" data-label=if ja { "給付金" } else { "Paid back" }>{format!("{}円", yen(p.totals.compensated))}</td>
                                            </tr>
                                        }).collect_view()}
                                        <tr class="total" data-person="all">
                                            <th scope="row">{if ja { "合計" } else { "Total" }}</th>
                                            <td class="num" data-label=if ja { "件数" } else { "Bills" }>{all_totals.lines}</td>
                                            <td class="num" data-label=if ja { "医療費総額" } else { "Total cost" }>{format!("{}円", yen(all_totals.total_cost))}</td>
                                            <td class="num" data-label=if ja { "窓口負担額" } else { "Paid at the counter" }>{format!("{}円", yen(all_totals.copay))}</td>
                                            <td class="num" data-label=if ja { "給付金" } else { "Paid back" }>{format!("{}円", yen(all_totals.compensated))}</td>
                                        </tr>
                                    </tbody>
                                </table>
                            </div>
                            {(!hidden.is_empty()).then(|| view! {
                                <ul class="household-hidden">
                                    {hidden.iter().map(|p| view! { <li data-hidden=p.member_id>{format!("{}: {}", p.name, visibility_words(p.visibility, ja))}</li> }).collect_view()}
                                </ul>
                            })}
                            <p><a href="/notices/sharing">{if ja { "ご家族への表示の設定" } else { "Sharing with your household" }}</a></p>
                        </section>
                        {chart(&n.monthly_copay, year, ja)}
                        <section aria-labelledby="lines">
                            <h2 id="lines">{if ja { "明細" } else { "Lines" }}</h2>
                            {if n.lines.is_empty() {
                                view! { <p role="status">{if ja { "この年の明細はまだありません。" } else { "No lines for this year yet." }}</p> }.into_any()
                            } else {
                                view! {
                                    <div class="table-wrap">
                                        <table class="table notice-lines table--stack">
                                            {kit::page::table_head(&[("診療年月", "Month"), ("受診者", "Person"), ("医療機関等", "Provider"), ("区分", "Kind"), ("日数", "Days"), ("医療費総額", "Total cost"), ("窓口負担額", "Paid"), ("給付金", "Paid back")].map(|(j, e)| if ja { j } else { e }))}
                                            <tbody>
                                                {n.lines.iter().map(|l| view! {
                                                    <tr data-member=l.member_id data-month=l.month.clone()>
                                                        <td data-label=if ja { "診療年月" } else { "Month" }>{month_text(&l.month, ja)}</td>
                                                        <td data-label=if ja { "受診者" } else { "Person" }>{name_of(l.member_id)}</td>
                                                        <td data-label=if ja { "医療機関等" } else { "Provider" }>{l.provider.clone()}</td>
                                                        <td data-label=if ja { "区分" } else { "Kind" }>{l.category.label(ja)}</td>
                                                        <td class="num" data-label=if ja { "日数" } else { "Days" }>{l.days}</td>
                                                        <td class="num" data-label=if ja { "医療費総額" } else { "Total cost" }>{yen(l.total_cost)}</td>
                                                        <td class="num" data-label=if ja { "窓口負担額" } else { "Paid" }>{yen(l.copay)}</td>
                                                        <td class="num" data-label=if ja { "給付金" } else { "Paid back" }>{yen(l.compensated())}</td>
                                                    </tr>
                                                }).collect_view()}
                                            </tbody>
                                        </table>
                                    </div>
                                }.into_any()
                            }}
                        </section>
                        <section aria-labelledby="deduction" class="card">
                            <h2 id="deduction">{if ja { "医療費控除に使う" } else { "For a medical expense deduction" }}</h2>
                            <p>{if ja {
                                "確定申告の医療費控除で、このお知らせを「医療費控除の明細書」の代わりに使えます。同じ医療費を、このお知らせと領収書の両方で申告しないでください（どちらか一方だけです）。"
                            } else {
                                "You can use this notice instead of itemising receipts for a medical expense deduction. Claim each expense one way only: with this notice or with receipts, never both."
                            }}</p>
                            <ul class="link-list">
                                <li><a href=format!("/notices/statement?year={year}")>{if ja { format!("{year}年分の医療費控除用の明細（印刷用）") } else { format!("Statement for {year} (printable)") }}</a></li>
                                <li><a href=format!("/notices/statement.pdf?year={year}") download="">{if ja { format!("{year}年分の明細をPDFでダウンロード") } else { format!("Download the {year} statement as PDF") }}</a></li>
                                <li><a href=format!("/notices/statement.csv?year={year}") download="">{if ja { format!("{year}年分の明細をCSVでダウンロード") } else { format!("Download the {year} statement as CSV") }}</a></li>
                            </ul>
                            <p>{if ja {
                                "領収書で申告する方へ：国税庁の「医療費集計フォーム」と同じ列の表（Excel形式）も用意しています。医療費のお知らせで申告する分は、表から削除してください。"
                            } else {
                                "If you itemise receipts: a spreadsheet in the columns of the tax office's 医療費集計フォーム. Delete the rows you claim with this notice."
                            }}</p>
                            <p><a href=format!("/notices/statement.xlsx?year={year}") download="">{if ja { format!("{year}年分の医療費集計フォーム（Excel形式）をダウンロード") } else { format!("Download the {year} 医療費集計フォーム (xlsx)") }}</a></p>
                        </section>
                    }.into_any()
                }
            }
        })}
    }
}
