//! `leverage compare A B [more...]`: scenarios on common random numbers, side by side.

use super::{BatchArgs, Failure, load_scenario, progress_bar};
use crate::note;
use anyhow::Context as _;
use clap::Args;
use leverage::engine::compare::run_paired;
use leverage::engine::{Prepared, RunOutcome};
use leverage::report;
use leverage::results::names;
use leverage::scenario::Scenario;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// The arguments of `leverage compare`: the scenarios compared on common random numbers and
/// the batch flags shared with `run`.
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Two or more scenario files (TOML) or bundled names; the first is the reference.
    #[arg(required = true, num_args = 2.., value_name = "SCENARIO")]
    pub scenarios: Vec<String>,
    /// The flags every batch command shares: runs, seed, threads, out folder, quiet, no
    /// plots, `--force` and `--allow-large`.
    #[command(flatten)]
    pub batch: BatchArgs,
    /// Do not write runs.csv (one row per run) in the scenarios' folders.
    #[arg(long)]
    pub no_runs_csv: bool,
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
    let out_dir =
        args.batch.out.clone().unwrap_or_else(|| {
            Path::new("results").join(format!("compare-{}", names.join("-vs-")))
        });
    // Every scenario is bounded by the costliest (the longest horizon, the most arrests).
    let cost = |s: &Scenario| super::guard::estimate(s, 1, 1, 1, false);
    let costliest = scenarios
        .iter()
        .max_by(|a, b| {
            let (a, b) = (cost(a), cost(b));
            (a.seconds, a.memory_bytes)
                .partial_cmp(&(b.seconds, b.memory_bytes))
                .unwrap_or(std::cmp::Ordering::Equal)
        })
        .expect("compare has scenarios");
    args.batch.check(
        costliest,
        args.batch.runs,
        scenarios.len() as u64,
        !args.no_runs_csv,
        &out_dir,
        &super::guard::Results::Compare(names.iter().map(|n| n.to_string()).collect()),
    )?;
    // Everything goes to a staging folder whose files move into out_dir once complete.
    let out = super::out_folder(&out_dir)?;
    let dirs: Vec<PathBuf> = names
        .iter()
        .map(|n| leverage::report::staging::join_name(out.path(), n))
        .collect::<Result<_, _>>()
        .map_err(Failure::usage)?;
    for d in &dirs {
        std::fs::create_dir_all(d)
            .with_context(|| format!("cannot create the out folder {}", d.display()))?;
    }
    let mut writers = Vec::new();
    if !args.no_runs_csv {
        for d in &dirs {
            let tmp = leverage::results::temp_in(d)
                .with_context(|| format!("cannot write to the out folder {}", d.display()))?;
            let mut w = std::io::BufWriter::with_capacity(1 << 20, tmp);
            w.write_all(report::runs_csv_header().as_bytes())
                .context("cannot write runs.csv")?;
            writers.push(w);
        }
    }
    if !args.batch.quiet {
        note!(
            "leverage {}: comparing {} on {} runs each, seed {}",
            leverage::results::VERSION,
            names.join(", "),
            args.batch.runs,
            args.batch.seed
        );
    }
    let bar = progress_bar(args.batch.runs, args.batch.quiet);
    let preps: Vec<Prepared> = scenarios.iter().map(Prepared::new).collect();
    let opts = args.batch.options();
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
        leverage::results::write_atomic(&path, text.as_bytes())
            .with_context(|| format!("cannot write {}", path.display()))?;
        Ok(())
    };
    for ((s, stats), d) in scenarios.iter().zip(&cmp.scenarios).zip(&dirs) {
        write(
            d.join(names::SUMMARY_JSON),
            &report::summary_json(s, args.batch.seed, stats),
        )?;
        write(d.join(names::MONTHLY_CSV), &report::monthly_csv(s, stats))?;
        write(
            d.join(names::HISTOGRAMS_JSON),
            &report::histograms_json(stats),
        )?;
        write(d.join(names::SCENARIO_TOML), &s.source.text)?;
    }
    for (w, d) in writers.into_iter().zip(&dirs) {
        super::persist_runs_csv(w, d)?;
    }
    let rel_dirs: Vec<String> = names.iter().map(|n| n.to_string()).collect();
    write(
        out.path().join(names::COMPARISON_JSON),
        &report::compare::comparison_json(&scenarios, &rel_dirs, args.batch.seed, &cmp),
    )?;
    write(
        out.path().join(names::COMPARISON_MD),
        &report::compare::comparison_md(&scenarios, args.batch.seed, &cmp),
    )?;
    let mut written = vec![
        names::COMPARISON_JSON.to_string(),
        names::COMPARISON_MD.to_string(),
    ];
    if !args.batch.no_plots {
        written.extend(super::draw_charts(out.path(), true)?);
    }
    super::commit(out, &out_dir)?;
    if !args.batch.quiet {
        super::output::print(&report::compare::table(&scenarios, args.batch.seed, &cmp))?;
        note!(
            "wrote {} and one folder per scenario to {}",
            super::describe_files(&written),
            out_dir.display()
        );
    }
    Ok(())
}
