//! `leverage backtest`: simulate a scenario from its start and score it against the
//! historical record (or a user's CSV of counts): each observed figure's percentile among
//! the runs, whether it falls inside the 50% and 90% bands, coverage by kind, and a fan
//! chart with the observed counts on it.

use super::{DEFAULT_SEED, Failure, load_scenario, progress_bar};
use crate::note;
use leverage::data::Record;
use leverage::engine::Prepared;
use leverage::fit::backtest::{Backtest, backtest};
use leverage::fit::{Observation, observations};
use leverage::report;
// `calibrate` prints its posterior predictive check with the same text.
use anyhow::Context as _;
use clap::Args;
pub(crate) use leverage::report::backtest::backtest_text;
use leverage::results::VERSION;
use leverage::results::names;
use leverage::scenario::Scenario;
use std::path::{Path, PathBuf};

/// The arguments of `leverage backtest`: the scenario, the record to score it against, and
/// the batch's runs, seed, threads and out folder.
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
    #[allow(rustdoc::invalid_html_tags)] // The doc is the --help text: <...> is literal.
    #[arg(short, long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Print nothing but errors.
    #[arg(short, long)]
    pub quiet: bool,
    /// Do not draw the chart.
    #[arg(long)]
    pub no_plots: bool,
    /// The flags that lift the checks made before results are written: `--force` and
    /// `--allow-large`.
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
        &report::backtest::backtest_json(scenario, data, lead, bt),
    )?;
    write(
        names::BACKTEST_CSV,
        &report::backtest::backtest_csv(scenario, bt),
    )?;
    let mut written = vec![
        names::BACKTEST_JSON.to_string(),
        names::BACKTEST_CSV.to_string(),
    ];
    if !no_plots {
        let charts = leverage::plot::draw_backtest(dir)
            .with_context(|| format!("cannot draw the chart of {}", shown.display()))?;
        written.extend(
            charts
                .iter()
                .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned())),
        );
    }
    Ok(written)
}
