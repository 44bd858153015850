//! `sweep.json`: a scenario over a grid of parameter values, as the type that the writer
//! (`report::sweep`) serialises and the reader (`plot`) deserialises.

use super::{MetricSummary, Named, ScenarioRef};
use serde::{Deserialize, Serialize};

/// One axis of the grid: a parameter's key path and its values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SweepAxisFile {
    /// The parameter's key path in the scenario file, as given to `--set`
    /// (`prisoners.arrests_per_month`, `measures[2].cost_per_month`).
    pub param: String,
    /// The values swept, in the parameter's own unit, in the order given.
    pub values: Vec<f64>,
}

/// One cell of the grid: its value on each axis and every metric's summary (`null`
/// where no run of the cell had the metric).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SweepCellFile {
    /// The cell's value on each axis, in the order of [`SweepFile::axes`].
    pub values: Vec<f64>,
    /// SHA-256 (hex) of the cell's scenario: the base file with the cell's values set,
    /// written back as TOML.
    #[serde(default)]
    pub scenario_sha256: Option<String>,
    /// Share of the cell's runs, in [0, 1], in which the stock never fell below the
    /// target, as in `summary.json`.
    #[serde(default)]
    pub share_never_reached_target: Option<f64>,
    /// Share of the cell's runs, in [0, 1], without a deal.
    #[serde(default)]
    pub share_no_deal: Option<f64>,
    /// Every metric by name, per-run then optional, as in `summary.json`.
    #[serde(default)]
    pub metrics: Named<Option<MetricSummary>>,
}

/// `sweep.json`: provenance, the axes, the metrics shown in the table and charts, every
/// metric's unit, and the cells in row-major order (the last axis varies fastest).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SweepFile {
    /// The `leverage` version that wrote the file ([`VERSION`](super::VERSION)).
    pub leverage_version: String,
    /// The base scenario, before any axis value is set.
    pub scenario: ScenarioRef,
    /// The master seed; every cell runs the same runs (common random numbers).
    pub seed: u64,
    /// Runs per cell.
    pub runs: u64,
    /// The base scenario's first month, `YYYY-MM`.
    pub start: String,
    /// Months simulated in each run.
    pub horizon_months: u32,
    /// One axis for a 1-D sweep, two for a grid.
    pub axes: Vec<SweepAxisFile>,
    /// The metrics given to `--metric`: the columns of `sweep.md` and the charts drawn.
    pub shown_metrics: Vec<String>,
    /// Every metric's unit, by name, from the registry.
    #[serde(default)]
    pub units: Named<String>,
    /// Every cell of the grid, in row-major order.
    pub cells: Vec<SweepCellFile>,
}
