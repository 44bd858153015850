//! The saved results that charts are drawn from: `summary.json`, `monthly.csv`,
//! `histograms.json` and a comparison's `comparison.json`, read and checked.
//!
//! Only what the charts need is parsed; unknown fields are ignored so that older charts
//! keep working when the reports grow. Every failure names the file and says what was
//! expected. Nothing here draws.

use super::PlotError;
use crate::calendar::YearMonth;
pub use crate::results::MetricSummary;
use crate::results::{ComparisonFile, HistogramsFile, SummaryFile};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Reads a whole file, naming it on failure.
pub(crate) fn read(path: &Path) -> Result<String, PlotError> {
    crate::files::read_to_string(path, &crate::files::RESULTS).map_err(|source| PlotError::Read {
        path: path.to_path_buf(),
        source,
    })
}

fn parse_error(path: &Path, message: impl Into<String>) -> PlotError {
    PlotError::Parse {
        path: path.to_path_buf(),
        message: message.into(),
    }
}

/// `summary.json` read and checked: its start a month, its horizon at least one month.
#[derive(Debug, Clone)]
pub struct RunSummary {
    /// The `leverage` version that wrote the file (`leverage_version`), for the footer.
    pub version: String,
    /// The scenario's name (`scenario.name`), for the subtitle.
    pub scenario: String,
    /// Where the scenario was read from; empty if the file does not say.
    pub path: String,
    /// SHA-256 of the scenario file, hex (`scenario.sha256`); the footer shows 12 digits.
    pub sha256: String,
    /// The batch's master seed.
    pub seed: u64,
    /// Runs in the batch.
    pub runs: u64,
    /// The first simulated month.
    pub start: YearMonth,
    /// Months simulated in each run; at least 1.
    pub horizon_months: u32,
    /// The scenario's `prisoners.target_stock`, in people, if the file records it.
    pub target_stock: Option<u64>,
    /// Share of runs, in [0, 1], in which the stock never fell below the target.
    pub share_never_reached_target: Option<f64>,
    /// Share of runs, in [0, 1], without a deal.
    pub share_no_deal: Option<f64>,
    /// `None` where no run had the metric (`null` in the file).
    pub metrics: BTreeMap<String, Option<MetricSummary>>,
}

impl RunSummary {
    /// The last simulated month.
    pub fn end(&self) -> YearMonth {
        self.start.plus(self.horizon_months.max(1) as i32 - 1)
    }

    /// `2024-07 to 2029-06`.
    pub fn period(&self) -> String {
        format!("{} to {}", self.start, self.end())
    }

    /// The first 12 hex digits of the scenario's SHA-256.
    pub fn short_sha(&self) -> &str {
        self.sha256.get(..12).unwrap_or(&self.sha256)
    }

    /// A metric's summary, if the file has one.
    pub fn metric(&self, name: &str) -> Option<MetricSummary> {
        self.metrics.get(name).copied().flatten()
    }
}

/// Reads and checks `summary.json`.
pub fn read_summary(path: &Path) -> Result<RunSummary, PlotError> {
    let text = read(path)?;
    let file: SummaryFile = serde_json::from_str(&text)
        .map_err(|e| parse_error(path, format!("not a leverage summary.json: {e}")))?;
    let start: YearMonth = file
        .start
        .parse()
        .map_err(|e: String| parse_error(path, format!("`start`: {e}")))?;
    if file.horizon_months == 0 {
        return Err(parse_error(
            path,
            "`horizon_months` must be at least 1, got 0",
        ));
    }
    Ok(RunSummary {
        version: file.leverage_version,
        scenario: file.scenario.name,
        path: file.scenario.path,
        sha256: file.scenario.sha256,
        seed: file.seed,
        runs: file.runs,
        start,
        horizon_months: file.horizon_months,
        target_stock: file.target_stock,
        share_never_reached_target: file.share_never_reached_target,
        share_no_deal: file.share_no_deal,
        metrics: file.metrics.into_iter().collect(),
    })
}

/// One month of one monthly series: the mean and quantiles over runs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MonthRow {
    /// The month's index in the run, 0 for the first simulated month.
    pub month: u32,
    /// The month in the calendar.
    pub calendar: YearMonth,
    /// Mean over runs, in the series' unit: people for `stock` (held at the end of the
    /// month), `released` and `arrests` (this month), USD m for `sanctions_cost`.
    pub mean: f64,
    /// 5th percentile over runs, in the series' unit.
    pub p05: f64,
    /// 25th percentile over runs.
    pub p25: f64,
    /// Median over runs.
    pub p50: f64,
    /// 75th percentile over runs.
    pub p75: f64,
    /// 95th percentile over runs.
    pub p95: f64,
}

/// `monthly.csv` by series name, each series in month order.
#[derive(Debug, Clone, Default)]
pub struct Monthly {
    /// Each series' rows by its name in the `series` column (`stock`, `released`,
    /// `arrests`, `sanctions_cost`), sorted by month.
    pub series: BTreeMap<String, Vec<MonthRow>>,
}

impl Monthly {
    /// A series that must be present, or an error naming the file and the series.
    pub fn require(&self, name: &str, path: &Path) -> Result<&[MonthRow], PlotError> {
        match self.series.get(name) {
            Some(rows) if !rows.is_empty() => Ok(rows),
            _ => Err(parse_error(
                path,
                format!(
                    "no `{name}` rows; expected the series {} (is this a leverage monthly.csv?)",
                    crate::results::metrics::MONTHLY_SERIES.join(", ")
                ),
            )),
        }
    }
}

#[derive(Debug, Deserialize)]
struct MonthlyRecord {
    month: u32,
    calendar: String,
    series: String,
    mean: f64,
    p05: f64,
    p25: f64,
    p50: f64,
    p75: f64,
    p95: f64,
}

/// Reads and checks `monthly.csv`.
pub fn read_monthly(path: &Path) -> Result<Monthly, PlotError> {
    let text = read(path)?;
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let mut monthly = Monthly::default();
    for (i, record) in reader.deserialize::<MonthlyRecord>().enumerate() {
        // Line 1 is the header.
        let line = i + 2;
        let r = record.map_err(|e| parse_error(path, format!("line {line}: {e}")))?;
        let calendar: YearMonth = r
            .calendar
            .parse()
            .map_err(|e: String| parse_error(path, format!("line {line}: `calendar`: {e}")))?;
        let values = [r.mean, r.p05, r.p25, r.p50, r.p75, r.p95];
        if values.iter().any(|v| !v.is_finite()) {
            return Err(parse_error(
                path,
                format!("line {line}: every value must be a finite number"),
            ));
        }
        monthly.series.entry(r.series).or_default().push(MonthRow {
            month: r.month,
            calendar,
            mean: r.mean,
            p05: r.p05,
            p25: r.p25,
            p50: r.p50,
            p75: r.p75,
            p95: r.p95,
        });
    }
    for rows in monthly.series.values_mut() {
        rows.sort_by_key(|r| r.month);
    }
    Ok(monthly)
}

/// One metric's binned distribution over runs, from `histograms.json`.
#[derive(Debug, Clone, PartialEq)]
pub struct Histogram {
    /// The metric's name, as in `summary.json`.
    pub metric: String,
    /// The metric's unit: the file's, or the registry's where the file has none.
    pub unit: String,
    /// `(low, high, count)`, sorted by `low`: the bin's edges in the metric's unit and
    /// the runs in it; every value finite, `low <= high` and `count >= 0`.
    pub bins: Vec<(f64, f64, f64)>,
}

/// Reads `histograms.json`: `Ok(None)` if there is no such file. Metrics come in
/// [`crate::results::HISTOGRAM_METRICS`] order, then any others by name.
pub fn read_histograms(path: &Path) -> Result<Option<Vec<Histogram>>, PlotError> {
    let text = match crate::files::read_to_string(path, &crate::files::RESULTS) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(PlotError::Read {
                path: path.to_path_buf(),
                source,
            });
        }
    };
    let file: HistogramsFile = serde_json::from_str(&text)
        .map_err(|e| parse_error(path, format!("not a leverage histograms.json: {e}")))?;
    let mut out = Vec::new();
    for (metric, entry) in file.metrics {
        let mut bins: Vec<(f64, f64, f64)> = Vec::with_capacity(entry.bins.len());
        for [lo, hi, count] in entry.bins {
            if !(lo.is_finite() && hi.is_finite() && count.is_finite()) || hi < lo || count < 0.0 {
                return Err(parse_error(
                    path,
                    format!(
                        "`{metric}`: each bin must be [low, high, count] with low <= high \
                         and count >= 0, got [{lo}, {hi}, {count}]"
                    ),
                ));
            }
            bins.push((lo, hi, count));
        }
        bins.sort_by(|a, b| a.0.total_cmp(&b.0));
        let unit = entry
            .unit
            .unwrap_or_else(|| crate::results::metric_unit(&metric).to_string());
        out.push(Histogram { metric, unit, bins });
    }
    let rank = |m: &str| {
        crate::results::HISTOGRAM_METRICS
            .iter()
            .position(|k| *k == m)
            .unwrap_or(usize::MAX)
    };
    out.sort_by(|a, b| {
        rank(&a.metric)
            .cmp(&rank(&b.metric))
            .then_with(|| a.metric.cmp(&b.metric))
    });
    Ok(Some(out))
}

/// One scenario of a comparison, in the order of `comparison.json`.
#[derive(Debug, Clone)]
pub struct ComparedScenario {
    /// The scenario's name, as in its TOML file.
    pub name: String,
    /// Its folder, resolved against the comparison folder.
    pub dir: PathBuf,
}

/// Reads `comparison.json`: `{"scenarios": [{"name", "dir"}, ...]}`, `dir` relative to
/// the comparison folder.
pub fn read_comparison(path: &Path) -> Result<Vec<ComparedScenario>, PlotError> {
    let text = read(path)?;
    let file: ComparisonFile = serde_json::from_str(&text).map_err(|e| {
        parse_error(
            path,
            format!("expected {{\"scenarios\": [{{\"name\": ..., \"dir\": ...}}]}}: {e}"),
        )
    })?;
    if file.scenarios.is_empty() {
        return Err(parse_error(
            path,
            "`scenarios` is empty: nothing to compare",
        ));
    }
    let base = path.parent().unwrap_or(Path::new("."));
    Ok(file
        .scenarios
        .into_iter()
        .map(|e| ComparedScenario {
            name: e.name,
            dir: base.join(e.dir),
        })
        .collect())
}
