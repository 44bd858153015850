//! `leverage compare A B [more...]`: scenarios on common random numbers, side by side.

use super::{DEFAULT_SEED, Failure, load_scenario, progress_bar};
use crate::engine::compare::run_paired;
use crate::engine::{BatchOptions, Prepared, RunOutcome};
use crate::report;
use anyhow::Context as _;
use clap::Args;
use std::io::Write as _;
use std::path::{Path, PathBuf};

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Two or more scenario files (TOML) or bundled names; the first is the reference.
    #[arg(required = true, num_args = 2.., value_name = "SCENARIO")]
    pub scenarios: Vec<String>,
    /// Runs of each scenario.
    #[arg(short = 'n', long, default_value_t = 10_000, value_parser = clap::value_parser!(u64).range(1..))]
    pub runs: u64,
    /// Master seed: run i of every scenario shares its random streams.
    #[arg(long, default_value_t = DEFAULT_SEED)]
    pub seed: u64,
    /// Worker threads [default: all cores]. Results do not depend on it.
    #[arg(short = 'j', long, value_parser = clap::value_parser!(u64).range(1..1025))]
    pub threads: Option<u64>,
    /// Out folder [default: results/compare-<first>-vs-<second>[...]/].
    #[arg(short, long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Print nothing but errors.
    #[arg(short, long)]
    pub quiet: bool,
    /// Do not write each scenario's runs.csv.
    #[arg(long)]
    pub no_runs_csv: bool,
    /// Do not draw charts.
    #[arg(long)]
    pub no_plots: bool,
}

pub fn compare_command(args: &CompareArgs) -> Result<(), Failure> {
    let scenarios = args
        .scenarios
        .iter()
        .map(|s| load_scenario(Some(s)))
        .collect::<Result<Vec<_>, _>>()?;
    for (i, s) in scenarios.iter().enumerate() {
        if scenarios[..i].iter().any(|o| o.name == s.name) {
            return Err(Failure::usage(anyhow::anyhow!(
                "two scenarios are named {:?}: give each a distinct `name`, it names its \
                 results folder",
                s.name
            )));
        }
    }
    let names: Vec<&str> = scenarios.iter().map(|s| s.name.as_str()).collect();
    let out_dir = args
        .out
        .clone()
        .unwrap_or_else(|| Path::new("results").join(format!("compare-{}", names.join("-vs-"))));
    let dirs: Vec<PathBuf> = names.iter().map(|n| out_dir.join(n)).collect();
    for d in &dirs {
        std::fs::create_dir_all(d)
            .with_context(|| format!("cannot create the out folder {}", d.display()))?;
    }
    let mut writers = Vec::new();
    if !args.no_runs_csv {
        for d in &dirs {
            let tmp = report::temp_in(d)
                .with_context(|| format!("cannot write to the out folder {}", d.display()))?;
            let mut w = std::io::BufWriter::with_capacity(1 << 20, tmp);
            w.write_all(report::runs_csv_header().as_bytes())
                .context("cannot write runs.csv")?;
            writers.push(w);
        }
    }
    if !args.quiet {
        eprintln!(
            "leverage {}: comparing {} on {} runs each, seed {}",
            report::VERSION,
            names.join(", "),
            args.runs,
            args.seed
        );
    }
    let bar = progress_bar(args.runs, args.quiet);
    let preps: Vec<Prepared> = scenarios.iter().map(Prepared::new).collect();
    let opts = BatchOptions {
        runs: args.runs,
        seed: args.seed,
        threads: args.threads.map(|t| t as usize),
    };
    let mut buf = String::new();
    let mut sink = |k: usize, outcomes: &[RunOutcome]| -> std::io::Result<()> {
        if let Some(w) = writers.get_mut(k) {
            buf.clear();
            report::runs_csv_rows(outcomes, &mut buf);
            w.write_all(buf.as_bytes())?;
        }
        Ok(())
    };
    let progress = |done: u64| bar.set_position(done);
    let cmp = run_paired(&preps, &opts, &mut sink, &progress).context("the comparison failed")?;
    bar.finish_and_clear();

    let write = |path: PathBuf, text: &str| -> Result<(), Failure> {
        report::write_atomic(&path, text.as_bytes())
            .with_context(|| format!("cannot write {}", path.display()))?;
        Ok(())
    };
    for ((s, stats), d) in scenarios.iter().zip(&cmp.scenarios).zip(&dirs) {
        write(
            d.join("summary.json"),
            &report::summary_json(s, args.seed, stats),
        )?;
        write(d.join("monthly.csv"), &report::monthly_csv(s, stats))?;
        write(d.join("histograms.json"), &report::histograms_json(stats))?;
        write(d.join("scenario.toml"), &s.source.text)?;
    }
    for (w, d) in writers.into_iter().zip(&dirs) {
        super::persist_runs_csv(w, d)?;
    }
    if args.no_runs_csv {
        for d in &dirs {
            super::remove_stale_runs_csv(d)?;
        }
    }
    let rel_dirs: Vec<String> = names.iter().map(|n| n.to_string()).collect();
    write(
        out_dir.join("comparison.json"),
        &report::compare::comparison_json(&scenarios, &rel_dirs, args.seed, &cmp),
    )?;
    write(
        out_dir.join("comparison.md"),
        &report::compare::comparison_md(&scenarios, args.seed, &cmp),
    )?;
    let mut written = vec!["comparison.json".to_string(), "comparison.md".to_string()];
    if !args.no_plots {
        written.extend(super::draw_charts(&out_dir, true)?);
    }
    if !args.quiet {
        print!("{}", report::compare::table(&scenarios, args.seed, &cmp));
        eprintln!(
            "wrote {} and one folder per scenario to {}",
            super::describe_files(&written),
            out_dir.display()
        );
    }
    Ok(())
}
