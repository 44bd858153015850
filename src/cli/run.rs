//! `leverage run`: one batch of a scenario (or one shard of it), written to its out
//! folder as summary.json, monthly.csv, histograms.json, runs.csv, scenario.toml,
//! charts and report.html (or shard.json), then the summary table.
//!
//! Owns the order of a run: check, stage, simulate while streaming runs.csv, write,
//! commit, tell. Must not format results (that is [`leverage::report`]).

use super::write::{describe_files, persist_runs_csv, write_file, write_results};
use super::{Failure, RunArgs, commit, guard, load_scenario, out_folder, output, progress_bar};
use crate::note;
use anyhow::Context as _;
use leverage::engine::{Prepared, run_batch_range};
use leverage::report;
use leverage::results::names;
use std::io::Write as _;
use std::path::Path;

/// Runs `leverage run` (or one shard of it) with `args`.
pub(super) fn run_command(args: &RunArgs) -> Result<(), Failure> {
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
        let tmp = leverage::results::temp_in(out.path())
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
            leverage::results::VERSION,
            scenario.name,
            scenario.source.path,
            args.batch.runs,
            args.batch.seed
        );
    }

    let prepared = Prepared::new(&scenario);
    let opts = args.batch.options();
    let mut row_buf = String::new();
    let mut sink = |outcomes: &[leverage::engine::RunOutcome]| -> std::io::Result<()> {
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
