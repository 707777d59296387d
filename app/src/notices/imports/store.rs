//! Running an import started from the staff page, in the background (server only).

/// Runs an import for the page's job `id` (in the background) and records its end.
pub async fn run(
    state: crate::platform::state::AppState,
    meta: crate::platform::audit::RequestMeta,
    caller: kit::access::Caller,
    id: u64,
    bytes: Vec<u8>,
) {
    use crate::csv_import::JobStatus;
    let jobs = state.feature::<crate::csv_import::store::Jobs>().clone();
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
