//! The public procedure page (開示等の請求の手続) and the blank paper forms of seed 003:
//! 様式1 保有個人データ等開示依頼書 and 様式2 保有個人データ等利用停止等依頼書, printable on
//! A4. Both are drawn from the current publication (categories, methods, fees, identity
//! documents, the society's address), so paper can never offer what is not published.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::publication::current_publication;
use crate::publication::model::{MethodKind, Publication};
use kit::i18n::{Lang, use_lang};
use kit::page_data;
use super::draft::{Ground, Measure};
use super::texts::{PaperFormText, RqText, procedure_text};
use kit::rights::RequestType;
use super::views::PrintButton;

/// Which blank form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PaperForm {
    /// 様式1: 利用目的の通知, 開示, 第三者提供記録の開示.
    Disclosure,
    /// 様式2: 訂正等, 利用停止等.
    Suspension,
}

impl PaperForm {
    /// The form's title (in Japanese, as printed).
    pub fn title(self) -> &'static str {
        let t = PaperFormText::of(Lang::Ja);
        match self {
            PaperForm::Disclosure => t.form_1,
            PaperForm::Suspension => t.form_2,
        }
    }

    pub fn href(self) -> &'static str {
        match self {
            PaperForm::Disclosure => "/procedure/form-1",
            PaperForm::Suspension => "/procedure/form-2",
        }
    }

    /// The request types the form asks for.
    pub fn request_types(self) -> &'static [RequestType] {
        match self {
            PaperForm::Disclosure => {
                &[RequestType::PurposeNotice, RequestType::Disclosure, RequestType::ThirdPartyRecordDisclosure]
            }
            PaperForm::Suspension => &[RequestType::Correction, RequestType::Suspension],
        }
    }
}

/// Every published method, as the person may choose any (33条1項); the download is
/// received in the 本人's own portal account, which the form says.
fn paper_methods(p: &Publication) -> Vec<(String, String)> {
    let w = PaperFormText::of(Lang::Ja);
    p.procedure
        .delivery_methods
        .iter()
        .map(|m| {
            let note = if m.kind == MethodKind::Download { w.download_note } else { "" };
            (m.name.clone(), format!("{}{note}", m.description))
        })
        .collect()
}

/// The fee as the forms and the procedure page print it (in Japanese).
fn fee_text(p: &Publication, t: RequestType) -> String {
    let w = PaperFormText::of(Lang::Ja);
    match p.procedure.fees.iter().find(|f| f.request_type == t && t.may_charge_fee()) {
        Some(f) if f.amount_yen > 0 => match &f.note {
            Some(n) => w.fee_with_note(f.amount_yen, n),
            None => w.fee(f.amount_yen),
        },
        _ => w.free.to_string(),
    }
}

/// The fee on the procedure page, in the page's language: the amount, and the society's
/// note as published.
fn fee_view(p: &Publication, t: RequestType, rq: &'static RqText) -> impl IntoView + use<> {
    match p.procedure.fees.iter().find(|f| f.request_type == t && t.may_charge_fee()) {
        Some(f) if f.amount_yen > 0 => view! {
            {rq.yen(i64::from(f.amount_yen))}
            {f.note.clone().map(|n| view! { "（"<span lang="ja">{n}</span>"）" })}
        }
        .into_any(),
        _ => rq.fee_none.to_string().into_any(),
    }
}

/// `/procedure`: how to ask — online, by post, at the counter.
#[component]
pub fn ProcedurePage() -> impl IntoView {
    let (t, rq) = (procedure_text(), RqText::of(use_lang()));
    let data = page_data::load(|| (), |_| current_publication());
    let title = t.title;
    view! {
        <Title text=title/>
        <h1>{title}</h1>
        {Suspend::new(async move {
            match data.await {
                Ok(Some(v)) => {
                    let p = v.publication;
                    let s = p.society.clone();
                    view! {
                        <section class="card" aria-labelledby="online">
                            <h2 id="online">{t.online_heading}</h2>
                            <p>{t.online_lead}</p>
                            <p><a class="button" href="/requests/new">{t.online_button}</a></p>
                        </section>
                        <section class="card" aria-labelledby="paper">
                            <h2 id="paper">{t.paper_heading}</h2>
                            <p>{t.paper_lead}</p>
                            <ul class="type-list">
                                {[PaperForm::Disclosure, PaperForm::Suspension].into_iter().map(|f| view! {
                                    <li><a href=f.href() data-form=f.href()><span lang="ja">{f.title()}</span>{t.to_print}</a>
                                        <span class="muted">{format!(" — {}", f.request_types().iter().map(|k| rq.type_name(*k)).collect::<Vec<_>>().join("・"))}</span></li>
                                }).collect_view()}
                            </ul>
                            <p>{t.complaints}</p>
                            <h3>{t.address_heading}</h3>
                            <address class="contact" lang="ja">{format!("〒{} {}", s.postal_code, s.address)}<br/>{s.name.clone()}</address>
                            <h3>{t.identity_heading}</h3>
                            <ul lang="ja">{p.procedure.identity_documents.iter().map(|d| view! { <li>{d.clone()}</li> }).collect_view()}</ul>
                            <h3>{t.fees_heading}</h3>
                            <ul>{RequestType::ALL.into_iter().map(|k| view! { <li>{format!("{}: ", rq.type_name(k))}{fee_view(&p, k, rq)}</li> }).collect_view()}</ul>
                            <p>{format!("{}: ", t.inquiries)}<span lang="ja">{p.procedure.inquiry.clone()}</span></p>
                        </section>
                        // The MHLW notice treats a 遺族's request for a deceased person's レセプト as
                        // outside APPI: not a request here (docs/LEGAL.md).
                        <section class="card" aria-labelledby="bereaved" data-bereaved="">
                            <h2 id="bereaved">{t.bereaved_heading}</h2>
                            <p>{t.bereaved_lead}</p>
                            <p>{t.bereaved_documents}</p>
                            <p>{t.bereaved_call}<span lang="ja">{p.procedure.inquiry.clone()}</span></p>
                        </section>
                    }.into_any()
                }
                Ok(None) => view! { <p>{kit::i18n::t().no_publication}</p> }.into_any(),
                Err(e) => view! { <p class="notice notice--error">{e.message(kit::i18n::t())}</p> }.into_any(),
            }
        })}
    }
}

fn boxes(items: Vec<String>) -> impl IntoView {
    view! { <ul class="paper__boxes">{items.into_iter().map(|i| view! { <li>"□ "{i}</li> }).collect_view()}</ul> }
}

fn blank(label: &'static str) -> impl IntoView {
    view! { <div class="paper__row"><span class="paper__label">{label}</span><span class="paper__blank"></span></div> }
}

/// The parts both forms share: the requester, the person concerned, identity.
fn people(t: &'static PaperFormText) -> impl IntoView {
    view! {
        <h2>{t.requester_heading}</h2>
        {blank(t.name)}
        {blank(t.address)}
        {blank(t.phone)}
        <p class="paper__label">{t.relation}</p>
        {boxes([t.relation_self, t.relation_legal, t.relation_proxy, t.relation_guardian].map(String::from).to_vec())}
        <h2>{t.subject_heading}</h2>
        {blank(t.name)}
        {blank(t.birth_date)}
        {blank(t.card)}
        {boxes([t.kind_member, t.kind_former, t.kind_councillor, t.kind_employee, t.kind_other].map(String::from).to_vec())}
    }
}

fn identity(p: &Publication, t: &'static PaperFormText) -> impl IntoView {
    view! {
        <h2>{t.identity_heading}</h2>
        {boxes(p.procedure.identity_documents.clone())}
    }
}

fn office(t: &'static PaperFormText) -> impl IntoView {
    view! {
        <h2>{t.office_heading}</h2>
        <div class="paper__office">
            {blank(t.office_receipt)}
            {blank(t.office_arrived)}
            {blank(t.office_identity)}
        </div>
    }
}

/// `/procedure/form-1` and `/procedure/form-2`: a blank form, printable on A4.
#[component]
pub fn PaperFormPage(form: PaperForm) -> impl IntoView {
    let t = PaperFormText::of(Lang::Ja);
    let rq = RqText::of(t.lang);
    let data = page_data::load(|| (), |_| current_publication());
    view! {
        <Title text=form.title()/>
        {Suspend::new(async move {
            match data.await {
                Ok(Some(v)) => {
                    let p = v.publication;
                    let methods = paper_methods(&p);
                    let kinds = form.request_types().iter().map(|k| t.kind_with_fee(rq.type_name(*k), &fee_text(&p, *k))).collect();
                    let body = match form {
                        PaperForm::Disclosure => view! {
                            <h2>{t.disclosure_heading}</h2>
                            {boxes(p.category_choices().into_iter().map(|(_, name)| name).collect())}
                            {blank(t.receipts_period)}
                            {blank(t.checkups_period)}
                            <h2>{t.method_heading}</h2>
                            {boxes(methods.iter().map(|(n, d)| format!("{n} — {d}")).collect())}
                        }.into_any(),
                        PaperForm::Suspension => view! {
                            <h2>{t.correction_heading}</h2>
                            {blank(t.item)}
                            {blank(t.current)}
                            {blank(t.corrected)}
                            {blank(t.reason)}
                            <h2>{t.suspension_heading}</h2>
                            {boxes([Measure::StopUse, Measure::Erase, Measure::StopProvision].into_iter().map(|m| m.label(t.lang).to_string()).collect())}
                            {blank(t.target)}
                            <p class="paper__label">{t.reason}</p>
                            {boxes(Ground::ALL.iter().copied().map(|g| t.ground_with_article(g.label(t.lang), g.article())).collect())}
                            {blank(t.explanation)}
                        }.into_any(),
                    };
                    view! {
                        <PrintButton label=t.print.to_string()/>
                        <article class="letter paper" lang="ja" aria-labelledby="paper-title">
                            <p class="letter__date">{t.date_line}</p>
                            <p class="letter__to">{t.addressee(&p.society.name, &p.society.representative)}</p>
                            <h1 id="paper-title" class="letter__title">{form.title()}</h1>
                            <p>{t.intro}</p>
                            <h2>{t.kinds_heading}</h2>
                            {boxes(kinds)}
                            {people(t)}
                            {body}
                            {identity(&p, t)}
                            <p class="muted">{t.send_to(&p.society.postal_code, &p.society.address, &p.society.name, &p.procedure.inquiry)}</p>
                            {office(t)}
                        </article>
                    }.into_any()
                }
                Ok(None) => view! { <p>{kit::i18n::t().no_publication}</p> }.into_any(),
                Err(e) => view! { <p class="notice notice--error">{e.message(kit::i18n::t())}</p> }.into_any(),
            }
        })}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_1_asks_for_notice_and_disclosure_and_form_2_for_correction_and_suspension() {
        let all: Vec<RequestType> =
            [PaperForm::Disclosure, PaperForm::Suspension].iter().flat_map(|f| f.request_types().iter().copied()).collect();
        // Every request type but 苦情 (which needs no form) is on exactly one form.
        for t in RequestType::ALL {
            let n = all.iter().filter(|x| **x == t).count();
            assert_eq!(n, usize::from(t != RequestType::Complaint), "{t:?}");
        }
    }
}
