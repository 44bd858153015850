//! The Monte Carlo batch: many runs in parallel, merged in run order.
//!
//! Runs are cut into fixed chunks of [`CHUNK_RUNS`] (a constant, never derived from the
//! thread count). Rayon simulates a window of chunks at a time; each chunk accumulates its
//! own statistics sequentially, and the chunks are then merged and handed to the sink in
//! chunk order. Output is therefore byte-identical at any thread count, and memory holds
//! one window of runs plus the accumulators, whatever the number of runs.

use super::run::{
    MonthRecord, OPTIONAL_METRICS, Observer, Prepared, RUN_METRICS, RunOutcome, simulate,
};
use crate::stats::{Accumulator, AccumulatorState, Summary};
use rayon::prelude::*;

/// Runs per chunk. Part of the output's identity (merge order): never derive it from the
/// machine.
pub const CHUNK_RUNS: u64 = 256;

/// The monthly series, in `monthly.csv` order.
pub const MONTHLY_SERIES: [&str; 4] = ["stock", "released", "arrests", "sanctions_cost"];

/// How many runs, with which seed, on how many threads.
#[derive(Debug, Clone, Copy)]
pub struct BatchOptions {
    pub runs: u64,
    pub seed: u64,
    /// Worker threads; `None` uses rayon's default (all cores).
    pub threads: Option<usize>,
}

#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    #[error("cannot start {threads} worker threads: {source}")]
    Threads {
        threads: usize,
        #[source]
        source: rayon::ThreadPoolBuildError,
    },
    #[error(transparent)]
    Sink(#[from] std::io::Error),
}

/// Statistics over runs: per-run metrics and monthly series.
#[derive(Debug, Clone)]
pub struct Collector {
    pub runs: u64,
    /// In [`RUN_METRICS`] order.
    pub metrics: Vec<Accumulator>,
    /// In [`OPTIONAL_METRICS`] order, over the runs that have them.
    pub optional: [Accumulator; 2],
    /// Runs without each optional metric.
    pub missing: [u64; 2],
    /// `monthly[month][series]`, series in [`MONTHLY_SERIES`] order.
    pub monthly: Vec<[Accumulator; 4]>,
}

impl Collector {
    pub fn new(horizon_months: u32) -> Self {
        Collector {
            runs: 0,
            metrics: vec![Accumulator::new(); RUN_METRICS.len()],
            optional: Default::default(),
            missing: [0; 2],
            monthly: (0..horizon_months).map(|_| Default::default()).collect(),
        }
    }

    /// Adds a finished run's totals (its months come through [`Observer::month`]).
    pub fn add_run(&mut self, o: &RunOutcome) {
        self.runs += 1;
        for (acc, v) in self.metrics.iter_mut().zip(o.metrics()) {
            acc.push(v);
        }
        for (i, v) in o.optional_metrics().into_iter().enumerate() {
            match v {
                Some(m) => self.optional[i].push(f64::from(m)),
                None => self.missing[i] += 1,
            }
        }
    }

    /// Every accumulator: metrics, optional metrics, then the monthly series by month.
    fn accumulators(&self) -> impl Iterator<Item = &Accumulator> {
        let monthly = self.monthly.iter().flatten();
        self.metrics.iter().chain(&self.optional).chain(monthly)
    }

    fn accumulators_mut(&mut self) -> impl Iterator<Item = &mut Accumulator> {
        let monthly = self.monthly.iter_mut().flatten();
        self.metrics
            .iter_mut()
            .chain(&mut self.optional)
            .chain(monthly)
    }

    /// Adds `other`'s statistics, as `+=` does, and empties `other` for another chunk,
    /// keeping its memory ([`Accumulator::absorb`]).
    pub fn absorb(&mut self, other: &mut Collector) {
        self.runs += std::mem::take(&mut other.runs);
        for (a, b) in self.missing.iter_mut().zip(&mut other.missing) {
            *a += std::mem::take(b);
        }
        for (a, b) in self.accumulators_mut().zip(other.accumulators_mut()) {
            a.absorb(b);
        }
    }

    /// Settles every accumulator ([`Accumulator::settle`]): for a collector that is done.
    pub fn settle(&mut self) {
        self.accumulators_mut().for_each(Accumulator::settle);
    }

    /// Summaries of every metric, by name, in report order; `None` for an optional metric
    /// no run produced (`months_to_target` when no run reached the target).
    pub fn summaries(&self) -> Vec<(&'static str, Option<Summary>)> {
        let mut out: Vec<(&'static str, Option<Summary>)> = RUN_METRICS
            .iter()
            .zip(&self.metrics)
            .map(|(name, acc)| (*name, Some(acc.summary())))
            .collect();
        for ((name, _), acc) in OPTIONAL_METRICS.iter().zip(&self.optional) {
            out.push((name, (acc.count() > 0).then(|| acc.summary())));
        }
        out
    }

    /// Share of runs without each optional metric, by the share's name.
    pub fn missing_shares(&self) -> [(&'static str, f64); 2] {
        let runs = self.runs.max(1) as f64;
        [0, 1].map(|i| (OPTIONAL_METRICS[i].1, self.missing[i] as f64 / runs))
    }

    /// Share of runs in which the stock never fell below the target.
    pub fn share_never_reached_target(&self) -> f64 {
        self.missing_shares()[0].1
    }
}

/// A collector as saved in a shard's file.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CollectorState {
    pub runs: u64,
    pub metrics: Vec<AccumulatorState>,
    pub optional: Vec<AccumulatorState>,
    pub missing: [u64; 2],
    pub monthly: Vec<Vec<AccumulatorState>>,
}

impl Collector {
    /// The state to save; [`Collector::from_state`] gives it back exactly.
    pub fn state(&self) -> CollectorState {
        CollectorState {
            runs: self.runs,
            metrics: self.metrics.iter().map(Accumulator::state).collect(),
            optional: self.optional.iter().map(Accumulator::state).collect(),
            missing: self.missing,
            monthly: self
                .monthly
                .iter()
                .map(|m| m.iter().map(Accumulator::state).collect())
                .collect(),
        }
    }

    /// A collector back from its state, for a scenario of `horizon_months`; the error says
    /// what does not fit.
    pub fn from_state(s: &CollectorState, horizon_months: u32) -> Result<Collector, String> {
        let all = |v: &[AccumulatorState], what: &str| -> Result<Vec<Accumulator>, String> {
            v.iter()
                .enumerate()
                .map(|(i, a)| Accumulator::from_state(a).map_err(|e| format!("{what} {i}: {e}")))
                .collect()
        };
        if s.metrics.len() != RUN_METRICS.len() || s.optional.len() != 2 {
            return Err(format!(
                "it has {} metrics and {} optional ones; this version has {} and 2",
                s.metrics.len(),
                s.optional.len(),
                RUN_METRICS.len()
            ));
        }
        if s.monthly.len() != horizon_months as usize || s.monthly.iter().any(|m| m.len() != 4) {
            return Err(format!(
                "it has {} months of series; the scenario has {horizon_months}",
                s.monthly.len()
            ));
        }
        let metrics = all(&s.metrics, "metric")?;
        if metrics.iter().any(|m| m.count() != s.runs) {
            return Err("a metric's count differs from the runs".into());
        }
        let optional = all(&s.optional, "optional metric")?;
        let monthly = s
            .monthly
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let v = all(m, &format!("month {i}, series"))?;
                Ok([v[0].clone(), v[1].clone(), v[2].clone(), v[3].clone()])
            })
            .collect::<Result<Vec<_>, String>>()?;
        Ok(Collector {
            runs: s.runs,
            metrics,
            optional: [optional[0].clone(), optional[1].clone()],
            missing: s.missing,
            monthly,
        })
    }
}

impl Observer for Collector {
    #[inline]
    fn month(&mut self, r: &MonthRecord) {
        let acc = &mut self.monthly[r.month as usize];
        acc[0].push_count(r.stock);
        acc[1].push_count(r.released);
        acc[2].push_count(r.arrests);
        acc[3].push(r.sanctions_cost);
    }
}

impl std::ops::AddAssign<&Collector> for Collector {
    fn add_assign(&mut self, other: &Collector) {
        self.runs += other.runs;
        for (a, b) in self.missing.iter_mut().zip(&other.missing) {
            *a += b;
        }
        for (a, b) in self.accumulators_mut().zip(other.accumulators()) {
            *a += b;
        }
    }
}

/// Runs `first..end` of chunk `chunk`, counting chunks from `first`, into `collector`
/// (empty).
fn simulate_chunk(
    prep: &Prepared,
    seed: u64,
    runs: std::ops::Range<u64>,
    chunk: u64,
    mut collector: Collector,
) -> (Vec<RunOutcome>, Collector) {
    let first = runs.start + chunk * CHUNK_RUNS;
    let last = (first + CHUNK_RUNS).min(runs.end);
    let mut outcomes = Vec::with_capacity((last - first) as usize);
    for run in first..last {
        let o = simulate(prep, seed, run, &mut collector);
        collector.add_run(&o);
        outcomes.push(o);
    }
    (outcomes, collector)
}

/// Simulates chunk after chunk of `runs` runs in parallel windows and hands each chunk's
/// result to `consume` in chunk order, on the caller's thread. The order, never the
/// thread count, decides what `consume` sees.
pub fn for_chunks_in_order<T: Send>(
    runs: u64,
    threads: Option<usize>,
    map: &(dyn Fn(u64) -> T + Sync),
    consume: &mut (dyn FnMut(T) -> Result<(), BatchError> + Send),
) -> Result<(), BatchError> {
    map_in_order(runs.div_ceil(CHUNK_RUNS), threads, map, consume)
}

/// Maps `0..items` in parallel windows and hands each result to `consume` in index
/// order, on the caller's thread, holding at most a window of results at a time.
pub fn map_in_order<T: Send>(
    items: u64,
    threads: Option<usize>,
    map: &(dyn Fn(u64) -> T + Sync),
    consume: &mut (dyn FnMut(T) -> Result<(), BatchError> + Send),
) -> Result<(), BatchError> {
    let mut work = move || -> Result<(), BatchError> {
        let window = 4 * rayon::current_num_threads() as u64;
        let mut start = 0;
        while start < items {
            let end = (start + window).min(items);
            let done: Vec<T> = (start..end).into_par_iter().map(map).collect();
            for t in done {
                consume(t)?;
            }
            start = end;
        }
        Ok(())
    };
    match threads {
        None => work(),
        Some(threads) => rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .map_err(|source| BatchError::Threads { threads, source })?
            .install(work),
    }
}

/// Runs a batch. `sink` receives every run's totals in run order (to stream `runs.csv`);
/// `progress` the number of runs done so far.
pub fn run_batch(
    prep: &Prepared,
    opts: &BatchOptions,
    sink: &mut (dyn FnMut(&[RunOutcome]) -> std::io::Result<()> + Send),
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Collector, BatchError> {
    run_batch_range(prep, opts, 0..opts.runs, sink, progress)
}

/// Runs only the runs `runs` of a batch of `opts.runs` (a shard of it): each run is the run
/// of that index in the whole batch, and since accumulators merge exactly, the shards'
/// statistics add up to the whole batch's.
pub fn run_batch_range(
    prep: &Prepared,
    opts: &BatchOptions,
    runs: std::ops::Range<u64>,
    sink: &mut (dyn FnMut(&[RunOutcome]) -> std::io::Result<()> + Send),
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Collector, BatchError> {
    let months = prep.scenario.horizon_months;
    let mut total = Collector::new(months);
    let count = runs.end.saturating_sub(runs.start);
    // The collectors of chunks merged, emptied for the chunks to come: their accumulators
    // keep the windows of counts the first chunks sized, and allocate nothing more.
    let spare = std::sync::Mutex::new(Vec::new());
    for_chunks_in_order(
        count,
        opts.threads,
        &|c| {
            let reused = spare.lock().ok().and_then(|mut s| s.pop());
            let collector = reused.unwrap_or_else(|| Collector::new(months));
            simulate_chunk(prep, opts.seed, runs.clone(), c, collector)
        },
        &mut |(outcomes, mut collector)| {
            sink(&outcomes)?;
            total.absorb(&mut collector);
            progress(total.runs);
            if let Ok(mut s) = spare.lock() {
                s.push(collector);
            }
            Ok(())
        },
    )?;
    total.settle();
    Ok(total)
}
