//! The progress bar of a batch on stderr.
//!
//! Owns when a bar is shown (stderr a terminal, not `--quiet`) and how it looks. Must
//! not count runs itself: the engine's progress callback sets its position.

use std::io::IsTerminal;

/// A progress bar on stderr when stderr is a terminal and not `quiet`; hidden otherwise.
pub(crate) fn progress_bar(runs: u64, quiet: bool) -> indicatif::ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(runs);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} {human_pos}/{human_len} runs [{bar:40}] {elapsed} elapsed, {eta} left",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
        .progress_chars("=> "),
    );
    bar
}
