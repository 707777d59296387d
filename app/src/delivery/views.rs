//! The staff package page (`/staff/requests/:receipt/package`) and what the member's
//! request page shows of a delivered result. Plain forms: everything works without
//! JavaScript.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::corrections::CorrectionStatus;
use super::package::{Ground, Section};
use super::texts::{DeliveryText, delivery_text};
use super::{FileLine, MemberPackage, PackageDownload, PackageExclude, PackageFile as PackageFileFn, PackagePosted, PackageStart, PackageView, PackageWithdraw, staff_package};
use kit::form::{FormError, use_feedback};
use kit::i18n::Lang;
use kit::page::page_error;
use kit::page_data;
use kit::page::problem_view;

fn ground_name(g: Ground, t: &DeliveryText) -> String {
    t.ground_option(g.article(), g.label(t.lang))
}

pub(crate) fn size_text(bytes: i64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / 1024.0 / 1024.0)
    } else {
        format!("{} KB", (bytes + 1023) / 1024)
    }
}

/// One section of the subject's data with, per row, the exclusion state and form.
fn section_view(s: Section, p: &PackageView, t: &'static DeliveryText) -> impl IntoView {
    let count = s.rows.len();
    let big = count > 12;
    let editable = p.editable;
    let receipt = p.receipt.clone();
    let revision = p.revision.to_string();
    let exclusions = p.exclusions.clone();
    let kept = use_feedback().get_untracked();
    let table = view! {
        <div class="table-wrap"><table class="table package-table">
            <thead><tr>
                {s.columns.iter().map(|c| view! { <th scope="col">{c.clone()}</th> }).collect_view()}
                <th scope="col">{t.disclose_column}</th>
            </tr></thead>
            <tbody>{s.rows.into_iter().map(|r| {
                let excluded = exclusions.iter().find(|(item, _, _)| *item == r.key).cloned();
                let is_excluded = excluded.is_some();
                let anchor = format!("item-{}", r.key.replace('.', "-"));
                let select_id = format!("g-{}", r.key);
                let note_id = format!("n-{}", r.key);
                let (receipt, revision) = (receipt.clone(), revision.clone());
                // Only the row whose form was posted is refilled.
                let this_row = kept.value("item").as_deref() == Some(r.key.as_str());
                let (kept_ground, kept_note) = if this_row { (kept.value("ground"), kept.value("note")) } else { (None, None) };
                view! {
                    <tr id=anchor data-item=r.key.clone() class:excluded=is_excluded>
                        {r.cells.iter().map(|c| view! { <td>{c.clone()}</td> }).collect_view()}
                        <td>{match (excluded, editable) {
                            (Some((_, g, note)), true) => view! {
                                <p class="excluded__ground"><strong>{t.withheld}</strong>" "{g.article()}{(!note.is_empty()).then(|| format!("（{note}）"))}</p>
                                <form method="post" action=PackageExclude::url() class="form form--inline">
                                    <input type="hidden" name="receipt" value=receipt.clone()/>
                                    <input type="hidden" name="revision" value=revision.clone()/>
                                    <input type="hidden" name="item" value=r.key.clone()/>
                                    <input type="hidden" name="ground" value="include"/>
                                    <button type="submit" class="button button--secondary">{t.disclose_again}</button>
                                </form>
                            }.into_any(),
                            (Some((_, g, _)), false) => view! { <p><strong>{t.withheld}</strong>" "{g.article()}</p> }.into_any(),
                            (None, true) => view! {
                                <form method="post" action=PackageExclude::url() class="form form--compact">
                                    <input type="hidden" name="receipt" value=receipt.clone()/>
                                    <input type="hidden" name="revision" value=revision.clone()/>
                                    <input type="hidden" name="item" value=r.key.clone()/>
                                    <label for=select_id.clone() class="visually-hidden">{t.withhold_ground_label(&r.label)}</label>
                                    <select id=select_id name="ground">
                                        {Ground::ALL.into_iter().map(|g| view! { <option value=g.code() selected=kept_ground.as_deref() == Some(g.code())>{ground_name(g, t)}</option> }).collect_view()}
                                    </select>
                                    <label for=note_id.clone() class="visually-hidden">{t.note_internal}</label>
                                    <input id=note_id type="text" name="note" maxlength="200" placeholder=t.note_optional value=kept_note.clone()/>
                                    <button type="submit" class="button button--secondary">{t.withhold}</button>
                                </form>
                            }.into_any(),
                            (None, false) => view! { <span>{t.disclosed}</span> }.into_any(),
                        }}</td>
                    </tr>
                }
            }).collect_view()}</tbody>
        </table></div>
    };
    let heading = t.section_heading(&s.title, count);
    let id = format!("sec-{}", s.id);
    if big {
        view! {
            <section class="package-section" id=id>
                <details>
                    <summary><h3 class="summary-heading">{heading}</h3></summary>
                    {table}
                </details>
            </section>
        }
        .into_any()
    } else {
        view! { <section class="package-section" id=id><h3>{heading}</h3>{table}</section> }.into_any()
    }
}

/// The files the member will get: each not withdrawn, and not an original a redacted
/// version replaces.
fn delivered_files(p: &PackageView) -> Vec<&FileLine> {
    p.files.iter().filter(|f| !f.withdrawn && !p.files.iter().any(|r| r.replaces == Some(f.id) && !r.withdrawn)).collect()
}

/// A file as staff read it in the lists: redacted version, kept original, レセプト copy.
fn file_label(f: &FileLine, p: &PackageView, t: &DeliveryText) -> String {
    let replaced = p.files.iter().any(|r| r.replaces == Some(f.id) && !r.withdrawn);
    let label = match (f.replaces, f.ground) {
        (Some(_), Some(g)) => t.redacted_version(&f.title, g.article()),
        _ if replaced => t.original_kept(&f.title),
        _ => f.title.clone(),
    };
    match &f.receipt_of {
        Some(provider) => t.receipt_copy_of(&label, provider),
        None => label,
    }
}

/// At the top of the package page: exactly what the member will receive, in the way they
/// chose — the records per section, the files, and what is withheld and why.
fn receive_view(p: &PackageView, t: &'static DeliveryText) -> impl IntoView {
    let sections = p
        .sections
        .iter()
        .map(|s| {
            let withheld = s.rows.iter().filter(|r| p.exclusions.iter().any(|(item, _, _)| *item == r.key)).count();
            let kept = s.rows.len() - withheld;
            let line = if withheld == 0 { t.section_kept(&s.title, kept) } else { t.section_kept_withheld(&s.title, kept, withheld) };
            view! { <li data-receive-section=s.id.clone()>{line}</li> }
        })
        .collect_view();
    let files = delivered_files(p);
    view! {
        <section class="card receive" id="receive" aria-labelledby="receive-h">
            <h2 id="receive-h">{t.receive_heading}</h2>
            <p><strong>{if p.by_download { t.by_download } else { t.by_post }}</strong></p>
            <p class="field__hint">{if p.by_download { t.receive_by_download } else { t.receive_by_post }}</p>
            <h3>{t.receive_records}</h3>
            <ul class="list receive__sections">{sections}</ul>
            <h3>{t.receive_files}</h3>
            {if files.is_empty() {
                view! { <p>{t.receive_no_files}</p> }.into_any()
            } else {
                view! { <ul class="list receive__files">{files.into_iter().map(|f| view! {
                    <li data-receive-file=f.id>{file_label(f, p, t)}" — "{f.file_name.clone()}" "{size_text(f.size_bytes)}</li>
                }).collect_view()}</ul> }.into_any()
            }}
            <h3 id="withheld">{t.withheld_heading}</h3>
            {if p.withheld.is_empty() {
                view! { <p>{t.withheld_none}</p> }.into_any()
            } else {
                view! { <ul class="list withheld">{p.withheld.iter().map(|w| view! {
                    <li><span class="withheld__item">{w.item.clone()}</span>" — "{ground_name(w.ground, t)}</li>
                }).collect_view()}</ul> }.into_any()
            }}
        </section>
    }
}

#[component]
pub fn StaffPackagePage() -> impl IntoView {
    let t = delivery_text();
    let params = use_params_map();
    let receipt = move || params.with(|p| p.get("receipt").unwrap_or_default());
    let data = page_data::load(receipt, staff_package);
    let feedback = use_feedback();
    let title = t.title;
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
                        <p><a href=format!("/staff/requests/{receipt}")>{t.back}</a></p>
                        <p><strong class="stage" data-package-status=p.status.clone()>{t.package_status(&p.status)}</strong>" "
                            {if p.by_download { t.by_download } else { t.by_post }}</p>
                        {(!p.exists).then(|| view! {
                            <section class="card">
                                <p>{t.start_lead}</p>
                                {p.can_start.then(|| view! {
                                    <form method="post" action=PackageStart::url() class="form">
                                        <input type="hidden" name="receipt" value=receipt.clone()/>
                                        <button type="submit" class="button">{t.start_button}</button>
                                    </form>
                                })}
                            </section>
                        })}
                        {p.exists.then(|| receive_view(&p, t))}
                        {p.archive_sha256.clone().map(|sha| view! {
                            <section class="card" id="archive" aria-labelledby="archive-h">
                                <h2 id="archive-h">{t.archive_heading}</h2>
                                <p>{t.archive_lead}</p>
                                {p.archive.is_empty().then(|| view! {
                                    <p class="notice" role="note" data-disposed="1">{t.archive_disposed}</p>
                                })}
                                <ul class="list archive">{p.archive.iter().map(|e| view! { <li>{format!("{} ({})", e.name, size_text(e.size_bytes))}</li> }).collect_view()}</ul>
                                <p class="mono">{format!("SHA-256 {sha}")}</p>
                                <p>
                                    <a class="button button--secondary" href=format!("/staff/requests/{receipt}/package/summary")>{t.open_summary}</a>" "
                                    <a class="button button--secondary" href=format!("/staff/requests/{receipt}/package.zip")>{t.download_archive}</a>
                                </p>
                                {p.expires_at.clone().map(|e| view! { <p>{format!("{}: {e}", t.download_until)}</p> })}
                            </section>
                        })}
                        {super::reissue::views::reissue_view(&p, feedback)}
                        {(p.status == "released" && !p.by_download).then(|| view! {
                            <section class="card" id="posting" aria-labelledby="posting-h">
                                <h2 id="posting-h">{t.posting_heading}</h2>
                                <p><a href=format!("/staff/requests/{receipt}/letter")>{t.print_letter}</a>" / "
                                   <a href=format!("/staff/requests/{receipt}/package/summary")>{t.print_summary}</a></p>
                                {match p.posted_on.clone() {
                                    Some(d) => view! { <p data-posted=d.clone()>{format!("{}: {d}", t.posted_on)}</p> }.into_any(),
                                    None => view! {
                                        <form method="post" action=PackagePosted::url() class="form">
                                            <input type="hidden" name="receipt" value=receipt.clone()/>
                                            <div class="field">
                                                <label for="posted-on">{t.posted_on}</label>
                                                {problem_view(feedback, "posted_on")}
                                                <input id="posted-on" type="date" name="posted_on" required value=feedback.with_untracked(|k| k.value("posted_on"))/>
                                            </div>
                                            <button type="submit" class="button">{t.record_posting}</button>
                                        </form>
                                    }.into_any(),
                                }}
                            </section>
                        })}
                        {p.exists.then(|| view! {
                            <details class="card tools" id="tools-records">
                                <summary><h2 class="summary-heading">{if p.editable { t.tools_records_edit } else { t.tools_records_view }}</h2></summary>
                                {p.editable.then(|| view! { <p class="notice" role="note">{t.redaction_note}</p> })}
                                {p.sections.clone().into_iter().map(|s| section_view(s, &p, t)).collect_view()}
                            </details>
                            <details class="card tools" id="files" open=feedback.with_untracked(|k| k.value("title").is_some() || k.value("replaces").is_some())>
                                <summary><h2 class="summary-heading" id="files-h">{if p.editable { t.tools_files_edit } else { t.files_heading }}</h2></summary>
                                {problem_view(feedback, "file")}
                                <ul class="list" id="file-list">{p.files.iter().filter(|f| !f.withdrawn).map(|f| {
                                    let label = file_label(f, &p, t);
                                    let (receipt, revision) = (receipt.clone(), revision.clone());
                                    let can_replace = p.editable && f.replaces.is_none();
                                    let fid = f.id;
                                    let this_file = feedback.with_untracked(|k| k.value("replaces") == Some(fid.to_string()));
                                    let kept = |name: &str| if this_file { feedback.with_untracked(|k| k.value(name)) } else { None };
                                    let (kept_ground, kept_note) = (kept("ground"), kept("note"));
                                    view! {
                                        <li data-file=f.id>
                                            <p>{label}" — "{f.file_name.clone()}" "{size_text(f.size_bytes)}</p>
                                            {can_replace.then(|| view! {
                                                <form method="post" action=PackageFileFn::url() enctype="multipart/form-data" class="form form--compact">
                                                    <input type="hidden" name="receipt" value=receipt.clone()/>
                                                    <input type="hidden" name="revision" value=revision.clone()/>
                                                    <input type="hidden" name="replaces" value=fid/>
                                                    <label for=format!("r-{fid}")>{t.replace_label}</label>
                                                    <input id=format!("r-{fid}") type="file" name="supporting" accept="application/pdf,image/jpeg,image/png"/>
                                                    <label for=format!("rg-{fid}")>{t.ground}</label>
                                                    {this_file.then(|| view! { <p class="field__hint field__hint--again" data-choose-again="">{kit::texts::id_text().choose_files_again}</p> })}
                                                    <select id=format!("rg-{fid}") name="ground">
                                                        {Ground::ALL.into_iter().map(|g| view! { <option value=g.code() selected=kept_ground.as_deref() == Some(g.code())>{ground_name(g, t)}</option> }).collect_view()}
                                                    </select>
                                                    <label for=format!("rn-{fid}")>{t.note_internal}</label>
                                                    <input id=format!("rn-{fid}") type="text" name="note" maxlength="200" value=kept_note.clone()/>
                                                    <button type="submit" class="button button--secondary">{t.replace}</button>
                                                </form>
                                            })}
                                            {p.editable.then(|| view! {
                                                <form method="post" action=PackageWithdraw::url() class="form form--inline">
                                                    <input type="hidden" name="receipt" value=receipt.clone()/>
                                                    <input type="hidden" name="revision" value=revision.clone()/>
                                                    <input type="hidden" name="file" value=fid/>
                                                    <button type="submit" class="button button--secondary">{t.remove}</button>
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
                                            <label for="pf-title">{t.file_title}</label>
                                            {problem_view(feedback, "title")}
                                            <input id="pf-title" type="text" name="title" maxlength="200" required value=feedback.with_untracked(|k| k.value("title"))/>
                                            {feedback.with_untracked(|k| k.value("title").is_some()).then(|| view! { <p class="field__hint field__hint--again" data-choose-again="">{kit::texts::id_text().choose_files_again}</p> })}
                                        </div>
                                        {(!p.receipt_providers.is_empty()).then(|| {
                                            let kept = feedback.with_untracked(|k| k.value("inquiry"));
                                            view! {
                                                <div class="field" class:field--invalid=feedback.with_untracked(|k| k.field("inquiry").is_some())>
                                                    <label for="pf-inquiry">{t.receipt_copy_label}</label>
                                                    <p class="field__hint">{t.receipt_copy_hint}</p>
                                                    {problem_view(feedback, "inquiry")}
                                                    <select id="pf-inquiry" name="inquiry">
                                                        <option value="">{t.receipt_copy_none}</option>
                                                        {p.receipt_providers.iter().map(|(id, name)| view! {
                                                            <option value=*id selected=kept.as_deref() == Some(id.to_string().as_str())>{name.clone()}</option>
                                                        }).collect_view()}
                                                    </select>
                                                </div>
                                            }.into_any()
                                        })}
                                        <div class="field">
                                            <label for="pf-file">{t.file}</label>
                                            <input id="pf-file" type="file" name="supporting" accept="application/pdf,image/jpeg,image/png" required/>
                                        </div>
                                        <button type="submit" class="button button--secondary">{t.add_file}</button>
                                    </form>
                                })}
                                                        </details>
                        })}
                    }.into_any()
                }
            }
        })}
    }
}

/// The member's request page: the released package (download or posting).
pub fn member_package_view(receipt: &str, p: MemberPackage, lang: Lang) -> impl IntoView {
    let t = DeliveryText::of(lang);
    let body = if !p.by_download {
        view! {
            <p>{t.sent_by_post}</p>
            {p.posted_on.clone().map(|d| view! { <p>{format!("{}: {d}", t.posted_on)}</p> })}
        }
        .into_any()
    } else if p.expired {
        view! {
            <p class="notice notice--warn" role="status" data-expired="1">{t.expired(&p.expires_at.clone().unwrap_or_default())}</p>
        }
        .into_any()
    } else {
        let until = p.expires_at.clone().unwrap_or_default();
        view! {
            <p data-download-until=until.clone()>{t.can_download(&until)}</p>
            <p class="field__hint">{t.where_later}</p>
            {p.has_pdf.then(|| view! {
                <form method="post" action=PackageDownload::url() class="form download-choice">
                    <input type="hidden" name="receipt" value=receipt.to_string()/>
                    <input type="hidden" name="file" value=crate::delivery::package::SUMMARY_PDF/>
                    <button type="submit" class="button" data-download="pdf">{t.read_pdf}</button>
                    <p class="field__hint">{t.pdf_hint}</p>
                </form>
            })}
            <form method="post" action=PackageDownload::url() class="form download-choice">
                <input type="hidden" name="receipt" value=receipt.to_string()/>
                <button type="submit" class=if p.has_pdf { "button button--secondary" } else { "button" } data-download="zip">
                    {if p.has_pdf { t.download_all } else { t.download }}
                </button>
                <p class="field__hint">{t.zip_hint(&size_text(p.size_bytes))}</p>
            </form>
            <p class="field__hint">{t.step_up_hint}</p>
        }
        .into_any()
    };
    view! {
        <section class="card" id="package" aria-labelledby="package-h">
            <h2 id="package-h">{t.package_heading}</h2>
            {body}
            {(!p.downloads.is_empty()).then(|| view! {
                <h3>{t.downloads}</h3>
                <ul class="list downloads">{p.downloads.iter().map(|d| view! { <li>{d.clone()}</li> }).collect_view()}</ul>
            })}
        </section>
    }
}

/// The member's request page: an approved 訂正 under way in the core system, or done.
pub fn corrections_view(list: Vec<CorrectionStatus>, lang: Lang) -> impl IntoView {
    let t = DeliveryText::of(lang);
    (!list.is_empty()).then(|| {
        view! {
            <section class="card" aria-labelledby="correction-h">
                <h2 id="correction-h">{t.correction_heading}</h2>
                <ul class="list">{list.into_iter().map(|c| view! {
                    <li data-correction=if c.done { "done" } else { "pending" }>
                        {format!("{}: {} — ", c.item_label, c.new_value)}
                        <strong>{if c.done { t.correction_done(&c.done_on.unwrap_or_default()) } else { t.correction_pending.to_string() }}</strong>
                    </li>
                }).collect_view()}</ul>
            </section>
        }
    })
}
