//! The ledger page (`/staff/provisions`) and its endpoints: the entries of one member or the
//! latest, the form that records one, and the CSV upload with its import's outcome.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos::server_fn::codec::GetUrl;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{EntryForm, Ledger};
use super::texts::{LedgerText, ledger_text};
use kit::error::AppError;
use kit::form::{FormError, use_feedback};
use kit::page::{page_error, problem_view};
use kit::page_data;

#[server(prefix = "/api/staff", endpoint = "provisions", input = GetUrl)]
pub async fn provision_ledger(#[server(default)] key: String) -> Result<Ledger, AppError> {
    use crate::ledger::{READ_ROLES, store};
    let caller = crate::identity::store::guard(kit::access::Access::Staff(READ_ROLES)).await?;
    store::ledger(&crate::platform::state::app_state()?, &crate::platform::audit::store::request_meta(), &caller, &key).await
}

#[server(prefix = "/api/staff", endpoint = "provisions/record")]
pub async fn record_provision(entry: EntryForm) -> Result<(), AppError> {
    use crate::ledger::{RECORD_ROLES, parse_key, store};
    let key = parse_key(&entry.subject_key).map(|k| format!("{}-{}-{}", k.0, k.1, k.2)).unwrap_or_default();
    let result = async {
        let caller = crate::identity::store::guard(kit::access::Access::Staff(RECORD_ROLES)).await?;
        let (_, stopped) = store::record(&crate::platform::state::app_state()?, &crate::platform::audit::store::request_meta(), &caller, &entry).await?;
        let warning = stopped.map(|r| format!("&stopped={}", r.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').collect::<String>()));
        Ok(format!("/staff/provisions?key={key}&recorded=1{}", warning.unwrap_or_default()))
    }
    .await;
    // Refused: back to the member's ledger, where the stop that refused it is shown.
    kit::form::respond(result, &if key.is_empty() { "/staff/provisions".to_string() } else { format!("/staff/provisions?key={key}") })
}

fn basis_words(basis: &str, t: &LedgerText) -> &'static str {
    match basis {
        "consent" => t.basis_consent,
        _ => t.basis_law,
    }
}

#[component]
pub fn ProvisionsPage() -> impl IntoView {
    let t = ledger_text();
    let query = use_query_map();
    let key = move || query.with(|q| q.get("key").unwrap_or_default());
    let recorded = move || query.with(|q| q.get("recorded").is_some() && q.get("stopped").is_none());
    let stopped = query.with_untracked(|q| q.get("stopped"));
    let data = page_data::load(key, provision_ledger);
    let job = query.with_untracked(|q| q.get("job").unwrap_or_default());
    let missing = query.with_untracked(|q| q.get("missing").is_some());
    let import = (!job.is_empty()).then(|| page_data::load(move || job, crate::csv_import::import_status));
    let posted = use_feedback();
    let title = t.title;
    let input = move |name: &'static str, label: &'static str, hint: &'static str| {
        let id = format!("p-{name}");
        view! {
            <div class="field">
                <label for=id.clone()>{label}</label>
                {(!hint.is_empty()).then(|| view! { <span class="field__hint">{hint}</span> })}
                {problem_view(posted, name)}
                <input id=id name=format!("entry[{name}]") type="text" maxlength="200"
                    value=posted.with_untracked(|f| f.value(&format!("entry[{name}]")))/>
            </div>
        }
    };
    view! {
        <Title text=title/>
        <h1>{title}</h1>
        <p>{t.lead}</p>
        {kit::page::done_notice(recorded, t.recorded)}
        {stopped.map(|r| view! { <div class="notice notice--warn" role="status" data-stop-warning=""><p>{t.recorded_despite_stop(&r)}</p></div> })}
        {import.map(|data| view! {
            {Suspend::new(async move {
                match data.await {
                    Ok(Some(j)) if j.kind == "provisions" => crate::csv_import::job_panel(j).into_any(),
                    Ok(_) => view! { <p class="notice notice--error" role="alert">{t.no_such_import}</p> }.into_any(),
                    Err(e) => page_error(e, "/staff/provisions"),
                }
            })}
        })}
        <FormError feedback=posted/>
        <form method="get" action="/staff/provisions" class="form filters" role="search">
            <div class="field field--inline">
                <label for="p-key">{t.filter_key}</label>
                <input id="p-key" name="key" type="text" maxlength="40" value=key()/>
            </div>
            <button type="submit" class="button">{t.show}</button>
        </form>
        {Suspend::new(async move {
            match data.await {
                Err(AppError::BadQuery(_)) => view! {
                    <p class="field__error" id="f-key-error">{t.key_not_found}</p>
                }.into_any(),
                Err(e) => page_error(e, "/staff/provisions"),
                Ok(l) => view! {
                    {(!l.stops.is_empty()).then(|| view! {
                        <section class="notice" aria-labelledby="stops" data-stops="">
                            <h2 id="stops">{t.stops_heading}</h2>
                            <ul>{l.stops.iter().map(|s| view! { <li>{t.stop_line(&s.recipient, &s.receipt, &s.decided_on)}</li> }).collect_view()}</ul>
                            <p class="field__hint">{t.stops_hint}</p>
                        </section>
                    })}
                    {if l.lines.is_empty() {
                        view! { <p role="status">{t.no_records}</p> }.into_any()
                    } else {
                        view! {
                            <div class="table-wrap">
                                <table class="table provisions">
                                    <caption class="visually-hidden">{title}</caption>
                                    <thead><tr>
                                        <th scope="col">{t.col_date}</th>
                                        <th scope="col">{t.col_kind}</th>
                                        <th scope="col">{t.col_counterparty}</th>
                                        <th scope="col">{t.col_member}</th>
                                        <th scope="col">{t.col_items}</th>
                                        <th scope="col">{t.col_basis}</th>
                                        <th scope="col">{t.col_recorded_by}</th>
                                    </tr></thead>
                                    <tbody>
                                        {l.lines.into_iter().map(|p| view! {
                                            <tr data-provision=p.id>
                                                <td>{p.occurred_on.clone()}</td>
                                                <td>{match p.direction.as_str() { "received" => t.received, _ => t.provided }}</td>
                                                <td>{p.counterparty.clone()}
                                                    {p.counterparty_representative.clone().map(|r| view! { <br/><small>{t.represented_by(&r)}</small> })}
                                                    {p.counterparty_address.clone().map(|a| view! { <br/><small>{a}</small> })}</td>
                                                <td>{p.subject_key.clone()}</td>
                                                <td>{p.items.clone()}{p.acquisition.clone().map(|a| view! { <br/><small>{t.obtained(&a)}</small> })}</td>
                                                <td>{t.basis(basis_words(&p.basis, t), &p.basis_detail)}</td>
                                                <td>{p.recorded_by.clone()}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        }.into_any()
                    }}
                    {l.can_record.then(|| view! {
                        <section aria-labelledby="new-provision">
                            <h2 id="new-provision">{t.record_heading}</h2>
                            <p class="field__hint">{t.kept_apart_hint}</p>
                            <ul class="kept-apart">{l.kept_apart.iter().map(|k| view! { <li><small>{k.clone()}</small></li> }).collect_view()}</ul>
                            <form method="post" action=RecordProvision::url() class="form">
                                <div class="field">
                                    <label for="p-direction">{t.col_kind}</label>
                                    {problem_view(posted, "direction")}
                                    <select id="p-direction" name="entry[direction]">
                                        <option value="provided">{t.provided_option}</option>
                                        <option value="received" selected=posted.with_untracked(|f| f.selected("entry[direction]", "received"))>{t.received_option}</option>
                                    </select>
                                </div>
                                {input("occurred_on", t.occurred_on, t.occurred_on_hint)}
                                {input("counterparty", t.counterparty, "")}
                                {input("counterparty_address", t.counterparty_address, "")}
                                {input("counterparty_representative", t.counterparty_representative, t.counterparty_representative_hint)}
                                {input("subject_key", t.subject_key, t.subject_key_hint)}
                                {input("items", t.items, t.items_hint)}
                                <div class="field">
                                    <label for="p-basis">{t.col_basis}</label>
                                    {problem_view(posted, "basis")}
                                    <select id="p-basis" name="entry[basis]">
                                        {l.by_law.iter().map(|b| view! { <option value=b.clone() selected=posted.with_untracked(|f| f.selected("entry[basis]", b))>{t.by_law(b)}</option> }).collect_view()}
                                        {l.with_consent.iter().map(|b| view! { <option value=b.clone() selected=posted.with_untracked(|f| f.selected("entry[basis]", b))>{t.with_consent(b)}</option> }).collect_view()}
                                        <option value="law" selected=posted.with_untracked(|f| f.selected("entry[basis]", "law"))>{t.other_law_option}</option>
                                        <option value="consent" selected=posted.with_untracked(|f| f.selected("entry[basis]", "consent"))>{t.consent_option}</option>
                                    </select>
                                </div>
                                {input("basis_detail", t.basis_detail, t.basis_detail_hint)}
                                {input("acquisition", t.acquisition, "")}
                                <button type="submit" class="button">{t.record_button}</button>
                            </form>
                        </section>
                        <section aria-labelledby="import-provisions">
                            <h2 id="import-provisions">{t.import_heading}</h2>
                            <p class="field__hint">{t.import_hint}</p>
                            {crate::csv_import::upload_form("/staff/provisions/import/upload", missing)}
                        </section>
                    })}
                }.into_any(),
            }
        })}
    }
}
