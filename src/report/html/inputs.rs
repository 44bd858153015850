//! The folders a report is written from, read: a run folder's summary, monthly series,
//! histograms and scenario text, and each scenario of a comparison with its fan chart.
//!
//! Owns reading and the facts derived directly from the files (shares of runs, whether the
//! scenario text matches its recorded hash, the report order of metrics). Must not write
//! HTML, and must not read anything but the folder's saved files.

use super::ReportError;
use crate::plot::{self, Histogram, Monthly, RunSummary};
use crate::results::MetricSummary;
use crate::results::names;
use std::path::Path;

/// One results folder, read.
pub(super) struct RunFolder {
    pub(super) summary: RunSummary,
    pub(super) monthly: Monthly,
    pub(super) histograms: Option<Vec<Histogram>>,
    /// `scenario.toml`, if the folder has it.
    pub(super) scenario_text: Option<String>,
    pub(super) description: Option<String>,
}

impl RunFolder {
    pub(super) fn read(dir: &Path) -> Result<Self, ReportError> {
        let summary_path = dir.join(names::SUMMARY_JSON);
        let summary = plot::read_summary(&summary_path)?;
        let monthly = plot::read_monthly(&dir.join(names::MONTHLY_CSV))?;
        let histograms = plot::read_histograms(&dir.join(names::HISTOGRAMS_JSON))?;
        let toml_path = dir.join(names::SCENARIO_TOML);
        let scenario_text = read_optional(&toml_path)?;
        let description = scenario_text.as_deref().and_then(|t| {
            let table: toml::Table = toml::from_str(t).ok()?;
            let d = table.get("description")?.as_str()?.trim();
            (!d.is_empty()).then(|| d.to_string())
        });
        Ok(RunFolder {
            summary,
            monthly,
            histograms,
            scenario_text,
            description,
        })
    }

    pub(super) fn metric(&self, name: &str) -> Option<MetricSummary> {
        self.summary.metric(name)
    }

    /// Share of runs whose stock fell below the target.
    pub(super) fn share_reached_target(&self) -> Option<f64> {
        self.summary.share_never_reached_target.map(|s| 1.0 - s)
    }

    /// Share of runs with at least one deal.
    pub(super) fn share_with_deal(&self) -> Option<f64> {
        self.summary.share_no_deal.map(|s| 1.0 - s)
    }

    /// Whether `scenario.toml` hashes to the SHA-256 recorded in `summary.json`.
    pub(super) fn scenario_matches(&self) -> Option<bool> {
        self.scenario_text
            .as_deref()
            .map(|t| crate::scenario::sha256_hex(t.as_bytes()) == self.summary.sha256)
    }

    /// Metric names in report order: the per-run metrics, the optional ones, then any
    /// others the file has, by name.
    pub(super) fn metric_names(&self) -> Vec<String> {
        ordered_names(self.summary.metrics.keys())
    }
}

/// `names` in report order: the per-run metrics, then the optional ones, then the rest.
pub(super) fn ordered_names<'a>(names: impl Iterator<Item = &'a String>) -> Vec<String> {
    let rank = crate::results::metrics::rank;
    let mut out: Vec<String> = names.cloned().collect();
    out.sort_by(|a, b| rank(a).cmp(&rank(b)).then_with(|| a.cmp(b)));
    out
}

/// A file's text, `None` if it does not exist.
fn read_optional(path: &Path) -> Result<Option<String>, ReportError> {
    match crate::files::read_to_string(path, &crate::files::RESULTS) {
        Ok(t) => Ok(Some(t)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(ReportError::Read {
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// One scenario of a comparison with its folder read.
pub(super) struct Compared {
    pub(super) name: String,
    pub(super) dir_name: String,
    pub(super) path: String,
    pub(super) sha256: String,
    pub(super) folder: RunFolder,
    /// The fan chart's SVG, or why there is none.
    pub(super) fan: Result<String, String>,
}
