//! `leverage plot` and `leverage report`: the charts and report.html of a results folder,
//! redrawn from its saved files without simulating, in place and under its lock.
//!
//! Owns which kind of results folder a path is. Must not simulate and must not write
//! files the folder's manifest will not list.

use super::Failure;
use super::folder::{adopt, lock_results};
use super::write::{draw_chart_files, file_names, write_report};
use crate::note;
use anyhow::Context as _;
use leverage::results::names;
use std::path::{Path, PathBuf};

/// Whether `dir` is a results folder of `compare` (true) or `run` (false).
fn results_kind(dir: &Path) -> Result<bool, Failure> {
    if !dir.is_dir() {
        return Err(Failure::usage(anyhow::anyhow!(
            "{} is not a folder: give the out folder of `leverage run` or `leverage compare`",
            dir.display()
        )));
    }
    let comparison = dir.join(names::COMPARISON_JSON).is_file();
    if !comparison && !dir.join(names::SUMMARY_JSON).is_file() {
        return Err(Failure::usage(anyhow::anyhow!(
            "{} holds neither summary.json nor comparison.json: give the out folder of \
             `leverage run` or `leverage compare`",
            dir.display()
        )));
    }
    Ok(comparison)
}

/// Runs `leverage plot DIR`: redraws the charts of any results folder (and the report of
/// a `run` or `compare` folder).
pub(super) fn plot_command(dir: &Path) -> Result<(), Failure> {
    let _lock = if dir.is_dir() {
        Some(lock_results(dir)?)
    } else {
        None
    };
    // Folders of the commands whose charts are drawn from one file.
    type Draw = fn(&Path) -> Result<Vec<PathBuf>, leverage::plot::PlotError>;
    let single: [(&str, Draw); 4] = [
        (names::TOURNAMENT_JSON, leverage::plot::draw_tournament),
        (names::BACKTEST_JSON, leverage::plot::draw_backtest),
        (names::SWEEP_JSON, leverage::plot::draw_sweep),
        (names::SENSITIVITY_JSON, leverage::plot::draw_sensitivity),
    ];
    for (file, draw) in single {
        if dir.join(file).is_file() {
            let charts = draw(dir)
                .with_context(|| format!("cannot draw the charts of {}", dir.display()))?;
            adopt(dir, &charts)?;
            note!("wrote {} chart files to {}", charts.len(), dir.display());
            return Ok(());
        }
    }
    let paths = draw_chart_files(dir, results_kind(dir)?)?;
    adopt(dir, &paths)?;
    note!(
        "wrote {} to {}",
        file_names(&paths).join(", "),
        dir.display()
    );
    Ok(())
}

/// Runs `leverage report DIR`: rewrites report.html of a `run` or `compare` folder.
pub(super) fn report_command(dir: &Path) -> Result<(), Failure> {
    let kind = results_kind(dir)?;
    let _lock = lock_results(dir)?;
    let path = write_report(dir, kind)?;
    adopt(dir, std::slice::from_ref(&path))?;
    note!("wrote {}", path.display());
    Ok(())
}
