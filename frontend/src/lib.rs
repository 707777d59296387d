//! The browser entry point. The portal runs in Leptos *islands* mode: pages are
//! server-rendered HTML, and only the interactive components (`#[island]`) are hydrated,
//! so a phone downloads and runs code only for what is interactive.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // Islands are registered by the `app` crate; linking it is what makes them available.
    app::register_islands();
    leptos::mount::hydrate_islands();
}
