//! Importing 医療費のお知らせ from the staff page. The upload (a plain multipart form
//! handled by the server) starts the import in the background; the status page shows its
//! progress (see [`crate::csv_import::job_panel`]) until it ends.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[cfg(feature = "ssr")]
pub mod store;

use crate::csv_import::{import_status, job_panel, upload_form};
use crate::notices::texts::notice_text;
use kit::access::StaffRole;
use kit::page::page_error;
use kit::page_data;

/// Who may load the レセプト system's export: system administration.
pub const IMPORT_ROLES: &[StaffRole] = &[StaffRole::Admin];

/// The largest export accepted from the page (a month of a 10万-member society is about
/// 10 MB; larger loads go through `server import-notices`).
pub const MAX_UPLOAD_BYTES: usize = 64 * 1024 * 1024;

#[component]
pub fn StaffNoticeImportPage() -> impl IntoView {
    let w = notice_text();
    let query = use_query_map();
    let job = move || query.with(|q| q.get("job").unwrap_or_default());
    let missing = query.with_untracked(|q| q.get("missing").is_some());
    let has_job = !job().is_empty();
    let data = page_data::load(job, import_status);
    let title = w.import_title;
    view! {
        <Title text=title/>
        <h1>{title}</h1>
        <p>{w.import_lead}</p>
        {has_job.then(|| view! {
            {Suspend::new(async move {
                match data.await {
                    Err(e) => page_error(e, "/staff/notices/import"),
                    Ok(Some(j)) if j.kind == "notices" => job_panel(j).into_any(),
                    Ok(_) => view! { <p class="notice notice--error" role="alert">{w.no_such_import}</p> }.into_any(),
                }
            })}
        })}
        {upload_form("/staff/notices/import/upload", missing)}
    }
}
