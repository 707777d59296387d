//! The member's 医療費のお知らせ pages and their server functions: the year view with its
//! chart, the 医療費控除 statement, and the household display setting; and the staff
//! page that records a paper consent.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos::server_fn::codec::GetUrl;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use super::model::{
    CHART_BASE, CHART_TOP, CHART_WIDTH, NoticeYear, Statement, Visibility, bars, yen,
};
use kit::error::AppError;
use kit::form::{FieldError, FormError, Problem, use_feedback};
use kit::i18n::{Lang, use_lang};
use kit::access::StaffRole;
use kit::texts::id_text;
use crate::identity::views::relationship_label;
use kit::page::page_error;
use kit::page_data;
use kit::page::problem_view;

/// Who may record a paper consent or opt-out: the counter (受付) and the reviewers.
pub const PAPER_ROLES: &[StaffRole] = &[StaffRole::Intake, StaffRole::Reviewer];

pub use super::imports::IMPORT_ROLES;

/// `""` → the default year; otherwise a year, or a refusal next to the year field.
pub fn parse_year(raw: &str) -> Result<Option<i32>, AppError> {
    match raw.trim() {
        "" => Ok(None),
        y => y
            .parse::<i32>()
            .map(Some)
            .map_err(|_| AppError::BadQuery(vec![FieldError::new("year", Problem::YearOutOfRange)])),
    }
}

/// `""` → everyone shown; otherwise a member id, or a refusal next to the person field.
pub fn parse_person(raw: &str) -> Result<Option<i64>, AppError> {
    match raw.trim() {
        "" | "all" => Ok(None),
        p => p.parse::<i64>().map(Some).map_err(|_| AppError::BadQuery(vec![FieldError::new("person", Problem::NotShared)])),
    }
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::*;
    use crate::platform::audit::{Actor, RequestMeta};
    use crate::platform::state::AppState;

    /// The 医療費控除 statement of a year: the lines shown to the member, with the
    /// society's name and the member's, and the numbers masked.
    pub async fn statement(
        state: &AppState,
        meta: &RequestMeta,
        actor: Actor,
        member_id: i64,
        year: Option<i32>,
        action: &'static str,
    ) -> Result<Statement, AppError> {
        let data = super::super::store::year_view(state, meta, actor, member_id, year, None, action).await?;
        let (_, publication) = crate::publication::ssr::current_shared(state).await?.ok_or(AppError::Unavailable)?;
        let me = data.people.iter().find(|p| p.member_id == member_id).map(|p| p.name.clone()).unwrap_or_default();
        Ok(super::super::model::statement(
            data.year,
            &me,
            &publication.society.name,
            &data.people,
            &data.lines,
            data.latest_month.clone(),
        ))
    }
}

#[server(prefix = "/api", endpoint = "notices", input = GetUrl)]
pub async fn my_notices(#[server(default)] year: String, #[server(default)] person: String) -> Result<NoticeYear, AppError> {
    use crate::platform::audit::{Actor, request_meta};
    let (_, member_id) = crate::identity::server_fns::member_session(kit::access::Access::MemberRecent).await?;
    let (year, person) = (parse_year(&year)?, parse_person(&person)?);
    let state = crate::platform::state::app_state()?;
    let actor = Actor::Caller(crate::identity::caller());
    super::store::year_view(&state, &request_meta(), actor, member_id, year, person, "notice.view").await
}

#[server(prefix = "/api", endpoint = "notices/statement", input = GetUrl)]
pub async fn my_statement(#[server(default)] year: String) -> Result<Statement, AppError> {
    use crate::platform::audit::{Actor, request_meta};
    let (_, member_id) = crate::identity::server_fns::member_session(kit::access::Access::MemberRecent).await?;
    let state = crate::platform::state::app_state()?;
    let actor = Actor::Caller(crate::identity::caller());
    ssr::statement(&state, &request_meta(), actor, member_id, parse_year(&year)?, "notice.statement").await
}

/// The household display setting as the setting page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sharing {
    pub is_insured: bool,
    /// For a dependent: whether their lines are shown to the 被保険者 now.
    pub own: Visibility,
    /// For the 被保険者: each other person and what they see of them.
    pub household: Vec<(String, String, Visibility)>,
}

#[server(prefix = "/api", endpoint = "notices/sharing", input = GetUrl)]
pub async fn notice_sharing() -> Result<Sharing, AppError> {
    use crate::platform::audit::{Actor, AuditEvent, audited_read, request_meta};
    let (_, member_id) = crate::identity::server_fns::member_session(kit::access::Access::Member).await?;
    let state = crate::platform::state::app_state()?;
    let mut event = AuditEvent::new(Actor::Caller(crate::identity::caller()), "notice.sharing_view");
    event.subject_member_id = Some(member_id);
    event.data_category = Some("consent");
    event.record_ref = Some(format!("household_display?member={member_id}"));
    event.purpose = Some("household display setting".into());
    audited_read(&state, &request_meta(), event, || async {
        let (me, people) = super::store::household(&state, member_id).await?;
        let is_insured = me.4 == "insured";
        let own = if is_insured {
            Visibility::Own
        } else {
            // What the 被保険者 of this household sees of me.
            let insured: Option<i64> = sqlx::query_scalar(
                "SELECT id FROM members WHERE insurer_number = $1 AND symbol = $2 AND number = $3 \
                 AND relationship = 'insured' ORDER BY id LIMIT 1",
            )
            .bind(&me.1)
            .bind(&me.2)
            .bind(&me.3)
            .fetch_optional(&state.db.pool)
            .await?;
            match insured {
                Some(insured) => super::store::household(&state, insured)
                    .await?
                    .1
                    .into_iter()
                    .find(|(p, _, _)| p.0 == member_id)
                    .map_or(Visibility::NotHousehold, |(_, v, _)| v),
                None => Visibility::NotHousehold,
            }
        };
        let household = people.into_iter().skip(1).map(|(p, v, _)| (p.6, p.4, v)).collect();
        Ok(Sharing { is_insured, own, household })
    })
    .await
}

#[server(prefix = "/api", endpoint = "notices/sharing/set")]
pub async fn set_notice_sharing(choice: String) -> Result<(), AppError> {
    let result = async {
        use crate::platform::audit::{Actor, request_meta};
        let (_, member_id) = crate::identity::server_fns::member_session(kit::access::Access::MemberRecent).await?;
        let choice = super::model::DisplayChoice::from_code(&choice)
            .ok_or_else(|| AppError::Invalid(vec![FieldError::new("choice", Problem::Choice)]))?;
        let state = crate::platform::state::app_state()?;
        let actor = Actor::Caller(crate::identity::caller());
        super::store::record_choice(&state, &request_meta(), actor, member_id, choice, None).await?;
        Ok("/notices/sharing?saved=1".to_string())
    }
    .await;
    kit::form::respond(result, "/notices/sharing")
}

/// A paper consent or opt-out, as staff enter it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaperChoice {
    /// 記号・番号・枝番 of the person who signed.
    pub key: String,
    pub choice: String,
    /// The date on the form.
    pub signed_on: String,
}

#[server(prefix = "/api/staff", endpoint = "notices/consent")]
pub async fn record_paper_choice(form: PaperChoice) -> Result<(), AppError> {
    let result = async {
        use crate::platform::audit::{Actor, request_meta};
        let caller = crate::identity::guard(kit::access::Access::Staff(PAPER_ROLES)).await?;
        let kit::access::Caller::Staff { staff_id, .. } = caller else { return Err(AppError::Forbidden) };
        let state = crate::platform::state::app_state()?;
        let today = kit::time::tokyo_date(state.clock.now());
        let mut problems = Vec::new();
        let key = crate::ledger::parse_key(&form.key);
        let choice = super::model::DisplayChoice::from_code(&form.choice);
        let signed_on = kit::input::parse_date(&form.signed_on).ok();
        if key.is_none() {
            problems.push(FieldError::new("key", Problem::NotInRegistry));
        }
        if choice.is_none() {
            problems.push(FieldError::new("choice", Problem::Choice));
        }
        match signed_on {
            None => problems.push(FieldError::new("signed_on", Problem::Date(kit::form::DateErrorKind::Format))),
            Some(d) if d > today => problems.push(FieldError::new("signed_on", Problem::FutureDate)),
            Some(_) => {}
        }
        let member = match &key {
            Some(k) => crate::registry::store::find_id_by_card(&state, &k.0, &k.1, &k.2).await?,
            None => None,
        };
        if key.is_some() && member.is_none() {
            problems.push(FieldError::new("key", Problem::NotInRegistry));
        }
        let (Some(member), Some(choice), Some(signed_on), true) = (member, choice, signed_on, problems.is_empty()) else {
            return Err(AppError::Invalid(problems));
        };
        let actor = Actor::Caller(caller.clone());
        super::store::record_choice(&state, &request_meta(), actor, member, choice, Some((staff_id, signed_on))).await?;
        Ok("/staff/notices?recorded=1".to_string())
    }
    .await;
    kit::form::respond(result, "/staff/notices")
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

/// `2026-08` as 2026年8月 / August 2026.
pub fn month_text(month: &str, ja: bool) -> String {
    let y = month.get(..4).unwrap_or("");
    let m: u32 = month.get(5..7).and_then(|m| m.parse().ok()).unwrap_or(0);
    if ja {
        format!("{y}年{m}月")
    } else {
        const NAMES: [&str; 12] = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
        format!("{} {y}", NAMES.get(m.saturating_sub(1) as usize).copied().unwrap_or(""))
    }
}

fn visibility_words(v: Visibility, ja: bool) -> &'static str {
    match (v, ja) {
        (Visibility::Own, true) => "ご本人",
        (Visibility::Minor, true) => "表示しています（18歳未満のため）",
        (Visibility::Consented, true) => "表示しています（ご本人の同意があります）",
        (Visibility::NeedsConsent, true) => "表示していません（18歳以上の方は、ご本人の同意が必要です）",
        (Visibility::OptedOut, true) => "表示していません（ご本人が表示しないことを選んでいます）",
        (Visibility::NotHousehold, true) => "表示できません",
        (Visibility::Own, false) => "You",
        (Visibility::Minor, false) => "Shown (under 18)",
        (Visibility::Consented, false) => "Shown (they consented)",
        (Visibility::NeedsConsent, false) => "Not shown (an adult's notices need their consent)",
        (Visibility::OptedOut, false) => "Not shown (they chose not to share)",
        (Visibility::NotHousehold, false) => "Not available",
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
                        {kit::page::table_head(&[("月", "Month"), ("窓口負担額（円）", "Paid (yen)")], ja)}
                        <tbody>
                            {monthly.iter().enumerate().map(|(i, a)| view! { <tr><th scope="row">{format!("{}{}", i + 1, if ja { "月" } else { "" })}</th><td class="num">{yen(*a)}</td></tr> }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </details>
        </figure>
    }
}

fn refusal(e: &AppError, field: &'static str) -> Option<Problem> {
    match e {
        AppError::BadQuery(fields) => fields.iter().find(|f| f.field == field).map(|f| f.problem),
        _ => None,
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
                    let all_totals = super::model::totals(&n.lines, None);
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
                                    {kit::page::table_head(&[("受診者", "Person"), ("件数", "Bills"), ("医療費総額", "Total cost"), ("窓口負担額", "Paid at the counter"), ("給付金（払い戻し）", "Paid back")], ja)}
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
                                            {kit::page::table_head(&[("診療年月", "Month"), ("受診者", "Person"), ("医療機関等", "Provider"), ("区分", "Kind"), ("日数", "Days"), ("医療費総額", "Total cost"), ("窓口負担額", "Paid"), ("給付金", "Paid back")], ja)}
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
                            {kit::page::table_head(&[("療養を受けた年月", "Month of care"), ("療養を受けた者", "Patient"), ("医療機関等の名称", "Provider"), ("区分", "Kind"), ("支払った医療費の額（円）", "Paid (yen)"), ("左のうち補てんされる金額（円）", "Of which paid back (yen)")], ja)}
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

#[component]
pub fn SharingPage() -> impl IntoView {
    let ja = use_lang() == Lang::Ja;
    let t = id_text();
    let query = use_query_map();
    let saved = move || query.with(|q| q.get("saved").is_some());
    let feedback = use_feedback();
    let data = page_data::load(|| (), |_| notice_sharing());
    let title = if ja { "ご家族への表示の設定（医療費のお知らせ）" } else { "Sharing your medical cost notices with your household" };
    view! {
        <Title text=title/>
        <h1>{title}</h1>
        {kit::page::done_notice(saved, if ja { "設定を保存しました。" } else { "Saved." })}
        <FormError feedback/>
        {Suspend::new(async move {
            match data.await {
                Err(e) => page_error(e, "/notices/sharing"),
                Ok(s) if s.is_insured => view! {
                    <p>{if ja {
                        "被保険者のあなたには、18歳未満のご家族の分を表示します。18歳以上のご家族の分は、その方ご本人が同意したときだけ表示します。同意は、ご本人がこのポータルのご自分のアカウントで、または書面（窓口・郵送）ですることができ、いつでも取り消せます。"
                    } else {
                        "You see the notices of family members under 18. An adult family member's notices are shown only when they consent, in their own account or on paper, and they can withdraw it at any time."
                    }}</p>
                    <ul class="household-sharing">
                        {s.household.into_iter().map(|(name, rel, v)| view! {
                            <li data-visibility=format!("{v:?}")>{format!("{name}（{}）: {}", relationship_label(&rel, t), visibility_words(v, ja))}</li>
                        }).collect_view()}
                    </ul>
                }.into_any(),
                Ok(s) => view! {
                    <p>{if ja {
                        "被保険者（世帯主）の「医療費のお知らせ」に、あなたの受診の分を表示するかどうかを選べます。18歳以上の方は、同意したときだけ表示します。18歳未満の方は、表示しないことを選べます。"
                    } else {
                        "Choose whether your care appears in the insured person's notices. For adults it appears only with consent; under 18, you may choose not to show it."
                    }}</p>
                    <p class="sharing-now" data-visibility=format!("{:?}", s.own)><strong>{if ja { "いまの設定: " } else { "Now: " }}</strong>{visibility_words(s.own, ja)}</p>
                    <form method="post" action=SetNoticeSharing::url() class="form">
                        {problem_view(feedback, "choice")}
                        <button type="submit" name="choice" value="consent" class="button">{if ja { "表示することに同意する" } else { "I consent to showing them" }}</button>
                        " "
                        <button type="submit" name="choice" value="opt_out" class="button button--secondary">{if ja { "表示しない（同意を取り消す）" } else { "Do not show them (withdraw consent)" }}</button>
                    </form>
                }.into_any(),
            }
        })}
        <p><a href="/notices">{if ja { "医療費のお知らせに戻る" } else { "Back to the notices" }}</a></p>
    }
}

#[component]
pub fn StaffNoticesPage() -> impl IntoView {
    let ja = use_lang() == Lang::Ja;
    let query = use_query_map();
    let recorded = move || query.with(|q| q.get("recorded").is_some());
    let posted = use_feedback();
    let title = if ja { "医療費のお知らせ：書面による同意・表示しない旨の記録" } else { "Medical cost notices: recording a paper consent or opt-out" };
    view! {
        <Title text=title/>
        <h1>{title}</h1>
        <p>{if ja {
            "18歳以上のご家族が書面で「被保険者の医療費のお知らせに自分の分を表示すること」に同意したとき、またはご家族が表示しないことを書面で申し出たときに記録します。記録は取り消さず、新しい記録が優先します。"
        } else {
            "Record a family member's paper consent to appear in the insured person's notices, or their paper request not to. Records are kept; the newest one counts."
        }}</p>
        {kit::page::done_notice(recorded, if ja { "記録しました。" } else { "Recorded." })}
        <FormError feedback=posted/>
        <form method="post" action=RecordPaperChoice::url() class="form">
            <div class="field">
                <label for="pc-key">{if ja { "ご本人（署名した方）の記号・番号・枝番" } else { "The signer's 記号・番号・枝番" }}</label>
                <span class="field__hint">{if ja { "例: 1001-23-01" } else { "e.g. 1001-23-01" }}</span>
                {problem_view(posted, "key")}
                <input id="pc-key" name="form[key]" type="text" maxlength="40" autocomplete="off"/>
            </div>
            <div class="field">
                <label for="pc-choice">{if ja { "内容" } else { "Choice" }}</label>
                {problem_view(posted, "choice")}
                <select id="pc-choice" name="form[choice]">
                    <option value="consent">{if ja { "表示に同意する" } else { "Consents to showing" }}</option>
                    <option value="opt_out">{if ja { "表示しない（同意の取消し）" } else { "Not to be shown (withdrawal)" }}</option>
                </select>
            </div>
            <div class="field">
                <label for="pc-date">{if ja { "書面の日付" } else { "Date on the form" }}</label>
                <span class="field__hint">{if ja { "例: 2026-11-20" } else { "e.g. 2026-11-20" }}</span>
                {problem_view(posted, "signed_on")}
                <input id="pc-date" name="form[signed_on]" type="text" maxlength="20" autocomplete="off"/>
            </div>
            <button type="submit" class="button">{if ja { "記録する" } else { "Record" }}</button>
        </form>
    }
}

