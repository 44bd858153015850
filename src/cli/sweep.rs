//! `leverage sweep [SCENARIO] --set KEY=VALUES [--set KEY2=VALUES]`: a scenario over a
//! 1-D or 2-D grid of parameter values.

use super::{BatchArgs, Failure, describe_files, load_scenario, progress_bar};
use crate::explore::sweep::{Sweep, SweepAxis, run_sweep};
use crate::note;
use crate::report::fmt;
use crate::results::RUN_METRICS;
use crate::results::names;
use crate::results::{VERSION, metric_unit};
use anyhow::Context as _;
use clap::Args;
use serde_json::json;
use std::fmt::Write as _;
use std::path::Path;

#[derive(Debug, Args)]
pub struct SweepArgs {
    /// Scenario file (TOML) or bundled name [default: the embedded baseline].
    #[arg(value_name = "SCENARIO")]
    pub scenario: Option<String>,
    /// A parameter and its values: KEY=V1,V2,... or KEY=a..b:step (b included when a step
    /// lands on it), mixed freely; KEY is the parameter's path in the scenario file, such
    /// as prisoners.arrests_per_month, us.benchmark.releases or measures[2].cost_per_month.
    /// Give it once for a 1-D sweep, twice for a 2-D grid.
    #[arg(long = "set", value_name = "KEY=VALUES", required = true, num_args = 1)]
    pub set: Vec<String>,
    /// The metrics of the printed table and the charts (sweep.csv has every metric).
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "released,final_stock,new_arrests,relief_granted",
        value_parser = clap::builder::PossibleValuesParser::new(RUN_METRICS),
    )]
    pub metric: Vec<String>,
    #[command(flatten)]
    pub batch: BatchArgs,
}

pub fn sweep_command(args: &SweepArgs) -> Result<(), Failure> {
    let base = load_scenario(args.scenario.as_deref())?;
    if args.set.len() > 2 {
        return Err(Failure::usage(anyhow::anyhow!(
            "--set is given {} times: a sweep has one axis or two",
            args.set.len()
        )));
    }
    let axes = args
        .set
        .iter()
        .map(|s| SweepAxis::parse(s))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| Failure::usage(anyhow::anyhow!("--set {e}")))?;
    if axes.len() == 2 && axes[0].path == axes[1].path {
        return Err(Failure::usage(anyhow::anyhow!(
            "--set names {} twice: give each axis its own parameter",
            axes[0].path
        )));
    }
    let keys: Vec<String> = axes.iter().map(|a| a.path.to_string()).collect();
    let out_dir = args.batch.out.clone().unwrap_or_else(|| {
        Path::new("results").join(format!("sweep-{}-{}", base.name, keys.join("-")))
    });
    let cells: u64 = axes.iter().map(|a| a.values.len() as u64).product();
    args.batch.check(
        &base,
        args.batch.runs,
        cells,
        false,
        &out_dir,
        &super::guard::Results::Sweep(base.name.clone()),
    )?;
    // Everything goes to a staging folder whose files move into out_dir once complete.
    let out = super::out_folder(&out_dir)?;
    if !args.batch.quiet {
        note!(
            "leverage {VERSION}: sweep of {} over {} ({} cells), {} runs each, seed {}",
            base.name,
            keys.join(" x "),
            cells,
            args.batch.runs,
            args.batch.seed
        );
    }
    let bar = progress_bar(cells * args.batch.runs, args.batch.quiet);
    let progress = |done: u64| bar.set_position(done);
    let sweep =
        run_sweep(&base, &axes, &args.batch.options(), &progress).context("the sweep failed")??;
    bar.finish_and_clear();

    let table = sweep_md(&base.name, &sweep, &args.metric);
    let write = |name: &str, text: &str| super::write_file(out.path(), &out_dir, name, text);
    write(names::SWEEP_CSV, &sweep_csv(&sweep))?;
    write(names::SWEEP_JSON, &sweep_json(&base, &sweep, &args.metric))?;
    write(names::SWEEP_MD, &table)?;
    write(names::SCENARIO_TOML, &base.source.text)?;
    let mut written: Vec<String> = [
        names::SWEEP_JSON,
        names::SWEEP_CSV,
        names::SWEEP_MD,
        names::SCENARIO_TOML,
    ]
    .map(String::from)
    .into();
    if !args.batch.no_plots {
        let charts = crate::plot::draw_sweep(out.path())
            .with_context(|| format!("cannot draw the charts of {}", out_dir.display()))?;
        written.extend(super::file_names(&charts));
    }
    super::commit(out, &out_dir)?;
    if !args.batch.quiet {
        super::output::print(&table)?;
        note!(
            "wrote {} to {}",
            describe_files(&written),
            out_dir.display()
        );
    }
    Ok(())
}

/// Every metric, optional ones included, in report order.
fn metric_names() -> impl Iterator<Item = &'static str> {
    crate::results::metrics::all_names()
}

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

/// `sweep.json`: provenance, the axes, and every cell's summaries (as in summary.json).
pub fn sweep_json(base: &crate::scenario::Scenario, sweep: &Sweep, shown: &[String]) -> String {
    let cells: Vec<serde_json::Value> = sweep
        .cells
        .iter()
        .map(|c| {
            let metrics: serde_json::Map<String, serde_json::Value> = c
                .stats
                .summaries()
                .into_iter()
                .map(|(n, s)| (n.to_string(), json!(s)))
                .collect();
            json!({
                "values": c.values,
                "scenario_sha256": c.scenario.source.sha256,
                "share_never_reached_target": c.stats.share_never_reached_target(),
                "share_no_deal": c.stats.missing_shares()[1].1,
                "metrics": metrics,
            })
        })
        .collect();
    let units: serde_json::Map<String, serde_json::Value> = metric_names()
        .map(|n| (n.to_string(), json!(metric_unit(n))))
        .collect();
    let file = json!({
        "leverage_version": VERSION,
        "scenario": {
            "name": base.name,
            "path": base.source.path,
            "sha256": base.source.sha256,
        },
        "seed": sweep.seed,
        "runs": sweep.runs,
        "start": base.start.to_string(),
        "horizon_months": base.horizon_months,
        "axes": sweep.axes.iter().map(|a| json!({
            "param": a.path.to_string(),
            "values": a.values,
        })).collect::<Vec<_>>(),
        "shown_metrics": shown,
        "units": units,
        "cells": cells,
    });
    let mut text = serde_json::to_string_pretty(&file).expect("a sweep serialises");
    text.push('\n');
    text
}

/// The Markdown summary, printed too: one row per cell, the mean and 95% CI of each
/// shown metric.
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
            let i = RUN_METRICS
                .iter()
                .position(|x| x == m)
                .expect("shown metrics are checked by clap");
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
