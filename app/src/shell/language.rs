//! The language switch: a plain form post to a server function, so it works without
//! JavaScript; it is a state-changing request and passes the Origin/CSRF check.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_location;

use kit::error::AppError;
use kit::i18n::{t, use_lang};

/// Sets the language cookie and sends the browser back to the page it came from.
#[server(prefix = "/api", endpoint = "language")]
pub async fn set_language(lang: String, return_to: String) -> Result<(), AppError> {
    use kit::i18n::Lang;
    crate::identity::store::guard(kit::access::Access::Public).await?;
    let lang = Lang::parse(&lang).ok_or(AppError::BadRequest)?;
    let state = crate::platform::state::app_state()?;
    let secure = if state.secure_transport { "; Secure" } else { "" };
    let cookie = format!("{}={}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly{secure}", Lang::COOKIE, lang.code());
    let response = expect_context::<leptos_axum::ResponseOptions>();
    let value = http::HeaderValue::from_str(&cookie).map_err(|e| AppError::internal("language cookie", e))?;
    response.append_header(http::header::SET_COOKIE, value);
    leptos_axum::redirect(kit::page::safe_return_path(&return_to));
    Ok(())
}


#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let m = t();
    let other = use_lang().other();
    let location = use_location();
    let return_to = move || {
        let search = location.search.get();
        if search.is_empty() { location.pathname.get() } else { format!("{}?{search}", location.pathname.get()) }
    };
    view! {
        <form class="language-switch" method="post" action=SetLanguage::url()>
            <input type="hidden" name="lang" value=other.code()/>
            <input type="hidden" name="return_to" prop:value=return_to value=return_to/>
            <button type="submit" lang=other.code() aria-label=format!("{} : {}", m.switch_language_label, m.switch_to_other)>
                {m.switch_to_other}
            </button>
        </form>
    }
}
