use leptos::prelude::*;
use leptos_router::components::A;

use super::language::LanguageSwitch;
use crate::i18n::t;

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let m = t();
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
                </ul>
            </nav>
        </header>
        <main id="main" tabindex="-1">{children()}</main>
        <footer class="site-footer">
            <p>{m.footer_note}</p>
        </footer>
    }
}
