//! Printing from a page: letters, blank forms, recovery codes, the 医療費控除 statement.

use leptos::prelude::*;

/// Opens the browser's print dialog (the page's print CSS lays it out on A4). Rendered
/// hidden and shown once hydrated: without JavaScript the button could do nothing, and the
/// browser's own print command does the same.
#[island]
pub fn PrintButton(label: String) -> impl IntoView {
    let (ready, set_ready) = signal(false);
    // Effects run only in the browser, after hydration.
    Effect::new(move |_| set_ready.set(true));
    let print = move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    view! { <p class="no-print" hidden=move || !ready.get()><button type="button" class="button" on:click=print>{label}</button></p> }
}
