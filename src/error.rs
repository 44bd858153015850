//! The library's one error type: every fallible public function that can fail in more
//! than one way returns [`Error`], whose variants carry the error of the step that failed
//! (a scenario's problems with their keys and lines, a data file's row and column, a
//! batch's thread pool...). The messages are those steps' own.
//!
//! [`Error::is_usage`] tells a failure the user fixes by changing the input (a scenario,
//! a request) from one of the machine (a thread pool, a full disk), so that a program can
//! map them to different exit codes, as the command line does (2 and 1).

use crate::data::DataError;
use crate::engine::BatchError;
use crate::plot::PlotError;
use crate::report::html::ReportError;
use crate::report::staging::StageError;
use crate::scenario::ScenarioError;

/// Every way the library can fail.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A scenario could not be read or is invalid, or a scenario derived from it (a sweep
    /// cell, a tournament cell, a sensitivity point) is invalid: every problem with its
    /// key and line.
    #[error(transparent)]
    Scenario(#[from] ScenarioError),
    /// A file of the historical record could not be read or is invalid.
    #[error(transparent)]
    Data(#[from] DataError),
    /// A batch stopped before its last run.
    #[error(transparent)]
    Batch(#[from] BatchError),
    /// An out folder could not be written, or is not the tool's to write.
    #[error(transparent)]
    Stage(#[from] StageError),
    /// A chart could not be drawn, or the saved results it is drawn from read.
    #[error(transparent)]
    Plot(#[from] PlotError),
    /// The HTML report could not be written.
    #[error(transparent)]
    Report(#[from] ReportError),
}

impl Error {
    /// Whether the user fixes this by changing the input (a scenario, a data file, an
    /// out folder that is not the tool's), rather than the machine being at fault.
    pub fn is_usage(&self) -> bool {
        match self {
            Error::Scenario(_) | Error::Data(_) => true,
            Error::Stage(e) => e.is_usage(),
            Error::Batch(_) | Error::Plot(_) | Error::Report(_) => false,
        }
    }
}

/// A result whose error is the library's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Scenario;

    #[test]
    fn a_scenario_error_is_the_users_to_fix_and_keeps_its_message() {
        let e = Scenario::from_toml("[prisoners]\narrests_per_month = -1\n", "x.toml")
            .expect_err("a negative rate is refused");
        let text = e.to_string();
        let e = Error::from(e);
        assert!(e.is_usage());
        assert_eq!(e.to_string(), text);
    }

    #[test]
    fn a_batch_error_is_the_machines() {
        let e = Error::from(BatchError::Sink(std::io::Error::other("disk full")));
        assert!(!e.is_usage());
        assert_eq!(e.to_string(), "disk full");
    }
}
