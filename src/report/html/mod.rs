//! `report.html`: a self-contained briefing of a results folder, for reading on screen or
//! printing to PDF.
//!
//! [`write_run_report`] reads a `leverage run` folder and [`write_compare_report`] a
//! `leverage compare` folder. Both read only saved files (through the readers of
//! [`crate::plot::data`] where they fit), never simulate, and write one HTML file with its
//! CSS inline and its charts inlined as SVG text: no script, no font, no image and no link
//! leaves the file, so the PDF a reader prints is the page they saw.
//!
//! Everything that comes from a file is escaped before it enters the page, and an SVG chart
//! is inlined only if it looks like what plotters writes (no script, no link, no event
//! attribute); otherwise the page says why the chart is not shown. The output depends on
//! the folder's contents only (no time, no absolute path), so the same folder gives the
//! same bytes.
//!
//! Layout: `inputs` reads the folders, `charts` reads and checks the SVG charts, `escape`
//! escapes text from files, `words` formats numbers and labels, `page` is the skeleton
//! both reports share, and `run` and `compare` build each report's sections. This file
//! owns the error type and the two entry points, and must not build HTML itself.

mod charts;
mod compare;
mod escape;
mod inputs;
mod page;
mod run;
mod words;

use crate::plot::{self, PlotError};
use crate::results::comparison::ComparisonFile;
use crate::results::names;
use crate::results::write_atomic;
use inputs::{Compared, RunFolder};
use std::path::{Path, PathBuf};

/// Why a report could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// An input file is missing or unreadable.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The file that could not be read.
        path: PathBuf,
        /// Why it could not be read.
        #[source]
        source: std::io::Error,
    },
    /// An input file is not what leverage writes.
    #[error("{}: {message}", path.display())]
    Parse {
        /// The file that is not what leverage writes.
        path: PathBuf,
        /// What is wrong with it, in a sentence.
        message: String,
    },
    /// `report.html` could not be saved.
    #[error("cannot write {}: {source}", path.display())]
    Write {
        /// Where `report.html` was to be written.
        path: PathBuf,
        /// Why it could not be written.
        #[source]
        source: std::io::Error,
    },
}

impl From<PlotError> for ReportError {
    fn from(e: PlotError) -> Self {
        match e {
            PlotError::Read { path, source } => ReportError::Read { path, source },
            PlotError::Parse { path, message } => ReportError::Parse { path, message },
            PlotError::Draw { path, message } => ReportError::Parse {
                path,
                message: format!("cannot draw: {message}"),
            },
            PlotError::Write { path, source } => ReportError::Write { path, source },
        }
    }
}

/// Reads a `leverage run` folder (`summary.json`, `monthly.csv`, `histograms.json`,
/// `scenario.toml`, and the `*.svg` charts in it if present) and writes `DIR/report.html`
/// atomically. Returns its path.
///
/// `summary.json` and `monthly.csv` must be there; without `histograms.json`,
/// `scenario.toml` or a chart, the report says in place what is missing.
pub fn write_run_report(dir: &Path) -> Result<PathBuf, ReportError> {
    let folder = RunFolder::read(dir)?;
    let html = run::run_page(&folder, dir);
    save(dir, &html)
}

/// Reads a `leverage compare` folder (`comparison.json`, the `compare_*.svg` charts and
/// each scenario's folder) and writes `DIR/report.html` atomically. Returns its path.
///
/// Scenario folders hold no charts of their own, so each scenario's fan chart is drawn
/// from its `summary.json` and `monthly.csv` in a scratch folder that is then deleted;
/// nothing but `report.html` is written into `dir`.
pub fn write_compare_report(dir: &Path) -> Result<PathBuf, ReportError> {
    let path = dir.join(names::COMPARISON_JSON);
    let list = plot::read_comparison(&path)?;
    let text = plot::data::read(&path)?;
    let file: ComparisonFile = serde_json::from_str(&text).map_err(|e| ReportError::Parse {
        path: path.clone(),
        message: format!("not a leverage comparison.json: {e}"),
    })?;
    let mut scenarios = Vec::with_capacity(list.len());
    for (entry, s) in list.iter().zip(&file.scenarios) {
        let folder = RunFolder::read(&entry.dir)?;
        let fan = charts::fan_for(&entry.dir);
        scenarios.push(Compared {
            name: s.name.clone(),
            dir_name: s.dir.clone(),
            path: s.path.clone(),
            sha256: s.sha256.clone(),
            folder,
            fan,
        });
    }
    let html = compare::compare_page(&file, &scenarios, dir);
    save(dir, &html)
}

/// Writes `html` to `DIR/report.html` atomically and returns its path.
fn save(dir: &Path, html: &str) -> Result<PathBuf, ReportError> {
    let path = dir.join(names::REPORT_HTML);
    write_atomic(&path, html.as_bytes()).map_err(|source| ReportError::Write {
        path: path.clone(),
        source,
    })?;
    Ok(path)
}
