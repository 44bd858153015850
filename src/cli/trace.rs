//! `leverage trace`: one run told month by month, picked by its index or by a percentile
//! of a metric over a batch, printed as text or JSON.
//!
//! Owns the check that the run told is the batch's run (same metric, bit for bit). Must
//! not word the story: that is [`leverage::report::trace`].

use super::{Failure, TraceArgs, TraceFormat, guard, load_scenario, output};
use anyhow::Context as _;
use leverage::engine::{BatchOptions, Prepared, RunOutcome, run_batch, simulate};
use leverage::report::trace::{self, Narrator, Percentile, Pick};

/// Runs `leverage trace` with `args`: simulates the run (after the batch, with `--pick`)
/// and prints its story.
pub(super) fn trace_command(args: &TraceArgs) -> Result<(), Failure> {
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
