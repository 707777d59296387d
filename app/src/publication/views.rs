//! The public pages: `/privacy`, `/privacy/history`, `/privacy/history/:id`.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::diff::{Change, ItemChange, PublicationDiff};
use super::model::{Publication, SocietyProfile, UseKind};
use super::{
    PublishedVersion, VersionStatus, VersionSummary, compare_versions, current_publication, publication_version,
    publication_versions,
};
use kit::page_data;
use kit::i18n::{Messages, t, use_lang};
use kit::rights::RequestType;
use kit::page::ErrorView;
use kit::time::format_date;

#[component]
pub fn PrivacyPage() -> impl IntoView {
    let m = t();
    let current = page_data::load(|| (), |_| current_publication());
    view! {
        <Title text=m.privacy_title/>
        {Suspend::new(async move {
            match current.await {
                Err(e) => view! { <h1>{m.privacy_title}</h1><ErrorView error=e/> }.into_any(),
                Ok(None) => view! { <h1>{m.privacy_title}</h1><p>{m.no_publication}</p> }.into_any(),
                Ok(Some(v)) => view! { <PublicationView version=v/> }.into_any(),
            }
        })}
        <p><a href="/privacy/history">{m.see_history}</a></p>
    }
}

#[component]
pub fn VersionPage() -> impl IntoView {
    let m = t();
    let params = use_params_map();
    let version = page_data::load(move || params.read_untracked().get("id").unwrap_or_default(), publication_version);
    view! {
        <Title text=m.version_title/>
        <p><a href="/privacy/history">{m.back_to_history}</a></p>
        {Suspend::new(async move {
            match version.await {
                Err(e) => view! { <h1>{m.version_title}</h1><ErrorView error=e/> }.into_any(),
                Ok(v) => view! { <PublicationView version=v/> }.into_any(),
            }
        })}
    }
}

fn status_label(m: &'static Messages, status: VersionStatus) -> &'static str {
    match status {
        VersionStatus::Current => m.status_current,
        VersionStatus::Past => m.status_past,
        VersionStatus::Scheduled => m.status_scheduled,
    }
}

#[component]
fn StatusBadge(status: VersionStatus) -> impl IntoView {
    let class = match status {
        VersionStatus::Current => "badge badge--current",
        VersionStatus::Past => "badge",
        VersionStatus::Scheduled => "badge badge--scheduled",
    };
    view! { <span class=class>{status_label(t(), status)}</span> }
}

#[component]
pub fn SocietyBanner(society: SocietyProfile) -> impl IntoView {
    society.sample_notice.map(|notice| {
        view! { <p class="notice notice--sample" lang="ja">{notice}</p> }
    })
}

/// A whole publication, as the society published it.
#[component]
pub fn PublicationView(version: PublishedVersion) -> impl IntoView {
    let m = t();
    let lang = use_lang();
    let PublishedVersion { summary, publication: p, retention } = version;
    let Publication {
        society,
        title,
        purposes_intro,
        categories,
        categories_notes,
        purpose_areas,
        exceptions_intro,
        exceptions,
        safety_measures,
        procedure,
        complaint_desk,
        specific_personal_info,
    } = p;
    let fees = RequestType::ALL.map(|rt| {
        let fee = procedure.fees.iter().find(|f| f.request_type == rt && rt.may_charge_fee());
        let amount = match fee {
            Some(f) if f.amount_yen > 0 => format!("{}{}", group_digits(f.amount_yen), m.fee_yen_suffix),
            _ => m.fee_free.to_string(),
        };
        let note = fee.and_then(|f| f.note.clone());
        view! {
            <tr>
                <th scope="row">{rt.name(m)}</th>
                <td>{amount}{note.map(|n| view! { <br/><span class="muted">{n}</span> })}</td>
            </tr>
        }
    });
    view! {
        <article class="publication" lang="ja">
            <header class="publication__header">
                <h1>{title}</h1>
                <p class="publication__meta" lang=lang.code()>
                    <StatusBadge status=summary.status/>" "
                    <span>{m.privacy_effective}": "{format_date(summary.effective_date, lang)}</span>" "
                    <span class="muted" lang="ja">"（"{summary.label}"）"</span>
                </p>
                {(!m.publication_language_note.is_empty())
                    .then(|| view! { <p class="notice" lang=lang.code()>{m.publication_language_note}</p> })}
                <SocietyBanner society=society.clone()/>
            </header>

            <section aria-labelledby="sec-society">
                <h2 id="sec-society">{m.society_heading}</h2>
                <dl class="facts">
                    <dt>{m.society_name}</dt><dd>{society.name.clone()}</dd>
                    <dt>{m.address}</dt><dd>"〒"{society.postal_code}" "{society.address}</dd>
                    <dt>{m.representative}</dt><dd>{society.representative}</dd>
                    <dt>{m.phone}</dt><dd>{society.phone}</dd>
                </dl>
            </section>

            <section aria-labelledby="sec-purposes">
                <h2 id="sec-purposes">"1. "{m.section_purposes}</h2>
                <p>{purposes_intro}</p>
                <table class="stack-table categories">
                    <thead><tr><th scope="col">{m.col_category}</th><th scope="col">{m.col_purposes}</th></tr></thead>
                    <tbody>
                        {categories.into_iter().map(|c| view! {
                            <tr data-category-id=c.id.clone()>
                                <th scope="row" class="category-name">{c.name}</th>
                                <td>
                                    <ul class="purposes">
                                        {c.purposes.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}
                                    </ul>
                                </td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
                {categories_notes.into_iter().map(|n| view! { <p class="note">{n}</p> }).collect_view()}
            </section>

            {(!purpose_areas.is_empty()).then(|| view! {
                <section aria-labelledby="sec-areas">
                    <h2 id="sec-areas">{m.section_purpose_areas}</h2>
                    {purpose_areas.into_iter().map(|a| {
                        let (internal, external): (Vec<_>, Vec<_>) =
                            a.uses.into_iter().partition(|u| matches!(u.kind, UseKind::Internal));
                        view! {
                            <section class="card area" data-area-id=a.id.clone()>
                                <h3>{a.name}</h3>
                                <h4>{m.col_internal}</h4>
                                <ul>{internal.into_iter().map(|u| view! { <li>{u.text}</li> }).collect_view()}</ul>
                                <h4>{m.col_external}</h4>
                                <ul class="uses">
                                    {external.into_iter().map(|u| view! { <li><UseLine text=u.text kind=u.kind/></li> }).collect_view()}
                                </ul>
                            </section>
                        }
                    }).collect_view()}
                </section>
            })}

            <section aria-labelledby="sec-exceptions">
                <h2 id="sec-exceptions">{m.section_exceptions}</h2>
                <p>{exceptions_intro}</p>
                <ul class="plain">{exceptions.into_iter().map(|e| view! { <li>{e.text}</li> }).collect_view()}</ul>
            </section>

            <section aria-labelledby="sec-safety">
                <h2 id="sec-safety">"2. "{m.section_safety}</h2>
                {safety_measures.into_iter().map(|s| view! {
                    <section class="measure" data-kind=s.kind>
                        <h3>{s.title}</h3>
                        <p>{s.body}</p>
                    </section>
                }).collect_view()}
                {retention.map(|policy| view! { <crate::retention::views::RetentionPeriods policy=policy/> })}
            </section>

            <section aria-labelledby="sec-procedure">
                <h2 id="sec-procedure">"3. "{m.section_procedure}</h2>
                <p>{procedure.description}</p>
                <table class="fees">
                    <thead><tr><th scope="col">{m.col_request_type}</th><th scope="col">{m.col_fee}</th></tr></thead>
                    <tbody>{fees.collect_view()}</tbody>
                </table>
                {(!procedure.payment_methods.is_empty()).then(|| view! {
                    <h3>{m.payment_methods}</h3>
                    <dl class="facts" data-payment-methods="">
                        {procedure.payment_methods.iter().map(|pm| view! { <dt>{pm.kind.label(lang)}</dt><dd>{pm.instructions.clone()}</dd> }).collect_view()}
                    </dl>
                })}
                <h3>{m.delivery_methods}</h3>
                <dl class="facts">
                    {procedure.delivery_methods.into_iter().map(|d| view! { <dt>{d.name}</dt><dd>{d.description}</dd> }).collect_view()}
                </dl>
                <h3>{m.identity_documents}</h3>
                <ul>{procedure.identity_documents.into_iter().map(|d| view! { <li>{d}</li> }).collect_view()}</ul>
                <p>{m.inquiry}": "{procedure.inquiry}</p>
                <p><a href="/procedure">{m.procedure_link}</a></p>
            </section>

            <section aria-labelledby="sec-complaints">
                <h2 id="sec-complaints">"4. "{m.section_complaints}</h2>
                <address class="contact">
                    <strong>{complaint_desk.name}</strong><br/>
                    "〒"{complaint_desk.postal_code}" "{complaint_desk.address}<br/>
                    {m.phone}": "{complaint_desk.phone}<br/>
                    {m.hours}": "{complaint_desk.hours}
                </address>
            </section>

            {specific_personal_info.map(|s| view! {
                <section aria-labelledby="sec-specific">
                    <h2 id="sec-specific">{m.section_specific}</h2>
                    <h3>{s.title}</h3>
                    <p>{s.intro}</p>
                    <h4>{m.col_received}</h4>
                    <ul>{s.received.into_iter().map(|x| view! { <li>{x}</li> }).collect_view()}</ul>
                    <h4>{m.col_provided}</h4>
                    <ul>{s.provided.into_iter().map(|x| view! { <li>{x}</li> }).collect_view()}</ul>
                    <p class="note">{s.explanation}</p>
                </section>
            })}
        </article>
    }
}

#[component]
fn UseLine(text: String, kind: UseKind) -> impl IntoView {
    let m = t();
    match kind {
        UseKind::Internal => view! { <span>{text}</span> }.into_any(),
        UseKind::Outsourced => view! {
            <span class="tag">{m.kind_outsourced}</span>" "<span>{text}</span>
        }
        .into_any(),
        UseKind::ProvisionByLaw { basis } => view! {
            <span class="tag">{m.kind_by_law}</span>" "<span>{text}</span>
            <span class="muted">" （"{basis}"）"</span>
        }
        .into_any(),
        UseKind::ProvisionWithConsent { consent } => view! {
            <span class="tag">{m.kind_with_consent}</span>" "<span>{text}</span>
            <span class="muted">" （"{consent}"）"</span>
        }
        .into_any(),
        UseKind::JointUse(j) => view! {
            <span class="tag tag--joint">{m.kind_joint_use}</span>" "<span>{text}</span>
            <details class="joint-use">
                <summary>{m.joint_use_details}</summary>
                <dl class="facts">
                    <dt>{m.joint_items}</dt><dd>{j.items.join("、")}</dd>
                    <dt>{m.joint_users}</dt><dd>{j.joint_users}</dd>
                    <dt>{m.joint_purpose}</dt><dd>{j.purpose}</dd>
                    <dt>{m.joint_responsible}</dt>
                    <dd>{j.responsible_party.name}<br/>{j.responsible_party.address}<br/>{j.responsible_party.representative}</dd>
                </dl>
            </details>
        }
        .into_any(),
    }
}

fn group_digits(n: u32) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[component]
pub fn HistoryPage() -> impl IntoView {
    let m = t();
    let lang = use_lang();
    let query = use_query_map();
    let versions = page_data::load(|| (), |_| publication_versions());
    // Both ids given: compare them (a malformed id is the server's 400, shown in place).
    let comparison = page_data::load(
        move || {
            let q = query.read();
            (q.get("from"), q.get("to"))
        },
        |pair| async move {
            match pair {
                (Some(from), Some(to)) => Some(compare_versions(from, to).await),
                _ => None,
            }
        },
    );
    view! {
        <Title text=m.history_title/>
        <h1>{m.history_title}</h1>
        <p>{m.history_lead}</p>
        {Suspend::new(async move {
            let versions = match versions.await {
                Ok(v) => v,
                Err(e) => return view! { <ErrorView error=e/> }.into_any(),
            };
            let comparison = comparison.await;
            let (default_from, default_to) = default_pair(&versions);
            let q = query.read_untracked();
            let from_sel = q.get("from").or(default_from);
            let to_sel = q.get("to").or(default_to);
            view! {
                <ol class="versions">
                    {versions.iter().cloned().map(|v| view! {
                        <li class="card version">
                            <p><strong>{v.label.clone()}</strong>" "<StatusBadge status=v.status/></p>
                            <p>{m.privacy_effective}": "{format_date(v.effective_date, lang)}</p>
                            <p><a href=format!("/privacy/history/{}", v.id)>{m.view_version}<span class="visually-hidden">"（"{v.label}"）"</span></a></p>
                        </li>
                    }).collect_view()}
                </ol>
                {(versions.len() >= 2).then(|| view! {
                    <CompareForm versions=versions.clone() from=from_sel to=to_sel/>
                })}
                {match comparison {
                    None => ().into_any(),
                    Some(Err(e)) => view! { <ErrorView error=e/> }.into_any(),
                    Some(Ok(c)) => view! {
                        <section aria-labelledby="diff-heading" class="diff">
                            <h2 id="diff-heading">{m.diff_heading}": "{c.from.label}" → "{c.to.label}</h2>
                            <DiffView diff=c.diff/>
                        </section>
                    }.into_any(),
                }}
            }.into_any()
        })}
    }
}

/// By default compare the current version with the one before it.
fn default_pair(newest_first: &[VersionSummary]) -> (Option<String>, Option<String>) {
    let current = newest_first.iter().position(|v| v.status == VersionStatus::Current).unwrap_or(0);
    let to = newest_first.get(current).map(|v| v.id.to_string());
    let from = newest_first.get(current + 1).map(|v| v.id.to_string());
    (from, to)
}

#[component]
fn CompareForm(versions: Vec<VersionSummary>, from: Option<String>, to: Option<String>) -> impl IntoView {
    let m = t();
    let options = move |selected: Option<String>| {
        versions
            .iter()
            .map(|v| {
                let id = v.id.to_string();
                let is_selected = selected.as_deref() == Some(id.as_str());
                view! { <option value=id selected=is_selected>{v.label.clone()}</option> }
            })
            .collect_view()
    };
    view! {
        <form class="card compare" method="get" action="/privacy/history">
            <h2>{m.compare_heading}</h2>
            <div class="field">
                <label for="compare-from">{m.compare_from}</label>
                <select id="compare-from" name="from">{options(from)}</select>
            </div>
            <div class="field">
                <label for="compare-to">{m.compare_to}</label>
                <select id="compare-to" name="to">{options(to)}</select>
            </div>
            <button type="submit" class="button">{m.compare_submit}</button>
        </form>
    }
}

#[component]
pub fn DiffView(diff: PublicationDiff) -> impl IntoView {
    let m = t();
    if diff.is_empty() {
        return view! { <p>{m.diff_none}</p> }.into_any();
    }
    let PublicationDiff { categories, purpose_areas, other_sections } = diff;
    view! {
        {(!categories.is_empty()).then(|| view! {
            <h3>{m.diff_categories}</h3>
            <ul class="changes" data-testid="category-changes">
                {categories.into_iter().map(|c| view! { <ChangeItem change=c/> }).collect_view()}
            </ul>
        })}
        {(!purpose_areas.is_empty()).then(|| view! {
            <h3>{m.diff_areas}</h3>
            <ul class="changes">
                {purpose_areas.into_iter().map(|c| view! { <ChangeItem change=c/> }).collect_view()}
            </ul>
        })}
        {(!other_sections.is_empty()).then(|| view! {
            <h3>{m.diff_other_sections}</h3>
            <ul>{other_sections.into_iter().map(|s| view! { <li>{s.name(m)}</li> }).collect_view()}</ul>
        })}
    }
    .into_any()
}

#[component]
fn ChangeItem(change: ItemChange) -> impl IntoView {
    let m = t();
    let list = |label: &'static str, entries: Vec<String>, class: &'static str| {
        (!entries.is_empty()).then(|| {
            view! {
                <p class="change__label">{label}</p>
                <ul class=class>{entries.into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}</ul>
            }
        })
    };
    let id = change.id;
    match change.change {
        Change::Added { name, entries } => view! {
            <li class="change change--added" data-change-id=id data-change="added">
                <p><span class="badge badge--added">{m.diff_added}</span>" "<strong>{name}</strong></p>
                {list(m.diff_purposes_added, entries, "ins")}
            </li>
        }
        .into_any(),
        Change::Removed { name, entries } => view! {
            <li class="change change--removed" data-change-id=id data-change="removed">
                <p><span class="badge badge--removed">{m.diff_removed}</span>" "<strong>{name}</strong></p>
                {list(m.diff_purposes_removed, entries, "del")}
            </li>
        }
        .into_any(),
        Change::Changed { renamed, respelled, name, added, removed, respelled_entries, reordered } => {
            let kind = if renamed.is_some() { "renamed" } else if respelled.is_some() { "respelled" } else { "changed" };
            view! {
                <li class="change" data-change-id=id data-change=kind>
                    {match (renamed, respelled) {
                        (Some((old, new)), _) => view! {
                            <p><span class="badge">{m.diff_renamed}</span>" "<del>{old}</del>" → "<ins>{new}</ins></p>
                        }.into_any(),
                        (None, Some((old, new))) => view! {
                            <p><span class="badge">{m.diff_respelled}</span>" "<del>{old}</del>" → "<ins>{new}</ins>{m.diff_respelled_hint}</p>
                        }.into_any(),
                        (None, None) => view! {
                            <p><span class="badge">{m.diff_purposes_changed}</span>" "<strong>{name}</strong></p>
                        }.into_any(),
                    }}
                    {list(m.diff_purposes_added, added, "ins")}
                    {list(m.diff_purposes_removed, removed, "del")}
                    {(!respelled_entries.is_empty()).then(|| view! {
                        <p>{m.diff_entries_respelled}</p>
                        <ul class="respelled">{respelled_entries.into_iter().map(|(old, new)| view! {
                            <li data-respelled=""><del>{old}</del>" → "<ins>{new}</ins></li>
                        }).collect_view()}</ul>
                    })}
                    {reordered.then(|| view! { <p>{m.diff_reordered}</p> })}
                </li>
            }
            .into_any()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::group_digits;

    #[test]
    fn yen_amounts_are_grouped() {
        assert_eq!(group_digits(300), "300");
        assert_eq!(group_digits(1000), "1,000");
        assert_eq!(group_digits(1234567), "1,234,567");
    }
}
