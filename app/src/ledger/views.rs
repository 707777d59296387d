//! The ledger page (`/staff/provisions`) and its endpoints: the entries of one member or the
//! latest, the form that records one, and the CSV upload with its import's outcome.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos::server_fn::codec::GetUrl;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{EntryForm, Ledger};
#[cfg(feature = "ssr")]
use super::{READ_ROLES, RECORD_ROLES, parse_key, ssr};
use kit::error::AppError;
use kit::form::{FormError, use_feedback};
use kit::i18n::{Lang, use_lang};
use kit::page::{page_error, problem_view};
use kit::page_data;

#[server(prefix = "/api/staff", endpoint = "provisions", input = GetUrl)]
pub async fn provision_ledger(#[server(default)] key: String) -> Result<Ledger, AppError> {
    let caller = crate::identity::guard(kit::access::Access::Staff(READ_ROLES)).await?;
    ssr::ledger(&crate::platform::state::app_state()?, &crate::platform::audit::request_meta(), &caller, &key).await
}

#[server(prefix = "/api/staff", endpoint = "provisions/record")]
pub async fn record_provision(entry: EntryForm) -> Result<(), AppError> {
    let result = async {
        let caller = crate::identity::guard(kit::access::Access::Staff(RECORD_ROLES)).await?;
        ssr::record(&crate::platform::state::app_state()?, &crate::platform::audit::request_meta(), &caller, &entry).await?;
        let key = parse_key(&entry.subject_key).map(|k| format!("{}-{}-{}", k.0, k.1, k.2)).unwrap_or_default();
        Ok(format!("/staff/provisions?key={key}&recorded=1"))
    }
    .await;
    kit::form::respond(result, "/staff/provisions")
}

fn basis_words(basis: &str, ja: bool) -> &'static str {
    match (basis, ja) {
        ("consent", true) => "本人の同意",
        ("consent", false) => "the member's consent",
        (_, true) => "法令に基づく提供",
        (_, false) => "permitted by law",
    }
}

#[component]
pub fn ProvisionsPage() -> impl IntoView {
    let ja = use_lang() == Lang::Ja;
    let query = use_query_map();
    let key = move || query.with(|q| q.get("key").unwrap_or_default());
    let recorded = move || query.with(|q| q.get("recorded").is_some());
    let data = page_data::load(key, provision_ledger);
    let job = query.with_untracked(|q| q.get("job").unwrap_or_default());
    let missing = query.with_untracked(|q| q.get("missing").is_some());
    let import = (!job.is_empty()).then(|| page_data::load(move || job, crate::csv_import::import_status));
    let posted = use_feedback();
    let title = if ja { "第三者提供記録" } else { "Third-party provision ledger" };
    let input = move |name: &'static str, label: &'static str, hint: &'static str| {
        let id = format!("p-{name}");
        view! {
            <div class="field">
                <label for=id.clone()>{label}</label>
                {(!hint.is_empty()).then(|| view! { <span class="field__hint">{hint}</span> })}
                {problem_view(posted, name)}
                <input id=id name=format!("entry[{name}]") type="text" maxlength="200"/>
            </div>
        }
    };
    view! {
        <Title text=title/>
        <h1>{title}</h1>
        <p>{if ja {
            "個人データを第三者に提供したとき（個人情報保護法29条）、第三者から受け取ったとき（30条）の記録です。記録は本人の開示請求（33条5項）の対象になります。"
        } else {
            "Each provision of a member's data to a third party (APPI art. 29) and each receipt from one (art. 30). Members may ask for these records (art. 33(5))."
        }}</p>
        {kit::page::done_notice(recorded, if ja { "記録しました。" } else { "Recorded." })}
        {import.map(|data| view! {
            {Suspend::new(async move {
                match data.await {
                    Ok(Some(j)) if j.kind == "provisions" => crate::csv_import::job_panel(j, ja).into_any(),
                    Ok(_) => view! { <p class="notice notice--error" role="alert">{if ja { "その取込みは見つかりません。" } else { "No such import." }}</p> }.into_any(),
                    Err(e) => page_error(e, "/staff/provisions"),
                }
            })}
        })}
        <FormError feedback=posted/>
        <form method="get" action="/staff/provisions" class="form filters" role="search">
            <div class="field field--inline">
                <label for="p-key">{if ja { "記号・番号・枝番で絞り込む" } else { "Member (記号・番号・枝番)" }}</label>
                <input id="p-key" name="key" type="text" maxlength="40" value=key()/>
            </div>
            <button type="submit" class="button">{if ja { "表示" } else { "Show" }}</button>
        </form>
        {Suspend::new(async move {
            match data.await {
                Err(AppError::BadQuery(_)) => view! {
                    <p class="field__error" id="f-key-error">{if ja { "その記号・番号・枝番の方は見つかりません。" } else { "No member has that 記号・番号・枝番." }}</p>
                }.into_any(),
                Err(e) => page_error(e, "/staff/provisions"),
                Ok(l) => view! {
                    {if l.lines.is_empty() {
                        view! { <p role="status">{if ja { "記録はありません。" } else { "No records." }}</p> }.into_any()
                    } else {
                        view! {
                            <div class="table-wrap">
                                <table class="table provisions">
                                    <caption class="visually-hidden">{title}</caption>
                                    <thead><tr>
                                        <th scope="col">{if ja { "年月日" } else { "Date" }}</th>
                                        <th scope="col">{if ja { "区分" } else { "Kind" }}</th>
                                        <th scope="col">{if ja { "相手方" } else { "Counterparty" }}</th>
                                        <th scope="col">{if ja { "本人（記号・番号・枝番）" } else { "Member" }}</th>
                                        <th scope="col">{if ja { "項目" } else { "Items" }}</th>
                                        <th scope="col">{if ja { "根拠" } else { "Basis" }}</th>
                                        <th scope="col">{if ja { "記録者" } else { "Recorded by" }}</th>
                                    </tr></thead>
                                    <tbody>
                                        {l.lines.into_iter().map(|p| view! {
                                            <tr data-provision=p.id>
                                                <td>{p.occurred_on.clone()}</td>
                                                <td>{match (p.direction.as_str(), ja) { ("received", true) => "受領（30条）", ("received", false) => "Received (art. 30)", (_, true) => "提供（29条）", (_, false) => "Provided (art. 29)" }}</td>
                                                <td>{p.counterparty.clone()}{p.counterparty_address.clone().map(|a| view! { <br/><small>{a}</small> })}</td>
                                                <td>{p.subject_key.clone()}</td>
                                                <td>{p.items.clone()}{p.acquisition.clone().map(|a| view! { <br/><small>{format!("{}{a}", if ja { "取得の経緯: " } else { "Obtained: " })}</small> })}</td>
                                                <td>{format!("{}：{}", basis_words(&p.basis, ja), p.basis_detail)}</td>
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
                            <h2 id="new-provision">{if ja { "記録する" } else { "Record a provision" }}</h2>
                            <p class="field__hint">{if ja {
                                "公表している委託先・共同利用先への提供は第三者提供ではないため、ここには記録しません："
                            } else {
                                "Outsourcing and joint use as published are not third-party provision and are not recorded here:"
                            }}</p>
                            <ul class="kept-apart">{l.kept_apart.iter().map(|k| view! { <li><small>{k.clone()}</small></li> }).collect_view()}</ul>
                            <form method="post" action=RecordProvision::url() class="form">
                                <div class="field">
                                    <label for="p-direction">{if ja { "区分" } else { "Kind" }}</label>
                                    {problem_view(posted, "direction")}
                                    <select id="p-direction" name="entry[direction]">
                                        <option value="provided">{if ja { "第三者への提供（29条）" } else { "Provided to a third party (art. 29)" }}</option>
                                        <option value="received">{if ja { "第三者からの受領（30条）" } else { "Received from a third party (art. 30)" }}</option>
                                    </select>
                                </div>
                                {input("occurred_on", if ja { "提供・受領の年月日" } else { "Date" }, if ja { "例: 2026-11-20" } else { "e.g. 2026-11-20" })}
                                {input("counterparty", if ja { "相手方の氏名又は名称" } else { "Counterparty" }, "")}
                                {input("counterparty_address", if ja { "相手方の住所（受領のとき必須）" } else { "Counterparty's address (required for a receipt)" }, "")}
                                {input("subject_key", if ja { "本人の記号・番号・枝番" } else { "Member's 記号・番号・枝番" }, if ja { "例: 1001-23-00" } else { "e.g. 1001-23-00" })}
                                {input("items", if ja { "個人データの項目" } else { "Data items" }, if ja { "例: 氏名、記号・番号、受傷日" } else { "e.g. name, number, date of injury" })}
                                <div class="field">
                                    <label for="p-basis">{if ja { "根拠" } else { "Basis" }}</label>
                                    {problem_view(posted, "basis")}
                                    <select id="p-basis" name="entry[basis]">
                                        {l.by_law.iter().map(|b| view! { <option value=b.clone()>{format!("{}{b}", if ja { "法令に基づく: " } else { "By law: " })}</option> }).collect_view()}
                                        <option value="law">{if ja { "その他の法令に基づく提供（下に条項を記入）" } else { "Another law (name it below)" }}</option>
                                        <option value="consent">{if ja { "本人の同意（下に同意の記録を記入）" } else { "The member's consent (describe it below)" }}</option>
                                    </select>
                                </div>
                                {input("basis_detail", if ja { "同意の記録・法令の条項" } else { "Consent record or legal provision" }, if ja { "公表している法令に基づく提供を選んだときは空欄でかまいません" } else { "May be empty for a published provision by law" })}
                                {input("acquisition", if ja { "相手方による取得の経緯（受領のとき必須）" } else { "How the counterparty obtained it (required for a receipt)" }, "")}
                                <button type="submit" class="button">{if ja { "記録する" } else { "Record" }}</button>
                            </form>
                        </section>
                        <section aria-labelledby="import-provisions">
                            <h2 id="import-provisions">{if ja { "CSVで取り込む" } else { "Import a CSV file" }}</h2>
                            <p class="field__hint">{if ja {
                                "列: 区分（提供・受領）、年月日、相手方、相手方の住所、記号・番号・枝番、項目、根拠（同意・法令、または公表している法令に基づく提供）、根拠の内容、取得の経緯。1行でも問題があれば何も取り込みません。"
                            } else {
                                "Columns: 区分 (提供/受領), 年月日, 相手方, 相手方の住所, 記号・番号・枝番, 項目, 根拠 (同意/法令 or a published provision), 根拠の内容, 取得の経緯. One bad line imports nothing."
                            }}</p>
                            {crate::csv_import::upload_form("/staff/provisions/import/upload", missing, ja)}
                        </section>
                    })}
                }.into_any(),
            }
        })}
    }
}
