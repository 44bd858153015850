//! The command line: clap types and one handler per command. The only module that prints
//! or shows progress.

use crate::engine::{BatchOptions, Prepared, run_batch};
use crate::report;
use crate::scenario::{BUNDLED, Scenario, ScenarioError};
use crate::strategy::{CATALOGUE, Side};
use anyhow::Context as _;
use clap::{Args, Parser, Subcommand};
use std::io::{IsTerminal, Write as _};
use std::path::{Path, PathBuf};

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
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// Scenario file (TOML) or the name of a bundled scenario [default: the embedded baseline].
    #[arg(value_name = "SCENARIO")]
    pub scenario: Option<String>,
    /// Number of runs.
    #[arg(short = 'n', long, default_value_t = 10_000, value_parser = clap::value_parser!(u64).range(1..))]
    pub runs: u64,
    /// Master seed: the same seed gives the same results, byte for byte.
    #[arg(long, default_value_t = DEFAULT_SEED)]
    pub seed: u64,
    /// Worker threads [default: all cores]. Results do not depend on it.
    #[arg(short = 'j', long, value_parser = clap::value_parser!(u64).range(1..1025))]
    pub threads: Option<u64>,
    /// Out folder [default: results/<scenario name>/].
    #[arg(short, long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Print nothing but errors: no progress bar, no table.
    #[arg(short, long)]
    pub quiet: bool,
    /// Do not write runs.csv (one row per run).
    #[arg(long)]
    pub no_runs_csv: bool,
}

/// A failure with the exit code it maps to: 2 for usage or scenario errors, 1 otherwise.
#[derive(Debug)]
pub struct Failure {
    pub code: i32,
    pub error: anyhow::Error,
}

impl Failure {
    fn usage(error: impl Into<anyhow::Error>) -> Self {
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
    match cli.command {
        Command::Run(args) => run_command(&args),
        Command::Validate { scenarios } => validate_command(&scenarios),
        Command::List => {
            print!("{}", list_text());
            Ok(())
        }
    }
}

/// Loads a scenario from a path, or a bundled one by name, or the baseline.
pub fn load_scenario(arg: Option<&str>) -> Result<Scenario, Failure> {
    let Some(arg) = arg else {
        return Ok(Scenario::bundled("baseline").expect("the baseline is bundled"));
    };
    let path = Path::new(arg);
    if !path.exists()
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
    let out_dir = args
        .out
        .clone()
        .unwrap_or_else(|| Path::new("results").join(&scenario.name));
    std::fs::create_dir_all(&out_dir)
        .with_context(|| format!("cannot create the out folder {}", out_dir.display()))?;
    // Open runs.csv first, so that an unwritable folder fails before simulating.
    let mut runs_csv = if args.no_runs_csv {
        None
    } else {
        let tmp = report::temp_in(&out_dir)
            .with_context(|| format!("cannot write to the out folder {}", out_dir.display()))?;
        Some(std::io::BufWriter::with_capacity(1 << 20, tmp))
    };
    if let Some(w) = &mut runs_csv {
        w.write_all(report::runs_csv_header().as_bytes())
            .context("cannot write runs.csv")?;
    }

    let show_progress = !args.quiet && std::io::stderr().is_terminal();
    let bar = if show_progress {
        let bar = indicatif::ProgressBar::new(args.runs);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} {human_pos}/{human_len} runs [{bar:40}] {elapsed} elapsed, {eta} left",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
            .progress_chars("=> "),
        );
        bar
    } else {
        indicatif::ProgressBar::hidden()
    };
    if !args.quiet {
        eprintln!(
            "leverage {}: scenario {} ({}), {} runs, seed {}",
            report::VERSION,
            scenario.name,
            scenario.source.path,
            args.runs,
            args.seed
        );
    }

    let prepared = Prepared::new(&scenario);
    let opts = BatchOptions {
        runs: args.runs,
        seed: args.seed,
        threads: args.threads.map(|t| t as usize),
    };
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
    let stats = run_batch(&prepared, &opts, &mut sink, &progress).context("the batch failed")?;
    bar.finish_and_clear();

    let summary = report::summary_json(&scenario, args.seed, &stats);
    let monthly = report::monthly_csv(&scenario, &stats);
    let write = |name: &str, text: &str| -> Result<(), Failure> {
        let path = out_dir.join(name);
        report::write_atomic(&path, text.as_bytes())
            .with_context(|| format!("cannot write {}", path.display()))?;
        Ok(())
    };
    write("summary.json", &summary)?;
    write("monthly.csv", &monthly)?;
    let mut written = vec!["summary.json", "monthly.csv"];
    if let Some(w) = runs_csv {
        let path = out_dir.join("runs.csv");
        let tmp = w
            .into_inner()
            .map_err(|e| anyhow::anyhow!("cannot write runs.csv: {}", e.error()))?;
        tmp.as_file().sync_all().context("cannot write runs.csv")?;
        tmp.persist(&path)
            .map_err(|e| anyhow::anyhow!("cannot write {}: {}", path.display(), e.error))?;
        written.push("runs.csv");
    } else {
        // A runs.csv from an earlier batch would not match the new summary.
        let stale = out_dir.join("runs.csv");
        if stale.is_file() {
            std::fs::remove_file(&stale)
                .with_context(|| format!("cannot remove the old {}", stale.display()))?;
        }
    }
    if !args.quiet {
        print!("{}", report::table(&scenario, args.seed, &stats));
        eprintln!("wrote {} to {}", written.join(", "), out_dir.display());
    }
    Ok(())
}

fn validate_command(paths: &[PathBuf]) -> Result<(), Failure> {
    let mut failed = 0;
    for path in paths {
        match Scenario::from_file(path) {
            Ok(s) => println!(
                "ok: {} (scenario {}, {} months from {}, {} prisoners, {} measures)",
                path.display(),
                s.name,
                s.horizon_months,
                s.start,
                s.prisoners.initial_stock(),
                s.measures.len()
            ),
            Err(e) => {
                failed += 1;
                eprintln!("error: {e}");
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
    for (name, text) in BUNDLED {
        let description = Scenario::from_toml(text, name)
            .map(|s| s.description)
            .unwrap_or_default();
        let first = description.lines().next().unwrap_or("").trim();
        out.push_str(&format!("  {name:<16} {first}\n"));
    }
    out
}
