use leptos::prelude::*;
use leptos_router::components::A;

use super::language::LanguageSwitch;
use kit::i18n::t;
use kit::texts::id_text;

/// Who is signed in on this page's area, for the header (pages render on the server).
fn signed_in() -> bool {
    #[cfg(feature = "ssr")]
    {
        !matches!(crate::identity::caller(), kit::access::Caller::Anonymous)
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
}

/// Links to the previous and next page of a paged list (each only where there is one).
/// `labels` are the two links' texts, e.g. 前へ / 次へ.
pub fn pager(prev: Option<String>, next: Option<String>, labels: (&'static str, &'static str), lang: kit::i18n::Lang) -> impl IntoView {
    view! {
        <nav class="pager" aria-label=if lang == kit::i18n::Lang::Ja { "ページ" } else { "Pages" }>
            {prev.map(|href| view! { <a rel="prev" href=href>{labels.0}</a> })}
            " "
            {next.map(|href| view! { <a rel="next" href=href>{labels.1}</a> })}
        </nav>
    }
}

/// A table's header row from (日本語, English) column names.
pub fn table_head(columns: &[(&'static str, &'static str)], ja: bool) -> impl IntoView + use<> {
    let cells: Vec<&'static str> = columns.iter().map(|(j, e)| if ja { *j } else { *e }).collect();
    view! { <thead><tr>{cells.into_iter().map(|c| view! { <th scope="col">{c}</th> }).collect_view()}</tr></thead> }
}

/// The "done" line a form's page shows after a successful post (`shown` reads the query).
pub fn done_notice(shown: impl Fn() -> bool + Send + Sync + 'static, text: &'static str) -> impl IntoView {
    move || shown().then(|| view! { <p class="notice notice--ok" role="status">{text}</p> })
}
