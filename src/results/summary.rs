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
    pub mean: f64,
    #[serde(default)]
    pub sd: Option<f64>,
    #[serde(default)]
    pub ci95: Option<[f64; 2]>,
    #[serde(default)]
    pub min: Option<f64>,
    pub p05: f64,
    pub p25: f64,
    pub p50: f64,
    pub p75: f64,
    pub p95: f64,
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
    pub leverage_version: String,
    pub scenario: ScenarioRef,
    pub seed: u64,
    pub runs: u64,
    /// The first month, `YYYY-MM`.
    pub start: String,
    pub horizon_months: u32,
    #[serde(default)]
    pub target_stock: Option<u64>,
    #[serde(default)]
    pub share_never_reached_target: Option<f64>,
    #[serde(default)]
    pub share_no_deal: Option<f64>,
    #[serde(default)]
    pub metrics: Named<Option<MetricSummary>>,
}

/// One metric's binned distribution in `histograms.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistogramEntry {
    /// Missing in older files: readers take the registry's.
    #[serde(default)]
    pub unit: Option<String>,
    /// `[low, high, count]`, in increasing order.
    pub bins: Vec<[f64; 3]>,
}

/// `histograms.json`: the distribution over runs of the main metrics, binned, so that
/// charts can be drawn without the per-run rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistogramsFile {
    pub metrics: Named<HistogramEntry>,
}
