//! Checks made before a command simulates anything: that its out folder does not hold
//! another scenario's results (unless `--force`), and that the batch will not exhaust
//! memory or run for hours (unless `--allow-large`).

use super::Failure;
use leverage::results::names;
use leverage::scenario::Scenario;
use std::path::Path;

/// Whose results a folder holds, as told by the JSON file each command writes first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Results {
    /// `leverage run` of the scenario of this name (summary.json).
    Run(String),
    /// `leverage compare` of these scenarios, in order (comparison.json).
    Compare(Vec<String>),
    /// `leverage tournament` on this scenario (tournament.json).
    Tournament(String),
    /// `leverage sweep` of this scenario (sweep.json).
    Sweep(String),
    /// A shard of `leverage run --shard` of this scenario (shard.json).
    Shard(String),
    /// `leverage sensitivity` of this scenario (sensitivity.json).
    Sensitivity(String),
    /// `leverage calibrate` of this scenario (calibration.json).
    Calibration(String),
    /// `leverage backtest` of this scenario (backtest.json without calibration.json).
    Backtest(String),
}

impl Results {
    fn describe(&self) -> String {
        match self {
            Results::Run(name) => format!("`leverage run` of scenario {name:?}"),
            Results::Compare(names) => format!(
                "`leverage compare` of {}",
                names
                    .iter()
                    .map(|n| format!("{n:?}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Results::Tournament(name) => format!("`leverage tournament` on scenario {name:?}"),
            Results::Sweep(name) => format!("`leverage sweep` of scenario {name:?}"),
            Results::Shard(name) => format!("a shard of `leverage run` of scenario {name:?}"),
            Results::Sensitivity(name) => {
                format!("`leverage sensitivity` of scenario {name:?}")
            }
            Results::Calibration(name) => format!("`leverage calibrate` of scenario {name:?}"),
            Results::Backtest(name) => format!("`leverage backtest` of scenario {name:?}"),
        }
    }

    /// The results in `dir`, if it holds any; `Err` names a results file it cannot read.
    pub fn found_in(dir: &Path) -> Result<Option<Results>, String> {
        let read = |file: &str| -> Result<Option<serde_json::Value>, String> {
            let path = dir.join(file);
            if !path.is_file() {
                return Ok(None);
            }
            let text = leverage::files::read_to_string(&path, &leverage::files::RESULTS)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            serde_json::from_str(&text)
                .map(Some)
                .map_err(|e| format!("{} is not a results file of leverage: {e}", path.display()))
        };
        let name_of = |v: &serde_json::Value| v["scenario"]["name"].as_str().map(str::to_string);
        if let Some(v) = read(names::COMPARISON_JSON)? {
            let names: Option<Vec<String>> = v["scenarios"].as_array().and_then(|list| {
                list.iter()
                    .map(|s| s["name"].as_str().map(str::to_string))
                    .collect()
            });
            return names.map(|n| Some(Results::Compare(n))).ok_or_else(|| {
                format!(
                    "{} names no scenarios",
                    dir.join(names::COMPARISON_JSON).display()
                )
            });
        }
        if let Some(v) = read(names::TOURNAMENT_JSON)? {
            return name_of(&v)
                .map(|n| Some(Results::Tournament(n)))
                .ok_or_else(|| {
                    format!(
                        "{} names no scenario",
                        dir.join(names::TOURNAMENT_JSON).display()
                    )
                });
        }
        for (file, kind) in [
            (names::SWEEP_JSON, Results::Sweep as fn(String) -> Results),
            (names::SHARD_JSON, Results::Shard),
            (names::SENSITIVITY_JSON, Results::Sensitivity),
            // A calibration writes its posterior predictive as a backtest too.
            (names::CALIBRATION_JSON, Results::Calibration),
            (names::BACKTEST_JSON, Results::Backtest),
        ] {
            if let Some(v) = read(file)? {
                return name_of(&v)
                    .map(|n| Some(kind(n)))
                    .ok_or_else(|| format!("{} names no scenario", dir.join(file).display()));
            }
        }
        if let Some(v) = read(names::SUMMARY_JSON)? {
            return name_of(&v).map(|n| Some(Results::Run(n))).ok_or_else(|| {
                format!(
                    "{} names no scenario",
                    dir.join(names::SUMMARY_JSON).display()
                )
            });
        }
        Ok(None)
    }
}

/// Refuses to replace another scenario's results in `dir` unless `force`. A scenario is
/// known by its `name`: an edited file of the same name replaces its earlier results.
pub fn check_out_folder(dir: &Path, new: &Results, force: bool) -> Result<(), Failure> {
    if force || !dir.is_dir() {
        return Ok(());
    }
    let found = match Results::found_in(dir) {
        Ok(None) => return check_foreign_folder(dir),
        Ok(Some(found)) if found == *new => return Ok(()),
        Ok(Some(found)) => found.describe(),
        Err(why) => format!("results that cannot be read ({why})"),
    };
    Err(Failure::usage(anyhow::anyhow!(
        "{} holds the results of {found}, not of {}: give another folder with -o, or pass \
         --force to replace them",
        dir.display(),
        new.describe()
    )))
}

/// Refuses a folder that is not empty and holds no results of `leverage` (no manifest
/// of the files it wrote, no results file): a user's folder, given by mistake with `-o`.
fn check_foreign_folder(dir: &Path) -> Result<(), Failure> {
    use leverage::report::staging::{MANIFEST, STAGE_PREFIX};
    if dir.join(MANIFEST).exists() {
        return Ok(());
    }
    let entries = std::fs::read_dir(dir).map_err(|e| {
        Failure::from(anyhow::anyhow!(
            "cannot read the out folder {}: {e}",
            dir.display()
        ))
    })?;
    let mut theirs = entries.flatten().filter(|e| {
        // A staging folder of a stopped command is the tool's, cleaned on this run.
        !e.file_name().to_string_lossy().starts_with(STAGE_PREFIX)
    });
    match theirs.next() {
        None => Ok(()),
        Some(first) => Err(Failure::usage(anyhow::anyhow!(
            "{} is not empty (it holds {}) and holds no results of leverage: give a new or \
             empty folder with -o, or pass --force to write beside its files (leverage never \
             replaces or removes a file it did not write)",
            dir.display(),
            first.file_name().to_string_lossy()
        ))),
    }
}

// What a batch costs, component by component, from what the code does (model/prisoners.rs,
// model/sample.rs, engine/run.rs, engine/batch.rs). The seconds are CPU time of a release
// build on the 2-core development machine (`leverage run ... -j 1 --no-plots`, user + sys
// of /usr/bin/time), the bytes follow the data structures. The test
// `estimates_hold_within_a_factor_of_three_of_measured_batches` below compares the
// estimate with measured batches.

/// The estimate is this many times the CPU time measured: a machine busy with other work
/// (a build) ran the same batches 1.5 to 2.5 times slower, so an estimate between the two
/// is within a factor of 3 of either.
const BUSY_MARGIN: f64 = 1.4;

/// Seconds of a process that simulates nothing: start, read, write the small files.
const SECONDS_FIXED: f64 = 0.02;
/// Seconds to prepare a class (`Prepared::new`: its allocation, a few tables), beyond its
/// sentence tables.
const SECONDS_PER_CLASS_SETUP: f64 = 5e-6;
/// Seconds per month of a sentence table (`DistSpec::month_pmf`, then the lookup table):
/// a lognormal evaluates `erfc` twice a month; other kinds cost a fifth of that.
const SECONDS_PER_PMF_MONTH_LOGNORMAL: f64 = 1.2e-7;
const SECONDS_PER_PMF_MONTH: f64 = 2.5e-8;
/// Seconds per byte of memory first touched (page faults: 0.7-1.9 s a GB measured).
const SECONDS_PER_BYTE_TOUCHED: f64 = 1.5e-9;
/// Seconds a run-month costs whatever the scenario: events, strategies, bargaining,
/// the sanctions account, the monthly record (the bundled scenarios: 0.9-2.9e-7).
const SECONDS_PER_RUN_MONTH: f64 = 2e-7;
/// ... and per class: the cohorts advance, a Poisson draw, the stock summed (7e-8 with
/// 10,000 classes, 9.5e-8 with 100,000, whose rings no longer fit any cache).
const SECONDS_PER_CLASS_MONTH: f64 = 8e-8;
/// Seconds a run costs per slot of a class's ring: the prepared prison copied in
/// (`Prison::clone_from`).
const SECONDS_PER_CLASS_SLOT: f64 = 1.5e-9;
/// Seconds per arrest: a share of a Poisson draw, a sentence from the lookup table, an
/// admission (measured with 1e5 arrests a month, and with waves of 3e5).
const SECONDS_PER_ARREST: f64 = 1.1e-9;
/// Seconds per death in custody (`Prison::remove_uniform`), plus per month of sentence
/// walked to find the prisoner, plus per class (the stock summed, the classes walked):
/// 18 ns measured with one class and 16 months left on average, 173 ns with 250 months
/// left, 400 ns with 1,000 classes.
const SECONDS_PER_DEATH: f64 = 1.2e-8;
const SECONDS_PER_DEATH_MONTH: f64 = 6.5e-10;
const SECONDS_PER_DEATH_CLASS: f64 = 4e-10;
/// Seconds a run-month of the `best-response` regime adds: its choices valued from its
/// tables, the West's answers under its beliefs, the beliefs updated (1.2e-6 measured on
/// the bundled best-response scenarios: 92 µs a run against 21 for the baseline).
const SECONDS_PER_CHOOSING_MONTH: f64 = 1.2e-6;
/// Seconds a run-month of a Western actor that chooses (`best-response`) adds: its
/// sight built, its moves and its deal minimum valued, each measure's chip summed over the
/// months left (5e-7 measured on `both-choose`: 2.6 s of CPU for 10,000 runs with four
/// of them, against 1.4 s with none).
const SECONDS_PER_WEST_CHOOSING_MONTH: f64 = 5e-7;
/// Seconds per cell of `best-response`'s tables (month x progress point x discontent
/// point x action), solved once per batch: 81 ms for the baseline's 3.1 million (9
/// releases and 4 purges weighed at each of 240,000 points).
const SECONDS_PER_CHOICE_CELL: f64 = 2.6e-8;
/// Seconds per row of runs.csv (about 30 numbers formatted).
const SECONDS_PER_CSV_ROW: f64 = 3e-6;

/// Bytes of a process that simulates nothing (the binary's pages, the allocator, the
/// scenario, the runs.csv buffer): 6-8 MB measured.
const BYTES_FIXED: f64 = 8.0 * 1024.0 * 1024.0;
/// Bytes per class beyond its tables and rings: the class in the scenario and in its copy
/// in `Prepared`, the parsed text of it while it is read.
const BYTES_PER_CLASS: f64 = 1536.0;
/// Bytes of a worker thread beyond its prison: the stack it touches, its buffers.
const BYTES_PER_THREAD: f64 = 64.0 * 1024.0;
/// Bytes per class and thread of a run's buffers: the arrest draws of a wave
/// (`PoissonDraw`), the releases by class.
const BYTES_PER_CLASS_THREAD: f64 = 64.0;

/// Longest batch that starts without `--allow-large`.
pub const MAX_SECONDS: f64 = 3600.0;
/// Most memory a batch may need without `--allow-large`.
pub const MAX_MEMORY_BYTES: f64 = 4.0 * 1024.0 * 1024.0 * 1024.0;
/// Largest runs.csv written without `--allow-large`.
pub const MAX_RUNS_CSV_BYTES: f64 = 20.0 * 1024.0 * 1024.0 * 1024.0;

/// What a batch will cost, before it starts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    /// Wall time, seconds, on the threads the batch will use.
    pub seconds: f64,
    /// Peak memory, bytes.
    pub memory_bytes: f64,
    /// Size of `runs.csv`, bytes (0 when it is not written).
    pub runs_csv_bytes: f64,
}

/// Bytes one accumulator of a run metric holds after `n` values: at most
/// [`leverage::stats::MAX_EXACT`] distinct ones kept, each a key and a count in a hash map
/// (a metric in money or utility takes a new value in nearly every run).
fn accumulator_bytes(n: f64) -> f64 {
    const PER_VALUE: f64 = 32.0;
    256.0 + PER_VALUE * n.min(leverage::stats::MAX_EXACT as f64)
}

/// Bytes the accumulators of one month's series hold after `n` values: each series is
/// counts in a window of integers (`stats/pending.rs`: 1 KiB at first, 8 KiB for counts in
/// the thousands), and the window of its settled values widens with the spread of the
/// runs (4 KB an accumulator measured after a chunk of 256 runs of the baseline, 11 KB
/// after 5,000). The stock and the arrests spread over about five standard deviations,
/// the square root of their mean for counts of independent events; a window wider than
/// 65,536 values gives way to a map of at most 4,096 ([`leverage::stats::MAX_EXACT`]).
fn monthly_bytes(n: f64, spread: &Spread) -> f64 {
    let window = |mean: f64| {
        let width = 5.0 * mean.max(0.0).sqrt();
        if width <= 65536.0 {
            8.0 * width
        } else {
            32.0 * n.min(leverage::stats::MAX_EXACT as f64)
        }
    };
    let series = leverage::engine::batch::MONTHLY_SERIES.len() as f64;
    series * (2048.0 + 8.0 * n.min(1024.0)) + window(spread.stock) + window(spread.arrests)
}

/// The mean stock and arrests a month, which set how far the monthly series spread.
struct Spread {
    stock: f64,
    arrests: f64,
}

/// Bytes of a [`leverage::engine::Collector`] of `n` runs over `months` months.
fn collector_bytes(n: f64, months: f64, spread: &Spread) -> f64 {
    let metrics =
        (leverage::engine::RUN_METRICS.len() + leverage::engine::OPTIONAL_METRICS.len()) as f64;
    metrics * accumulator_bytes(n) + months * monthly_bytes(n, spread)
}

/// Bytes of an alias table over `n` outcomes (`model::sample::AliasTable`: a threshold and
/// an alias per column, the columns a power of two).
fn alias_bytes(n: f64) -> f64 {
    16.0 * (n.max(2.0) as u64).next_power_of_two() as f64
}

/// Bytes of a class's sentence table over `0..=max` months (`model::sample::LookupTable`:
/// 4,096 two-byte slots and an alias table of the remainders).
fn lookup_bytes(max_months: f64) -> f64 {
    2.0 * 4096.0 + alias_bytes(max_months + 1.0)
}

/// Bytes of the Poisson draw of a fixed mean (`PoissonDraw::tabled`: an alias table up to
/// the mean plus 14 standard deviations and 40, for means up to 2,000).
fn poisson_bytes(mean: f64) -> f64 {
    if mean > 0.0 && mean <= 2000.0 {
        alias_bytes((mean + 14.0 * mean.sqrt() + 40.0).ceil() + 1.0)
    } else {
        0.0
    }
}

/// Expected prisoner-months held in a run of `months` months with a death hazard of `h`
/// a month, by `initial` prisoners held at the start and `per_month` arrested each month,
/// whose sentences last `mean_months` on average. A prisoner held one month is still held
/// the next with chance `(1 - h)(1 - 1/mean_months)` (completions taken as geometric).
/// Each prisoner-month is a draw of death: every prisoner dies once at most, so a hazard
/// of 1 kills the stock once, not each month.
fn prisoner_months(h: f64, mean_months: f64, months: f64, initial: f64, per_month: f64) -> f64 {
    if months <= 0.0 {
        return 0.0;
    }
    let x = (1.0 - h.clamp(0.0, 1.0)) * (1.0 - 1.0 / mean_months.max(1.0));
    // Months held by one held from the first month: the sum of x^k for k < months.
    let held = (1.0 - x.powf(months)) / (1.0 - x);
    // And by the arrests: the same over n = 1..=months months left in the horizon.
    let arrested = (months - x * held) / (1.0 - x);
    initial * held + per_month * arrested
}

/// What one scenario costs, apart from its batch's statistics.
struct ScenarioCost {
    /// Seconds to prepare it, once per batch (sentence tables, the prison at the start).
    setup_seconds: f64,
    /// Seconds of one run on one thread.
    run_seconds: f64,
    /// Bytes of its `Prepared`, held for the whole batch.
    prepared_bytes: f64,
    /// Bytes each worker thread holds for its runs (a prison, buffers).
    thread_bytes: f64,
    spread: Spread,
}

fn scenario_cost(scenario: &Scenario) -> ScenarioCost {
    use leverage::scenario::DistSpec;
    let p = &scenario.prisoners;
    let months = f64::from(scenario.horizon_months);
    let max = f64::from(p.max_sentence_months.max(1));
    let classes = p.classes.len() as f64;
    // Slots of a class's ring of cohorts (`Prison::new`).
    let slots = (p.max_sentence_months.max(1) as u64 + 1).next_power_of_two() as f64;
    let pmf_seconds = |d: &DistSpec| {
        (max + 1.0)
            * match d {
                DistSpec::Lognormal { .. } => SECONDS_PER_PMF_MONTH_LOGNORMAL,
                _ => SECONDS_PER_PMF_MONTH,
            }
    };
    let mean_months = |d: &DistSpec| {
        let m = d.mean();
        if m.is_finite() {
            m.clamp(1.0, max)
        } else {
            max
        }
    };
    // Arrests a month, on average over the horizon: the usual rate of each arrest period,
    // and repression waves (those starting at random and those scheduled). Feedbacks and
    // crackdowns, which depend on what happens, are not counted.
    let usual = if p.arrest_periods.is_empty() || months == 0.0 {
        p.arrests_per_month
    } else {
        (0..scenario.horizon_months)
            .map(|m| p.usual_arrests(m))
            .sum::<f64>()
            / months
    };
    let ev = &scenario.events;
    let waves = ev.wave_probability_per_month * months + ev.scheduled_waves.len() as f64;
    let wave_arrests = if months > 0.0 {
        waves * ev.wave_size.mean().max(0.0) / months
    } else {
        0.0
    };
    let arrests = (usual + wave_arrests).min(leverage::scenario::MAX_ARRESTS_PER_MONTH);
    let rates: Vec<f64> = std::iter::once(p.arrests_per_month)
        .chain(p.arrest_periods.iter().map(|q| q.rate))
        .collect();
    let h = p.death_hazard_per_month;
    let mut setup_seconds = 0.0;
    let mut prepared_bytes = 0.0;
    let mut deaths = 0.0;
    let mut death_seconds = 0.0;
    let mut held = 0.0;
    for class in &p.classes {
        setup_seconds += SECONDS_PER_CLASS_SETUP
            + pmf_seconds(&class.initial_remaining)
            + pmf_seconds(&class.sentence);
        prepared_bytes += BYTES_PER_CLASS
            + lookup_bytes(max)
            + 8.0 * slots
            + rates
                .iter()
                .map(|r| poisson_bytes(r * class.arrest_share))
                .sum::<f64>();
        // The stock held at the start dies with its remaining sentences, the arrested
        // with their new ones; finding each takes a walk over their months left.
        for (initial, per_month, sentence) in [
            (class.initial_count as f64, 0.0, &class.initial_remaining),
            (0.0, arrests * class.arrest_share, &class.sentence),
        ] {
            let mean = mean_months(sentence);
            let pm = prisoner_months(h, mean, months, initial, per_month);
            held += pm;
            let d = h * pm;
            deaths += d;
            death_seconds += d * (SECONDS_PER_DEATH + SECONDS_PER_DEATH_MONTH * mean);
        }
    }
    // An arrest period that sets its own sentences has its own table per class.
    for period in &p.arrest_periods {
        if let Some(sentences) = &period.sentences {
            for d in sentences {
                setup_seconds += pmf_seconds(d);
                prepared_bytes += lookup_bytes(max);
            }
        }
    }
    death_seconds += deaths * SECONDS_PER_DEATH_CLASS * classes;
    let thread_bytes = BYTES_PER_THREAD + classes * (8.0 * slots + BYTES_PER_CLASS_THREAD);
    let mut run_seconds = months
        * (SECONDS_PER_RUN_MONTH
            + SECONDS_PER_CLASS_MONTH * classes
            + SECONDS_PER_ARREST * arrests)
        + SECONDS_PER_CLASS_SLOT * classes * slots
        + death_seconds;
    if scenario.regime.strategy == leverage::scenario::RegimeStrategyName::BestResponse {
        // Its tables: months x up to 65 progress points x 61 discontent points, each
        // action of the menu weighed at every cell (`model::decision`).
        // With purges, a second stage weighs each purge at every cell, and is tabled too.
        let b = &scenario.regime.best_response;
        let releases = 1.0 + b.sizes.len() as f64 * if b.deport { 2.0 } else { 1.0 };
        let purges = if b.purges.is_empty() {
            0.0
        } else {
            1.0 + b.purges.len() as f64
        };
        let cells = (months + 1.0) * 65.0 * 61.0;
        setup_seconds += cells * (releases + purges) * SECONDS_PER_CHOICE_CELL;
        prepared_bytes += cells * 8.0 * if purges > 0.0 { 2.0 } else { 1.0 };
        run_seconds += months * SECONDS_PER_CHOOSING_MONTH;
    }
    let choosing_west = scenario
        .west
        .iter()
        .filter(|w| {
            w.strategy == leverage::scenario::WestStrategyName::BestResponse
                || scenario.switches.iter().any(|s| {
                    s.actor == w.actor
                        && s.strategy == leverage::scenario::WestStrategyName::BestResponse
                })
        })
        .count() as f64;
    run_seconds += months * choosing_west * SECONDS_PER_WEST_CHOOSING_MONTH;
    ScenarioCost {
        setup_seconds,
        run_seconds,
        prepared_bytes,
        thread_bytes,
        spread: Spread {
            stock: if months > 0.0 { held / months } else { 0.0 },
            arrests,
        },
    }
}

/// Estimates a batch of `runs` runs of each of `simulations` scenario variants (1 for
/// `run`, the scenarios of `compare`, the cells of `tournament`) on `threads` threads, on
/// this machine's cores.
pub fn estimate(
    scenario: &Scenario,
    runs: u64,
    simulations: u64,
    threads: usize,
    runs_csv: bool,
) -> Estimate {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    estimate_on(scenario, runs, simulations, threads, runs_csv, cores)
}

/// [`estimate`] on a machine of `cores` cores.
fn estimate_on(
    scenario: &Scenario,
    runs: u64,
    simulations: u64,
    threads: usize,
    runs_csv: bool,
    cores: usize,
) -> Estimate {
    let cost = scenario_cost(scenario);
    let months = f64::from(scenario.horizon_months);
    let sims = simulations as f64;
    let total_runs = runs as f64 * sims;
    // The batch starts no more workers than it has chunks (`engine::batch::map_in_order`),
    // and they share the cores.
    let chunk = leverage::engine::batch::CHUNK_RUNS;
    let chunks = runs.div_ceil(chunk).max(1);
    let workers = (threads.max(1) as u64).min(chunks);
    let parallel = workers.min(cores.max(1) as u64) as f64;
    // One worker runs on the caller's thread and holds one chunk; more hold at most a
    // window of four chunks each, and the caller the one it merges.
    let in_flight = if workers == 1 {
        1.0
    } else {
        (4 * workers).min(chunks) as f64 + 1.0
    };
    let chunk_runs = runs.min(chunk) as f64;
    let statistics = sims
        * (collector_bytes(runs as f64, months, &cost.spread)
            + in_flight
                * (collector_bytes(chunk_runs, months, &cost.spread)
                    + chunk_runs * std::mem::size_of::<leverage::engine::RunOutcome>() as f64));
    let held = sims * cost.prepared_bytes + workers as f64 * cost.thread_bytes;
    let memory_bytes = BYTES_FIXED + held + statistics;
    let csv_seconds = if runs_csv { SECONDS_PER_CSV_ROW } else { 0.0 };
    let seconds = BUSY_MARGIN
        * (SECONDS_FIXED
            + sims * cost.setup_seconds
            + SECONDS_PER_BYTE_TOUCHED * held
            + total_runs * (cost.run_seconds + csv_seconds) / parallel);
    // A row of runs.csv: about 30 numbers of up to 12 characters.
    let runs_csv_bytes = if runs_csv { total_runs * 300.0 } else { 0.0 };
    Estimate {
        seconds,
        memory_bytes,
        runs_csv_bytes,
    }
}

fn human_time(seconds: f64) -> String {
    if seconds < 120.0 {
        format!("{seconds:.0} s")
    } else if seconds < 7200.0 {
        format!("{:.0} minutes", seconds / 60.0)
    } else if seconds < 3.0 * 86400.0 {
        format!("{:.1} hours", seconds / 3600.0)
    } else {
        format!("{:.0} days", seconds / 86400.0)
    }
}

fn human_bytes(bytes: f64) -> String {
    const GIB: f64 = 1024.0 * 1024.0 * 1024.0;
    if bytes >= GIB {
        format!("{:.1} GiB", bytes / GIB)
    } else {
        format!("{:.0} MiB", bytes / (1024.0 * 1024.0))
    }
}

/// Refuses a batch over the limits unless `allow_large`, saying what it would cost.
pub fn check_batch(e: &Estimate, threads: usize, allow_large: bool) -> Result<(), Failure> {
    let mut over = Vec::new();
    if e.seconds > MAX_SECONDS {
        over.push(format!(
            "run for about {} on {threads} threads (the limit is {})",
            human_time(e.seconds),
            human_time(MAX_SECONDS)
        ));
    }
    if e.memory_bytes > MAX_MEMORY_BYTES {
        over.push(format!(
            "need about {} of memory (the limit is {}; fewer threads need less: -j N, or \
             RAYON_NUM_THREADS=N for trace, which has no -j)",
            human_bytes(e.memory_bytes),
            human_bytes(MAX_MEMORY_BYTES)
        ));
    }
    if e.runs_csv_bytes > MAX_RUNS_CSV_BYTES {
        over.push(format!(
            "write a runs.csv of about {} (the limit is {}; --no-runs-csv writes none)",
            human_bytes(e.runs_csv_bytes),
            human_bytes(MAX_RUNS_CSV_BYTES)
        ));
    }
    if over.is_empty() || allow_large {
        return Ok(());
    }
    Err(Failure::usage(anyhow::anyhow!(
        "this batch would {}: use fewer runs (-n), a shorter horizon, or pass --allow-large to \
         start it anyway",
        over.join(", and ")
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn baseline() -> Scenario {
        Scenario::bundled("baseline").unwrap()
    }

    #[test]
    fn the_default_batch_is_well_within_the_limits() {
        let e = estimate(&baseline(), 10_000, 1, 2, true);
        assert!(e.seconds > 0.1 && e.seconds < 60.0, "{e:?}");
        assert!(e.memory_bytes < 512.0 * 1024.0 * 1024.0, "{e:?}");
        assert!(check_batch(&e, 2, false).is_ok());
    }

    /// The seconds the runs add beyond `runs`: 2,560 more runs of `s` on `threads`
    /// threads and `cores` cores, with as many workers before as after.
    fn marginal(s: &Scenario, runs: u64, threads: usize, cores: usize) -> f64 {
        estimate_on(s, runs + 2560, 1, threads, false, cores).seconds
            - estimate_on(s, runs, 1, threads, false, cores).seconds
    }

    #[test]
    fn time_grows_with_runs_months_and_scenarios_and_falls_with_threads_up_to_the_cores() {
        let s = baseline();
        let near = |a: f64, b: f64| (a / b - 1.0).abs() < 1e-9;
        let one = marginal(&s, 2560, 1, 8);
        assert!(near(marginal(&s, 25600, 1, 8), one), "linear in runs");
        let per_sim = |sims: u64| {
            estimate_on(&s, 2560, sims, 1, false, 8).seconds
                - estimate_on(&s, 0, sims, 1, false, 8).seconds
        };
        assert!(near(per_sim(3), 3.0 * per_sim(1)), "linear in scenarios");
        assert!(
            near(marginal(&s, 2560, 4, 8), one / 4.0),
            "4 threads on 8 cores"
        );
        assert!(
            near(marginal(&s, 2560, 4, 2), one / 2.0),
            "4 threads on 2 cores"
        );
        assert!(
            near(marginal(&s, 256_000, 1000, 2), one / 2.0),
            "1000 threads on 2 cores"
        );
        // 2,000 runs are 8 chunks: no more than 8 workers, whatever -j says.
        let chunks = |threads| estimate_on(&s, 2000, 1, threads, false, 64);
        assert_eq!(chunks(1000), chunks(8));
        assert!(chunks(8).seconds < chunks(4).seconds);
        let mut long = s.clone();
        long.horizon_months *= 2;
        let ratio = marginal(&long, 2560, 1, 8) / one;
        assert!((1.8..2.2).contains(&ratio), "twice the months: {ratio}");
        let mut busy = s.clone();
        busy.prisoners.arrests_per_month = 1e6;
        assert!(marginal(&busy, 2560, 1, 8) > 100.0 * one);
    }

    /// `s` with `n` classes like its first, sharing the arrests equally.
    fn with_classes(s: &Scenario, n: usize) -> Scenario {
        let mut s = s.clone();
        let first = s.prisoners.classes[0].clone();
        s.prisoners.classes = (0..n)
            .map(|i| leverage::scenario::PrisonerClass {
                name: format!("c{i}"),
                arrest_share: 1.0 / n as f64,
                ..first.clone()
            })
            .collect();
        s
    }

    /// A scenario of one class of `initial` prisoners, `prisoners` keys added to the
    /// defaults (50 arrests a month), `tables` after.
    fn one_class(initial: u64, prisoners: &str) -> Scenario {
        one_class_and(initial, prisoners, "")
    }

    fn one_class_and(initial: u64, prisoners: &str, tables: &str) -> Scenario {
        let text = format!(
            "name = \"hostile\"\n[prisoners]\n{prisoners}\n\
             [[prisoners.classes]]\nname = \"ordinary\"\ninitial_count = {initial}\n\
             arrest_share = 1.0\n{tables}\n"
        );
        Scenario::from_toml(&text, "hostile.toml").unwrap()
    }

    #[test]
    fn time_and_memory_grow_linearly_with_classes_and_their_sentence_range() {
        for max in [60, 300, 1200] {
            let base = one_class(10, &format!("max_sentence_months = {max}"));
            let at = |n| estimate_on(&with_classes(&base, n), 2000, 1, 2, false, 2);
            let (a, b, c) = (at(1000), at(2000), at(4000));
            for (what, f) in [
                (
                    "seconds",
                    (|e: &Estimate| e.seconds) as fn(&Estimate) -> f64,
                ),
                ("memory", |e: &Estimate| e.memory_bytes),
            ] {
                let ratio = (f(&c) - f(&b)) / (f(&b) - f(&a));
                assert!((ratio - 2.0).abs() < 0.05, "{what}, max {max}: {ratio}");
            }
            // Each class holds a sentence table (8 KiB of slots and an alias table over
            // its months) and a ring of counts in the prepared prison and in each worker's.
            let per_class = (c.memory_bytes - b.memory_bytes) / 2000.0;
            let slots = (max as f64 + 1.0).log2().ceil().exp2();
            assert!(
                per_class > 8192.0 + 16.0 * slots + 3.0 * 8.0 * slots,
                "{per_class}"
            );
            assert!(per_class < 1.5 * (8192.0 + 16.0 * slots + 3.0 * 8.0 * slots));
        }
    }

    #[test]
    fn a_hundred_thousand_classes_are_refused_for_their_memory() {
        // Issue 20: 100,000 classes with sentences up to 1,200 months take 7.4 GB and 97 s
        // before the first run ends; `-n 2000` was started and aborted under a 3 GB cap.
        let s = with_classes(&one_class(10, "max_sentence_months = 1200"), 100_000);
        let e = estimate_on(&s, 2000, 1, 2, false, 2);
        let gib = 1024.0 * 1024.0 * 1024.0;
        assert!(e.memory_bytes > 6.0 * gib, "{e:?}");
        let m = check_batch(&e, 2, false).unwrap_err().error.to_string();
        assert!(
            m.contains("GiB of memory") && m.contains("--allow-large"),
            "{m}"
        );
    }

    #[test]
    fn deaths_cost_the_stock_times_the_hazard_until_the_stock_is_dead() {
        let deaths = |initial: u64, hazard: f64| {
            let s = one_class(initial, &format!("death_hazard_per_month = {hazard}"));
            let none = one_class(initial, "death_hazard_per_month = 0.0");
            marginal(&s, 0, 1, 2) - marginal(&none, 0, 1, 2)
        };
        // A small hazard: deaths in proportion to the stock and to the hazard.
        let small = deaths(1_000_000, 1e-4);
        assert!(small > 0.0);
        let r = deaths(2_000_000, 1e-4) / small;
        assert!((r - 2.0).abs() < 0.1, "twice the stock: {r}");
        let r = deaths(1_000_000, 2e-4) / small;
        assert!((r - 2.0).abs() < 0.1, "twice the hazard: {r}");
        // A hazard of 1 kills the stock in the first month: twice the hazard is no more.
        let all = deaths(10_000_000, 1.0);
        assert!((all / deaths(5_000_000, 1.0) - 2.0).abs() < 0.1);
        assert!(deaths(10_000_000, 0.5) > 0.9 * all);
        // Issue 20: estimated at 0.4 s, 10,000 runs of 10 million deaths each take about
        // 16 minutes on 2 cores (19 ns a death measured).
        let s = one_class(10_000_000, "death_hazard_per_month = 1.0");
        let e = estimate_on(&s, 10_000, 1, 2, true, 2);
        assert!((600.0..3000.0).contains(&e.seconds), "{e:?}");
    }

    #[test]
    fn repression_waves_cost_their_arrests() {
        let steady = one_class(1400, "arrests_per_month = 300050.0");
        // A wave each month of 300,000 arrests over 3 months: 300,000 a month.
        let waves = one_class_and(
            1400,
            "",
            "[events.repression_waves]\nprobability_per_month = 1.0\n\
             size = { kind = \"fixed\", value = 300000 }\nduration_months = 3",
        );
        let calm = one_class(1400, "");
        let (s, w, c) = (
            marginal(&steady, 0, 1, 2),
            marginal(&waves, 0, 1, 2),
            marginal(&calm, 0, 1, 2),
        );
        assert!(w > 10.0 * c, "{w} against {c}");
        assert!((w / s - 1.0).abs() < 0.1, "{w} against {s}");
    }

    #[test]
    fn many_threads_cost_only_the_chunks_in_flight() {
        // Issue 20: `-j 1000 -n 2000` was refused at 8.6 GiB; it takes 20 MB.
        let s = baseline();
        let mib = 1024.0 * 1024.0;
        let e = estimate_on(&s, 2000, 1, 1000, true, 2);
        assert!(e.memory_bytes < 200.0 * mib, "{e:?}");
        assert!(check_batch(&e, 1000, false).is_ok());
        // 64 threads over 100,000 runs: a window of 256 chunks, 325 MB measured.
        let e = estimate_on(&s, 100_000, 1, 64, false, 2);
        assert!(
            (110.0 * mib..1000.0 * mib).contains(&e.memory_bytes),
            "{e:?}"
        );
        // One thread holds one chunk, however many runs.
        let one = estimate_on(&s, 1_000_000, 1, 1, false, 2).memory_bytes;
        assert!(one < 64.0 * mib, "{one}");
    }

    /// Batches measured on the 2-core development machine while builds kept it busy:
    /// `/usr/bin/time leverage run SCENARIO -n RUNS -j THREADS --no-plots -q`, with
    /// runs.csv. Wall time, CPU time (user + sys, what an idle core would take) and peak
    /// memory (MB); the wall time is the fastest of three for the bundled scenarios.
    const MEASURED: &[(&str, u64, usize, f64, f64, f64)] = &[
        ("aligned", 10_000, 2, 0.38, 0.21, 17.6),
        ("baseline", 10_000, 2, 0.35, 0.21, 16.8),
        ("best-response", 10_000, 2, 0.67, 1.20, 21.9),
        ("best-response-sanctions-first", 10_000, 2, 0.68, 1.22, 22.8),
        ("both-choose", 10_000, 2, 1.41, 2.63, 25.2),
        ("belarus-2020", 10_000, 2, 0.36, 0.20, 11.7),
        ("bench-core", 10_000, 2, 0.23, 0.15, 16.0),
        ("ceasefire", 10_000, 2, 0.30, 0.24, 15.8),
        ("cheap-releases", 10_000, 2, 0.36, 0.23, 16.0),
        ("cycle", 10_000, 2, 0.50, 0.33, 20.3),
        ("deadlock", 10_000, 2, 0.21, 0.18, 16.0),
        ("divided", 10_000, 2, 0.31, 0.22, 16.2),
        ("election-cycle", 10_000, 2, 0.39, 0.26, 19.0),
        (
            "pressure-fails-sanctions-first",
            10_000,
            2,
            0.37,
            0.26,
            21.1,
        ),
        ("pressure-fails", 10_000, 2, 0.37, 0.23, 17.4),
        (
            "pressure-works-sanctions-first",
            10_000,
            2,
            0.41,
            0.28,
            23.1,
        ),
        ("pressure-works", 10_000, 2, 0.29, 0.20, 17.4),
        ("reciprocal", 10_000, 2, 0.41, 0.27, 16.5),
        ("release-first", 10_000, 2, 0.29, 0.19, 15.9),
        ("revolving-door", 10_000, 2, 0.32, 0.24, 16.5),
        ("sanctions-first", 10_000, 2, 0.27, 0.21, 15.7),
        ("transit-veto-lithuania-lifts", 10_000, 2, 0.32, 0.24, 16.3),
        ("transit-veto", 10_000, 2, 0.36, 0.23, 17.7),
        // Issue 20's cases, and smaller ones of each kind to check how they scale.
        (
            "100,000 classes up to 1,200 months",
            1,
            1,
            85.8,
            42.6,
            7224.0,
        ),
        ("100,000 classes", 6, 1, 22.8, 11.9, 2537.0),
        ("10,000 classes up to 60 months", 41, 1, 2.12, 1.38, 124.8),
        (
            "10,000 classes up to 1,200 months",
            41,
            1,
            9.21,
            5.44,
            730.4,
        ),
        ("10 million held, hazard 1", 11, 1, 4.27, 2.09, 7.1),
        (
            "1 million held 200-300 months, hazard 1",
            11,
            1,
            3.85,
            1.86,
            7.0,
        ),
        (
            "1,000 classes of 1,000 held, hazard 1",
            3,
            1,
            3.56,
            1.72,
            32.7,
        ),
        (
            "a wave of 300,000 arrests a month",
            200,
            1,
            8.11,
            3.97,
            21.5,
        ),
    ];

    /// The scenario a row of [`MEASURED`] ran: a bundled one or one written for it.
    fn measured_scenario(what: &str) -> Scenario {
        let dying = "death_hazard_per_month = 1.0";
        match what {
            "100,000 classes up to 1,200 months" => {
                with_classes(&one_class(10, "max_sentence_months = 1200"), 100_000)
            }
            "100,000 classes" => with_classes(&one_class(10, ""), 100_000),
            "10,000 classes up to 60 months" => {
                with_classes(&one_class(10, "max_sentence_months = 60"), 10_000)
            }
            "10,000 classes up to 1,200 months" => {
                with_classes(&one_class(10, "max_sentence_months = 1200"), 10_000)
            }
            "10 million held, hazard 1" => one_class(10_000_000, dying),
            "1 million held 200-300 months, hazard 1" => one_class(
                1_000_000,
                &format!(
                    "{dying}\ninitial_remaining = {{ kind = \"uniform\", low = 200, high = 300 }}"
                ),
            ),
            "1,000 classes of 1,000 held, hazard 1" => with_classes(&one_class(1000, dying), 1000),
            "a wave of 300,000 arrests a month" => one_class_and(
                1400,
                "",
                "[events.repression_waves]\nprobability_per_month = 1.0\n\
                 size = { kind = \"fixed\", value = 300000 }",
            ),
            name => Scenario::bundled(name).unwrap(),
        }
    }

    #[test]
    fn estimates_hold_within_a_factor_of_three_of_measured_batches() {
        let within =
            |estimate: f64, measured: f64| (measured / 3.0..=measured * 3.0).contains(&estimate);
        for &(what, runs, threads, wall, cpu, rss_mb) in MEASURED {
            let e = estimate_on(&measured_scenario(what), runs, 1, threads, true, 2);
            let mb = e.memory_bytes / 1e6;
            assert!(
                within(e.seconds, wall) && within(e.seconds, cpu),
                "{what}: {e:?}, {wall} s wall, {cpu} s CPU"
            );
            assert!(
                within(mb, rss_mb),
                "{what}: {mb} MB estimated, {rss_mb} MB measured"
            );
        }
        for bundled in leverage::scenario::BUNDLED {
            assert!(
                MEASURED.iter().any(|m| m.0 == bundled.0),
                "{} is not measured",
                bundled.0
            );
        }
        // Many threads: memory only, since a busy machine's wall time says little about
        // 1,000 threads sharing 2 cores.
        let long = Scenario::from_toml(
            "name = \"long\"\n[time]\nhorizon_months = 1200\n",
            "long.toml",
        )
        .unwrap();
        for (what, scenario, runs, threads, rss_mb) in [
            ("baseline, -j 1000", baseline(), 2000, 1000, 19.3),
            ("baseline, -j 64", baseline(), 100_000, 64, 318.0),
            ("1,200 months, -j 1024", long, 5000, 1024, 559.9),
        ] {
            let mb = estimate_on(&scenario, runs, 1, threads, true, 2).memory_bytes / 1e6;
            assert!(
                within(mb, rss_mb),
                "{what}: {mb} MB estimated, {rss_mb} MB measured"
            );
        }
    }

    #[test]
    fn over_a_limit_is_refused_with_the_estimate_and_the_override() {
        let e = Estimate {
            seconds: 5.0 * 3600.0,
            memory_bytes: 8.0 * 1024.0 * 1024.0 * 1024.0,
            runs_csv_bytes: 30.0 * 1024.0 * 1024.0 * 1024.0,
        };
        let f = check_batch(&e, 8, false).unwrap_err();
        assert_eq!(f.code, 2);
        let m = f.error.to_string();
        for part in [
            "about 5.0 hours on 8 threads",
            "about 8.0 GiB of memory",
            "runs.csv of about 30.0 GiB",
            "--allow-large",
        ] {
            assert!(m.contains(part), "{part:?} in {m}");
        }
        assert!(check_batch(&e, 8, true).is_ok(), "--allow-large starts it");
    }

    #[test]
    fn each_limit_alone_is_enough_to_refuse() {
        let ok = Estimate {
            seconds: 1.0,
            memory_bytes: 1.0,
            runs_csv_bytes: 1.0,
        };
        assert!(check_batch(&ok, 1, false).is_ok());
        for e in [
            Estimate {
                seconds: MAX_SECONDS * 1.01,
                ..ok
            },
            Estimate {
                memory_bytes: MAX_MEMORY_BYTES * 1.01,
                ..ok
            },
            Estimate {
                runs_csv_bytes: MAX_RUNS_CSV_BYTES * 1.01,
                ..ok
            },
        ] {
            assert!(check_batch(&e, 1, false).is_err(), "{e:?}");
        }
    }

    #[test]
    fn results_are_told_apart_by_command_and_scenario_names() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        assert_eq!(Results::found_in(d), Ok(None));
        let run = Results::Run("a".into());
        assert!(check_out_folder(d, &run, false).is_ok(), "an empty folder");
        std::fs::create_dir(d.join(".leverage-stage-dead.tmp")).unwrap();
        assert!(
            check_out_folder(d, &run, false).is_ok(),
            "a stopped command's staging folder alone"
        );
        std::fs::write(d.join("notes.txt"), "mine").unwrap();
        let m = check_out_folder(d, &run, false)
            .unwrap_err()
            .error
            .to_string();
        assert!(
            m.contains("is not empty") && m.contains("--force"),
            "a folder of other files: {m}"
        );
        assert!(check_out_folder(d, &run, true).is_ok(), "--force");
        std::fs::write(d.join(leverage::report::staging::MANIFEST), "{}").unwrap();
        assert!(
            check_out_folder(d, &run, false).is_ok(),
            "a folder with a manifest is the tool's"
        );
        std::fs::remove_file(d.join(leverage::report::staging::MANIFEST)).unwrap();
        std::fs::write(d.join("summary.json"), r#"{"scenario": {"name": "a"}}"#).unwrap();
        assert_eq!(Results::found_in(d), Ok(Some(run.clone())));
        assert!(check_out_folder(d, &run, false).is_ok());
        let other = Results::Run("b".into());
        let m = check_out_folder(d, &other, false)
            .unwrap_err()
            .error
            .to_string();
        assert!(
            m.contains("scenario \"a\", not of `leverage run` of scenario \"b\""),
            "{m}"
        );
        assert!(check_out_folder(d, &other, true).is_ok(), "--force");
        std::fs::write(d.join("summary.json"), "{half").unwrap();
        let m = check_out_folder(d, &run, false)
            .unwrap_err()
            .error
            .to_string();
        assert!(m.contains("cannot be read") && m.contains("--force"), "{m}");
        std::fs::write(
            d.join("comparison.json"),
            r#"{"scenarios": [{"name": "a"}, {"name": "b"}]}"#,
        )
        .unwrap();
        assert_eq!(
            Results::found_in(d),
            Ok(Some(Results::Compare(vec!["a".into(), "b".into()])))
        );
        assert!(check_out_folder(d, &run, false).is_err());
    }
}
