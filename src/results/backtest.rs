//! `backtest.json`: the model's monthly bands and every observed figure against them, as
//! the type that the writer (`report::backtest`, for `backtest` and for `calibrate`'s
//! posterior predictive check) serialises and readers deserialise.

use super::ScenarioRef;
use serde::{Deserialize, Serialize};

/// One kind of figure's coverage: how many scored figures fall in the model's bands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CoverageFile {
    /// The kind of figure (`stock`, `arrests`, `arrests_month`, `released`, `deaths`), or
    /// `all`.
    pub kind: String,
    /// Figures scored.
    pub scored: usize,
    /// Of those, inside the middle 50% of runs.
    pub in50: usize,
    /// Of those, inside the middle 90% of runs.
    pub in90: usize,
    /// `in50 / scored`, in [0, 1] (0 when none is scored); about 0.5 when the model's
    /// spread is right.
    pub share50: f64,
    /// `in90 / scored`, in [0, 1] (0 when none is scored); about 0.9 when it is right.
    pub share90: f64,
}

/// One observed figure, and where it falls among the runs if it is scored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PointFile {
    /// What the figure counts: `stock`, `arrests`, `arrests_month`, `released` or
    /// `deaths`.
    pub kind: String,
    /// The date (`2024-06-30`) or period (`2022-01-01 to 2022-12-31`) as the data gives it.
    pub label: String,
    /// The first month index (from the scenario's start) the figure covers; negative:
    /// before the start.
    pub first: i32,
    /// The last month index the figure covers.
    pub last: i32,
    /// The figure as the data gives it, in people.
    pub observed: f64,
    /// Why it is not scored (outside the simulated months), or `null` if it is.
    #[serde(default)]
    pub unscored: Option<String>,
    /// The same figure over the runs: p05, p25, p50, p75, p95, in people; `null` if not
    /// scored.
    #[serde(default)]
    pub simulated: Option<[f64; 5]>,
    /// The observed figure's mid-rank percentile among the runs, in [0, 1].
    #[serde(default)]
    pub percentile: Option<f64>,
    /// Whether it falls inside the middle 50% of runs.
    #[serde(default)]
    pub in50: Option<bool>,
    /// Whether it falls inside the middle 90% of runs.
    #[serde(default)]
    pub in90: Option<bool>,
}

/// The simulated stock's quantiles over runs at the end of one month.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MonthBandFile {
    /// The month index from the scenario's start (0 is the first month).
    pub month: u32,
    /// The month as `YYYY-MM`.
    pub calendar: String,
    /// 5th percentile over runs, in people.
    pub p05: f64,
    /// 25th percentile, in people.
    pub p25: f64,
    /// Median, in people.
    pub p50: f64,
    /// 75th percentile, in people.
    pub p75: f64,
    /// 95th percentile, in people.
    pub p95: f64,
}

/// `backtest.json`: provenance, the coverage per kind of figure, every observed figure
/// and the monthly bands. No time or thread count, so the same inputs give the same
/// bytes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BacktestFile {
    /// The `leverage` version that wrote the file ([`VERSION`](super::VERSION)).
    pub leverage_version: String,
    /// The scenario run (for a calibration, the scenario before calibration).
    pub scenario: ScenarioRef,
    /// The path of the observed record, as given to `--data`.
    pub data: String,
    /// What the check is, for the chart's subtitle: `Backtest` or `Posterior predictive`.
    pub lead: String,
    /// The master seed of the runs.
    pub seed: u64,
    /// Runs behind the bands.
    pub runs: u64,
    /// The scenario's first month, `YYYY-MM`.
    pub start: String,
    /// Months simulated in each run.
    pub horizon_months: u32,
    /// The coverage per kind of figure.
    pub coverage: Vec<CoverageFile>,
    /// Every observed figure, scored or not, in the record's order.
    pub points: Vec<PointFile>,
    /// The simulated stock's bands, one per month.
    pub months: Vec<MonthBandFile>,
}
