//! Progress bars for long work (generating, importing), drawn on stderr
//! only when stderr is a terminal, so scripts and pipes see nothing.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressStyle};

/// A bar counting to `len` items labelled `what`, or a hidden one when
/// stderr is not a terminal.
pub fn bar(len: u64, what: &str) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len);
    // The template is a constant that parses; fall back to the default
    // style rather than fail if it ever did not.
    if let Ok(style) = ProgressStyle::with_template(
        "{spinner} {msg:12} [{bar:40}] {human_pos}/{human_len} ({eta})",
    ) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message(what.to_string());
    bar
}

/// A spinner with a message, ticking on its own (for work that cannot
/// count its steps, such as reading and checking input files), or a hidden
/// one when stderr is not a terminal.
pub fn spinner(what: &str) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new_spinner();
    if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} ({elapsed})") {
        bar.set_style(style);
    }
    bar.set_message(what.to_string());
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    bar
}
