//! Printing from a page: letters, blank forms, recovery codes.

use leptos::prelude::*;

/// Opens the browser's print dialog (the letter's print CSS lays it out on A4). Without
/// JavaScript the browser's own print command does the same.
#[island]
pub fn PrintButton(label: String) -> impl IntoView {
    let print = move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    view! { <p class="no-print"><button type="button" class="button" on:click=print>{label}</button></p> }
}
