//! The frame every page shares: the HTML shell (`store`, server only), routes, header,
//! footer, language switch, the home page and error pages.

mod home;
mod language;
mod layout;
#[cfg(feature = "ssr")]
pub mod store;

use kit::page::NotFound;
pub use language::SetLanguage;

use leptos::prelude::*;
use leptos_meta::{Stylesheet, Title, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{SsrMode, path};

use kit::i18n::{Lang, t};
use crate::identity::views as id;
use crate::publication::views::{HistoryPage, PrivacyPage, VersionPage};
use crate::staff::views as staff;

/// The nonce of this response's Content-Security-Policy (set by the server middleware).
#[derive(Clone, Debug)]
pub struct CspNonce(pub String);

/// The language of this request: on the server from the cookie, in the browser from the
/// `lang` attribute the server rendered (so hydration matches).
fn request_lang() -> Lang {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>()
            .map(|p| Lang::from_cookie_header(p.headers.get(http::header::COOKIE).and_then(|v| v.to_str().ok())))
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        document()
            .document_element()
            .and_then(|e| e.get_attribute("lang"))
            .and_then(|code| Lang::parse(&code))
            .unwrap_or_default()
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_context(request_lang());
    let site = t().portal_name;

    view! {
        <Stylesheet id="leptos" href="/pkg/madoguchi.css"/>
        <Title formatter=move |page: String| if page.is_empty() { site.to_string() } else { format!("{page} | {site}") }/>
        <Router>
            <HydrationMarker/>
            <layout::Layout>
                <Routes fallback=|| view! { <NotFound/> }>
                    <Route path=path!("/") view=home::HomePage ssr=SsrMode::Async/>
                    <Route path=path!("/mypage") view=crate::home::views::MemberHomePage ssr=SsrMode::Async/>
                    <Route path=path!("/privacy") view=PrivacyPage ssr=SsrMode::Async/>
                    <Route path=path!("/privacy/history") view=HistoryPage ssr=SsrMode::Async/>
                    <Route path=path!("/privacy/history/:id") view=VersionPage ssr=SsrMode::Async/>
                    <Route path=path!("/procedure") view=crate::requests::paper_forms::ProcedurePage ssr=SsrMode::Async/>
                    <Route path=path!("/procedure/form-1") view=|| view! { <crate::requests::paper_forms::PaperFormPage form=crate::requests::paper_forms::PaperForm::Disclosure/> } ssr=SsrMode::Async/>
                    <Route path=path!("/procedure/form-2") view=|| view! { <crate::requests::paper_forms::PaperFormPage form=crate::requests::paper_forms::PaperForm::Suspension/> } ssr=SsrMode::Async/>
                    <Route path=path!("/login") view=id::LoginPage ssr=SsrMode::Async/>
                    <Route path=path!("/register") view=id::RegisterPage ssr=SsrMode::Async/>
                    <Route path=path!("/register/sent") view=|| view! { <id::LetterSentPage/> } ssr=SsrMode::Async/>
                    <Route path=path!("/register/complete") view=id::RegisterCompletePage ssr=SsrMode::Async/>
                    <Route path=path!("/reset") view=id::ResetPage ssr=SsrMode::Async/>
                    <Route path=path!("/reset/sent") view=id::ResetSentPage ssr=SsrMode::Async/>
                    <Route path=path!("/reset/complete") view=id::ResetCompletePage ssr=SsrMode::Async/>
                    <Route path=path!("/recover/second-factor") view=id::RecoverSecondFactorPage ssr=SsrMode::Async/>
                    <Route path=path!("/account") view=id::AccountPage ssr=SsrMode::Async/>
                    <Route path=path!("/account/second-factor") view=|| view! { <id::EnrolPage/> } ssr=SsrMode::Async/>
                    <Route path=path!("/account/passkeys") view=|| view! { <crate::identity::passkeys::views::PasskeysPage who=crate::identity::passkeys::Who::Member/> } ssr=SsrMode::Async/>
                    <Route path=path!("/staff/passkeys") view=|| view! { <crate::identity::passkeys::views::PasskeysPage who=crate::identity::passkeys::Who::Staff/> } ssr=SsrMode::Async/>
                    <Route path=path!("/account/recovery-codes") view=id::RecoveryCodesPage ssr=SsrMode::Async/>
                    <Route path=path!("/account/password") view=id::PasswordChangePage ssr=SsrMode::Async/>
                    <Route path=path!("/account/sessions") view=id::SessionsPage ssr=SsrMode::Async/>
                    <Route path=path!("/account/email") view=id::EmailPage ssr=SsrMode::Async/>
                    <Route path=path!("/account/email/verify") view=id::EmailVerifyPage ssr=SsrMode::Async/>
                    <Route path=path!("/account/email/verified") view=id::EmailVerifiedPage ssr=SsrMode::Async/>
                    <Route path=path!("/account/confirm") view=id::ConfirmPage ssr=SsrMode::Async/>
                    <Route path=path!("/account/access-history") view=crate::records::history::AccessHistoryPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/audit") view=crate::records::auditor::AuditPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/audit/disposals") view=crate::records::disposals::DisposalsPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/provisions") view=crate::ledger::ProvisionsPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff") view=staff::StaffHomePage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/login") view=staff::StaffLoginPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/setup") view=staff::StaffSetupPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/setup/second-factor") view=staff::StaffEnrolPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/letters") view=staff::LettersPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/letters/:id") view=crate::staff::letter::LetterPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/access") view=staff::AccessReviewPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/members") view=crate::staff::members::MemberHelpPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/requests") view=crate::staff::requests::StaffRequestsPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/reports") view=crate::staff::reports::StaffReportsPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/templates") view=crate::staff::templates::views::StaffTemplatesPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/intake") view=crate::requests::intake::StaffIntakePage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/intake/:kind") view=crate::requests::intake::StaffIntakeFormPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/requests/:receipt") view=crate::staff::requests::StaffRequestPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/requests/:receipt/fee") view=crate::staff::requests::fee::StaffFeePage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/requests/:receipt/letter") view=crate::staff::requests::StaffLetterPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/requests/:receipt/package") view=crate::delivery::views::StaffPackagePage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/requests/:receipt/inquiries/:id/letter") view=crate::receipts::views::InquiryLetterPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/corrections") view=crate::delivery::corrections::StaffCorrectionsPage ssr=SsrMode::Async/>
                    <Route path=path!("/notices") view=crate::notices::pages::NoticesPage ssr=SsrMode::Async/>
                    <Route path=path!("/notices/statement") view=crate::notices::pages::StatementPage ssr=SsrMode::Async/>
                    <Route path=path!("/notices/sharing") view=crate::notices::pages::SharingPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/publication") view=crate::publication::drafts::StaffPublicationPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/publication/preview") view=crate::publication::drafts::StaffPublicationPreviewPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/notices") view=crate::notices::pages::StaffNoticesPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/notices/import") view=crate::notices::imports::StaffNoticeImportPage ssr=SsrMode::Async/>
                    <Route path=path!("/requests") view=crate::requests::views::RequestsPage ssr=SsrMode::Async/>
                    <Route path=path!("/requests/new") view=crate::requests::views::NewRequestPage ssr=SsrMode::Async/>
                    <Route path=path!("/requests/new/:kind") view=crate::requests::views::RequestFormPage ssr=SsrMode::Async/>
                    <Route path=path!("/requests/:receipt") view=crate::decisions::page::RequestPage ssr=SsrMode::Async/>
                    <Route path=path!("/requests/:receipt/fee") view=crate::requests::fees::views::MemberFeePage ssr=SsrMode::Async/>
                    <Route path=path!("/requests/:receipt/letter") view=crate::requests::views::LetterPage ssr=SsrMode::Async/>
                </Routes>
            </layout::Layout>
        </Router>
    }
}

/// Marks the page as hydrated (the browser tests wait for it): the WebAssembly module has
/// loaded and the page's islands are live.
#[island]
fn HydrationMarker() -> impl IntoView {
    Effect::new(move |_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
}
