//! Writing a batch's results into an out folder: one file atomically, the files of a
//! `run` (but runs.csv), a finished runs.csv, the charts and report.html, and the
//! "wrote ..." line that names them.
//!
//! Owns which files a batch's results are and in what order they are written. Must not
//! stage or commit the folder (that is `folder`) and must not simulate.

use super::Failure;
use anyhow::Context as _;
use leverage::report;
use leverage::results::names;
use leverage::scenario::Scenario;
use std::path::{Path, PathBuf};

/// Writes `text` to `dir/name` atomically; errors name `shown/name` (the out folder the
/// user gave, when `dir` is its hidden stand-in).
pub(crate) fn write_file(dir: &Path, shown: &Path, name: &str, text: &str) -> Result<(), Failure> {
    leverage::results::write_atomic(&dir.join(name), text.as_bytes())
        .with_context(|| format!("cannot write {}", shown.join(name).display()))?;
    Ok(())
}

/// Writes the results of a batch but its runs.csv into `dir`: summary.json, monthly.csv,
/// histograms.json, scenario.toml, and the charts and report.html unless `no_plots`.
/// Returns the names written.
pub(crate) fn write_results(
    out_dir: &Path,
    shown: &Path,
    scenario: &Scenario,
    seed: u64,
    stats: &leverage::engine::Collector,
    no_plots: bool,
) -> Result<Vec<String>, Failure> {
    let write = |name: &str, text: &str| write_file(out_dir, shown, name, text);
    write(
        names::SUMMARY_JSON,
        &report::summary_json(scenario, seed, stats),
    )?;
    write(names::MONTHLY_CSV, &report::monthly_csv(scenario, stats))?;
    write(names::HISTOGRAMS_JSON, &report::histograms_json(stats))?;
    write(names::SCENARIO_TOML, &scenario.source.text)?;
    let mut written: Vec<String> = [
        names::SUMMARY_JSON,
        names::MONTHLY_CSV,
        names::HISTOGRAMS_JSON,
        names::SCENARIO_TOML,
    ]
    .map(String::from)
    .into();
    if !no_plots {
        written.extend(draw_charts(out_dir, false)?);
    }
    Ok(written)
}

/// Renames a finished temporary runs.csv into `dir`.
pub(crate) fn persist_runs_csv(
    w: std::io::BufWriter<tempfile::NamedTempFile>,
    dir: &Path,
) -> Result<(), Failure> {
    let path = dir.join(names::RUNS_CSV);
    let tmp = w
        .into_inner()
        .map_err(|e| anyhow::anyhow!("cannot write {}: {}", path.display(), e.error()))?;
    tmp.as_file()
        .sync_all()
        .with_context(|| format!("cannot write {}", path.display()))?;
    tmp.persist(&path)
        .map_err(|e| anyhow::anyhow!("cannot write {}: {}", path.display(), e.error))?;
    Ok(())
}

/// Draws the charts of a results folder, then its report.html; returns the names of the
/// files written.
pub(crate) fn draw_charts(dir: &Path, comparison: bool) -> Result<Vec<String>, Failure> {
    Ok(file_names(&draw_chart_files(dir, comparison)?))
}

/// [`draw_charts`], returning the paths written.
pub(super) fn draw_chart_files(dir: &Path, comparison: bool) -> Result<Vec<PathBuf>, Failure> {
    let mut paths = if comparison {
        leverage::plot::draw_compare(dir)
    } else {
        leverage::plot::draw_run(dir)
    }
    .with_context(|| format!("cannot draw the charts of {}", dir.display()))?;
    paths.push(write_report(dir, comparison)?);
    Ok(paths)
}

/// The file names of `paths`, for the "wrote ..." line.
pub(crate) fn file_names(paths: &[PathBuf]) -> Vec<String> {
    paths
        .iter()
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect()
}

/// "summary.json, monthly.csv, 16 charts (PNG and SVG), report.html": the files written,
/// with the charts counted rather than listed.
pub(crate) fn describe_files(names: &[String]) -> String {
    let is_chart = |n: &String| n.ends_with(".png") || n.ends_with(".svg");
    let charts = names.iter().filter(|n| is_chart(n)).count();
    let mut parts: Vec<String> = names.iter().filter(|n| !is_chart(n)).cloned().collect();
    if charts > 0 {
        parts.push(format!("{charts} chart files (PNG and SVG)"));
    }
    parts.join(", ")
}

/// Writes report.html of a `run` folder, or of a `compare` folder if `comparison`, and
/// returns its path.
pub(super) fn write_report(dir: &Path, comparison: bool) -> Result<PathBuf, Failure> {
    let path = if comparison {
        report::html::write_compare_report(dir)
    } else {
        report::html::write_run_report(dir)
    }
    .with_context(|| format!("cannot write the report of {}", dir.display()))?;
    Ok(path)
}
