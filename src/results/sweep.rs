//! `sweep.json`: a scenario over a grid of parameter values, as the type that the writer
//! (`report::sweep`) serialises and the reader (`plot`) deserialises.

use super::{MetricSummary, Named, ScenarioRef};
use serde::{Deserialize, Serialize};

/// One axis of the grid: a parameter's key path and its values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SweepAxisFile {
    pub param: String,
    pub values: Vec<f64>,
}

/// One cell of the grid: its value on each axis and every metric's summary (`null`
/// where no run of the cell had the metric).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SweepCellFile {
    pub values: Vec<f64>,
    #[serde(default)]
    pub scenario_sha256: Option<String>,
    #[serde(default)]
    pub share_never_reached_target: Option<f64>,
    #[serde(default)]
    pub share_no_deal: Option<f64>,
    #[serde(default)]
    pub metrics: Named<Option<MetricSummary>>,
}

/// `sweep.json`: provenance, the axes, the metrics shown in the table and charts, every
/// metric's unit, and the cells in row-major order (the last axis varies fastest).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SweepFile {
    pub leverage_version: String,
    pub scenario: ScenarioRef,
    pub seed: u64,
    pub runs: u64,
    pub start: String,
    pub horizon_months: u32,
    pub axes: Vec<SweepAxisFile>,
    pub shown_metrics: Vec<String>,
    #[serde(default)]
    pub units: Named<String>,
    pub cells: Vec<SweepCellFile>,
}
