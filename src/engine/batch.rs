//! The Monte Carlo batch: many runs in parallel, merged in run order.
//!
//! Runs are cut into fixed chunks of [`CHUNK_RUNS`] (a constant, never derived from the
//! thread count). Worker threads take chunk after chunk; each chunk accumulates its own
//! statistics sequentially, and the caller's thread merges the chunks and hands them to
//! the sink in chunk order while the workers go on ([`map_in_order`]). Output is therefore
//! byte-identical at any thread count, and memory holds a window of chunks (four per
//! thread) plus the accumulators, whatever the number of runs.

use super::run::{
    MonthRecord, OPTIONAL_METRICS, Observer, Prepared, RUN_METRICS, RunOutcome, simulate,
};
use crate::stats::{Accumulator, AccumulatorState, Summary};

/// Runs per chunk. Part of the output's identity (merge order): never derive it from the
/// machine.
pub const CHUNK_RUNS: u64 = 256;

/// The monthly series, in `monthly.csv` order.
pub const MONTHLY_SERIES: [&str; 4] = ["stock", "released", "arrests", "sanctions_cost"];

/// How many runs, with which seed, on how many threads.
#[derive(Debug, Clone, Copy)]
pub struct BatchOptions {
    /// Runs in the batch (the whole batch, when only a shard of it is run).
    pub runs: u64,
    /// The master seed: with a run's index it seeds every stream of that run, so the
    /// same seed gives the same outputs at any thread count.
    pub seed: u64,
    /// Worker threads; `None` uses rayon's default (all cores).
    pub threads: Option<usize>,
}

/// Why a batch stopped before its last run.
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    /// The pool of worker threads asked for could not be built.
    #[error("cannot start {threads} worker threads: {source}")]
    Threads {
        /// Worker threads asked for.
        threads: usize,
        /// Rayon's reason.
        #[source]
        source: rayon::ThreadPoolBuildError,
    },
    /// The sink that takes the runs (writing `runs.csv`, say) failed.
    #[error(transparent)]
    Sink(#[from] std::io::Error),
}

/// Why a saved [`CollectorState`] does not fit a scenario ([`Collector::from_state`]), or
/// two collectors cannot be added ([`Collector::checked_add`]): a shard crafted, corrupt or
/// of another version.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CollectorError {
    /// Not one accumulator per metric of this version.
    #[error(
        "it has {metrics} metrics and {optional} optional ones; this version has {} and 2",
        RUN_METRICS.len()
    )]
    Metrics {
        /// The metrics saved.
        metrics: usize,
        /// The optional metrics saved.
        optional: usize,
    },
    /// Not four series per month of the scenario.
    #[error("it has {months} months of series; the scenario has {horizon_months}")]
    Months {
        /// The months saved.
        months: usize,
        /// The scenario's months.
        horizon_months: u32,
    },
    /// An accumulator's state is not one.
    #[error("{what} {index}: {error}")]
    Accumulator {
        /// Which list it is in (`metric`, `month 3, series`...).
        what: String,
        /// Its place in the list, from 0.
        index: usize,
        /// What is wrong with it.
        #[source]
        error: crate::stats::StateError,
    },
    /// A metric counts another number of runs than the collector.
    #[error("a metric's count differs from the runs")]
    Count,
    /// A count of runs overflows when added.
    #[error("its {0} and the other shards' add up past 2^64 - 1")]
    TooMany(&'static str),
    /// A count or sum of a statistic overflows when added.
    #[error("a count or sum of its statistics overflows when added to the other shards'")]
    Overflow,
}

/// Statistics over runs: per-run metrics and monthly series.
#[derive(Debug, Clone)]
pub struct Collector {
    /// Runs added so far.
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
    /// An empty collector for runs of `horizon_months` months.
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
    /// Runs collected, as [`Collector::runs`].
    pub runs: u64,
    /// One per metric, in [`RUN_METRICS`] order.
    pub metrics: Vec<AccumulatorState>,
    /// One per optional metric, in [`OPTIONAL_METRICS`] order (two).
    pub optional: Vec<AccumulatorState>,
    /// Runs without each optional metric, as [`Collector::missing`].
    pub missing: [u64; 2],
    /// `monthly[month][series]`, four series per month in [`MONTHLY_SERIES`] order.
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
    pub fn from_state(
        s: &CollectorState,
        horizon_months: u32,
    ) -> Result<Collector, CollectorError> {
        let all =
            |v: &[AccumulatorState], what: &str| -> Result<Vec<Accumulator>, CollectorError> {
                v.iter()
                    .enumerate()
                    .map(|(i, a)| {
                        Accumulator::from_state(a).map_err(|error| CollectorError::Accumulator {
                            what: what.to_string(),
                            index: i,
                            error,
                        })
                    })
                    .collect()
            };
        if s.metrics.len() != RUN_METRICS.len() || s.optional.len() != 2 {
            return Err(CollectorError::Metrics {
                metrics: s.metrics.len(),
                optional: s.optional.len(),
            });
        }
        if s.monthly.len() != horizon_months as usize || s.monthly.iter().any(|m| m.len() != 4) {
            return Err(CollectorError::Months {
                months: s.monthly.len(),
                horizon_months,
            });
        }
        let metrics = all(&s.metrics, "metric")?;
        if metrics.iter().any(|m| m.count() != s.runs) {
            return Err(CollectorError::Count);
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
            .collect::<Result<Vec<_>, CollectorError>>()?;
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

    fn wants_choices(&self) -> bool {
        false
    }
}

impl Collector {
    /// `+= other`, or an error, leaving `self` unchanged, when a count or a sum would
    /// overflow: for collectors read from files (shards), which may have been crafted.
    pub fn checked_add(&mut self, other: &Collector) -> Result<(), CollectorError> {
        let too_many = CollectorError::TooMany;
        self.runs
            .checked_add(other.runs)
            .ok_or_else(|| too_many("runs"))?;
        for (a, b) in self.missing.iter().zip(&other.missing) {
            a.checked_add(*b)
                .ok_or_else(|| too_many("runs without a value"))?;
        }
        if !self
            .accumulators()
            .zip(other.accumulators())
            .all(|(a, b)| a.can_add(b))
        {
            return Err(CollectorError::Overflow);
        }
        *self += other;
        Ok(())
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

/// Runs chunk `chunk` of `runs` (chunks counted from `runs.start`) into `collector`
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

/// Maps `0..items` on `threads` workers, tasks of a rayon pool (`None`: the global pool,
/// one per core), and hands each result to `consume` in index order, on the caller's
/// thread, which must not be one of the pool's.
///
/// Workers take the next index as soon as they finish one, while the caller consumes
/// what is ready: no barrier between windows, and the merging overlaps the simulating.
/// A worker waits rather than run more than a window of indices ahead of `consume`, so
/// that memory holds at most a window of results. An error from `consume` stops the
/// workers after their current item; a panic in `map` reaches the caller.
pub fn map_in_order<T: Send>(
    items: u64,
    threads: Option<usize>,
    map: &(dyn Fn(u64) -> T + Sync),
    consume: &mut (dyn FnMut(T) -> Result<(), BatchError> + Send),
) -> Result<(), BatchError> {
    let requested = threads;
    let threads = threads
        .unwrap_or_else(rayon::current_num_threads)
        .clamp(1, usize::try_from(items).unwrap_or(usize::MAX).max(1));
    if threads == 1 {
        for i in 0..items {
            consume(map(i))?;
        }
        return Ok(());
    }
    let window = 4 * threads as u64;
    let queue = Queue {
        state: std::sync::Mutex::new(QueueState {
            claimed: 0,
            consumed: 0,
            stop: false,
            ready: std::collections::BTreeMap::new(),
        }),
        room: std::sync::Condvar::new(),
        arrived: std::sync::Condvar::new(),
    };
    // The workers are tasks of a rayon pool; the caller's thread, outside the pool,
    // consumes. The scope ends when every worker has returned, and re-raises a panic.
    let queue = &queue;
    match requested {
        None => {
            rayon::in_place_scope(|scope| queue.drive(scope, threads, items, window, map, consume))
        }
        Some(_) => rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .map_err(|source| BatchError::Threads { threads, source })?
            .in_place_scope(|scope| queue.drive(scope, threads, items, window, map, consume)),
    }
}

/// The indices handed out and the results waiting for their turn.
struct Queue<T> {
    state: std::sync::Mutex<QueueState<T>>,
    /// Signalled when the caller consumes (a window has room) or work stops.
    room: std::sync::Condvar,
    /// Signalled when a result arrives or work stops.
    arrived: std::sync::Condvar,
}

struct QueueState<T> {
    /// Indices handed to workers so far.
    claimed: u64,
    /// Results consumed so far (all indices below).
    consumed: u64,
    /// Set on an error, a panic or the end: workers take nothing more.
    stop: bool,
    ready: std::collections::BTreeMap<u64, T>,
}

impl<T> Queue<T> {
    fn lock(&self) -> std::sync::MutexGuard<'_, QueueState<T>> {
        // A worker that panicked holding the lock left consistent state: every change is
        // a single assignment or insertion.
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn stop(&self) {
        self.lock().stop = true;
        self.room.notify_all();
        self.arrived.notify_all();
    }

    /// Starts `threads` workers in `scope` and consumes on the caller's thread.
    fn drive<'s>(
        &'s self,
        scope: &rayon::Scope<'s>,
        threads: usize,
        items: u64,
        window: u64,
        map: &'s (dyn Fn(u64) -> T + Sync),
        consume: &mut (dyn FnMut(T) -> Result<(), BatchError> + Send),
    ) -> Result<(), BatchError>
    where
        T: Send,
    {
        for _ in 0..threads {
            scope.spawn(move |_| self.work(items, window, map));
        }
        let result = self.consume_in_order(items, consume);
        self.stop();
        result
    }

    /// A worker: claims indices in turn and maps them, until there are none left.
    fn work(&self, items: u64, window: u64, map: &(dyn Fn(u64) -> T + Sync)) {
        // Unwinding from `map` stops everything, so that the caller does not wait for a
        // result that will never come; the scope then re-raises the panic.
        struct StopOnPanic<'q, T>(&'q Queue<T>);
        impl<T> Drop for StopOnPanic<'_, T> {
            fn drop(&mut self) {
                if std::thread::panicking() {
                    self.0.stop();
                }
            }
        }
        let _guard = StopOnPanic(self);
        loop {
            let i = {
                let mut s = self.lock();
                while !s.stop && s.claimed < items && s.claimed >= s.consumed + window {
                    s = self
                        .room
                        .wait(s)
                        .unwrap_or_else(std::sync::PoisonError::into_inner);
                }
                if s.stop || s.claimed >= items {
                    return;
                }
                s.claimed += 1;
                s.claimed - 1
            };
            let result = map(i);
            self.lock().ready.insert(i, result);
            self.arrived.notify_one();
        }
    }

    /// The caller: hands results to `consume` in index order as they arrive.
    fn consume_in_order(
        &self,
        items: u64,
        consume: &mut (dyn FnMut(T) -> Result<(), BatchError> + Send),
    ) -> Result<(), BatchError> {
        for i in 0..items {
            let next = {
                let mut s = self.lock();
                loop {
                    if let Some(t) = s.ready.remove(&i) {
                        s.consumed = i + 1;
                        break Some(t);
                    }
                    if s.stop {
                        break None;
                    }
                    s = self
                        .arrived
                        .wait(s)
                        .unwrap_or_else(std::sync::PoisonError::into_inner);
                }
            };
            // None: a worker panicked; the scope re-raises it.
            let Some(t) = next else { return Ok(()) };
            self.room.notify_all();
            consume(t)?;
        }
        Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU64, Ordering};

    /// Busy work that varies with the index, so that workers finish out of order.
    fn uneven(i: u64) -> u64 {
        let spins = (i * 7919) % 13 * 2_000;
        (0..spins).fold(i, |a, k| std::hint::black_box(a ^ k)) ^ std::hint::black_box(0)
    }

    #[test]
    fn results_arrive_in_index_order_whatever_the_threads() {
        let want: Vec<u64> = (0..300).map(|i| uneven(i) * 3).collect();
        for threads in [None, Some(1), Some(2), Some(3), Some(8)] {
            let mut got = Vec::new();
            map_in_order(300, threads, &|i| uneven(i) * 3, &mut |v| {
                got.push(v);
                Ok(())
            })
            .unwrap();
            assert_eq!(got, want, "{threads:?} threads");
        }
        let mut none = 0;
        map_in_order(0, Some(2), &|i| i, &mut |_| {
            none += 1;
            Ok(())
        })
        .unwrap();
        assert_eq!(none, 0);
    }

    /// A slow consumer holds the workers back to a window of items ahead of it.
    #[test]
    fn workers_stay_within_a_window_of_the_consumer() {
        let threads = 2;
        let window = 4 * threads as u64;
        let consumed = AtomicU64::new(0);
        let furthest_ahead = AtomicU64::new(0);
        map_in_order(
            120,
            Some(threads),
            &|i| {
                // `consumed` is counted inside `consume`, just after the queue counts it.
                let ahead = i + 1 - consumed.load(Ordering::SeqCst).min(i + 1);
                furthest_ahead.fetch_max(ahead, Ordering::SeqCst);
                i
            },
            &mut |_| {
                consumed.fetch_add(1, Ordering::SeqCst);
                std::thread::sleep(std::time::Duration::from_micros(300));
                Ok(())
            },
        )
        .unwrap();
        let furthest = furthest_ahead.load(Ordering::SeqCst);
        assert!(furthest <= window + 1, "{furthest} ahead, window {window}");
        assert!(furthest >= 2, "the workers never ran ahead: {furthest}");
    }

    #[test]
    fn an_error_from_consume_stops_the_workers() {
        let mapped = AtomicU64::new(0);
        let mut seen = 0;
        let result = map_in_order(
            10_000,
            Some(2),
            &|i| {
                mapped.fetch_add(1, Ordering::SeqCst);
                i
            },
            &mut |i| {
                seen += 1;
                if i == 5 {
                    Err(std::io::Error::other("disk full").into())
                } else {
                    Ok(())
                }
            },
        );
        assert!(matches!(result, Err(BatchError::Sink(e)) if e.to_string() == "disk full"));
        assert_eq!(seen, 6);
        // Items 0..=5, plus at most a window and one each in flight.
        assert!(mapped.load(Ordering::SeqCst) <= 6 + 8 + 2);
    }

    #[test]
    fn a_panic_in_map_reaches_the_caller() {
        let result = std::panic::catch_unwind(|| {
            map_in_order(
                100,
                Some(2),
                &|i| {
                    assert!(i != 7, "item 7 fails");
                    i
                },
                &mut |_| Ok(()),
            )
        });
        assert!(result.is_err());
    }
}
