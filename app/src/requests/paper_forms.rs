//! The public procedure page (開示等の請求の手続) and the blank paper forms of seed 003:
//! 様式1 保有個人データ等開示依頼書 and 様式2 保有個人データ等利用停止等依頼書, printable on
//! A4. Both are drawn from the current publication (categories, methods, fees, identity
//! documents, the society's address), so paper can never offer what is not published.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::publication::current_publication;
use crate::publication::model::Publication;
use kit::i18n::{Lang, use_lang};
use kit::page_data;
use super::draft::{Ground, Measure};
use super::texts::{ground_name, measure_name, type_name};
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
    pub fn title(self) -> &'static str {
        match self {
            PaperForm::Disclosure => "様式1 保有個人データ等開示依頼書",
            PaperForm::Suspension => "様式2 保有個人データ等利用停止等依頼書",
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

/// The in-portal download needs an account; a paper request is answered on paper.
fn paper_methods(p: &Publication) -> Vec<(String, String)> {
    p.procedure.delivery_methods.iter().filter(|m| m.id != "electronic").map(|m| (m.name.clone(), m.description.clone())).collect()
}

fn fee_text(p: &Publication, t: RequestType) -> String {
    match p.procedure.fees.iter().find(|f| f.request_type == t && t.may_charge_fee()) {
        Some(f) if f.amount_yen > 0 => format!("{}円{}", f.amount_yen, f.note.clone().map(|n| format!("（{n}）")).unwrap_or_default()),
        _ => "無料".to_string(),
    }
}

/// `/procedure`: how to ask — online, by post, at the counter.
#[component]
pub fn ProcedurePage() -> impl IntoView {
    let lang = use_lang();
    let ja = lang == Lang::Ja;
    let data = page_data::load(|| (), |_| current_publication());
    let title = if ja { "開示等の請求の手続" } else { "How to make a request" };
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
                            <h2 id="online">{if ja { "ポータルで請求する（加入者の方）" } else { "Online (members)" }}</h2>
                            <p>{if ja { "ログインして「お申し出」から請求できます。受付番号がすぐに出て、進み具合と結果をこの画面で確かめられます。" } else { "Sign in and choose Requests. You get a receipt number at once and can follow it to the decision." }}</p>
                            <p><a class="button" href="/requests/new">{if ja { "ポータルで請求する" } else { "Make a request online" }}</a></p>
                        </section>
                        <section class="card" aria-labelledby="paper">
                            <h2 id="paper">{if ja { "郵送・窓口で請求する" } else { "By post or at the counter" }}</h2>
                            <p>{if ja { "アカウントがない方（資格を喪失した方、代理人の方、組合会議員・職員の方など）も、次の様式で請求できます。印刷して記入し、本人確認書類の写しを添えて郵送するか、窓口にお持ちください。" } else { "Anyone, also without an account, can use these forms: print, fill in, and post them with a copy of an identity document, or bring them to the counter." }}</p>
                            <ul class="type-list">
                                {[PaperForm::Disclosure, PaperForm::Suspension].into_iter().map(|f| view! {
                                    <li><a href=f.href() data-form=f.href()>{format!("{}（{}）", f.title(), if ja { "印刷用" } else { "to print" })}</a>
                                        <span class="muted">{format!(" — {}", f.request_types().iter().map(|t| type_name(*t, lang)).collect::<Vec<_>>().join("・"))}</span></li>
                                }).collect_view()}
                            </ul>
                            <p>{if ja { "苦情は様式を問いません。手紙・電話・窓口でお申し出ください。" } else { "Complaints need no form: write, call or visit." }}</p>
                            <h3>{if ja { "送付先・窓口" } else { "Address" }}</h3>
                            <address class="contact">{format!("〒{} {}", s.postal_code, s.address)}<br/>{s.name.clone()}</address>
                            <h3>{if ja { "本人確認書類" } else { "Identity documents" }}</h3>
                            <ul>{p.procedure.identity_documents.iter().map(|d| view! { <li>{d.clone()}</li> }).collect_view()}</ul>
                            <h3>{if ja { "手数料" } else { "Fees" }}</h3>
                            <ul>{RequestType::ALL.into_iter().map(|t| view! { <li>{format!("{}: {}", type_name(t, lang), fee_text(&p, t))}</li> }).collect_view()}</ul>
                            <p>{format!("{}: {}", if ja { "お問い合わせ" } else { "Inquiries" }, p.procedure.inquiry)}</p>
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
fn people() -> impl IntoView {
    view! {
        <h2>"請求者"</h2>
        {blank("氏名（ふりがな）")}
        {blank("住所（〒）")}
        {blank("電話番号")}
        <p class="paper__label">"本人との関係"</p>
        {boxes(vec!["本人".into(), "法定代理人（未成年者の親権者等）".into(), "任意代理人（委任状を添付）".into(), "成年後見人（登記事項証明書を添付）".into()])}
        <h2>"本人（請求者が代理人の場合）"</h2>
        {blank("氏名（ふりがな）")}
        {blank("生年月日")}
        {blank("記号・番号（加入者・元加入者の方）")}
        {boxes(vec!["加入者".into(), "元加入者".into(), "組合会議員".into(), "職員".into(), "その他".into()])}
    }
}

fn identity(p: &Publication) -> impl IntoView {
    view! {
        <h2>"本人確認書類（写しを添付、窓口では原本を提示）"</h2>
        {boxes(p.procedure.identity_documents.clone())}
    }
}

fn office() -> impl IntoView {
    view! {
        <h2>"組合記入欄"</h2>
        <div class="paper__office">
            {blank("受付番号")}
            {blank("到達日")}
            {blank("本人確認（書類・確認者）")}
        </div>
    }
}

/// `/procedure/form-1` and `/procedure/form-2`: a blank form, printable on A4.
#[component]
pub fn PaperFormPage(form: PaperForm) -> impl IntoView {
    let data = page_data::load(|| (), |_| current_publication());
    view! {
        <Title text=form.title()/>
        {Suspend::new(async move {
            match data.await {
                Ok(Some(v)) => {
                    let p = v.publication;
                    let methods = paper_methods(&p);
                    let kinds = form.request_types().iter().map(|t| format!("{}（手数料 {}）", type_name(*t, Lang::Ja), fee_text(&p, *t))).collect();
                    let body = match form {
                        PaperForm::Disclosure => view! {
                            <h2>"開示を求める個人データ"</h2>
                            {boxes(p.categories.iter().map(|c| c.name.clone()).collect())}
                            {blank("レセプト（診療報酬明細書）: 期間（年月〜年月）")}
                            {blank("健診結果: 期間（年月〜年月）")}
                            <h2>"開示の方法"</h2>
                            {boxes(methods.iter().map(|(n, d)| format!("{n} — {d}")).collect())}
                        }.into_any(),
                        PaperForm::Suspension => view! {
                            <h2>"訂正・追加・削除（第34条）"</h2>
                            {blank("項目")}
                            {blank("現在の内容")}
                            {blank("訂正・追加後の内容")}
                            {blank("理由")}
                            <h2>"利用停止・消去・第三者提供の停止（第35条）"</h2>
                            {boxes([Measure::StopUse, Measure::Erase, Measure::StopProvision].into_iter().map(|m| measure_name(m, Lang::Ja).to_string()).collect())}
                            {blank("対象となる個人データ")}
                            <p class="paper__label">"理由"</p>
                            {boxes(Ground::ALL.iter().copied().map(|g| format!("{}（{}）", ground_name(g, Lang::Ja), g.article())).collect())}
                            {blank("具体的な事情")}
                        }.into_any(),
                    };
                    view! {
                        <PrintButton label="印刷する".to_string()/>
                        <article class="letter paper" lang="ja" aria-labelledby="paper-title">
                            <p class="letter__date">"請求日　　　　年　　月　　日"</p>
                            <p class="letter__to">{format!("{} {} 様", p.society.name, p.society.representative)}</p>
                            <h1 id="paper-title" class="letter__title">{form.title()}</h1>
                            <p>"個人情報の保護に関する法律に基づき、次のとおり請求します。"</p>
                            <h2>"請求の種類"</h2>
                            {boxes(kinds)}
                            {people()}
                            {body}
                            {identity(&p)}
                            <p class="muted">{format!("送付先: 〒{} {} {}（{}）", p.society.postal_code, p.society.address, p.society.name, p.procedure.inquiry)}</p>
                            {office()}
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
