//! Paired batches: several scenarios run on common random numbers.
//!
//! Run `i` of every scenario draws its arrests, sentences, events and decisions from the
//! same streams (seeded from the master seed, `i` and the purpose, never the scenario), so
//! the difference between two scenarios in run `i` comes from policy, not luck. The chunks
//! of all scenarios are simulated together and merged in chunk order, as in a single batch.

use super::batch::{BatchError, BatchOptions, CHUNK_RUNS, Collector, for_chunks_in_order};
use super::run::{Prepared, RUN_METRICS, RunOutcome, simulate};
use crate::stats::Accumulator;

/// How scenario `k` differs from the first, run by run.
#[derive(Debug, Clone)]
pub struct Paired {
    /// Per metric in [`RUN_METRICS`] order: the run-by-run difference `k - first`.
    pub difference: Vec<Accumulator>,
    /// Per metric: runs in which `k` was higher than the first.
    pub higher: Vec<u64>,
    /// Per metric: runs in which `k` was lower than the first (ties count in neither).
    pub lower: Vec<u64>,
}

impl Paired {
    fn new() -> Self {
        Paired {
            difference: vec![Accumulator::new(); RUN_METRICS.len()],
            higher: vec![0; RUN_METRICS.len()],
            lower: vec![0; RUN_METRICS.len()],
        }
    }

    fn add(&mut self, base: &RunOutcome, other: &RunOutcome) {
        for (i, (a, b)) in base.metrics().iter().zip(other.metrics()).enumerate() {
            self.difference[i].push(b - a);
            self.higher[i] += u64::from(b > *a);
            self.lower[i] += u64::from(b < *a);
        }
    }

    fn merge(&mut self, other: &Paired) {
        for i in 0..RUN_METRICS.len() {
            self.difference[i] += &other.difference[i];
            self.higher[i] += other.higher[i];
            self.lower[i] += other.lower[i];
        }
    }
}

/// The statistics of a paired comparison.
#[derive(Debug, Clone)]
pub struct Comparison {
    /// One per scenario, in the order given.
    pub scenarios: Vec<Collector>,
    /// One per scenario after the first: its difference from the first.
    pub paired: Vec<Paired>,
}

/// Runs every scenario on the same runs; `sink(k, outcomes)` receives scenario `k`'s runs
/// in run order, a chunk at a time; `progress` the number of runs done of each scenario.
pub fn run_paired(
    preps: &[Prepared],
    opts: &BatchOptions,
    sink: &mut (dyn FnMut(usize, &[RunOutcome]) -> std::io::Result<()> + Send),
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Comparison, BatchError> {
    // The collectors of chunks merged, emptied for the chunks to come (as `run_batch`).
    let spare: std::sync::Mutex<Vec<Vec<Collector>>> = std::sync::Mutex::new(Vec::new());
    let chunk = |c: u64| {
        let first = c * CHUNK_RUNS;
        let last = (first + CHUNK_RUNS).min(opts.runs);
        let reused = spare.lock().ok().and_then(|mut s| s.pop());
        let mut collectors: Vec<Collector> = reused.unwrap_or_else(|| {
            preps
                .iter()
                .map(|p| Collector::new(p.scenario.horizon_months))
                .collect()
        });
        let mut outcomes: Vec<Vec<RunOutcome>> = vec![Vec::new(); preps.len()];
        let mut paired = vec![Paired::new(); preps.len().saturating_sub(1)];
        for run in first..last {
            for (k, prep) in preps.iter().enumerate() {
                let o = simulate(prep, opts.seed, run, &mut collectors[k]);
                collectors[k].add_run(&o);
                outcomes[k].push(o);
            }
            let base = *outcomes[0].last().expect("a run of the first scenario");
            for (k, p) in paired.iter_mut().enumerate() {
                p.add(&base, outcomes[k + 1].last().expect("a run"));
            }
        }
        (outcomes, collectors, paired)
    };
    let mut total = Comparison {
        scenarios: preps
            .iter()
            .map(|p| Collector::new(p.scenario.horizon_months))
            .collect(),
        paired: vec![Paired::new(); preps.len().saturating_sub(1)],
    };
    for_chunks_in_order(opts.runs, opts.threads, &chunk, &mut |(
        outcomes,
        mut collectors,
        paired,
    )| {
        for (k, o) in outcomes.iter().enumerate() {
            sink(k, o)?;
        }
        for (t, c) in total.scenarios.iter_mut().zip(&mut collectors) {
            t.absorb(c);
        }
        if let Ok(mut s) = spare.lock() {
            s.push(collectors);
        }
        for (t, p) in total.paired.iter_mut().zip(&paired) {
            t.merge(p);
        }
        progress(total.scenarios[0].runs);
        Ok(())
    })?;
    total.scenarios.iter_mut().for_each(Collector::settle);
    Ok(total)
}
