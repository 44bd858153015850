//! The error every command returns: an error with the exit code it maps to (2 for usage
//! or scenario errors, 1 otherwise), which `main` prints and exits with.
//!
//! Owns the mapping from an error's kind to an exit code. Must not print.

use leverage::scenario::ScenarioError;

/// A failure with the exit code it maps to: 2 for usage or scenario errors, 1 otherwise.
#[derive(Debug)]
pub struct Failure {
    /// The process exit code: 2 for usage or scenario errors, 1 for runtime failures.
    pub code: i32,
    /// What went wrong, with the context of each step that led to it.
    pub error: anyhow::Error,
}

impl Failure {
    /// A failure the user fixes by changing the command line or the scenario: exit 2.
    pub(crate) fn usage(error: impl Into<anyhow::Error>) -> Self {
        Failure {
            code: 2,
            error: error.into(),
        }
    }
}

impl Failure {
    /// A library error: the user's to fix keeps its own message and exits 2; the
    /// machine's says what the command was `doing` first and exits 1.
    pub(crate) fn from_library(error: leverage::Error, doing: &'static str) -> Self {
        if error.is_usage() {
            Failure::usage(error)
        } else {
            Failure::from(anyhow::Error::new(error).context(doing))
        }
    }
}

impl From<anyhow::Error> for Failure {
    fn from(error: anyhow::Error) -> Self {
        Failure { code: 1, error }
    }
}

/// A scenario that cannot be read or is invalid is the user's to fix: exit 2.
impl From<ScenarioError> for Failure {
    fn from(e: ScenarioError) -> Self {
        Failure::usage(e)
    }
}
