//! `leverage backtest`: simulate a scenario from its start and score it against the
//! historical record (or a user's CSV of counts): each observed figure's percentile among
//! the runs, whether it falls inside the 50% and 90% bands, coverage by kind, and a fan
//! chart with the observed counts on it.

use super::{DEFAULT_SEED, Failure, load_scenario, progress_bar};
use crate::data::Record;
use crate::engine::Prepared;
use crate::fit::backtest::{Backtest, backtest};
use crate::fit::{Observation, observations};
use crate::note;
use crate::report::{self, fmt};
use crate::results::VERSION;
use crate::results::names;
use crate::scenario::Scenario;
use anyhow::Context as _;
use clap::Args;
use serde_json::json;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

#[derive(Debug, Args)]
pub struct BacktestArgs {
    /// Scenario file (TOML) or the name of a bundled scenario.
    #[arg(value_name = "SCENARIO")]
    pub scenario: String,
    /// The record: a folder such as data/belarus, or one CSV of counts (columns `date`,
    /// `count`, optional `source`, `note`) to score a forecast.
    #[arg(long, value_name = "PATH")]
    pub data: PathBuf,
    /// Number of runs.
    #[arg(short = 'n', long, default_value_t = 2_000, value_parser = clap::value_parser!(u64).range(1..))]
    pub runs: u64,
    /// Master seed, as in `leverage run` (run i is row i of its runs.csv).
    #[arg(long, default_value_t = DEFAULT_SEED)]
    pub seed: u64,
    /// Worker threads [default: all cores]. Results do not depend on it.
    #[arg(short = 'j', long, value_parser = clap::value_parser!(u64).range(1..1025))]
    pub threads: Option<u64>,
    /// Out folder [default: results/backtest-<scenario name>/].
    #[arg(short, long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Print nothing but errors.
    #[arg(short, long)]
    pub quiet: bool,
    /// Do not draw the chart.
    #[arg(long)]
    pub no_plots: bool,
    #[command(flatten)]
    pub guard: super::GuardArgs,
}

/// Reads the record, naming the file, line and column of a problem (exit 2).
pub(crate) fn load_record(path: &Path) -> Result<Record, Failure> {
    if !path.exists() {
        return Err(Failure::usage(anyhow::anyhow!(
            "--data {}: no such folder or file; give a folder such as data/belarus or a CSV \
             of counts (date,count)",
            path.display()
        )));
    }
    Record::load(path).map_err(Failure::usage)
}

/// The observations of `record` for `scenario`; an error (exit 2) if none can be scored.
pub(crate) fn scored_observations(
    scenario: &Scenario,
    record: &Record,
) -> Result<Vec<Observation>, Failure> {
    let obs = observations(scenario, record);
    if !obs.iter().any(Observation::scored) {
        let end = scenario.start.plus(scenario.horizon_months as i32 - 1);
        return Err(Failure::usage(anyhow::anyhow!(
            "--data {}: no observed figure falls in the scenario's months ({} to {end}); \
             nothing to score",
            record.path,
            scenario.start
        )));
    }
    Ok(obs)
}

pub fn backtest_command(args: &BacktestArgs) -> Result<(), Failure> {
    let scenario = load_scenario(Some(&args.scenario))?;
    let record = load_record(&args.data)?;
    let obs = scored_observations(&scenario, &record)?;
    let out_dir = args
        .out
        .clone()
        .unwrap_or_else(|| Path::new("results").join(format!("backtest-{}", scenario.name)));
    args.guard.check_runs(
        &scenario,
        args.runs,
        args.threads,
        &out_dir,
        &super::guard::Results::Backtest(scenario.name.clone()),
    )?;
    // Everything goes to a staging folder whose files move into out_dir once complete.
    let out = super::out_folder(&out_dir)?;
    if !args.quiet {
        note!(
            "leverage {VERSION}: backtest of {} ({}) against {}, {} runs, seed {}",
            scenario.name,
            scenario.source.path,
            record.path,
            args.runs,
            args.seed
        );
    }
    let bar = progress_bar(args.runs, args.quiet);
    let progress = |done: u64| bar.set_position(done);
    let prep = Prepared::new(&scenario);
    let bt = backtest(
        std::slice::from_ref(&prep),
        None,
        &obs,
        args.runs,
        args.seed,
        args.threads.map(|t| t as usize),
        &progress,
    )
    .context("the backtest failed")?;
    bar.finish_and_clear();
    let written = write_backtest(
        out.path(),
        &out_dir,
        &scenario,
        &record.path,
        "Backtest",
        &bt,
        args.no_plots,
    )?;
    super::commit(out, &out_dir)?;
    if !args.quiet {
        super::output::print(&backtest_text(&scenario, &record.path, "backtest", &bt))?;
        note!(
            "wrote {} to {}",
            super::describe_files(&written),
            out_dir.display()
        );
    }
    Ok(())
}

/// Writes `backtest.json`, `backtest.csv` and (unless `no_plots`) the fan chart into
/// `dir`, the staging folder of the out folder `shown`; returns the file names.
pub(crate) fn write_backtest(
    dir: &Path,
    shown: &Path,
    scenario: &Scenario,
    data: &str,
    lead: &str,
    bt: &Backtest,
    no_plots: bool,
) -> Result<Vec<String>, Failure> {
    let write = |name: &str, text: &str| super::write_file(dir, shown, name, text);
    write(
        names::BACKTEST_JSON,
        &backtest_json(scenario, data, lead, bt),
    )?;
    write(names::BACKTEST_CSV, &backtest_csv(scenario, bt))?;
    let mut written = vec![
        names::BACKTEST_JSON.to_string(),
        names::BACKTEST_CSV.to_string(),
    ];
    if !no_plots {
        let charts = crate::plot::draw_backtest(dir)
            .with_context(|| format!("cannot draw the chart of {}", shown.display()))?;
        written.extend(
            charts
                .iter()
                .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned())),
        );
    }
    Ok(written)
}

/// `backtest.json`: provenance, the monthly bands, every point and the coverage. No time
/// or thread count, so the same inputs give the same bytes.
pub(crate) fn backtest_json(scenario: &Scenario, data: &str, lead: &str, bt: &Backtest) -> String {
    let coverage: Vec<serde_json::Value> = bt
        .coverage
        .iter()
        .map(|c| {
            json!({
                "kind": c.kind, "scored": c.scored, "in50": c.in50, "in90": c.in90,
                "share50": c.share50(), "share90": c.share90(),
            })
        })
        .collect();
    let doc = json!({
        "leverage_version": VERSION,
        "scenario": {
            "name": scenario.name,
            "path": scenario.source.path,
            "sha256": scenario.source.sha256,
        },
        "data": data,
        "lead": lead,
        "seed": bt.seed,
        "runs": bt.runs,
        "start": scenario.start.to_string(),
        "horizon_months": scenario.horizon_months,
        "coverage": coverage,
        "points": bt.points,
        "months": bt.months,
    });
    let mut text = serde_json::to_string_pretty(&doc).expect("serialises");
    text.push('\n');
    text
}

/// `backtest.csv`: one row per observed figure, scored or not.
pub(crate) fn backtest_csv(scenario: &Scenario, bt: &Backtest) -> String {
    let mut out = String::from(
        "kind,observed_at,first_month,last_month,observed,p05,p25,p50,p75,p95,percentile,in50,in90,not_scored\n",
    );
    let q = |x: f64| format!("{x}");
    for p in &bt.points {
        let o = &p.observation;
        let label = if o.label.contains(',') {
            format!("\"{}\"", o.label)
        } else {
            o.label.clone()
        };
        let _ = write!(
            out,
            "{},{label},{},{},{},",
            o.kind.name(),
            scenario.start.plus(o.first),
            scenario.start.plus(o.last),
            o.observed
        );
        match (p.simulated, p.percentile, p.in50, p.in90) {
            (Some(s), Some(pc), Some(a), Some(b)) => {
                let _ = writeln!(
                    out,
                    "{},{},{},{},{},{pc:.4},{a},{b},",
                    q(s[0]),
                    q(s[1]),
                    q(s[2]),
                    q(s[3]),
                    q(s[4])
                );
            }
            _ => {
                let why = o.unscored.clone().unwrap_or_default().replace('"', "'");
                let _ = writeln!(out, ",,,,,,,,\"{why}\"");
            }
        }
    }
    out
}

/// The text a backtest prints: every scored point, what was left out, the coverage.
pub(crate) fn backtest_text(scenario: &Scenario, data: &str, what: &str, bt: &Backtest) -> String {
    let mut out = String::new();
    let end = scenario.start.plus(scenario.horizon_months as i32 - 1);
    let _ = writeln!(
        out,
        "{}: {what} against {data}, {} runs, seed {}, {} to {end}\n",
        scenario.name, bt.runs, bt.seed, scenario.start
    );
    let mut rows: Vec<Vec<String>> = vec![
        [
            "kind",
            "observed at",
            "observed",
            "p05",
            "p50",
            "p95",
            "percentile",
            "in 50%",
            "in 90%",
        ]
        .map(String::from)
        .into(),
    ];
    let yes = |b: Option<bool>| if b == Some(true) { "yes" } else { "no" }.to_string();
    for p in bt.points.iter().filter(|p| p.percentile.is_some()) {
        let s = p.simulated.unwrap_or([f64::NAN; 5]);
        rows.push(vec![
            p.observation.kind.name().to_string(),
            p.observation.label.clone(),
            fmt(p.observation.observed),
            fmt(s[0]),
            fmt(s[2]),
            fmt(s[4]),
            format!("{:.0}%", 100.0 * p.percentile.unwrap_or(f64::NAN)),
            yes(p.in50),
            yes(p.in90),
        ]);
    }
    out.push_str(&report::text_table(&rows));
    let unscored: Vec<&Observation> = bt
        .points
        .iter()
        .map(|p| &p.observation)
        .filter(|o| !o.scored())
        .collect();
    if !unscored.is_empty() {
        let mut reasons: Vec<(String, usize)> = Vec::new();
        for o in &unscored {
            let r = o.unscored.clone().unwrap_or_default();
            match reasons.iter_mut().find(|(x, _)| *x == r) {
                Some((_, n)) => *n += 1,
                None => reasons.push((r, 1)),
            }
        }
        let parts: Vec<String> = reasons.iter().map(|(r, n)| format!("{n} {r}")).collect();
        let _ = writeln!(
            out,
            "\nNot scored: {} figures ({}).",
            unscored.len(),
            parts.join("; ")
        );
    }
    let _ = writeln!(out);
    let mut rows: Vec<Vec<String>> = vec![
        ["coverage", "", "scored", "in 50% band", "in 90% band"]
            .map(String::from)
            .into(),
    ];
    for c in &bt.coverage {
        rows.push(vec![
            c.kind.clone(),
            String::new(),
            c.scored.to_string(),
            format!("{} ({:.0}%)", c.in50, 100.0 * c.share50()),
            format!("{} ({:.0}%)", c.in90, 100.0 * c.share90()),
        ]);
    }
    out.push_str(&report::text_table(&rows));
    let _ = writeln!(
        out,
        "\nA well-calibrated model puts about half the observed figures inside its 50% band \
         and nine in ten inside its 90% band."
    );
    out
}
