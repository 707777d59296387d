use leptos::prelude::*;
use leptos_router::components::A;

use super::language::LanguageSwitch;
use kit::i18n::t;
use kit::texts::id_text;

/// Who is signed in on this page's area, for the header (pages render on the server).
fn signed_in() -> bool {
    #[cfg(feature = "ssr")]
    {
        !matches!(crate::identity::store::caller(), kit::access::Caller::Anonymous)
    }
    #[cfg(not(feature = "ssr"))]
    {
        false
    }
}

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let m = t();
    let id = id_text();
    let signed_in = signed_in();
    let staff_area = leptos_router::hooks::use_location().pathname.get_untracked().starts_with("/staff");
    let account = match (staff_area, signed_in) {
        (false, true) => view! {
            <li><A href="/requests">{id.nav_requests}</A></li>
            <li><A href="/notices">{id.nav_notices}</A></li>
            <li><A href="/account">{id.account_title}</A></li>
        }
        .into_any(),
        (false, false) => view! { <li><A href="/login">{id.login_title}</A></li> }.into_any(),
        (true, _) => view! { <li><A href="/staff">{id.staff_home_title}</A></li> }.into_any(),
    };
    if staff_area {
        let current = leptos_router::hooks::use_location().pathname.get_untracked();
        let tx = crate::staff::texts::StaffText::of(kit::i18n::use_lang());
        return view! {
            <a class="skip-link" href="#main">{m.skip_to_content}</a>
            <header class="site-header staff-header">
                <div class="site-header__inner">
                    <a class="site-name" href="/staff">{tx.staff_area}</a>
                    <LanguageSwitch/>
                </div>
                <crate::staff::bar::StaffBar signed_in current/>
            </header>
            <main id="main" class="main--wide" tabindex="-1">{children()}</main>
            <footer class="site-footer">
                <p>{m.footer_note}</p>
            </footer>
        }
        .into_any();
    }
    view! {
        <a class="skip-link" href="#main">{m.skip_to_content}</a>
        <header class="site-header">
            <div class="site-header__inner">
                <a class="site-name" href="/">{m.portal_name}</a>
                <LanguageSwitch/>
            </div>
            <nav class="site-nav" aria-label=m.nav_label>
                <ul>
                    <li><A href="/">{m.nav_home}</A></li>
                    <li><A href="/privacy">{m.nav_privacy}</A></li>
                    <li><A href="/privacy/history">{m.nav_history}</A></li>
                    {account}
                </ul>
                {(signed_in && !staff_area).then(|| view! { <crate::identity::views::LogoutButton/> })}
            </nav>
        </header>
        <main id="main" tabindex="-1">{children()}</main>
        <footer class="site-footer">
            <p>{m.footer_note}</p>
        </footer>
    }
    .into_any()
}
