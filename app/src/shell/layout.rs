use leptos::prelude::*;
use leptos_router::components::A;

use super::language::LanguageSwitch;
use kit::i18n::t;
use kit::texts::id_text;

/// Who is signed in, for the header (pages render on the server): anyone, and a member.
fn signed_in() -> (bool, bool) {
    #[cfg(feature = "ssr")]
    {
        let caller = crate::identity::store::caller();
        (!matches!(caller, kit::access::Caller::Anonymous), matches!(caller, kit::access::Caller::Member { .. }))
    }
    #[cfg(not(feature = "ssr"))]
    {
        (false, false)
    }
}

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let m = t();
    let id = id_text();
    let (signed_in, member) = signed_in();
    let staff_area = leptos_router::hooks::use_location().pathname.get_untracked().starts_with("/staff");
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
    let nav = if member {
        // One row on a phone: the three daily tasks and a menu that opens without JavaScript;
        // the public pages move to the footer.
        view! {
            <ul class="site-nav__row">
                <li><A href=crate::identity::MEMBER_HOME>{m.nav_home}</A></li>
                <li><A href="/notices">{id.nav_medical}</A></li>
                <li><A href="/requests">{id.nav_requests}</A></li>
                <li class="site-menu">
                    <details>
                        <summary>{id.nav_menu}</summary>
                        <ul class="site-menu__list">
                            <li><A href="/account">{id.account_title}</A></li>
                            <li><A href="/privacy">{m.nav_privacy}</A></li>
                            <li><A href="/privacy/history">{m.nav_history}</A></li>
                            <li><crate::identity::views::LogoutButton/></li>
                        </ul>
                    </details>
                </li>
            </ul>
        }
        .into_any()
    } else {
        view! {
            <ul>
                <li><A href="/">{m.nav_home}</A></li>
                <li><A href="/privacy">{m.nav_privacy}</A></li>
                <li><A href="/privacy/history">{m.nav_history}</A></li>
                {if signed_in {
                    view! { <li><A href="/staff">{id.staff_home_title}</A></li> }.into_any()
                } else {
                    view! { <li><A href="/login">{id.login_title}</A></li> }.into_any()
                }}
            </ul>
        }
        .into_any()
    };
    view! {
        <a class="skip-link" href="#main">{m.skip_to_content}</a>
        <header class="site-header">
            <div class="site-header__inner">
                <a class="site-name" href=if member { crate::identity::MEMBER_HOME } else { "/" }>{m.portal_name}</a>
                <LanguageSwitch/>
            </div>
            <nav class="site-nav" aria-label=m.nav_label>{nav}</nav>
        </header>
        <main id="main" tabindex="-1">{children()}</main>
        <footer class="site-footer">
            {member.then(|| view! {
                <nav class="footer-links" aria-label=id.footer_public>
                    <ul>
                        <li><a href="/">{id.footer_public}</a></li>
                        <li><a href="/privacy">{m.nav_privacy}</a></li>
                        <li><a href="/privacy/history">{m.nav_history}</a></li>
                        <li><a href="/procedure">{id.footer_paper}</a></li>
                    </ul>
                </nav>
            })}
            <p>{m.footer_note}</p>
        </footer>
    }
    .into_any()
}
