//! `summary.json` and `histograms.json`: the files of one batch, as types that the
//! writer (`report`) serialises and the readers (`plot`, `report::html`) deserialise.
//!
//! Readers ignore fields they do not know, so that older readers keep working when the
//! files grow; the fields a reader can do without are `Option` or `#[serde(default)]`.

use super::{Named, ScenarioRef};
use serde::{Deserialize, Serialize};

/// One metric's summary over runs, as every file writes it (`stats::Summary` without
/// its count). A `null` (NaN) mean or quantile is a parse error for the readers, which
/// need them; the spread and extremes may be missing.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct MetricSummary {
    /// Mean over runs, in the metric's unit ([`metric_unit`](super::metric_unit)).
    pub mean: f64,
    /// Sample standard deviation over runs (n - 1 in the denominator), in the unit.
    #[serde(default)]
    pub sd: Option<f64>,
    /// 95% confidence interval of the mean, `[low, high]` (Student's t), in the unit.
    #[serde(default)]
    pub ci95: Option<[f64; 2]>,
    /// Smallest value over runs.
    #[serde(default)]
    pub min: Option<f64>,
    /// 5th percentile over runs (type 7 quantile, as `stats::Accumulator::quantiles`).
    pub p05: f64,
    /// 25th percentile over runs.
    pub p25: f64,
    /// Median over runs.
    pub p50: f64,
    /// 75th percentile over runs.
    pub p75: f64,
    /// 95th percentile over runs.
    pub p95: f64,
    /// Largest value over runs.
    #[serde(default)]
    pub max: Option<f64>,
}

impl From<&crate::stats::Summary> for MetricSummary {
    fn from(s: &crate::stats::Summary) -> Self {
        MetricSummary {
            mean: s.mean,
            sd: Some(s.sd),
            ci95: Some(s.ci95),
            min: Some(s.min),
            p05: s.p05,
            p25: s.p25,
            p50: s.p50,
            p75: s.p75,
            p95: s.p95,
            max: Some(s.max),
        }
    }
}

/// `summary.json`: provenance and every metric's summary, in registry order (`null`
/// where no run had the metric). No thread count and no time, so that identical inputs
/// give identical bytes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SummaryFile {
    /// The `leverage` version that wrote the file ([`VERSION`](super::VERSION)).
    pub leverage_version: String,
    /// The scenario simulated.
    pub scenario: ScenarioRef,
    /// The master seed; run `i` draws from streams seeded by it and `i`.
    pub seed: u64,
    /// Runs in the batch.
    pub runs: u64,
    /// The first month, `YYYY-MM`.
    pub start: String,
    /// Months simulated in each run, from `start`.
    pub horizon_months: u32,
    /// The scenario's `prisoners.target_stock`, in people: the stock that
    /// `months_to_target` waits for the prison population to fall below.
    #[serde(default)]
    pub target_stock: Option<u64>,
    /// Share of runs, in [0, 1], in which the stock never fell below `target_stock` (the
    /// runs without `months_to_target`).
    #[serde(default)]
    pub share_never_reached_target: Option<f64>,
    /// Share of runs, in [0, 1], without a deal (the runs without
    /// `months_to_first_deal`).
    #[serde(default)]
    pub share_no_deal: Option<f64>,
    /// Every metric by name, per-run then optional, each in its registry unit.
    #[serde(default)]
    pub metrics: Named<Option<MetricSummary>>,
}

/// One metric's binned distribution in `histograms.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistogramEntry {
    /// The metric's unit, as [`metric_unit`](super::metric_unit) gives it. Missing in
    /// older files: readers take the registry's.
    #[serde(default)]
    pub unit: Option<String>,
    /// `[low, high, count]` per bin, in increasing order: the bin's edges in the metric's
    /// unit and the runs that fell in it (a whole number written as a float). Up to
    /// [`HISTOGRAM_BINS`](super::HISTOGRAM_BINS) equal-width bins from the smallest value
    /// to the largest; whole numbers spanning fewer than that get one bin each, centred on
    /// it.
    pub bins: Vec<[f64; 3]>,
}

/// `histograms.json`: the distribution over runs of the main metrics, binned, so that
/// charts can be drawn without the per-run rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistogramsFile {
    /// The binned metrics, by name, in the order of
    /// [`HISTOGRAM_METRICS`](super::HISTOGRAM_METRICS).
    pub metrics: Named<HistogramEntry>,
}
