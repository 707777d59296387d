use leptos::prelude::*;
use leptos_meta::Title;

use crate::error::AppError;
use crate::i18n::t;

/// Sets the HTTP status of the page being rendered on the server (no-op in the browser).
pub fn set_status(status: http::StatusCode) {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(status);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = status;
}

/// An error, in the reader's language, with the right HTTP status.
#[component]
pub fn ErrorView(error: AppError) -> impl IntoView {
    set_status(error.status_code());
    let m = t();
    let reference = match &error {
        AppError::Internal { reference } if !reference.is_empty() => Some(reference.clone()),
        _ => None,
    };
    view! {
        <div class="notice notice--error" role="alert">
            <p>{error.message(m)}</p>
            {reference.map(|r| view! { <p class="muted">{m.error_reference}": "{r}</p> })}
        </div>
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    set_status(http::StatusCode::NOT_FOUND);
    let m = t();
    view! {
        <Title text=m.error_not_found_title/>
        <h1>{m.error_not_found_title}</h1>
        <p>{m.error_not_found_body}</p>
        <p><a href="/">{m.go_home}</a></p>
    }
}
