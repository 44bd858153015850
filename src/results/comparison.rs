//! `comparison.json`: a paired comparison of scenarios, as the type that the writer
//! (`report::compare`) serialises and the readers (`plot`, `report::html`) deserialise.
//! Fields a reader can do without are `#[serde(default)]`: `plot` needs only the
//! scenarios and their folders.

use super::{MetricSummary, Named};
use serde::{Deserialize, Serialize};

/// One scenario compared: which, and its results folder relative to the comparison's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComparedScenarioRef {
    /// The scenario's `name`, as in its TOML file.
    pub name: String,
    /// The path the scenario was read from, as in [`ScenarioRef::path`](super::ScenarioRef::path).
    #[serde(default)]
    pub path: String,
    /// SHA-256 of the scenario file's bytes, hex.
    #[serde(default)]
    pub sha256: String,
    /// The sub-folder of the comparison's folder that holds this scenario's own batch
    /// files (`summary.json`, `monthly.csv`, `histograms.json`, ...): its name, as given
    /// to `compare`.
    pub dir: String,
}

/// One scenario's summary of a metric.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PerScenario {
    /// The scenario's name.
    #[serde(default)]
    pub name: String,
    /// The metric's summary over this scenario's runs, in the metric's unit
    /// ([`ComparedMetric::unit`]).
    #[serde(default)]
    pub summary: Option<MetricSummary>,
}

/// A scenario's run-by-run difference from the reference on a metric.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PairedDifference {
    /// The scenario's name.
    #[serde(default)]
    pub name: String,
    /// The reference's name.
    #[serde(default)]
    pub versus: String,
    /// Mean over runs of this scenario's value minus the reference's in the same run, in
    /// the metric's unit.
    pub mean: f64,
    /// 95% confidence interval of [`mean`](Self::mean), `[low, high]`, from Student's t
    /// over the paired differences (width 0 for fewer than two runs).
    pub ci95: [f64; 2],
    /// Share of runs, in [0, 1], in which this scenario's value was above the
    /// reference's (ties count in neither share).
    pub share_higher: f64,
    /// Share of runs, in [0, 1], in which this scenario's value was below the
    /// reference's.
    pub share_lower: f64,
    /// Share of runs, in [0, 1], in which it did better: `share_higher` or `share_lower`
    /// by the metric's better direction; `None` where neither direction is better.
    #[serde(default)]
    pub share_better: Option<f64>,
}

/// One metric compared across the scenarios.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComparedMetric {
    /// The metric's unit, from the registry ([`metric_unit`](super::metric_unit)):
    /// "people", "USD m", "USD m eq.", "years", "months" or "count".
    #[serde(default)]
    pub unit: Option<String>,
    /// "higher", "lower" or "neither": which way is better by the West's stated aim.
    #[serde(default)]
    pub better: Option<String>,
    /// Every scenario's summary, in the order of [`ComparisonFile::scenarios`].
    #[serde(default)]
    pub scenarios: Vec<PerScenario>,
    /// Every scenario but the reference, in order.
    #[serde(default)]
    pub differences: Vec<PairedDifference>,
}

/// `comparison.json`: the scenarios compared on common random numbers, and every run
/// metric's summary per scenario and paired differences from the first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComparisonFile {
    /// The `leverage` version that wrote the file ([`VERSION`](super::VERSION)).
    #[serde(default)]
    pub leverage_version: String,
    /// The master seed: run `i` of every scenario draws from streams seeded by it and `i`.
    #[serde(default)]
    pub seed: u64,
    /// Runs per scenario (every scenario runs the same number).
    #[serde(default)]
    pub runs: u64,
    /// The first scenario's name.
    #[serde(default)]
    pub reference: Option<String>,
    /// The scenarios in the order given, the reference first.
    pub scenarios: Vec<ComparedScenarioRef>,
    /// Every run metric, by name, in registry order ([`RUN_METRICS`](super::RUN_METRICS)).
    #[serde(default)]
    pub metrics: Named<ComparedMetric>,
}
