//! Reports for 自己点検 and 監査: per 年度 (April to March), how many requests arrived by
//! month and type, how they were decided, how many business days a decision took (median
//! and 90th percentile, counted like the deadline: from the day after receipt), and every
//! request now past its due date.

use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use kit::error::AppError;
use kit::form::{Feedback, FieldError, FormError, Problem};
use kit::i18n::{Lang, use_lang};
use kit::access::StaffRole;
use kit::page::page_error;
use kit::page_data;
use crate::requests::decision::Outcome;
use crate::requests::texts::RqText;
use kit::rights::RequestType;
use kit::page::problem_view;
use super::texts::StaffText;

/// 責任者 and the auditor read the reports.
pub const REPORT_ROLES: &[StaffRole] = &[StaffRole::Approver, StaffRole::Auditor];
/// The overdue list is cut here (the queue shows the rest).
pub const OVERDUE_MAX: usize = 500;

/// The 年度 a date belongs to: April to the next March.
pub fn fiscal_year_of(d: NaiveDate) -> i32 {
    if d.month() >= 4 { d.year() } else { d.year() - 1 }
}

/// The first and last day of a 年度.
pub fn fiscal_range(fy: i32) -> Option<(NaiveDate, NaiveDate)> {
    Some((NaiveDate::from_ymd_opt(fy, 4, 1)?, NaiveDate::from_ymd_opt(fy + 1, 3, 31)?))
}

/// The twelve months of a 年度 as `YYYY-MM`, April first.
pub fn fiscal_months(fy: i32) -> Vec<String> {
    (0..12).map(|i| if i < 9 { format!("{fy}-{:02}", i + 4) } else { format!("{}-{:02}", fy + 1, i - 8) }).collect()
}

/// The 年度 asked for: empty means this one; else a year the society can have data for.
pub fn parse_fiscal_year(raw: &str, today: NaiveDate) -> Result<i32, Vec<FieldError>> {
    let current = fiscal_year_of(today);
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(current);
    }
    match raw.parse::<i32>() {
        Ok(fy) if (2000..=current).contains(&fy) => Ok(fy),
        _ => Err(vec![FieldError { field: "fy".into(), problem: Problem::Choice }]),
    }
}

/// Median and 90th percentile of whole numbers. The median of an even count is the mean of
/// the two middle values; the 90th percentile is the nearest rank (the smallest value with
/// at least 90 % of the values at or below it).
pub fn median_and_p90(values: &[i64]) -> Option<(f64, i64)> {
    let mut v = values.to_vec();
    v.sort_unstable();
    let n = v.len();
    let last = *v.last()?;
    let mid = n / 2;
    let median = if n % 2 == 1 {
        *v.get(mid)? as f64
    } else {
        (*v.get(mid - 1)? as f64 + *v.get(mid)? as f64) / 2.0
    };
    // ceil(0.9 n) as a 1-based rank, in integers.
    let rank = (9 * n).div_ceil(10);
    let p90 = v.get(rank.saturating_sub(1)).copied().unwrap_or(last);
    Some((median, p90))
}

/// How long one type's decisions took.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Timing {
    pub request_type: RequestType,
    pub decided: usize,
    pub median_days: f64,
    pub p90_days: i64,
}

/// A request past its due date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OverdueLine {
    pub receipt: String,
    pub request_type: RequestType,
    pub due_on: NaiveDate,
    pub business_days_over: i64,
    pub assignee: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub fiscal_year: i32,
    /// The years that can be chosen, newest first.
    pub years: Vec<i32>,
    pub months: Vec<String>,
    /// (month, type, count) of requests received.
    pub received: Vec<(String, RequestType, i64)>,
    /// (type, outcome, count) of decisions made in the year.
    pub decisions: Vec<(RequestType, Outcome, i64)>,
    pub timings: Vec<Timing>,
    pub overdue: Vec<OverdueLine>,
    /// More were overdue than the list holds.
    pub overdue_cut: bool,
    pub today: NaiveDate,
}

impl Report {
    pub fn received_in(&self, month: &str, t: RequestType) -> i64 {
        self.received.iter().filter(|(m, rt, _)| m == month && *rt == t).map(|(_, _, n)| n).sum()
    }
}

/// One decision as stored: its type, outcome, and receipt and decision dates.
pub type DecidedRow = (RequestType, Outcome, NaiveDate, NaiveDate);

/// Counts by type and outcome, and the business days each type took.
pub fn summarise(decided: &[DecidedRow], business_days: impl Fn(NaiveDate, NaiveDate) -> i64) -> (Vec<(RequestType, Outcome, i64)>, Vec<Timing>) {
    let mut counts: Vec<(RequestType, Outcome, i64)> = Vec::new();
    let mut timings = Vec::new();
    for t in RequestType::ALL {
        let mine: Vec<&DecidedRow> = decided.iter().filter(|(rt, ..)| *rt == t).collect();
        for o in Outcome::ALL {
            let n = mine.iter().filter(|(_, outcome, ..)| *outcome == o).count();
            if n > 0 {
                counts.push((t, o, i64::try_from(n).unwrap_or(i64::MAX)));
            }
        }
        let days: Vec<i64> = mine.iter().map(|(_, _, received, decided)| business_days(*received, *decided)).collect();
        if let Some((median_days, p90_days)) = median_and_p90(&days) {
            timings.push(Timing { request_type: t, decided: days.len(), median_days, p90_days });
        }
    }
    (counts, timings)
}

#[server(prefix = "/api/staff", endpoint = "reports", input = GetUrl)]
pub async fn staff_report(#[server(default)] fy: String) -> Result<Report, AppError> {
    use crate::identity::store::guard;
    use kit::access::Access;
    let caller = guard(Access::Staff(REPORT_ROLES)).await?;
    let state = crate::platform::state::app_state()?;
    let fy = parse_fiscal_year(&fy, state.clock.today_tokyo()).map_err(AppError::Invalid)?;
    crate::staff::store::reports::report(&state, &crate::platform::audit::store::request_meta(), &caller, fy).await
}

fn days_text(d: f64, lang: Lang) -> String {
    let shown = if d.fract() == 0.0 { format!("{d:.0}") } else { format!("{d:.1}") };
    StaffText::of(lang).business_days(&shown)
}

#[component]
pub fn StaffReportsPage() -> impl IntoView {
    let lang = use_lang();
    let tx = StaffText::of(lang);
    let query = use_query_map();
    let data = page_data::load(move || query.read_untracked().get("fy").unwrap_or_default(), staff_report);
    view! {
        <Title text=tx.reports_title/>
        <h1>{tx.reports_heading}</h1>
        {Suspend::new(async move {
            let report = match data.await {
                Ok(r) => r,
                Err(AppError::Invalid(fields)) => {
                    let feedback = Signal::stored(Feedback { fields, ..Feedback::default() });
                    return view! {
                        <FormError feedback/>
                        <form method="get" action="/staff/reports" class="form filters">
                            <div class="field field--inline">
                                <label for="r-fy">{tx.fiscal_year}</label>
                                {problem_view(feedback, "fy")}
                                <input id="r-fy" name="fy" inputmode="numeric" maxlength="4"/>
                            </div>
                            <button type="submit" class="button">{tx.show}</button>
                        </form>
                    }.into_any();
                }
                Err(e) => return page_error(e, "/staff/reports"),
            };
            report_view(report, lang).into_any()
        })}
    }
}

fn report_view(r: Report, lang: Lang) -> impl IntoView {
    let tx = StaffText::of(lang);
    let fy = r.fiscal_year;
    let year_label = move |y: i32| tx.fiscal_year_label(y);
    let months = r.months.clone();
    let received_rows = RequestType::ALL.map(|t| {
        let counts: Vec<i64> = months.iter().map(|m| r.received_in(m, t)).collect();
        let total: i64 = counts.iter().sum();
        view! {
            <tr>
                <th scope="row">{RqText::of(lang).type_name(t)}</th>
                {counts.into_iter().map(|n| view! { <td class="num">{n}</td> }).collect_view()}
                <td class="num"><strong>{total}</strong></td>
            </tr>
        }
    });
    let month_totals: Vec<i64> = months.iter().map(|m| RequestType::ALL.iter().map(|t| r.received_in(m, *t)).sum()).collect();
    let grand: i64 = month_totals.iter().sum();
    let overdue_count = r.overdue.len();
    view! {
        <form method="get" action="/staff/reports" class="form filters">
            <div class="field field--inline">
                <label for="r-fy">{tx.fiscal_year}</label>
                <select id="r-fy" name="fy">
                    {r.years.iter().map(|y| view! { <option value=y.to_string() selected=*y == fy>{year_label(*y)}</option> }).collect_view()}
                </select>
            </div>
            <button type="submit" class="button">{tx.show}</button>
        </form>

        <section class="card" aria-labelledby="rep-received">
            <h2 id="rep-received">{tx.received_heading(&year_label(fy))}</h2>
            <div class="table-wrap">
                <table class="report" data-report="received">
                    <thead>
                        <tr>
                            <th scope="col">{tx.col_type}</th>
                            {months.iter().map(|m| view! { <th scope="col">{m.get(5..).unwrap_or(m).trim_start_matches('0').to_string()}{tx.month_suffix}</th> }).collect_view()}
                            <th scope="col">{tx.col_total}</th>
                        </tr>
                    </thead>
                    <tbody>{received_rows}</tbody>
                    <tfoot>
                        <tr>
                            <th scope="row">{tx.col_total}</th>
                            {month_totals.into_iter().map(|n| view! { <td class="num">{n}</td> }).collect_view()}
                            <td class="num" data-total="received"><strong>{grand}</strong></td>
                        </tr>
                    </tfoot>
                </table>
            </div>
        </section>

        <section class="card" aria-labelledby="rep-decisions">
            <h2 id="rep-decisions">{tx.decisions_heading}</h2>
            <p class="muted">{tx.decisions_hint}</p>
            {if r.decisions.is_empty() {
                view! { <p>{tx.no_decisions}</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap"><table class="report" data-report="decisions">
                        <thead><tr>
                            <th scope="col">{tx.col_type}</th>
                            <th scope="col">{tx.col_decision}</th>
                            <th scope="col">{tx.col_count}</th>
                        </tr></thead>
                        <tbody>
                            {r.decisions.iter().map(|(t, o, n)| view! {
                                <tr data-outcome=o.code()>
                                    <td>{RqText::of(lang).type_name(*t)}</td>
                                    <td>{o.label(lang)}</td>
                                    <td class="num">{*n}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table></div>
                    <div class="table-wrap"><table class="report" data-report="timings">
                        <thead><tr>
                            <th scope="col">{tx.col_type}</th>
                            <th scope="col">{tx.col_decided}</th>
                            <th scope="col">{tx.col_median}</th>
                            <th scope="col">{tx.col_p90}</th>
                        </tr></thead>
                        <tbody>
                            {r.timings.iter().map(|t| view! {
                                <tr data-type=t.request_type.code()>
                                    <td>{RqText::of(lang).type_name(t.request_type)}</td>
                                    <td class="num">{t.decided}</td>
                                    <td class="num" data-median="">{days_text(t.median_days, lang)}</td>
                                    <td class="num" data-p90="">{days_text(t.p90_days as f64, lang)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table></div>
                }.into_any()
            }}
        </section>

        <section class="card" aria-labelledby="rep-overdue">
            <h2 id="rep-overdue">{tx.overdue_heading(overdue_count)}</h2>
            {r.overdue_cut.then(|| view! { <p class="notice">{tx.overdue_cut}</p> })}
            {if r.overdue.is_empty() {
                view! { <p>{tx.none_overdue}</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap"><table class="report" data-report="overdue">
                        <thead><tr>
                            <th scope="col">{tx.col_receipt}</th>
                            <th scope="col">{tx.col_type}</th>
                            <th scope="col">{tx.col_due}</th>
                            <th scope="col">{tx.col_over_by}</th>
                            <th scope="col">{tx.col_assignee}</th>
                        </tr></thead>
                        <tbody>
                            {r.overdue.into_iter().map(|o| {
                                let href = format!("/staff/requests/{}", o.receipt);
                                view! {
                                    <tr data-receipt=o.receipt.clone()>
                                        <td><a href=href>{o.receipt.clone()}</a></td>
                                        <td>{RqText::of(lang).type_name(o.request_type)}</td>
                                        <td>{kit::time::format_date(o.due_on, lang)}</td>
                                        <td class="num urgency--overdue">{days_text(o.business_days_over as f64, lang)}</td>
                                        <td>{o.assignee.unwrap_or_else(|| tx.unassigned.into())}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table></div>
                }.into_any()
            }}
            <p><a href="/staff/requests?due=overdue">{tx.open_overdue}</a></p>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn the_fiscal_year_runs_april_to_march() {
        assert_eq!(fiscal_year_of(d("2026-04-01")), 2026);
        assert_eq!(fiscal_year_of(d("2026-03-31")), 2025);
        assert_eq!(fiscal_year_of(d("2027-01-15")), 2026);
        assert_eq!(fiscal_range(2026), Some((d("2026-04-01"), d("2027-03-31"))));
        let months = fiscal_months(2026);
        assert_eq!(months.len(), 12);
        assert_eq!(months.first().map(String::as_str), Some("2026-04"));
        assert_eq!(months.get(8).map(String::as_str), Some("2026-12"));
        assert_eq!(months.get(9).map(String::as_str), Some("2027-01"));
        assert_eq!(months.last().map(String::as_str), Some("2027-03"));
    }

    #[test]
    fn a_year_is_this_one_by_default_and_never_in_the_future() {
        let today = d("2026-11-22");
        assert_eq!(parse_fiscal_year("", today), Ok(2026));
        assert_eq!(parse_fiscal_year(" 2025 ", today), Ok(2025));
        for bad in ["2027", "1999", "abc", "2026; DROP", "２０２６", "-1"] {
            let e = parse_fiscal_year(bad, today).unwrap_err();
            assert_eq!(e, vec![FieldError { field: "fy".into(), problem: Problem::Choice }], "{bad}");
        }
    }

    #[test]
    fn median_and_90th_percentile() {
        assert_eq!(median_and_p90(&[]), None);
        assert_eq!(median_and_p90(&[7]), Some((7.0, 7)));
        assert_eq!(median_and_p90(&[3, 1]), Some((2.0, 3)));
        assert_eq!(median_and_p90(&[5, 1, 3]), Some((3.0, 5)));
        // 1..=10: median 5.5; the 90th percentile is the 9th value.
        assert_eq!(median_and_p90(&[10, 9, 8, 7, 6, 5, 4, 3, 2, 1]), Some((5.5, 9)));
        // 1..=20: ceil(18) → the 18th value.
        let twenty: Vec<i64> = (1..=20).collect();
        assert_eq!(median_and_p90(&twenty), Some((10.5, 18)));
        // 11 values: ceil(9.9) = 10th.
        let eleven: Vec<i64> = (1..=11).collect();
        assert_eq!(median_and_p90(&eleven), Some((6.0, 10)));
    }

    #[test]
    fn decisions_are_counted_by_type_and_outcome_with_their_business_days() {
        use Outcome::*;
        use RequestType::*;
        let rows = vec![
            (Disclosure, FullDisclosure, d("2026-04-01"), d("2026-04-03")),
            (Disclosure, PartialDisclosure, d("2026-04-01"), d("2026-04-11")),
            (Disclosure, FullDisclosure, d("2026-05-01"), d("2026-05-05")),
            (Complaint, Responded, d("2026-06-01"), d("2026-06-02")),
        ];
        // A stand-in for the calendar: every calendar day counts.
        let days = |a: NaiveDate, b: NaiveDate| (b - a).num_days();
        let (counts, timings) = summarise(&rows, days);
        assert_eq!(counts, vec![(Disclosure, FullDisclosure, 2), (Disclosure, PartialDisclosure, 1), (Complaint, Responded, 1)]);
        assert_eq!(
            timings,
            vec![
                Timing { request_type: Disclosure, decided: 3, median_days: 4.0, p90_days: 10 },
                Timing { request_type: Complaint, decided: 1, median_days: 1.0, p90_days: 1 },
            ]
        );
    }
}
