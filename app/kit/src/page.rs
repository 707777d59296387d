//! What every page needs: its HTTP status, the error view, the answer to a refused data
//! load (sign in, step up, or an explanation) and a field's problem next to its input.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::error::AppError;
use crate::form::{Feedback, problem_message};
use crate::i18n::t;
use crate::texts::id_text;

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

/// What a page shows when its data is refused: a missing session sends the browser to
/// sign in (with the way back); anything else is explained in place.
pub fn page_error(error: AppError, here: &str) -> AnyView {
    let target = match &error {
        AppError::Unauthorized if here.starts_with("/staff") => Some("/staff/login".to_string()),
        AppError::Unauthorized => Some(format!("/login?next={}", urlencode(here))),
        AppError::StepUpRequired => Some(format!("/account/confirm?next={}", urlencode(here))),
        _ => None,
    };
    match target {
        Some(target) => {
            #[cfg(feature = "ssr")]
            leptos_axum::redirect(&target);
            let t = id_text();
            view! { <p><a href=target>{t.login_title}</a></p> }.into_any()
        }
        None => view! { <ErrorView error/> }.into_any(),
    }
}

/// Percent-encoding for a path in a query value.
fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => char::from(b).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A field's problem, shown above its input (and named by `aria-describedby`).
pub fn problem_view(feedback: Signal<Feedback>, name: &'static str) -> impl IntoView {
    let t = id_text();
    move || {
        feedback.with(|f| f.field(name)).map(|p| {
            view! { <p class="field__error" id=format!("f-{name}-error")>{problem_message(p, t)}</p> }
        })
    }
}


/// `labels` are the two links' texts, e.g. 前へ / 次へ.
pub fn pager(prev: Option<String>, next: Option<String>, labels: (&'static str, &'static str), lang: crate::i18n::Lang) -> impl IntoView {
    view! {
        <nav class="pager" aria-label=lang.messages().pager_label>
            {prev.map(|href| view! { <a rel="prev" href=href>{labels.0}</a> })}
            " "
            {next.map(|href| view! { <a rel="next" href=href>{labels.1}</a> })}
        </nav>
    }
}

/// A table's header row from its column names (a catalogue's, in the page's language).
pub fn table_head(columns: &[&'static str]) -> impl IntoView + use<> {
    let cells: Vec<&'static str> = columns.to_vec();
    view! { <thead><tr>{cells.into_iter().map(|c| view! { <th scope="col">{c}</th> }).collect_view()}</tr></thead> }
}

/// The "done" line a form's page shows after a successful post (`shown` reads the query).
pub fn done_notice(shown: impl Fn() -> bool + Send + Sync + 'static, text: &'static str) -> impl IntoView {
    move || shown().then(|| view! { <p class="notice notice--ok" role="status">{text}</p> })
}

/// Only a local path may be a redirect target (no `//host`, no scheme, no backslash).
pub fn safe_return_path(raw: &str) -> &str {
    let ok = raw.starts_with('/')
        && !raw.starts_with("//")
        && !raw.contains('\\')
        && !raw.chars().any(|c| c.is_control())
        && raw.len() <= 2048;
    if ok { raw } else { "/" }
}

#[cfg(test)]
mod tests {
    use super::safe_return_path;

    #[test]
    fn only_local_paths_are_redirect_targets() {
        assert_eq!(safe_return_path("/privacy?from=1&to=2"), "/privacy?from=1&to=2");
        for bad in ["//evil.example/", "https://evil.example/", "/\\evil", "evil", "", "/a\r\nSet-Cookie: x"] {
            assert_eq!(safe_return_path(bad), "/", "{bad:?}");
        }
    }
}
