//! The command line: clap types and the dispatch to one handler per command. The only
//! module that prints or shows progress.
//!
//! This file holds the clap types (but those of the commands with a file of their own)
//! and the dispatch; it must not hold a handler or a helper. Layout: `run`, `trace`, `scenarios` (`validate`,
//! `list`) and `redraw` (`plot`, `report`) are handlers, as are `compare`, `tournament`,
//! `sweep`, `sensitivity`, `merge`, `backtest` and `calibrate` with their own clap types;
//! `batch` gives the shared flags their meaning, `folder` stages and commits out folders,
//! `write` writes a batch's result files, `progress` draws the bar, `failure` maps errors
//! to exit codes, and `guard`, `interrupt` and `output` check, stop and print.

use clap::{Args, Parser, Subcommand, ValueEnum};
use leverage::report::shard::ShardSpec;
use leverage::report::trace::Percentile;
use std::path::PathBuf;

mod backtest;
mod batch;
mod calibrate;
mod compare;
mod failure;
mod folder;
pub mod guard;
pub mod interrupt;
mod merge;
pub mod output;
mod progress;
mod redraw;
mod run;
mod scenarios;
mod sensitivity;
mod sweep;
mod tournament;
mod trace;
mod write;

pub use backtest::BacktestArgs;
pub use calibrate::CalibrateArgs;
pub use compare::CompareArgs;
pub use failure::Failure;
pub use merge::MergeArgs;
pub use scenarios::{list_text, load_scenario};
pub use sensitivity::SensitivityArgs;
pub use sweep::SweepArgs;
pub use tournament::TournamentArgs;

pub(crate) use folder::{commit, out_folder};
pub(crate) use progress::progress_bar;
pub(crate) use write::{
    describe_files, draw_charts, file_names, persist_runs_csv, write_file, write_results,
};

/// The seed used when `--seed` is not given (printed with every result).
pub const DEFAULT_SEED: u64 = 20_240_701;

/// The parsed command line: one command with its flags.
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
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands of `leverage`, each with its flags.
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

/// The flags of `leverage run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Scenario file (TOML) or the name of a bundled scenario [default: the embedded baseline].
    #[arg(value_name = "SCENARIO")]
    pub scenario: Option<String>,
    /// Runs, seed, threads, out folder and the other flags of every batch command.
    #[command(flatten)]
    pub batch: BatchArgs,
    /// Do not write runs.csv (one row per run).
    #[arg(long)]
    pub no_runs_csv: bool,
    /// Run only the K-th of N equal shares of the runs (1 <= K <= N), for a cluster job:
    /// writes shard.json (and the shard's runs.csv) for `leverage merge` to combine.
    #[arg(long, value_name = "K/N")]
    pub shard: Option<ShardSpec>,
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
    #[allow(rustdoc::invalid_html_tags)] // The doc is the --help text: <...> is literal.
    #[arg(short, long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Print nothing but errors: no progress bar, no table.
    #[arg(short, long)]
    pub quiet: bool,
    /// Do not draw charts or write report.html.
    #[arg(long)]
    pub no_plots: bool,
    /// The flags that lift the checks made before results are written.
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

/// The flags of `leverage trace`.
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
        value_parser = clap::builder::PossibleValuesParser::new(leverage::report::trace::metric_names()),
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

// The variants' docs are for rustdoc only: `help = None` stops clap from listing them in
// `trace --help`, whose `--format` line already says the same.
/// What `leverage trace` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TraceFormat {
    /// Plain English, one block per month.
    #[value(help = None::<&str>)]
    Text,
    /// The same content as JSON, for tools.
    #[value(help = None::<&str>)]
    Json,
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<(), Failure> {
    command(cli)?;
    output::flush()
}

fn command(cli: Cli) -> Result<(), Failure> {
    match cli.command {
        Command::Run(args) => run::run_command(&args),
        Command::Validate { scenarios } => scenarios::validate_command(&scenarios),
        Command::List => output::print(&list_text()),
        Command::Trace(args) => trace::trace_command(&args),
        Command::Compare(args) => compare::compare_command(&args),
        Command::Plot { dir } => redraw::plot_command(&dir),
        Command::Tournament(args) => tournament::tournament_command(&args),
        Command::Sweep(args) => sweep::sweep_command(&args),
        Command::Merge(args) => merge::merge_command(&args),
        Command::Sensitivity(args) => sensitivity::sensitivity_command(&args),
        Command::Report { dir } => redraw::report_command(&dir),
        Command::Backtest(args) => backtest::backtest_command(&args),
        Command::Calibrate(args) => calibrate::calibrate_command(&args),
    }
}
