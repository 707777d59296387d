//! The staff editor (`/staff/publication`), its preview, and the members' banner.
//! Every edit is a plain form post (works without JavaScript); each list entry has its
//! own form with 保存・上へ・下へ・削除, and a problem is shown next to its field. Each
//! purpose the draft adds or rewords has its own form for staff's answer (17条2項・18条1項).

mod methods;
mod purposes;
mod uses;

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{
    AcknowledgeNews, ApproveDraft, DiscardDraft, DraftView, EditDraft, EditorPage, NewsItem, StartDraft,
    load_editor, publication_news,
};
use kit::form::{Feedback, FormError, Problem, problem_message, use_feedback};
use kit::i18n::{t, use_lang};
use kit::texts::id_text;
use kit::page::page_error;
use kit::page_data;
use crate::publication::editing::{FEE_TYPES, PAYMENT_KINDS, Section, fee_field, field_key, payment_field};
use uses::use_form;
use crate::publication::views::{DiffView, PublicationView};
use crate::publication::{PublishedVersion, VersionStatus, VersionSummary};
use kit::time::format_date;
use crate::publication::texts::{EditorText, NewsText, editor_text};

/// The draft's identity and the page's feedback, shared by every form of the editor.
#[derive(Clone, Copy)]
struct Ctx {
    draft: i64,
    rev: i64,
    t: &'static EditorText,
    feedback: Signal<Feedback>,
}

#[derive(Clone, Copy)]
enum Input {
    Line,
    Text(u32),
}

/// Where an entry sits: its section, its purpose area (uses only) and its index
/// (`None` for the "add" form).
#[derive(Clone, Copy)]
struct At {
    section: Section,
    area: Option<usize>,
    index: Option<usize>,
}

fn hidden(ctx: Ctx, at: At) -> impl IntoView {
    view! {
        <input type="hidden" name="form[draft]" value=ctx.draft.to_string()/>
        <input type="hidden" name="form[rev]" value=ctx.rev.to_string()/>
        <input type="hidden" name="form[section]" value=at.section.code()/>
        <input type="hidden" name="form[index]" value=at.index.map_or_else(|| "new".to_string(), |i| i.to_string())/>
        {at.area.map(|a| view! { <input type="hidden" name="form[area]" value=a.to_string()/> })}
    }
}

/// Whether the failed post the page shows was this entry's form (the editor has one
/// form per entry; only the posted one is refilled with what was typed).
fn posted_here(ctx: Ctx, at: At) -> bool {
    ctx.feedback.with_untracked(|f| {
        f.posted
            && f.value("form[section]").as_deref() == Some(at.section.code())
            && f.value("form[index]") == Some(at.index.map_or_else(|| "new".to_string(), |i| i.to_string()))
            && f.value("form[area]") == at.area.map(|a| a.to_string())
    })
}

/// What was typed in this entry's `form[name]`, when its form was the one posted.
fn typed(ctx: Ctx, at: At, name: &str) -> Option<String> {
    posted_here(ctx, at).then(|| ctx.feedback.with_untracked(|f| f.value(&format!("form[{name}]")))).flatten()
}

fn field(ctx: Ctx, at: At, name: &'static str, label: impl IntoView + 'static, value: String, input: Input) -> AnyView {
    let value = typed(ctx, at, name).unwrap_or(value);
    let key = field_key(at.section, at.area, at.index, name);
    let id = format!("e-{}", key.replace('.', "-"));
    let error_id = format!("{id}-error");
    let problem = ctx.feedback.with_untracked(|f| f.field(&key));
    let invalid = problem.map(|_| "true");
    let described = problem.map(|_| error_id.clone());
    let control = match input {
        Input::Line => view! {
            <input id=id.clone() name=format!("form[{name}]") type="text" value=value maxlength="200"
                aria-invalid=invalid aria-describedby=described/>
        }
        .into_any(),
        Input::Text(rows) => view! {
            <textarea id=id.clone() name=format!("form[{name}]") rows=rows.to_string()
                aria-invalid=invalid aria-describedby=described>{value}</textarea>
        }
        .into_any(),
    };
    view! {
        <div class="field" class:field--invalid=problem.is_some()>
            <label for=id>{label}</label>
            {problem.map(|p| view! { <p class="field__error" id=error_id>{problem_message(p, id_text())}</p> })}
            {control}
        </div>
    }
    .into_any()
}

/// 保存 (or 追加), and for an existing entry 上へ・下へ・削除, named for screen readers.
fn buttons(ctx: Ctx, at: At, len: usize, name: String) -> impl IntoView {
    let remove_problem =
        at.index.and_then(|_| ctx.feedback.with_untracked(|f| f.field(&field_key(at.section, at.area, at.index, "remove"))));
    let hidden_name = move || view! { <span class="visually-hidden">{format!("（{name}）")}</span> };
    view! {
        {remove_problem.map(|p| view! { <p class="field__error" role="alert">{problem_message(p, id_text())}</p> })}
        <div class="button-row">
            <button type="submit" name="form[op]" value="save" class="button">
                {if at.index.is_some() { ctx.t.save } else { ctx.t.add }}{hidden_name()}
            </button>
            {at.index.map(|i| view! {
                <button type="submit" name="form[op]" value="up" class="button button--secondary" disabled={i == 0}>
                    {ctx.t.move_up}{hidden_name()}
                </button>
                <button type="submit" name="form[op]" value="down" class="button button--secondary" disabled={i + 1 >= len}>
                    {ctx.t.move_down}{hidden_name()}
                </button>
                <button type="submit" name="form[op]" value="remove" class="button button--danger">
                    {ctx.t.remove}{hidden_name()}
                </button>
            })}
        </div>
    }
}

fn item_form(ctx: Ctx, at: At, fields: Vec<AnyView>, len: usize, name: String) -> AnyView {
    let class = if at.index.is_some() { "editor-item card" } else { "editor-item editor-item--new card" };
    view! {
        <form method="post" action=EditDraft::url() class=class>
            {hidden(ctx, at)}
            {fields}
            {buttons(ctx, at, len, name)}
        </form>
    }
    .into_any()
}

fn lines(list: &[String]) -> String {
    list.join("\n")
}

fn at(section: Section, index: Option<usize>) -> At {
    At { section, area: None, index }
}

#[component]
pub fn StaffPublicationPage() -> impl IntoView {
    let t = editor_text();
    let query = use_query_map();
    let flag = move |name: &'static str| move || query.with(|q| q.get(name).is_some());
    let feedback = use_feedback();
    let data = page_data::load(|| (), |_| load_editor());
    let title = t.title;
    view! {
        <Title text=title/>
        <h1>{title}</h1>
        <p>{t.lead}</p>
        {kit::page::done_notice(flag("started"), t.started)}
        {kit::page::done_notice(flag("saved"), t.saved)}
        {kit::page::done_notice(flag("discarded"), t.discarded)}
        {kit::page::done_notice(flag("published"), t.published)}
        {kit::page::done_notice(flag("answered"), t.answered)}
        <FormError feedback=feedback/>
        {Suspend::new(async move {
            match data.await {
                Err(e) => page_error(e, "/staff/publication"),
                Ok(page) => editor_page(page, t, feedback),
            }
        })}
    }
}

fn editor_page(page: EditorPage, t: &'static EditorText, feedback: Signal<Feedback>) -> AnyView {
    let lang = use_lang();
    let EditorPage { current, draft, approver, own_draft, today } = page;
    let current_line = current.map(|c| {
        view! {
            <p>{t.in_force}<strong>{c.label}</strong>
               {format!("（{}）", format_date(c.effective_date, lang))}" "
               <a href="/privacy/history">{t.history}</a></p>
        }
    });
    let Some(d) = draft else {
        let exists = feedback.with_untracked(|f| f.field("draft"));
        return view! {
            {current_line}
            {exists.map(|p| view! { <p class="field__error" role="alert">{problem_message(p, id_text())}</p> })}
            <form method="post" action=StartDraft::url()>
                <button type="submit" class="button">{t.start_draft}</button>
            </form>
        }
        .into_any();
    };
    let ctx = Ctx { draft: d.id, rev: d.revision, t, feedback };
    let editors = d.editors.join("、");
    let mut toc = vec![
        ("society", ctx.t.society),
        ("intro", ctx.t.intro),
        ("category", ctx.t.categories),
        ("area", ctx.t.areas),
        ("exception", ctx.t.exceptions),
        ("measure", ctx.t.measures),
        ("procedure", ctx.t.procedure_and_fees),
        ("delivery", ctx.t.delivery_methods),
        ("desk", ctx.t.complaint_desk),
    ];
    if !d.purposes.is_empty() {
        toc.push(("purposes", ctx.t.purposes_toc));
    }
    toc.push(("approve", ctx.t.approval));
    view! {
        {current_line}
        <section class="card" aria-labelledby="draft-heading">
            <h2 id="draft-heading">{ctx.t.draft_heading}</h2>
            <p>{ctx.t.edited_by(&editors)}</p>
            <p>{ctx.t.based_on(&d.base.label)}</p>
            <p><a class="button button--secondary" href="/staff/publication/preview">{ctx.t.preview_link}</a></p>
            <nav aria-label=ctx.t.sections_label>
                <ul class="inline-list">{toc.into_iter().map(|(id, label)| view! { <li><a href=format!("#{id}")>{label}</a></li> }).collect_view()}</ul>
            </nav>
        </section>
        <section class="card diff" aria-labelledby="draft-diff">
            <h2 id="draft-diff">{ctx.t.diff_heading}</h2>
            <DiffView diff=d.diff.clone()/>
        </section>
        {sections(ctx, &d)}
        {purposes::purposes(ctx, &d.purposes)}
        {approval(ctx, &d, approver, own_draft, today)}
        <section class="card" aria-labelledby="discard-heading">
            <h2 id="discard-heading">{ctx.t.discard_heading}</h2>
            <form method="post" action=DiscardDraft::url()>
                <input type="hidden" name="form[draft]" value=ctx.draft.to_string()/>
                <input type="hidden" name="form[rev]" value=ctx.rev.to_string()/>
                <button type="submit" class="button button--danger">{ctx.t.discard_button}</button>
            </form>
        </section>
    }
    .into_any()
}

fn sections(ctx: Ctx, d: &DraftView) -> impl IntoView {
    let p = &d.publication;
    let s = &p.society;
    let society = item_form(
        ctx,
        at(Section::Society, None),
        vec![
            field(ctx, at(Section::Society, None), "name", ctx.t.society_name, s.name.clone(), Input::Line),
            field(ctx, at(Section::Society, None), "postal_code", ctx.t.postal_code, s.postal_code.clone(), Input::Line),
            field(ctx, at(Section::Society, None), "address", ctx.t.address, s.address.clone(), Input::Line),
            field(ctx, at(Section::Society, None), "representative", ctx.t.representative, s.representative.clone(), Input::Line),
            field(ctx, at(Section::Society, None), "phone", ctx.t.phone, s.phone.clone(), Input::Line),
            field(ctx, at(Section::Society, None), "sample_notice", ctx.t.sample_notice, s.sample_notice.clone().unwrap_or_default(), Input::Line),
        ],
        0,
        ctx.t.society.to_string(),
    );
    let intro_at = at(Section::Intro, None);
    let intro = item_form(
        ctx,
        intro_at,
        vec![
            field(ctx, intro_at, "title", ctx.t.intro_title, p.title.clone(), Input::Line),
            field(ctx, intro_at, "purposes_intro", ctx.t.purposes_intro, p.purposes_intro.clone(), Input::Text(4)),
            field(ctx, intro_at, "notes", ctx.t.category_notes, lines(&p.categories_notes), Input::Text(3)),
            field(ctx, intro_at, "exceptions_intro", ctx.t.exceptions_intro, p.exceptions_intro.clone(), Input::Text(3)),
        ],
        0,
        ctx.t.intro_item.to_string(),
    );
    let category_form = |index: Option<usize>, name: String, purposes: String| {
        let a = at(Section::Category, index);
        item_form(
            ctx,
            a,
            vec![
                field(ctx, a, "name", ctx.t.category_name, name.clone(), Input::Line),
                field(ctx, a, "purposes", ctx.t.category_purposes, purposes, Input::Text(4)),
            ],
            p.categories.len(),
            if name.is_empty() { ctx.t.new_category.to_string() } else { name },
        )
    };
    let categories: Vec<AnyView> = p
        .categories
        .iter()
        .enumerate()
        .map(|(i, c)| category_form(Some(i), c.name.clone(), lines(&c.purposes)))
        .chain(std::iter::once(category_form(None, String::new(), String::new())))
        .collect();
    let areas: Vec<AnyView> = p
        .purpose_areas
        .iter()
        .enumerate()
        .map(|(i, area)| {
            let a = at(Section::Area, Some(i));
            let head = item_form(
                ctx,
                a,
                vec![field(ctx, a, "name", ctx.t.area_name, area.name.clone(), Input::Line)],
                p.purpose_areas.len(),
                area.name.clone(),
            );
            let uses: Vec<AnyView> = area
                .uses
                .iter()
                .enumerate()
                .map(|(j, u)| use_form(ctx, i, Some(j), area.uses.len(), Some(&u.text), Some(&u.kind)))
                .chain(std::iter::once(use_form(ctx, i, None, area.uses.len(), None, None)))
                .collect();
            view! {
                <div class="editor-group">
                    <h3>{area.name.clone()}</h3>
                    {head}
                    <h4>{ctx.t.uses_heading}</h4>
                    {uses}
                </div>
            }
            .into_any()
        })
        .chain(std::iter::once({
            let a = at(Section::Area, None);
            item_form(ctx, a, vec![field(ctx, a, "name", ctx.t.new_area_name, String::new(), Input::Line)], 0, ctx.t.new_area.to_string())
        }))
        .collect();
    let simple_list = |section: Section, items: Vec<(String, String)>, first: (&'static str, &'static str, Input), second: Option<(&'static str, &'static str)>| {
        let len = items.len();
        items
            .into_iter()
            .enumerate()
            .map(|(i, v)| (Some(i), v))
            .chain(std::iter::once((None, (String::new(), String::new()))))
            .map(|(index, (a, b))| {
                let place = at(section, index);
                let mut fields = vec![field(ctx, place, first.0, first.1, a.clone(), first.2)];
                if let Some((name, label)) = second {
                    fields.push(field(ctx, place, name, label, b, Input::Text(3)));
                }
                let shown: String = a.chars().take(30).collect();
                item_form(ctx, place, fields, len, if index.is_some() { shown } else { ctx.t.new_item.to_string() })
            })
            .collect::<Vec<AnyView>>()
    };
    let exceptions = simple_list(
        Section::Exception,
        p.exceptions.iter().map(|e| (e.text.clone(), String::new())).collect(),
        ("text", ctx.t.exception_text, Input::Text(3)),
        None,
    );
    let measures = simple_list(
        Section::Measure,
        p.safety_measures.iter().map(|m| (m.title.clone(), m.body.clone())).collect(),
        ("title", ctx.t.measure_title, Input::Line),
        Some(("body", ctx.t.measure_body)),
    );
    let methods: Vec<AnyView> = p
        .procedure
        .delivery_methods
        .iter()
        .enumerate()
        .map(|(i, m)| methods::method_form(ctx, Some(i), p.procedure.delivery_methods.len(), Some(m)))
        .chain(std::iter::once(methods::method_form(ctx, None, p.procedure.delivery_methods.len(), None)))
        .collect();
    let proc_at = at(Section::Procedure, None);
    let mut proc_fields = vec![
        field(ctx, proc_at, "description", ctx.t.procedure_description, p.procedure.description.clone(), Input::Text(4)),
        field(ctx, proc_at, "identity_documents", ctx.t.identity_documents, lines(&p.procedure.identity_documents), Input::Text(4)),
        field(ctx, proc_at, "inquiry", ctx.t.inquiry, p.procedure.inquiry.clone(), Input::Line),
        field(
            ctx,
            proc_at,
            "no_electronic_reason",
            ctx.t.no_electronic_reason,
            p.procedure.no_electronic_reason.clone().unwrap_or_default(),
            Input::Text(2),
        ),
    ];
    for rt in FEE_TYPES {
        let amount = p.fee_for(rt);
        let label = ctx.t.fee_label(rt.label(ctx.t.lang));
        proc_fields.push(field(ctx, proc_at, fee_field(rt), label, if amount > 0 { amount.to_string() } else { String::new() }, Input::Line));
    }
    for kind in PAYMENT_KINDS {
        let now = p.procedure.payment_methods.iter().find(|m| m.kind == kind).map(|m| m.instructions.clone()).unwrap_or_default();
        proc_fields.push(field(ctx, proc_at, payment_field(kind), ctx.t.payment_label(kind.label(ctx.t.lang)), now, Input::Text(2)));
    }
    let procedure = item_form(ctx, proc_at, proc_fields, 0, ctx.t.procedure_item.to_string());
    let desk_at = at(Section::Desk, None);
    let c = &p.complaint_desk;
    let desk = item_form(
        ctx,
        desk_at,
        vec![
            field(ctx, desk_at, "name", ctx.t.society_name, c.name.clone(), Input::Line),
            field(ctx, desk_at, "postal_code", ctx.t.postal_code, c.postal_code.clone(), Input::Line),
            field(ctx, desk_at, "address", ctx.t.address, c.address.clone(), Input::Line),
            field(ctx, desk_at, "phone", ctx.t.phone, c.phone.clone(), Input::Line),
            field(ctx, desk_at, "hours", ctx.t.hours, c.hours.clone(), Input::Line),
        ],
        0,
        ctx.t.complaint_desk.to_string(),
    );
    let section = |id: &'static str, heading: &'static str, body: Vec<AnyView>| {
        view! {
            <section class="editor-section" id=id aria-labelledby=format!("{id}-heading")>
                <h2 id=format!("{id}-heading")>{heading}</h2>
                {body}
            </section>
        }
    };
    view! {
        {section("society", ctx.t.society_heading, vec![society])}
        {section("intro", ctx.t.intro, vec![intro])}
        {section("category", ctx.t.categories, categories)}
        {section("area", ctx.t.areas_heading, areas)}
        {section("exception", ctx.t.exceptions_heading, exceptions)}
        {section("measure", ctx.t.measures, measures)}
        {section("procedure", ctx.t.procedure_heading, vec![procedure])}
        {section("delivery", ctx.t.delivery_methods, methods)}
        {section("desk", ctx.t.complaint_desk, vec![desk])}
    }
}

fn approval(ctx: Ctx, d: &DraftView, approver: bool, own_draft: bool, today: chrono::NaiveDate) -> impl IntoView {
    let date_problem = ctx.feedback.with_untracked(|f| f.field("effective_date"));
    let approve_problem = ctx.feedback.with_untracked(|f| f.field("approve"));
    let body = if !approver {
        view! { <p>{ctx.t.needs_approver}</p> }.into_any()
    } else if own_draft {
        view! { <p class="notice">{id_text().p_own_draft}</p> }.into_any()
    } else {
        view! {
            {approve_problem.map(|p| view! { <p class="field__error" role="alert">{problem_message(p, id_text())}</p> })}
            <form method="post" action=ApproveDraft::url() class="form">
                <input type="hidden" name="form[draft]" value=ctx.draft.to_string()/>
                <input type="hidden" name="form[rev]" value=ctx.rev.to_string()/>
                <div class="field" class:field--invalid=date_problem.is_some()>
                    <label for="e-effective-date">{ctx.t.effective_date}</label>
                    <p class="field__hint" id="e-effective-date-hint">{ctx.t.effective_date_hint(today)}</p>
                    {date_problem.map(|p| view! { <p class="field__error" id="e-effective-date-error">{problem_message(p, id_text())}</p> })}
                    <input id="e-effective-date" name="form[effective_date]" type="text" maxlength="20" autocomplete="off"
                        aria-describedby=if date_problem.is_some() { "e-effective-date-hint e-effective-date-error" } else { "e-effective-date-hint" }
                        aria-invalid=date_problem.map(|_| "true")
                        value=ctx.feedback.with_untracked(|f| f.value("form[effective_date]"))/>
                </div>
                <button type="submit" class="button">{ctx.t.approve_button}</button>
            </form>
        }
        .into_any()
    };
    let unchanged = d.diff.is_empty();
    let open = d.purposes.iter().filter(|q| q.answer.is_none()).count();
    // Only an approval names an unanswered question `Required`; the answer form's own
    // problems are shown at its question.
    let refused = ctx.feedback.with_untracked(|f| {
        f.fields
            .iter()
            .any(|e| e.field.starts_with("purpose.") && e.field.ends_with(".answer") && e.problem == Problem::Required)
    });
    view! {
        <section class="card" id="approve" aria-labelledby="approve-heading">
            <h2 id="approve-heading">{ctx.t.approval_heading}</h2>
            {unchanged.then(|| view! { <p>{ctx.t.unchanged}</p> })}
            {refused.then(|| view! { <p class="field__error" role="alert">{ctx.t.purposes_refused}</p> })}
            {(open > 0).then(|| view! { <p><a href="#purposes">{ctx.t.purposes_open(open)}</a></p> })}
            {body}
        </section>
    }
}

#[component]
pub fn StaffPublicationPreviewPage() -> impl IntoView {
    let t = editor_text();
    let data = page_data::load(|| (), |_| load_editor());
    let title = t.preview_title;
    view! {
        <Title text=title/>
        <p class="notice" role="note">{t.preview_note}</p>
        <p><a href="/staff/publication">{t.back_to_editor}</a></p>
        {Suspend::new(async move {
            match data.await {
                Err(e) => page_error(e, "/staff/publication/preview"),
                Ok(EditorPage { draft: None, .. }) => view! {
                    <h1>{title}</h1><p>{t.no_draft}</p>
                }.into_any(),
                Ok(EditorPage { draft: Some(d), today, .. }) => {
                    let summary = VersionSummary {
                        id: 0,
                        label: t.draft_label.to_string(),
                        effective_date: today,
                        status: VersionStatus::Scheduled,
                    };
                    view! { <PublicationView version=PublishedVersion { summary, publication: d.publication, retention: None }/> }.into_any()
                }
            }
        })}
    }
}

/// The home page's banner: each published change the member has not acknowledged,
/// what changed, a link to the differences, and 「確認しました」.
#[component]
pub fn NewsBanner() -> impl IntoView {
    let m = t();
    let lang = use_lang();
    let nt = NewsText::of(lang);
    let news = page_data::load(|| (), |_| publication_news());
    Suspend::new(async move {
        let items: Vec<NewsItem> = news.await.unwrap_or_default();
        items
            .into_iter()
            .map(|item| {
                let NewsItem { version, from_version_id, diff } = item;
                let mut names = diff.changed_names();
                names.extend(diff.other_sections.iter().map(|s| s.name(m).to_string()));
                let scheduled = version.status == VersionStatus::Scheduled;
                let date = format_date(version.effective_date, lang);
                let heading = if scheduled { nt.heading_scheduled(&date) } else { nt.heading_changed(&date) };
                let heading_id = format!("news-{}", version.id);
                view! {
                    <section class="notice notice--news" aria-labelledby=format!("news-{}", version.id) data-news-version=version.id.to_string()>
                        <h2 id=heading_id>{heading}</h2>
                        <p>{nt.what_changed}<span lang="ja">{names.join("、")}</span></p>
                        <p><a href=format!("/privacy/history?from={from_version_id}&to={}", version.id)>{nt.see_changes}</a></p>
                        <form method="post" action=AcknowledgeNews::url()>
                            <input type="hidden" name="version" value=version.id.to_string()/>
                            <button type="submit" class="button button--secondary">{nt.acknowledge}</button>
                        </form>
                    </section>
                }
            })
            .collect_view()
    })
}
