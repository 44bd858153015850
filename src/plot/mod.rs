//! Charts for briefings, drawn from saved results only.
//!
//! As in criterion, the data is saved first (`summary.json`, `monthly.csv`,
//! `histograms.json`) and the charts are drawn from those files, so that a chart can be
//! redrawn, or drawn on another machine, without simulating again. Every chart is
//! written twice at 1600x900: a PNG for slides and an SVG for print. Each says what it
//! shows (title), for which scenario, runs and seed (subtitle) and which build and inputs
//! made it (footer).
//!
//! Text uses DejaVu Sans, embedded through the `dejavu` crate and registered with plotters
//! once per process, so nothing depends on the fonts installed on the machine (the SVG
//! files name `sans-serif` and use the viewer's). The fonts' licence is in
//! `LICENSES/DejaVu-Bitstream-Vera.txt`.
//!
//! This module reads and writes files and draws; it never simulates and never prints.
//! Files are written atomically (a temporary file in the same folder, then a rename).

mod backtest;
mod bars;
mod compare;
pub mod data;
mod fan;
mod heatmap;
mod hist;
pub mod style;
mod sweep;
mod tornado;

use crate::results::names;
use plotters::coord::Shift;
use plotters::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

pub use backtest::draw_backtest;
pub use data::{
    ComparedScenario, Histogram, MetricSummary, MonthRow, Monthly, RunSummary, read_comparison,
    read_histograms, read_monthly, read_summary,
};
pub use heatmap::draw_tournament;
pub use style::{HEIGHT, WIDTH};
pub use sweep::draw_sweep;
pub use tornado::draw_sensitivity;

/// The metrics whose distributions a comparison shows side by side.
pub const COMPARE_METRICS: [&str; 4] = ["released", "final_stock", "relief_granted", "deals"];

/// The words around a chart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartInfo {
    /// What is shown: "Political prisoners held, 2024-07 to 2029-06".
    pub title: String,
    /// For which scenario, how many runs, which seed.
    pub subtitle: String,
    /// Provenance: "leverage 0.1.0 · scenario sha256 343b1f5078a5 · seed 20240701".
    pub footer: String,
}

impl ChartInfo {
    /// The subtitle and footer of a chart of one batch, with `title` and a lead such as
    /// "Distribution over runs" before the scenario name.
    pub fn for_run(summary: &RunSummary, title: impl Into<String>, lead: &str) -> Self {
        let lead = if lead.is_empty() {
            String::new()
        } else {
            format!("{lead} · ")
        };
        ChartInfo {
            title: title.into(),
            subtitle: format!(
                "{lead}scenario {} · {} runs · seed {}",
                summary.scenario,
                style::group(summary.runs as f64, 0),
                summary.seed
            ),
            footer: footer(summary),
        }
    }
}

/// The provenance footer of a chart of one batch, from its `summary.json`:
/// "leverage 0.1.0 · scenario sha256 343b1f5078a5 · seed 20240701" (the version, the
/// first 12 hex digits of the scenario's SHA-256, the master seed).
pub fn footer(summary: &RunSummary) -> String {
    format!(
        "leverage {} · scenario sha256 {} · seed {}",
        summary.version,
        summary.short_sha(),
        summary.seed
    )
}

/// Why a chart could not be drawn.
#[derive(Debug, thiserror::Error)]
pub enum PlotError {
    /// An input file is missing or unreadable.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The input file.
        path: PathBuf,
        /// Why it could not be read.
        #[source]
        source: std::io::Error,
    },
    /// An input file is not what leverage writes.
    #[error("{}: {message}", path.display())]
    Parse {
        /// The input file.
        path: PathBuf,
        /// What was expected and what was found, with the line or field where known.
        message: String,
    },
    /// Drawing the chart at `path` failed.
    #[error("cannot draw {}: {message}", path.display())]
    Draw {
        /// The chart file (`.png` or `.svg`) being drawn.
        path: PathBuf,
        /// The backend's or the PNG encoder's error, or a font that did not load.
        message: String,
    },
    /// The chart at `path` could not be saved.
    #[error("cannot write {}: {source}", path.display())]
    Write {
        /// The chart file (`.png` or `.svg`).
        path: PathBuf,
        /// Why the atomic write failed.
        #[source]
        source: std::io::Error,
    },
}

/// A chart that can draw itself on any plotters backend.
pub(crate) trait Figure {
    /// Draws the whole chart, frame included, on `root` ([`WIDTH`] by [`HEIGHT`] pixels).
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> style::DrawResult<(), DB>;
}

/// Registers the embedded DejaVu Sans (regular and bold) as `sans-serif`, once per
/// process. Without a registered font every text draw fails, SVG included.
fn register_fonts() -> Result<(), String> {
    static FONTS: OnceLock<Result<(), String>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let bad = |_| "the embedded DejaVu Sans font did not load".to_string();
            plotters::style::register_font(
                style::FAMILY,
                FontStyle::Normal,
                dejavu::sans::regular(),
            )
            .map_err(bad)?;
            plotters::style::register_font(style::FAMILY, FontStyle::Bold, dejavu::sans::bold())
                .map_err(bad)
        })
        .clone()
}

fn draw_error(path: &Path, message: impl ToString) -> PlotError {
    PlotError::Draw {
        path: path.to_path_buf(),
        message: message.to_string(),
    }
}

/// Draws `figure` to `dir/<stem>.png` and `dir/<stem>.svg`, each written atomically.
fn emit<F: Figure>(dir: &Path, stem: &str, figure: &F) -> Result<Vec<PathBuf>, PlotError> {
    let png_path = dir.join(format!("{stem}.png"));
    let svg_path = dir.join(format!("{stem}.svg"));
    register_fonts().map_err(|m| draw_error(&png_path, m))?;

    let mut rgb = vec![0u8; (WIDTH * HEIGHT * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut rgb, (WIDTH, HEIGHT)).into_drawing_area();
        figure.draw(&root).map_err(|e| draw_error(&png_path, e))?;
        root.present().map_err(|e| draw_error(&png_path, e))?;
    }
    let mut png = Vec::new();
    {
        use image::ImageEncoder;
        image::codecs::png::PngEncoder::new(&mut png)
            .write_image(&rgb, WIDTH, HEIGHT, image::ColorType::Rgb8)
            .map_err(|e| draw_error(&png_path, e))?;
    }
    crate::results::write_atomic(&png_path, &png).map_err(|source| PlotError::Write {
        path: png_path.clone(),
        source,
    })?;

    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        figure.draw(&root).map_err(|e| draw_error(&svg_path, e))?;
        root.present().map_err(|e| draw_error(&svg_path, e))?;
    }
    crate::results::write_atomic(&svg_path, svg.as_bytes()).map_err(|source| PlotError::Write {
        path: svg_path.clone(),
        source,
    })?;
    Ok(vec![png_path, svg_path])
}

/// A metric name made safe for a file name: letters, digits, `_` and `-` only.
fn file_stem_part(metric: &str) -> String {
    metric
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect()
}

/// Reads `dir/summary.json`, `dir/monthly.csv` and `dir/histograms.json` (optional:
/// without it no histogram is drawn) and writes into `dir`: `stock_fan.{png,svg}`,
/// `arrests_releases.{png,svg}` and `hist_<metric>.{png,svg}` for each metric in
/// `histograms.json` with at least one run in its bins. Returns the paths written.
pub fn draw_run(dir: &Path) -> Result<Vec<PathBuf>, PlotError> {
    let summary = read_summary(&dir.join(names::SUMMARY_JSON))?;
    let monthly_path = dir.join(names::MONTHLY_CSV);
    let monthly = read_monthly(&monthly_path)?;
    let histograms = read_histograms(&dir.join(names::HISTOGRAMS_JSON))?;

    let mut written = Vec::new();
    let fan = fan::StockFan::new(&summary, monthly.require("stock", &monthly_path)?);
    written.extend(emit(dir, names::STOCK_FAN, &fan)?);
    let flows = bars::ArrestsReleases::new(
        &summary,
        monthly.require("arrests", &monthly_path)?,
        monthly.require("released", &monthly_path)?,
    );
    written.extend(emit(dir, names::ARRESTS_RELEASES, &flows)?);
    for h in histograms.iter().flatten() {
        if h.bins.iter().all(|b| b.2 <= 0.0) {
            continue;
        }
        let chart = hist::MetricHistogram::new(&summary, h);
        let stem = format!("hist_{}", file_stem_part(&h.metric));
        written.extend(emit(dir, &stem, &chart)?);
    }
    Ok(written)
}

/// One scenario's saved results in a comparison.
pub(crate) struct Compared {
    /// The scenario's name, as `comparison.json` lists it.
    pub name: String,
    /// Its folder's `summary.json`.
    pub summary: RunSummary,
    /// The `stock` series of its folder's `monthly.csv`, in month order.
    pub stock: Vec<MonthRow>,
}

/// Reads `dir/comparison.json` and each scenario's folder it lists (`summary.json` and
/// `monthly.csv`), and writes into `dir`: `compare_stock.{png,svg}` (every scenario's
/// median stock with its 50% and 90% bands) and `compare_<metric>.{png,svg}` for each of
/// [`COMPARE_METRICS`] (p05, p25, p50, p75 and p95 per scenario, side by side). Returns
/// the paths written.
pub fn draw_compare(dir: &Path) -> Result<Vec<PathBuf>, PlotError> {
    let list = read_comparison(&dir.join(names::COMPARISON_JSON))?;
    let mut scenarios = Vec::with_capacity(list.len());
    for s in list {
        let summary = read_summary(&s.dir.join(names::SUMMARY_JSON))?;
        let monthly_path = s.dir.join(names::MONTHLY_CSV);
        let monthly = read_monthly(&monthly_path)?;
        let stock = monthly.require("stock", &monthly_path)?.to_vec();
        scenarios.push(Compared {
            name: s.name,
            summary,
            stock,
        });
    }
    let mut written = Vec::new();
    if let Some(chart) = compare::StockCompare::new(&scenarios) {
        written.extend(emit(dir, names::COMPARE_STOCK, &chart)?);
    }
    for metric in COMPARE_METRICS {
        let chart = compare::MetricCompare::new(&scenarios, metric);
        written.extend(emit(dir, &format!("compare_{metric}"), &chart)?);
    }
    Ok(written)
}

/// What a metric is called on a chart: `(title phrase, axis phrase)`.
pub(crate) fn metric_words(metric: &str) -> (String, String) {
    crate::results::chart_words(metric)
}

/// A metric's title phrase over the period of a run: totals "…, 2024-07 to 2029-06", the
/// final stock "… at the end of 2029-06".
pub(crate) fn metric_title(metric: &str, summary: &RunSummary) -> String {
    let (phrase, _) = metric_words(metric);
    if metric == "final_stock" {
        format!("Political prisoners held at the end of {}", summary.end())
    } else {
        format!("{phrase}, {}", summary.period())
    }
}
