//! How a page loads its data.
//!
//! Pages are server components (islands architecture, `SsrMode::Async`): they are rendered
//! whole on the server and never hydrated, so their data need not travel to the browser
//! and no loading fallback is ever shown. A page therefore awaits its server function as a
//! plain future inside a `Suspend`, instead of through a reactive `Resource` and
//! `<Suspense>`. Besides being less work, this avoids a rare lost wake-up in Leptos' async
//! resource tracking that left about one response in ten thousand hanging under load.

use std::future::Future;

use futures::FutureExt;
use futures::future::{BoxFuture, Shared};

/// The data a page needs, loading once however many places of the page await it.
pub type PageData<T> = Shared<BoxFuture<'static, T>>;

/// Starts loading a page's data; `source` is read once, when the page is rendered.
pub fn load<S, T, Fut>(source: impl FnOnce() -> S, fetcher: impl FnOnce(S) -> Fut) -> PageData<T>
where
    T: Clone + Send + Sync + 'static,
    Fut: Future<Output = T> + Send + 'static,
{
    fetcher(source()).boxed().shared()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn every_reader_gets_the_same_value_from_one_load() {
        let loads = Arc::new(AtomicUsize::new(0));
        let counter = loads.clone();
        let data = load(
            || 20,
            move |n| async move {
                counter.fetch_add(1, Ordering::SeqCst);
                n + 1
            },
        );
        let (a, b) = futures::executor::block_on(futures::future::join(data.clone(), data));
        assert_eq!((a, b), (21, 21));
        assert_eq!(loads.load(Ordering::SeqCst), 1);
    }
}
