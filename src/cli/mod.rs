//! The command line: clap types and one handler per command. The only module that prints
//! or shows progress.

use crate::engine::{BatchOptions, Prepared, RunOutcome, run_batch, run_batch_range, simulate};
use crate::note;
use crate::report;
use crate::report::trace::{self, Narrator, Percentile, Pick};
use crate::results::names;
use crate::scenario::{BUNDLED, Scenario, ScenarioError};
use crate::strategy::{CATALOGUE, Side};
use anyhow::Context as _;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write as _};
use std::path::{Path, PathBuf};

mod backtest;
mod calibrate;
mod compare;
pub mod guard;
pub mod interrupt;
mod merge;
pub mod output;
mod sensitivity;
mod sweep;
mod tournament;

pub use backtest::BacktestArgs;
pub use calibrate::CalibrateArgs;
pub use compare::CompareArgs;
pub use merge::MergeArgs;
pub use sensitivity::SensitivityArgs;
pub use sweep::SweepArgs;
pub use tournament::TournamentArgs;

/// The seed used when `--seed` is not given (printed with every result).
pub const DEFAULT_SEED: u64 = 20_240_701;

#[derive(Debug, Parser)]
#[command(
    name = "leverage",
    version,
    about = "Monte Carlo simulator of bargaining over political prisoners and sanctions (Belarus since 2020)",
    long_about = "Monte Carlo simulator of repeated bargaining between an authoritarian regime and \
                  Western governments over political prisoners and sanctions, modelled on Belarus \
                  since 2020. Runs many stochastic histories of a scenario and reports the \
                  distribution of outcomes."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Simulate a batch of runs; write summary.json, runs.csv and monthly.csv.
    Run(RunArgs),
    /// Check scenario files without simulating.
    Validate {
        /// Scenario files (TOML).
        #[arg(required = true, value_name = "SCENARIO")]
        scenarios: Vec<PathBuf>,
    },
    /// List the strategies and the bundled scenarios.
    List,
    /// Tell one run month by month: releases, arrests, offers, deals, sanctions.
    #[command(
        long_about = "Tell one run of a scenario month by month, as a story a student can \
                            follow: each month's stock of prisoners with its arrests, \
                            completions, releases and deaths, then what happened: releases \
                            (how many, which class, how, who refused deportation), channels, \
                            offers and answers, deals, measures imposed or lifted, hardliners, \
                            credibility. Ends with the run's totals.\n\n\
                            The run is the one `leverage run` with the same seed writes as row \
                            K of runs.csv (--run K), or the run at a percentile of a metric \
                            over a batch of that seed (--pick median --by final_stock)."
    )]
    Trace(TraceArgs),
    /// Run scenarios on common random numbers and compare them, run by run.
    #[command(
        long_about = "Run two or more scenarios on common random numbers: run i of every \
                      scenario sees the same arrests, sentences and events, so differences \
                      come from policy, not luck. Prints each metric's mean and 95% CI per \
                      scenario and the paired difference against the first, with the share \
                      of runs in which it did better; writes comparison.json, comparison.md, \
                      one results folder per scenario and overlay charts."
    )]
    Compare(CompareArgs),
    /// Write report.html (charts inline, tables, scenario text, provenance) for a results
    /// folder of `run` or `compare`, without simulating.
    Report {
        /// A folder written by `leverage run` or `leverage compare`.
        #[arg(value_name = "DIR")]
        dir: PathBuf,
    },
    /// Every regime strategy against every Western strategy: payoffs, equilibria, best
    /// responses.
    #[command(
        long_about = "Run every regime strategy against every Western strategy (the US and the \
                      EU together, or profiles us=NAME/eu=NAME) on common random numbers, and \
                      analyse the meta-game of mean payoffs (regime_utility against \
                      utility_us + utility_eu): pure and mixed Nash equilibria by support \
                      enumeration, degenerate games and continua reported, dominated \
                      strategies, best responses, replicator dynamics. Writes \
                      tournament.json, payoffs.csv, meta-game.nfg (Gambit) and tournament.md."
    )]
    Tournament(TournamentArgs),
    /// Run a scenario over a 1-D or 2-D grid of parameter values.
    #[command(
        long_about = "Run a scenario at every value (1-D) or pair of values (2-D) of one or two \
                      numeric parameters, each addressed by its path in the scenario file. \
                      Every cell runs the same runs with the same seed, so a cell gives \
                      exactly what `leverage run` gives for the scenario with that value, and \
                      cells differ only by the parameter. Writes sweep.csv (every metric per \
                      cell), sweep.json, sweep.md, and a line chart with 95% CI bands (1-D) \
                      or a heatmap (2-D) per shown metric."
    )]
    Sweep(SweepArgs),
    /// Rank the parameters by their effect on a metric, one at a time, and optionally by
    /// Sobol indices.
    #[command(
        long_about = "Vary each numeric parameter of a scenario to a low and a high value \
                      (20% either side by default), the others held, and rank the parameters \
                      by the change in a metric's mean, with paired 95% CIs: a tornado chart. \
                      With --sobol, vary the most influential ones together on a Saltelli \
                      design and estimate first-order and total Sobol indices with bootstrap \
                      CIs. Writes sensitivity.json, oat.csv, sobol.csv, sensitivity.md and \
                      charts."
    )]
    Sensitivity(SensitivityArgs),
    /// Combine the shard folders of `run --shard K/N` into the results of the whole batch.
    #[command(
        long_about = "Combine the folders written by `leverage run --shard K/N` (all N of them, \
                      same scenario, seed and number of runs) into one results folder, byte for \
                      byte what a single `leverage run` of the whole batch writes: \
                      summary.json, monthly.csv, histograms.json, runs.csv (when every shard \
                      wrote its rows), charts and report.html."
    )]
    Merge(MergeArgs),
    /// Score a scenario against the historical record: each observed figure's percentile
    /// among the runs, 50% and 90% band coverage, a fan chart with the observed counts.
    Backtest(BacktestArgs),
    /// Fit scenario parameters to the historical record by approximate Bayesian
    /// computation (rejection, or sequential Monte Carlo with --method smc); write the
    /// calibrated scenario and its bands against the record.
    Calibrate(CalibrateArgs),
    /// Redraw the charts of a results folder (of `run`, `compare`, `tournament`, `sweep`,
    /// `sensitivity`, `backtest` or `calibrate`) without simulating.
    Plot {
        /// A folder written by `leverage run`, `compare`, `tournament`, `sweep`,
        /// `sensitivity`, `backtest` or `calibrate`.
        #[arg(value_name = "DIR")]
        dir: PathBuf,
    },
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// Scenario file (TOML) or the name of a bundled scenario [default: the embedded baseline].
    #[arg(value_name = "SCENARIO")]
    pub scenario: Option<String>,
    #[command(flatten)]
    pub batch: BatchArgs,
    /// Do not write runs.csv (one row per run).
    #[arg(long)]
    pub no_runs_csv: bool,
    /// Run only the K-th of N equal shares of the runs (1 <= K <= N), for a cluster job:
    /// writes shard.json (and the shard's runs.csv) for `leverage merge` to combine.
    #[arg(long, value_name = "K/N")]
    pub shard: Option<crate::report::shard::ShardSpec>,
}

/// The options of every command that simulates batches.
#[derive(Debug, Args)]
pub struct BatchArgs {
    /// Number of runs (of each scenario).
    #[arg(short = 'n', long, default_value_t = 10_000, value_parser = clap::value_parser!(u64).range(1..))]
    pub runs: u64,
    /// Master seed: the same seed gives the same results, byte for byte; run i of every
    /// scenario shares its random streams.
    #[arg(long, default_value_t = DEFAULT_SEED)]
    pub seed: u64,
    /// Worker threads [default: all cores]. Results do not depend on it.
    #[arg(short = 'j', long, value_parser = clap::value_parser!(u64).range(1..1025))]
    pub threads: Option<u64>,
    /// Out folder [default: results/<scenario name>/, or results/compare-<A>-vs-<B>/].
    #[arg(short, long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Print nothing but errors: no progress bar, no table.
    #[arg(short, long)]
    pub quiet: bool,
    /// Do not draw charts or write report.html.
    #[arg(long)]
    pub no_plots: bool,
    #[command(flatten)]
    pub guard: GuardArgs,
}

/// The flags that lift the checks made before a command writes results.
#[derive(Debug, Args)]
pub struct GuardArgs {
    /// Replace the results of another scenario (or command) in the out folder.
    #[arg(long)]
    pub force: bool,
    /// Start a batch estimated to run for over an hour or to need over 4 GiB of memory.
    #[arg(long)]
    pub allow_large: bool,
}

impl GuardArgs {
    /// Refuses, before anything is simulated, a batch whose `estimate` on `threads` threads
    /// is over the size limits (unless `--allow-large`), and an out folder holding other
    /// results than `results` (unless `--force`).
    pub(crate) fn check(
        &self,
        estimate: &guard::Estimate,
        threads: usize,
        out_dir: &Path,
        results: &guard::Results,
    ) -> Result<(), Failure> {
        guard::check_batch(estimate, threads, self.allow_large)?;
        guard::check_out_folder(out_dir, results, self.force)
    }

    /// [`GuardArgs::check`] for `runs` runs of `scenario` on `threads` threads (all cores
    /// by default).
    pub(crate) fn check_runs(
        &self,
        scenario: &Scenario,
        runs: u64,
        threads: Option<u64>,
        out_dir: &Path,
        results: &guard::Results,
    ) -> Result<(), Failure> {
        let threads = threads.map_or_else(rayon::current_num_threads, |t| t as usize);
        let estimate = guard::estimate(scenario, runs, 1, threads, false);
        self.check(&estimate, threads, out_dir, results)
    }
}

impl BatchArgs {
    pub(crate) fn options(&self) -> BatchOptions {
        BatchOptions {
            runs: self.runs,
            seed: self.seed,
            threads: self.threads.map(|t| t as usize),
        }
    }

    /// Worker threads the batch will use.
    pub(crate) fn thread_count(&self) -> usize {
        self.threads
            .map_or_else(rayon::current_num_threads, |t| t as usize)
    }

    /// Refuses, before anything is simulated, `runs` runs of each of `simulations` scenario
    /// variants of `scenario` (writing a runs.csv of each if `runs_csv`) over the size limits (unless `--allow-large`), and an out folder
    /// holding other results than `results` (unless `--force`).
    pub(crate) fn check(
        &self,
        scenario: &Scenario,
        runs: u64,
        simulations: u64,
        runs_csv: bool,
        out_dir: &Path,
        results: &guard::Results,
    ) -> Result<(), Failure> {
        let threads = self.thread_count();
        let estimate = guard::estimate(scenario, runs, simulations, threads, runs_csv);
        self.guard.check(&estimate, threads, out_dir, results)
    }
}

/// Starts writing the out folder `dir` of a command (see [`interrupt::OutFolder`]): its
/// files are the tool's only where the folder's manifest lists them (or, in results
/// written before manifests existed, the files [`is_output_file`] matches). Says what
/// stopped commands had left there.
pub(crate) fn out_folder(dir: &Path) -> Result<interrupt::OutFolder, Failure> {
    let legacy = matches!(guard::Results::found_in(dir), Ok(Some(_)));
    let legacy: Option<&crate::report::staging::IsOutput> = legacy.then_some(&is_output_file);
    let (out, notes) = interrupt::OutFolder::new(dir, &is_named_output, legacy)
        .map_err(|e| stage_failure(e, dir))?;
    for note in notes {
        note!("note: {note}");
    }
    Ok(out)
}

/// Puts a finished out folder in place.
pub(crate) fn commit(out: interrupt::OutFolder, dir: &Path) -> Result<(), Failure> {
    out.commit().map_err(|e| {
        let usage = e.is_usage();
        let error = anyhow::Error::new(e).context(format!(
            "cannot put the results in place in {}",
            dir.display()
        ));
        Failure {
            code: if usage { 2 } else { 1 },
            error,
        }
    })
}

/// An out folder that cannot be written: the user's to fix (exit 2) or the machine's (1).
fn stage_failure(e: crate::report::staging::StageError, dir: &Path) -> Failure {
    if e.is_usage() {
        Failure::usage(e)
    } else {
        Failure::from(
            anyhow::Error::new(e)
                .context(format!("cannot write to the out folder {}", dir.display())),
        )
    }
}

/// Whether an entry of an out folder is named as a file the commands write (charts
/// aside): one that the folder's manifest does not list makes the command refuse before
/// it starts (see [`crate::report::staging`]).
pub(crate) fn is_named_output(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| names::OUTPUT_FILES.iter().any(|o| n == *o))
}

/// Whether an entry of a results folder written before manifests existed was the tool's:
/// a file of [`is_named_output`], or a chart (any PNG or SVG).
pub(crate) fn is_output_file(path: &Path) -> bool {
    is_named_output(path)
        || (path.is_file() && path.extension().is_some_and(|e| e == "png" || e == "svg"))
}

#[derive(Debug, Args)]
pub struct TraceArgs {
    /// Scenario file (TOML) or the name of a bundled scenario [default: the embedded baseline].
    #[arg(value_name = "SCENARIO")]
    pub scenario: Option<String>,
    /// Master seed, as in `leverage run`.
    #[arg(long, default_value_t = DEFAULT_SEED)]
    pub seed: u64,
    /// The run to tell: row K of the runs.csv of `leverage run` with the same seed [default: 0].
    #[arg(long, value_name = "K", conflicts_with = "pick")]
    pub run: Option<u64>,
    /// Tell the run at this percentile of --by over a batch of --runs runs with the same
    /// seed: p10, median, p90, or any pNN from p01 to p99 (nearest rank; ties go to the
    /// smaller run index).
    #[arg(long, value_name = "PERCENTILE", requires = "by")]
    pub pick: Option<Percentile>,
    /// The metric --pick ranks runs by (a column of runs.csv; runs without an optional
    /// metric rank last).
    #[arg(
        long,
        value_name = "METRIC",
        requires = "pick",
        value_parser = clap::builder::PossibleValuesParser::new(trace::metric_names()),
    )]
    pub by: Option<String>,
    /// Runs in the batch --pick searches.
    #[arg(short = 'n', long, default_value_t = 1_000, requires = "pick", value_parser = clap::value_parser!(u64).range(1..))]
    pub runs: u64,
    /// Search a batch estimated to run for over an hour or to need over 4 GiB of memory.
    #[arg(long, requires = "pick")]
    pub allow_large: bool,
    /// Text to read, or JSON with the same content for tools.
    #[arg(long, value_enum, default_value_t = TraceFormat::Text)]
    pub format: TraceFormat,
}

/// What `leverage trace` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TraceFormat {
    Text,
    Json,
}

/// A failure with the exit code it maps to: 2 for usage or scenario errors, 1 otherwise.
#[derive(Debug)]
pub struct Failure {
    pub code: i32,
    pub error: anyhow::Error,
}

impl Failure {
    pub(crate) fn usage(error: impl Into<anyhow::Error>) -> Self {
        Failure {
            code: 2,
            error: error.into(),
        }
    }
}

impl From<anyhow::Error> for Failure {
    fn from(error: anyhow::Error) -> Self {
        Failure { code: 1, error }
    }
}

/// A scenario that cannot be read or is invalid is the user's to fix: exit 2.
impl From<ScenarioError> for Failure {
    fn from(e: ScenarioError) -> Self {
        Failure::usage(e)
    }
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<(), Failure> {
    command(cli)?;
    output::flush()
}

fn command(cli: Cli) -> Result<(), Failure> {
    match cli.command {
        Command::Run(args) => run_command(&args),
        Command::Validate { scenarios } => validate_command(&scenarios),
        Command::List => output::print(&list_text()),
        Command::Trace(args) => trace_command(&args),
        Command::Compare(args) => compare::compare_command(&args),
        Command::Plot { dir } => plot_command(&dir),
        Command::Tournament(args) => tournament::tournament_command(&args),
        Command::Sweep(args) => sweep::sweep_command(&args),
        Command::Merge(args) => merge::merge_command(&args),
        Command::Sensitivity(args) => sensitivity::sensitivity_command(&args),
        Command::Report { dir } => report_command(&dir),
        Command::Backtest(args) => backtest::backtest_command(&args),
        Command::Calibrate(args) => calibrate::calibrate_command(&args),
    }
}

/// Loads a scenario from a path, or a bundled one by name, or the baseline. A file named
/// like a bundled scenario is read; a folder is not a scenario, so one named like a
/// bundled scenario (the out folder of `run baseline -o baseline`, say) does not hide it.
pub fn load_scenario(arg: Option<&str>) -> Result<Scenario, Failure> {
    let Some(arg) = arg else {
        return Ok(Scenario::bundled("baseline").expect("the baseline is bundled"));
    };
    let path = Path::new(arg);
    if (!path.exists() || path.is_dir())
        && let Some(s) = Scenario::bundled(arg)
    {
        return Ok(s);
    }
    if !path.exists() {
        let names: Vec<&str> = BUNDLED.iter().map(|(n, _)| *n).collect();
        return Err(Failure::usage(anyhow::anyhow!(
            "no scenario file {arg:?}, and no bundled scenario of that name (bundled: {})",
            names.join(", ")
        )));
    }
    Ok(Scenario::from_file(path)?)
}

fn run_command(args: &RunArgs) -> Result<(), Failure> {
    let scenario = load_scenario(args.scenario.as_deref())?;
    let out_dir = args.batch.out.clone().unwrap_or_else(|| match args.shard {
        Some(s) => Path::new("results").join(format!(
            "{}-shard-{}-of-{}",
            scenario.name, s.index, s.count
        )),
        None => Path::new("results").join(&scenario.name),
    });
    let range = args
        .shard
        .map_or(0..args.batch.runs, |s| s.range(args.batch.runs));
    let owner = match args.shard {
        Some(_) => guard::Results::Shard(scenario.name.clone()),
        None => guard::Results::Run(scenario.name.clone()),
    };
    args.batch.check(
        &scenario,
        range.end - range.start,
        1,
        !args.no_runs_csv,
        &out_dir,
        &owner,
    )?;
    // Everything goes to a staging folder whose files move into out_dir once complete;
    // creating it and runs.csv first makes an unwritable folder fail before simulating.
    let out = out_folder(&out_dir)?;
    let mut runs_csv = if args.no_runs_csv {
        None
    } else {
        let tmp = crate::results::temp_in(out.path())
            .with_context(|| format!("cannot write to the out folder {}", out_dir.display()))?;
        Some(std::io::BufWriter::with_capacity(1 << 20, tmp))
    };
    if let Some(w) = &mut runs_csv {
        w.write_all(report::runs_csv_header().as_bytes())
            .context("cannot write runs.csv")?;
    }

    let bar = progress_bar(range.end - range.start, args.batch.quiet);
    if !args.batch.quiet {
        let share = args.shard.map_or(String::new(), |s| {
            format!(
                " (shard {}/{}: runs {}..{})",
                s.index, s.count, range.start, range.end
            )
        });
        note!(
            "leverage {}: scenario {} ({}), {} runs{share}, seed {}",
            crate::results::VERSION,
            scenario.name,
            scenario.source.path,
            args.batch.runs,
            args.batch.seed
        );
    }

    let prepared = Prepared::new(&scenario);
    let opts = args.batch.options();
    let mut row_buf = String::new();
    let mut sink = |outcomes: &[crate::engine::RunOutcome]| -> std::io::Result<()> {
        if let Some(w) = &mut runs_csv {
            row_buf.clear();
            report::runs_csv_rows(outcomes, &mut row_buf);
            w.write_all(row_buf.as_bytes())?;
        }
        Ok(())
    };
    let progress = |done: u64| bar.set_position(done);
    let stats = run_batch_range(&prepared, &opts, range, &mut sink, &progress)
        .context("the batch failed")?;
    bar.finish_and_clear();

    let mut written = Vec::new();
    if let Some(spec) = args.shard {
        let shard = report::shard::shard_json(
            &scenario,
            args.batch.seed,
            args.batch.runs,
            spec,
            runs_csv.is_some(),
            &stats,
        );
        write_file(
            out.path(),
            &out_dir,
            names::SCENARIO_TOML,
            &scenario.source.text,
        )?;
        write_file(out.path(), &out_dir, names::SHARD_JSON, &shard)?;
        written.extend([
            names::SHARD_JSON.to_string(),
            names::SCENARIO_TOML.to_string(),
        ]);
    } else {
        written = write_results(
            out.path(),
            &out_dir,
            &scenario,
            args.batch.seed,
            &stats,
            args.batch.no_plots,
        )?;
    }
    if let Some(w) = runs_csv {
        persist_runs_csv(w, out.path())?;
        written.push(names::RUNS_CSV.into());
    }
    commit(out, &out_dir)?;
    if !args.batch.quiet {
        if let Some(spec) = args.shard {
            note!(
                "wrote {} to {}; combine all {} shards with `leverage merge`",
                describe_files(&written),
                out_dir.display(),
                spec.count
            );
        } else {
            output::print(&report::table(&scenario, args.batch.seed, &stats))?;
            note!(
                "wrote {} to {}",
                describe_files(&written),
                out_dir.display()
            );
        }
    }
    Ok(())
}

/// Writes `text` to `dir/name` atomically; errors name `shown/name` (the out folder the
/// user gave, when `dir` is its hidden stand-in).
pub(crate) fn write_file(dir: &Path, shown: &Path, name: &str, text: &str) -> Result<(), Failure> {
    crate::results::write_atomic(&dir.join(name), text.as_bytes())
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
    stats: &crate::engine::Collector,
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

/// A progress bar on stderr when stderr is a terminal and not `quiet`; hidden otherwise.
pub(crate) fn progress_bar(runs: u64, quiet: bool) -> indicatif::ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(runs);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} {human_pos}/{human_len} runs [{bar:40}] {elapsed} elapsed, {eta} left",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
        .progress_chars("=> "),
    );
    bar
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
fn draw_chart_files(dir: &Path, comparison: bool) -> Result<Vec<PathBuf>, Failure> {
    let mut paths = if comparison {
        crate::plot::draw_compare(dir)
    } else {
        crate::plot::draw_run(dir)
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

fn write_report(dir: &Path, comparison: bool) -> Result<PathBuf, Failure> {
    let path = if comparison {
        report::html::write_compare_report(dir)
    } else {
        report::html::write_run_report(dir)
    }
    .with_context(|| format!("cannot write the report of {}", dir.display()))?;
    Ok(path)
}

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

/// Locks a results folder that `plot` or `report` writes in place.
fn lock_results(dir: &Path) -> Result<crate::report::staging::Lock, Failure> {
    crate::report::staging::Lock::take(dir).map_err(|e| stage_failure(e, dir))
}

/// Lists files `plot` or `report` wrote in place in the folder's manifest.
fn adopt(dir: &Path, paths: &[PathBuf]) -> Result<(), Failure> {
    crate::report::staging::adopt(dir, paths).map_err(|e| stage_failure(e, dir))
}

fn plot_command(dir: &Path) -> Result<(), Failure> {
    let _lock = if dir.is_dir() {
        Some(lock_results(dir)?)
    } else {
        None
    };
    // Folders of the commands whose charts are drawn from one file.
    type Draw = fn(&Path) -> Result<Vec<PathBuf>, crate::plot::PlotError>;
    let single: [(&str, Draw); 4] = [
        (names::TOURNAMENT_JSON, crate::plot::draw_tournament),
        (names::BACKTEST_JSON, crate::plot::draw_backtest),
        (names::SWEEP_JSON, crate::plot::draw_sweep),
        (names::SENSITIVITY_JSON, crate::plot::draw_sensitivity),
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

fn report_command(dir: &Path) -> Result<(), Failure> {
    let kind = results_kind(dir)?;
    let _lock = lock_results(dir)?;
    let path = write_report(dir, kind)?;
    adopt(dir, std::slice::from_ref(&path))?;
    note!("wrote {}", path.display());
    Ok(())
}

fn trace_command(args: &TraceArgs) -> Result<(), Failure> {
    let scenario = load_scenario(args.scenario.as_deref())?;
    let prepared = Prepared::new(&scenario);
    let pick = match (args.pick, &args.by) {
        (Some(percentile), Some(metric)) => {
            Some(pick_from_batch(&prepared, args, percentile, metric)?)
        }
        _ => None,
    };
    let run = pick.as_ref().map_or(args.run.unwrap_or(0), |(run, _)| *run);
    let mut narrator = Narrator::new();
    let outcome = simulate(&prepared, args.seed, run, &mut narrator);
    let pick = match pick {
        Some((_, p)) => {
            // The same seed and run index give the same run: the story is the batch's run.
            let again = outcome.metric(&p.metric).unwrap_or(f64::NAN);
            if again.to_bits() != p.value.to_bits() {
                return Err(anyhow::anyhow!(
                    "run {run} gave {} = {again} alone but {} in the batch",
                    p.metric,
                    p.value
                )
                .into());
            }
            Some(p)
        }
        None => None,
    };
    let story = narrator.finish(&scenario, args.seed, outcome, pick);
    let text = match args.format {
        TraceFormat::Text => story.text(),
        TraceFormat::Json => {
            let mut text =
                serde_json::to_string_pretty(&story.json()).context("cannot write JSON")?;
            text.push('\n');
            text
        }
    };
    // A long story is often piped into `head` or `less`: a reader who stops early ends it
    // quietly, with the status of a broken pipe.
    output::print(&text)
}

/// Simulates the batch and returns the run at `percentile` of `metric`, keeping only
/// (run index, value) pairs.
fn pick_from_batch(
    prepared: &Prepared,
    args: &TraceArgs,
    percentile: Percentile,
    metric: &str,
) -> Result<(u64, Pick), Failure> {
    // The search keeps a run index and a value, 16 bytes, for every run of the batch.
    let threads = rayon::current_num_threads();
    let mut estimate = guard::estimate(&prepared.scenario, args.runs, 1, threads, false);
    estimate.memory_bytes += 16.0 * args.runs as f64;
    guard::check_batch(&estimate, threads, args.allow_large)?;
    let opts = BatchOptions {
        runs: args.runs,
        seed: args.seed,
        threads: None,
    };
    let mut values: Vec<(u64, f64)> = Vec::with_capacity(args.runs.min(1 << 24) as usize);
    let mut sink = |outcomes: &[RunOutcome]| -> std::io::Result<()> {
        for o in outcomes {
            values.push((o.run, o.metric(metric).unwrap_or(f64::INFINITY)));
        }
        Ok(())
    };
    run_batch(prepared, &opts, &mut sink, &|_| {}).context("the batch failed")?;
    let (run, value, rank) = trace::pick_run(&mut values, percentile)
        .ok_or_else(|| anyhow::anyhow!("the batch has no runs"))?;
    let pick = Pick {
        percentile,
        metric: metric.to_string(),
        value,
        runs: args.runs,
        rank,
    };
    Ok((run, pick))
}

fn validate_command(paths: &[PathBuf]) -> Result<(), Failure> {
    let mut failed = 0;
    for path in paths {
        match Scenario::from_file(path) {
            Ok(s) => output::print(&format!(
                "ok: {} (scenario {}, {} months from {}, {} prisoners, {} measures)\n",
                path.display(),
                s.name,
                s.horizon_months,
                s.start,
                s.prisoners.initial_stock(),
                s.measures.len()
            ))?,
            Err(e) => {
                failed += 1;
                note!("error: {e}");
            }
        }
    }
    if failed > 0 {
        return Err(Failure::usage(anyhow::anyhow!(
            "{failed} of {} scenario files are invalid",
            paths.len()
        )));
    }
    Ok(())
}

/// The text of `leverage list`.
pub fn list_text() -> String {
    let mut out = String::new();
    for side in [Side::Regime, Side::West, Side::Russia] {
        out.push_str(&format!("{} strategies:\n", side.name()));
        for (_, name, what) in CATALOGUE.iter().filter(|(s, _, _)| *s == side) {
            out.push_str(&format!("  {name:<16} {what}\n"));
        }
    }
    out.push_str("bundled scenarios:\n");
    let width = BUNDLED.iter().map(|(n, _)| n.len()).max().unwrap_or(0);
    for (name, text) in BUNDLED {
        let description = Scenario::from_toml(text, name)
            .map(|s| s.description)
            .unwrap_or_default();
        let first = description.lines().next().unwrap_or("").trim();
        out.push_str(&format!("  {name:<width$}  {first}\n"));
    }
    out
}
