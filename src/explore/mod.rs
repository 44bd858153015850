//! Exploring a scenario's assumptions: sweeps over a grid of parameter values, and
//! sensitivity analysis (one at a time, and Sobol indices).
//!
//! - [`sweep`]: 1-D and 2-D grids, each cell a batch with the same seed.
//! - [`sensitivity`]: one-at-a-time low/high effects and Sobol indices of a metric.
//! - [`sobol`]: the Saltelli design and estimators, independent of the model.

pub mod sensitivity;
pub mod sobol;
pub mod sweep;

use crate::scenario::KeyPathError;

/// A request of an exploration the user wrote wrong: a `KEY=VALUES` axis of a sweep
/// ([`sweep::SweepAxis::parse`]) or a metric's name ([`sensitivity::metric_indices`]).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ExploreError {
    /// The key is not a key path.
    #[error(transparent)]
    KeyPath(#[from] KeyPathError),
    /// An axis has no `=`.
    #[error(
        "{text:?}: write KEY=VALUES, for example prisoners.arrests_per_month=30,50,70 \
         or prisoners.arrests_per_month=20..80:10"
    )]
    NoValues {
        /// The axis as given.
        text: String,
    },
    /// Two commas with nothing between them.
    #[error("{key}: an empty value in {list:?}")]
    EmptyValue {
        /// The key as given.
        key: String,
        /// The values as given.
        list: String,
    },
    /// A value, or an end or step of a range, is not a finite number.
    #[error(
        "{key}: {text:?} is not a number (a value is a number such as 50 or 0.25, or a \
         range a..b:step)"
    )]
    NotANumber {
        /// The key as given.
        key: String,
        /// The text that is not a number.
        text: String,
    },
    /// A range `a..b` has no `:step`.
    #[error("{key}: the range {from}..{rest} has no step; write a..b:step, for example 20..80:10")]
    NoStep {
        /// The key as given.
        key: String,
        /// The range's start as written.
        from: String,
        /// What follows `..`.
        rest: String,
    },
    /// A range goes down, or by a step of 0 or less.
    #[error("{key}: the range {from}..{to}:{step} must go up (a <= b) by a step above 0")]
    RangeDown {
        /// The key as given.
        key: String,
        /// The range's start as written.
        from: String,
        /// Its end as written.
        to: String,
        /// Its step as written.
        step: String,
    },
    /// A range has more values than one axis may.
    #[error("{key}: the range {from}..{to}:{step} has more than {most} values")]
    RangeTooLong {
        /// The key as given.
        key: String,
        /// The range's start as written.
        from: String,
        /// Its end as written.
        to: String,
        /// Its step as written.
        step: String,
        /// The most values a range may expand to.
        most: usize,
    },
    /// An axis takes a value twice.
    #[error("{key}: the value {value} is given twice")]
    Twice {
        /// The key as given.
        key: String,
        /// The value given twice.
        value: f64,
    },
    /// No metric of that name.
    #[error("no metric {name:?}; the metrics are {}", crate::engine::RUN_METRICS.join(", "))]
    UnknownMetric {
        /// The name given.
        name: String,
    },
}
