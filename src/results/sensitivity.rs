//! `sensitivity.json`: the one-at-a-time effects and the Sobol indices of a sensitivity
//! analysis, as the type that the writer (`report::sensitivity`) serialises and the reader
//! (`plot`'s tornado and Sobol charts) deserialises.

use super::{MetricSummary, ScenarioRef};
use serde::{Deserialize, Serialize};

/// One parameter's one-at-a-time effect on one metric.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EffectFile {
    /// The parameter's key path in the scenario file (`prisoners.arrests_per_month`).
    pub param: String,
    /// Its value in the scenario, written or by default, in the key's own unit.
    pub value: f64,
    /// The low end of its range, in the key's own unit.
    pub low: f64,
    /// The high end of its range, above `low`, in the key's own unit.
    pub high: f64,
    /// The metric over the runs with the parameter at `low`, in the metric's unit.
    pub at_low: MetricSummary,
    /// The metric over the same runs with the parameter at `high`, in the metric's unit.
    pub at_high: MetricSummary,
    /// High minus low, run by run (a paired difference), in the metric's unit.
    pub change: MetricSummary,
}

/// One metric's one-at-a-time analysis: its value at the scenario and every parameter's
/// effect, the largest absolute change first (ties by key path).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OatMetricFile {
    /// The metric's name, one of [`RUN_METRICS`](super::RUN_METRICS).
    pub metric: String,
    /// The metric's unit, from the registry ([`metric_unit`](super::metric_unit)).
    #[serde(default)]
    pub unit: String,
    /// The metric over the runs at the scenario's own values, in its unit.
    pub at_scenario: MetricSummary,
    /// Every parameter varied, ranked.
    pub effects: Vec<EffectFile>,
}

/// A parameter left out of the analysis, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SkippedFile {
    /// The parameter's key path in the scenario file.
    pub param: String,
    /// Why: a value of 0 with no range given, an empty range, or the validator's message.
    pub reason: String,
}

/// A parameter of the Sobol design and the range it is varied over, uniformly.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SobolParamFile {
    /// The parameter's key path in the scenario file.
    pub param: String,
    /// The low end of its range, in the key's own unit.
    pub low: f64,
    /// The high end of its range, in the key's own unit.
    pub high: f64,
}

/// One parameter's Sobol indices for one metric: shares of the variance of the metric's
/// mean over the design, nominally in [0, 1] (estimates may fall a little outside);
/// `null` where an estimate is not a number.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SobolIndexFile {
    /// The parameter's key path, one of [`SobolFile::params`].
    pub param: String,
    /// First-order index: the share the parameter explains alone.
    pub first: Option<f64>,
    /// The 2.5% and 97.5% bootstrap quantiles of `first`.
    pub first_ci95: [Option<f64>; 2],
    /// Total index: the share the parameter explains with all its interactions.
    pub total: Option<f64>,
    /// The 2.5% and 97.5% bootstrap quantiles of `total`.
    pub total_ci95: [Option<f64>; 2],
}

/// One metric's Sobol indices.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SobolMetricFile {
    /// The metric's name, one of [`RUN_METRICS`](super::RUN_METRICS).
    pub metric: String,
    /// The metric's unit, from the registry.
    #[serde(default)]
    pub unit: String,
    /// The variance of the metric's mean over the design points, in the unit squared;
    /// 0 when the mean did not vary.
    #[serde(default)]
    pub variance_of_mean: Option<f64>,
    /// Per parameter of [`SobolFile::params`], in its order; `null` when the mean did not
    /// vary, so that there is no variance to apportion.
    #[serde(default)]
    pub indices: Option<Vec<SobolIndexFile>>,
}

/// The Sobol analysis: the Saltelli design and every metric's indices.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SobolFile {
    /// Base rows of the Saltelli design.
    pub samples: u64,
    /// Points simulated: `samples x (parameters + 2)`.
    #[serde(default)]
    pub evaluations: Option<u64>,
    /// Bootstrap resamples behind the 95% intervals.
    #[serde(default)]
    pub resamples: Option<u64>,
    /// The parameters varied together, in the order of the design's inputs.
    #[serde(default)]
    pub params: Vec<SobolParamFile>,
    /// Every metric's indices, in the order given to `--metric`.
    pub metrics: Vec<SobolMetricFile>,
}

/// `sensitivity.json`: provenance, settings, the one-at-a-time effects (ranked), the
/// parameters left out, and the Sobol indices (`null` without `--sobol`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SensitivityFile {
    /// The `leverage` version that wrote the file ([`VERSION`](super::VERSION)).
    pub leverage_version: String,
    /// The scenario whose parameters are varied.
    pub scenario: ScenarioRef,
    /// The master seed; every point runs the same runs (common random numbers).
    pub seed: u64,
    /// Runs at each point.
    pub runs: u64,
    /// A parameter's default range: its value times `1 - spread` to `1 + spread`, a share
    /// in (0, 1].
    pub spread: f64,
    /// One entry per metric, in the order given to `--metric`.
    pub oat: Vec<OatMetricFile>,
    /// The parameters left out, and why.
    #[serde(default)]
    pub skipped: Vec<SkippedFile>,
    /// The Sobol analysis, if one was asked for.
    #[serde(default)]
    pub sobol: Option<SobolFile>,
}
