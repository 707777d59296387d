//! Importing 医療費のお知らせ from the staff page. The upload (a plain multipart form
//! handled by the server) starts the import in the background; the status page shows its
//! progress (see [`crate::csv_import::job_panel`]) until it ends.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::csv_import::{import_status, job_panel, upload_form};
use kit::i18n::{Lang, use_lang};
use kit::access::StaffRole;
use kit::page::page_error;
use kit::page_data;

/// Who may load the レセプト system's export: system administration.
pub const IMPORT_ROLES: &[StaffRole] = &[StaffRole::Admin];

/// The largest export accepted from the page (a month of a 10万-member society is about
/// 10 MB; larger loads go through `server import-notices`).
pub const MAX_UPLOAD_BYTES: usize = 64 * 1024 * 1024;

/// Runs an import for the page's job `id` (in the background) and records its end.
#[cfg(feature = "ssr")]
pub async fn run(
    state: crate::platform::state::AppState,
    meta: crate::platform::audit::RequestMeta,
    caller: kit::access::Caller,
    id: u64,
    bytes: Vec<u8>,
) {
    use crate::csv_import::JobStatus;
    let jobs = state.feature::<crate::csv_import::Jobs>().clone();
    let progress = {
        let jobs = jobs.clone();
        move |done: usize, total: usize| jobs.progress(id, done, total)
    };
    let actor = crate::platform::audit::Actor::Caller(caller);
    match crate::notices::store::import(&state, &meta, actor, &bytes, &progress).await {
        Ok(r) if r.imported() => jobs.finish(
            id,
            r.decoded_as_cp932,
            JobStatus::Imported { lines: r.lines, inserted: r.inserted, updated: r.updated, unchanged: r.unchanged },
        ),
        Ok(r) => jobs.finish(id, r.decoded_as_cp932, JobStatus::Rejected { lines: crate::csv_import::describe(&r.rejected) }),
        Err(e) => {
            tracing::error!(job = id, error = ?e, "notice import failed");
            jobs.finish(id, false, JobStatus::Failed);
        }
    }
}

#[component]
pub fn StaffNoticeImportPage() -> impl IntoView {
    let ja = use_lang() == Lang::Ja;
    let query = use_query_map();
    let job = move || query.with(|q| q.get("job").unwrap_or_default());
    let missing = query.with_untracked(|q| q.get("missing").is_some());
    let has_job = !job().is_empty();
    let data = page_data::load(job, import_status);
    let title = if ja { "医療費のお知らせの取込み" } else { "Import medical cost notices" };
    view! {
        <Title text=title/>
        <h1>{title}</h1>
        <p>{if ja {
            "レセプトシステムから出力した医療費のお知らせのCSV（UTF-8またはShift_JIS）を取り込みます。全行を確認してから取り込み、1行でも問題があれば何も取り込まずに、問題のある行と理由を表示します。同じファイルを何度取り込んでも結果は変わりません。"
        } else {
            "Load the notice CSV exported from the レセプト system (UTF-8 or Shift_JIS). Every line is checked first; if any has a problem nothing is imported and each problem line is listed. Importing the same file again changes nothing."
        }}</p>
        {has_job.then(|| view! {
            {Suspend::new(async move {
                match data.await {
                    Err(e) => page_error(e, "/staff/notices/import"),
                    Ok(Some(j)) if j.kind == "notices" => job_panel(j).into_any(),
                    Ok(_) => view! { <p class="notice notice--error" role="alert">{if ja { "その取込みは見つかりません（サーバーの再起動で消えます）。" } else { "No such import (the list is cleared when the server restarts)." }}</p> }.into_any(),
                }
            })}
        })}
        {upload_form("/staff/notices/import/upload", missing)}
    }
}
