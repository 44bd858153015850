//! Everything the commands print goes through here: text to standard output with
//! [`print()`], notes to standard error with [`note!`](crate::note), the final error with
//! [`report_failure`]. None of them panics, as `print!` and `eprintln!` do when the stream
//! is a closed pipe or a full disk.
//!
//! - A reader that went away (`leverage run | head -1`, a broken pipe) ends the command
//!   quietly with 141, the status a shell reports for a process killed by SIGPIPE (which
//!   Rust ignores), so that `set -o pipefail` scripts see what they see of `cat`.
//! - Any other failure to write standard output (`> /dev/full`) is an error: exit 1.
//! - Notes and errors on standard error are best effort: when it cannot be written there
//!   is nowhere left to say so.
//!
//! Output is printed after a command's results are in place, so a failure to print never
//! leaves an unfinished out folder behind.

use super::Failure;
use std::io::{self, Write as _};

/// The exit code when standard output is a closed pipe (128 + SIGPIPE).
pub const EXIT_BROKEN_PIPE: i32 = 141;

/// Writes `text` to standard output and flushes it.
pub fn print(text: &str) -> Result<(), Failure> {
    let mut out = io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(stdout_failure)
}

/// Flushes standard output, so that a write it kept buffered fails here rather than
/// silently at exit.
pub fn flush() -> Result<(), Failure> {
    io::stdout().lock().flush().map_err(stdout_failure)
}

/// The failure of a write to standard output: a quiet 141 for a broken pipe, exit 1
/// otherwise.
pub fn stdout_failure(e: io::Error) -> Failure {
    if e.kind() == io::ErrorKind::BrokenPipe {
        Failure {
            code: EXIT_BROKEN_PIPE,
            error: anyhow::anyhow!("standard output was closed"),
        }
    } else {
        anyhow::Error::new(e)
            .context("cannot write to standard output")
            .into()
    }
}

/// Writes one line to standard error, ignoring a failure to write it (see the `note!` macro).
pub fn note(args: std::fmt::Arguments<'_>) {
    let _ = writeln!(io::stderr().lock(), "{args}");
}

/// `eprintln!` that never panics: a line to standard error, best effort.
#[macro_export]
macro_rules! note {
    ($($arg:tt)*) => {
        $crate::cli::output::note(format_args!($($arg)*))
    };
}

/// Prints `error: ...` to standard error, except for a broken pipe, which ends quietly.
pub fn report_failure(failure: &Failure) {
    if failure.code != EXIT_BROKEN_PIPE {
        note(format_args!("error: {}", error_text(&failure.error)));
    }
}

/// An error and its causes joined by ": ", as `{:#}` does, but without a cause whose text
/// the message before it already ends with. Many errors (`cannot read {path}: {source}`,
/// rayon's thread pool error) put their cause in their own message and also return it as
/// their source, which `{:#}` printed twice: "Is a directory (os error 21): Is a
/// directory (os error 21)".
pub fn error_text(error: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in error.chain() {
        let cause = cause.to_string();
        if text.ends_with(&cause) {
            continue;
        }
        if !text.is_empty() {
            text.push_str(": ");
        }
        text.push_str(&cause);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cause_the_message_already_ends_with_is_shown_once() {
        let io = io::Error::from(io::ErrorKind::OutOfMemory);
        let e = anyhow::Error::new(leverage::scenario::ScenarioError::Io {
            path: "z.toml".into(),
            source: io,
        });
        assert_eq!(error_text(&e), "cannot read scenario z.toml: out of memory");
        assert_eq!(
            error_text(&e.context("while loading")),
            "while loading: cannot read scenario z.toml: out of memory"
        );
    }

    #[test]
    fn other_causes_are_joined_as_the_alternate_format_joins_them() {
        let e = anyhow::anyhow!("disk full").context("cannot write runs.csv");
        assert_eq!(error_text(&e), format!("{e:#}"));
    }

    #[test]
    fn a_broken_pipe_is_a_quiet_141_and_a_full_disk_an_error() {
        let pipe = stdout_failure(io::Error::from(io::ErrorKind::BrokenPipe));
        assert_eq!(pipe.code, EXIT_BROKEN_PIPE);
        let full = stdout_failure(io::Error::from_raw_os_error(28));
        assert_eq!(full.code, 1);
        assert!(
            error_text(&full.error).starts_with("cannot write to standard output: "),
            "{:#}",
            full.error
        );
    }
}
