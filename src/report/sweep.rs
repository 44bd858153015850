//! Exporters of a parameter sweep: `sweep.json` (read back by `plot`), `sweep.csv` and
//! the Markdown table printed and saved as `sweep.md`. Each takes the finished
//! [`Sweep`]; nothing here simulates, prints or touches files.

use super::fmt;
use crate::explore::sweep::Sweep;
use crate::results::sweep::{SweepAxisFile, SweepCellFile};
use crate::results::{self, RUN_METRICS, ScenarioRef, SweepFile, VERSION, metric_unit};
use crate::scenario::Scenario;
use std::fmt::Write as _;

/// `sweep.csv`, tidy: one row per cell and metric, the axes' values first. A metric no
/// run of a cell produced (months_to_target when none reached the target) has empty
/// figures and its count of runs 0.
pub fn sweep_csv(sweep: &Sweep) -> String {
    let mut out = String::new();
    for a in &sweep.axes {
        let _ = write!(out, "{},", a.path);
    }
    out.push_str("metric,mean,ci_low,ci_high,sd,p05,p25,p50,p75,p95,runs\n");
    for cell in &sweep.cells {
        let values: String = cell.values.iter().map(|v| format!("{v},")).collect();
        for (name, summary) in cell.stats.summaries() {
            match summary {
                Some(s) => {
                    let _ = writeln!(
                        out,
                        "{values}{name},{},{},{},{},{},{},{},{},{},{}",
                        s.mean, s.ci95[0], s.ci95[1], s.sd, s.p05, s.p25, s.p50, s.p75, s.p95, s.n
                    );
                }
                None => {
                    let _ = writeln!(out, "{values}{name},,,,,,,,,,0");
                }
            }
        }
    }
    out
}

/// The Markdown summary, printed too: one row per cell, the mean and 95% CI of each
/// metric in `shown` (the `--metric` list), titled with the base scenario's name
/// `scenario`.
pub fn sweep_md(scenario: &str, sweep: &Sweep, shown: &[String]) -> String {
    let mut out = String::new();
    let keys: Vec<String> = sweep.axes.iter().map(|a| a.path.to_string()).collect();
    let _ = writeln!(
        out,
        "# Sweep of {scenario} over {}\n\n{} cells, {} runs each, seed {}; every cell runs \
         the same runs (common random numbers). Mean [95% CI].\n",
        keys.join(" x "),
        sweep.cells.len(),
        sweep.runs,
        sweep.seed
    );
    let mut header: Vec<String> = keys.clone();
    header.extend(shown.iter().map(|m| format!("{m} ({})", metric_unit(m))));
    let _ = writeln!(out, "| {} |", header.join(" | "));
    let _ = writeln!(
        out,
        "|{}",
        header
            .iter()
            .enumerate()
            .map(|(i, _)| if i < keys.len() { "---|" } else { "---:|" })
            .collect::<String>()
    );
    for cell in &sweep.cells {
        let mut row: Vec<String> = cell.values.iter().map(|v| v.to_string()).collect();
        for m in shown {
            let Some(i) = RUN_METRICS.iter().position(|x| x == m) else {
                row.push("–".to_string());
                continue;
            };
            let s = cell.stats.metrics[i].summary();
            row.push(format!(
                "{} [{}, {}]",
                fmt(s.mean),
                fmt(s.ci95[0]),
                fmt(s.ci95[1])
            ));
        }
        let _ = writeln!(out, "| {} |", row.join(" | "));
    }
    out
}

/// `sweep.json`: provenance, the axes, and every cell's summaries (as in summary.json).
pub fn sweep_json(base: &Scenario, sweep: &Sweep, shown: &[String]) -> String {
    let cells = sweep
        .cells
        .iter()
        .map(|c| SweepCellFile {
            values: c.values.clone(),
            scenario_sha256: Some(c.scenario.source.sha256.clone()),
            share_never_reached_target: Some(c.stats.share_never_reached_target()),
            share_no_deal: Some(c.stats.missing_shares()[1].1),
            metrics: super::metric_summaries(&c.stats),
        })
        .collect();
    results::pretty(&SweepFile {
        leverage_version: VERSION.to_string(),
        scenario: ScenarioRef::of(base),
        seed: sweep.seed,
        runs: sweep.runs,
        start: base.start.to_string(),
        horizon_months: base.horizon_months,
        axes: sweep
            .axes
            .iter()
            .map(|a| SweepAxisFile {
                param: a.path.to_string(),
                values: a.values.clone(),
            })
            .collect(),
        shown_metrics: shown.to_vec(),
        units: results::metrics::all_names()
            .map(|n| (n.to_string(), metric_unit(n).to_string()))
            .collect(),
        cells,
    })
}
