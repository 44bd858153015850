//! `comparison.json`: a paired comparison of scenarios, as the type that the writer
//! (`report::compare`) serialises and the readers (`plot`, `report::html`) deserialise.
//! Fields a reader can do without are `#[serde(default)]`: `plot` needs only the
//! scenarios and their folders.

use super::{MetricSummary, Named};
use serde::{Deserialize, Serialize};

/// One scenario compared: which, and its results folder relative to the comparison's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComparedScenarioRef {
    pub name: String,
    #[serde(default)]
    pub path: String,
    #[serde(default)]
    pub sha256: String,
    pub dir: String,
}

/// One scenario's summary of a metric.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PerScenario {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub summary: Option<MetricSummary>,
}

/// A scenario's run-by-run difference from the reference on a metric.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PairedDifference {
    #[serde(default)]
    pub name: String,
    /// The reference's name.
    #[serde(default)]
    pub versus: String,
    pub mean: f64,
    pub ci95: [f64; 2],
    pub share_higher: f64,
    pub share_lower: f64,
    /// Share of runs in which it did better, where the metric has a better direction.
    #[serde(default)]
    pub share_better: Option<f64>,
}

/// One metric compared across the scenarios.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComparedMetric {
    #[serde(default)]
    pub unit: Option<String>,
    /// "higher", "lower" or "neither": which way is better by the West's stated aim.
    #[serde(default)]
    pub better: Option<String>,
    #[serde(default)]
    pub scenarios: Vec<PerScenario>,
    /// Every scenario but the reference, in order.
    #[serde(default)]
    pub differences: Vec<PairedDifference>,
}

/// `comparison.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComparisonFile {
    #[serde(default)]
    pub leverage_version: String,
    #[serde(default)]
    pub seed: u64,
    #[serde(default)]
    pub runs: u64,
    /// The first scenario's name.
    #[serde(default)]
    pub reference: Option<String>,
    pub scenarios: Vec<ComparedScenarioRef>,
    #[serde(default)]
    pub metrics: Named<ComparedMetric>,
}
