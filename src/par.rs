//! Two pieces of work on the machine's two cores.

/// Runs `a` on a second thread while `b` runs on this one, and returns
/// both results. A panic in `a` (a bug) is raised again here, as
/// [`std::thread::scope`] would.
pub(crate) fn join<A: Send, B>(a: impl FnOnce() -> A + Send, b: impl FnOnce() -> B) -> (A, B) {
    std::thread::scope(|scope| {
        let first = scope.spawn(a);
        let second = b();
        match first.join() {
            Ok(first) => (first, second),
            Err(e) => std::panic::resume_unwind(e),
        }
    })
}
