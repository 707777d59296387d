//! The staff package page (`/staff/requests/:receipt/package`) and what the member's
//! request page shows of a delivered result. Plain forms: everything works without
//! JavaScript.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::corrections::CorrectionStatus;
use super::package::{Ground, Section};
use super::{MemberPackage, PackageDownload, PackageExclude, PackageFile as PackageFileFn, PackagePosted, PackageStart, PackageView, PackageWithdraw, staff_package};
use kit::form::{FormError, use_feedback};
use kit::i18n::{Lang, use_lang};
use kit::page::page_error;
use kit::page_data;
use kit::page::problem_view;

fn ground_name(g: Ground, ja: bool) -> String {
    if ja {
        format!("{}（{}）", g.article(), g.words())
    } else {
        match g {
            Ground::HarmToPerson => "33条2項1号 (harm to a person's rights)".into(),
            Ground::Business => "33条2項2号 (serious hindrance to the society's business)".into(),
            Ground::Law => "33条2項3号 (another law forbids it)".into(),
        }
    }
}

fn size_text(bytes: i64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / 1024.0 / 1024.0)
    } else {
        format!("{} KB", (bytes + 1023) / 1024)
    }
}

fn status_name(status: &str, ja: bool) -> &'static str {
    match (status, ja) {
        ("open", true) => "作成中",
        ("open", false) => "Being assembled",
        ("frozen", true) => "決定済み・責任者の承認待ち（内容は固定されています）",
        ("frozen", false) => "Decided, awaiting approval (contents fixed)",
        ("released", true) => "交付済み",
        ("released", false) => "Released",
        (_, true) => "未作成",
        (_, false) => "Not started",
    }
}

/// One section of the subject's data with, per row, the exclusion state and form.
fn section_view(s: Section, p: &PackageView, ja: bool) -> impl IntoView {
    let count = s.rows.len();
    let big = count > 12;
    let editable = p.editable;
    let receipt = p.receipt.clone();
    let revision = p.revision.to_string();
    let exclusions = p.exclusions.clone();
    let table = view! {
        <div class="table-wrap"><table class="table package-table">
            <thead><tr>
                {s.columns.iter().map(|c| view! { <th scope="col">{c.clone()}</th> }).collect_view()}
                <th scope="col">{if ja { "開示" } else { "Disclose" }}</th>
            </tr></thead>
            <tbody>{s.rows.into_iter().map(|r| {
                let excluded = exclusions.iter().find(|(item, _, _)| *item == r.key).cloned();
                let is_excluded = excluded.is_some();
                let anchor = format!("item-{}", r.key.replace('.', "-"));
                let select_id = format!("g-{}", r.key);
                let note_id = format!("n-{}", r.key);
                let (receipt, revision) = (receipt.clone(), revision.clone());
                view! {
                    <tr id=anchor data-item=r.key.clone() class:excluded=is_excluded>
                        {r.cells.iter().map(|c| view! { <td>{c.clone()}</td> }).collect_view()}
                        <td>{match (excluded, editable) {
                            (Some((_, g, note)), true) => view! {
                                <p class="excluded__ground"><strong>{if ja { "開示しない" } else { "Withheld" }}</strong>" "{g.article()}{(!note.is_empty()).then(|| format!("（{note}）"))}</p>
                                <form method="post" action=PackageExclude::url() class="form form--inline">
                                    <input type="hidden" name="receipt" value=receipt.clone()/>
                                    <input type="hidden" name="revision" value=revision.clone()/>
                                    <input type="hidden" name="item" value=r.key.clone()/>
                                    <input type="hidden" name="ground" value="include"/>
                                    <button type="submit" class="button button--secondary">{if ja { "開示に戻す" } else { "Disclose again" }}</button>
                                </form>
                            }.into_any(),
                            (Some((_, g, _)), false) => view! { <p><strong>{if ja { "開示しない" } else { "Withheld" }}</strong>" "{g.article()}</p> }.into_any(),
                            (None, true) => view! {
                                <form method="post" action=PackageExclude::url() class="form form--compact">
                                    <input type="hidden" name="receipt" value=receipt.clone()/>
                                    <input type="hidden" name="revision" value=revision.clone()/>
                                    <input type="hidden" name="item" value=r.key.clone()/>
                                    <label for=select_id.clone() class="visually-hidden">{format!("{} {}", r.label, if ja { "を開示しない根拠" } else { ": ground to withhold" })}</label>
                                    <select id=select_id name="ground">
                                        {Ground::ALL.into_iter().map(|g| view! { <option value=g.code()>{ground_name(g, ja)}</option> }).collect_view()}
                                    </select>
                                    <label for=note_id.clone() class="visually-hidden">{if ja { "メモ（内部）" } else { "Note (internal)" }}</label>
                                    <input id=note_id type="text" name="note" maxlength="200" placeholder=if ja { "メモ（任意）" } else { "Note (optional)" }/>
                                    <button type="submit" class="button button--secondary">{if ja { "開示しない" } else { "Withhold" }}</button>
                                </form>
                            }.into_any(),
                            (None, false) => view! { <span>{if ja { "開示" } else { "Disclosed" }}</span> }.into_any(),
                        }}</td>
                    </tr>
                }
            }).collect_view()}</tbody>
        </table></div>
    };
    let heading = format!("{}（{}件）", s.title, count);
    let id = format!("sec-{}", s.id);
    if big {
        view! {
            <section class="card" id=id>
                <details>
                    <summary><h2 class="summary-heading">{heading}</h2></summary>
                    {table}
                </details>
            </section>
        }
        .into_any()
    } else {
        view! { <section class="card" id=id><h2>{heading}</h2>{table}</section> }.into_any()
    }
}

#[component]
pub fn StaffPackagePage() -> impl IntoView {
    let lang = use_lang();
    let ja = lang == Lang::Ja;
    let params = use_params_map();
    let receipt = move || params.with(|p| p.get("receipt").unwrap_or_default());
    let data = page_data::load(receipt, staff_package);
    let feedback = use_feedback();
    let title = if ja { "開示資料（開示パッケージ）" } else { "Disclosure package" };
    view! {
        <Title text=title/>
        <FormError feedback/>
        {Suspend::new(async move {
            match data.await {
                Err(e) => page_error(e, "/staff/requests"),
                Ok(p) => {
                    let receipt = p.receipt.clone();
                    let revision = p.revision.to_string();
                    view! {
                        <h1>{format!("{title} {receipt}")}</h1>
                        <p><a href=format!("/staff/requests/{receipt}")>{if ja { "お申し出に戻る" } else { "Back to the request" }}</a></p>
                        <p><strong class="stage" data-package-status=p.status.clone()>{status_name(&p.status, ja)}</strong>" "
                            {if p.by_download { if ja { "交付方法: 電磁的記録の提供（ポータルでダウンロード）" } else { "Delivery: download in the portal" } }
                             else if ja { "交付方法: 書面の交付（郵送）" } else { "Delivery: by post" }}</p>
                        {(!p.exists).then(|| view! {
                            <section class="card">
                                <p>{if ja {
                                    "対象者について、このポータルが保有する情報（資格情報とその履歴、お申出とやりとり、医療費のお知らせ、アクセスの記録、第三者提供の記録など）から開示資料を作成します。他のシステムの記録は、ファイルとして追加できます。"
                                } else {
                                    "The package is assembled from what the portal holds about the subject; records from other systems can be added as files."
                                }}</p>
                                {p.can_start.then(|| view! {
                                    <form method="post" action=PackageStart::url() class="form">
                                        <input type="hidden" name="receipt" value=receipt.clone()/>
                                        <button type="submit" class="button">{if ja { "開示資料の作成を始める" } else { "Start the package" }}</button>
                                    </form>
                                })}
                            </section>
                        })}
                        {p.exists.then(|| view! {
                            <p class="notice" role="note">{if ja {
                                "開示しない項目は、資料から取り除かれます（黒塗りではありません）。値が他の記録に書かれていても、すべてのファイルから取り除きます。根拠（33条2項各号）を選んでください。"
                            } else {
                                "Withheld items are removed from the package, not covered; their value is also removed wherever else it appears. Choose the 33条2項 ground."
                            }}</p>
                        })}
                        {p.sections.clone().into_iter().map(|s| section_view(s, &p, ja)).collect_view()}
                        {p.exists.then(|| view! {
                            <section class="card" id="files" aria-labelledby="files-h">
                                <h2 id="files-h">{if ja { "他のシステムの記録（ファイル）" } else { "Files from other systems" }}</h2>
                                {problem_view(feedback, "file")}
                                <ul class="list">{p.files.iter().filter(|f| !f.withdrawn).map(|f| {
                                    let replaced = p.files.iter().any(|r| r.replaces == Some(f.id) && !r.withdrawn);
                                    let label = match (f.replaces, f.ground) {
                                        (Some(_), Some(g)) => format!("{}（一部不開示版: {}）", f.title, g.article()),
                                        _ if replaced => format!("{}（原本: 交付しません）", f.title),
                                        _ => f.title.clone(),
                                    };
                                    let (receipt, revision) = (receipt.clone(), revision.clone());
                                    let can_replace = p.editable && f.replaces.is_none();
                                    let fid = f.id;
                                    view! {
                                        <li data-file=f.id>
                                            <p>{label}" — "{f.file_name.clone()}" "{size_text(f.size_bytes)}</p>
                                            {can_replace.then(|| view! {
                                                <form method="post" action=PackageFileFn::url() enctype="multipart/form-data" class="form form--compact">
                                                    <input type="hidden" name="receipt" value=receipt.clone()/>
                                                    <input type="hidden" name="revision" value=revision.clone()/>
                                                    <input type="hidden" name="replaces" value=fid/>
                                                    <label for=format!("r-{fid}")>{if ja { "一部不開示版（黒塗り済みのPDFか画像）に差し替える" } else { "Replace with a redacted version (PDF or images)" }}</label>
                                                    <input id=format!("r-{fid}") type="file" name="supporting" accept="application/pdf,image/jpeg,image/png"/>
                                                    <label for=format!("rg-{fid}")>{if ja { "根拠" } else { "Ground" }}</label>
                                                    <select id=format!("rg-{fid}") name="ground">
                                                        {Ground::ALL.into_iter().map(|g| view! { <option value=g.code()>{ground_name(g, ja)}</option> }).collect_view()}
                                                    </select>
                                                    <label for=format!("rn-{fid}")>{if ja { "メモ（内部）" } else { "Note (internal)" }}</label>
                                                    <input id=format!("rn-{fid}") type="text" name="note" maxlength="200"/>
                                                    <button type="submit" class="button button--secondary">{if ja { "差し替える" } else { "Replace" }}</button>
                                                </form>
                                            })}
                                            {p.editable.then(|| view! {
                                                <form method="post" action=PackageWithdraw::url() class="form form--inline">
                                                    <input type="hidden" name="receipt" value=receipt.clone()/>
                                                    <input type="hidden" name="revision" value=revision.clone()/>
                                                    <input type="hidden" name="file" value=fid/>
                                                    <button type="submit" class="button button--secondary">{if ja { "資料から外す" } else { "Remove" }}</button>
                                                </form>
                                            })}
                                        </li>
                                    }
                                }).collect_view()}</ul>
                                {p.editable.then(|| view! {
                                    <form method="post" action=PackageFileFn::url() enctype="multipart/form-data" class="form">
                                        <input type="hidden" name="receipt" value=receipt.clone()/>
                                        <input type="hidden" name="revision" value=revision.clone()/>
                                        <div class="field">
                                            <label for="pf-title">{if ja { "資料名（例: 健診結果 2025年度）" } else { "Title (e.g. health check 2025)" }}</label>
                                            {problem_view(feedback, "title")}
                                            <input id="pf-title" type="text" name="title" maxlength="200" required/>
                                        </div>
                                        <div class="field">
                                            <label for="pf-file">{if ja { "ファイル（PDF・JPEG・PNG）" } else { "File (PDF, JPEG, PNG)" }}</label>
                                            <input id="pf-file" type="file" name="supporting" accept="application/pdf,image/jpeg,image/png" required/>
                                        </div>
                                        <button type="submit" class="button button--secondary">{if ja { "ファイルを追加する" } else { "Add the file" }}</button>
                                    </form>
                                })}
                            </section>
                            <section class="card" aria-labelledby="withheld">
                                <h2 id="withheld">{if ja { "開示しない項目（本人に示す一覧）" } else { "Withheld (as the member reads it)" }}</h2>
                                {if p.excluded_labels.is_empty() {
                                    view! { <p>{if ja { "ありません（全部開示）。" } else { "None (full disclosure)." }}</p> }.into_any()
                                } else {
                                    view! { <ul class="list withheld">{p.excluded_labels.iter().map(|l| view! { <li>{l.clone()}</li> }).collect_view()}</ul> }.into_any()
                                }}
                            </section>
                        })}
                        {p.archive_sha256.clone().map(|sha| view! {
                            <section class="card" id="archive" aria-labelledby="archive-h">
                                <h2 id="archive-h">{if ja { "交付する資料（固定済み）" } else { "What will be delivered (fixed)" }}</h2>
                                <p>{if ja { "決定の時点で作成した資料です。承認すると、この内容がそのまま交付されます。" } else { "Built when the decision was recorded; approval delivers exactly this." }}</p>
                                {p.archive.is_empty().then(|| view! {
                                    <p class="notice" role="note" data-disposed="1">{if ja {
                                        "ダウンロード期限を過ぎたため、保存期間の定めにより資料を廃棄しました（廃棄記録があります）。下の SHA-256 は記録として残しています。"
                                    } else {
                                        "The download period ended, so the archive was disposed of under the retention rules (a disposal record is kept). Its SHA-256 remains on record."
                                    }}</p>
                                })}
                                <ul class="list archive">{p.archive.iter().map(|e| view! { <li>{format!("{} ({})", e.name, size_text(e.size_bytes))}</li> }).collect_view()}</ul>
                                <p class="mono">{format!("SHA-256 {sha}")}</p>
                                <p>
                                    <a class="button button--secondary" href=format!("/staff/requests/{receipt}/package/summary")>{if ja { "一覧（summary.html）を開く" } else { "Open the summary" }}</a>" "
                                    <a class="button button--secondary" href=format!("/staff/requests/{receipt}/package.zip")>{if ja { "資料（ZIP）をダウンロード（記録されます）" } else { "Download the archive (recorded)" }}</a>
                                </p>
                                {p.expires_at.clone().map(|e| view! { <p>{format!("{}: {e}", if ja { "ダウンロード期限" } else { "Download until" })}</p> })}
                            </section>
                        })}
                        {(p.status == "released" && !p.by_download).then(|| view! {
                            <section class="card" id="posting" aria-labelledby="posting-h">
                                <h2 id="posting-h">{if ja { "書面の交付（郵送）" } else { "Delivery by post" }}</h2>
                                <p><a href=format!("/staff/requests/{receipt}/letter")>{if ja { "決定通知書を印刷する" } else { "Print the decision letter" }}</a>" / "
                                   <a href=format!("/staff/requests/{receipt}/package/summary")>{if ja { "開示資料の一覧を印刷する" } else { "Print the package summary" }}</a></p>
                                {match p.posted_on.clone() {
                                    Some(d) => view! { <p data-posted=d.clone()>{format!("{}: {d}", if ja { "発送日" } else { "Posted on" })}</p> }.into_any(),
                                    None => view! {
                                        <form method="post" action=PackagePosted::url() class="form">
                                            <input type="hidden" name="receipt" value=receipt.clone()/>
                                            <div class="field">
                                                <label for="posted-on">{if ja { "発送日" } else { "Posted on" }}</label>
                                                {problem_view(feedback, "posted_on")}
                                                <input id="posted-on" type="date" name="posted_on" required/>
                                            </div>
                                            <button type="submit" class="button">{if ja { "発送を記録する" } else { "Record the posting" }}</button>
                                        </form>
                                    }.into_any(),
                                }}
                            </section>
                        })}
                    }.into_any()
                }
            }
        })}
    }
}

/// The member's request page: the released package (download or posting).
pub fn member_package_view(receipt: &str, p: MemberPackage, lang: Lang) -> impl IntoView {
    let ja = lang == Lang::Ja;
    let body = if !p.by_download {
        view! {
            <p>{if ja { "開示する資料は、書面でご登録の住所に郵送します。" } else { "The disclosed data is sent to you by post." }}</p>
            {p.posted_on.clone().map(|d| view! { <p>{format!("{}: {d}", if ja { "発送日" } else { "Posted on" })}</p> })}
        }
        .into_any()
    } else if p.expired {
        view! {
            <p class="notice notice--warn" role="status" data-expired="1">{format!(
                "{}（{}）",
                if ja { "ダウンロードの期限が過ぎたため、この資料はダウンロードできません。もう一度必要なときは、お問い合わせ窓口にご相談ください" } else { "The download period has ended, so this package can no longer be downloaded. If you need it again, please contact the inquiry desk" },
                p.expires_at.clone().unwrap_or_default()
            )}</p>
        }
        .into_any()
    } else {
        view! {
            <p>{format!(
                "{} {}（{}）。",
                if ja { "開示する資料をダウンロードできます。期限:" } else { "You can download the disclosed data until" },
                p.expires_at.clone().unwrap_or_default(),
                size_text(p.size_bytes)
            )}</p>
            <p class="field__hint">{if ja {
                "ZIP形式です。印刷できる一覧（summary.html）、表計算ソフトで開けるCSV、JSONが入っています。ダウンロードの前に、パスワードと確認コードをもう一度お聞きすることがあります。"
            } else {
                "A ZIP file with a printable summary (summary.html), CSV and JSON. You may be asked for your password and code again first."
            }}</p>
            <form method="post" action=PackageDownload::url() class="form">
                <input type="hidden" name="receipt" value=receipt.to_string()/>
                <button type="submit" class="button">{if ja { "資料をダウンロードする" } else { "Download" }}</button>
            </form>
        }
        .into_any()
    };
    view! {
        <section class="card" id="package" aria-labelledby="package-h">
            <h2 id="package-h">{if ja { "開示する資料" } else { "Your disclosed data" }}</h2>
            {body}
            {(!p.downloads.is_empty()).then(|| view! {
                <h3>{if ja { "ダウンロードの記録" } else { "Downloads" }}</h3>
                <ul class="list downloads">{p.downloads.iter().map(|d| view! { <li>{d.clone()}</li> }).collect_view()}</ul>
            })}
        </section>
    }
}

/// The member's request page: an approved 訂正 under way in the core system, or done.
pub fn corrections_view(list: Vec<CorrectionStatus>, lang: Lang) -> impl IntoView {
    let ja = lang == Lang::Ja;
    (!list.is_empty()).then(|| {
        view! {
            <section class="card" aria-labelledby="correction-h">
                <h2 id="correction-h">{if ja { "訂正の手続" } else { "The correction" }}</h2>
                <ul class="list">{list.into_iter().map(|c| view! {
                    <li data-correction=if c.done { "done" } else { "pending" }>
                        {format!("{}: {} — ", c.item_label, c.new_value)}
                        <strong>{match (c.done, ja) {
                            (true, true) => format!("訂正済み（{}）", c.done_on.unwrap_or_default()),
                            (true, false) => format!("Done ({})", c.done_on.unwrap_or_default()),
                            (false, true) => "訂正手続中（基幹システムに反映されると、ここと通知でお知らせします）".to_string(),
                            (false, false) => "In progress (you will be told here when the core system has it)".to_string(),
                        }}</strong>
                    </li>
                }).collect_view()}</ul>
            </section>
        }
    })
}
