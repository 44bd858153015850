//! The one owner of every output file: the file names ([`names`]), the metric registry
//! ([`metrics`]), the provenance every file starts with ([`ScenarioRef`], [`VERSION`]) and
//! the atomic write ([`write_atomic`]). Writers (`report`, `cli`) and readers (`plot`,
//! `report::html`, `merge`) both take these from here, so that a file is named, and a
//! metric described, in one place.
//!
//! A leaf: this module depends on nothing in the crate above `stats`; it neither
//! simulates, draws nor prints.

pub mod backtest;
pub mod calibration;
pub mod comparison;
pub mod metrics;
mod named;
pub mod names;
pub mod sensitivity;
pub mod summary;
pub mod sweep;
pub mod tournament;
mod write;

pub use backtest::BacktestFile;
pub use calibration::CalibrationFile;
pub use comparison::ComparisonFile;
pub use metrics::{
    HISTOGRAM_BINS, HISTOGRAM_METRICS, METRICS, Metric, OPTIONAL_METRICS, RUN_METRICS,
    better_direction, chart_words, metric_label, metric_unit,
};
pub use named::Named;
pub use sensitivity::SensitivityFile;
pub use summary::{HistogramEntry, HistogramsFile, MetricSummary, SummaryFile};
pub use sweep::SweepFile;
pub use tournament::TournamentFile;
pub use write::{temp_in, write_atomic};

use serde::{Deserialize, Serialize};

/// The version written into every output.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// A JSON file's text as the writers save it: pretty-printed, with a final newline.
pub fn pretty<T: Serialize>(value: &T) -> String {
    let mut text = serde_json::to_string_pretty(value).expect("an output file serialises");
    text.push('\n');
    text
}

/// Which scenario made a file: its name, where it was read from and its SHA-256, as every
/// output records it under `"scenario"`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScenarioRef {
    /// The scenario's `name`, as written in its TOML file.
    pub name: String,
    /// The path the scenario was read from, as given on the command line, or
    /// `<embedded>/NAME.toml` for a bundled scenario. Missing in hand-written files is
    /// allowed: readers need only the name and hash.
    #[serde(default)]
    pub path: String,
    /// SHA-256 of the scenario file's bytes, 64 lowercase hex digits.
    pub sha256: String,
}

impl ScenarioRef {
    /// The reference to a scenario as read.
    pub fn of(scenario: &crate::scenario::Scenario) -> Self {
        ScenarioRef {
            name: scenario.name.clone(),
            path: scenario.source.path.clone(),
            sha256: scenario.source.sha256.clone(),
        }
    }

    /// The first 12 hex digits of the SHA-256.
    pub fn short_sha(&self) -> &str {
        self.sha256.get(..12).unwrap_or(&self.sha256)
    }
}
