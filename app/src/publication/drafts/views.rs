//! The staff editor (`/staff/publication`), its preview, and the members' banner.
//! Every edit is a plain form post (works without JavaScript); each list entry has its
//! own form with 保存・上へ・下へ・削除, and a problem is shown next to its field.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{
    AcknowledgeNews, ApproveDraft, DiscardDraft, DraftView, EditDraft, EditorPage, NewsItem, StartDraft, load_editor,
    publication_news,
};
use kit::form::{Feedback, FormError, problem_message, use_feedback};
use kit::i18n::{Lang, t, use_lang};
use kit::texts::id_text;
use kit::page::page_error;
use kit::page_data;
use crate::publication::editing::{FEE_TYPES, Section, fee_field, field_key};
use crate::publication::model::UseKind;
use crate::publication::views::{DiffView, PublicationView};
use crate::publication::{PublishedVersion, VersionStatus, VersionSummary};
use kit::time::format_date;

/// The draft's identity and the page's feedback, shared by every form of the editor.
#[derive(Clone, Copy)]
struct Ctx {
    draft: i64,
    rev: i64,
    ja: bool,
    feedback: Signal<Feedback>,
}

impl Ctx {
    fn l(&self, ja: &'static str, en: &'static str) -> &'static str {
        if self.ja { ja } else { en }
    }
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
        <input type="hidden" name="form[index]" value=at.index.map_or("new".to_string(), |i| i.to_string())/>
        {at.area.map(|a| view! { <input type="hidden" name="form[area]" value=a.to_string()/> })}
    }
}

fn field(ctx: Ctx, at: At, name: &'static str, label: &'static str, value: String, input: Input) -> AnyView {
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
                {if at.index.is_some() { ctx.l("保存", "Save") } else { ctx.l("追加", "Add") }}{hidden_name()}
            </button>
            {at.index.map(|i| view! {
                <button type="submit" name="form[op]" value="up" class="button button--secondary" disabled={i == 0}>
                    {ctx.l("上へ", "Move up")}{hidden_name()}
                </button>
                <button type="submit" name="form[op]" value="down" class="button button--secondary" disabled={i + 1 >= len}>
                    {ctx.l("下へ", "Move down")}{hidden_name()}
                </button>
                <button type="submit" name="form[op]" value="remove" class="button button--danger">
                    {ctx.l("削除", "Remove")}{hidden_name()}
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
    let ja = use_lang() == Lang::Ja;
    let query = use_query_map();
    let flag = move |name: &'static str| move || query.with(|q| q.get(name).is_some());
    let feedback = use_feedback();
    let data = page_data::load(|| (), |_| load_editor());
    let title = if ja { "公表事項の改定" } else { "Revising the published statement" };
    view! {
        <Title text=title/>
        <h1>{title}</h1>
        <p>{if ja {
            "個人情報の利用目的などの公表事項を改定します。現行版から下書きを作り、項目ごとに編集し、プレビューと変更点を確かめてから、別の責任者が適用日を決めて承認すると公表されます。公表すると、登録している加入者全員にポータルとメールでお知らせします。"
        } else {
            "Revise the published statement: start a draft from the current version, edit it section by section, check the preview and the changes; another responsible person approves it with an effective date, which publishes it and tells every registered member in the portal and by email."
        }}</p>
        {kit::page::done_notice(flag("started"), if ja { "下書きを作成しました。" } else { "Draft started." })}
        {kit::page::done_notice(flag("saved"), if ja { "下書きを保存しました。" } else { "Draft saved." })}
        {kit::page::done_notice(flag("discarded"), if ja { "下書きを破棄しました。" } else { "Draft discarded." })}
        {kit::page::done_notice(flag("published"), if ja { "承認し、公表しました。" } else { "Approved and published." })}
        <FormError feedback=feedback/>
        {Suspend::new(async move {
            match data.await {
                Err(e) => page_error(e, "/staff/publication"),
                Ok(page) => editor_page(page, ja, feedback),
            }
        })}
    }
}

fn editor_page(page: EditorPage, ja: bool, feedback: Signal<Feedback>) -> AnyView {
    let lang = use_lang();
    let EditorPage { current, draft, approver, own_draft, today } = page;
    let current_line = current.map(|c| {
        view! {
            <p>{if ja { "現行版: " } else { "In force: " }}<strong>{c.label}</strong>
               {format!("（{}）", format_date(c.effective_date, lang))}" "
               <a href="/privacy/history">{if ja { "改定履歴" } else { "History" }}</a></p>
        }
    });
    let Some(d) = draft else {
        let exists = feedback.with_untracked(|f| f.field("draft"));
        return view! {
            {current_line}
            {exists.map(|p| view! { <p class="field__error" role="alert">{problem_message(p, id_text())}</p> })}
            <form method="post" action=StartDraft::url()>
                <button type="submit" class="button">{if ja { "現行版から下書きを作る" } else { "Start a draft from the current version" }}</button>
            </form>
        }
        .into_any();
    };
    let ctx = Ctx { draft: d.id, rev: d.revision, ja, feedback };
    let editors = d.editors.join("、");
    let toc = [
        ("society", ctx.l("事業者", "Society")),
        ("intro", ctx.l("表題・前文", "Title and introduction")),
        ("category", ctx.l("個人情報の類型と利用目的", "Categories and purposes")),
        ("area", ctx.l("利用目的の区分と利用先", "Purpose areas and recipients")),
        ("exception", ctx.l("例外", "Exceptions")),
        ("measure", ctx.l("安全管理措置", "Safety measures")),
        ("procedure", ctx.l("手続・手数料", "Procedure and fees")),
        ("delivery", ctx.l("開示の方法", "Delivery methods")),
        ("desk", ctx.l("苦情の申出先", "Complaint desk")),
        ("approve", ctx.l("承認・公表", "Approval")),
    ];
    view! {
        {current_line}
        <section class="card" aria-labelledby="draft-heading">
            <h2 id="draft-heading">{ctx.l("編集中の下書き", "The open draft")}</h2>
            <p>{format!("{}{}", ctx.l("作成・編集した職員: ", "Created or edited by: "), editors)}</p>
            <p>{format!("{}{}", ctx.l("もとにした版: ", "Based on: "), d.base.label)}</p>
            <p><a class="button button--secondary" href="/staff/publication/preview">{ctx.l("プレビュー（公開ページと同じ表示）", "Preview (as the public page will show it)")}</a></p>
            <nav aria-label=ctx.l("編集する項目", "Sections")>
                <ul class="inline-list">{toc.map(|(id, label)| view! { <li><a href=format!("#{id}")>{label}</a></li> }).collect_view()}</ul>
            </nav>
        </section>
        <section class="card diff" aria-labelledby="draft-diff">
            <h2 id="draft-diff">{ctx.l("現行版との違い", "Changes from the current version")}</h2>
            <DiffView diff=d.diff.clone()/>
        </section>
        {sections(ctx, &d)}
        {approval(ctx, &d, approver, own_draft, today)}
        <section class="card" aria-labelledby="discard-heading">
            <h2 id="discard-heading">{ctx.l("下書きの破棄", "Discard the draft")}</h2>
            <form method="post" action=DiscardDraft::url()>
                <input type="hidden" name="form[draft]" value=ctx.draft.to_string()/>
                <input type="hidden" name="form[rev]" value=ctx.rev.to_string()/>
                <button type="submit" class="button button--danger">{ctx.l("この下書きを破棄する", "Discard this draft")}</button>
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
            field(ctx, at(Section::Society, None), "name", ctx.l("名称", "Name"), s.name.clone(), Input::Line),
            field(ctx, at(Section::Society, None), "postal_code", ctx.l("郵便番号", "Postal code"), s.postal_code.clone(), Input::Line),
            field(ctx, at(Section::Society, None), "address", ctx.l("住所", "Address"), s.address.clone(), Input::Line),
            field(ctx, at(Section::Society, None), "representative", ctx.l("代表者", "Representative"), s.representative.clone(), Input::Line),
            field(ctx, at(Section::Society, None), "phone", ctx.l("電話番号", "Phone"), s.phone.clone(), Input::Line),
            field(ctx, at(Section::Society, None), "sample_notice", ctx.l("見本の表示（任意）", "Sample notice (optional)"), s.sample_notice.clone().unwrap_or_default(), Input::Line),
        ],
        0,
        ctx.l("事業者", "Society").to_string(),
    );
    let intro_at = at(Section::Intro, None);
    let intro = item_form(
        ctx,
        intro_at,
        vec![
            field(ctx, intro_at, "title", ctx.l("表題", "Title"), p.title.clone(), Input::Line),
            field(ctx, intro_at, "purposes_intro", ctx.l("利用目的の前文", "Introduction to the purposes"), p.purposes_intro.clone(), Input::Text(4)),
            field(ctx, intro_at, "notes", ctx.l("表の注記（1行に1つ）", "Notes under the table (one per line)"), lines(&p.categories_notes), Input::Text(3)),
            field(ctx, intro_at, "exceptions_intro", ctx.l("例外の前文", "Introduction to the exceptions"), p.exceptions_intro.clone(), Input::Text(3)),
        ],
        0,
        ctx.l("表題・前文", "Introduction").to_string(),
    );
    let category_form = |index: Option<usize>, name: String, purposes: String| {
        let a = at(Section::Category, index);
        item_form(
            ctx,
            a,
            vec![
                field(ctx, a, "name", ctx.l("類型の名称", "Category name"), name.clone(), Input::Line),
                field(ctx, a, "purposes", ctx.l("利用目的（1行に1つ）", "Purposes (one per line)"), purposes, Input::Text(4)),
            ],
            p.categories.len(),
            if name.is_empty() { ctx.l("新しい類型", "new category").to_string() } else { name },
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
                vec![field(ctx, a, "name", ctx.l("区分の名称", "Area name"), area.name.clone(), Input::Line)],
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
                    <h4>{ctx.l("利用先", "Uses")}</h4>
                    {uses}
                </div>
            }
            .into_any()
        })
        .chain(std::iter::once({
            let a = at(Section::Area, None);
            item_form(ctx, a, vec![field(ctx, a, "name", ctx.l("新しい区分の名称", "New area name"), String::new(), Input::Line)], 0, ctx.l("新しい区分", "new area").to_string())
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
                item_form(ctx, place, fields, len, if index.is_some() { shown } else { ctx.l("新規", "new").to_string() })
            })
            .collect::<Vec<AnyView>>()
    };
    let exceptions = simple_list(
        Section::Exception,
        p.exceptions.iter().map(|e| (e.text.clone(), String::new())).collect(),
        ("text", ctx.l("例外の内容", "Exception"), Input::Text(3)),
        None,
    );
    let measures = simple_list(
        Section::Measure,
        p.safety_measures.iter().map(|m| (m.title.clone(), m.body.clone())).collect(),
        ("title", ctx.l("見出し", "Title"), Input::Line),
        Some(("body", ctx.l("内容", "Description"))),
    );
    let methods = simple_list(
        Section::Delivery,
        p.procedure.delivery_methods.iter().map(|m| (m.name.clone(), m.description.clone())).collect(),
        ("name", ctx.l("方法の名称", "Method"), Input::Line),
        Some(("description", ctx.l("説明", "Description"))),
    );
    let proc_at = at(Section::Procedure, None);
    let mut proc_fields = vec![
        field(ctx, proc_at, "description", ctx.l("手続の説明", "Procedure"), p.procedure.description.clone(), Input::Text(4)),
        field(ctx, proc_at, "identity_documents", ctx.l("本人確認書類（1行に1つ）", "Identity documents (one per line)"), lines(&p.procedure.identity_documents), Input::Text(4)),
        field(ctx, proc_at, "inquiry", ctx.l("手続の問合せ先", "Where to ask"), p.procedure.inquiry.clone(), Input::Line),
    ];
    let m = t();
    for rt in FEE_TYPES {
        let amount = p.fee_for(rt);
        let label: &'static str = match (rt, ctx.ja) {
            (kit::rights::RequestType::PurposeNotice, true) => "手数料（円）：利用目的の通知",
            (kit::rights::RequestType::Disclosure, true) => "手数料（円）：開示",
            (_, true) => "手数料（円）：第三者提供記録の開示",
            _ => rt.name(m),
        };
        proc_fields.push(field(ctx, proc_at, fee_field(rt), label, if amount > 0 { amount.to_string() } else { String::new() }, Input::Line));
    }
    let procedure = item_form(ctx, proc_at, proc_fields, 0, ctx.l("手続", "Procedure").to_string());
    let desk_at = at(Section::Desk, None);
    let c = &p.complaint_desk;
    let desk = item_form(
        ctx,
        desk_at,
        vec![
            field(ctx, desk_at, "name", ctx.l("名称", "Name"), c.name.clone(), Input::Line),
            field(ctx, desk_at, "postal_code", ctx.l("郵便番号", "Postal code"), c.postal_code.clone(), Input::Line),
            field(ctx, desk_at, "address", ctx.l("住所", "Address"), c.address.clone(), Input::Line),
            field(ctx, desk_at, "phone", ctx.l("電話番号", "Phone"), c.phone.clone(), Input::Line),
            field(ctx, desk_at, "hours", ctx.l("受付時間", "Hours"), c.hours.clone(), Input::Line),
        ],
        0,
        ctx.l("苦情の申出先", "Complaint desk").to_string(),
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
        {section("society", ctx.l("事業者（名称・住所・代表者）", "Society"), vec![society])}
        {section("intro", ctx.l("表題・前文", "Title and introduction"), vec![intro])}
        {section("category", ctx.l("個人情報の類型と利用目的", "Categories and purposes"), categories)}
        {section("area", ctx.l("利用目的の区分と利用先（内部・委託・共同利用・法令に基づく提供）", "Purpose areas and recipients"), areas)}
        {section("exception", ctx.l("利用目的を通知・公表しない場合（21条4項）", "Exceptions (art. 21(4))"), exceptions)}
        {section("measure", ctx.l("安全管理措置", "Safety measures"), measures)}
        {section("procedure", ctx.l("開示等の手続・手数料", "Procedure and fees"), vec![procedure])}
        {section("delivery", ctx.l("開示の方法", "Delivery methods"), methods)}
        {section("desk", ctx.l("苦情の申出先", "Complaint desk"), vec![desk])}
    }
}

fn use_form(ctx: Ctx, area: usize, index: Option<usize>, len: usize, text: Option<&String>, kind: Option<&UseKind>) -> AnyView {
    let a = At { section: Section::Use, area: Some(area), index };
    let code = match kind {
        Some(UseKind::Outsourced) => "outsourced",
        Some(UseKind::JointUse(_)) => "joint_use",
        Some(UseKind::ProvisionByLaw { .. }) => "provision_by_law",
        _ => "internal",
    };
    let joint = match kind {
        Some(UseKind::JointUse(j)) => Some(j.clone()),
        _ => None,
    };
    let basis = match kind {
        Some(UseKind::ProvisionByLaw { basis }) => basis.clone(),
        _ => String::new(),
    };
    let select_id = format!("e-{}", field_key(Section::Use, Some(area), index, "kind").replace('.', "-"));
    let options = [
        ("internal", ctx.l("組合の内部で利用", "Used within the society")),
        ("outsourced", ctx.l("委託（27条5項1号）", "Outsourced (art. 27(5)(i))")),
        ("joint_use", ctx.l("共同利用（27条5項3号）", "Joint use (art. 27(5)(iii))")),
        ("provision_by_law", ctx.l("法令に基づく第三者提供", "Provision required by law")),
    ];
    let j = joint.unwrap_or_default();
    let fields = vec![
        field(ctx, a, "text", ctx.l("利用先・内容", "Use"), text.cloned().unwrap_or_default(), Input::Line),
        view! {
            <div class="field">
                <label for=select_id.clone()>{ctx.l("種類", "Kind")}</label>
                <select id=select_id name="form[kind]">
                    {options.map(|(value, label)| view! { <option value=value selected=value == code>{label}</option> }).collect_view()}
                </select>
            </div>
        }
        .into_any(),
        view! {
            <fieldset class="subfields">
                <legend>{ctx.l("法令に基づく提供の場合", "For a provision required by law")}</legend>
                {field(ctx, a, "basis", ctx.l("根拠となる法令", "Legal basis"), basis, Input::Line)}
            </fieldset>
        }
        .into_any(),
        view! {
            <fieldset class="subfields">
                <legend>{ctx.l("共同利用の場合（27条5項3号の事項）", "For a joint use (the items of art. 27(5)(iii))")}</legend>
                {field(ctx, a, "items", ctx.l("共同して利用する項目（1行に1つ）", "Items used jointly (one per line)"), lines(&j.items), Input::Text(3))}
                {field(ctx, a, "joint_users", ctx.l("共同して利用する者の範囲", "Who uses them jointly"), j.joint_users.clone(), Input::Line)}
                {field(ctx, a, "purpose", ctx.l("利用する者の利用目的", "Their purpose"), j.purpose.clone(), Input::Line)}
                {field(ctx, a, "rp_name", ctx.l("管理の責任者の名称", "Responsible party"), j.responsible_party.name.clone(), Input::Line)}
                {field(ctx, a, "rp_address", ctx.l("責任者の住所", "Its address"), j.responsible_party.address.clone(), Input::Line)}
                {field(ctx, a, "rp_representative", ctx.l("責任者の代表者", "Its representative"), j.responsible_party.representative.clone(), Input::Line)}
            </fieldset>
        }
        .into_any(),
    ];
    let name = text.cloned().unwrap_or_else(|| ctx.l("新しい利用先", "new use").to_string());
    item_form(ctx, a, fields, len, name)
}

fn approval(ctx: Ctx, d: &DraftView, approver: bool, own_draft: bool, today: chrono::NaiveDate) -> impl IntoView {
    let date_problem = ctx.feedback.with_untracked(|f| f.field("effective_date"));
    let approve_problem = ctx.feedback.with_untracked(|f| f.field("approve"));
    let body = if !approver {
        view! { <p>{ctx.l("公表するには、別の責任者の承認が必要です。責任者にこの画面で確かめてもらってください。", "Another responsible person (責任者) must approve the draft to publish it.")}</p> }.into_any()
    } else if own_draft {
        view! { <p class="notice">{id_text().p_own_draft}</p> }.into_any()
    } else {
        view! {
            {approve_problem.map(|p| view! { <p class="field__error" role="alert">{problem_message(p, id_text())}</p> })}
            <form method="post" action=ApproveDraft::url() class="form">
                <input type="hidden" name="form[draft]" value=ctx.draft.to_string()/>
                <input type="hidden" name="form[rev]" value=ctx.rev.to_string()/>
                <div class="field" class:field--invalid=date_problem.is_some()>
                    <label for="e-effective-date">{ctx.l("適用日", "Effective date")}</label>
                    <p class="field__hint" id="e-effective-date-hint">{if ctx.ja {
                        format!("今日（{today}）以降。共同利用の利用目的・責任者の変更は明日以降（27条6項）。例: 2026-12-01")
                    } else {
                        format!("Today ({today}) or later; a joint use's change from tomorrow (art. 27(6)). e.g. 2026-12-01")
                    }}</p>
                    {date_problem.map(|p| view! { <p class="field__error" id="e-effective-date-error">{problem_message(p, id_text())}</p> })}
                    <input id="e-effective-date" name="form[effective_date]" type="text" maxlength="20" autocomplete="off"
                        aria-describedby=if date_problem.is_some() { "e-effective-date-hint e-effective-date-error" } else { "e-effective-date-hint" }
                        aria-invalid=date_problem.map(|_| "true")/>
                </div>
                <button type="submit" class="button">{ctx.l("承認して公表する", "Approve and publish")}</button>
            </form>
        }
        .into_any()
    };
    let unchanged = d.diff.is_empty();
    view! {
        <section class="card" id="approve" aria-labelledby="approve-heading">
            <h2 id="approve-heading">{ctx.l("承認・公表", "Approval and publication")}</h2>
            {unchanged.then(|| view! { <p>{ctx.l("まだ変更がありません。", "Nothing has changed yet.")}</p> })}
            {body}
        </section>
    }
}

#[component]
pub fn StaffPublicationPreviewPage() -> impl IntoView {
    let ja = use_lang() == Lang::Ja;
    let data = page_data::load(|| (), |_| load_editor());
    let title = if ja { "下書きのプレビュー" } else { "Draft preview" };
    view! {
        <Title text=title/>
        <p class="notice" role="note">{if ja {
            "これは下書きのプレビューです。公表されるまで、加入者には表示されません。"
        } else {
            "This is a preview of the draft. Members do not see it until it is published."
        }}</p>
        <p><a href="/staff/publication">{if ja { "編集に戻る" } else { "Back to the editor" }}</a></p>
        {Suspend::new(async move {
            match data.await {
                Err(e) => page_error(e, "/staff/publication/preview"),
                Ok(EditorPage { draft: None, .. }) => view! {
                    <h1>{title}</h1><p>{if ja { "編集中の下書きはありません。" } else { "There is no open draft." }}</p>
                }.into_any(),
                Ok(EditorPage { draft: Some(d), today, .. }) => {
                    let summary = VersionSummary {
                        id: 0,
                        label: if ja { "下書き".to_string() } else { "Draft".to_string() },
                        effective_date: today,
                        status: VersionStatus::Scheduled,
                    };
                    view! { <PublicationView version=PublishedVersion { summary, publication: d.publication }/> }.into_any()
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
    let ja = lang == Lang::Ja;
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
                let heading = match (ja, scheduled) {
                    (true, true) => format!("個人情報の利用目的など（公表事項）を{}から改定します", format_date(version.effective_date, lang)),
                    (true, false) => format!("個人情報の利用目的など（公表事項）を{}に改定しました", format_date(version.effective_date, lang)),
                    (false, true) => format!("Our statement on personal information changes on {}", format_date(version.effective_date, lang)),
                    (false, false) => format!("Our statement on personal information changed on {}", format_date(version.effective_date, lang)),
                };
                let heading_id = format!("news-{}", version.id);
                view! {
                    <section class="notice notice--news" aria-labelledby=format!("news-{}", version.id) data-news-version=version.id.to_string()>
                        <h2 id=heading_id>{heading}</h2>
                        <p>{if ja { "変更のあった項目: " } else { "What changed: " }}<span lang="ja">{names.join("、")}</span></p>
                        <p><a href=format!("/privacy/history?from={from_version_id}&to={}", version.id)>{if ja { "変更点を見る" } else { "See the changes" }}</a></p>
                        <form method="post" action=AcknowledgeNews::url()>
                            <input type="hidden" name="version" value=version.id.to_string()/>
                            <button type="submit" class="button button--secondary">{if ja { "確認しました" } else { "I have read this" }}</button>
                        </form>
                    </section>
                }
            })
            .collect_view()
    })
}
